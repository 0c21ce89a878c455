//! `posix`: the operating system interface under Lib's `os` — descriptors, processes,
//! the environment, system information — with CPython 3.11's names, result types and
//! `OSError` subclasses (errno, strerror, filenames). Path operations are in [`path`].
//!
//! Functions that CPython offers with `dir_fd` or descriptor arguments accept `None`
//! there; `_have_functions` is empty, so Lib's `os.supports_dir_fd` is too and callers
//! such as `shutil.rmtree` take their path-based branch.

pub mod path;

use super::structseq;
use crate::builtins::bind;
use crate::os::{fd, proc};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    let d = super::new_native_module(
        vm,
        "posix",
        &[
            ("getcwd", path::getcwd),
            ("getcwdb", path::getcwdb),
            ("chdir", path::chdir),
            ("listdir", path::listdir),
            ("scandir", path::scandir),
            ("stat", path::stat),
            ("lstat", path::lstat),
            ("fstat", fstat),
            ("mkdir", path::mkdir),
            ("rmdir", path::rmdir),
            ("unlink", path::unlink),
            ("remove", path::unlink),
            ("rename", path::rename),
            ("replace", path::rename),
            ("chmod", path::chmod),
            ("utime", path::utime),
            ("access", path::access),
            ("readlink", path::readlink),
            ("symlink", path::symlink),
            ("link", path::link),
            ("truncate", path::truncate),
            ("fspath", fspath),
            ("open", open),
            ("read", read),
            ("write", write),
            ("close", close),
            ("closerange", closerange),
            ("lseek", lseek),
            ("pipe", pipe),
            ("dup", dup),
            ("dup2", dup2),
            ("isatty", isatty),
            ("fsync", fsync),
            ("ftruncate", ftruncate),
            ("get_blocking", get_blocking),
            ("set_blocking", set_blocking),
            ("get_inheritable", get_inheritable),
            ("set_inheritable", set_inheritable),
            ("device_encoding", device_encoding),
            ("getpid", getpid),
            ("getppid", getppid),
            ("getuid", getuid),
            ("geteuid", geteuid),
            ("getgid", getgid),
            ("getegid", getegid),
            ("kill", kill),
            ("_exit", exit_now),
            ("waitpid", waitpid),
            ("waitstatus_to_exitcode", waitstatus_to_exitcode),
            ("WIFEXITED", wifexited),
            ("WEXITSTATUS", wexitstatus),
            ("WIFSIGNALED", wifsignaled),
            ("WTERMSIG", wtermsig),
            ("WIFSTOPPED", wifstopped),
            ("WSTOPSIG", wstopsig),
            ("system", system),
            ("fork", fork),
            ("register_at_fork", register_at_fork),
            ("execv", execv),
            ("execve", execve),
            ("umask", umask),
            ("urandom", urandom),
            ("cpu_count", cpu_count),
            ("get_terminal_size", get_terminal_size),
            ("strerror", strerror),
            ("uname", uname),
            ("times", times),
            ("putenv", putenv),
            ("unsetenv", unsetenv),
        ],
    );
    let types = [
        ("stat_result", path::stat_type(vm)),
        ("terminal_size", terminal_size_type(vm)),
        ("uname_result", uname_type(vm)),
        ("times_result", times_type(vm)),
        ("DirEntry", path::direntry_type(vm)),
    ];
    let environ = environ(vm);
    let Some(d) = d.as_dict() else { return };
    let mut d = d.borrow_mut();
    for (name, t) in types {
        d.set_str(name, t);
    }
    d.set_str("environ", environ);
    d.set_str("error", vm.exc.os_error.clone());
    d.set_str("_have_functions", Value::list(vec![]));
    for &(name, value) in CONSTANTS {
        d.set_str(name, Value::int(value));
    }
}

