//! The bytecode interpreter loop: one `match` over the decoded opcode.
//!
//! Errors raised by an instruction go to [`Vm::run_frame`]'s handler search in the 3.11
//! exception table; unhandled ones get a traceback entry and propagate to the caller.
//!
//! It runs only code the verifier accepted (`bytecode::verify`), and relies on that: operand
//! indices into constants, names and fast locals are in range, jumps land on instructions,
//! and the value stack never goes deeper than `Code::max_depth`, which frames reserve. (The
//! stack-underflow checks left in `pop!` and `peek` cost nothing measurable and keep a
//! verifier bug from being a memory error.) A debug build checks, before every instruction,
//! that the stack has exactly the depth the verifier proved (`Code::depths`).

use crate::bytecode::decode::{jump_target, Instr};
use crate::bytecode::exceptions::find_handler;
use crate::bytecode::opcode::Opcode as Op;
use crate::object::{Code, Dict, Obj};
use crate::value::Value;
use crate::vm::frame::{Frame, FrameExit};
use crate::vm::tier2::seen;
use crate::vm::{ops, PyResult, Vm};

/// An error leaving an instruction: the exception, and whether to add a traceback entry
/// (re-raises don't).
pub struct Raise {
    pub exc: Value,
    pub add_tb: bool,
    /// Already unwound through this frame (by native code that finished it): propagate
    /// without a handler search.
    pub unwound: bool,
}

impl From<Value> for Raise {
    fn from(exc: Value) -> Raise {
        Raise {
            exc,
            add_tb: true,
            unwound: false,
        }
    }
}

/// The TypeError of an `except` (or `except*`) clause naming something other than an
/// exception class.
pub(crate) const CANNOT_CATCH: &str =
    "catching classes that do not inherit from BaseException is not allowed";

/// A hot loop tries on-stack replacement every this many back-edges (and so at most once per
/// this many iterations when tier 2 declines).
const OSR_EVERY: u32 = 64;

macro_rules! pop {
    ($f:expr) => {
        match $f.stack.pop() {
            Some(v) => v,
            None => return Err(Raise::from(Value::NULL)),
        }
    };
}

macro_rules! top {
    ($f:expr) => {
        match $f.stack.last() {
            Some(v) => v,
            None => return Err(Raise::from(Value::NULL)),
        }
    };
}

/// A loop's back edge was taken (`f.ip` is its target): counts it and, once the code is hot,
/// continues the loop in native code (on-stack replacement), returning what the frame returns.
macro_rules! back_edge {
    ($vm:expr, $f:expr, $code:expr) => {
        if crate::vm::signals::pending() {
            $vm.take_signals()?;
        }
        let n = $code.backedges.get().wrapping_add(1);
        $code.backedges.set(n);
        if n >= $vm.jit_threshold && n.is_multiple_of(OSR_EVERY) {
            if let Some(r) = $vm.try_osr($f, $f.ip) {
                return match r {
                    Ok(v) => Ok(Some(FrameExit::Return(v))),
                    Err(exc) => Err(Raise {
                        exc,
                        add_tb: false,
                        unwound: true,
                    }),
                };
            }
        }
    };
}

impl Vm {
    /// Runs `f` until it returns, yields, or raises an exception it does not handle.
    pub fn run_frame(&mut self, f: &mut Frame) -> PyResult<FrameExit> {
        let mut pending = f.pending.take().map(Raise::from);
        loop {
            let err = match pending.take() {
                Some(e) => e,
                None => match self.execute(f) {
                    Ok(exit) => return Ok(exit),
                    Err(e) => e,
                },
            };
            if err.unwound {
                return Err(err.exc);
            }
            let exc = if err.exc.is_null() {
                self.system_error("value stack underflow (malformed bytecode)")
            } else {
                err.exc
            };
            if err.add_tb {
                self.add_traceback(&exc, &f.code, f.lasti, &f.globals);
                self.set_context(&exc);
            }
            match find_handler(&f.code.exc_table, f.lasti as u32) {
                Some(h) => {
                    let depth = h.depth as usize;
                    if f.stack.len() < depth {
                        return Err(self.system_error("exception handler depth exceeds stack"));
                    }
                    f.stack.truncate(depth);
                    if h.lasti {
                        f.stack.push(Value::int(f.lasti as i64));
                    }
                    f.stack.push(exc);
                    f.ip = h.target as usize;
                }
                None => return Err(exc),
            }
        }
    }

