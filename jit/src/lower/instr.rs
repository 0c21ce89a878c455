//! `Lower::instr`: one bytecode instruction's IR, dispatched by opcode; the families with
//! more code live in the sibling modules.

use super::*;

impl Lower<'_, '_> {
    // ---- instructions ----

    pub(super) fn instr(
        &mut self,
        idx: usize,
        ins: Instr,
        how: How,
        spec: Option<Spec>,
    ) -> Result<(), Reject> {
        let arg = ins.arg;
        match how {
            How::Exit => {
                let stack = self.stack.clone();
                self.emit_exit(idx, ExitKind::Unsupported, Some(&stack), None);
                self.done = true;
                return Ok(());
            }
            How::Step => {
                self.generic(idx, ins);
                return Ok(());
            }
            How::Native => {}
        }
        if self.plan.loop_headers.contains(&idx) || ins.op == Op::Resume {
            // Loop headers and function entries (as the interpreter's RESUME) answer a
            // pending signal by leaving for the interpreter, which raises it.
            self.poll_signals(idx);
        }
        self.clear_facts_unless_pure(idx, ins, spec);
        let next = idx + 1 + ins.op.cache_entries() as usize;
        let target = jump_target(idx, &ins);
        match ins.op {
            Op::Nop | Op::Resume | Op::Precall | Op::Cache | Op::ExtendedArg => {}
            Op::PopTop => {
                // A virtual iterator (`break`, `return` in a loop) is dropped as it is.
                if let Some(
                    &s @ Slot {
                        k: Kind::Virt(_), ..
                    },
                ) = self.stack.last()
                {
                    self.stack.pop();
                    self.decref(s);
                } else {
                    let s = self.pop();
                    self.decref(s);
                }
            }
            Op::PushNull => {
                let v = self.c(Value::NULL.bits());
                self.push(v, Kind::Null);
            }
            Op::Copy => {
                let at = self.stack.len() - arg as usize;
                // A kept slot is for its one consumer: copied, it takes a reference.
                if self.stack[at].kept {
                    self.stack[at] = self.own(self.stack[at]);
                }
                let s = self.stack[at];
                if matches!(s.k, Kind::Virt(_)) {
                    // Two slots cannot share one iterator's registers.
                    self.virt_broken = true;
                }
                // A copy of a borrow is another borrow of the same local.
                if s.from.is_none() {
                    self.incref(s);
                }
                self.stack.push(s);
            }
            Op::Swap => {
                let n = self.stack.len();
                self.stack.swap(n - 1, n - arg as usize);
            }
            Op::LoadConst => {
                let c = &self.code.consts[arg as usize];
                let s = Slot::new(self.c(c.bits()), Kind::of(c));
                self.incref(s);
                self.stack.push(s);
            }
            Op::LoadFast => {
                let i = arg as usize;
                let v = self.b.use_var(self.vars[i]);
                self.guard_bound(idx, i, v);
                let k = self.kinds[i];
                let from = matches!(k, Kind::Any | Kind::Ptr).then_some(i);
                self.stack.push(Slot {
                    from,
                    ..Slot::new(v, k)
                });
            }
            Op::StoreFast => {
                let s = self.pop();
                let i = arg as usize;
                self.own_borrows_of(i);
                let old = Slot::new(self.b.use_var(self.vars[i]), self.kinds[i]);
                self.b.def_var(self.vars[i], s.v);
                self.kinds[i] = s.k;
                self.stored.add(i, s.k);
                self.decref(old);
            }
            Op::DeleteFast => {
                let i = arg as usize;
                let v = self.b.use_var(self.vars[i]);
                self.guard_bound(idx, i, v);
                self.own_borrows_of(i);
                let null = self.c(Value::NULL.bits());
                self.b.def_var(self.vars[i], null);
                let k = std::mem::replace(&mut self.kinds[i], Kind::Imm);
                self.decref(Slot::new(v, k));
            }
            Op::LoadGlobal => {
                let global = arg & 1 == 1 && self.call_borrows_global(idx);
                let r = self.load_global(idx, arg >> 1, global);
                if arg & 1 == 1 {
                    let null = self.c(Value::NULL.bits());
                    self.push(null, Kind::Null);
                }
                self.stack.push(Slot {
                    kept: global,
                    ..Slot::new(r, Kind::Any)
                });
                self.name_top(1, arg >> 1);
            }
            Op::LoadName => {
                let namev = self.c(arg as u64);
                let r = self.call(helpers::load_name as *const (), &[self.vm, self.env, namev]);
                self.check(r, idx);
                self.push(r, Kind::Any);
            }
            Op::StoreName => {
                let v = self.pop();
                let namev = self.c(arg as u64);
                let r = self.call(
                    helpers::store_name as *const (),
                    &[self.vm, self.env, namev, v.v],
                );
                self.check(r, idx);
            }
            Op::UnaryNot => {
                let s = self.pop();
                let t = self.truth(idx, s, true);
                let f = self.b.ins().bxor_imm_s(t, 1);
                let v = self.b.ins().bor_imm_s(f, TAG_BOOL as i64);
                self.push(v, Kind::Bool);
            }
            Op::BinaryOp => self.binop(idx, arg, spec.expect("plan gives a spec")),
            Op::CompareOp => {
                let spec = spec.expect("plan gives a spec");
                let fuse = self.code.instrs.get(next).copied().filter(|n| {
                    !self.plan.blocks.contains(&next)
                        && matches!(
                            n.op,
                            Op::PopJumpForwardIfFalse
                                | Op::PopJumpForwardIfTrue
                                | Op::PopJumpBackwardIfFalse
                                | Op::PopJumpBackwardIfTrue
                        )
                });
                let r = self.compare(idx, arg, spec, fuse.is_some());
                match fuse {
                    Some(_) => {
                        // The jump that follows tests this condition directly.
                        let t = self.b.ins().uextend(I64, r);
                        let v = self.b.ins().bor_imm_s(t, TAG_BOOL as i64);
                        self.cond = Some((v, r));
                        self.push(v, Kind::Bool);
                    }
                    None => self.push(r, if spec.guard { Kind::Bool } else { Kind::Any }),
                }
            }
            Op::IsOp => {
                let b = self.pop();
                let a = self.pop();
                let cc = if arg == 1 {
                    IntCC::NotEqual
                } else {
                    IntCC::Equal
                };
                let c = self.b.ins().icmp(cc, a.v, b.v);
                self.decref(a);
                self.decref(b);
                let v = self.box_bool(c);
                self.push(v, Kind::Bool);
            }
            Op::JumpForward | Op::JumpBackward | Op::JumpBackwardNoInterrupt => {
                let t = target.expect("jump has a target");
                self.jump_to(t, self.stack.len());
            }
            Op::PopJumpForwardIfFalse
            | Op::PopJumpBackwardIfFalse
            | Op::PopJumpForwardIfTrue
            | Op::PopJumpBackwardIfTrue => {
                let s = self.pop();
                let t = self.truth(idx, s, true);
                let jump_if_true =
                    matches!(ins.op, Op::PopJumpForwardIfTrue | Op::PopJumpBackwardIfTrue);
                self.branch(t, jump_if_true, target.expect("jump"), next);
            }
            Op::PopJumpForwardIfNone
            | Op::PopJumpBackwardIfNone
            | Op::PopJumpForwardIfNotNone
            | Op::PopJumpBackwardIfNotNone => {
                let s = self.pop();
                let c = self.is_eq(s.v, Value::NONE.bits());
                self.decref(s);
                let jump_if_none =
                    matches!(ins.op, Op::PopJumpForwardIfNone | Op::PopJumpBackwardIfNone);
                self.branch(c, jump_if_none, target.expect("jump"), next);
            }
            Op::JumpIfFalseOrPop | Op::JumpIfTrueOrPop => {
                let s = *self.stack.last().expect("depth checked");
                let t = self.truth(idx, s, false);
                let pop_blk = self.b.create_block();
                let tblk = self.blocks[&target.expect("jump")];
                self.own_stack(0);
                self.check_edge(target.expect("jump"), self.stack.len());
                let args = Self::args(&self.stack);
                if ins.op == Op::JumpIfTrueOrPop {
                    self.b.ins().brif(t, tblk, &args, pop_blk, &[]);
                } else {
                    self.b.ins().brif(t, pop_blk, &[], tblk, &args);
                }
                self.b.switch_to_block(pop_blk);
                let s = self.pop();
                self.decref(s);
                self.jump_to(next, self.stack.len());
            }
            Op::ForIter if matches!(self.stack.last().map(|s| s.k), Some(Kind::Virt(_))) => {
                self.virtual_step(idx, target.expect("jump"));
            }
            Op::ForIter => {
                let it = *self.stack.last().expect("depth checked");
                let got = self.b.create_block();
                self.b.append_block_param(got, I64);
                let slow = self.b.create_block();
                if !self.next_item_inline(it, got, slow) {
                    self.b.ins().jump(slow, &[]);
                }
                self.b.switch_to_block(slow);
                let r = self.call(helpers::for_iter as *const (), &[self.vm, it.v]);
                self.check(r, idx);
                self.when_done(r, target.expect("jump"), None);
                self.b.ins().jump(got, &[BlockArg::Value(r)]);
                self.b.switch_to_block(got);
                self.done = false;
                let item = self.b.block_params(got)[0];
                self.push(item, Kind::Any);
            }
            Op::ReturnValue => {
                // A local's value returned takes the local's reference with it.
                let r = self.pop_ref();
                let r = if r.kept { self.own(r) } else { r };
                let moved = r.from;
                let r = match moved {
                    Some(_) => Slot::new(r.v, r.k),
                    None => r,
                };
                while let Some(s) = self.stack.pop() {
                    self.decref(s);
                }
                for i in 0..self.plan.nlocals {
                    if moved == Some(i) {
                        continue;
                    }
                    let v = self.b.use_var(self.vars[i]);
                    self.decref(Slot::new(v, self.kinds[i]));
                }
                self.b.ins().return_(&[r.v]);
                self.done = true;
            }
            Op::Send => {
                let v = self.pop();
                let v = self.own(v);
                let recv = *self.stack.last().expect("depth checked");
                let out = self.b.ins().stack_addr(I64, self.sbuf, 0);
                let r = self.call(helpers::send as *const (), &[self.vm, recv.v, v.v, out]);
                self.check(r, idx);
                // Finished: the receiver goes, its return value replaces it.
                self.when_done(r, target.expect("jump"), Some(out));
                self.done = false;
                self.push(r, Kind::Any);
            }
            Op::YieldValue => {
                self.yield_value(idx);
                self.done = true;
            }
            Op::KwNames => self.kw = Some((idx, self.code.consts[arg as usize].bits())),
            Op::Call => {
                if !self.range_iter_call(idx, arg as usize, next) {
                    self.call_op(idx, arg as usize);
                }
            }
            Op::LoadAttr => {
                // The helper borrows the object (`self.x` takes no reference to `self`).
                let obj = self.pop_ref();
                if self.sole_class_load(idx, obj) {
                    return Ok(());
                }
                let (name, site) = self.attr_operands(idx);
                let join = self.b.create_block();
                self.b.append_block_param(join, I64);
                let slow = self.b.create_block();
                if let Some((entry, _)) = self.inline_slot(idx, obj, false, slow) {
                    let flags = MemFlagsData::trusted();
                    let value = offset_of!(Entry, value) as i32;
                    let v = self.b.ins().load(I64, flags, entry, value);
                    self.incref(Slot::new(v, Kind::Any));
                    self.release(obj);
                    self.b.ins().jump(join, &[BlockArg::Value(v)]);
                } else {
                    self.b.ins().jump(slow, &[]);
                }
                self.b.switch_to_block(slow);
                let f = helpers::getattr as *const ();
                self.lending_call_to(idx, f, &[self.vm, obj.v, name, site], obj, join);
            }
            Op::StoreAttr => {
                // The helper borrows the object and takes the value.
                let obj = self.pop_ref();
                let v = self.pop();
                if self.sole_class_store(idx, obj, v) {
                    return Ok(());
                }
                let (name, site) = self.attr_operands(idx);
                let join = self.b.create_block();
                let slow = self.b.create_block();
                if let Some((entry, absent)) = self.inline_slot(idx, obj, true, slow) {
                    let flags = MemFlagsData::trusted();
                    let value = offset_of!(Entry, value) as i32;
                    let old = self.b.ins().load(I64, flags, entry, value);
                    self.b.ins().store(flags, v.v, entry, value);
                    let l = self.inst.expect("inline_slot needs the layout");
                    let p = self.b.ins().band_imm_s(obj.v, PAYLOAD_MASK as i64);
                    let ver = self.b.ins().load(I64, flags, p, l.version);
                    let ver = self.b.ins().iadd_imm_s(ver, 1);
                    self.b.ins().store(flags, ver, p, l.version);
                    self.decref(Slot::new(old, Kind::Any));
                    self.release(obj);
                    self.b.ins().jump(join, &[]);
                    // A new attribute, stored where the site has seen it: appended inline
                    // or by a helper when the dict lacks it, else the general path.
                    let (append, at) = absent.expect("a write returns the append block");
                    self.b.switch_to_block(append);
                    let done = self.b.create_block();
                    let helper = self.b.create_block();
                    self.inline_append(idx, obj, at, v.v, helper);
                    self.b.ins().jump(done, &[]);
                    self.b.switch_to_block(helper);
                    let f = helpers::append_attr as *const ();
                    let r = self.call(f, &[obj.v, at, name, v.v]);
                    self.b.ins().brif(r, slow, &[], done, &[]);
                    self.b.switch_to_block(done);
                    self.release(obj);
                    self.b.ins().jump(join, &[]);
                } else {
                    self.b.ins().jump(slow, &[]);
                }
                self.b.switch_to_block(slow);
                let r = self.call(
                    helpers::setattr as *const (),
                    &[self.vm, obj.v, v.v, name, site],
                );
                self.release(obj);
                self.check(r, idx);
                self.b.ins().jump(join, &[]);
                self.b.switch_to_block(join);
            }
            Op::LoadMethod => {
                let obj = self.pop();
                if self.sole_class_method(idx, obj) {
                    self.name_top(2, arg);
                    return Ok(());
                }
                let join = self.b.create_block();
                self.b.append_block_param(join, I64);
                self.b.append_block_param(join, I64);
                let slow = self.b.create_block();
                self.b.set_cold_block(slow);
                // Sites that have only seen instances so far check only for those.
                if self.code.attr_site(idx).has_tag_finding() {
                    self.builtin_method(idx, obj, join, slow);
                }
                match self.inline_method(idx, obj, slow) {
                    Some(method) => {
                        self.incref(Slot::new(method, Kind::Ptr));
                        let args = [BlockArg::Value(method), BlockArg::Value(obj.v)];
                        self.b.ins().jump(join, &args);
                    }
                    None => {
                        self.b.ins().jump(slow, &[]);
                    }
                }
                self.b.switch_to_block(slow);
                let (name, site) = self.attr_operands(idx);
                let out = self.b.ins().stack_addr(I64, self.sbuf, 0);
                let r = self.call(
                    helpers::load_method as *const (),
                    &[self.vm, obj.v, name, site, out],
                );
                self.check(r, idx);
                let pair = Self::args(&self.reload(2));
                self.b.ins().jump(join, &pair);
                self.b.switch_to_block(join);
                for k in 0..2 {
                    let v = self.b.block_params(join)[k];
                    self.push(v, Kind::Any);
                }
                self.name_top(2, arg);
            }
            Op::ContainsOp => {
                let b = self.pop_ref();
                let a = self.pop_ref();
                let inv = self.c(arg as u64);
                let r = self.call(helpers::contains as *const (), &[self.vm, a.v, b.v, inv]);
                self.release(a);
                self.release(b);
                self.check(r, idx);
                self.push(r, Kind::Bool);
            }
            Op::UnaryNegative | Op::UnaryPositive | Op::UnaryInvert => {
                let v = self.pop_ref();
                if ins.op == Op::UnaryNegative && v.k == Kind::Float {
                    let x = self.b.ins().bitcast(F64, MemFlagsData::new(), v.v);
                    let neg = self.b.ins().fneg(x);
                    let bits = self.box_float(neg);
                    self.push(bits, Kind::Float);
                    return Ok(());
                }
                let join = self.b.create_block();
                self.b.append_block_param(join, I64);
                let slow = self.b.create_block();
                if ins.op == Op::UnaryNegative {
                    // -x of a float inline.
                    let isf = self.is_float(v).expect("not a known float");
                    let fast = self.b.create_block();
                    self.b.ins().brif(isf, fast, &[], slow, &[]);
                    self.b.switch_to_block(fast);
                    let x = self.b.ins().bitcast(F64, MemFlagsData::new(), v.v);
                    let neg = self.b.ins().fneg(x);
                    let bits = self.box_float(neg);
                    self.b.ins().jump(join, &[BlockArg::Value(bits)]);
                } else {
                    self.b.ins().jump(slow, &[]);
                }
                self.b.switch_to_block(slow);
                let opv = self.c(ins.op.number() as u64);
                let f = helpers::unary as *const ();
                self.lending_call_to(idx, f, &[self.vm, v.v, opv], v, join);
            }
            Op::ListAppend => {
                let v = self.pop();
                let list = self.stack[self.stack.len() - arg as usize];
                let r = self.call(helpers::list_append as *const (), &[self.vm, list.v, v.v]);
                self.check(r, idx);
            }
            Op::BinarySubscr => {
                let key = self.pop();
                let obj = self.pop_ref();
                let index = self.index_spec(idx).filter(|_| self.indexable(obj, key));
                if index.is_none() {
                    self.own_kept();
                }
                let r = match (self.slice_parts.take(), index) {
                    (Some(parts), _) => self.slice_subscr(idx, obj, None, parts),
                    (None, Some(elem)) => {
                        self.index_load(idx, obj, key, elem);
                        return Ok(());
                    }
                    (None, None) => self.subscr(idx, obj, key),
                };
                self.push(r, Kind::Any);
            }
            Op::StoreSubscr => {
                let key = self.pop();
                let obj = self.pop_ref();
                let v = self.pop();
                let index = self.index_spec(idx).filter(|_| self.indexable(obj, key));
                if index.is_none() {
                    self.own_kept();
                }
                match (self.slice_parts.take(), index) {
                    (Some(parts), _) => {
                        self.slice_subscr(idx, obj, Some(v), parts);
                    }
                    (None, Some(_)) => self.index_store(idx, v, obj, key),
                    (None, None) => self.store_subscr(idx, v, obj, key),
                }
            }
            Op::BuildSlice if self.fused_slice(idx) => {
                let at = self.stack.len() - arg as usize;
                self.slice_parts = Some(self.stack.split_off(at));
                // A stand-in the subscript consumes without looking at it.
                let none = self.c(Value::NONE.bits());
                self.push(none, Kind::Imm);
            }
            Op::GetIter if self.iter_made => self.iter_made = false,
            Op::GetIter => match self.vloop_at(idx + 1) {
                Some(id) => self.virtual_seq(idx, id),
                None => {
                    let v = self.pop();
                    let r = self.call(helpers::get_iter as *const (), &[self.vm, v.v]);
                    self.check(r, idx);
                    self.push(r, Kind::Ptr);
                }
            },
            Op::UnpackSequence => {
                let seq = self.pop();
                self.unpack(idx, seq, arg as usize);
            }
            Op::BuildTuple | Op::BuildList | Op::BuildSlice => {
                let n = arg as usize;
                let at = self.stack.len() - n;
                let items = self.stack.split_off(at);
                let addr = self.spill(&items);
                let nv = self.c(n as u64);
                let f = match ins.op {
                    Op::BuildTuple => helpers::build_tuple as *const (),
                    Op::BuildList => helpers::build_list as *const (),
                    _ => helpers::build_slice as *const (),
                };
                let r = self.call(f, &[addr, nv]);
                self.push(r, Kind::Ptr);
            }
            Op::BuildSet | Op::BuildMap | Op::BuildConstKeyMap | Op::BuildString => {
                // The helpers take the values (`n` stack slots) and the instruction's count.
                let (n, f) = match ins.op {
                    Op::BuildSet => (arg as usize, helpers::build_set as *const ()),
                    Op::BuildMap => (2 * arg as usize, helpers::build_map as *const ()),
                    Op::BuildConstKeyMap => {
                        (arg as usize + 1, helpers::build_const_key_map as *const ())
                    }
                    _ => (arg as usize, helpers::build_string as *const ()),
                };
                let at = self.stack.len() - n;
                let items = self.stack.split_off(at);
                let addr = self.spill(&items);
                let nv = self.c(arg as u64);
                if ins.op == Op::BuildString {
                    let r = self.call(f, &[addr, nv]);
                    self.push(r, Kind::Ptr);
                } else {
                    let r = self.call(f, &[self.vm, addr, nv]);
                    self.check(r, idx);
                    self.push(r, Kind::Ptr);
                }
            }
            Op::FormatValue => {
                let spec = if arg & 0x04 != 0 {
                    self.pop()
                } else {
                    Slot::new(self.c(Value::NULL.bits()), Kind::Null)
                };
                let v = self.pop();
                let flags = self.c(arg as u64);
                let f = helpers::format_value as *const ();
                let r = self.call(f, &[self.vm, v.v, spec.v, flags]);
                self.check(r, idx);
                self.push(r, Kind::Ptr);
            }
            Op::SetAdd | Op::MapAdd | Op::ListExtend => {
                let v = self.pop();
                let (f, args) = if ins.op == Op::MapAdd {
                    let k = self.pop();
                    let d = self.stack[self.stack.len() - arg as usize];
                    (helpers::map_add as *const (), vec![self.vm, d.v, k.v, v.v])
                } else {
                    let c = self.stack[self.stack.len() - arg as usize];
                    let f = match ins.op {
                        Op::SetAdd => helpers::set_add as *const (),
                        _ => helpers::list_extend as *const (),
                    };
                    (f, vec![self.vm, c.v, v.v])
                };
                let r = self.call(f, &args);
                self.check(r, idx);
            }
            Op::ListToTuple => {
                let l = self.pop();
                let r = self.call(helpers::list_to_tuple as *const (), &[l.v]);
                self.push(r, Kind::Ptr);
            }
            Op::DeleteSubscr => {
                let key = self.pop();
                let obj = self.pop();
                let f = helpers::delete_subscr as *const ();
                let r = self.call(f, &[self.vm, obj.v, key.v]);
                self.check(r, idx);
            }
            Op::GetYieldFromIter => {
                let v = self.pop();
                let r = self.call(helpers::yield_from_iter as *const (), &[self.vm, v.v]);
                self.check(r, idx);
                self.push(r, Kind::Ptr);
            }
            Op::MakeCell => {
                let i = arg as usize;
                self.own_borrows_of(i);
                let v = self.b.use_var(self.vars[i]);
                let cell = self.call(helpers::make_cell as *const (), &[v]);
                self.b.def_var(self.vars[i], cell);
                self.kinds[i] = Kind::Ptr;
            }
            Op::CopyFreeVars => {
                let n = arg as usize;
                let cells = self.closure_cells(n);
                for (k, cell) in cells.into_iter().enumerate() {
                    let i = self.plan.nlocals - n + k;
                    self.own_borrows_of(i);
                    self.b.def_var(self.vars[i], cell);
                    self.kinds[i] = Kind::Any;
                }
            }
            Op::LoadClosure => {
                let v = self.b.use_var(self.vars[arg as usize]);
                let s = Slot::new(v, Kind::Any);
                self.incref(s);
                self.stack.push(s);
            }
            Op::LoadDeref => {
                let kept = self.borrows_cell(idx);
                let cell = self.b.use_var(self.vars[arg as usize]);
                let join = self.b.create_block();
                self.b.append_block_param(join, I64);
                let slow = self.b.create_block();
                self.b.set_cold_block(slow);
                match self.cell_value(cell, false, slow) {
                    Some((p, l)) => {
                        let flags = MemFlagsData::trusted();
                        let v = self.b.ins().load(I64, flags, p, l.value);
                        let bound =
                            self.b
                                .ins()
                                .icmp_imm_s(IntCC::NotEqual, v, Value::NULL.bits() as i64);
                        let hit = self.b.create_block();
                        self.b.ins().brif(bound, hit, &[], slow, &[]);
                        self.b.switch_to_block(hit);
                        if !kept {
                            self.incref(Slot::new(v, Kind::Any));
                        }
                        self.b.ins().jump(join, &[BlockArg::Value(v)]);
                    }
                    None => {
                        self.b.ins().jump(slow, &[]);
                    }
                }
                self.b.switch_to_block(slow);
                let r = self.call(helpers::load_deref as *const (), &[cell]);
                let ok = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, DEOPT as i64);
                let stack = self.stack.clone();
                self.guard(ok, idx, ExitKind::Deopt, &stack);
                if kept {
                    // The cell keeps it: nothing ran since.
                    self.decref(Slot::new(r, Kind::Any));
                }
                self.b.ins().jump(join, &[BlockArg::Value(r)]);
                self.b.switch_to_block(join);
                let r = self.b.block_params(join)[0];
                self.stack.push(Slot {
                    kept,
                    ..Slot::new(r, Kind::Any)
                });
            }
            Op::StoreDeref => {
                let v = self.pop();
                let cell = self.b.use_var(self.vars[arg as usize]);
                let join = self.b.create_block();
                let slow = self.b.create_block();
                self.b.set_cold_block(slow);
                match self.cell_value(cell, true, slow) {
                    Some((p, l)) => {
                        let flags = MemFlagsData::trusted();
                        let old = self.b.ins().load(I64, flags, p, l.value);
                        self.b.ins().store(flags, v.v, p, l.value);
                        // An unbound cell holds NULL, which is not a heap value.
                        self.decref(Slot::new(old, Kind::Any));
                        self.b.ins().jump(join, &[]);
                    }
                    None => {
                        self.b.ins().jump(slow, &[]);
                    }
                }
                self.b.switch_to_block(slow);
                self.call0(helpers::store_deref as *const (), &[cell, v.v]);
                self.b.ins().jump(join, &[]);
                self.b.switch_to_block(join);
            }
            op => return Err(Reject(format!("no lowering for {}", op.name()))),
        }
        Ok(())
    }
}
