//! `posix`'s path operations: `stat`/`lstat` and `stat_result`, `listdir`, `scandir` and
//! `DirEntry`, directory and link management, `getcwd`/`chdir`, `utime`, `access`.
//! Paths are str, bytes or path-like; a bytes path gives bytes names back, as in CPython.

use super::{bind, error, int_arg, structseq, Kw};
use crate::object::Obj;
use crate::os::fd::FdStat;
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::cell::RefCell;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

/// A path argument: the original object, the path, and whether it was bytes.
struct PathArg {
    obj: Value,
    path: PathBuf,
    bytes: bool,
}

fn path_arg(vm: &mut Vm, v: Option<Value>, default: Option<&str>) -> PyResult<PathArg> {
    let v = match (v, default) {
        (Some(v), _) if !v.is_none() => v,
        (_, Some(d)) => Value::str(d),
        (v, None) => v.unwrap_or(Value::NONE),
    };
    let (p, b) = super::super::io::fileio::path_bytes(vm, &v)?;
    Ok(PathArg {
        obj: v,
        path: PathBuf::from(OsStr::from_bytes(&b)),
        bytes: matches!(p.obj(), Some(Obj::Bytes(_))),
    })
}

fn name_value(name: &OsStr, bytes: bool) -> Value {
    if bytes {
        Value::bytes(name.as_bytes().to_vec())
    } else {
        Value::string(name.to_string_lossy().into_owned())
    }
}

/// The `OSError` for a call on two paths: "[Errno 2] No such file or directory: 'a' -> 'b'".
fn error2(vm: &mut Vm, e: &std::io::Error, a: &Value, b: &Value) -> Value {
    let Some(code) = e.raw_os_error() else {
        return error(vm, e, Some(a));
    };
    let cls = vm.exc.os_error.clone();
    let args = [
        Value::int(code as i64),
        Value::string(crate::os::proc::strerror(code)),
        a.clone(),
        Value::NONE,
        b.clone(),
    ];
    match vm.call_type(&cls, &args, &[]) {
        Ok(v) | Err(v) => v,
    }
}

pub fn getcwd(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    bind(vm, "getcwd", args, kw, [], 0)?;
    match std::env::current_dir() {
        Ok(p) => Ok(name_value(p.as_os_str(), false)),
        Err(e) => Err(error(vm, &e, None)),
    }
}

pub fn getcwdb(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    bind(vm, "getcwdb", args, kw, [], 0)?;
    match std::env::current_dir() {
        Ok(p) => Ok(name_value(p.as_os_str(), true)),
        Err(e) => Err(error(vm, &e, None)),
    }
}

pub fn chdir(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [p] = bind(vm, "chdir", args, kw, ["path"], 1)?;
    let p = path_arg(vm, p, None)?;
    std::env::set_current_dir(&p.path).map_err(|e| error(vm, &e, Some(&p.obj)))?;
    Ok(Value::NONE)
}

pub fn listdir(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [p] = bind(vm, "listdir", args, kw, ["path"], 0)?;
    let p = path_arg(vm, p, Some("."))?;
    let rd = std::fs::read_dir(&p.path).map_err(|e| error(vm, &e, Some(&p.obj)))?;
    let mut out = vec![];
    for entry in rd {
        let entry = entry.map_err(|e| error(vm, &e, Some(&p.obj)))?;
        out.push(name_value(&entry.file_name(), p.bytes));
    }
    Ok(Value::list(out))
}

pub fn stat_type(vm: &mut Vm) -> Value {
    vm.native_type("os.stat_result", |vm| {
        let fields = [
            "st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid", "st_size", "st_atime",
            "st_mtime", "st_ctime",
        ];
        let t = structseq::new_type(vm, "os", "stat_result", &fields);
        if let Some(ty) = t.as_type() {
            let mut d = ty.dict.borrow_mut();
            d.set_str("n_fields", Value::int(19));
            d.set_str("n_unnamed_fields", Value::int(3));
        }
        t
    })
}

fn big(_vm: &mut Vm, n: i128) -> Value {
    match i64::try_from(n) {
        Ok(i) => Value::int(i),
        Err(_) => Value::bigint(n.into()),
    }
}

