//! The chain of running Python activations, innermost first, that `sys._getframe` reads.
//!
//! Every running code object, interpreted or native, has an [`Activation`] record on the
//! machine stack, linked through `back` from [`Vm::top`]:
//! - an interpreted activation's record points at its [`Frame`] (code, globals, `lasti`,
//!   locals all live there);
//! - a native activation's record points at its [`NativeEnv`] (code and globals), and its
//!   `lasti` is stored by the compiled code before each call out of it (the jit crate's
//!   `Lower::call`, `Lower::call_direct`, which also pushes the records of direct calls of
//!   compiled code);
//! - an activation that moves between the tiers (an exit to the interpreter, an on-stack
//!   replacement, a generator resumed natively) keeps its one record, switched over, so the
//!   chain never shows an activation twice.
//!
//! Built-in functions have no record: `sys._getframe(0)` is the Python code calling it.
//! Records live exactly as long as the Rust or native stack frame that pushed them; `Vm::top`
//! is restored before that frame returns, so the chain never points at a dead record.

use super::frame::{Frame, FrameExit};
use super::tier2::NativeEnv;
use super::{PyResult, Vm};
use crate::object::Code;
use crate::value::Value;
use std::rc::Rc;

/// One running activation (`#[repr(C)]`: compiled code writes `back`, `env` and `lasti`).
#[repr(C)]
pub struct Activation {
    /// The activation that called this one (null for the outermost).
    pub back: *mut Activation,
    /// While the activation runs native code: its environment, else null (checked first:
    /// a native record's `frame` may be stale).
    pub env: *const NativeEnv<'static>,
    /// While it is interpreted (`env` null): its frame.
    pub frame: *const Frame,
    /// For native code: the instruction executing, stored before each call out of it.
    pub lasti: u64,
}

/// What `sys._getframe` shows of one activation.
pub struct ActivationView {
    pub code: Rc<Code>,
    pub globals: Value,
    pub lasti: usize,
    /// The locals dict of a module or class body; NULL for a function.
    pub locals: Value,
    /// A function's fast locals, when it is interpreted.
    pub fast: Option<Vec<Value>>,
}

/// The activation chain and recursion depth at one moment, for a boundary that catches a
/// panic (the jit crate's helpers: a panic cannot unwind through native frames). Unwinding
/// skips the code that pops records and restores the innermost one; [`Vm::restore`] puts
/// back what was there when the checkpoint was taken.
pub struct Checkpoint {
    top: *mut Activation,
    env: *const NativeEnv<'static>,
    frame: *const Frame,
    depth: usize,
}

impl Vm {
    /// See [`Checkpoint`].
    pub fn checkpoint(&self) -> Checkpoint {
        let (env, frame) = if self.top.is_null() {
            (std::ptr::null(), std::ptr::null())
        } else {
            // SAFETY: a non-null `top` is a live record (see `run_frame_as_top`).
            unsafe { ((*self.top).env, (*self.top).frame) }
        };
        Checkpoint {
            top: self.top,
            env,
            frame,
            depth: self.depth,
        }
    }

    /// Back to checkpoint `c`, taken by a caller still running (so its records are live).
    pub fn restore(&mut self, c: Checkpoint) {
        self.top = c.top;
        self.depth = c.depth;
        if !c.top.is_null() {
            // SAFETY: the record was live when `c` was taken, in a frame of the caller that
            // is restoring it, so it is live now.
            unsafe {
                (*c.top).env = c.env;
                (*c.top).frame = c.frame;
            }
        }
    }

    /// Runs the new activation of frame `f` in the interpreter, with its record pushed.
    pub fn run_frame_pushed(&mut self, f: &mut Frame) -> PyResult<FrameExit> {
        let mut rec = Activation {
            back: self.top,
            env: std::ptr::null(),
            frame: f as *const Frame,
            lasti: 0,
        };
        self.top = &mut rec;
        let r = self.run_frame(f);
        self.top = rec.back;
        r
    }

    /// Runs `f` in the interpreter as the continuation of the innermost activation, which
    /// was running natively (an exit from compiled code): its record now shows `f`.
    pub fn run_frame_as_top(&mut self, f: &mut Frame) -> PyResult<FrameExit> {
        if self.top.is_null() {
            return self.run_frame_pushed(f);
        }
        // SAFETY: `top` is non-null, so it is the live record of the activation that called
        // this (records are popped before the code that pushed them returns).
        unsafe {
            (*self.top).env = std::ptr::null();
            (*self.top).frame = f as *const Frame;
        }
        self.run_frame(f)
    }

    /// Runs `enter` (which enters native code with `env`) for activation `f`: the record of
    /// `f` when it is the innermost one (an OSR entry), else a new record (a native call, a
    /// generator resumed natively).
    pub fn in_native<R>(
        &mut self,
        f: Option<*const Frame>,
        env: &NativeEnv,
        enter: impl FnOnce(&mut Vm) -> R,
    ) -> R {
        let envp = (env as *const NativeEnv).cast::<NativeEnv<'static>>();
        // SAFETY: a non-null `top` is a live record (see `run_frame_as_top`); its `frame` is
        // read only when it is an interpreted record (`env` null).
        let is_top = !self.top.is_null()
            && f.is_some_and(|p| unsafe { (*self.top).env.is_null() && (*self.top).frame == p });
        if is_top {
            // SAFETY: as above; restored before returning, while `f` is still alive.
            unsafe {
                (*self.top).env = envp;
                (*self.top).frame = std::ptr::null();
            }
            let r = enter(self);
            // SAFETY: native code restored `top` to this record before returning.
            unsafe {
                (*self.top).env = std::ptr::null();
                (*self.top).frame = f.unwrap_or(std::ptr::null());
            }
            return r;
        }
        let mut rec = Activation {
            back: self.top,
            env: envp,
            frame: std::ptr::null(),
            lasti: 0,
        };
        self.top = &mut rec;
        let r = enter(self);
        self.top = rec.back;
        r
    }

    /// The running activations, innermost first (at most `limit` of them).
    pub fn activations(&self, limit: usize) -> Vec<ActivationView> {
        let mut out = vec![];
        let mut p = self.top;
        while !p.is_null() && out.len() < limit {
            // SAFETY: every record in the chain is alive (popped before its pusher returns),
            // and so are the frame or environment it points at, which its pusher owns.
            let rec = unsafe { &*p };
            let view = if !rec.env.is_null() {
                // SAFETY: as above.
                let env = unsafe { &*rec.env };
                // Before its first call out, compiled code has stored no `lasti` yet.
                let lasti = rec.lasti as usize;
                ActivationView {
                    code: env.code.clone(),
                    globals: env.globals.clone(),
                    lasti: if lasti < env.code.instrs.len() {
                        lasti
                    } else {
                        0
                    },
                    locals: env.locals.clone(),
                    fast: None,
                }
            } else if !rec.frame.is_null() {
                // SAFETY: as above.
                let f = unsafe { &*rec.frame };
                let function = f.locals.is_null();
                ActivationView {
                    code: f.code.clone(),
                    globals: f.globals.clone(),
                    lasti: f.lasti,
                    locals: f.locals.clone(),
                    fast: function.then(|| f.fast.clone()),
                }
            } else {
                p = rec.back;
                continue;
            };
            out.push(view);
            p = rec.back;
        }
        out
    }
}
