//! The runtime's side of tier 2 (the JIT), and nothing of Cranelift: the native-code ABI,
//! the [`Tier2`] trait the CLI installs, the tier-up hooks the interpreter calls (hot calls,
//! hot loop back-edges → on-stack replacement), and the one place that enters native code.
//!
//! ## The native ABI
//! A compiled code object is one function
//! `extern "C" fn(vm, env, locals, entry, stack) -> u64`:
//! - `env` ([`NativeEnv`]) names the code object and the globals / locals dict / closure it
//!   runs with;
//! - `locals` points at `nlocalsplus` owned values (the bound arguments, or a frame's fast
//!   locals for an OSR entry); native code takes ownership of them;
//! - `entry` is 0 for a call, or for an OSR entry the index of a loop header in the low 32
//!   bits and the depth of its value stack (owned, too, at `stack`) in the high 32 bits;
//!   generator code has no call or OSR entries, only resume points (after `RETURN_GENERATOR`
//!   and after each `YIELD_VALUE`), entered the same way with the sent value on the stack;
//! - the result is the returned value's bits (owned), [`ERR`] with the exception in
//!   [`Vm::native_err`], or [`NO_ENTRY`] when the entry is refused (nothing taken).
//!
//! Native code never leaves half-done work behind: any exit (failed guard, exception,
//! unsupported instruction) moves its locals and stack into a new interpreter [`Frame`] and
//! finishes the invocation there (see the jit crate's `helpers::exit`). Generator code exits
//! the same way into the generator's own frame, which it hands back ([`GenExit`]): a
//! `YIELD_VALUE` is such an exit, and the next resume enters native code again.

use crate::object::{Code, Function};
use crate::value::{Value, TAG_SPECIAL};
use crate::vm::frame::Frame;
use crate::vm::{PyResult, Vm};
use std::rc::Rc;

/// Result bits meaning "an exception is in `vm.native_err`".
pub const ERR: u64 = TAG_SPECIAL | 0x10;
/// Result bits meaning "entry refused; nothing was taken".
pub const NO_ENTRY: u64 = TAG_SPECIAL | 0x11;
/// Helper result meaning "do not run this instruction natively: exit to the interpreter
/// before it" (nothing was taken).
pub const DEOPT: u64 = TAG_SPECIAL | 0x12;

/// What a native function runs with (borrowed for the duration of the call).
#[repr(C)]
pub struct NativeEnv<'a> {
    pub code: &'a Rc<Code>,
    pub globals: &'a Value,
    /// Namespace dict of a module body (`LOAD_NAME`), else NULL.
    pub locals: &'a Value,
    /// Tuple of cells, or NULL.
    pub closure: &'a Value,
}

/// How compiled generator code left the generator's frame, set by the exit just before the
/// native code returns: the value stack (its locals are back in the frame's buffer) and where
/// the interpreter goes on. Generator code exits like any code, but to the generator's own
/// frame, which it hands back instead of finishing the invocation.
pub struct GenExit {
    pub stack: Vec<Value>,
    /// The instruction to continue at (or, with `pending`, to raise at).
    pub at: usize,
    /// Raise this at `at` (an exception in native code).
    pub pending: Option<Value>,
}

/// What native generator code sets `Vm::gen_yield` to when it yields at instruction `at`
/// with `depth` values left on its stack (the yielded value is its return value).
pub fn yield_state(at: usize, depth: usize) -> u64 {
    (at as u64 + 1) | ((depth as u64) << 32)
}

/// What resuming a generator in native code did.
pub enum Resumed {
    /// It yielded; the frame is ready for the next resume.
    Yielded(Value),
    /// It returned (or raised out).
    Finished(PyResult<Value>),
    /// It left for the interpreter, which goes on with the frame.
    Interpret,
}

/// A compiled code object's entry point (see the module docs).
pub type NativeCode = unsafe extern "C" fn(
    vm: *mut Vm,
    env: *const NativeEnv,
    locals: *mut Value,
    entry: u64,
    stack: *mut Value,
) -> u64;

/// Where a code object stands with tier 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum JitState {
    #[default]
    Cold,
    Compiled,
    /// Tier 2 declined it (the reason is in the JIT's statistics).
    Rejected,
}

/// `--jit=off|on|always`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum JitMode {
    Off,
    #[default]
    On,
    Always,
}

/// The compiler tier, as the runtime sees it.
pub trait Tier2 {
    /// Compiles `code`, or records why not. Returns the entry point.
    fn compile(&mut self, vm: &Vm, code: &Rc<Code>) -> Option<NativeCode>;
    /// A frame that failed the guard at `idx` of `code` and kept running is looping on:
    /// compile that instruction unguarded from now on. False when `code` may not be
    /// recompiled again (the frame then stays interpreted).
    fn generalize(&mut self, code: &Rc<Code>, idx: usize) -> bool;
    /// Called once when the program ends (statistics).
    fn finish(&mut self, vm: &mut Vm);
}