/// A `stat_result` (integer times by index, float times and `_ns` times by name).
pub fn stat_value(vm: &mut Vm, st: &FdStat) -> Value {
    let t = stat_type(vm);
    let seq = vec![
        Value::int(st.mode as i64),
        big(vm, st.ino as i128),
        big(vm, st.dev as i128),
        Value::int(st.nlink as i64),
        Value::int(st.uid as i64),
        Value::int(st.gid as i64),
        Value::int(st.size),
        Value::int(st.atime.0),
        Value::int(st.mtime.0),
        Value::int(st.ctime.0),
    ];
    let v = structseq::new(&t, seq);
    let ns = |(s, n): (i64, i64)| s as i128 * 1_000_000_000 + n as i128;
    let extra = [
        (
            "st_atime",
            Value::float(st.atime.0 as f64 + st.atime.1 as f64 * 1e-9),
        ),
        (
            "st_mtime",
            Value::float(st.mtime.0 as f64 + st.mtime.1 as f64 * 1e-9),
        ),
        (
            "st_ctime",
            Value::float(st.ctime.0 as f64 + st.ctime.1 as f64 * 1e-9),
        ),
        ("st_atime_ns", big(vm, ns(st.atime))),
        ("st_mtime_ns", big(vm, ns(st.mtime))),
        ("st_ctime_ns", big(vm, ns(st.ctime))),
        ("st_blksize", Value::int(st.blksize)),
        ("st_blocks", Value::int(st.blocks)),
        ("st_rdev", big(vm, st.rdev as i128)),
    ];
    if let Some(i) = v.as_instance() {
        let mut d = i.dict.borrow_mut();
        for (k, x) in extra {
            d.set_str(k, x);
        }
    }
    v
}

fn stat_common(vm: &mut Vm, name: &str, args: &[Value], kw: Kw, follow: bool) -> PyResult<Value> {
    let names = ["path", "dir_fd", "follow_symlinks"];
    let [p, _dir_fd, fs] = bind(vm, name, args, kw, names, 1)?;
    let follow = match fs {
        Some(f) => follow && vm.is_true(&f)?,
        None => follow,
    };
    if let Some(v) = p.as_ref().filter(|v| v.is_int()) {
        let fdn = int_arg(vm, &Some(v.clone()), "fd")? as i32;
        return match crate::os::fd::fstat(fdn) {
            Ok(st) => Ok(stat_value(vm, &st)),
            Err(e) => Err(error(vm, &e, None)),
        };
    }
    let p = path_arg(vm, p, None)?;
    let m = if follow {
        std::fs::metadata(&p.path)
    } else {
        std::fs::symlink_metadata(&p.path)
    };
    match m {
        Ok(m) => Ok(stat_value(vm, &FdStat::from(&m))),
        Err(e) => Err(error(vm, &e, Some(&p.obj))),
    }
}

pub fn stat(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    stat_common(vm, "stat", args, kw, true)
}

pub fn lstat(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    stat_common(vm, "lstat", args, kw, false)
}

pub fn mkdir(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    use std::os::unix::fs::DirBuilderExt;
    let [p, mode, _dir_fd] = bind(vm, "mkdir", args, kw, ["path", "mode", "dir_fd"], 1)?;
    let p = path_arg(vm, p, None)?;
    let mode = match mode {
        Some(m) => int_arg(vm, &Some(m), "mode")? as u32,
        None => 0o777,
    };
    std::fs::DirBuilder::new()
        .mode(mode)
        .create(&p.path)
        .map_err(|e| error(vm, &e, Some(&p.obj)))?;
    Ok(Value::NONE)
}

fn one_path(
    vm: &mut Vm,
    name: &str,
    args: &[Value],
    kw: Kw,
    f: impl FnOnce(&std::path::Path) -> std::io::Result<()>,
) -> PyResult<Value> {
    let [p, _dir_fd] = bind(vm, name, args, kw, ["path", "dir_fd"], 1)?;
    let p = path_arg(vm, p, None)?;
    f(&p.path).map_err(|e| error(vm, &e, Some(&p.obj)))?;
    Ok(Value::NONE)
}

