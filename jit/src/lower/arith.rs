//! Operators and comparisons: small-int, 128-bit and float fast paths guarded by feedback,
//! boxing of raw results, and the helper calls for everything else.

use super::*;

impl Lower<'_, '_> {
    pub(super) fn binop(&mut self, idx: usize, op: u32, spec: Spec) {
        // Borrowed operands: the fast paths keep nothing, the slow paths own them.
        let b = self.pop_ref();
        let a = self.pop_ref();
        let base = op % 13;
        let int_ok = spec.int
            && matches!(
                base,
                NB_ADD
                    | NB_SUB
                    | NB_MUL
                    | NB_AND
                    | NB_OR
                    | NB_XOR
                    | NB_FLOOR_DIV
                    | NB_REM
                    | NB_RSHIFT
            );
        let float_ok = matches!(base, NB_ADD | NB_SUB | NB_MUL | NB_TRUE_DIV)
            && (spec.float || (spec.int && base == NB_TRUE_DIV));
        let join = self.b.create_block();
        self.b.append_block_param(join, I64);
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        let guarded = spec.guard && (int_ok || float_ok);
        if !guarded {
            // Its helper may run Python code.
            self.own_kept();
        }
        if guarded && int_ok && !float_ok && wide_op(op) && self.on128(idx, spec, a, b) {
            self.binop128(idx, base, a, b);
            return;
        }
        // A guarded int-only operation whose result feeds the next one stays a raw word.
        let wide = guarded
            && int_ok
            && !float_ok
            && base != NB_TRUE_DIV
            && self.wide_capable(idx, op)
            && self.feeds_wide(idx);
        // Likewise a guarded float-only one: no NaN check before the next one.
        let raw_float = guarded && float_ok && !int_ok && self.feeds_float(idx);
        // Operands that may be instances: their class's operator method, called directly,
        // where the number paths miss.
        let methods = !guarded && self.inst.is_some() && matches!(a.k, Kind::Any | Kind::Ptr);
        let miss = if methods { self.b.create_block() } else { slow };
        if int_ok {
            let int_blk = self.b.create_block();
            let after = if float_ok {
                self.b.create_block()
            } else {
                miss
            };
            self.branch_if_ints(a, b, int_blk, after);
            self.b.switch_to_block(int_blk);
            let (r, ok) = self.int_op(base, a, b, wide);
            let boxed = if wide { r } else { self.box_int(r) };
            match ok {
                Some(ok) => {
                    self.b
                        .ins()
                        .brif(ok, join, &[BlockArg::Value(boxed)], miss, &[]);
                }
                None => {
                    self.b.ins().jump(join, &[BlockArg::Value(boxed)]);
                }
            }
            if float_ok {
                self.b.switch_to_block(after);
            }
        }
        if float_ok {
            // Unless true division, at least one operand must be a float.
            let (x, y) = self.branch_if_floats(a, b, !spec.int, base != NB_TRUE_DIV, miss);
            let r = match base {
                NB_ADD => self.b.ins().fadd(x, y),
                NB_SUB => self.b.ins().fsub(x, y),
                NB_MUL => self.b.ins().fmul(x, y),
                _ => self.b.ins().fdiv(x, y),
            };
            let bits = if raw_float {
                self.b.ins().bitcast(I64, MemFlagsData::new(), r)
            } else {
                self.box_float(r)
            };
            if base == NB_TRUE_DIV {
                let zero = self.b.ins().f64const(0.0);
                let nz = self.b.ins().fcmp(FloatCC::NotEqual, y, zero);
                self.b
                    .ins()
                    .brif(nz, join, &[BlockArg::Value(bits)], miss, &[]);
            } else {
                self.b.ins().jump(join, &[BlockArg::Value(bits)]);
            }
        }
        if !int_ok && !float_ok {
            self.b.ins().jump(miss, &[]);
        }
        let cache = methods.then(|| {
            self.b.switch_to_block(miss);
            self.op_method(idx, op, a, b, join, slow)
        });
        self.b.switch_to_block(slow);
        if guarded {
            self.guard_exit(idx, &[a, b]);
        } else {
            // `s += t` then `s = ...`: the helper may grow a string only the local holds
            // (no other stack slot may borrow it: those would see the change).
            let local_add = op == ops::NB_INPLACE_ADD
                && self.stored_next(idx).is_some_and(|i| {
                    a.from == Some(i)
                        && b.from != Some(i)
                        && self.stack.iter().all(|s| s.from != Some(i))
                });
            let a = if local_add { a } else { self.own(a) };
            let b = self.own(b);
            let opv = self.c(op as u64);
            let r = match cache {
                _ if local_add => self.call(
                    helpers::inplace_add_local as *const (),
                    &[self.vm, a.v, b.v],
                ),
                Some(cp) => self.call(
                    helpers::binary_op_fill as *const (),
                    &[self.vm, a.v, b.v, opv, cp],
                ),
                None => self.call(helpers::binary_op as *const (), &[self.vm, a.v, b.v, opv]),
            };
            self.check(r, idx);
            self.b.ins().jump(join, &[BlockArg::Value(r)]);
        }
        self.b.switch_to_block(join);
        let r = self.b.block_params(join)[0];
        let kind = match (guarded, int_ok, float_ok) {
            (true, true, false) if wide => Kind::I64,
            (true, true, false) if base != NB_TRUE_DIV => Kind::Int,
            // Only the float path: it returns a float or exits.
            (true, false, true) if raw_float => Kind::RawF,
            (true, false, true) => Kind::Float,
            (true, true, true) if base == NB_TRUE_DIV => Kind::Float,
            _ => Kind::Any,
        };
        self.push(r, kind);
    }