/// The integer constants (Linux values, from the C library).
const CONSTANTS: &[(&str, i64)] = &[
    ("F_OK", libc::F_OK as i64),
    ("R_OK", libc::R_OK as i64),
    ("W_OK", libc::W_OK as i64),
    ("X_OK", libc::X_OK as i64),
    ("O_RDONLY", libc::O_RDONLY as i64),
    ("O_WRONLY", libc::O_WRONLY as i64),
    ("O_RDWR", libc::O_RDWR as i64),
    ("O_ACCMODE", libc::O_ACCMODE as i64),
    ("O_APPEND", libc::O_APPEND as i64),
    ("O_CREAT", libc::O_CREAT as i64),
    ("O_EXCL", libc::O_EXCL as i64),
    ("O_TRUNC", libc::O_TRUNC as i64),
    ("O_NONBLOCK", libc::O_NONBLOCK as i64),
    ("O_NDELAY", libc::O_NDELAY as i64),
    ("O_CLOEXEC", libc::O_CLOEXEC as i64),
    ("O_DIRECTORY", libc::O_DIRECTORY as i64),
    ("O_NOFOLLOW", libc::O_NOFOLLOW as i64),
    ("O_NOCTTY", libc::O_NOCTTY as i64),
    ("O_SYNC", libc::O_SYNC as i64),
    ("O_DSYNC", libc::O_DSYNC as i64),
    ("O_ASYNC", libc::O_ASYNC as i64),
    ("O_NOATIME", libc::O_NOATIME as i64),
    ("O_PATH", libc::O_PATH as i64),
    ("O_TMPFILE", libc::O_TMPFILE as i64),
    ("O_LARGEFILE", libc::O_LARGEFILE as i64),
    ("SEEK_SET", 0),
    ("SEEK_CUR", 1),
    ("SEEK_END", 2),
    ("SEEK_DATA", libc::SEEK_DATA as i64),
    ("SEEK_HOLE", libc::SEEK_HOLE as i64),
    ("WNOHANG", libc::WNOHANG as i64),
    ("WUNTRACED", libc::WUNTRACED as i64),
    ("WCONTINUED", libc::WCONTINUED as i64),
    ("EX_OK", 0),
    ("EX_USAGE", 64),
    ("EX_DATAERR", 65),
    ("EX_NOINPUT", 66),
    ("EX_NOUSER", 67),
    ("EX_NOHOST", 68),
    ("EX_UNAVAILABLE", 69),
    ("EX_SOFTWARE", 70),
    ("EX_OSERR", 71),
    ("EX_OSFILE", 72),
    ("EX_CANTCREAT", 73),
    ("EX_IOERR", 74),
    ("EX_TEMPFAIL", 75),
    ("EX_PROTOCOL", 76),
    ("EX_NOPERM", 77),
    ("EX_CONFIG", 78),
    ("TMP_MAX", 238328),
    ("NGROUPS_MAX", 65536),
];

/// `posix.environ`: the process environment as a dict of bytes.
fn environ(vm: &mut Vm) -> Value {
    use std::os::unix::ffi::OsStrExt;
    let d = Value::dict(crate::object::Dict::new());
    for (k, v) in std::env::vars_os() {
        let key = Value::bytes(k.as_bytes().to_vec());
        let value = Value::bytes(v.as_bytes().to_vec());
        let _ = vm.dict_set(&d, key, value);
    }
    d
}

/// The `OSError` for a failed call on `filename` (if any).
pub fn error(vm: &mut Vm, e: &std::io::Error, filename: Option<&Value>) -> Value {
    vm.os_error_with(e, filename.cloned())
}

fn int_arg(vm: &mut Vm, v: &Option<Value>, what: &str) -> PyResult<i64> {
    match v {
        Some(v) => {
            if v.is_float() {
                return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
            }
            vm.index_value(v, what)
        }
        None => Err(vm.type_error(format!("missing argument '{what}'"))),
    }
}

fn fd_arg(vm: &mut Vm, v: &Option<Value>) -> PyResult<i32> {
    let n = int_arg(vm, v, "fd")?;
    i32::try_from(n).map_err(|_| vm.overflow_error("fd is greater than maximum"))
}

fn retry<T>(vm: &mut Vm, f: impl FnMut() -> std::io::Result<T>) -> PyResult<std::io::Result<T>> {
    super::io::retry(vm, f)
}

fn fspath(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [p] = bind(vm, "fspath", args, kw, ["path"], 1)?;
    super::io::fileio::fspath(vm, &p.unwrap_or(Value::NONE))
}