pub fn rmdir(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    one_path(vm, "rmdir", args, kw, |p| std::fs::remove_dir(p))
}

pub fn unlink(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    one_path(vm, "unlink", args, kw, |p| std::fs::remove_file(p))
}

fn two_paths(
    vm: &mut Vm,
    name: &str,
    args: &[Value],
    kw: Kw,
    f: impl FnOnce(&std::path::Path, &std::path::Path) -> std::io::Result<()>,
) -> PyResult<Value> {
    let names = ["src", "dst", "src_dir_fd", "dst_dir_fd"];
    let [a, b, _, _] = bind(vm, name, args, kw, names, 2)?;
    let a = path_arg(vm, a, None)?;
    let b = path_arg(vm, b, None)?;
    if a.bytes != b.bytes {
        return Err(vm.type_error(format!("{name}: src and dst must be the same type")));
    }
    f(&a.path, &b.path).map_err(|e| error2(vm, &e, &a.obj, &b.obj))?;
    Ok(Value::NONE)
}

pub fn rename(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    two_paths(vm, "rename", args, kw, |a, b| std::fs::rename(a, b))
}

pub fn link(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    two_paths(vm, "link", args, kw, |a, b| std::fs::hard_link(a, b))
}

pub fn symlink(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let names = ["src", "dst", "target_is_directory", "dir_fd"];
    let [a, b, _, _] = bind(vm, "symlink", args, kw, names, 2)?;
    two_paths(
        vm,
        "symlink",
        &[a.unwrap_or(Value::NONE), b.unwrap_or(Value::NONE)],
        &[],
        |a, b| std::os::unix::fs::symlink(a, b),
    )
}

pub fn readlink(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [p, _dir_fd] = bind(vm, "readlink", args, kw, ["path", "dir_fd"], 1)?;
    let p = path_arg(vm, p, None)?;
    let target = std::fs::read_link(&p.path).map_err(|e| error(vm, &e, Some(&p.obj)))?;
    Ok(name_value(target.as_os_str(), p.bytes))
}

pub fn chmod(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    use std::os::unix::fs::PermissionsExt;
    let names = ["path", "mode", "dir_fd", "follow_symlinks"];
    let [p, mode, _, _] = bind(vm, "chmod", args, kw, names, 2)?;
    let p = path_arg(vm, p, None)?;
    let mode = int_arg(vm, &mode, "mode")? as u32;
    std::fs::set_permissions(&p.path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| error(vm, &e, Some(&p.obj)))?;
    Ok(Value::NONE)
}

pub fn truncate(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [p, len] = bind(vm, "truncate", args, kw, ["path", "length"], 2)?;
    let p = path_arg(vm, p, None)?;
    let len = int_arg(vm, &len, "length")?;
    std::fs::OpenOptions::new()
        .write(true)
        .open(&p.path)
        .and_then(|f| f.set_len(len.max(0) as u64))
        .map_err(|e| error(vm, &e, Some(&p.obj)))?;
    Ok(Value::NONE)
}

pub fn access(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let names = ["path", "mode", "dir_fd", "effective_ids", "follow_symlinks"];
    let [p, mode, _, _, _] = bind(vm, "access", args, kw, names, 2)?;
    let p = path_arg(vm, p, None)?;
    let mode = int_arg(vm, &mode, "mode")? as i32;
    let ok = crate::os::proc::access(p.path.as_os_str().as_bytes(), mode)
        .map_err(|e| error(vm, &e, Some(&p.obj)))?;
    Ok(Value::bool(ok))
}

/// (seconds, nanoseconds) of a time given as int or float seconds.
fn time_parts(vm: &mut Vm, v: &Value) -> PyResult<(i64, i64)> {
    if let Some(f) = v.as_float() {
        let s = f.floor();
        return Ok((s as i64, ((f - s) * 1e9).round() as i64));
    }
    Ok((vm.index_value(v, "time")?, 0))
}