    /// The operator-method half of `a op b` (borrowed operands), emitted in the current
    /// block (which the int and float fast paths left): when `a` is an instance of the class
    /// in the site's [`OpCache`], in the same type epoch, and `b` is an immediate or an
    /// instance of that class, calls the cached method's native code directly and jumps to
    /// `join` with its result (the rest of the dispatch runs in a helper if it returned
    /// NotImplemented). Anything else branches to `slow`. Gives the cache's address.
    pub(super) fn op_method(
        &mut self,
        idx: usize,
        op: u32,
        a: Slot,
        b: Slot,
        join: Block,
        slow: Block,
    ) -> CV {
        let l = self.inst.expect("checked by the caller");
        let mut cache = Box::new(helpers::OpCache::empty());
        let cp = self.c(&mut *cache as *mut helpers::OpCache as usize as u64);
        self.op_caches.push(cache);
        let flags = MemFlagsData::trusted();
        let p = self.heap_object(a, l.tag, slow);
        let cls = self.b.ins().load(I64, flags, p, layout::TYPE);
        let want = self
            .b
            .ins()
            .load(I64, flags, cp, offset_of!(helpers::OpCache, class) as i32);
        let made = self
            .b
            .ins()
            .load(I64, flags, cp, offset_of!(helpers::OpCache, epoch) as i32);
        let now = self
            .b
            .ins()
            .load(I64, flags, self.vm, offset_of!(Vm, type_epoch) as i32);
        let same_class = self.b.ins().icmp(IntCC::Equal, cls, want);
        let same_epoch = self.b.ins().icmp(IntCC::Equal, made, now);
        let holds = self.b.ins().band(same_class, same_epoch);
        let [b_heap, b_check, go] = self.new_blocks();
        self.b.ins().brif(holds, b_check, &[], slow, &[]);
        // `b`: an immediate, or an instance of the same class.
        self.b.switch_to_block(b_check);
        if b.k == Kind::Ptr || b.k == Kind::Any {
            let is_ptr = self.tag_is(b.v, TAG_PTR);
            self.b.ins().brif(is_ptr, b_heap, &[], go, &[]);
            self.b.switch_to_block(b_heap);
            let q = self.b.ins().band_imm_s(b.v, PAYLOAD_MASK as i64);
            let t = self.b.ins().uload8(I64, flags, q, 0);
            let inst = self.is_eq(t, l.tag as u64);
            let same_blk = self.b.create_block();
            self.b.ins().brif(inst, same_blk, &[], slow, &[]);
            self.b.switch_to_block(same_blk);
            let bcls = self.b.ins().load(I64, flags, q, layout::TYPE);
            let same = self.b.ins().icmp(IntCC::Equal, bcls, cls);
            self.b.ins().brif(same, go, &[], slow, &[]);
        } else {
            self.b.ins().jump(go, &[]);
        }
        self.b.switch_to_block(go);
        let call = self
            .b
            .ins()
            .iadd_imm_s(cp, offset_of!(helpers::OpCache, call) as i64);
        let yes = self.b.ins().iconst(I8, 1);
        let native = self.direct_native(call, yes, slow, 1);
        // The method takes references of its own; ours stay for NotImplemented.
        self.incref(a);
        self.incref(b);
        let r = self.call_direct(call, native, &[a.v, b.v], 1);
        let ni = self.is_eq(r, Value::NOT_IMPLEMENTED.bits());
        let [done, rest] = self.new_blocks();
        self.b.set_cold_block(rest);
        self.b.ins().brif(ni, rest, &[], done, &[]);
        self.b.switch_to_block(done);
        self.release(a);
        self.release(b);
        self.check(r, idx);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(rest);
        let (a, b) = (self.own(a), self.own(b));
        let opv = self.c(op as u64);
        let r = self.call(
            helpers::binary_op_rest as *const (),
            &[self.vm, a.v, b.v, opv, cp],
        );
        self.check(r, idx);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        cp
    }

