//! `_signal`: Python-level signal handlers under Lib's `signal`. A handler set with
//! `signal.signal` runs at the interpreter's next check after the signal arrives (the
//! eval breaker in `vm::signals`), with the signal number and `None` for the frame;
//! SIGINT's default handler raises `KeyboardInterrupt`, as in CPython.

use crate::builtins::{bind, check_arity};
use crate::os::proc::{self, SigAction};
use crate::value::Value;
use crate::vm::signals::{self, NSIG};
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

const SIGNALS: &[(&str, i32)] = &[
    ("SIGHUP", libc::SIGHUP),
    ("SIGINT", libc::SIGINT),
    ("SIGQUIT", libc::SIGQUIT),
    ("SIGILL", libc::SIGILL),
    ("SIGTRAP", libc::SIGTRAP),
    ("SIGABRT", libc::SIGABRT),
    ("SIGIOT", libc::SIGIOT),
    ("SIGBUS", libc::SIGBUS),
    ("SIGFPE", libc::SIGFPE),
    ("SIGKILL", libc::SIGKILL),
    ("SIGUSR1", libc::SIGUSR1),
    ("SIGSEGV", libc::SIGSEGV),
    ("SIGUSR2", libc::SIGUSR2),
    ("SIGPIPE", libc::SIGPIPE),
    ("SIGALRM", libc::SIGALRM),
    ("SIGTERM", libc::SIGTERM),
    ("SIGSTKFLT", libc::SIGSTKFLT),
    ("SIGCHLD", libc::SIGCHLD),
    ("SIGCLD", libc::SIGCHLD),
    ("SIGCONT", libc::SIGCONT),
    ("SIGSTOP", libc::SIGSTOP),
    ("SIGTSTP", libc::SIGTSTP),
    ("SIGTTIN", libc::SIGTTIN),
    ("SIGTTOU", libc::SIGTTOU),
    ("SIGURG", libc::SIGURG),
    ("SIGXCPU", libc::SIGXCPU),
    ("SIGXFSZ", libc::SIGXFSZ),
    ("SIGVTALRM", libc::SIGVTALRM),
    ("SIGPROF", libc::SIGPROF),
    ("SIGWINCH", libc::SIGWINCH),
    ("SIGIO", libc::SIGIO),
    ("SIGPOLL", libc::SIGPOLL),
    ("SIGPWR", libc::SIGPWR),
    ("SIGSYS", libc::SIGSYS),
    ("SIGRTMIN", 34),
    ("SIGRTMAX", 64),
    ("SIG_BLOCK", libc::SIG_BLOCK),
    ("SIG_UNBLOCK", libc::SIG_UNBLOCK),
    ("SIG_SETMASK", libc::SIG_SETMASK),
    ("ITIMER_REAL", libc::ITIMER_REAL),
    ("ITIMER_VIRTUAL", libc::ITIMER_VIRTUAL),
    ("ITIMER_PROF", libc::ITIMER_PROF),
];

pub fn install(vm: &mut Vm) {
    let default_int = default_int_handler_value(vm);
    let itimer_error = vm.native_type("_signal.ItimerError", |vm| {
        let bases = Value::tuple(vec![vm.exc.os_error.clone()]);
        let mut d = crate::object::Dict::new();
        d.set_str("__module__", Value::str("signal"));
        let args = [Value::str("itimer_error"), bases, Value::dict(d)];
        vm.call_type_3(&args, &[]).unwrap_or(Value::NONE)
    });
    handlers(vm);
    let d = super::new_native_module(
        vm,
        "_signal",
        &[
            ("signal", signal),
            ("getsignal", getsignal),
            ("raise_signal", raise_signal),
            ("alarm", alarm),
            ("pause", pause),
            ("strsignal", strsignal),
            ("valid_signals", valid_signals),
            ("siginterrupt", siginterrupt),
            ("set_wakeup_fd", set_wakeup_fd),
            ("setitimer", setitimer),
            ("getitimer", getitimer),
        ],
    );
    if let Some(d) = d.as_dict() {
        let mut d = d.borrow_mut();
        for &(name, n) in SIGNALS {
            d.set_str(name, Value::int(n as i64));
        }
        d.set_str("NSIG", Value::int(NSIG as i64));
        d.set_str("SIG_DFL", Value::int(0));
        d.set_str("SIG_IGN", Value::int(1));
        d.set_str("default_int_handler", default_int);
        d.set_str("ItimerError", itimer_error);
    }
}

fn default_int_handler_value(vm: &mut Vm) -> Value {
    vm.native_type("_signal.default_int_handler", |_| {
        crate::builtins::native("default_int_handler", default_int_handler)
    })
}

/// The Python-level handler of each signal (SIG_DFL as 0, SIG_IGN as 1, None when the
/// action was not set from Python), made from the current actions on first use.
fn handlers(vm: &mut Vm) -> Value {
    if let Some(h) = vm.native_types.get("_signal.handlers") {
        return h.clone();
    }
    let default_int = default_int_handler_value(vm);
    let mut list = vec![Value::NONE; NSIG];
    for (sig, slot) in list.iter_mut().enumerate().skip(1) {
        *slot = match proc::signal_state(sig as i32) {
            Ok(0) => Value::int(0),
            Ok(1) => Value::int(1),
            _ => Value::NONE,
        };
    }
    if proc::signal_state(libc::SIGINT).is_ok_and(|s| s != 1) {
        list[libc::SIGINT as usize] = default_int;
    }
    let v = Value::list(list);
    vm.native_types.insert("_signal.handlers", v.clone());
    v
}