    fn execute(&mut self, f: &mut Frame) -> Result<FrameExit, Raise> {
        let code = f.code.clone();
        let instrs = &code.instrs;
        loop {
            let idx = f.ip;
            let Some(&instr) = instrs.get(idx) else {
                return Err(self.system_error("ran off the end of the bytecode").into());
            };
            f.lasti = idx;
            f.ip = idx + 1 + instr.op.cache_entries() as usize;
            code.debug_check_depth(idx, f.stack.len(), true, "interpreter");
            if let Some(exit) = self.step(f, &code, idx, instr)? {
                return Ok(exit);
            }
        }
    }

    /// Executes the one instruction `instr` at `idx` of `f` (whose `ip` already points past
    /// it); Some when the frame stops. Tier 2 also calls this for instructions it leaves to
    /// the interpreter's implementation.
    #[inline(always)]
    pub fn step(
        &mut self,
        f: &mut Frame,
        code: &Code,
        idx: usize,
        instr: Instr,
    ) -> Result<Option<FrameExit>, Raise> {
        {
            let arg = instr.arg;
            match instr.op {
                Op::Nop | Op::Cache | Op::ExtendedArg | Op::Precall => {}
                // CPython's eval-breaker check: a function that has no loop of its own, called
                // over and over from native code (`list(map(f, ...))`), still answers Ctrl-C.
                Op::Resume => {
                    if crate::vm::signals::pending() {
                        self.take_signals()?;
                    }
                }
                Op::PopTop => {
                    pop!(f);
                }
                Op::PushNull => f.stack.push(Value::NULL),
                Op::Copy => {
                    let n = arg as usize;
                    if n == 0 || n > f.stack.len() {
                        return Err(Value::NULL.into());
                    }
                    let v = f.stack[f.stack.len() - n].clone();
                    f.stack.push(v);
                }
                Op::Swap => {
                    let n = arg as usize;
                    let len = f.stack.len();
                    if n == 0 || n > len {
                        return Err(Value::NULL.into());
                    }
                    f.stack.swap(len - 1, len - n);
                }
                Op::LoadConst => f.stack.push(code.consts[arg as usize].clone()),
                Op::LoadFast => {
                    let v = &f.fast[arg as usize];
                    if v.is_null() {
                        return Err(self.unbound_local(code, arg as usize).into());
                    }
                    f.stack.push(v.clone());
                }
                Op::StoreFast => {
                    let v = pop!(f);
                    f.fast[arg as usize] = v;
                }
                Op::DeleteFast => {
                    if f.fast[arg as usize].is_null() {
                        return Err(self.unbound_local(code, arg as usize).into());
                    }
                    f.fast[arg as usize] = Value::NULL;
                }
                Op::LoadGlobal => {
                    let name = &code.names[(arg >> 1) as usize];
                    if arg & 1 == 1 {
                        f.stack.push(Value::NULL);
                    }
                    let v = self.load_global(f, name)?;
                    f.stack.push(v);
                }
                Op::StoreGlobal => {
                    let v = pop!(f);
                    let name = &code.names[arg as usize];
                    self.dict_set_str(&f.globals, name, v)?;
                }
                Op::DeleteGlobal => {
                    let name = &code.names[arg as usize];
                    if !self.dict_del_str(&f.globals, name)? {
                        return Err(self.undefined_name(name, &f.globals).into());
                    }
                }
                Op::LoadName => {
                    let name = &code.names[arg as usize];
                    let v = self.load_name(f, name)?;
                    f.stack.push(v);
                }
                Op::StoreName => {
                    let v = pop!(f);
                    let name = &code.names[arg as usize];
                    let target = if f.locals.is_null() {
                        f.globals.clone()
                    } else {
                        f.locals.clone()
                    };
                    self.setitem(&target, name, v)?;
                }
                Op::DeleteName => {
                    let name = &code.names[arg as usize];
                    let target = if f.locals.is_null() {
                        f.globals.clone()
                    } else {
                        f.locals.clone()
                    };
                    if !self.locals_del(&target, name)? {
                        return Err(self.undefined_name(name, &f.globals).into());
                    }
                }
                Op::MakeCell => {
                    let i = arg as usize;
                    let v = std::mem::take(&mut f.fast[i]);
                    f.fast[i] = Value::cell(v);
                }
                Op::CopyFreeVars => {
                    let n = arg as usize;
                    let closure = f.closure.clone();
                    let base = f.fast.len() - n;
                    if let Some(cells) = closure.as_tuple() {
                        for (i, c) in cells.iter().take(n).enumerate() {
                            f.fast[base + i] = c.clone();
                        }
                    }
                }
                Op::LoadClosure => f.stack.push(f.fast[arg as usize].clone()),
                Op::LoadDeref => {
                    let v = self.load_deref(f, arg as usize)?;
                    f.stack.push(v);
                }
                Op::LoadClassderef => {
                    let i = arg as usize;
                    let name = code.varnames[i].clone();
                    let found = if f.locals.is_null() {
                        None
                    } else {
                        self.locals_get(&f.locals, &name)?
                    };
                    let v = match found {
                        Some(v) => v,
                        None => self.load_deref(f, i)?,
                    };
                    f.stack.push(v);
                }
                Op::StoreDeref => {
                    let v = pop!(f);
                    if let Some(Obj::Cell(c)) = f.fast[arg as usize].obj() {
                        *c.borrow_mut() = v;
                    }
                }
                Op::DeleteDeref => {
                    if let Some(Obj::Cell(c)) = f.fast[arg as usize].obj() {
                        *c.borrow_mut() = Value::NULL;
                    }
                }
                Op::UnaryPositive | Op::UnaryNegative | Op::UnaryInvert => {
                    let v = pop!(f);
                    let op = ops::Unary::of(instr.op).expect("a unary opcode");
                    let r = self.unary_op(&v, op)?;
                    f.stack.push(r);
                }
                Op::UnaryNot => {
                    let v = pop!(f);
                    let t = self.is_true(&v)?;
                    f.stack.push(Value::bool(!t));
                }
                Op::BinaryOp => {
                    let b = pop!(f);
                    let a = pop!(f);
                    record(code, idx, &a, &b);
                    // Small-int + and - inline (48-bit operands cannot overflow i64).
                    let r = match (a.as_small_int(), b.as_small_int(), arg % 13) {
                        (Some(x), Some(y), ops::NB_ADD) => Value::int(x + y),
                        (Some(x), Some(y), ops::NB_SUBTRACT) => Value::int(x - y),
                        _ if arg == ops::NB_INPLACE_ADD
                            && a.as_str().is_some()
                            && b.as_str().is_some() =>
                        {
                            // `s += t` then `s = ...`: the local lets go of its string first,
                            // so the string may grow in place (as in CPython).
                            let next = code.instrs.get(f.ip).copied();
                            if let Some(n) = next.filter(|n| n.op == Op::StoreFast) {
                                if f.fast[n.arg as usize].is(&a) {
                                    f.fast[n.arg as usize] = Value::NULL;
                                }
                            }
                            let mut a = a;
                            if Vm::grow_str_in_place(&mut a, &b) {
                                a
                            } else {
                                self.binary_op(&a, &b, arg)?
                            }
                        }
                        _ => self.binary_op(&a, &b, arg)?,
                    };
                    f.stack.push(r);
                }
                Op::CompareOp => {
                    let b = pop!(f);
                    let a = pop!(f);
                    record(code, idx, &a, &b);
                    let r = match (a.as_small_int(), b.as_small_int()) {
                        (Some(x), Some(y)) => Value::bool(ops::cmp_ord(x.cmp(&y), arg)),
                        _ => self.compare(&a, &b, arg)?,
                    };
                    f.stack.push(r);
                }
                Op::IsOp => {
                    let b = pop!(f);
                    let a = pop!(f);
                    f.stack.push(Value::bool(a.is(&b) != (arg == 1)));
                }
                Op::ContainsOp => {
                    let b = pop!(f);
                    let a = pop!(f);
                    let r = self.contains(&b, &a)?;
                    f.stack.push(Value::bool(r != (arg == 1)));
                }
                Op::BinarySubscr => {
                    let key = pop!(f);
                    let obj = pop!(f);
                    let r = self.getitem(&obj, &key)?;
                    record_subscript(code, idx, &obj, &key, Some(&r));
                    f.stack.push(r);
                }
                Op::StoreSubscr => {
                    let key = pop!(f);
                    let obj = pop!(f);
                    let v = pop!(f);
                    record_subscript(code, idx, &obj, &key, None);
                    self.setitem(&obj, &key, v)?;
                }
                Op::DeleteSubscr => {
                    let key = pop!(f);
                    let obj = pop!(f);
                    self.delitem(&obj, &key)?;
                }
                Op::BuildTuple => {
                    let items = split_top(f, arg as usize)?;
                    f.stack.push(Value::tuple(items));
                }
                Op::BuildList => {
                    let items = split_top(f, arg as usize)?;
                    f.stack.push(Value::list(items));
                }
                Op::BuildSet => {
                    let items = split_top(f, arg as usize)?;
                    let s = self.build_set(items)?;
                    f.stack.push(s);
                }
                Op::BuildMap => {
                    let items = split_top(f, 2 * arg as usize)?;
                    let d = self.build_map(items)?;
                    f.stack.push(d);
                }
                Op::BuildConstKeyMap => {
                    let keys = pop!(f);
                    let vals = split_top(f, arg as usize)?;
                    let d = self.build_const_key_map(&keys, vals)?;
                    f.stack.push(d);
                }
                Op::BuildString => {
                    let parts = split_top(f, arg as usize)?;
                    f.stack.push(Vm::build_string(&parts));
                }
                Op::BuildSlice => {
                    let step = if arg == 3 { pop!(f) } else { Value::NONE };
                    let stop = pop!(f);
                    let start = pop!(f);
                    f.stack
                        .push(Value::new_obj(Obj::Slice(Box::new([start, stop, step]))));
                }
                Op::ListAppend => {
                    let v = pop!(f);
                    let l = peek(f, arg as usize)?;
                    self.list_append(&l, v)?;
                }
                Op::SetAdd => {
                    let v = pop!(f);
                    let s = peek(f, arg as usize)?;
                    self.set_add(&s, v)?;
                }
                Op::MapAdd => {
                    let v = pop!(f);
                    let k = pop!(f);
                    let d = peek(f, arg as usize)?;
                    self.setitem(&d, &k, v)?;
                }
                Op::ListExtend => {
                    let it = pop!(f);
                    let l = peek(f, arg as usize)?;
                    self.list_extend(&l, &it)?;
                }
                Op::SetUpdate => {
                    let it = pop!(f);
                    let s = peek(f, arg as usize)?;
                    self.set_update(&s, &it)?;
                }
                Op::DictUpdate => {
                    let other = pop!(f);
                    let d = peek(f, arg as usize)?;
                    self.dict_update(&d, &other, None)?;
                }
                Op::DictMerge => {
                    let other = pop!(f);
                    let d = peek(f, arg as usize)?;
                    let callee = peek(f, arg as usize + 2)?;
                    self.dict_update(&d, &other, Some(&callee))?;
                }
                Op::ListToTuple => {
                    let l = pop!(f);
                    f.stack.push(Vm::list_to_tuple(&l));
                }
                Op::UnpackSequence => {
                    let seq = pop!(f);
                    let items = self.unpack(&seq, arg as usize)?;
                    f.stack.extend(items.into_iter().rev());
                }
                Op::UnpackEx => {
                    let seq = pop!(f);
                    let before = (arg & 0xff) as usize;
                    let after = (arg >> 8) as usize;
                    let items = self.collect(&seq)?;
                    if items.len() < before + after {
                        let msg = format!(
                            "not enough values to unpack (expected at least {}, got {})",
                            before + after,
                            items.len()
                        );
                        return Err(self.value_error(msg).into());
                    }
                    let mid_end = items.len() - after;
                    let mut out = Vec::with_capacity(before + after + 1);
                    out.extend_from_slice(&items[..before]);
                    out.push(Value::list(items[before..mid_end].to_vec()));
                    out.extend_from_slice(&items[mid_end..]);
                    f.stack.extend(out.into_iter().rev());
                }
                Op::GetIter => {
                    let v = pop!(f);
                    let it = self.get_iter(&v)?;
                    f.stack.push(it);
                }
                Op::GetYieldFromIter => {
                    let v = pop!(f);
                    let it = self.yield_from_iter(v)?;
                    f.stack.push(it);
                }
                Op::ForIter => {
                    let it = top!(f).clone();
                    match self.iter_next(&it)? {
                        Some(v) => f.stack.push(v),
                        None => {
                            f.stack.pop();
                            f.ip = self.jump(idx, instr)?;
                        }
                    }
                }
                Op::JumpForward | Op::JumpBackwardNoInterrupt => f.ip = self.jump(idx, instr)?,
                Op::JumpBackward => {
                    f.ip = self.jump(idx, instr)?;
                    back_edge!(self, f, code);
                }
                Op::PopJumpForwardIfFalse | Op::PopJumpBackwardIfFalse => {
                    let v = pop!(f);
                    if !self.is_true(&v)? {
                        f.ip = self.jump(idx, instr)?;
                        if instr.op.is_loop_back() {
                            back_edge!(self, f, code);
                        }
                    }
                }
                Op::PopJumpForwardIfTrue | Op::PopJumpBackwardIfTrue => {
                    let v = pop!(f);
                    if self.is_true(&v)? {
                        f.ip = self.jump(idx, instr)?;
                        if instr.op.is_loop_back() {
                            back_edge!(self, f, code);
                        }
                    }
                }
                Op::PopJumpForwardIfNone | Op::PopJumpBackwardIfNone => {
                    let v = pop!(f);
                    if v.is_none() {
                        f.ip = self.jump(idx, instr)?;
                        if instr.op.is_loop_back() {
                            back_edge!(self, f, code);
                        }
                    }
                }
                Op::PopJumpForwardIfNotNone | Op::PopJumpBackwardIfNotNone => {
                    let v = pop!(f);
                    if !v.is_none() {
                        f.ip = self.jump(idx, instr)?;
                        if instr.op.is_loop_back() {
                            back_edge!(self, f, code);
                        }
                    }
                }
                Op::JumpIfFalseOrPop => {
                    let v = top!(f).clone();
                    if !self.is_true(&v)? {
                        f.ip = self.jump(idx, instr)?;
                    } else {
                        f.stack.pop();
                    }
                }
                Op::JumpIfTrueOrPop => {
                    let v = top!(f).clone();
                    if self.is_true(&v)? {
                        f.ip = self.jump(idx, instr)?;
                    } else {
                        f.stack.pop();
                    }
                }
                Op::LoadAttr => {
                    let obj = pop!(f);
                    let r =
                        self.getattr_site(&obj, &code.names[arg as usize], code.attr_site(idx))?;
                    f.stack.push(r);
                }
                Op::StoreAttr => {
                    let obj = pop!(f);
                    let v = pop!(f);
                    self.setattr_site(&obj, &code.names[arg as usize], v, code.attr_site(idx))?;
                }
                Op::DeleteAttr => {
                    let obj = pop!(f);
                    self.delattr(&obj, &code.names[arg as usize])?;
                }
                Op::LoadMethod => {
                    let obj = pop!(f);
                    let (m, s) =
                        self.load_method_site(obj, &code.names[arg as usize], code.attr_site(idx))?;
                    f.stack.push(m);
                    f.stack.push(s);
                }
                Op::KwNames => f.kw_names = code.consts[arg as usize].clone(),
                Op::Call => {
                    let n = arg as usize;
                    let kw_names = std::mem::take(&mut f.kw_names);
                    if f.stack.len() < n + 2 {
                        return Err(Value::NULL.into());
                    }
                    let base = f.stack.len() - n - 2;
                    let r = {
                        let (callable, args_start) = if f.stack[base].is_null() {
                            (f.stack[base + 1].clone(), base + 2)
                        } else {
                            (f.stack[base].clone(), base + 1)
                        };
                        let args = &f.stack[args_start..];
                        if let Some(r) = self.frame_builtin_call(f, &callable, args, &kw_names)? {
                            r
                        } else {
                            self.call_with_kwnames(&callable, args, &kw_names)?
                        }
                    };
                    f.stack.truncate(base);
                    f.stack.push(r);
                }
                Op::CallFunctionEx => {
                    let kwargs = if arg & 1 == 1 { pop!(f) } else { Value::NULL };
                    let args = pop!(f);
                    let func = pop!(f);
                    let _null = pop!(f);
                    let pos = self.collect(&args)?;
                    let kw = if kwargs.is_null() {
                        vec![]
                    } else {
                        self.kwargs_pairs(&kwargs)?
                    };
                    let r = self.call(&func, &pos, &kw)?;
                    f.stack.push(r);
                }
                Op::MakeFunction => {
                    let code_v = pop!(f);
                    let closure = if arg & 0x08 != 0 {
                        pop!(f)
                    } else {
                        Value::NULL
                    };
                    let annotations = if arg & 0x04 != 0 {
                        pop!(f)
                    } else {
                        Value::NULL
                    };
                    let kwdefaults = if arg & 0x02 != 0 {
                        pop!(f)
                    } else {
                        Value::NULL
                    };
                    let defaults = if arg & 0x01 != 0 {
                        pop!(f)
                    } else {
                        Value::NULL
                    };
                    let func = self.make_function(
                        &code_v,
                        f.globals.clone(),
                        defaults,
                        kwdefaults,
                        closure,
                    )?;
                    if !annotations.is_null() {
                        self.set_annotations(&func, &annotations)?;
                    }
                    f.stack.push(func);
                }
                Op::ReturnValue => {
                    let v = pop!(f);
                    return Ok(Some(FrameExit::Return(v)));
                }
                Op::ReturnGenerator => {
                    return Ok(Some(FrameExit::Generator));
                }
                Op::YieldValue => {
                    let v = pop!(f);
                    return Ok(Some(FrameExit::Yield(v)));
                }
                Op::Send => {
                    let v = pop!(f);
                    let receiver = top!(f).clone();
                    match self.send(&receiver, v)? {
                        Ok(yielded) => f.stack.push(yielded),
                        Err(ret) => {
                            f.stack.pop();
                            f.stack.push(ret);
                            f.ip = self.jump(idx, instr)?;
                        }
                    }
                }
                Op::RaiseVarargs => {
                    return Err(self.do_raise(f, arg)?);
                }
                Op::Reraise => {
                    // With arg != 0 CPython restores `lasti` for line numbers only; the
                    // handler search still starts from this RERAISE, as here.
                    let exc = pop!(f);
                    return Err(Raise {
                        exc,
                        add_tb: false,
                        unwound: false,
                    });
                }
                Op::PushExcInfo => {
                    let exc = pop!(f);
                    let prev = std::mem::replace(&mut self.handled, exc.clone());
                    f.stack.push(prev);
                    f.stack.push(exc);
                }
                Op::PopExcept => {
                    let prev = pop!(f);
                    self.handled = prev;
                }
                Op::CheckExcMatch => {
                    let cls = pop!(f);
                    let exc = top!(f).clone();
                    let m = self.exception_match(&exc, &cls)?;
                    f.stack.push(Value::bool(m));
                }
                Op::CheckEgMatch => {
                    let match_type = pop!(f);
                    let exc = top!(f).clone();
                    let (part, rest) =
                        crate::builtins::exc_group::except_star_match(self, &exc, &match_type)?;
                    if part.is_none() {
                        f.stack.push(Value::NONE);
                    } else {
                        *f.stack.last_mut().expect("the exception") = rest;
                        self.handled = part.clone();
                        f.stack.push(part);
                    }
                }
                Op::PrepReraiseStar => {
                    let excs = pop!(f);
                    let orig = pop!(f);
                    let r = crate::builtins::exc_group::prep_reraise_star(self, &orig, &excs)?;
                    f.stack.push(r);
                }
                Op::LoadAssertionError => f.stack.push(self.exc.assertion_error.clone()),
                Op::LoadBuildClass => {
                    let b = self.dict_get_str_fast(&f.builtins, &Value::str("__build_class__"));
                    match b {
                        Some(b) => f.stack.push(b),
                        None => return Err(self.name_error("__build_class__ not found").into()),
                    }
                }
                Op::BeforeWith => {
                    let mgr = pop!(f);
                    let exit = self.lookup_special_bound(&mgr, "__exit__")?;
                    let enter = self.lookup_special_bound(&mgr, "__enter__")?;
                    let (Some(enter), Some(exit)) = (&enter, exit) else {
                        let t = self.type_name(&mgr);
                        let missed = if enter.is_some() {
                            " (missed __exit__ method)"
                        } else {
                            ""
                        };
                        return Err(self
                            .type_error(format!(
                                "'{t}' object does not support the context manager protocol{missed}"
                            ))
                            .into());
                    };
                    f.stack.push(exit);
                    let r = self.call(enter, &[], &[])?;
                    f.stack.push(r);
                }
                Op::WithExceptStart => {
                    // stack: exit_func, lasti, prev_exc, exc
                    let len = f.stack.len();
                    if len < 4 {
                        return Err(Value::NULL.into());
                    }
                    let exc = f.stack[len - 1].clone();
                    let exit = f.stack[len - 4].clone();
                    let ty = self.type_of(&exc);
                    let tb = Value::NONE;
                    let r = self.call(&exit, &[ty, exc, tb], &[])?;
                    f.stack.push(r);
                }
                Op::FormatValue => {
                    let spec = if arg & 0x04 != 0 {
                        pop!(f)
                    } else {
                        Value::NULL
                    };
                    let v = pop!(f);
                    let r = self.format_value(v, arg, &spec)?;
                    f.stack.push(r);
                }
                Op::GetLen => {
                    let v = top!(f).clone();
                    let n = self.len(&v)?;
                    f.stack.push(Value::int(n as i64));
                }
                Op::MatchMapping | Op::MatchSequence => {
                    let v = top!(f).clone();
                    let r = if instr.op == Op::MatchMapping {
                        self.match_mapping(&v)
                    } else {
                        self.match_sequence(&v)
                    };
                    f.stack.push(Value::bool(r));
                }
                Op::MatchKeys => {
                    let n = f.stack.len();
                    let (subject, keys) = (f.stack[n - 2].clone(), f.stack[n - 1].clone());
                    let r = self.match_keys(&subject, &keys)?;
                    f.stack.push(r);
                }
                Op::MatchClass => {
                    let names = pop!(f);
                    let cls = pop!(f);
                    let subject = top!(f).clone();
                    let r = self.match_class(&subject, &cls, arg as usize, &names)?;
                    *f.stack.last_mut().expect("the subject") = r;
                }
                Op::ImportName => {
                    let fromlist = pop!(f);
                    let level = pop!(f);
                    let name = code.names[arg as usize].clone();
                    let m = self.import_name_op(f, &name, &fromlist, &level)?;
                    f.stack.push(m);
                }
                Op::ImportFrom => {
                    let m = top!(f).clone();
                    let v = self.import_from(&m, &code.names[arg as usize])?;
                    f.stack.push(v);
                }
                Op::ImportStar => {
                    let m = pop!(f);
                    self.import_star(f, &m)?;
                }
                Op::SetupAnnotations => {
                    let target = if f.locals.is_null() {
                        f.globals.clone()
                    } else {
                        f.locals.clone()
                    };
                    let key = Value::str("__annotations__");
                    if self.dict_get(&target, &key)?.is_none() {
                        self.setitem(&target, &key, Value::dict(Dict::new()))?;
                    }
                }
                Op::PrintExpr => {
                    let v = pop!(f);
                    let hook = self.sys_attr("displayhook");
                    if hook.is_none() {
                        return Err(self.runtime_error("lost sys.displayhook").into());
                    }
                    self.call(&hook, &[v], &[])?;
                }
                op => {
                    let msg = format!("pycrane does not support the {} instruction yet", op.name());
                    return Err(self.system_error(msg).into());
                }
            }
        }
        Ok(None)
    }

