//! Subscripts, slices and unpacking: lists and tuples indexed inline (bounds, items
//! pointer, facts kept between checks), anything else through helpers.

use super::*;

impl Lower<'_, '_> {
    /// Where `obj` (a heap value) keeps its tag byte, and whether `obj`/`key` may be a heap
    /// value and a small int: None when the kinds rule the fast path out.
    pub(super) fn seq_guard(&mut self, obj: Slot, key: Option<Slot>) -> Option<(SeqLayout, CV)> {
        let layout = self.seq?;
        let obj_ok = matches!(obj.k, Kind::Any | Kind::Ptr);
        let key_ok = key.is_none_or(|k| matches!(k.k, Kind::Any | Kind::Int));
        if !obj_ok || !key_ok {
            return None;
        }
        let isptr = match obj.k {
            Kind::Ptr => None,
            _ => Some(self.tag_is(obj.v, TAG_PTR)),
        };
        let isint = key.and_then(|k| self.is_int(k));
        let c = self.and(isptr, isint);
        Some((layout, c.unwrap_or_else(|| self.c(1))))
    }

    /// The items pointer and length of the list or tuple at `p` (a heap object's address);
    /// branches to `slow` for any other object or a list `access` refuses.
    pub(super) fn seq_parts(
        &mut self,
        l: SeqLayout,
        p: CV,
        access: Access,
        slow: Block,
    ) -> (CV, CV) {
        let tag = self.b.ins().uload8(I64, MemFlagsData::trusted(), p, 0);
        let is_list = self.is_eq(tag, l.list_tag as u64);
        self.seq_parts_if(l, p, is_list, Some(tag), access, slow)
    }

    /// [`Lower::seq_parts`] where `is_list` tells a list from anything else: `tag` is the
    /// object's tag when that may be neither (then checked for a tuple), None when it is
    /// known to be a tuple unless a list.
    pub(super) fn seq_parts_if(
        &mut self,
        l: SeqLayout,
        p: CV,
        is_list: CV,
        tag: Option<CV>,
        access: Access,
        slow: Block,
    ) -> (CV, CV) {
        let flags = MemFlagsData::trusted();
        let list_blk = self.b.create_block();
        let tuple_chk = self.b.create_block();
        let found = self.b.create_block();
        self.b.append_block_param(found, I64);
        self.b.append_block_param(found, I64);
        self.b.ins().brif(is_list, list_blk, &[], tuple_chk, &[]);
        self.b.switch_to_block(list_blk);
        let free = self.refcell_free(p, l.list_borrow, access != Access::Read);
        let len = self.b.ins().load(I64, flags, p, l.list_len);
        let data = self.b.ins().load(I64, flags, p, l.list_ptr);
        let args = [BlockArg::Value(data), BlockArg::Value(len)];
        self.b.ins().brif(free, found, &args, slow, &[]);
        self.b.switch_to_block(tuple_chk);
        if access == Access::Write {
            self.b.ins().jump(slow, &[]);
        } else {
            let tblk = self.b.create_block();
            match tag {
                Some(tag) => {
                    let is_tuple = self.is_eq(tag, l.tuple_tag as u64);
                    self.b.ins().brif(is_tuple, tblk, &[], slow, &[]);
                }
                None => {
                    self.b.ins().jump(tblk, &[]);
                }
            }
            self.b.switch_to_block(tblk);
            let len = self.b.ins().load(I64, flags, p, l.tuple_len);
            let data = self.b.ins().load(I64, flags, p, l.tuple_ptr);
            self.b
                .ins()
                .jump(found, &[BlockArg::Value(data), BlockArg::Value(len)]);
        }
        self.b.switch_to_block(found);
        (self.b.block_params(found)[0], self.b.block_params(found)[1])
    }