/// Operand kinds an instruction has seen, as recorded in `Code::feedback`.
pub mod seen {
    use crate::value::Value;
    pub const INT: u8 = 1;
    pub const FLOAT: u8 = 2;
    pub const OTHER: u8 = 4;
    /// An int past the immediate range but within 64 bits (an intermediate of `x * a + c`).
    pub const WIDE: u8 = 8;
    /// A subscript of a list (or, read, a tuple) by a small int. With it, `BINARY_SUBSCR`
    /// records the kind of the item read in the bits above.
    pub const INDEX: u8 = 16;
    /// Any other subscript.
    pub const KEYED: u8 = 32;
    /// A bool item read by an indexing `BINARY_SUBSCR` (other instructions count bools as
    /// [`OTHER`]).
    pub const BOOL: u8 = 64;
    /// An int past 64 bits but within 128 (an intermediate of `(h * 1000003 + x) & m`).
    pub const HUGE: u8 = 128;

    #[inline(always)]
    pub fn of(v: &Value) -> u8 {
        if v.is_small_int() {
            INT
        } else if v.is_float() {
            FLOAT
        } else {
            // A big int's digits are read once.
            match v.as_bigint().and_then(|_| v.as_int128()) {
                Some(i) if i64::try_from(i).is_ok() => WIDE,
                Some(_) => HUGE,
                None => OTHER,
            }
        }
    }

    /// What a subscript of `obj` by `key` is: [`INDEX`] or [`KEYED`] (`store`: tuples are
    /// not indexed for a store).
    #[inline(always)]
    pub fn subscript(obj: &Value, key: &Value, store: bool) -> u8 {
        use crate::object::Obj;
        let seq = match obj.obj() {
            Some(Obj::List(_)) => true,
            Some(Obj::Tuple(_)) => !store,
            _ => false,
        };
        if seq && key.is_small_int() {
            INDEX
        } else {
            KEYED
        }
    }

    /// The kind of an item an indexing `BINARY_SUBSCR` read: [`INT`], [`FLOAT`], [`BOOL`]
    /// or [`OTHER`] (cheaper than [`of`]: wide ints need not be told from other objects).
    #[inline(always)]
    pub fn item(v: &Value) -> u8 {
        if v.is_small_int() {
            INT
        } else if v.is_float() {
            FLOAT
        } else if v.is_bool() {
            BOOL
        } else {
            OTHER
        }
    }
}

/// A NULL value to borrow for [`NativeEnv::locals`] / `closure`.
pub static NULL_VALUE: Value = Value::NULL;

impl Vm {
    /// Tier-up for a call: compiles `code` when it is hot, and returns its native entry.
    #[inline]
    pub fn native_for_call(&mut self, code: &Rc<Code>) -> Option<NativeCode> {
        if let Some(n) = code.native.get() {
            return Some(n);
        }
        let calls = code.calls.get();
        if calls < self.jit_threshold || code.jit_state.get() != JitState::Cold {
            return None;
        }
        self.tier_up(code)
    }

    fn tier_up(&mut self, code: &Rc<Code>) -> Option<NativeCode> {
        let mut t = self.tier2.take()?;
        let r = t.compile(self, code);
        self.tier2 = Some(t);
        code.native.set(r);
        code.jit_state.set(if r.is_some() {
            JitState::Compiled
        } else {
            JitState::Rejected
        });
        r
    }

    /// Runs `native`, the code of `func`, for a call whose arguments are bound in `fast`
    /// (`nlocalsplus` values); the buffer goes back to the pool.
    pub fn run_native_call(
        &mut self,
        native: NativeCode,
        func: &Function,
        mut fast: Vec<Value>,
    ) -> PyResult<Value> {
        if let Err(e) = self.enter() {
            self.frames.give_fast(fast);
            return Err(e);
        }
        let env = NativeEnv {
            code: &func.code,
            globals: &func.globals,
            locals: &NULL_VALUE,
            closure: &func.closure,
        };
        // SAFETY: `native` came from the installed Tier2, which compiles to this ABI; `fast`
        // holds `nlocalsplus` initialized values and `entry` 0 needs no stack.
        let lp = fast.as_mut_ptr();
        let r = self.in_native(None, &env, |vm| unsafe {
            native(vm, &env, lp, 0, std::ptr::null_mut())
        });
        // SAFETY: native code took ownership of every local (entry 0 is never refused), so
        // the vector must forget them without dropping.
        unsafe { fast.set_len(0) };
        self.depth -= 1;
        self.frames.give_fast(fast);
        self.native_result(r)
    }

    /// Turns a native result into a Rust one.
    #[inline]
    pub fn native_result(&mut self, bits: u64) -> PyResult<Value> {
        if bits == ERR {
            let e = std::mem::take(&mut self.native_err);
            Err(if e.is_null() {
                self.system_error("native code failed without an exception")
            } else {
                e
            })
        } else {
            Ok(Value::from_bits(bits))
        }
    }