/// The Python function to run for `sig`, if `signal.signal` set one (None for the
/// default SIGINT handler, which the interpreter handles by raising).
pub fn python_handler(vm: &mut Vm, sig: i32) -> Option<Value> {
    let h = vm.native_types.get("_signal.handlers")?.clone();
    let f = h.as_list()?.borrow().get(sig as usize).cloned()?;
    let default_int = default_int_handler_value(vm);
    if f.is_none() || f.is_int() || f.is(&default_int) {
        return None;
    }
    Some(f)
}

fn default_int_handler(vm: &mut Vm, _a: &[Value], _k: Kw) -> PyResult<Value> {
    let cls = vm.exc.keyboard_interrupt.clone();
    Err(vm.new_exception(&cls, vec![]))
}

fn signum(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let n = vm.index_value(v, "signalnum")?;
    if n < 1 || n >= NSIG as i64 {
        return Err(vm.value_error("signal number out of range"));
    }
    Ok(n as i32)
}

fn signal(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [s, h] = bind(vm, "signal", a, kw, ["signalnum", "handler"], 2)?;
    let sig = signum(vm, &s.unwrap_or(Value::NONE))?;
    let h = h.unwrap_or(Value::NONE);
    let action = match h.as_small_int() {
        Some(0) if h.is_int() => SigAction::Default,
        Some(1) if h.is_int() => SigAction::Ignore,
        _ if vm.is_callable(&h) => SigAction::Handler(if sig == libc::SIGINT {
            signals::on_sigint
        } else {
            signals::on_signal
        }),
        _ => {
            return Err(vm.type_error(
                "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object",
            ))
        }
    };
    proc::set_signal(sig, action).map_err(|e| vm.os_error_with(&e, None))?;
    let table = handlers(vm);
    let old = table
        .as_list()
        .map(|l| std::mem::replace(&mut l.borrow_mut()[sig as usize], h));
    Ok(old.unwrap_or(Value::NONE))
}

fn getsignal(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "getsignal", a, 1, 1)?;
    let sig = signum(vm, &a[0])?;
    let table = handlers(vm);
    Ok(table
        .as_list()
        .map_or(Value::NONE, |l| l.borrow()[sig as usize].clone()))
}

fn raise_signal(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "raise_signal", a, 1, 1)?;
    let sig = signum(vm, &a[0])?;
    vm.flush_stdout();
    proc::raise(sig).map_err(|e| vm.os_error_with(&e, None))?;
    if signals::pending() {
        vm.take_signals()?;
    }
    Ok(Value::NONE)
}

fn alarm(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "alarm", a, 1, 1)?;
    let s = vm.index_value(&a[0], "seconds")?;
    Ok(Value::int(
        proc::alarm(s.clamp(0, u32::MAX as i64) as u32) as i64
    ))
}

fn pause(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "pause", a, 0, 0)?;
    vm.flush_stdout();
    proc::pause();
    vm.take_signals()?;
    Ok(Value::NONE)
}

fn strsignal(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "strsignal", a, 1, 1)?;
    let sig = signum(vm, &a[0])?;
    Ok(proc::strsignal(sig)
        .filter(|s| !s.starts_with("Unknown signal") && !s.starts_with("Real-time signal"))
        .map_or(Value::NONE, Value::string))
}

fn valid_signals(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "valid_signals", a, 0, 0)?;
    // glibc reserves 32 and 33 for its threads.
    let items: Vec<Value> = (1..NSIG as i64)
        .filter(|s| *s != 32 && *s != 33)
        .map(Value::int)
        .collect();
    vm.build_set(items)
}

fn siginterrupt(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "siginterrupt", a, 2, 2)?;
    let sig = signum(vm, &a[0])?;
    let flag = vm.is_true(&a[1])?;
    proc::siginterrupt(sig, flag).map_err(|e| vm.os_error_with(&e, None))?;
    Ok(Value::NONE)
}

fn set_wakeup_fd(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [fd, _warn] = bind(vm, "set_wakeup_fd", a, kw, ["fd", "warn_on_full_buffer"], 1)?;
    let fd = vm.index_value(&fd.unwrap_or(Value::NONE), "fd")?;
    if fd != -1 && crate::os::fd::fstat(fd as i32).is_err() {
        return Err(vm.value_error(format!("the fd {fd} must be in non-blocking mode")));
    }
    let old = signals::WAKEUP_FD.swap(fd as i32, std::sync::atomic::Ordering::Relaxed);
    Ok(Value::int(old as i64))
}

fn itimer_error(vm: &mut Vm, e: &std::io::Error) -> Value {
    let cls = vm.native_types.get("_signal.ItimerError").cloned();
    let err = vm.os_error_with(e, None);
    match cls {
        Some(c) => {
            let args = vm.exc_args(&err);
            let items = args.as_tuple().map(<[Value]>::to_vec).unwrap_or_default();
            match vm.call_type(&c, &items, &[]) {
                Ok(v) | Err(v) => v,
            }
        }
        None => err,
    }
}

fn setitimer(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "setitimer", a, 2, 3)?;
    let which = vm.index_value(&a[0], "which")? as i32;
    let delay = crate::builtins::to_float(vm, &a[1])?;
    let interval = match a.get(2) {
        Some(v) => crate::builtins::to_float(vm, v)?,
        None => 0.0,
    };
    match proc::setitimer(which, delay, interval) {
        Ok((d, i)) => Ok(Value::tuple(vec![Value::float(d), Value::float(i)])),
        Err(e) => Err(itimer_error(vm, &e)),
    }
}

fn getitimer(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "getitimer", a, 1, 1)?;
    let which = vm.index_value(&a[0], "which")? as i32;
    match proc::getitimer(which) {
        Ok((d, i)) => Ok(Value::tuple(vec![Value::float(d), Value::float(i)])),
        Err(e) => Err(itimer_error(vm, &e)),
    }
}