    fn jump(&self, idx: usize, instr: crate::bytecode::decode::Instr) -> Result<usize, Raise> {
        jump_target(idx, &instr)
            .ok_or_else(|| Raise::from(self.system_error("jump target out of range")))
    }

    fn unbound_local(&self, code: &crate::object::Code, i: usize) -> Value {
        let name = code.varnames[i]
            .as_str()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default();
        self.new_error(
            &self.exc.unbound_local_error,
            &format!(
                "cannot access local variable '{name}' where it is not associated with a value"
            ),
        )
    }

    fn load_deref(&self, f: &Frame, i: usize) -> PyResult<Value> {
        if let Some(Obj::Cell(c)) = f.fast[i].obj() {
            let v = c.borrow().clone();
            if !v.is_null() {
                return Ok(v);
            }
        }
        let code = &f.code;
        let name = code.varnames[i]
            .as_str()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default();
        let kind = code.raw.localspluskinds.get(i).copied().unwrap_or(0);
        if kind & crate::pyc::code::kinds::FREE != 0 {
            Err(self.name_error(format!(
                "cannot access free variable '{name}' where it is not associated with a value in enclosing scope"
            )))
        } else {
            Err(self.unbound_local(code, i))
        }
    }

    fn load_global(&mut self, f: &Frame, name: &Value) -> PyResult<Value> {
        if let Some(v) = self.dict_get_str_fast(&f.globals, name) {
            return Ok(v);
        }
        if let Some(v) = self.dict_get_str_fast(&f.builtins, name) {
            return Ok(v);
        }
        Err(self.undefined_name(name, &f.globals))
    }

