//! Closing generators that die suspended. When the last reference to a generator paused
//! inside a `try` block goes away, CPython closes it: its `finally` clauses and
//! `except GeneratorExit` handlers run at once. A Rust `Drop` cannot run Python code, so
//! dropping such a generator queues it here, and the Vm closes the queued generators at its
//! next call of a builtin (every way output leaves the program) and when it finishes.
//! Generators with no handler around their pause point are simply freed: closing them would
//! run no code.

use crate::bytecode::exceptions::find_handler;
use crate::bytecode::opcode::Opcode;
use crate::object::{Generator, Obj};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::{Cell, RefCell};

thread_local! {
    static DYING: RefCell<Vec<Generator>> = const { RefCell::new(Vec::new()) };
    static PENDING: Cell<bool> = const { Cell::new(false) };
}

impl Drop for Generator {
    fn drop(&mut self) {
        let Some(frame) = self.frame.take() else {
            return;
        };
        let at = frame.lasti;
        let started = frame
            .code
            .instrs
            .get(at)
            .is_some_and(|i| i.op != Opcode::ReturnGenerator);
        if !started || find_handler(&frame.code.exc_table, at as u32).is_none() {
            return;
        }
        let g = Generator {
            frame: Some(frame),
            running: false,
            name: self.name.clone(),
            qualname: self.qualname.clone(),
        };
        // At thread exit the queue may be gone; the generator is then just freed.
        let _ = DYING.try_with(|d| {
            if let Ok(mut d) = d.try_borrow_mut() {
                d.push(g);
                PENDING.set(true);
            }
        });
    }
}

/// Whether dead generators wait to be closed (cheap; checked on every builtin call).
#[inline]
pub fn pending() -> bool {
    PENDING.with(|p| p.get())
}

impl Vm {
    /// Closes the queued generators (and any their closing frees), reporting errors as
    /// CPython reports exceptions in finalizers: "Exception ignored in: ..." on stderr.
    pub fn run_finalizers(&mut self) {
        PENDING.set(false);
        while let Some(g) = DYING.with(|d| d.borrow_mut().pop()) {
            let gv = Value::new_obj(Obj::Generator(RefCell::new(g)));
            if let Err(e) = self.gen_close(&gv) {
                let what = self.repr_of(&gv).unwrap_or_default();
                let text = self.format_exception(&e);
                eprint!("Exception ignored in: {what}\n{text}");
            }
            // A generator that ignored GeneratorExit is freed without a second close.
            if let Some(Obj::Generator(c)) = gv.obj() {
                let frame = c.borrow_mut().frame.take();
                drop(frame);
            }
            PENDING.set(false);
        }
    }
}
