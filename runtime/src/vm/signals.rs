//! Signals and the process's exit contract.
//!
//! - SIGINT sets a flag ([`SIGINT_PENDING`]) that the interpreter polls at every loop back
//!   edge and native code polls at every loop header (exiting to the interpreter), so a
//!   `KeyboardInterrupt` is raised at the next instruction boundary and `except`/`finally`
//!   run. Uncaught, it is printed like any exception, output is flushed, and the process
//!   ends by SIGINT itself ([`die_by_sigint`]), as CPython does (a shell shows status 130).
//! - SIGPIPE stays ignored (Rust's runtime ignores it, as CPython does), so writing to a
//!   closed pipe is an `EPIPE` error that becomes `BrokenPipeError`.
//!
//! Only async-signal-safe work happens in the handler: one atomic store.

use super::{PyResult, Vm};
use crate::value::Value;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU8, Ordering};

/// Nonzero when the running code must stop at its next check (CPython's eval breaker):
/// bit [`SIGINT`] when a SIGINT arrived and no `KeyboardInterrupt` was raised for it yet,
/// bit [`CALLBACKS`] when weak-reference callbacks wait to run (`vm::finalize`). Native
/// code reads this byte directly (see [`pending_flag_address`]).
pub static SIGINT_PENDING: AtomicU8 = AtomicU8::new(0);
/// A SIGINT arrived.
pub const SIGINT: u8 = 1;
/// Weak-reference callbacks are queued.
pub const CALLBACKS: u8 = 2;
/// Signals with Python handlers (`signal.signal`) arrived: see [`PENDING`].
pub const SIGNALS: u8 = 4;

/// Number of signal numbers (`signal.NSIG`).
pub const NSIG: usize = 65;

/// Per signal: it arrived and its Python handler has not run yet.
pub static PENDING: [AtomicBool; NSIG] = [const { AtomicBool::new(false) }; NSIG];

/// The descriptor `signal.set_wakeup_fd` chose (-1: none): each signal writes its number.
pub static WAKEUP_FD: AtomicI32 = AtomicI32::new(-1);

fn wake(sig: libc::c_int) {
    let fd = WAKEUP_FD.load(Ordering::Relaxed);
    if fd >= 0 {
        let _ = crate::os::fd::write(fd, &[sig as u8]);
    }
}

pub extern "C" fn on_sigint(sig: libc::c_int) {
    SIGINT_PENDING.fetch_or(SIGINT, Ordering::Relaxed);
    wake(sig);
}

/// The handler for signals with a Python handler: note it, ask for a check.
pub extern "C" fn on_signal(sig: libc::c_int) {
    if let Some(p) = PENDING.get(sig as usize) {
        p.store(true, Ordering::Relaxed);
    }
    SIGINT_PENDING.fetch_or(SIGNALS, Ordering::Relaxed);
    wake(sig);
}

/// Asks the running code to run the queued callbacks at its next check.
pub fn request_callbacks() {
    SIGINT_PENDING.fetch_or(CALLBACKS, Ordering::Relaxed);
}

/// Installs the SIGINT handler (unless SIGINT is ignored, as for a background job).
pub fn install() {
    // SAFETY: sigaction with a handler that only stores to an atomic (async-signal-safe);
    // the struct is zeroed then filled as sigaction(2) documents.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(libc::SIGINT, std::ptr::null(), &mut old) == 0
            && old.sa_sigaction == libc::SIG_IGN
        {
            return;
        }
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = on_sigint as *const () as usize;
        libc::sigemptyset(&mut sa.sa_mask);
        sa.sa_flags = 0;
        libc::sigaction(libc::SIGINT, &sa, std::ptr::null_mut());
    }
}

/// Whether a SIGINT is waiting.
#[inline]
pub fn pending() -> bool {
    SIGINT_PENDING.load(Ordering::Relaxed) != 0
}

/// The address of the flag byte, for native code.
pub fn pending_flag_address() -> u64 {
    SIGINT_PENDING.as_ptr() as u64
}

/// Ends the process by SIGINT with the default action (after an uncaught
/// `KeyboardInterrupt`, once output is flushed).
pub fn die_by_sigint() -> ! {
    // SAFETY: restoring the default action and raising the signal; if that somehow returns,
    // exit with the status a shell would show.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
        libc::raise(libc::SIGINT);
    }
    std::process::exit(130)
}

impl Vm {
    /// Runs queued weak-reference callbacks, then raises `KeyboardInterrupt` if a SIGINT
    /// is waiting (consuming both).
    #[cold]
    pub fn take_signals(&mut self) -> PyResult<()> {
        let flags = SIGINT_PENDING.swap(0, Ordering::Relaxed);
        if flags & CALLBACKS != 0 {
            self.run_finalizers();
        }
        if flags & SIGINT != 0 {
            // A handler `signal.signal` set for SIGINT runs instead of the default one.
            let h = crate::modules::signal::python_handler(self, libc::SIGINT);
            if let Some(h) = h {
                self.call(&h, &[Value::int(libc::SIGINT as i64), Value::NONE], &[])?;
            } else {
                let cls = self.exc.keyboard_interrupt.clone();
                return Err(self.new_exception(&cls, vec![]));
            }
        }
        if flags & SIGNALS != 0 {
            for (sig, p) in PENDING.iter().enumerate() {
                if p.swap(false, Ordering::Relaxed) {
                    if let Some(h) = crate::modules::signal::python_handler(self, sig as i32) {
                        self.call(&h, &[Value::int(sig as i64), Value::NONE], &[])?;
                    }
                }
            }
        }
        Ok(())
    }
}