    /// Branches to `yes` when both operands are small ints (known kinds need no test), else
    /// to `no`.
    pub(super) fn branch_if_ints(&mut self, a: Slot, b: Slot, yes: Block, no: Block) {
        let ia = self.is_int(a);
        let ib = self.is_int(b);
        let c = self.and(ia, ib);
        self.branch_unless_known(c, yes, no);
    }

    /// Branches to `yes` when `c` holds (None: it is known to), else to `no`.
    pub(super) fn branch_unless_known(&mut self, c: Option<CV>, yes: Block, no: Block) {
        match c {
            Some(c) => {
                self.b.ins().brif(c, yes, &[], no, &[]);
            }
            None => {
                self.b.ins().jump(yes, &[]);
            }
        }
    }

    /// Continues (in a new block) with both operands as doubles when the float path takes
    /// them, else branches to `no`. The path takes ints and floats, converting ints — or,
    /// when `floats_only` (the feedback saw no ints), floats alone, with no conversion code.
    /// With `need_float`, at least one operand must be a float.
    pub(super) fn branch_if_floats(
        &mut self,
        a: Slot,
        b: Slot,
        floats_only: bool,
        need_float: bool,
        no: Block,
    ) -> (CV, CV) {
        let floats_only = floats_only && a.k != Kind::Int && b.k != Kind::Int;
        let fa = self.is_float(a);
        let fb = self.is_float(b);
        let cond = if floats_only {
            self.and(fa, fb)
        } else {
            let ia = self.is_int(a);
            let ib = self.is_int(b);
            let num_a = match (fa, ia) {
                (Some(f), Some(i)) => Some(self.or(f, i)),
                _ => None,
            };
            let num_b = match (fb, ib) {
                (Some(f), Some(i)) => Some(self.or(f, i)),
                _ => None,
            };
            let mut cond = self.and(num_a, num_b);
            if need_float {
                let any_float = match (fa, fb) {
                    (Some(x), Some(y)) => Some(self.or(x, y)),
                    _ => None,
                };
                cond = self.and(cond, any_float);
            }
            cond
        };
        let yes = self.b.create_block();
        self.branch_unless_known(cond, yes, no);
        self.b.switch_to_block(yes);
        if floats_only {
            let x = self.b.ins().bitcast(F64, MemFlagsData::new(), a.v);
            let y = self.b.ins().bitcast(F64, MemFlagsData::new(), b.v);
            (x, y)
        } else {
            (self.float_of(a), self.float_of(b))
        }
    }