fn fstat(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [f] = bind(vm, "fstat", args, kw, ["fd"], 1)?;
    let fdn = fd_arg(vm, &f)?;
    match fd::fstat(fdn) {
        Ok(st) => Ok(path::stat_value(vm, &st)),
        Err(e) => Err(error(vm, &e, None)),
    }
}

fn open(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let names = ["path", "flags", "mode", "dir_fd"];
    let [p, flags, mode, _dir_fd] = bind(vm, "open", args, kw, names, 2)?;
    let p = p.unwrap_or(Value::NONE);
    let (_, bytes) = super::io::fileio::path_bytes(vm, &p)?;
    let flags = int_arg(vm, &flags, "flags")? as i32 | libc::O_CLOEXEC;
    let mode = match mode {
        Some(m) => int_arg(vm, &Some(m), "mode")? as u32,
        None => 0o777,
    };
    match retry(vm, || fd::open(&bytes, flags, mode))? {
        Ok(n) => Ok(Value::int(n as i64)),
        Err(e) => Err(error(vm, &e, Some(&p))),
    }
}

fn read(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [f, n] = bind(vm, "read", args, kw, ["fd", "length"], 2)?;
    let fdn = fd_arg(vm, &f)?;
    let n = int_arg(vm, &n, "length")?;
    if n < 0 {
        return Err(error(
            vm,
            &std::io::Error::from_raw_os_error(libc::EINVAL),
            None,
        ));
    }
    let mut buf = vec![0u8; n as usize];
    match retry(vm, || fd::read(fdn, &mut buf))? {
        Ok(k) => {
            buf.truncate(k);
            Ok(Value::bytes(buf))
        }
        Err(e) => Err(error(vm, &e, None)),
    }
}

fn write(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [f, data] = bind(vm, "write", args, kw, ["fd", "data"], 2)?;
    let fdn = fd_arg(vm, &f)?;
    let data = data.unwrap_or(Value::NONE);
    let Some(bytes) = data.bytes_data() else {
        let tn = vm.type_name(&data);
        return Err(vm.type_error(format!("a bytes-like object is required, not '{tn}'")));
    };
    if fdn == 1 {
        vm.try_flush_stdout()?;
    }
    match retry(vm, || fd::write(fdn, &bytes))? {
        Ok(k) => Ok(Value::int(k as i64)),
        Err(e) => Err(error(vm, &e, None)),
    }
}

fn close(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [f] = bind(vm, "close", args, kw, ["fd"], 1)?;
    let fdn = fd_arg(vm, &f)?;
    fd::close(fdn).map_err(|e| error(vm, &e, None))?;
    Ok(Value::NONE)
}

fn closerange(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [lo, hi] = bind(vm, "closerange", args, kw, ["fd_low", "fd_high"], 2)?;
    let lo = fd_arg(vm, &lo)?;
    let hi = fd_arg(vm, &hi)?;
    for f in lo.max(0)..hi {
        let _ = fd::close(f);
    }
    Ok(Value::NONE)
}

fn lseek(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [f, pos, how] = bind(vm, "lseek", args, kw, ["fd", "position", "whence"], 3)?;
    let fdn = fd_arg(vm, &f)?;
    let pos = int_arg(vm, &pos, "position")?;
    let how = int_arg(vm, &how, "whence")? as i32;
    fd::lseek(fdn, pos, how)
        .map(Value::int)
        .map_err(|e| error(vm, &e, None))
}

fn pipe(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    bind(vm, "pipe", args, kw, [], 0)?;
    let (r, w) = fd::pipe().map_err(|e| error(vm, &e, None))?;
    Ok(Value::tuple(vec![
        Value::int(r as i64),
        Value::int(w as i64),
    ]))
}

fn dup(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [f] = bind(vm, "dup", args, kw, ["fd"], 1)?;
    let fdn = fd_arg(vm, &f)?;
    fd::dup(fdn)
        .map(|n| Value::int(n as i64))
        .map_err(|e| error(vm, &e, None))
}

