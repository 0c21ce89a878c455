//! System calls about the process: identity, signals, fork/exec/wait, the file-mode mask,
//! access checks, system information.

use std::ffi::CString;
use std::io::{Error, Result};

fn check(r: libc::c_int) -> Result<libc::c_int> {
    if r < 0 {
        Err(Error::last_os_error())
    } else {
        Ok(r)
    }
}

fn cstring(b: &[u8]) -> Result<CString> {
    CString::new(b).map_err(|_| Error::from_raw_os_error(libc::EINVAL))
}

/// (uid, euid, gid, egid).
pub fn ids() -> (u32, u32, u32, u32) {
    // SAFETY: these calls take no arguments and cannot fail.
    unsafe {
        (
            libc::getuid(),
            libc::geteuid(),
            libc::getgid(),
            libc::getegid(),
        )
    }
}

/// `kill(pid, sig)`.
pub fn kill(pid: i32, sig: i32) -> Result<()> {
    // SAFETY: no memory is passed.
    check(unsafe { libc::kill(pid, sig) }).map(|_| ())
}

/// `waitpid(pid, options)`: (pid, status).
pub fn waitpid(pid: i32, options: i32) -> Result<(i32, i32)> {
    let mut status = 0;
    // SAFETY: `status` is a writable int for the call.
    let r = check(unsafe { libc::waitpid(pid, &mut status, options) })?;
    Ok((r, status))
}

/// `fork()`: 0 in the child, the child's pid in the parent.
pub fn fork() -> Result<i32> {
    // SAFETY: pycrane runs Python on one thread, so the child is a complete copy of the
    // interpreter (no other thread's lock can be held across the fork).
    check(unsafe { libc::fork() })
}

/// `execv(path, args)` or `execve(path, args, env)`: returns only on failure.
pub fn exec(path: &[u8], args: &[Vec<u8>], env: Option<&[Vec<u8>]>) -> Error {
    let build =
        |items: &[Vec<u8>]| -> Result<Vec<CString>> { items.iter().map(|a| cstring(a)).collect() };
    let (path, args) = match (cstring(path), build(args)) {
        (Ok(p), Ok(a)) => (p, a),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    let env = match env.map(build).transpose() {
        Ok(e) => e,
        Err(e) => return e,
    };
    let mut argv: Vec<*const libc::c_char> = args.iter().map(|a| a.as_ptr()).collect();
    argv.push(std::ptr::null());
    // SAFETY: every pointer is to a NUL-terminated string kept alive by `path`, `args` and
    // `env` for the call; the arrays end in a null pointer, as execv(3) requires.
    unsafe {
        match &env {
            Some(env) => {
                let mut envp: Vec<*const libc::c_char> = env.iter().map(|a| a.as_ptr()).collect();
                envp.push(std::ptr::null());
                libc::execve(path.as_ptr(), argv.as_ptr(), envp.as_ptr());
            }
            None => {
                libc::execv(path.as_ptr(), argv.as_ptr());
            }
        }
    }
    Error::last_os_error()
}

/// `_exit(code)`: ends the process at once (no flushing, no exit handlers).
pub fn exit_now(code: i32) -> ! {
    // SAFETY: _exit never returns and touches no memory of this process.
    unsafe { libc::_exit(code) }
}

/// `umask(mask)`: the previous mask.
pub fn umask(mask: u32) -> u32 {
    // SAFETY: no memory is passed.
    unsafe { libc::umask(mask as libc::mode_t) as u32 }
}

/// `access(path, mode)`.
pub fn access(path: &[u8], mode: i32) -> Result<bool> {
    let c = cstring(path)?;
    // SAFETY: `c` is a NUL-terminated string that outlives the call.
    Ok(unsafe { libc::access(c.as_ptr(), mode) } == 0)
}

/// `system(command)`: the wait status.
pub fn system(command: &[u8]) -> Result<i32> {
    let c = cstring(command)?;
    // SAFETY: `c` is a NUL-terminated string that outlives the call.
    Ok(unsafe { libc::system(c.as_ptr()) })
}

/// `strerror(code)`.
pub fn strerror(code: i32) -> String {
    let e = Error::from_raw_os_error(code).to_string();
    let suffix = format!(" (os error {code})");
    e.strip_suffix(&suffix).unwrap_or(&e).to_string()
}

/// `uname()`: sysname, nodename, release, version, machine.
pub fn uname() -> Result<[String; 5]> {
    // SAFETY: `u` is a writable utsname struct (zeroed is valid); its fields are
    // NUL-terminated arrays filled by uname(2) and read only after it succeeded.
    unsafe {
        let mut u: libc::utsname = std::mem::zeroed();
        check(libc::uname(&mut u))?;
        let f = |a: &[libc::c_char]| {
            std::ffi::CStr::from_ptr(a.as_ptr())
                .to_string_lossy()
                .into_owned()
        };
        Ok([
            f(&u.sysname),
            f(&u.nodename),
            f(&u.release),
            f(&u.version),
            f(&u.machine),
        ])
    }
}

/// `times()`: user, system, children's user, children's system, elapsed (seconds).
pub fn times() -> Result<[f64; 5]> {
    // SAFETY: `t` is a writable tms struct (zeroed is valid); sysconf takes no memory.
    unsafe {
        let mut t: libc::tms = std::mem::zeroed();
        let c = libc::times(&mut t);
        if c == (-1i64) as libc::clock_t {
            return Err(Error::last_os_error());
        }
        let hz = libc::sysconf(libc::_SC_CLK_TCK) as f64;
        Ok([
            t.tms_utime as f64 / hz,
            t.tms_stime as f64 / hz,
            t.tms_cutime as f64 / hz,
            t.tms_cstime as f64 / hz,
            c as f64 / hz,
        ])
    }
}

/// The process's address-space limit (`ulimit -v`, RLIMIT_AS) in bytes, if it has one.
pub fn address_space_limit() -> Option<u64> {
    let mut r = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `r` is a valid rlimit for getrlimit to fill.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut r) } == 0;
    (ok && r.rlim_cur != libc::RLIM_INFINITY).then_some(r.rlim_cur)
}