pub fn utime(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let names = ["path", "times", "ns", "dir_fd", "follow_symlinks"];
    let [p, times, ns, _, follow] = bind(vm, "utime", args, kw, names, 1)?;
    let p = path_arg(vm, p, None)?;
    let follow = match follow {
        Some(f) => vm.is_true(&f)?,
        None => true,
    };
    let times = times.filter(|t| !t.is_none());
    let spec = match (times, ns) {
        (Some(_), Some(_)) => {
            return Err(vm.value_error("utime: you may specify either 'times' or 'ns' but not both"))
        }
        (Some(t), None) => {
            let parts = match t.as_tuple() {
                Some(p) if p.len() == 2 => p.to_vec(),
                _ => {
                    return Err(
                        vm.type_error("utime: 'times' must be either a tuple of two ints or None")
                    )
                }
            };
            Some([time_parts(vm, &parts[0])?, time_parts(vm, &parts[1])?])
        }
        (None, Some(n)) => {
            let parts = match n.as_tuple() {
                Some(p) if p.len() == 2 => p.to_vec(),
                _ => return Err(vm.type_error("utime: 'ns' must be a tuple of two ints")),
            };
            let mut out = [(0, 0); 2];
            for (o, x) in out.iter_mut().zip(&parts) {
                let billion = Value::int(1_000_000_000);
                let q = vm.binary_op(x, &billion, crate::vm::ops::NB_FLOOR_DIVIDE)?;
                let r = vm.binary_op(x, &billion, crate::vm::ops::NB_REMAINDER)?;
                *o = (vm.index_value(&q, "ns")?, vm.index_value(&r, "ns")?);
            }
            Some(out)
        }
        (None, None) => None,
    };
    crate::os::fd::utimens(p.path.as_os_str().as_bytes(), spec, follow)
        .map_err(|e| error(vm, &e, Some(&p.obj)))?;
    Ok(Value::NONE)
}

/// The state of a `DirEntry`.
struct DirEntry {
    name: Value,
    path: Value,
    full: PathBuf,
    ino: u64,
    file_type: Option<std::fs::FileType>,
    stat: RefCell<Option<Value>>,
    lstat: RefCell<Option<Value>>,
}

impl crate::object::native::NativeData for DirEntry {}

/// The iterator `scandir` returns (a context manager that closes the directory).
struct ScandirIter {
    dir: RefCell<Option<std::fs::ReadDir>>,
    prefix: PathArg,
}

impl crate::object::native::NativeIterator for ScandirIter {
    fn next(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        use std::os::unix::fs::DirEntryExt;
        let item = match self.dir.borrow_mut().as_mut() {
            Some(rd) => rd.next(),
            None => None,
        };
        let Some(item) = item else {
            *self.dir.borrow_mut() = None;
            return Ok(None);
        };
        let entry = item.map_err(|e| error(vm, &e, Some(&self.prefix.obj)))?;
        let name = entry.file_name();
        let full = self.prefix.path.join(&name);
        let st = DirEntry {
            name: name_value(&name, self.prefix.bytes),
            path: name_value(full.as_os_str(), self.prefix.bytes),
            full,
            ino: entry.ino(),
            file_type: entry.file_type().ok(),
            stat: RefCell::new(None),
            lstat: RefCell::new(None),
        };
        let t = direntry_type(vm);
        Ok(Some(vm.new_native(&t, &t, st)))
    }
}

pub fn scandir(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [p] = bind(vm, "scandir", args, kw, ["path"], 0)?;
    let p = path_arg(vm, p, Some("."))?;
    let rd = std::fs::read_dir(&p.path).map_err(|e| error(vm, &e, Some(&p.obj)))?;
    let t = scandir_type(vm);
    Ok(vm.new_native(
        &t,
        &t,
        ScandirIter {
            dir: RefCell::new(Some(rd)),
            prefix: p,
        },
    ))
}

fn scandir_type(vm: &mut Vm) -> Value {
    vm.native_type("posix.ScandirIterator", |vm| {
        vm.new_native_type(
            "posix",
            "ScandirIterator",
            &[
                ("__new__", crate::object::native::no_new),
                ("__enter__", scandir_enter),
                ("__exit__", scandir_close),
                ("close", scandir_close),
            ],
            true,
        )
    })
}

fn scandir_enter(_vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(args[0].clone())
}

