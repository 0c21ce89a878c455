//! Virtual loops: `for` over `range(...)` or a list/tuple kept in registers (no iterator
//! object), materialized only when an exit needs it.

use super::*;

impl Lower<'_, '_> {
    /// The virtual loop whose `FOR_ITER` is at `header`, if any.
    pub(super) fn vloop_at(&self, header: usize) -> Option<u16> {
        let id = self.vloops.iter().position(|l| l.header == header)?;
        Some(id as u16)
    }

    /// `range(...)` for virtual loop `id` (the stack ends `[NULL, range, args...]`, `cond`
    /// holds when the call is of the built-in with small-int arguments): the loop's
    /// variables get the iterator's state and a [`Kind::Virt`] slot stands for it. Any other
    /// call is made as usual and the loop left to the interpreter (an exit at its
    /// `FOR_ITER` with the iterator made).
    pub(super) fn virtual_range(&mut self, idx: usize, n: usize, base: usize, cond: CV, id: u16) {
        let [fast, general] = self.new_blocks();
        self.b.set_cold_block(general);
        let (start, stop, step) = {
            let a: Vec<CV> = (0..n).map(|k| self.stack[base + 2 + k].v).collect();
            let one = self.c(1);
            let zero = self.c(0);
            match n {
                1 => (zero, a[0], one),
                2 => (a[0], a[1], one),
                _ => (a[0], a[1], a[2]),
            }
        };
        let cond = if n == 3 {
            let nonzero = self
                .b
                .ins()
                .icmp_imm_s(IntCC::NotEqual, step, TAG_INT as i64);
            self.b.ins().band(cond, nonzero)
        } else {
            cond
        };
        self.b.ins().brif(cond, fast, &[], general, &[]);
        self.b.switch_to_block(fast);
        let start = if n == 1 { start } else { self.unbox_int(start) };
        let stop = self.unbox_int(stop);
        let (left, step) = if n == 3 {
            // The count of values from `start` towards `stop` by `step` (not 0).
            let step = self.unbox_int(step);
            let up = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, step, 0);
            let fwd = self.b.ins().isub(stop, start);
            let back = self.b.ins().isub(start, stop);
            let dist = self.b.ins().select(up, fwd, back);
            let neg = self.b.ins().ineg(step);
            let by = self.b.ins().select(up, step, neg);
            let d1 = self.b.ins().iadd_imm_s(dist, -1);
            let q = self.b.ins().udiv(d1, by);
            let q = self.b.ins().iadd_imm_s(q, 1);
            let any = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, dist, 0);
            let zero = self.c(0);
            (self.b.ins().select(any, q, zero), step)
        } else {
            let fwd = self.b.ins().isub(stop, start);
            let any = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, fwd, 0);
            let zero = self.c(0);
            (self.b.ins().select(any, fwd, zero), step)
        };
        let [vn, vl, vs] = self.viters[id as usize];
        self.b.def_var(vn, start);
        self.b.def_var(vl, left);
        if self.vloops[id as usize].kind != (VKind::Range { unit_step: true }) {
            self.b.def_var(vs, step);
        }
        let saved = self.stack.clone();
        for s in self.stack.split_off(base) {
            self.release(s);
        }
        let dummy = self.c(0);
        self.push(dummy, Kind::Virt(id));
        let cont = self.b.create_block();
        self.b.ins().jump(cont, &[]);
        // Anything else: the call as usual, then the interpreter runs the loop.
        self.b.switch_to_block(general);
        let rest = std::mem::replace(&mut self.stack, saved);
        self.call_op(idx, n);
        let v = self.pop();
        let it = self.call(helpers::get_iter as *const (), &[self.vm, v.v]);
        let header = self.vloops[id as usize].header;
        self.check(it, header - 1);
        let mut stack = self.stack.clone();
        stack.push(Slot::new(it, Kind::Ptr));
        self.emit_exit(header, ExitKind::Deopt, Some(&stack), None);
        self.stack = rest;
        self.b.switch_to_block(cont);
        self.iter_made = true;
    }

    /// The slot `s`, made an object if it is a virtual iterator (something other than its
    /// loop's `FOR_ITER` takes it).
    pub(super) fn materialized(&mut self, s: Slot) -> Slot {
        let Kind::Virt(id) = s.k else {
            return s;
        };
        if self.vloops[id as usize].kind == VKind::Seq {
            let vals = self.viters[id as usize].map(|v| self.b.use_var(v));
            let it = self.call(helpers::virt_seq as *const (), &vals);
            return Slot::new(it, Kind::Ptr);
        }
        let [vn, vl, _] = self.viters[id as usize];
        let (n, l) = (self.b.use_var(vn), self.b.use_var(vl));
        let st = self.vstep(id);
        let it = self.call(helpers::virt_range as *const (), &[n, l, st]);
        Slot::new(it, Kind::Ptr)
    }

    /// Virtual loop `id` takes over iterator `it` (owned; see [`helpers::devirt_seq`]).
    pub(super) fn take_seq_iter(&mut self, id: u16, it: CV) {
        let out =
            self.b
                .create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, 24, 3));
        let addr = self.b.ins().stack_addr(I64, out, 0);
        self.call0(helpers::devirt_seq as *const (), &[it, addr]);
        self.load_viter(id, out);
    }

    /// `GET_ITER` at `idx` for virtual loop `id` (over anything but a `range` call): a list
    /// or tuple is kept with a position (no iterator made), anything else as `iter()` of it.
    pub(super) fn virtual_seq(&mut self, idx: usize, id: u16) {
        let v = self.pop();
        let l = self.seq.expect("sequence loops need the layout");
        let [vars_o, vars_i, vars_m] = self.viters[id as usize];
        let [heap, seq, other, join] = self.new_blocks();
        let isptr = self.tag_is(v.v, TAG_PTR);
        self.b.ins().brif(isptr, heap, &[], other, &[]);
        self.b.switch_to_block(heap);
        let p = self.b.ins().band_imm_s(v.v, PAYLOAD_MASK as i64);
        let tag = self.b.ins().uload8(I64, MemFlagsData::trusted(), p, 0);
        let is_list = self.is_eq(tag, l.list_tag as u64);
        let is_tuple = self.is_eq(tag, l.tuple_tag as u64);
        let either = self.b.ins().bor(is_list, is_tuple);
        self.b.ins().brif(either, seq, &[], other, &[]);
        self.b.switch_to_block(seq);
        let mode = self.b.ins().uextend(I64, is_tuple);
        let zero = self.c(0);
        self.b.def_var(vars_o, v.v);
        self.b.def_var(vars_i, zero);
        self.b.def_var(vars_m, mode);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(other);
        let it = self.call(helpers::get_iter as *const (), &[self.vm, v.v]);
        self.check(it, idx);
        let (zero, two) = (self.c(0), self.c(2));
        self.b.def_var(vars_o, it);
        self.b.def_var(vars_i, zero);
        self.b.def_var(vars_m, two);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
        let none = self.c(0);
        self.push(none, Kind::Virt(id));
    }

    /// `FOR_ITER` at `idx` of sequence loop `id`: the item at the position of a list or
    /// tuple while in bounds (a new reference), else the iterator's next value; when none is
    /// left the sequence or iterator is dropped and control goes to `target`.
    pub(super) fn virtual_seq_step(&mut self, idx: usize, id: u16, target: usize) {
        let l = self.seq.expect("sequence loops need the layout");
        let [vo, vi, vm] = self.viters[id as usize];
        let (obj, pos, mode) = (self.b.use_var(vo), self.b.use_var(vi), self.b.use_var(vm));
        let [seq, iter, item_blk, got, done, borrowed] = self.new_blocks();
        self.b.append_block_param(got, I64);
        let is_iter = self.b.ins().icmp_imm_s(IntCC::Equal, mode, 2);
        self.b.ins().brif(is_iter, iter, &[], seq, &[]);
        // A list or tuple: bounds checked against its length now (a list may have changed).
        self.b.switch_to_block(seq);
        let p = self.b.ins().band_imm_s(obj, PAYLOAD_MASK as i64);
        let is_list = self.b.ins().icmp_imm_s(IntCC::Equal, mode, 0);
        let (data, len) = self.seq_parts_if(l, p, is_list, None, Access::Read, borrowed);
        let more = self.b.ins().icmp(IntCC::UnsignedLessThan, pos, len);
        self.b.ins().brif(more, item_blk, &[], done, &[]);
        self.b.switch_to_block(item_blk);
        let off = self.b.ins().ishl_imm_s(pos, 3);
        let at = self.b.ins().iadd(data, off);
        let item = self.b.ins().load(I64, MemFlagsData::trusted(), at, 0);
        self.incref(Slot::new(item, Kind::Any));
        let pos1 = self.b.ins().iadd_imm_s(pos, 1);
        self.b.def_var(vi, pos1);
        self.b.ins().jump(got, &[BlockArg::Value(item)]);
        // A list borrowed by Rust code up the stack: the interpreter steps it.
        self.b.set_cold_block(borrowed);
        self.b.switch_to_block(borrowed);
        let stack = self.stack.clone();
        self.emit_exit(idx, ExitKind::Deopt, Some(&stack), None);
        // Any other iterator: the helper.
        self.b.switch_to_block(iter);
        let r = self.call(helpers::for_iter as *const (), &[self.vm, obj]);
        self.check(r, idx);
        let fin = self.is_eq(r, DONE);
        self.b
            .ins()
            .brif(fin, done, &[], got, &[BlockArg::Value(r)]);
        self.b.switch_to_block(done);
        self.leave_loop(target);
        self.b.switch_to_block(got);
        self.done = false;
        let item = self.b.block_params(got)[0];
        self.push(item, Kind::Any);
    }

    /// Defines virtual loop `id`'s variables from the three words in `out`.
    pub(super) fn load_viter(&mut self, id: u16, out: StackSlot) {
        for (k, var) in self.viters[id as usize].into_iter().enumerate() {
            let w = self.b.ins().stack_load(I64, I64, out, 8 * k as i32);
            self.b.def_var(var, w);
        }
    }

    /// Virtual loop `id`'s step.
    pub(super) fn vstep(&mut self, id: u16) -> CV {
        if self.vloops[id as usize].kind == (VKind::Range { unit_step: true }) {
            self.c(1)
        } else {
            self.b.use_var(self.viters[id as usize][2])
        }
    }

    /// `FOR_ITER` of a virtual loop's iterator: the next value as an immediate int, or (none
    /// left) the slot dropped and a jump to `target`.
    pub(super) fn virtual_step(&mut self, idx: usize, target: usize) {
        let Some(Slot {
            k: Kind::Virt(id), ..
        }) = self.stack.last().copied()
        else {
            unreachable!("the caller checked for a virtual iterator");
        };
        if self.vloops[id as usize].kind == VKind::Seq {
            self.virtual_seq_step(idx, id, target);
            return;
        }
        let [vn, vl, _] = self.viters[id as usize];
        let left = self.b.use_var(vl);
        let [more, done] = self.new_blocks();
        let any = self.b.ins().icmp_imm_s(IntCC::NotEqual, left, 0);
        self.b.ins().brif(any, more, &[], done, &[]);
        self.b.switch_to_block(done);
        self.leave_loop(target);
        self.b.switch_to_block(more);
        self.done = false;
        let next = self.b.use_var(vn);
        let step = self.vstep(id);
        let after = self.b.ins().iadd(next, step);
        self.b.def_var(vn, after);
        let left = self.b.ins().iadd_imm_s(left, -1);
        self.b.def_var(vl, left);
        let item = self.box_int(next);
        self.push(item, Kind::Int);
    }

    /// A virtual loop's iterator ran out: it is dropped (the slot on top) and control goes to
    /// `target`; the compile-time stack keeps the slot for the path that goes on.
    pub(super) fn leave_loop(&mut self, target: usize) {
        let it = self.stack.pop().expect("the iterator");
        self.decref(it);
        self.jump_to(target, self.stack.len());
        self.stack.push(it);
    }

    /// The virtual iterators block `target` (entered with `depth` values) expects: (stack
    /// position, loop) for each virtual loop whose body holds it.
    pub(super) fn virt_expected(&self, target: usize, depth: usize) -> Vec<(usize, u16)> {
        self.vloops
            .iter()
            .enumerate()
            .filter(|(_, l)| (l.header..l.end).contains(&target) && depth > l.depth)
            .map(|(id, l)| (l.depth, id as u16))
            .collect()
    }

    /// An edge to block `target` with the first `depth` stack values must carry exactly the
    /// virtual iterators that block expects; else this lowering is abandoned (see
    /// [`Lower::virt_broken`]).
    pub(super) fn check_edge(&mut self, target: usize, depth: usize) {
        let want = self.virt_expected(target, depth);
        let have: Vec<(usize, u16)> = self.stack[..depth]
            .iter()
            .enumerate()
            .filter_map(|(k, s)| match s.k {
                Kind::Virt(id) => Some((k, id)),
                _ => None,
            })
            .collect();
        if want != have {
            self.virt_broken = true;
        }
    }
}