/// The largest single allocation worth attempting: the machine's memory and swap (what the
/// kernel's default overcommit heuristic refuses beyond, and so what CPython's `malloc`
/// fails past), or the address-space limit when it is lower. The allocator reserves
/// address space without that accounting, so without this check a request for a terabyte
/// would succeed and then be killed while it is filled.
pub fn memory_ceiling() -> u64 {
    static CEILING: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *CEILING.get_or_init(|| {
        // SAFETY: an all-zero `sysinfo` is a valid value for the call to fill.
        let mut si: libc::sysinfo = unsafe { std::mem::zeroed() };
        // SAFETY: `si` is a valid sysinfo for the kernel to fill.
        let machine = if unsafe { libc::sysinfo(&mut si) } == 0 {
            (si.totalram as u64)
                .saturating_add(si.totalswap as u64)
                .saturating_mul(si.mem_unit.max(1) as u64)
        } else {
            u64::MAX
        };
        machine.min(address_space_limit().unwrap_or(u64::MAX))
    })
}

/// The number of processors online.
pub fn cpu_count() -> Option<i64> {
    // SAFETY: no memory is passed.
    let n = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) };
    (n > 0).then_some(n as i64)
}

/// Fills `buf` from the kernel's random source.
pub fn urandom(buf: &mut [u8]) -> Result<()> {
    let mut filled = 0;
    while filled < buf.len() {
        // SAFETY: the pointer and length describe the unfilled part of `buf`.
        let r =
            unsafe { libc::getrandom(buf[filled..].as_mut_ptr().cast(), buf.len() - filled, 0) };
        if r < 0 {
            let e = Error::last_os_error();
            if e.kind() != std::io::ErrorKind::Interrupted {
                return Err(e);
            }
        } else {
            filled += r as usize;
        }
    }
    Ok(())
}

/// What a signal does: the default action, nothing, or `handler`.
pub enum SigAction {
    Default,
    Ignore,
    Handler(extern "C" fn(libc::c_int)),
}