fn scandir_close(_vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    if let Some(s) = args[0].native::<ScandirIter>() {
        *s.dir.borrow_mut() = None;
    }
    Ok(Value::NONE)
}

pub fn direntry_type(vm: &mut Vm) -> Value {
    vm.native_type("posix.DirEntry", |vm| {
        let t = vm.new_native_type(
            "posix",
            "DirEntry",
            &[
                ("__new__", crate::object::native::no_new),
                ("__repr__", de_repr),
                ("__fspath__", de_path),
                ("inode", de_inode),
                ("is_dir", de_is_dir),
                ("is_file", de_is_file),
                ("is_symlink", de_is_symlink),
                ("stat", de_stat),
            ],
            false,
        );
        crate::builtins::add_getters(&t, &[("name", de_name), ("path", de_path)]);
        t
    })
}

fn de<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a DirEntry> {
    v.native::<DirEntry>()
        .ok_or_else(|| vm.type_error("descriptor requires a 'posix.DirEntry' object"))
}

fn de_repr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let name = de(vm, &args[0])?.name.clone();
    let r = vm.repr_of(&name)?;
    Ok(Value::string(format!("<DirEntry {r}>")))
}

fn de_name(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(de(vm, &args[0])?.name.clone())
}

fn de_path(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(de(vm, &args[0])?.path.clone())
}

fn de_inode(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let ino = de(vm, &args[0])?.ino;
    Ok(big(vm, ino as i128))
}

fn follow_arg(vm: &mut Vm, args: &[Value], kw: Kw, name: &str) -> PyResult<bool> {
    let [f] = bind(vm, name, &args[1..], kw, ["follow_symlinks"], 0)?;
    match f {
        Some(f) => vm.is_true(&f),
        None => Ok(true),
    }
}

/// `entry.stat(follow_symlinks)`, cached as CPython caches it.
fn entry_stat(vm: &mut Vm, this: &Value, follow: bool) -> PyResult<Value> {
    let e = de(vm, this)?;
    let is_link = e.file_type.is_some_and(|t| t.is_symlink());
    let slot = if follow && is_link { &e.stat } else { &e.lstat };
    if let Some(v) = slot.borrow().clone() {
        return Ok(v);
    }
    let m = if follow {
        std::fs::metadata(&e.full)
    } else {
        std::fs::symlink_metadata(&e.full)
    };
    let path = e.path.clone();
    let v = match m {
        Ok(m) => stat_value(vm, &FdStat::from(&m)),
        Err(err) => return Err(error(vm, &err, Some(&path))),
    };
    *slot.borrow_mut() = Some(v.clone());
    Ok(v)
}

fn de_stat(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let follow = follow_arg(vm, args, kw, "stat")?;
    entry_stat(vm, &args[0], follow)
}

fn de_is(vm: &mut Vm, args: &[Value], kw: Kw, name: &str, dir: bool) -> PyResult<Value> {
    let follow = follow_arg(vm, args, kw, name)?;
    let e = de(vm, &args[0])?;
    let Some(ft) = e.file_type else {
        return Ok(Value::FALSE);
    };
    if !(follow && ft.is_symlink()) {
        return Ok(Value::bool(if dir { ft.is_dir() } else { ft.is_file() }));
    }
    match entry_stat(vm, &args[0], true) {
        Ok(st) => {
            let mode = vm.getattr_str(&st, "st_mode")?;
            let mode = vm.index_value(&mode, "mode")? as u32;
            let want = if dir { libc::S_IFDIR } else { libc::S_IFREG };
            Ok(Value::bool(mode & libc::S_IFMT == want))
        }
        Err(e) if vm.isinstance(&e, &vm.exc.file_not_found_error.clone()) => Ok(Value::FALSE),
        Err(e) => Err(e),
    }
}

fn de_is_dir(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    de_is(vm, args, kw, "is_dir", true)
}

fn de_is_file(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    de_is(vm, args, kw, "is_file", false)
}

fn de_is_symlink(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let e = de(vm, &args[0])?;
    Ok(Value::bool(e.file_type.is_some_and(|t| t.is_symlink())))
}