fn dup2(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [f, f2, inh] = bind(vm, "dup2", args, kw, ["fd", "fd2", "inheritable"], 2)?;
    let fdn = fd_arg(vm, &f)?;
    let fd2 = fd_arg(vm, &f2)?;
    let inheritable = match inh {
        Some(v) => vm.is_true(&v)?,
        None => true,
    };
    if fdn == fd2 {
        return Ok(Value::int(fd2 as i64));
    }
    fd::dup2(fdn, fd2, inheritable)
        .map(|n| Value::int(n as i64))
        .map_err(|e| error(vm, &e, None))
}

fn isatty(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [f] = bind(vm, "isatty", args, kw, ["fd"], 1)?;
    let fdn = fd_arg(vm, &f)?;
    Ok(Value::bool(fd::isatty(fdn)))
}

fn fsync(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [f] = bind(vm, "fsync", args, kw, ["fd"], 1)?;
    let f = f.unwrap_or(Value::NONE);
    let fdn = if f.is_int() {
        fd_arg(vm, &Some(f))?
    } else {
        let n = super::io::call_method(vm, &f, "fileno", &[])?;
        fd_arg(vm, &Some(n))?
    };
    fd::fsync(fdn).map_err(|e| error(vm, &e, None))?;
    Ok(Value::NONE)
}

fn ftruncate(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [f, len] = bind(vm, "ftruncate", args, kw, ["fd", "length"], 2)?;
    let fdn = fd_arg(vm, &f)?;
    let len = int_arg(vm, &len, "length")?;
    fd::ftruncate(fdn, len).map_err(|e| error(vm, &e, None))?;
    Ok(Value::NONE)
}

fn flag_get(vm: &mut Vm, args: &[Value], kw: Kw, name: &str, cmd: i32, bit: i32) -> PyResult<bool> {
    let [f] = bind(vm, name, args, kw, ["fd"], 1)?;
    let fdn = fd_arg(vm, &f)?;
    let flags = fd::get_flags(fdn, cmd).map_err(|e| error(vm, &e, None))?;
    Ok(flags & bit != 0)
}

fn flag_set(
    vm: &mut Vm,
    args: &[Value],
    kw: Kw,
    name: &str,
    cmds: (i32, i32),
    bit: i32,
    on: bool,
) -> PyResult<()> {
    let [f, _] = bind(vm, name, args, kw, ["fd", "value"], 2)?;
    let fdn = fd_arg(vm, &f)?;
    let flags = fd::get_flags(fdn, cmds.0).map_err(|e| error(vm, &e, None))?;
    let new = if on { flags | bit } else { flags & !bit };
    fd::set_flags(fdn, cmds.1, new).map_err(|e| error(vm, &e, None))
}

fn get_blocking(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let nb = flag_get(
        vm,
        args,
        kw,
        "get_blocking",
        libc::F_GETFL,
        libc::O_NONBLOCK,
    )?;
    Ok(Value::bool(!nb))
}

fn set_blocking(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let on = match args.get(1) {
        Some(v) => !vm.is_true(v)?,
        None => false,
    };
    let cmds = (libc::F_GETFL, libc::F_SETFL);
    flag_set(vm, args, kw, "set_blocking", cmds, libc::O_NONBLOCK, on)?;
    Ok(Value::NONE)
}

fn get_inheritable(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let ce = flag_get(
        vm,
        args,
        kw,
        "get_inheritable",
        libc::F_GETFD,
        libc::FD_CLOEXEC,
    )?;
    Ok(Value::bool(!ce))
}

fn set_inheritable(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let on = match args.get(1) {
        Some(v) => !vm.is_true(v)?,
        None => false,
    };
    let cmds = (libc::F_GETFD, libc::F_SETFD);
    flag_set(vm, args, kw, "set_inheritable", cmds, libc::FD_CLOEXEC, on)?;
    Ok(Value::NONE)
}

fn device_encoding(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [f] = bind(vm, "device_encoding", args, kw, ["fd"], 1)?;
    let fdn = fd_arg(vm, &f)?;
    if fd::isatty(fdn) {
        return Ok(Value::str(super::io::locale_encoding()));
    }
    Ok(Value::NONE)
}

fn getpid(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    bind(vm, "getpid", args, kw, [], 0)?;
    Ok(Value::int(std::process::id() as i64))
}