    fn load_name(&mut self, f: &Frame, name: &Value) -> PyResult<Value> {
        if !f.locals.is_null() {
            if let Some(v) = self.locals_get(&f.locals, name)? {
                return Ok(v);
            }
        }
        self.load_global(f, name)
    }

    /// `locals[name]` for `LOAD_NAME`: a dict directly, any other mapping (a class body's
    /// `__prepare__` namespace) through `__getitem__`, a KeyError meaning "not there".
    fn locals_get(&mut self, locals: &Value, name: &Value) -> PyResult<Option<Value>> {
        if locals.as_dict().is_some() {
            return self.dict_get(locals, name);
        }
        match self.getitem(locals, name) {
            Ok(v) => Ok(Some(v)),
            Err(e) if self.exc_matches(&e, &self.exc.key_error.clone()) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `del locals[name]` for `DELETE_NAME`; false if it was not there.
    fn locals_del(&mut self, locals: &Value, name: &Value) -> PyResult<bool> {
        if locals.as_dict().is_some() {
            return self.dict_del_str(locals, name);
        }
        match self.delitem(locals, name) {
            Ok(()) => Ok(true),
            Err(e) if self.exc_matches(&e, &self.exc.key_error.clone()) => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn do_raise(&mut self, f: &mut Frame, argc: u32) -> Result<Raise, Raise> {
        let cause = if argc == 2 { Some(pop!(f)) } else { None };
        if argc == 0 {
            let exc = self.handled.clone();
            if exc.is_none() {
                return Ok(Raise::from(
                    self.runtime_error("No active exception to reraise"),
                ));
            }
            return Ok(Raise {
                exc,
                add_tb: false,
                unwound: false,
            });
        }
        let v = pop!(f);
        let exc = self.make_exception(&v, "exceptions")?;
        if let Some(cause) = cause {
            let cause = if cause.is_none() {
                Value::NONE
            } else {
                self.make_exception(&cause, "exception causes")?
            };
            if let Some(d) = exc.exc_data() {
                let mut d = d.borrow_mut();
                d.cause = cause;
                d.suppress_context = true;
            }
        }
        Ok(Raise::from(exc))
    }

    /// `raise X` (or `from X`): X may be an exception instance or class. `what` names the
    /// role of X in the error raised otherwise.
    fn make_exception(&mut self, v: &Value, what: &str) -> PyResult<Value> {
        if v.exc_data().is_some() {
            return Ok(v.clone());
        }
        if let Some(t) = v.as_type() {
            if t.kind == crate::object::TypeKind::BaseException {
                let e = self.call(v, &[], &[])?;
                if e.exc_data().is_some() {
                    return Ok(e);
                }
                let tn = self.type_name(&e);
                return Err(self.type_error(format!(
                    "calling {} should have returned an instance of BaseException, not {tn}",
                    t.name()
                )));
            }
        }
        Err(self.type_error(format!("{what} must derive from BaseException")))
    }

    fn exception_match(&mut self, exc: &Value, cls: &Value) -> PyResult<bool> {
        if let Some(t) = cls.as_tuple() {
            for c in t {
                if self.exception_match(exc, c)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        match cls.as_type() {
            Some(t) if t.kind == crate::object::TypeKind::BaseException => {
                Ok(self.exc_matches(exc, cls))
            }
            _ => Err(self.type_error(CANNOT_CATCH)),
        }
    }
}

/// Type feedback for tier 2: which operand kinds the instruction at `idx` has seen.
#[inline(always)]
fn record(code: &Code, idx: usize, a: &Value, b: &Value) {
    if let Some(slot) = code.feedback.get(idx) {
        slot.set(slot.get() | seen::of(a) | seen::of(b));
    }
}

/// Type feedback for tier 2 at a subscript: whether it indexed a list or tuple by a small
/// int and, for a read (`item`), the kind of item it read.
#[inline(always)]
fn record_subscript(code: &Code, idx: usize, obj: &Value, key: &Value, item: Option<&Value>) {
    if let Some(slot) = code.feedback.get(idx) {
        let kind = seen::subscript(obj, key, item.is_none());
        let item = match item {
            Some(r) if kind == seen::INDEX => seen::item(r),
            _ => 0,
        };
        slot.set(slot.get() | kind | item);
    }
}

/// Pops the top `n` values, in stack order.
fn split_top(f: &mut Frame, n: usize) -> Result<Vec<Value>, Raise> {
    if n > f.stack.len() {
        return Err(Value::NULL.into());
    }
    let at = f.stack.len() - n;
    Ok(f.stack.split_off(at))
}

/// `PEEK(n)`: the n-th value from the top (1 = top), after the operands were popped.
fn peek(f: &Frame, n: usize) -> Result<Value, Raise> {
    if n == 0 || n > f.stack.len() {
        return Err(Value::NULL.into());
    }
    Ok(f.stack[f.stack.len() - n].clone())
}
