//! Globals, truth tests, calls (direct calls to compiled code, native built-ins and the
//! intrinsics `len`, `sqrt`, `append`, `add`, `get`, `pop`), and closures' cells.

use super::*;

impl Lower<'_, '_> {
    /// `LOAD_GLOBAL` through this site's [`GlobalCache`]: a hit is a few loads and compares.
    /// With `borrow`, the value is left borrowed from the dict it was found in.
    pub(super) fn load_global(&mut self, idx: usize, name: u32, borrow: bool) -> CV {
        let mut cache = Box::new(GlobalCache::empty());
        let cp = self.c(&mut *cache as *mut GlobalCache as usize as u64);
        self.caches.push(cache);
        let flags = MemFlagsData::trusted();
        let load =
            |l: &mut Self, base: CV, off: usize| l.b.ins().load(I64, flags, base, off as i32);
        let genv = load(self, self.env, offset_of!(NativeEnv, globals));
        let gbits = load(self, genv, 0);
        let cg = load(self, cp, offset_of!(GlobalCache, globals));
        let mut ok = self.b.ins().icmp(IntCC::Equal, gbits, cg);
        for (p, v) in [
            (
                offset_of!(GlobalCache, gver_ptr),
                offset_of!(GlobalCache, gver),
            ),
            (
                offset_of!(GlobalCache, bver_ptr),
                offset_of!(GlobalCache, bver),
            ),
        ] {
            let vp = load(self, cp, p);
            let now = load(self, vp, 0);
            let then = load(self, cp, v);
            let same = self.b.ins().icmp(IntCC::Equal, now, then);
            ok = self.b.ins().band(ok, same);
        }
        let join = self.b.create_block();
        self.b.append_block_param(join, I64);
        let hit = self.b.create_block();
        let miss = self.b.create_block();
        self.b.ins().brif(ok, hit, &[], miss, &[]);
        self.b.switch_to_block(hit);
        let v = load(self, cp, offset_of!(GlobalCache, value));
        if !borrow {
            self.incref(Slot::new(v, Kind::Any));
        }
        self.b.ins().jump(join, &[BlockArg::Value(v)]);
        self.b.set_cold_block(miss);
        self.b.switch_to_block(miss);
        let n = self.c(name as u64);
        let r = self.call(
            helpers::load_global_fill as *const (),
            &[self.vm, self.env, n, cp],
        );
        self.check(r, idx);
        if borrow {
            // The helper found it in a dict, which keeps it: nothing ran since.
            self.decref(Slot::new(r, Kind::Any));
        }
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(join);
        self.b.block_params(join)[0]
    }

    /// Whether the value the instruction at `idx` leaves at stack position `at` (from a
    /// dict or a cell, which keep it while no Python code runs) may stay borrowed: the same
    /// block gets to the instruction that takes it through nothing that runs Python code
    /// (loads and guarded operators, whose exits own it), and `takes` accepts that one
    /// (given its index and stack depth).
    pub(super) fn kept_until(
        &self,
        idx: usize,
        at: usize,
        takes: impl Fn(usize, usize) -> bool,
    ) -> bool {
        let code = self.code;
        let after = |i: usize| i + 1 + code.instrs[i].op.cache_entries() as usize;
        let mut i = after(idx);
        for _ in 0..32 {
            if i >= code.instrs.len() || self.plan.blocks.contains(&i) {
                return false;
            }
            let ins = code.instrs[i];
            let Some(step) = self.plan.steps[i].as_ref() else {
                return false;
            };
            let depth = step.depth as usize;
            let pops = match ins.op {
                Op::LoadFast | Op::LoadConst | Op::LoadDeref | Op::Precall | Op::Nop => 0,
                Op::ExtendedArg => 0,
                Op::BinaryOp | Op::CompareOp if step.spec.is_some_and(|s| s.guard) => 2,
                Op::BinarySubscr if step.index.is_some() => 2,
                Op::StoreSubscr if step.index.is_some() => 3,
                Op::Call => ins.arg as usize + 2,
                _ => return false,
            };
            if step.how != How::Native || depth < pops {
                return false;
            }
            if depth - pops <= at {
                return takes(i, depth);
            }
            if ins.op == Op::Call {
                return false;
            }
            i = after(i);
        }
        false
    }