fn getppid(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    bind(vm, "getppid", args, kw, [], 0)?;
    Ok(Value::int(std::os::unix::process::parent_id() as i64))
}

fn getuid(_vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(proc::ids().0 as i64))
}

fn geteuid(_vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(proc::ids().1 as i64))
}

fn getgid(_vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(proc::ids().2 as i64))
}

fn getegid(_vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(proc::ids().3 as i64))
}

fn kill(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [pid, sig] = bind(vm, "kill", args, kw, ["pid", "signal"], 2)?;
    let pid = int_arg(vm, &pid, "pid")? as i32;
    let sig = int_arg(vm, &sig, "signal")? as i32;
    proc::kill(pid, sig).map_err(|e| error(vm, &e, None))?;
    // A signal to this process is handled at once (CPython checks right after kill).
    if crate::vm::signals::pending() {
        vm.take_signals()?;
    }
    Ok(Value::NONE)
}

fn exit_now(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [code] = bind(vm, "_exit", args, kw, ["status"], 1)?;
    let code = int_arg(vm, &code, "status")?;
    proc::exit_now(code as i32)
}

fn waitpid(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [pid, opts] = bind(vm, "waitpid", args, kw, ["pid", "options"], 2)?;
    let pid = int_arg(vm, &pid, "pid")? as i32;
    let opts = int_arg(vm, &opts, "options")? as i32;
    match retry(vm, || proc::waitpid(pid, opts))? {
        Ok((p, status)) => Ok(Value::tuple(vec![
            Value::int(p as i64),
            Value::int(status as i64),
        ])),
        Err(e) => Err(error(vm, &e, None)),
    }
}

fn status_arg(vm: &mut Vm, args: &[Value], kw: Kw, name: &str) -> PyResult<i32> {
    let [s] = bind(vm, name, args, kw, ["status"], 1)?;
    Ok(int_arg(vm, &s, "status")? as i32)
}

fn waitstatus_to_exitcode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let s = status_arg(vm, args, kw, "waitstatus_to_exitcode")?;
    if libc::WIFEXITED(s) {
        return Ok(Value::int(libc::WEXITSTATUS(s) as i64));
    }
    if libc::WIFSIGNALED(s) {
        return Ok(Value::int(-(libc::WTERMSIG(s) as i64)));
    }
    Err(vm.value_error(format!("invalid wait status: {s}")))
}

fn wifexited(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    Ok(Value::bool(libc::WIFEXITED(status_arg(
        vm,
        args,
        kw,
        "WIFEXITED",
    )?)))
}

fn wexitstatus(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    Ok(Value::int(
        libc::WEXITSTATUS(status_arg(vm, args, kw, "WEXITSTATUS")?) as i64,
    ))
}

fn wifsignaled(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    Ok(Value::bool(libc::WIFSIGNALED(status_arg(
        vm,
        args,
        kw,
        "WIFSIGNALED",
    )?)))
}

fn wtermsig(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    Ok(Value::int(
        libc::WTERMSIG(status_arg(vm, args, kw, "WTERMSIG")?) as i64,
    ))
}

fn wifstopped(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    Ok(Value::bool(libc::WIFSTOPPED(status_arg(
        vm,
        args,
        kw,
        "WIFSTOPPED",
    )?)))
}

fn wstopsig(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    Ok(Value::int(
        libc::WSTOPSIG(status_arg(vm, args, kw, "WSTOPSIG")?) as i64,
    ))
}

fn system(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [cmd] = bind(vm, "system", args, kw, ["command"], 1)?;
    let cmd = cmd.unwrap_or(Value::NONE);
    let (_, bytes) = super::io::fileio::path_bytes(vm, &cmd)?;
    vm.try_flush_stdout()?;
    proc::system(&bytes)
        .map(|s| Value::int(s as i64))
        .map_err(|e| error(vm, &e, None))
}

/// Callables registered with `register_at_fork`, in the `vm.native_types` registry
/// under a fixed key (a list of (before, after_in_child, after_in_parent) tuples).
fn fork_hooks(vm: &mut Vm) -> Value {
    vm.native_type("posix.fork_hooks", |_| Value::list(vec![]))
}