    /// Element `key` (a small int, negative from the end) of the list or tuple at `p`:
    /// branches to `slow` unless it is one (in bounds, the list not mutably borrowed).
    /// Returns the element's address; `write` also requires the list to be unborrowed and
    /// refuses tuples.
    pub(super) fn seq_elem(
        &mut self,
        l: SeqLayout,
        p: CV,
        key: CV,
        access: Access,
        slow: Block,
    ) -> CV {
        let (data, len) = self.seq_parts(l, p, access, slow);
        let i = self.unbox_int(key);
        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
        let wrapped = self.b.ins().iadd(i, len);
        let j = self.b.ins().select(neg, wrapped, i);
        let inb = self.b.ins().icmp(IntCC::UnsignedLessThan, j, len);
        let at = self.b.create_block();
        self.b.ins().brif(inb, at, &[], slow, &[]);
        self.b.switch_to_block(at);
        let off = self.b.ins().ishl_imm_s(j, 3);
        self.b.ins().iadd(data, off)
    }

    pub(super) fn subscr(&mut self, idx: usize, obj: Slot, key: Slot) -> CV {
        let join = self.b.create_block();
        self.b.append_block_param(join, I64);
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        if let Some((l, c)) = self.seq_guard(obj, Some(key)) {
            let fast = self.b.create_block();
            self.b.ins().brif(c, fast, &[], slow, &[]);
            self.b.switch_to_block(fast);
            let p = self.b.ins().band_imm_s(obj.v, PAYLOAD_MASK as i64);
            let a = self.seq_elem(l, p, key.v, Access::Read, slow);
            let v = self.b.ins().load(I64, MemFlagsData::trusted(), a, 0);
            self.incref(Slot::new(v, Kind::Any));
            self.release(Slot {
                k: Kind::Ptr,
                ..obj
            });
            self.b.ins().jump(join, &[BlockArg::Value(v)]);
        } else {
            self.b.ins().jump(slow, &[]);
        }
        self.b.switch_to_block(slow);
        let obj = self.own(obj);
        let r = self.call(helpers::subscr as *const (), &[self.vm, obj.v, key.v]);
        self.check(r, idx);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(join);
        self.b.block_params(join)[0]
    }

    pub(super) fn store_subscr(&mut self, idx: usize, v: Slot, obj: Slot, key: Slot) {
        let join = self.b.create_block();
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        if let Some((l, c)) = self.seq_guard(obj, Some(key)) {
            let fast = self.b.create_block();
            self.b.ins().brif(c, fast, &[], slow, &[]);
            self.b.switch_to_block(fast);
            let p = self.b.ins().band_imm_s(obj.v, PAYLOAD_MASK as i64);
            let a = self.seq_elem(l, p, key.v, Access::Write, slow);
            let old = self.b.ins().load(I64, MemFlagsData::trusted(), a, 0);
            self.b.ins().store(MemFlagsData::trusted(), v.v, a, 0);
            self.decref(Slot::new(old, Kind::Any));
            self.release(Slot {
                k: Kind::Ptr,
                ..obj
            });
            self.b.ins().jump(join, &[]);
        } else {
            self.b.ins().jump(slow, &[]);
        }
        self.b.switch_to_block(slow);
        let obj = self.own(obj);
        let r = self.call(
            helpers::store_subscr as *const (),
            &[self.vm, v.v, obj.v, key.v],
        );
        self.check(r, idx);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
    }

    /// The speculation for the subscript at `idx` (see [`pycrane_compiler::index_spec`]).
    pub(super) fn index_spec(&self, idx: usize) -> Option<Elem> {
        self.plan.steps[idx].as_ref().and_then(|s| s.index)
    }

    /// Whether a guarded subscript ([`Lower::index_load`]) can be compiled for `obj[key]`.
    pub(super) fn indexable(&self, obj: Slot, key: Slot) -> bool {
        self.seq.is_some()
            && matches!(obj.k, Kind::Any | Kind::Ptr)
            && matches!(key.k, Kind::Any | Kind::Int)
    }