    /// An int operation on two boxed small ints: (raw result, Some(ok) if it can fail).
    /// `a op b` on ints (small boxed ints or raw [`Kind::I64`] words): the raw result, and
    /// the condition under which it is right. With `wide` the result stays raw, so only
    /// 64-bit overflow fails; otherwise it must also fit a small int, to be boxed.
    pub(super) fn int_op(&mut self, base: u32, a: Slot, b: Slot, wide: bool) -> (CV, Option<CV>) {
        let x = self.raw_int(a);
        let y = self.raw_int(b);
        // Raw operands may be anywhere in 64 bits, so operations that cannot overflow on
        // small ints can leave the small range, and additions can wrap.
        let any_raw = a.k == Kind::I64 || b.k == Kind::I64;
        let (r, ok) = match base {
            NB_ADD | NB_SUB => {
                let (r, flip) = if base == NB_ADD {
                    let r = self.b.ins().iadd(x, y);
                    let (xr, yr) = (self.b.ins().bxor(x, r), self.b.ins().bxor(y, r));
                    (r, self.b.ins().band(xr, yr))
                } else {
                    let r = self.b.ins().isub(x, y);
                    let (xy, xr) = (self.b.ins().bxor(x, y), self.b.ins().bxor(x, r));
                    (r, self.b.ins().band(xy, xr))
                };
                // Small operands never wrap 64 bits.
                let ok = any_raw.then(|| {
                    self.b
                        .ins()
                        .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, flip, 0)
                });
                (r, ok)
            }
            NB_MUL => {
                let lo = self.b.ins().imul(x, y);
                let hi = self.b.ins().smulhi(x, y);
                let sign = self.b.ins().sshr_imm_s(lo, 63);
                (lo, Some(self.b.ins().icmp(IntCC::Equal, hi, sign)))
            }
            NB_AND => (self.b.ins().band(x, y), None),
            NB_OR => (self.b.ins().bor(x, y), None),
            NB_XOR => (self.b.ins().bxor(x, y), None),
            NB_RSHIFT => {
                let ok = self
                    .b
                    .ins()
                    .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, y, 0);
                let max = self.c(63);
                let sh = self.b.ins().umin(y, max);
                (self.b.ins().sshr(x, sh), Some(ok))
            }
            _ => {
                // Floor division and modulo, rounding toward negative infinity.
                let nz = self.b.ins().icmp_imm_s(IntCC::NotEqual, y, 0);
                let one = self.c(1);
                let d = self.b.ins().select(nz, y, one);
                let q = self.b.ins().sdiv(x, d);
                let m = self.b.ins().srem(x, d);
                let m_nz = self.b.ins().icmp_imm_s(IntCC::NotEqual, m, 0);
                let sx = self.b.ins().bxor(m, d);
                let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, sx, 0);
                let adj = self.b.ins().band(m_nz, neg);
                let adj64 = self.b.ins().uextend(I64, adj);
                let r = if base == NB_FLOOR_DIV {
                    self.b.ins().isub(q, adj64)
                } else {
                    let zero = self.c(0);
                    let add = self.b.ins().select(adj, d, zero);
                    self.b.ins().iadd(m, add)
                };
                (r, Some(nz))
            }
        };
        // Results of small operands that can leave the small range: sums, differences,
        // products and (negated) floor quotients.
        let may_grow = any_raw || matches!(base, NB_ADD | NB_SUB | NB_MUL | NB_FLOOR_DIV);
        let ok = match (ok, !wide && may_grow) {
            (ok, false) => ok,
            (None, true) => Some(self.fits48(r)),
            (Some(ok), true) => {
                let fits = self.fits48(r);
                Some(self.b.ins().band(ok, fits))
            }
        };
        (r, ok)
    }

    /// A guarded int operation of a site that has seen ints past the immediate range (or
    /// that takes a [`Kind::I128`]), on 128-bit words: small ints and big ints within 128
    /// bits (read by a helper) are taken; the result stays a raw [`Kind::I128`] when it
    /// feeds the next such operation, else is boxed (a big int allocated if it must be).
    /// Anything else, and a result past 128 bits, exits.
    pub(super) fn binop128(&mut self, idx: usize, base: u32, a: Slot, b: Slot) {
        let raw = self.feeds_wide(idx);
        let join = self.b.create_block();
        self.b
            .append_block_param(join, if raw { I128 } else { I64 });
        let miss = self.b.create_block();
        self.b.set_cold_block(miss);
        let x = self.int128_of(a, miss);
        let y = self.int128_of(b, miss);
        let (r, ok) = self.int_op128(base, x, y);
        let cont = self.b.create_block();
        self.branch_unless_known(ok, cont, miss);
        self.b.switch_to_block(cont);
        // Big-int operands may be objects of their own.
        self.release(a);
        self.release(b);
        let v = if raw { r } else { self.box_i128(r) };
        self.b.ins().jump(join, &[BlockArg::Value(v)]);
        self.b.switch_to_block(miss);
        self.guard_exit(idx, &[a, b]);
        self.b.switch_to_block(join);
        let r = self.b.block_params(join)[0];
        self.push(r, if raw { Kind::I128 } else { Kind::Any });
    }

    /// Whether the guarded int operation at `idx` works on 128-bit words: it takes one, it
    /// or the operation its result feeds has seen ints past 64 bits, or it may meet a big
    /// int as an operand (else raw operands stay 64-bit [`Kind::I64`] words).
    pub(super) fn on128(&self, idx: usize, spec: Spec, a: Slot, b: Slot) -> bool {
        let boxed = |s: Slot| matches!(s.k, Kind::Any | Kind::Ptr);
        let feeds_huge = || {
            self.feeds_wide(idx)
                && self
                    .consumer(idx)
                    .and_then(|i| self.plan.steps[i].as_ref()?.spec)
                    .is_some_and(|s| s.huge)
        };
        a.k == Kind::I128
            || b.k == Kind::I128
            || spec.huge
            || (spec.wide && (boxed(a) || boxed(b)))
            || feeds_huge()
    }

    /// The int `s` as a 128-bit word; anything else (or an int past 128 bits) branches to
    /// `miss`.
    pub(super) fn int128_of(&mut self, s: Slot, miss: Block) -> CV {
        match s.k {
            Kind::I128 => return s.v,
            Kind::I64 => return self.b.ins().sextend(I128, s.v),
            Kind::Int => {
                let x = self.unbox_int(s.v);
                return self.b.ins().sextend(I128, x);
            }
            _ => {}
        }
        if let Some(i) = self.const_value(s).and_then(|v| v.as_int128()) {
            let lo = self.c(i as u64);
            let hi = self.c((i >> 64) as u64);
            return self.b.ins().iconcat(lo, hi);
        }
        let [small, big, read, done] = self.new_blocks();
        self.b.append_block_param(done, I128);
        self.b.set_cold_block(big);
        self.b.set_cold_block(read);
        let is_int = self.tag_is(s.v, TAG_INT);
        self.b.ins().brif(is_int, small, &[], big, &[]);
        self.b.switch_to_block(small);
        let x = self.unbox_int(s.v);
        let x = self.b.ins().sextend(I128, x);
        self.b.ins().jump(done, &[BlockArg::Value(x)]);
        self.b.switch_to_block(big);
        let addr = self.b.ins().stack_addr(I64, self.sbuf, 0);
        let ok = self.call_pure(helpers::int_to_i128 as *const (), &[s.v, addr]);
        self.b.ins().brif(ok, read, &[], miss, &[]);
        self.b.switch_to_block(read);
        let lo = self.b.ins().stack_load(I64, I64, self.sbuf, 0);
        let hi = self.b.ins().stack_load(I64, I64, self.sbuf, 8);
        let x = self.b.ins().iconcat(lo, hi);
        self.b.ins().jump(done, &[BlockArg::Value(x)]);
        self.b.switch_to_block(done);
        self.b.block_params(done)[0]
    }

    /// `x op y` on 128-bit words: the result, and the condition under which it is right
    /// (a product needs both operands within 64 bits, so that it is exact).
    pub(super) fn int_op128(&mut self, base: u32, x: CV, y: CV) -> (CV, Option<CV>) {
        let sign_clear = |l: &mut Self, v: CV| {
            let (_, hi) = l.b.ins().isplit(v);
            l.b.ins().icmp_imm_s(IntCC::SignedGreaterThanOrEqual, hi, 0)
        };
        let within64 = |l: &mut Self, v: CV| {
            let (lo, hi) = l.b.ins().isplit(v);
            let sign = l.b.ins().sshr_imm_s(lo, 63);
            (lo, l.b.ins().icmp(IntCC::Equal, hi, sign))
        };
        match base {
            NB_ADD => {
                let r = self.b.ins().iadd(x, y);
                let (xr, yr) = (self.b.ins().bxor(x, r), self.b.ins().bxor(y, r));
                let flip = self.b.ins().band(xr, yr);
                (r, Some(sign_clear(self, flip)))
            }
            NB_SUB => {
                let r = self.b.ins().isub(x, y);
                let (xy, xr) = (self.b.ins().bxor(x, y), self.b.ins().bxor(x, r));
                let flip = self.b.ins().band(xy, xr);
                (r, Some(sign_clear(self, flip)))
            }
            NB_MUL => {
                let (xl, xok) = within64(self, x);
                let (yl, yok) = within64(self, y);
                let lo = self.b.ins().imul(xl, yl);
                let hi = self.b.ins().smulhi(xl, yl);
                let r = self.b.ins().iconcat(lo, hi);
                (r, Some(self.b.ins().band(xok, yok)))
            }
            NB_AND => (self.b.ins().band(x, y), None),
            NB_OR => (self.b.ins().bor(x, y), None),
            NB_XOR => (self.b.ins().bxor(x, y), None),
            _ => {
                // `>>` by a non-negative count; past 127 only the sign is left.
                let ok = sign_clear(self, y);
                let (lo, hi) = self.b.ins().isplit(y);
                let max = self.c(127);
                let small = self.b.ins().umin(lo, max);
                let far = self.b.ins().icmp_imm_s(IntCC::NotEqual, hi, 0);
                let sh = self.b.ins().select(far, max, small);
                (self.b.ins().sshr(x, sh), Some(ok))
            }
        }
    }

    /// A 128-bit int word boxed: a small int, or a big int allocated on a cold path.
    pub(super) fn box_i128(&mut self, r: CV) -> CV {
        let (lo, hi) = self.b.ins().isplit(r);
        let sign = self.b.ins().sshr_imm_s(lo, 63);
        let within64 = self.b.ins().icmp(IntCC::Equal, hi, sign);
        let fits = self.fits48(lo);
        let small = self.b.ins().band(within64, fits);
        let f = helpers::int_from_i128 as *const ();
        self.box_raw_int(small, lo, f, &[lo, hi])
    }

    /// The local a `STORE_FAST` right after instruction `idx` (in the same block) stores to.
    pub(super) fn stored_next(&self, idx: usize) -> Option<usize> {
        let next = idx + 1 + self.code.instrs[idx].op.cache_entries() as usize;
        let ins = self.code.instrs.get(next)?;
        (ins.op == Op::StoreFast && !self.plan.blocks.contains(&next)).then_some(ins.arg as usize)
    }

    /// The machine word of an int slot (a small int, or a raw [`Kind::I64`]).
    pub(super) fn raw_int(&mut self, s: Slot) -> CV {
        match s.k {
            Kind::I64 => s.v,
            _ => self.unbox_int(s.v),
        }
    }

    /// `s` as a value: a raw [`Kind::I64`] word boxed (a small int, or a big int allocated
    /// on a cold path); any other slot as it is.
    pub(super) fn boxed(&mut self, s: Slot) -> Slot {
        if s.k == Kind::RawF {
            let f = self.b.ins().bitcast(F64, MemFlagsData::new(), s.v);
            return Slot::new(self.box_float(f), Kind::Float);
        }
        if s.k == Kind::I128 {
            return Slot::new(self.box_i128(s.v), Kind::Any);
        }
        if s.k != Kind::I64 {
            return s;
        }
        let small = self.fits48(s.v);
        let f = helpers::int_from_i64 as *const ();
        Slot::new(self.box_raw_int(small, s.v, f, &[s.v]), Kind::Any)
    }

    /// A raw int boxed: a small int from the word `lo` when `small` holds, else a big int
    /// the helper `make` makes from `args` (on a cold path).
    pub(super) fn box_raw_int(&mut self, small: CV, lo: CV, make: *const (), args: &[CV]) -> CV {
        let [yes, no, join] = self.new_blocks();
        self.b.append_block_param(join, I64);
        self.b.set_cold_block(no);
        self.b.ins().brif(small, yes, &[], no, &[]);
        self.b.switch_to_block(yes);
        let v = self.box_int(lo);
        self.b.ins().jump(join, &[BlockArg::Value(v)]);
        self.b.switch_to_block(no);
        let v = self.call_pure(make, args);
        self.b.ins().jump(join, &[BlockArg::Value(v)]);
        self.b.switch_to_block(join);
        self.b.block_params(join)[0]
    }

    /// The `BINARY_OP` or `COMPARE_OP` that takes the value the instruction at `idx` pushes
    /// as an operand, when the same basic block gets there through nothing but
    /// `LOAD_CONST`s, `LOAD_FAST`s of bound locals, `LOAD_ATTR`s of what those loaded and
    /// other such operations (which cannot leave the value anywhere else; their exits box
    /// it, see [`Lower::spill`]).
    pub(super) fn consumer(&self, idx: usize) -> Option<usize> {
        let code = self.code;
        let after = |i: usize| i + 1 + code.instrs[i].op.cache_entries() as usize;
        let ins = code.instrs[idx];
        let depth = self.plan.steps[idx].as_ref()?.depth as i32;
        let at = depth + run_effect(ins.op, ins.arg, false) as i32 - 1;
        let mut i = after(idx);
        for _ in 0..32 {
            if i >= code.instrs.len() || self.plan.blocks.contains(&i) {
                return None;
            }
            let ins = code.instrs[i];
            let depth = self.plan.steps[i].as_ref()?.depth as i32;
            match ins.op {
                Op::BinaryOp | Op::CompareOp if depth - 2 <= at => return Some(i),
                Op::BinaryOp | Op::CompareOp | Op::LoadConst => {}
                // An attribute of an object loaded above the value.
                Op::LoadAttr if depth - 1 > at => {}
                Op::LoadFast if self.assigned(i, ins.arg as usize) => {}
                _ => return None,
            }
            i = after(i);
        }
        None
    }

    /// Whether the result of the int `BINARY_OP` at `idx` may stay a raw word: its
    /// [`Lower::consumer`] is an int-only guarded operation able to take raw operands.
    pub(super) fn feeds_wide(&self, idx: usize) -> bool {
        self.consumer(idx).is_some_and(|i| {
            let ins = self.code.instrs[i];
            ins.op == Op::BinaryOp && self.wide_capable(i, ins.arg)
        })
    }

    /// Whether the result of the float `BINARY_OP` at `idx` may stay a raw double's bits
    /// ([`Kind::RawF`]): its [`Lower::consumer`] runs only the guarded float path.
    pub(super) fn feeds_float(&self, idx: usize) -> bool {
        self.consumer(idx).is_some_and(|i| {
            let ins = self.code.instrs[i];
            let Some(step) = self.plan.steps[i].as_ref() else {
                return false;
            };
            let spec = step.spec.expect("plan gives a spec");
            let float_op = ins.op == Op::CompareOp
                || matches!(ins.arg % 13, NB_ADD | NB_SUB | NB_MUL | NB_TRUE_DIV);
            step.how == How::Native && spec.float && !spec.int && spec.guard && float_op
        })
    }

    /// Whether the `BINARY_OP` at `idx` with oparg `op` runs only the guarded int path on an
    /// operation that takes raw words.
    pub(super) fn wide_capable(&self, idx: usize, op: u32) -> bool {
        let Some(step) = self.plan.steps[idx].as_ref() else {
            return false;
        };
        let spec = step.spec.expect("plan gives a spec");
        step.how == How::Native
            && spec.int
            && !spec.float
            && spec.guard
            && matches!(
                op % 13,
                NB_ADD | NB_SUB | NB_MUL | NB_AND | NB_OR | NB_XOR | NB_RSHIFT
            )
    }

    /// `COMPARE_OP`: with `fused`, an i8 truth for the jump that follows; otherwise the
    /// result value's bits.
    pub(super) fn compare(&mut self, idx: usize, op: u32, spec: Spec, fused: bool) -> CV {
        const ICC: [IntCC; 6] = [
            IntCC::SignedLessThan,
            IntCC::SignedLessThanOrEqual,
            IntCC::Equal,
            IntCC::NotEqual,
            IntCC::SignedGreaterThan,
            IntCC::SignedGreaterThanOrEqual,
        ];
        const FCC: [FloatCC; 6] = [
            FloatCC::LessThan,
            FloatCC::LessThanOrEqual,
            FloatCC::Equal,
            FloatCC::NotEqual,
            FloatCC::GreaterThan,
            FloatCC::GreaterThanOrEqual,
        ];
        // Borrowed operands: the fast paths keep nothing, the slow paths own them.
        let b = self.pop_ref();
        let a = self.pop_ref();
        let opi = (op as usize).min(5);
        if !(spec.guard && (spec.int || spec.float)) {
            // Its helper may run Python code.
            self.own_kept();
        }
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        if fused && spec.guard && spec.int != spec.float {
            // One fast path, and a miss exits: the exit is emitted first, so the condition
            // is made in the block of the jump that follows (which branches on it).
            let start = self.b.create_block();
            self.b.ins().jump(start, &[]);
            self.b.switch_to_block(slow);
            self.guard_exit(idx, &[a, b]);
            self.b.switch_to_block(start);
            if spec.int {
                let int_blk = self.b.create_block();
                self.branch_if_ints(a, b, int_blk, slow);
                self.b.switch_to_block(int_blk);
                let x = self.unbox_int(a.v);
                let y = self.unbox_int(b.v);
                return self.b.ins().icmp(ICC[opi], x, y);
            }
            let (x, y) = self.branch_if_floats(a, b, true, false, slow);
            return self.b.ins().fcmp(FCC[opi], x, y);
        }
        let join = self.b.create_block();
        self.b.append_block_param(join, I64);
        let finish = |l: &mut Self, c: CV| -> CV {
            let c = l.b.ins().uextend(I64, c);
            if fused {
                c
            } else {
                l.b.ins().bor_imm_s(c, TAG_BOOL as i64)
            }
        };
        let mut after_int = None;
        if spec.int {
            let int_blk = self.b.create_block();
            let after = if spec.float {
                self.b.create_block()
            } else {
                slow
            };
            self.branch_if_ints(a, b, int_blk, after);
            self.b.switch_to_block(int_blk);
            let x = self.unbox_int(a.v);
            let y = self.unbox_int(b.v);
            let c = self.b.ins().icmp(ICC[opi], x, y);
            let r = finish(self, c);
            self.b.ins().jump(join, &[BlockArg::Value(r)]);
            after_int = Some(after);
        }
        if spec.float {
            if let Some(after) = after_int {
                self.b.switch_to_block(after);
            }
            let (x, y) = self.branch_if_floats(a, b, !spec.int, false, slow);
            let c = self.b.ins().fcmp(FCC[opi], x, y);
            let r = finish(self, c);
            self.b.ins().jump(join, &[BlockArg::Value(r)]);
        }
        if !spec.int && !spec.float {
            self.b.ins().jump(slow, &[]);
        }
        self.b.switch_to_block(slow);
        if spec.guard && (spec.int || spec.float) {
            self.guard_exit(idx, &[a, b]);
        } else {
            let (a, b) = (self.own(a), self.own(b));
            let opv = self.c(op as u64);
            let r = self.call(helpers::compare as *const (), &[self.vm, a.v, b.v, opv]);
            self.check(r, idx);
            let out = if fused {
                self.truth(idx, Slot::new(r, Kind::Any), true)
            } else {
                r
            };
            self.b.ins().jump(join, &[BlockArg::Value(out)]);
        }
        self.b.switch_to_block(join);
        let r = self.b.block_params(join)[0];
        if fused {
            // Hand the truth to the POP_JUMP as an already-tested bool.
            self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0)
        } else {
            r
        }
    }
}