fn register_at_fork(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    if !args.is_empty() {
        return Err(vm.type_error("register_at_fork() takes no positional arguments"));
    }
    let names = ["before", "after_in_child", "after_in_parent"];
    let parts = bind(vm, "register_at_fork", &[], kw, names, 0)?;
    if parts.iter().all(Option::is_none) {
        return Err(vm.type_error("At least one argument is required."));
    }
    for (p, n) in parts.iter().zip(names) {
        if let Some(f) = p {
            if !vm.is_callable(f) {
                return Err(
                    vm.type_error(format!("'{n}' must be callable, not {}", vm.type_name(f)))
                );
            }
        }
    }
    let entry = Value::tuple(
        parts
            .into_iter()
            .map(|p| p.unwrap_or(Value::NONE))
            .collect(),
    );
    let hooks = fork_hooks(vm);
    vm.list_append(&hooks, entry)?;
    Ok(Value::NONE)
}

fn run_hooks(vm: &mut Vm, which: usize) {
    let hooks = fork_hooks(vm);
    let list = vm.collect(&hooks).unwrap_or_default();
    let ordered: Vec<Value> = if which == 0 {
        list.into_iter().rev().collect()
    } else {
        list
    };
    for h in ordered {
        let f = h
            .as_tuple()
            .and_then(|t| t.get(which).cloned())
            .unwrap_or(Value::NONE);
        if !f.is_none() {
            if let Err(e) = vm.call(&f, &[], &[]) {
                vm.report_unraisable(&e, "in", &f);
            }
        }
    }
}

fn fork(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    bind(vm, "fork", args, kw, [], 0)?;
    run_hooks(vm, 0);
    vm.try_flush_stdout()?;
    super::io::flush_all();
    let pid = proc::fork().map_err(|e| error(vm, &e, None))?;
    run_hooks(vm, if pid == 0 { 1 } else { 2 });
    Ok(Value::int(pid as i64))
}

fn exec_args(vm: &mut Vm, v: &Value) -> PyResult<Vec<Vec<u8>>> {
    let items = vm.collect(v)?;
    let mut out = vec![];
    for a in items {
        out.push(super::io::fileio::path_bytes(vm, &a)?.1);
    }
    Ok(out)
}

fn exec_common(vm: &mut Vm, args: &[Value], kw: Kw, with_env: bool) -> PyResult<Value> {
    let name = if with_env { "execve" } else { "execv" };
    let [p, argv, env] = bind(
        vm,
        name,
        args,
        kw,
        ["path", "argv", "env"],
        if with_env { 3 } else { 2 },
    )?;
    let p = p.unwrap_or(Value::NONE);
    let (_, path) = super::io::fileio::path_bytes(vm, &p)?;
    let argv = argv.unwrap_or(Value::NONE);
    if argv.as_tuple().is_none() && argv.as_list().is_none() {
        return Err(vm.type_error(format!("{name}() arg 2 must be a tuple or list")));
    }
    let argv = exec_args(vm, &argv)?;
    if argv.is_empty() {
        return Err(vm.value_error(format!("{name}() arg 2 must not be empty")));
    }
    if argv[0].is_empty() {
        return Err(vm.value_error(format!("{name}() arg 2 first element cannot be empty")));
    }
    let env = match env {
        Some(e) if with_env => {
            let mut out = vec![];
            for (k, v) in vm.kwargs_pairs(&e)? {
                let mut kb = super::io::fileio::path_bytes(vm, &k)?.1;
                let vb = super::io::fileio::path_bytes(vm, &v)?.1;
                kb.push(b'=');
                kb.extend_from_slice(&vb);
                out.push(kb);
            }
            Some(out)
        }
        _ => None,
    };
    vm.try_flush_stdout()?;
    super::io::flush_all();
    let e = proc::exec(&path, &argv, env.as_deref());
    Err(error(vm, &e, None))
}

fn execv(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    exec_common(vm, args, kw, false)
}

fn execve(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    exec_common(vm, args, kw, true)
}