    /// What [`Lower::facts`] knows of the list or tuple `obj` (borrowed) when it is one:
    /// else checked now (branching to `ex` for anything else, or a list borrowed at all)
    /// and noted for its local.
    pub(super) fn seq_fact(&mut self, obj: Slot, ex: Block) -> SeqFact {
        if let Some(f) = obj.from.and_then(|i| self.facts.seq.get(&i)) {
            return *f;
        }
        let l = self.seq.expect("indexable checked the layout");
        let p = self.heap_addr(obj, ex);
        let tag = self.b.ins().uload8(I64, MemFlagsData::trusted(), p, 0);
        let is_list = self.is_eq(tag, l.list_tag as u64);
        let (data, len) = self.seq_parts_if(l, p, is_list, Some(tag), Access::Free, ex);
        let f = SeqFact {
            data,
            len,
            is_list: Some(is_list),
            proven: 0,
        };
        self.note_seq(obj, f);
        f
    }

    pub(super) fn note_seq(&mut self, obj: Slot, f: SeqFact) {
        if let Some(i) = obj.from {
            self.facts.seq.insert(i, f);
        }
    }

    /// The small int a constant key stands for.
    pub(super) fn const_index(&self, key: Slot) -> Option<i64> {
        self.const_value(key)?.as_small_int()
    }

    /// The value of a slot that holds a constant (a `LOAD_CONST`'s, borrowed from the code).
    pub(super) fn const_value(&self, s: Slot) -> Option<std::mem::ManuallyDrop<Value>> {
        if !matches!(s.k, Kind::Any | Kind::Ptr | Kind::Int) {
            return None;
        }
        let ValueDef::Result(inst, 0) = self.b.func.dfg.value_def(s.v) else {
            return None;
        };
        match self.b.func.dfg.insts[inst] {
            InstructionData::UnaryImm {
                opcode: ClifOp::Iconst,
                imm,
            } => Some(std::mem::ManuallyDrop::new(Value::from_bits(
                imm.bits() as u64
            ))),
            _ => None,
        }
    }

    /// The address of item `key` (a small int, negative from the end) of the sequence `f`
    /// describes; branches to `ex` for any other key. A constant index known to be in
    /// bounds is not checked again.
    pub(super) fn fact_item(&mut self, f: &mut SeqFact, key: Slot, ex: Block) -> CV {
        if let Some(k) = self.const_index(key).filter(|&k| k >= 0) {
            let k = k as u64;
            if k >= f.proven {
                let inb = self
                    .b
                    .ins()
                    .icmp_imm_u(IntCC::UnsignedGreaterThan, f.len, k as i64);
                let cont = self.b.create_block();
                self.b.ins().brif(inb, cont, &[], ex, &[]);
                self.b.switch_to_block(cont);
                f.proven = k + 1;
            }
            return self.b.ins().iadd_imm_s(f.data, 8 * k as i64);
        }
        if let Some(isint) = self.is_int(key) {
            let cont = self.b.create_block();
            self.b.ins().brif(isint, cont, &[], ex, &[]);
            self.b.switch_to_block(cont);
        }
        let i = self.unbox_int(key.v);
        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
        let wrapped = self.b.ins().iadd(i, f.len);
        let j = self.b.ins().select(neg, wrapped, i);
        let inb = self.b.ins().icmp(IntCC::UnsignedLessThan, j, f.len);
        let at = self.b.create_block();
        self.b.ins().brif(inb, at, &[], ex, &[]);
        self.b.switch_to_block(at);
        let off = self.b.ins().ishl_imm_s(j, 3);
        self.b.ins().iadd(f.data, off)
    }

