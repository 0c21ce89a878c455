//! Interpreter frames: everything a running code object needs — fast locals (arguments,
//! locals, cells, free variables), the value stack and the instruction index. Generators own
//! their frame; exceptions and tracebacks refer to frames by code object and index.

use crate::object::Code;
use crate::value::Value;
use std::rc::Rc;

pub struct Frame {
    pub code: Rc<Code>,
    pub globals: Value,
    pub builtins: Value,
    /// Namespace dict for module and class bodies (`LOAD_NAME`), else NULL.
    pub locals: Value,
    /// The function's closure (tuple of cells), or NULL.
    pub closure: Value,
    /// Fast locals: `co_localsplusnames` slots; NULL when unbound.
    pub fast: Vec<Value>,
    pub stack: Vec<Value>,
    /// Index of the next instruction to execute.
    pub ip: usize,
    /// Index of the instruction executing (or that last executed).
    pub lasti: usize,
    /// Keyword names set by `KW_NAMES` for the next `CALL`, else NULL.
    pub kw_names: Value,
    /// An exception to raise at `lasti` when resumed (generator `throw`).
    pub pending: Option<Value>,
    /// Never enter native code from this frame (it is finishing an exit from native code
    /// that re-entering could repeat).
    pub no_osr: bool,
    /// The guard this frame left native code at: it may re-enter at a loop header once tier 2
    /// has recompiled the code with that instruction unguarded (see `Vm::try_osr`).
    pub exit_guard: Option<usize>,
}

/// Emptied `fast`/`stack` buffers of finished frames, reused by new frames so a call does
/// not allocate (and locals buffers for compiled calls).
#[derive(Default)]
pub struct FramePool {
    spare: Vec<(Vec<Value>, Vec<Value>)>,
    /// Locals buffers for calls of compiled code, which need no frame.
    spare_fast: Vec<Vec<Value>>,
}

impl FramePool {
    const KEEP: usize = 64;

    /// A locals buffer of `n` unbound slots (for a call that needs no frame).
    pub fn take_fast(&mut self, n: usize) -> Vec<Value> {
        let mut fast = self.spare_fast.pop().unwrap_or_default();
        fast.resize(n, Value::NULL);
        fast
    }

    /// Takes back a buffer from [`FramePool::take_fast`].
    pub fn give_fast(&mut self, mut fast: Vec<Value>) {
        if self.spare_fast.len() < Self::KEEP {
            fast.clear();
            self.spare_fast.push(fast);
        }
    }

    /// Takes back a finished frame's buffers.
    pub fn recycle(&mut self, frame: Frame) {
        if self.spare.len() < Self::KEEP {
            let (mut fast, mut stack) = (frame.fast, frame.stack);
            fast.clear();
            stack.clear();
            self.spare.push((fast, stack));
        }
    }
}

impl Frame {
    /// A frame for `code`, its fast locals all unbound (or, without `with_fast`, absent:
    /// for running single instructions that only use the value stack and namespaces).
    pub fn new(
        pool: &mut FramePool,
        code: Rc<Code>,
        globals: Value,
        builtins: Value,
        locals: Value,
        closure: Value,
        with_fast: bool,
    ) -> Frame {
        let n = if with_fast { code.nlocalsplus() } else { 0 };
        let stack_size = code.max_depth as usize;
        let (mut fast, mut stack) = pool.spare.pop().unwrap_or_default();
        fast.resize(n, Value::NULL);
        stack.reserve(stack_size);
        Frame {
            code,
            globals,
            builtins,
            locals,
            closure,
            fast,
            stack,
            ip: 0,
            lasti: 0,
            kw_names: Value::NULL,
            pending: None,
            no_osr: false,
            exit_guard: None,
        }
    }
}

/// How a frame stopped running (other than by raising).
pub enum FrameExit {
    Return(Value),
    Yield(Value),
    /// `RETURN_GENERATOR` ran: the caller wraps the frame in a generator object.
    Generator,
}