    /// Whether the global the `LOAD_GLOBAL` at `idx` pushes (after a NULL) may stay borrowed
    /// (see [`Lower::kept_until`]) by the plain `CALL` that calls it: that call's
    /// [`CallCache`] holds the function it calls directly (see [`Lower::call_op`]). So a
    /// call of a global function makes no reference to it.
    pub(super) fn call_borrows_global(&self, idx: usize) -> bool {
        self.plan.steps[idx]
            .as_ref()
            .is_some_and(|s| self.call_keeps(idx, s.depth as usize))
    }

    /// Whether the plain call whose stack starts at `base` (a NULL) keeps the callable the
    /// instruction at `idx` pushes at `base + 1` (see [`Lower::call_borrows_global`]).
    pub(super) fn call_keeps(&self, idx: usize, base: usize) -> bool {
        self.kept_until(idx, base + 1, |i, depth| {
            self.code.instrs[i].op == Op::Call
                && depth == base + self.code.instrs[i].arg as usize + 2
        })
    }

    /// Whether the value the `LOAD_DEREF` at `idx` pushes may stay borrowed from its cell
    /// (see [`Lower::kept_until`]): a guarded subscript indexes it, or a plain call calls
    /// it (after a NULL).
    pub(super) fn borrows_cell(&self, idx: usize) -> bool {
        let Some(at) = self.plan.steps[idx].as_ref().map(|s| s.depth as usize) else {
            return false;
        };
        if at > 0 && self.stack.last().is_some_and(|s| s.k == Kind::Null) {
            return self.call_keeps(idx, at - 1);
        }
        // The object of `BINARY_SUBSCR` and of `STORE_SUBSCR` is the second from the top.
        self.kept_until(idx, at, |i, depth| {
            matches!(self.code.instrs[i].op, Op::BinarySubscr | Op::StoreSubscr) && depth == at + 2
        })
    }

    /// Leaves compiled code (to the interpreter, which raises the error) when local `i`,
    /// holding `v` at `idx`, may be unbound and is.
    pub(super) fn guard_bound(&mut self, idx: usize, i: usize, v: CV) {
        if !self.assigned(idx, i) {
            let ok = self
                .b
                .ins()
                .icmp_imm_s(IntCC::NotEqual, v, Value::NULL.bits() as i64);
            let stack = self.stack.clone();
            self.guard(ok, idx, ExitKind::Deopt, &stack);
        }
    }

    pub(super) fn assigned(&self, idx: usize, local: usize) -> bool {
        self.plan.steps[idx]
            .as_ref()
            .is_some_and(|s| s.assigned.contains(local))
    }

    /// Conditional branch on `c` (an int 0/1) to `target` or `next` with the current stack.
    pub(super) fn branch(&mut self, c: CV, jump_if_true: bool, target: usize, next: usize) {
        // Block parameters own their values.
        self.own_stack(0);
        self.check_edge(target, self.stack.len());
        self.check_edge(next, self.stack.len());
        let args = Self::args(&self.stack);
        let (tb, nb) = (self.blocks[&target], self.blocks[&next]);
        if jump_if_true {
            self.b.ins().brif(c, tb, &args, nb, &args);
        } else {
            self.b.ins().brif(c, nb, &args, tb, &args);
        }
        self.done = true;
    }