    /// `BINARY_SUBSCR` of `obj` (borrowed) by `key` at a site that has only indexed lists
    /// and tuples by small ints: anything else, an index out of bounds, or an item not of
    /// the kind `elem` says the site has read, exits (a guard: an instruction that keeps
    /// exiting is compiled again in the general form, [`Lower::subscr`]). What the check
    /// of `obj` proves is kept in [`Lower::facts`].
    pub(super) fn index_load(&mut self, idx: usize, obj: Slot, key: Slot, elem: Elem) {
        let ex = self.b.create_block();
        self.b.set_cold_block(ex);
        let mut f = self.seq_fact(obj, ex);
        let a = self.fact_item(&mut f, key, ex);
        self.note_seq(obj, f);
        let v = self.b.ins().load(I64, MemFlagsData::trusted(), a, 0);
        let (ok, kind) = match elem {
            Elem::Float => (self.is_float(Slot::new(v, Kind::Any)), Kind::Float),
            Elem::Int => (self.is_int(Slot::new(v, Kind::Any)), Kind::Int),
            Elem::Bool => (Some(self.tag_is(v, TAG_BOOL)), Kind::Bool),
            Elem::Any => (None, Kind::Any),
        };
        if let Some(ok) = ok {
            let cont = self.b.create_block();
            self.b.ins().brif(ok, cont, &[], ex, &[]);
            self.b.switch_to_block(cont);
        }
        self.guard_exit_aside(ex, idx, &[obj, key]);
        self.incref(Slot::new(v, kind));
        self.release(obj);
        self.push(v, kind);
    }

    /// `STORE_SUBSCR` of `v` (taken) to `obj` (borrowed) by `key` at a site that has only
    /// indexed lists by small ints, compiled as [`Lower::index_load`].
    pub(super) fn index_store(&mut self, idx: usize, v: Slot, obj: Slot, key: Slot) {
        let ex = self.b.create_block();
        self.b.set_cold_block(ex);
        let mut f = self.seq_fact(obj, ex);
        if let Some(is_list) = f.is_list.take() {
            let cont = self.b.create_block();
            self.b.ins().brif(is_list, cont, &[], ex, &[]);
            self.b.switch_to_block(cont);
        }
        let a = self.fact_item(&mut f, key, ex);
        self.note_seq(obj, f);
        self.guard_exit_aside(ex, idx, &[v, obj, key]);
        let flags = MemFlagsData::trusted();
        let old = self.b.ins().load(I64, flags, a, 0);
        self.b.ins().store(flags, v.v, a, 0);
        self.decref(Slot::new(old, Kind::Any));
        self.release(obj);
    }

    /// Whether the slice `BUILD_SLICE` at `idx` builds is only the key of the
    /// `BINARY_SUBSCR` or `STORE_SUBSCR` right after it (not a jump target), as in
    /// `a[i:j]` and `a[i:j] = v`.
    pub(super) fn fused_slice(&self, idx: usize) -> bool {
        let next = idx + 1;
        let op = self.code.instrs.get(next).map(|i| i.op);
        matches!(op, Some(Op::BinarySubscr | Op::StoreSubscr))
            && !self.blocks.contains_key(&next)
            && self.plan.steps[next]
                .as_ref()
                .is_some_and(|s| s.how == How::Native)
    }