/// `sigaction(sig, action)` (without SA_RESTART, so blocking calls see EINTR and the
/// interpreter runs Python handlers promptly, as CPython does).
pub fn set_signal(sig: i32, action: SigAction) -> Result<()> {
    // SAFETY: the struct is zeroed then filled as sigaction(2) documents; the handler, if
    // any, is async-signal-safe (it only stores to atomics and writes to a descriptor).
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = match action {
            SigAction::Default => libc::SIG_DFL,
            SigAction::Ignore => libc::SIG_IGN,
            SigAction::Handler(h) => h as *const () as usize,
        };
        libc::sigemptyset(&mut sa.sa_mask);
        check(libc::sigaction(sig, &sa, std::ptr::null_mut())).map(|_| ())
    }
}

/// The current action for `sig`: 0 default, 1 ignored, 2 a handler.
pub fn signal_state(sig: i32) -> Result<u8> {
    // SAFETY: `old` is a writable sigaction struct for the query; zeroed is valid.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        check(libc::sigaction(sig, std::ptr::null(), &mut old))?;
        Ok(match old.sa_sigaction {
            libc::SIG_DFL => 0,
            libc::SIG_IGN => 1,
            _ => 2,
        })
    }
}

/// `raise(sig)`.
pub fn raise(sig: i32) -> Result<()> {
    // SAFETY: no memory is passed.
    check(unsafe { libc::raise(sig) }).map(|_| ())
}

/// `alarm(secs)`: the seconds left on the previous alarm.
pub fn alarm(secs: u32) -> u32 {
    // SAFETY: no memory is passed.
    unsafe { libc::alarm(secs) }
}

/// `pause()`.
pub fn pause() {
    // SAFETY: no memory is passed; returns when a signal is handled.
    unsafe {
        libc::pause();
    }
}

/// `strsignal(sig)`, or None for an unknown signal.
pub fn strsignal(sig: i32) -> Option<String> {
    // SAFETY: strsignal returns null or a NUL-terminated string owned by the C library,
    // copied at once (pycrane runs one thread).
    unsafe {
        let p = libc::strsignal(sig);
        if p.is_null() {
            return None;
        }
        Some(std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned())
    }
}

/// `siginterrupt(sig, flag)`.
pub fn siginterrupt(sig: i32, flag: bool) -> Result<()> {
    // SAFETY: the struct is read, its SA_RESTART flag changed, and written back.
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        check(libc::sigaction(sig, std::ptr::null(), &mut sa))?;
        if flag {
            sa.sa_flags &= !libc::SA_RESTART;
        } else {
            sa.sa_flags |= libc::SA_RESTART;
        }
        check(libc::sigaction(sig, &sa, std::ptr::null_mut())).map(|_| ())
    }
}

/// `setitimer(which, (delay, interval))`: the previous (delay, interval).
pub fn setitimer(which: i32, delay: f64, interval: f64) -> Result<(f64, f64)> {
    let tv = |s: f64| libc::timeval {
        tv_sec: s.trunc() as libc::time_t,
        tv_usec: ((s - s.trunc()) * 1e6).round() as libc::suseconds_t,
    };
    let new = libc::itimerval {
        it_interval: tv(interval),
        it_value: tv(delay),
    };
    // SAFETY: `new` is readable and `old` writable for the call; zeroed is valid.
    unsafe {
        let mut old: libc::itimerval = std::mem::zeroed();
        check(libc::setitimer(which, &new, &mut old))?;
        let f = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
        Ok((f(old.it_value), f(old.it_interval)))
    }
}

/// `getitimer(which)`: (delay, interval).
pub fn getitimer(which: i32) -> Result<(f64, f64)> {
    // SAFETY: `cur` is a writable itimerval; zeroed is valid.
    unsafe {
        let mut cur: libc::itimerval = std::mem::zeroed();
        check(libc::getitimer(which, &mut cur))?;
        let f = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
        Ok((f(cur.it_value), f(cur.it_interval)))
    }
}

/// Blocks every asynchronous signal in the calling thread, so that signals sent to the
/// process reach the interpreter's thread (where `os.kill(os.getpid(), sig)` then runs
/// its handler before returning, as in CPython).
pub fn block_signals_here() {
    // SAFETY: the set is initialised by sigfillset before use; pthread_sigmask changes
    // only this thread's mask.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut set);
        for s in [
            libc::SIGSEGV,
            libc::SIGBUS,
            libc::SIGILL,
            libc::SIGFPE,
            libc::SIGABRT,
        ] {
            libc::sigdelset(&mut set, s);
        }
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}