    /// On-stack replacement at a loop header: `f` is about to run instruction `target` (a
    /// loop header). If tier 2 has (or now makes) native code for it, the rest of the
    /// invocation runs natively: Some(result). None: keep interpreting.
    pub fn try_osr(&mut self, f: &mut Frame, target: usize) -> Option<PyResult<Value>> {
        if f.no_osr || f.code.flags & crate::pyc::code::flags::GENERATOR != 0 {
            // Generator code is entered only where a resume continues (`resume_native`).
            return None;
        }
        let code = f.code.clone();
        if let Some(idx) = f.exit_guard.take() {
            // The loop this frame left native code in goes on: the guard would fail again, so
            // re-enter code compiled without it, or never.
            let mut t = self.tier2.take()?;
            let ok = t.generalize(&code, idx);
            self.tier2 = Some(t);
            if !ok {
                f.no_osr = true;
                return None;
            }
        }
        let native = match code.native.get() {
            Some(n) => n,
            None if code.jit_state.get() == JitState::Cold => self.tier_up(&code)?,
            None => return None,
        };
        let env = NativeEnv {
            code: &code,
            globals: &f.globals,
            locals: &f.locals,
            closure: &f.closure,
        };
        let locals = f.fast.as_mut_ptr();
        let stack = f.stack.as_mut_ptr();
        // SAFETY: as in `run_native_call`; `stack` holds `f.stack.len()` values, the depth the
        // compiled loop header expects (native code refuses the entry otherwise).
        let entry = target as u64 | ((f.stack.len() as u64) << 32);
        code.debug_check_depth(target, f.stack.len(), true, "native loop entry");
        let fp = &*f as *const Frame;
        let r = self.in_native(Some(fp), &env, |vm| unsafe {
            native(vm, &env, locals, entry, stack)
        });
        if r == NO_ENTRY {
            f.no_osr = true;
            return None;
        }
        // SAFETY: the entry was taken, so native code owns every local and stack value.
        unsafe {
            f.fast.set_len(0);
            f.stack.set_len(0);
        }
        Some(self.native_result(r))
    }

    /// Resumes a generator frame in native code, at `f.ip` with the sent value on its stack,
    /// when its code is (or now gets) compiled; None when it is not, or refuses the entry.
    pub fn resume_native(&mut self, f: &mut Frame) -> Option<Resumed> {
        let code = &f.code;
        code.calls.set(code.calls.get().saturating_add(1));
        let native = self.native_for_call(&code.clone())?;
        self.resume_native_with(native, f)
    }

    /// Resumes a generator frame in `native`, its code's compiled entry (see
    /// [`Vm::resume_native`]).
    #[inline]
    pub fn resume_native_with(&mut self, native: NativeCode, f: &mut Frame) -> Option<Resumed> {
        let env = NativeEnv {
            code: &f.code,
            globals: &f.globals,
            locals: &f.locals,
            closure: &f.closure,
        };
        let entry = f.ip as u64 | ((f.stack.len() as u64) << 32);
        f.code
            .debug_check_depth(f.ip, f.stack.len(), true, "native resume");
        // A yield stores the values under the yielded one back into the stack buffer.
        f.stack.reserve(f.code.max_depth as usize);
        // SAFETY: as in `try_osr`: the frame's fast locals and stack, at a resume point.
        let (lp, sp) = (f.fast.as_mut_ptr(), f.stack.as_mut_ptr());
        let fp = &*f as *const Frame;
        let r = self.in_native(Some(fp), &env, |vm| unsafe {
            native(vm, &env, lp, entry, sp)
        });
        if r == NO_ENTRY {
            return None;
        }
        // SAFETY: the entry was taken, so native code owns every local and stack value.
        unsafe {
            f.fast.set_len(0);
            f.stack.set_len(0);
        }
        let y = std::mem::take(&mut self.gen_yield);
        if y != 0 {
            let (at, depth) = ((y & 0xffff_ffff) as usize - 1, (y >> 32) as usize);
            // The yielded value was on top of these.
            f.code
                .debug_check_depth(at, depth + 1, true, "native yield");
            // SAFETY: the yield stored every local back, owned, into the locals buffer, and
            // `depth` owned values (at most `max_depth`, reserved above) into the stack one.
            unsafe {
                f.fast.set_len(f.code.nlocalsplus());
                f.stack.set_len(depth);
            }
            f.lasti = at;
            f.ip = at + 1;
            return Some(Resumed::Yielded(Value::from_bits(r)));
        }
        let Some(mut exit) = self.gen_exit.take() else {
            return Some(Resumed::Finished(self.native_result(r)));
        };
        // SAFETY: the exit stored every local back, owned, into the buffer it was given.
        unsafe { f.fast.set_len(f.code.nlocalsplus()) };
        std::mem::swap(&mut f.stack, &mut exit.stack);
        self.gen_spare = exit.stack;
        f.lasti = exit.at;
        match exit.pending {
            Some(e) => {
                let op = f.code.instrs[exit.at].op;
                f.ip = exit.at + 1 + op.cache_entries() as usize;
                f.pending = Some(e);
            }
            None => f.ip = exit.at,
        }
        Some(Resumed::Interpret)
    }

    /// Ends tier 2 (prints statistics if asked).
    pub fn finish_tier2(&mut self) {
        if let Some(mut t) = self.tier2.take() {
            t.finish(self);
        }
    }
}