    /// `obj[parts]` (or, with `v`, `obj[parts] = v`) for a fused slice (see
    /// [`Lower::fused_slice`]): a list or tuple with plain bounds is sliced by a helper
    /// that makes no slice object; anything else builds the slice and subscripts as usual.
    /// The value read (or 0 for a store).
    pub(super) fn slice_subscr(
        &mut self,
        idx: usize,
        obj: Slot,
        v: Option<Slot>,
        parts: Vec<Slot>,
    ) -> CV {
        let parts: Vec<Slot> = parts.into_iter().map(|p| self.boxed(p)).collect();
        let none = self.c(Value::NONE.bits());
        let step = parts.get(2).map_or(none, |p| p.v);
        let r = match v {
            Some(v) => self.call(
                helpers::slice_assign as *const (),
                &[obj.v, parts[0].v, parts[1].v, step, v.v],
            ),
            None => self.call(
                helpers::slice_of as *const (),
                &[obj.v, parts[0].v, parts[1].v, step],
            ),
        };
        let [fast, slow, join] = self.new_blocks();
        self.b.append_block_param(join, I64);
        self.b.set_cold_block(slow);
        let handled = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, DEOPT as i64);
        self.b.ins().brif(handled, fast, &[], slow, &[]);
        self.b.switch_to_block(fast);
        for &s in v.iter().chain([&obj]).chain(&parts) {
            self.release(s);
        }
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(slow);
        let addr = self.spill(&parts);
        let n = self.c(parts.len() as u64);
        let key = self.call(helpers::build_slice as *const (), &[addr, n]);
        let obj = self.own(obj);
        let r = match v {
            Some(v) => self.call(
                helpers::store_subscr as *const (),
                &[self.vm, v.v, obj.v, key],
            ),
            None => self.call(helpers::subscr as *const (), &[self.vm, obj.v, key]),
        };
        self.check(r, idx);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(join);
        self.b.block_params(join)[0]
    }

    /// `UNPACK_SEQUENCE n`: a tuple or list of exactly n items is unpacked inline.
    pub(super) fn unpack(&mut self, idx: usize, seq: Slot, n: usize) {
        let join = self.b.create_block();
        for _ in 0..n {
            self.b.append_block_param(join, I64);
        }
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        if let Some((l, c)) = self.seq_guard(seq, None) {
            let fast = self.b.create_block();
            self.b.ins().brif(c, fast, &[], slow, &[]);
            self.b.switch_to_block(fast);
            let p = self.b.ins().band_imm_s(seq.v, PAYLOAD_MASK as i64);
            // Index -1 reaches the last element only when the length is exactly n.
            let last = self.c(Value::int(-1).bits());
            let _ = self.seq_elem(l, p, last, Access::Read, slow);
            let flags = MemFlagsData::trusted();
            let tag = self.b.ins().uload8(I64, flags, p, 0);
            let is_list = self
                .b
                .ins()
                .icmp_imm_s(IntCC::Equal, tag, l.list_tag as i64);
            let (lp, ll, tp, tl) = (l.list_ptr, l.list_len, l.tuple_ptr, l.tuple_len);
            let list_len = self.b.ins().load(I64, flags, p, ll);
            let tuple_len = self.b.ins().load(I64, flags, p, tl);
            let len = self.b.ins().select(is_list, list_len, tuple_len);
            let exact = self.b.ins().icmp_imm_s(IntCC::Equal, len, n as i64);
            let take = self.b.create_block();
            self.b.ins().brif(exact, take, &[], slow, &[]);
            self.b.switch_to_block(take);
            let list_data = self.b.ins().load(I64, flags, p, lp);
            let tuple_data = self.b.ins().load(I64, flags, p, tp);
            let data = self.b.ins().select(is_list, list_data, tuple_data);
            let mut vals = vec![];
            // Stack order: the last item is pushed first (deepest).
            for k in (0..n).rev() {
                let v = self.b.ins().load(I64, flags, data, (8 * k) as i32);
                self.incref(Slot::new(v, Kind::Any));
                vals.push(BlockArg::Value(v));
            }
            self.decref(Slot::new(seq.v, Kind::Ptr));
            self.b.ins().jump(join, &vals);
        } else {
            self.b.ins().jump(slow, &[]);
        }
        self.b.switch_to_block(slow);
        let nv = self.c(n as u64);
        let out = self.b.ins().stack_addr(I64, self.sbuf, 0);
        let r = self.call(helpers::unpack as *const (), &[self.vm, seq.v, nv, out]);
        self.check(r, idx);
        let vals: Vec<BlockArg> = self
            .reload(n)
            .iter()
            .map(|s| BlockArg::Value(s.v))
            .collect();
        self.b.ins().jump(join, &vals);
        self.b.switch_to_block(join);
        let params = self.b.block_params(join).to_vec();
        for v in params {
            self.push(v, Kind::Any);
        }
    }
}