    /// Truthiness of `s` as an i64 0/1. `consume`: `s` is already off the stack and is
    /// dropped here (on the error path too).
    pub(super) fn truth(&mut self, idx: usize, s: Slot, consume: bool) -> CV {
        match s.k {
            Kind::Bool => {
                if let Some((_, c)) = self.cond.filter(|&(v, _)| v == s.v) {
                    return c;
                }
                let c = self.b.ins().band_imm_s(s.v, 1);
                return c;
            }
            Kind::Int => {
                let p = self.b.ins().band_imm_s(s.v, PAYLOAD_MASK as i64);
                let c = self.b.ins().icmp_imm_s(IntCC::NotEqual, p, 0);
                return self.b.ins().uextend(I64, c);
            }
            _ => {}
        }
        let join = self.b.create_block();
        self.b.append_block_param(join, I64);
        // bool
        let isb = self.tag_is(s.v, TAG_BOOL);
        let bool_blk = self.b.create_block();
        let not_bool = self.b.create_block();
        self.b.ins().brif(isb, bool_blk, &[], not_bool, &[]);
        self.b.switch_to_block(bool_blk);
        let c = self.b.ins().band_imm_s(s.v, 1);
        self.b.ins().jump(join, &[BlockArg::Value(c)]);
        // int
        self.b.switch_to_block(not_bool);
        let isi = self.tag_is(s.v, TAG_INT);
        let int_blk = self.b.create_block();
        let slow = self.b.create_block();
        self.b.ins().brif(isi, int_blk, &[], slow, &[]);
        self.b.switch_to_block(int_blk);
        let p = self.b.ins().band_imm_s(s.v, PAYLOAD_MASK as i64);
        let c = self.b.ins().icmp_imm_s(IntCC::NotEqual, p, 0);
        let c = self.b.ins().uextend(I64, c);
        self.b.ins().jump(join, &[BlockArg::Value(c)]);
        // anything else
        self.b.switch_to_block(slow);
        let r = self.call(helpers::truthy as *const (), &[self.vm, s.v]);
        if consume {
            self.decref(s);
        }
        let ok = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 2);
        let stack = self.stack.clone();
        self.guard(ok, idx, ExitKind::Raise, &stack);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(join);
        self.b.block_params(join)[0]
    }

    /// `CALL n`. A plain call (`NULL, callable, args`) goes through a call-site
    /// [`CallCache`]: when the callable is the cached function and it has native code, its
    /// arguments are stored into a locals array in this frame and its native code is called
    /// directly, with no interpreter frame and no helper. Everything else calls
    /// `helpers::call`.
    pub(super) fn call_op(&mut self, idx: usize, n: usize) {
        let (kw_idx, kw) = self.kw.take().unwrap_or((idx, Value::NULL.bits()));
        let base = self.stack.len() - n - 2;
        // Built-ins compiled inline are looked for only under their own names.
        let name = self.callee_name(base).unwrap_or("").to_owned();
        let plain_args = kw == Value::NULL.bits();
        let intrinsic = matches!(
            name.as_str(),
            "sqrt" | "len" | "append" | "add" | "pop" | "get"
        );
        // A plain call `[NULL, f, args...]`, or (unless NULL is known to be there) a method
        // call `[f, self, args...]` whose `self` is the first argument.
        let plain = self.stack[base].k == Kind::Null;
        let (at, nargs) = if plain { (base + 1, n) } else { (base, n + 1) };
        let direct = plain_args && nargs <= DIRECT_LOCALS;
        // Every path passes the callable and arguments on (or, inline, drops them), except
        // that a direct call of a kept callable leaves it borrowed: its cache holds it.
        let keep = self.stack[at].kept && direct && !intrinsic;
        for k in base..self.stack.len() {
            if !(keep && k == at) {
                self.stack[k] = self.own(self.stack[k]);
            }
        }
        let join = self.b.create_block();
        self.b.append_block_param(join, I64);
        let slow = self.b.create_block();
        match name.as_str() {
            "sqrt" if n == 1 && plain_args => self.sqrt_intrinsic(base, join),
            "len" if n == 1 && plain_args => self.len_intrinsic(base, join),
            "append" if n == 1 && plain_args => self.append_intrinsic(base, join),
            "add" if n == 1 && plain_args => self.set_add_intrinsic(base, join),
            "pop" if n <= 1 && plain_args => self.pop_intrinsic(base, n, join),
            "get" if (1..=2).contains(&n) && plain_args => self.dict_get_intrinsic(base, n, join),
            _ => {}
        }
        let mut cache_ptr = None;
        if direct {
            let mut cache = Box::new(CallCache::empty());
            let cp = self.c(&mut *cache as *mut CallCache as usize as u64);
            self.call_caches.push(cache);
            cache_ptr = Some(cp);
            let callable = self.stack[at];
            let flags = MemFlagsData::trusted();
            let cached = self
                .b
                .ins()
                .load(I64, flags, cp, offset_of!(CallCache, func) as i32);
            let same = self.b.ins().icmp(IntCC::Equal, cached, callable.v);
            let check = self.b.create_block();
            self.b.ins().brif(same, check, &[], slow, &[]);
            self.b.switch_to_block(check);
            let args: Vec<CV> = (0..nargs).map(|k| self.stack[at + 1 + k].v).collect();
            if plain {
                // The cache may hold a class whose instances are made plainly: a new
                // instance, then its `__init__`'s native code called directly.
                let epoch =
                    self.b
                        .ins()
                        .load(I64, flags, cp, offset_of!(CallCache, ctor_epoch) as i32);
                let is_ctor = self.b.ins().icmp_imm_s(IntCC::NotEqual, epoch, -1);
                let [ctor, func] = self.new_blocks();
                self.b.ins().brif(is_ctor, ctor, &[], func, &[]);
                self.b.switch_to_block(ctor);
                let now = self
                    .b
                    .ins()
                    .load(I64, flags, self.vm, offset_of!(Vm, type_epoch) as i32);
                let same_epoch = self.b.ins().icmp(IntCC::Equal, epoch, now);
                let native = self.direct_native(cp, same_epoch, slow, 2);
                let obj = self.call(helpers::new_instance as *const (), &[callable.v]);
                // The callee takes one reference as `self`; the other is the result.
                self.incref(Slot::new(obj, Kind::Ptr));
                let mut full = vec![obj];
                full.extend(&args);
                let r = self.call_direct(cp, native, &full, 2);
                self.release(callable);
                let fine = self.is_eq(r, Value::NONE.bits());
                let failed = self.b.create_block();
                self.b.set_cold_block(failed);
                self.b
                    .ins()
                    .brif(fine, join, &[BlockArg::Value(obj)], failed, &[]);
                self.b.switch_to_block(failed);
                let e = self.call(helpers::init_failed as *const (), &[self.vm, r, obj]);
                self.b.ins().jump(join, &[BlockArg::Value(e)]);
                self.b.switch_to_block(func);
            }
            let yes = self.b.ins().iconst(I8, 1);
            let native = self.direct_native(cp, yes, slow, 1);
            let r = self.call_direct(cp, native, &args, 1);
            self.release(callable);
            self.b.ins().jump(join, &[BlockArg::Value(r)]);
        } else {
            self.b.ins().jump(slow, &[]);
        }
        self.b.switch_to_block(slow);
        let vals: Vec<Slot> = self.stack[base..].to_vec();
        let addr = self.spill(&vals);
        // The spill took a reference to a kept callable for the helper (which gives it
        // back on DEOPT, for the exit).
        self.stack[at].kept = false;
        let nv = self.c(n as u64);
        let kwv = self.c(kw);
        let r = match cache_ptr {
            Some(cp) => self.call(
                helpers::call_fill as *const (),
                &[self.vm, addr, nv, kwv, cp],
            ),
            None => self.call(helpers::call as *const (), &[self.vm, addr, nv, kwv]),
        };
        let ok = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, DEOPT as i64);
        let stack = self.stack.clone();
        self.guard(ok, kw_idx, ExitKind::Deopt, &stack);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(join);
        let r = self.b.block_params(join)[0];
        self.stack.truncate(base);
        self.check(r, idx);
        self.push(r, Kind::Any);
    }

    /// The native code of the function in call cache `cp`, in a block reached when `ok`
    /// holds, the function is compiled and `levels` recursion levels are left (2 for a
    /// class construction: the class call and its `__init__`, as CPython counts them); else
    /// branches to `slow`, whose general call raises the RecursionError with CPython's
    /// message.
    pub(super) fn direct_native(&mut self, cp: CV, ok: CV, slow: Block, levels: i64) -> CV {
        let flags = MemFlagsData::trusted();
        let slotp = self
            .b
            .ins()
            .load(I64, flags, cp, offset_of!(CallCache, native) as i32);
        let native = self.b.ins().load(I64, flags, slotp, 0);
        let has = self.b.ins().icmp_imm_s(IntCC::NotEqual, native, 0);
        let depth = self
            .b
            .ins()
            .load(I64, flags, self.vm, offset_of!(Vm, depth) as i32);
        let limit = self
            .b
            .ins()
            .load(I64, flags, self.vm, offset_of!(Vm, recursion_limit) as i32);
        let deepest = self.b.ins().iadd_imm_s(depth, levels - 1);
        let room = self.b.ins().icmp(IntCC::UnsignedLessThan, deepest, limit);
        let ok = self.b.ins().band(ok, has);
        let ok = self.b.ins().band(ok, room);
        let fast = self.b.create_block();
        self.b.ins().brif(ok, fast, &[], slow, &[]);
        self.b.switch_to_block(fast);
        native
    }

    /// Calls `native` (see [`Lower::direct_native`]) with `args` (given up) as its first
    /// locals, `levels` recursion levels deeper: its result.
    pub(super) fn call_direct(&mut self, cp: CV, native: CV, args: &[CV], levels: i64) -> CV {
        let flags = MemFlagsData::trusted();
        let depth_at = offset_of!(Vm, depth) as i32;
        let depth = self.b.ins().load(I64, flags, self.vm, depth_at);
        let d1 = self.b.ins().iadd_imm_s(depth, levels);
        self.b.ins().store(flags, d1, self.vm, depth_at);
        let lslot = self.callee_locals();
        for (k, &v) in args.iter().enumerate() {
            self.b.ins().stack_store(I64, v, lslot, (8 * k) as i32);
        }
        let la = self.b.ins().stack_addr(I64, lslot, 0);
        let envp = self
            .b
            .ins()
            .iadd_imm_s(cp, offset_of!(CallCache, env) as i64);
        let zero = self.c(0);
        // The callee's activation record, innermost while it runs.
        let top = self.store_lasti();
        let rec = self.rec_slot();
        // A record with `env` set is native: its `frame` and `lasti` are not read until
        // the callee has stored `lasti`.
        for (field, v) in [
            (offset_of!(Activation, back), top),
            (offset_of!(Activation, env), envp),
        ] {
            self.b.ins().stack_store(I64, v, rec, field as i32);
        }
        let reca = self.b.ins().stack_addr(I64, rec, 0);
        let top_at = offset_of!(Vm, top) as i32;
        self.b.ins().store(flags, reca, self.vm, top_at);
        let sig = self.native_sig();
        let inst = self
            .b
            .ins()
            .call_indirect(sig, native, &[self.vm, envp, la, zero, zero]);
        let r = self.b.inst_results(inst)[0];
        self.b.ins().store(flags, top, self.vm, top_at);
        let d = self.b.ins().load(I64, flags, self.vm, depth_at);
        let d0 = self.b.ins().iadd_imm_s(d, -levels);
        self.b.ins().store(flags, d0, self.vm, depth_at);
        r
    }

    /// `CALL n` at `idx` whose result goes only to the `GET_ITER` at `next`, as in
    /// `for i in range(...)`: a call of `range` with small-int arguments makes the iterator
    /// directly (no range object, no call); anything else is called and then iterated as
    /// usual. False (having emitted nothing) when the pattern does not apply.
    pub(super) fn range_iter_call(&mut self, idx: usize, n: usize, next: usize) -> bool {
        let Some(range) = self.builtins.range else {
            return false;
        };
        let fused = self.code.instrs.get(next).map(|i| i.op) == Some(Op::GetIter)
            && !self.blocks.contains_key(&next)
            && self.plan.steps[next]
                .as_ref()
                .is_some_and(|s| s.how == How::Native);
        if !fused || self.kw.is_some() || !(1..=3).contains(&n) {
            return false;
        }
        let vloop = self.vloop_at(next + 1);
        if vloop.is_some_and(|id| self.vloops[id as usize].kind == VKind::Seq) {
            // Not a call of `range` by name: its loop is a sequence loop.
            return false;
        }
        let base = self.stack.len() - n - 2;
        for k in base + 2..self.stack.len() {
            self.stack[k] = self.boxed(self.stack[k]);
        }
        let mut cond = Some(self.calls_builtin(base, range));
        for k in base + 2..self.stack.len() {
            let int = self.is_int(self.stack[k]);
            cond = self.and(cond, int);
        }
        let cond = cond.expect("the callable is checked");
        if let Some(id) = vloop {
            self.virtual_range(idx, n, base, cond, id);
            return true;
        }
        let [fast, made, general, join] = self.new_blocks();
        self.b.append_block_param(join, I64);
        self.b.set_cold_block(general);
        self.b.ins().brif(cond, fast, &[], general, &[]);
        self.b.switch_to_block(fast);
        let none = self.c(Value::NONE.bits());
        let mut args = vec![self.c(n as u64)];
        for k in 0..3 {
            args.push(self.stack.get(base + 2 + k).map_or(none, |s| s.v));
        }
        let it = self.call(helpers::range_iter as *const (), &args);
        let ok = self.b.ins().icmp_imm_s(IntCC::NotEqual, it, DEOPT as i64);
        self.b.ins().brif(ok, made, &[], general, &[]);
        self.b.switch_to_block(made);
        let saved = self.stack.clone();
        for s in self.stack.split_off(base) {
            self.release(s);
        }
        self.b.ins().jump(join, &[BlockArg::Value(it)]);
        self.b.switch_to_block(general);
        self.stack = saved;
        self.call_op(idx, n);
        let v = self.pop();
        let it = self.call(helpers::get_iter as *const (), &[self.vm, v.v]);
        self.check(it, next);
        self.b.ins().jump(join, &[BlockArg::Value(it)]);
        self.b.switch_to_block(join);
        let it = self.b.block_params(join)[0];
        self.push(it, Kind::Ptr);
        self.iter_made = true;
        true
    }

    /// `math.sqrt(x)` (the stack is `[NULL, sqrt, x]`) for an int or float `x` that is not
    /// negative: the square root, inline, to `join`. Anything else carries on to the call.
    pub(super) fn sqrt_intrinsic(&mut self, base: usize, join: Block) {
        let Some(sqrt) = self.builtins.sqrt else {
            return;
        };
        let (callable, x) = (self.stack[base + 1], self.stack[base + 2]);
        let mut cond = self.calls_builtin(base, sqrt);
        if let (Some(f), Some(i)) = (self.is_float(x), self.is_int(x)) {
            let num = self.or(f, i);
            cond = self.b.ins().band(cond, num);
        }
        let fast = self.b.create_block();
        let next = self.b.create_block();
        self.b.ins().brif(cond, fast, &[], next, &[]);
        self.b.switch_to_block(fast);
        let v = self.float_of(x);
        let zero = self.b.ins().f64const(0.0);
        // sqrt(-0.0) is -0.0 and sqrt(nan) is nan, as in CPython; x < 0 raises (the call).
        let neg = self.b.ins().fcmp(FloatCC::LessThan, v, zero);
        let root = self.b.create_block();
        self.b.ins().brif(neg, next, &[], root, &[]);
        self.b.switch_to_block(root);
        let r = self.b.ins().sqrt(v);
        let bits = self.box_float(r);
        // The callable's reference (a built-in the JIT also holds: never the last one).
        self.decref(callable);
        self.b.ins().jump(join, &[BlockArg::Value(bits)]);
        self.b.switch_to_block(next);
    }

    /// Whether the call whose stack starts at `base` is a plain call of the built-in `bits`.
    pub(super) fn calls_builtin(&mut self, base: usize, bits: u64) -> CV {
        let (first, callable) = (self.stack[base], self.stack[base + 1]);
        let cond = self.is_eq(callable.v, bits);
        if first.k == Kind::Null {
            return cond;
        }
        let null = self.is_eq(first.v, Value::NULL.bits());
        self.b.ins().band(cond, null)
    }

    /// `len(x)` (the stack is `[NULL, len, x]`) of a list or tuple: its length, inline, to
    /// `join`. Anything else carries on to the call.
    pub(super) fn len_intrinsic(&mut self, base: usize, join: Block) {
        let (Some(len), Some(l)) = (self.builtins.len, self.seq) else {
            return;
        };
        let (callable, x) = (self.stack[base + 1], self.stack[base + 2]);
        if !matches!(x.k, Kind::Any | Kind::Ptr) {
            return;
        }
        let mut cond = self.calls_builtin(base, len);
        if x.k != Kind::Ptr {
            let isptr = self.tag_is(x.v, TAG_PTR);
            cond = self.b.ins().band(cond, isptr);
        }
        let check = self.b.create_block();
        let next = self.b.create_block();
        self.b.ins().brif(cond, check, &[], next, &[]);
        self.b.switch_to_block(check);
        let p = self.b.ins().band_imm_s(x.v, PAYLOAD_MASK as i64);
        let (_, n) = self.seq_parts(l, p, Access::Read, next);
        // Lengths are far below the small-int limit (2**47).
        let r = self.box_int(n);
        self.decref(Slot::new(x.v, Kind::Ptr));
        // The callable's reference (a built-in the JIT also holds: never the last one).
        self.decref(callable);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(next);
    }

    /// `items.append(x)` (the stack is `[list.append, items, x]`) on a list: appended by a
    /// direct helper call, to `join` with None (or the error). Anything else carries on to
    /// the call.
    pub(super) fn append_intrinsic(&mut self, base: usize, join: Block) {
        if let (Some(append), Some(l)) = (self.builtins.append, self.seq) {
            let helper = helpers::list_append as *const ();
            self.one_arg_method(base, join, append, l.list_tag, helper);
        }
    }

    /// `s.add(x)` (the stack is `[set.add, s, x]`) on a set: as [`Lower::append_intrinsic`].
    pub(super) fn set_add_intrinsic(&mut self, base: usize, join: Block) {
        if let Some((add, set_tag)) = self.builtins.set_add {
            let helper = helpers::set_add as *const ();
            self.one_arg_method(base, join, add, set_tag, helper);
        }
    }

    /// A call of the built-in method `method` on an object of kind `tag` with one argument:
    /// `helper(vm, this, x)` (borrowing `this`, taking `x`) returns None or [`ERR`].
    pub(super) fn one_arg_method(
        &mut self,
        base: usize,
        join: Block,
        method: u64,
        tag: u8,
        helper: *const (),
    ) {
        let Some(next) = self.calls_method_on(base, method, tag) else {
            return;
        };
        let (callable, this, x) = (self.stack[base], self.stack[base + 1], self.stack[base + 2]);
        let r = self.call(helper, &[self.vm, this.v, x.v]);
        self.decref(this);
        // The method's reference (a built-in the JIT also holds: never the last one).
        self.decref(callable);
        let none = self.c(Value::NONE.bits());
        let ok = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, ERR as i64);
        let r = self.b.ins().select(ok, none, r);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(next);
    }

    /// For the method call whose stack starts at `base` (`[method, this, args...]`):
    /// continues in a block reached when the method is the built-in `method` and `this` an
    /// object of kind `tag`, and gives the block where anything else goes on. None (nothing
    /// emitted) when the slots' kinds rule it out.
    pub(super) fn calls_method_on(&mut self, base: usize, method: u64, tag: u8) -> Option<Block> {
        let (callable, this) = (self.stack[base], self.stack[base + 1]);
        if !matches!(callable.k, Kind::Any | Kind::Ptr) || !matches!(this.k, Kind::Any | Kind::Ptr)
        {
            return None;
        }
        let next = self.b.create_block();
        let is_method = self.is_eq(callable.v, method);
        let check = self.b.create_block();
        self.b.ins().brif(is_method, check, &[], next, &[]);
        self.b.switch_to_block(check);
        self.heap_object(this, tag, next);
        Some(next)
    }

    /// `d.get(key)` or `d.get(key, default)` (the stack is `[dict.get, d, key]` or
    /// `[dict.get, d, key, default]`) on a dict: a direct helper call, to `join` with the
    /// value (or the error). Anything else carries on to the call.
    pub(super) fn dict_get_intrinsic(&mut self, base: usize, n: usize, join: Block) {
        let Some((get, dict_tag)) = self.builtins.dict_get else {
            return;
        };
        let Some(next) = self.calls_method_on(base, get, dict_tag) else {
            return;
        };
        let this = self.stack[base + 1];
        let key = self.stack[base + 2];
        let default = match n {
            2 => self.stack[base + 3].v,
            _ => self.c(Value::NULL.bits()),
        };
        let r = self.call(
            helpers::dict_get as *const (),
            &[self.vm, this.v, key.v, default],
        );
        // The helper borrows everything: every value of the call is dropped (the method's
        // reference is a built-in's the JIT also holds: never the last one).
        for k in base..base + n + 2 {
            self.decref(self.stack[k]);
        }
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(next);
    }

    /// `items.pop()` or `items.pop(i)` with an int `i` (the stack is `[list.pop, items]` or
    /// `[list.pop, items, i]`) on a list: a direct helper call, to `join` with the item (or
    /// the error). Anything else carries on to the call.
    pub(super) fn pop_intrinsic(&mut self, base: usize, n: usize, join: Block) {
        let (Some(pop), Some(l)) = (self.builtins.pop, self.seq) else {
            return;
        };
        let (method, this) = (self.stack[base], self.stack[base + 1]);
        let index = (n == 1).then(|| self.stack[base + 2]);
        if index.is_some_and(|i| !matches!(i.k, Kind::Any | Kind::Int)) {
            return;
        }
        let Some(next) = self.calls_method_on(base, pop, l.list_tag) else {
            return;
        };
        if let Some(is_int) = index.and_then(|i| self.is_int(i)) {
            let int = self.b.create_block();
            self.b.ins().brif(is_int, int, &[], next, &[]);
            self.b.switch_to_block(int);
        }
        let (i, has) = match index {
            Some(i) => (self.unbox_int(i.v), self.c(1)),
            None => (self.c(0), self.c(0)),
        };
        let r = self.call(helpers::list_pop as *const (), &[self.vm, this.v, i, has]);
        self.decref(this);
        // The method's reference (a built-in the JIT also holds: never the last one).
        self.decref(method);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(next);
    }

    /// The first `n` cells of the closure (new references), for `COPY_FREE_VARS`: read from
    /// the closure tuple inline when it is one of at least `n` items, else by a helper each.
    pub(super) fn closure_cells(&mut self, n: usize) -> Vec<CV> {
        let [inline, slow, join] = self.new_blocks();
        for _ in 0..n {
            self.b.append_block_param(join, I64);
        }
        match self.seq {
            Some(l) => {
                let flags = MemFlagsData::trusted();
                let at = offset_of!(NativeEnv, closure) as i32;
                let cp = self.b.ins().load(I64, flags, self.env, at);
                let bits = self.b.ins().load(I64, flags, cp, 0);
                let tuple = Slot::new(bits, Kind::Any);
                let p = self.heap_object(tuple, l.tuple_tag, slow);
                let len = self.b.ins().load(I64, flags, p, l.tuple_len);
                let enough =
                    self.b
                        .ins()
                        .icmp_imm_s(IntCC::UnsignedGreaterThanOrEqual, len, n as i64);
                self.b.ins().brif(enough, inline, &[], slow, &[]);
                self.b.switch_to_block(inline);
                let data = self.b.ins().load(I64, flags, p, l.tuple_ptr);
                let mut cells = vec![];
                for k in 0..n {
                    let cell = self.b.ins().load(I64, flags, data, (8 * k) as i32);
                    self.incref(Slot::new(cell, Kind::Any));
                    cells.push(BlockArg::Value(cell));
                }
                self.b.ins().jump(join, &cells);
            }
            None => {
                self.b.ins().jump(slow, &[]);
                self.b.switch_to_block(inline);
                self.b.ins().jump(slow, &[]);
            }
        }
        self.b.switch_to_block(slow);
        let mut cells = vec![];
        for k in 0..n {
            let kv = self.c(k as u64);
            let cell = self.call(helpers::free_var as *const (), &[self.env, kv]);
            cells.push(BlockArg::Value(cell));
        }
        self.b.ins().jump(join, &cells);
        self.b.switch_to_block(join);
        self.b.block_params(join).to_vec()
    }

    /// The locals array direct calls hand to their callee (created on first use).
    pub(super) fn callee_locals(&mut self) -> StackSlot {
        if let Some(s) = self.lslot {
            return s;
        }
        let s = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            (DIRECT_LOCALS * 8) as u32,
            3,
        ));
        self.lslot = Some(s);
        s
    }

    /// The stack slot for the activation record of direct calls (one per function: the
    /// calls do not nest within it).
    pub(super) fn rec_slot(&mut self) -> StackSlot {
        if let Some(s) = self.rec_slot {
            return s;
        }
        let s = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            std::mem::size_of::<Activation>() as u32,
            3,
        ));
        self.rec_slot = Some(s);
        s
    }

    pub(super) fn native_sig(&mut self) -> SigRef {
        if let Some(s) = self.native_sigref {
            return s;
        }
        let s = self.b.import_signature(signature(self.call_conv));
        self.native_sigref = Some(s);
        s
    }

    /// An instruction run by the interpreter's implementation (`helpers::step`).
    pub(super) fn generic(&mut self, idx: usize, ins: Instr) {
        let mut vals = std::mem::take(&mut self.stack);
        // Virtual iterators go to the interpreter as objects; the step leaves them be, so
        // after it they are virtual again (the objects dropped).
        let mut virts = vec![];
        for (k, s) in vals.iter_mut().enumerate() {
            if let Kind::Virt(id) = s.k {
                *s = self.materialized(*s);
                virts.push((k, id, s.v));
            }
        }
        let addr = self.spill(&vals);
        let i = self.c(idx as u64);
        let sp = self.c(vals.len() as u64);
        let r = self.call(
            helpers::step as *const (),
            &[self.vm, self.env, i, addr, sp],
        );
        let err = self.b.ins().band_imm_s(r, STEP_ERR as i64);
        let ok = self.b.ins().icmp_imm_s(IntCC::Equal, err, 0);
        let cont = self.b.create_block();
        let ex = self.b.create_block();
        self.b.ins().brif(ok, cont, &[], ex, &[]);
        self.b.set_cold_block(ex);
        self.b.switch_to_block(ex);
        let depth = self.b.ins().band_imm_s(r, 0xFFFF_FFFF);
        self.emit_exit(idx, ExitKind::Raise, None, Some(depth));
        self.b.switch_to_block(cont);
        let depth = vals.len() as i32 + run_effect(ins.op, ins.arg, false) as i32;
        self.stack = self.reload(depth.max(0) as usize);
        for (k, id, it) in virts {
            let same = self
                .stack
                .get(k)
                .map(|s| self.b.ins().icmp(IntCC::Equal, s.v, it));
            let Some(same) = same else {
                self.virt_broken = true;
                continue;
            };
            let next = idx + 1 + ins.op.cache_entries() as usize;
            let stack = self.stack.clone();
            self.guard(same, next, ExitKind::Deopt, &stack);
            if self.vloops[id as usize].kind == VKind::Seq {
                self.take_seq_iter(id, it);
            } else {
                self.rc_dec(it);
            }
            self.stack[k] = Slot::new(self.c(0), Kind::Virt(id));
        }
    }
}
