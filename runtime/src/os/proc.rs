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