fn umask(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [m] = bind(vm, "umask", args, kw, ["mask"], 1)?;
    let m = int_arg(vm, &m, "mask")?;
    Ok(Value::int(proc::umask(m as u32) as i64))
}

fn urandom(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [n] = bind(vm, "urandom", args, kw, ["size"], 1)?;
    let n = int_arg(vm, &n, "size")?;
    if n < 0 {
        return Err(vm.value_error("negative argument not allowed"));
    }
    let mut buf = vec![0u8; n as usize];
    proc::urandom(&mut buf).map_err(|e| error(vm, &e, None))?;
    Ok(Value::bytes(buf))
}

fn cpu_count(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    bind(vm, "cpu_count", args, kw, [], 0)?;
    Ok(proc::cpu_count().map_or(Value::NONE, Value::int))
}

fn terminal_size_type(vm: &mut Vm) -> Value {
    vm.native_type("os.terminal_size", |vm| {
        structseq::new_type(vm, "os", "terminal_size", &["columns", "lines"])
    })
}

fn uname_type(vm: &mut Vm) -> Value {
    vm.native_type("posix.uname_result", |vm| {
        let f = ["sysname", "nodename", "release", "version", "machine"];
        structseq::new_type(vm, "posix", "uname_result", &f)
    })
}

fn times_type(vm: &mut Vm) -> Value {
    vm.native_type("posix.times_result", |vm| {
        let f = [
            "user",
            "system",
            "children_user",
            "children_system",
            "elapsed",
        ];
        structseq::new_type(vm, "posix", "times_result", &f)
    })
}

fn get_terminal_size(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [f] = bind(vm, "get_terminal_size", args, kw, ["fd"], 0)?;
    let fdn = match f {
        Some(f) => fd_arg(vm, &Some(f))?,
        None => 1,
    };
    let (cols, lines) = fd::terminal_size(fdn).map_err(|e| error(vm, &e, None))?;
    let t = terminal_size_type(vm);
    Ok(structseq::new(
        &t,
        vec![Value::int(cols as i64), Value::int(lines as i64)],
    ))
}

fn strerror(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [c] = bind(vm, "strerror", args, kw, ["code"], 1)?;
    let c = int_arg(vm, &c, "code")?;
    Ok(Value::string(proc::strerror(c as i32)))
}

fn uname(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    bind(vm, "uname", args, kw, [], 0)?;
    let u = proc::uname().map_err(|e| error(vm, &e, None))?;
    let t = uname_type(vm);
    Ok(structseq::new(
        &t,
        u.iter().map(|s| Value::str(s)).collect(),
    ))
}

fn times(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    bind(vm, "times", args, kw, [], 0)?;
    let t = proc::times().map_err(|e| error(vm, &e, None))?;
    let ty = times_type(vm);
    Ok(structseq::new(
        &ty,
        t.iter().map(|&x| Value::float(x)).collect(),
    ))
}

fn env_bytes(vm: &mut Vm, v: &Value, what: &str) -> PyResult<Vec<u8>> {
    let b = super::io::fileio::path_bytes(vm, v)?.1;
    if what == "key" && (b.is_empty() || b.contains(&b'=')) {
        return Err(vm.value_error("illegal environment variable name"));
    }
    Ok(b)
}

fn putenv(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    use std::os::unix::ffi::OsStrExt;
    let [k, v] = bind(vm, "putenv", args, kw, ["name", "value"], 2)?;
    let k = env_bytes(vm, &k.unwrap_or(Value::NONE), "key")?;
    let v = env_bytes(vm, &v.unwrap_or(Value::NONE), "value")?;
    // Safe while pycrane runs one thread (the only constraint of set_var).
    std::env::set_var(
        std::ffi::OsStr::from_bytes(&k),
        std::ffi::OsStr::from_bytes(&v),
    );
    Ok(Value::NONE)
}

fn unsetenv(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    use std::os::unix::ffi::OsStrExt;
    let [k] = bind(vm, "unsetenv", args, kw, ["name"], 1)?;
    let k = env_bytes(vm, &k.unwrap_or(Value::NONE), "key")?;
    std::env::remove_var(std::ffi::OsStr::from_bytes(&k));
    Ok(Value::NONE)
}
