//! Closing generators that die suspended. When the last reference to a generator paused
//! inside a `try` block goes away, CPython closes it: its `finally` clauses and
//! `except GeneratorExit` handlers run at once. A Rust `Drop` cannot run Python code, so
//! dropping such a generator queues it here, and the Vm closes the queued generators at its
//! next call of a builtin (every way output leaves the program) and when it finishes.
//! Generators with no handler around their pause point are simply freed: closing them would
//! run no code. Weak-reference callbacks wait in the same queue (`modules::weakref` clears
//! the references themselves at once, inside the free).

use crate::bytecode::exceptions::find_handler;
use crate::bytecode::opcode::Opcode;
use crate::object::{Generator, Obj};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

/// Python code owed by objects that died.
enum Job {
    /// Close a generator paused inside a `try`.
    Close(Generator),
    /// Call a weak reference's callback with the (now dead) reference.
    Callback { weakref: Value, callback: Value },
}

thread_local! {
    static DYING: RefCell<VecDeque<Job>> = const { RefCell::new(VecDeque::new()) };
    static PENDING: Cell<bool> = const { Cell::new(false) };
    /// The queue is being run (jobs that call builtins must not start it again: the jobs
    /// run one after the other, in order).
    static RUNNING: Cell<bool> = const { Cell::new(false) };
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
        queue(Job::Close(g));
    }
}

/// Queues a job. When the queue cannot take it — at thread exit, while the queue itself is
/// being dropped — the job is leaked, not dropped: dropping it here would drop the next
/// generator its frame holds, which would come back here, one native stack frame deeper per
/// generator (a long chain of paused generators overflowed the stack).
fn queue(job: Job) {
    let mut job = Some(job);
    let _ = DYING.try_with(|d| {
        if let Ok(mut d) = d.try_borrow_mut() {
            d.extend(job.take());
            let _ = PENDING.try_with(|p| p.set(true));
        }
    });
    std::mem::forget(job);
}

/// Queues the call `callback(weakref)` for a weak reference whose referent died.
pub fn queue_weakref_callback(weakref: Value, callback: Value) {
    queue(Job::Callback { weakref, callback });
    // Callbacks run soon, as CPython runs them at once: at the next call of a Python
    // function or of a builtin, or the next loop iteration.
    super::signals::request_callbacks();
}

/// Whether dead generators wait to be closed (cheap; checked on every builtin call).
#[inline]
pub fn pending() -> bool {
    PENDING.with(|p| p.get())
}

impl Vm {
    /// Runs the queued jobs in the order they were queued (and any that running them
    /// queues), reporting errors as CPython reports exceptions in finalizers: "Exception
    /// ignored in: ..." on stderr.
    pub fn run_finalizers(&mut self) {
        if RUNNING.replace(true) {
            return;
        }
        PENDING.set(false);
        loop {
            let job = DYING.with(|d| d.borrow_mut().pop_front());
            let Some(job) = job else { break };
            match job {
                Job::Close(g) => {
                    let gv = Value::new_obj(Obj::Generator(RefCell::new(g)));
                    if let Err(e) = self.gen_close(&gv) {
                        self.report_unraisable(&e, "in", &gv);
                    }
                    // A generator that ignored GeneratorExit is freed without a second close.
                    if let Some(Obj::Generator(c)) = gv.obj() {
                        let frame = c.borrow_mut().frame.take();
                        drop(frame);
                    }
                }
                Job::Callback { weakref, callback } => {
                    if let Err(e) = self.call(&callback, &[weakref], &[]) {
                        self.report_unraisable(&e, "in", &callback);
                    }
                }
            }
            PENDING.set(false);
        }
        RUNNING.set(false);
    }

    /// Reports an exception raised where nothing can catch it (a finalizer, a callback):
    /// "Exception ignored {context}: {repr(what)}" and the traceback, on stderr after the
    /// output so far.
    pub fn report_unraisable(&mut self, e: &Value, context: &str, what: &Value) {
        let what = self.repr_of(what).unwrap_or_default();
        let text = self.format_exception(e);
        self.flush_stdout();
        eprint!("Exception ignored {context}: {what}\n{text}");
    }
}
