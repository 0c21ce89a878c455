//! `_io.FileIO`: a raw, unbuffered file over an OS file descriptor.

use super::{getters, retry, size_arg, unsupported, Kw};
use crate::object::Obj;
use crate::os::fd;
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::cell::Cell;
use std::rc::Rc;

/// The state of a `FileIO`. `fd` is shared with buffered layers above it (so data they
/// still hold when freed, or at exit, reaches the file while it is open); -1 once closed.
pub struct FileIO {
    pub fd: Rc<Cell<i32>>,
    readable: Cell<bool>,
    writable: Cell<bool>,
    appending: Cell<bool>,
    created: Cell<bool>,
    closefd: Cell<bool>,
    /// -1 unknown, 0 no, 1 yes.
    seekable: Cell<i8>,
    blksize: Cell<i64>,
}

impl crate::object::native::NativeData for FileIO {}

impl Drop for FileIO {
    fn drop(&mut self) {
        let f = self.fd.get();
        if f >= 0 && self.closefd.get() {
            let _ = fd::close(f);
        }
        self.fd.set(-1);
    }
}

impl FileIO {
    fn new() -> FileIO {
        FileIO {
            fd: Rc::new(Cell::new(-1)),
            readable: Cell::new(false),
            writable: Cell::new(false),
            appending: Cell::new(false),
            created: Cell::new(false),
            closefd: Cell::new(true),
            seekable: Cell::new(-1),
            blksize: Cell::new(super::DEFAULT_BUFFER_SIZE as i64),
        }
    }

    /// The buffer size `open()` gives the buffered layer: the file system's block size.
    pub fn blksize(&self) -> i64 {
        self.blksize.get()
    }

    pub fn readable(&self) -> bool {
        self.readable.get()
    }

    pub fn writable(&self) -> bool {
        self.writable.get()
    }

    /// Reads up to `n` bytes (`None`: the descriptor is non-blocking and has none).
    pub fn read_some(&self, vm: &mut Vm, n: usize) -> PyResult<Option<Vec<u8>>> {
        let f = self.open_fd(vm)?;
        if !self.readable.get() {
            return Err(unsupported(vm, "File not open for reading"));
        }
        let mut buf = vec![0u8; n];
        match retry(vm, || fd::read(f, &mut buf))? {
            Ok(k) => {
                buf.truncate(k);
                Ok(Some(buf))
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Ok(None),
            Err(e) => Err(vm.os_error_with(&e, None)),
        }
    }

    /// Reads to end of file.
    pub fn read_all(&self, vm: &mut Vm) -> PyResult<Option<Vec<u8>>> {
        let f = self.open_fd(vm)?;
        if !self.readable.get() {
            return Err(unsupported(vm, "File not open for reading"));
        }
        let mut out = Vec::new();
        let hint = match (fd::fstat(f), fd::lseek(f, 0, libc::SEEK_CUR)) {
            (Ok(st), Ok(pos)) if st.size > pos => (st.size - pos) as usize + 1,
            _ => super::DEFAULT_BUFFER_SIZE,
        };
        let mut chunk = hint.max(1);
        loop {
            let start = out.len();
            out.resize(start + chunk, 0);
            match retry(vm, || fd::read(f, &mut out[start..]))? {
                Ok(0) => {
                    out.truncate(start);
                    return Ok(Some(out));
                }
                Ok(k) => out.truncate(start + k),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    out.truncate(start);
                    return Ok(if out.is_empty() { None } else { Some(out) });
                }
                Err(e) => return Err(vm.os_error_with(&e, None)),
            }
            chunk = chunk.max(out.len() / 2).max(super::DEFAULT_BUFFER_SIZE);
        }
    }

    /// Writes `data` once (a raw write may be partial): the count written, or `None` when
    /// a non-blocking descriptor would block.
    pub fn write_some(&self, vm: &mut Vm, data: &[u8]) -> PyResult<Option<usize>> {
        let f = self.open_fd(vm)?;
        if !self.writable.get() {
            return Err(unsupported(vm, "File not open for writing"));
        }
        if f == 1 {
            // Keep the order with what `print` buffered for standard output.
            vm.try_flush_stdout()?;
        }
        match retry(vm, || fd::write(f, data))? {
            Ok(k) => Ok(Some(k)),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Ok(None),
            Err(e) => Err(vm.os_error_with(&e, None)),
        }
    }

    pub fn seek(&self, vm: &mut Vm, pos: i64, whence: i32) -> PyResult<i64> {
        let f = self.open_fd(vm)?;
        fd::lseek(f, pos, whence).map_err(|e| vm.os_error_with(&e, None))
    }

    pub fn is_seekable(&self, vm: &mut Vm) -> PyResult<bool> {
        let f = self.open_fd(vm)?;
        if self.seekable.get() < 0 {
            self.seekable
                .set(i8::from(fd::lseek(f, 0, libc::SEEK_CUR).is_ok()));
        }
        Ok(self.seekable.get() == 1)
    }

    fn open_fd(&self, vm: &Vm) -> PyResult<i32> {
        let f = self.fd.get();
        if f < 0 {
            return Err(vm.value_error("I/O operation on closed file"));
        }
        Ok(f)
    }

    /// Closes the descriptor (if this object owns it).
    pub fn close(&self, vm: &mut Vm) -> PyResult<()> {
        let f = self.fd.replace(-1);
        if f >= 0 && self.closefd.get() {
            fd::close(f).map_err(|e| vm.os_error_with(&e, None))?;
        }
        Ok(())
    }

    fn mode(&self) -> &'static str {
        match (
            self.created.get(),
            self.appending.get(),
            self.readable.get(),
            self.writable.get(),
        ) {
            (true, _, true, _) => "xb+",
            (true, ..) => "xb",
            (_, true, true, _) => "ab+",
            (_, true, ..) => "ab",
            (_, _, true, true) => "rb+",
            (_, _, true, false) => "rb",
            _ => "wb",
        }
    }
}

pub fn file_type(vm: &mut Vm) -> Value {
    vm.native_type("_io.FileIO", |vm| {
        let base = super::iobase::raw_type(vm);
        let t = vm.new_native_subtype(
            "_io",
            "FileIO",
            &base,
            &[
                ("__new__", new),
                ("__init__", init),
                ("__repr__", repr),
                ("__getstate__", getstate),
                ("read", read),
                ("readall", readall),
                ("readinto", readinto),
                ("write", write),
                ("seek", seek),
                ("tell", tell),
                ("truncate", truncate),
                ("close", close),
                ("seekable", seekable),
                ("readable", readable),
                ("writable", writable),
                ("fileno", fileno),
                ("isatty", isatty),
                ("_dealloc_warn", dealloc_warn),
            ],
            false,
        );
        getters(
            &t,
            &[
                ("closed", closed),
                ("closefd", closefd),
                ("mode", mode),
                ("_blksize", blksize),
            ],
        );
        t
    })
}

/// A `FileIO` for one of the standard descriptors (never closed by Python code's `close`).
pub fn std_file(vm: &mut Vm, fdn: i32, name: &str, write: bool) -> Value {
    let t = file_type(vm);
    let f = FileIO::new();
    f.fd.set(fdn);
    f.readable.set(!write);
    f.writable.set(write);
    f.closefd.set(false);
    let v = vm.new_native(&t, &t, f);
    let _ = vm.setattr(&v, &Value::str("name"), Value::str(name));
    v
}

fn state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a FileIO> {
    v.native::<FileIO>()
        .ok_or_else(|| vm.type_error("descriptor requires a '_io.FileIO' object"))
}

fn new(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let base = vm.native_base(&args[0], "FileIO")?;
    Ok(vm.new_native(&args[0], &base, FileIO::new()))
}

/// The path `os.fspath` gives for `v`, as bytes for the system call.
pub fn path_bytes(vm: &mut Vm, v: &Value) -> PyResult<(Value, Vec<u8>)> {
    let p = fspath(vm, v)?;
    let bytes = match p.obj() {
        Some(Obj::Str(s)) => {
            if s.as_str().contains('\0') {
                return Err(vm.value_error("embedded null character"));
            }
            s.as_str().as_bytes().to_vec()
        }
        _ => {
            let b = p.bytes_data().unwrap_or_default();
            if b.contains(&0) {
                return Err(vm.value_error("embedded null byte"));
            }
            b
        }
    };
    Ok((p, bytes))
}

/// `os.fspath(v)`: a str or bytes as is, else what `__fspath__` returns.
pub fn fspath(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    if v.as_str().is_some() || matches!(v.obj(), Some(Obj::Bytes(_))) {
        return Ok(v.clone());
    }
    let t = vm.type_of(v);
    if let Some(f) = vm.lookup_type(&t, "__fspath__") {
        let r = vm.call(&f, std::slice::from_ref(v), &[])?;
        if r.as_str().is_some() || matches!(r.obj(), Some(Obj::Bytes(_))) {
            return Ok(r);
        }
        let (tn, rn) = (vm.type_name(v), vm.type_name(&r));
        return Err(vm.type_error(format!(
            "expected {tn}.__fspath__() to return str or bytes, not {rn}"
        )));
    }
    let tn = vm.type_name(v);
    Err(vm.type_error(format!(
        "expected str, bytes or os.PathLike object, not {tn}"
    )))
}

/// `FileIO(file, mode='r', closefd=True, opener=None)`.
fn init(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let this = args[0].clone();
    let names = ["file", "mode", "closefd", "opener"];
    let [file, mode, closefd, opener] =
        crate::builtins::bind(vm, "FileIO", &args[1..], kw, names, 1)?;
    let file = file.unwrap_or(Value::NONE);
    let st = state(vm, &this)?;
    if st.fd.get() >= 0 {
        if st.closefd.get() {
            st.close(vm)?;
        } else {
            st.fd.set(-1);
        }
    }
    let mode_s = match &mode {
        None => "r".to_string(),
        Some(m) => match m.as_str() {
            Some(s) => s.as_str().to_string(),
            None => {
                let tn = vm.type_name(m);
                return Err(
                    vm.type_error(format!("FileIO() argument 'mode' must be str, not {tn}"))
                );
            }
        },
    };
    let closefd = match &closefd {
        None => true,
        Some(c) => vm.is_true(c)?,
    };
    let (mut r, mut w, mut x, mut a, mut plus) = (false, false, false, false, false);
    let mut rwa = 0;
    let bad = || format!("invalid mode: {mode_s}");
    for c in mode_s.chars() {
        let seen = match c {
            'r' => std::mem::replace(&mut r, true),
            'w' => std::mem::replace(&mut w, true),
            'x' => std::mem::replace(&mut x, true),
            'a' => std::mem::replace(&mut a, true),
            '+' => std::mem::replace(&mut plus, true),
            'b' => false,
            _ => return Err(vm.value_error(bad())),
        };
        if c != 'b' && c != '+' {
            rwa += 1;
        }
        if seen && c != '+' {
            return Err(vm.value_error(bad()));
        }
        if seen && c == '+' {
            rwa = 99;
        }
    }
    if rwa != 1 {
        return Err(vm.value_error(
            "Must have exactly one of create/read/write/append mode and at most one plus",
        ));
    }
    let mut flags = libc::O_CLOEXEC;
    flags |= match (r || plus, w || a || x || plus) {
        (true, true) => libc::O_RDWR,
        (true, false) => libc::O_RDONLY,
        _ => libc::O_WRONLY,
    };
    if w {
        flags |= libc::O_CREAT | libc::O_TRUNC;
    }
    if x {
        flags |= libc::O_CREAT | libc::O_EXCL;
    }
    if a {
        flags |= libc::O_APPEND | libc::O_CREAT;
    }
    if file.is_float() {
        return Err(vm.type_error("integer argument expected, got float"));
    }
    let is_fd = file.is_int() || file.is_bool();
    let fdn = if is_fd {
        let n = vm.index_value(&file, "fd")?;
        if n < 0 {
            return Err(vm.value_error("negative file descriptor"));
        }
        i32::try_from(n).map_err(|_| vm.overflow_error("fd is greater than maximum"))?
    } else {
        if !closefd {
            return Err(vm.value_error("Cannot use closefd=False with file name"));
        }
        let (_, path) = path_bytes(vm, &file)?;
        match opener.filter(|o| !o.is_none()) {
            Some(op) => {
                let r = vm.call(&op, &[file.clone(), Value::int(flags as i64)], &[])?;
                let n = match r.as_small_int() {
                    Some(n) if r.is_int() => n,
                    _ => return Err(vm.type_error("expected integer from opener")),
                };
                if n < 0 {
                    return Err(vm.value_error(format!("opener returned {n}")));
                }
                n as i32
            }
            None => match retry(vm, || fd::open(&path, flags, 0o666))? {
                Ok(n) => n,
                Err(e) => return Err(vm.os_error_with(&e, Some(file.clone()))),
            },
        }
    };
    st.fd.set(fdn);
    st.readable.set(r || plus);
    st.writable.set(w || a || x || plus);
    st.appending.set(a);
    st.created.set(x);
    st.closefd.set(closefd);
    st.seekable.set(-1);
    match fd::fstat(fdn) {
        Ok(s) => {
            if s.is_dir {
                let _ = st.close(vm);
                let e = std::io::Error::from_raw_os_error(libc::EISDIR);
                return Err(vm.os_error_with(&e, Some(file)));
            }
            if s.blksize > 1 {
                st.blksize.set(s.blksize);
            }
        }
        Err(e) if e.raw_os_error() == Some(libc::EBADF) => {
            st.fd.set(-1);
            return Err(vm.os_error_with(&e, None));
        }
        Err(_) => {}
    }
    vm.setattr(&this, &Value::str("name"), file)?;
    if a {
        let _ = fd::lseek(fdn, 0, libc::SEEK_END);
    }
    Ok(Value::NONE)
}

fn repr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let this = &args[0];
    let st = state(vm, this)?;
    let tn = vm.type_name(this);
    if st.fd.get() < 0 {
        return Ok(Value::string(format!("<{tn} [closed]>")));
    }
    let (mode, closefd, fdn) = (st.mode(), st.closefd.get(), st.fd.get());
    let cf = if closefd { "True" } else { "False" };
    match vm.getattr_opt(this, &Value::str("name"))? {
        Some(n) => {
            let r = vm.repr_of(&n)?;
            Ok(Value::string(format!(
                "<{tn} name={r} mode='{mode}' closefd={cf}>"
            )))
        }
        None => Ok(Value::string(format!(
            "<{tn} fd={fdn} mode='{mode}' closefd={cf}>"
        ))),
    }
}

fn getstate(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let tn = vm.type_name(&args[0]);
    Err(vm.type_error(format!("cannot pickle '{tn}' object")))
}

fn read(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    let n = size_arg(vm, args.get(1))?;
    let r = if n < 0 {
        st.read_all(vm)?
    } else {
        st.read_some(vm, n as usize)?
    };
    Ok(r.map_or(Value::NONE, Value::bytes))
}

fn readall(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    Ok(st.read_all(vm)?.map_or(Value::NONE, Value::bytes))
}

fn readinto(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "readinto", args, 2, 2)?;
    let st = state(vm, &args[0])?;
    let n = vm.len(&args[1])?;
    match st.read_some(vm, n)? {
        Some(data) => {
            super::iobase::write_into(vm, &args[1], &data)?;
            Ok(Value::int(data.len() as i64))
        }
        None => Ok(Value::NONE),
    }
}

fn write(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "write", args, 2, 2)?;
    let st = state(vm, &args[0])?;
    let Some(data) = args[1].bytes_data() else {
        let tn = vm.type_name(&args[1]);
        return Err(vm.type_error(format!("a bytes-like object is required, not '{tn}'")));
    };
    Ok(st
        .write_some(vm, &data)?
        .map_or(Value::NONE, |n| Value::int(n as i64)))
}

/// A `seek` position argument.
pub fn pos_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    if v.is_float() {
        return Err(vm.type_error("an integer is required"));
    }
    vm.index_value(v, "position")
}

fn seek(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "seek", args, 2, 3)?;
    let st = state(vm, &args[0])?;
    let pos = pos_arg(vm, &args[1])?;
    let whence = match args.get(2) {
        Some(w) => vm.index_value(w, "whence")? as i32,
        None => 0,
    };
    Ok(Value::int(st.seek(vm, pos, whence)?))
}

fn tell(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    Ok(Value::int(st.seek(vm, 0, libc::SEEK_CUR)?))
}

fn truncate(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    let f = st.open_fd(vm)?;
    if !st.writable.get() {
        return Err(unsupported(vm, "File not open for writing"));
    }
    let size = match args.get(1) {
        Some(s) if !s.is_none() => pos_arg(vm, s)?,
        _ => st.seek(vm, 0, libc::SEEK_CUR)?,
    };
    fd::ftruncate(f, size).map_err(|e| vm.os_error_with(&e, None))?;
    Ok(Value::int(size))
}

fn close(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    st.close(vm)?;
    Ok(Value::NONE)
}

fn seekable(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    Ok(Value::bool(st.is_seekable(vm)?))
}

fn readable(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    st.open_fd(vm)?;
    Ok(Value::bool(st.readable.get()))
}

fn writable(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    st.open_fd(vm)?;
    Ok(Value::bool(st.writable.get()))
}

fn fileno(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    Ok(Value::int(st.open_fd(vm)? as i64))
}

fn isatty(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    Ok(Value::bool(fd::isatty(st.open_fd(vm)?)))
}

fn dealloc_warn(_vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::NONE)
}

fn closed(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::bool(state(vm, &args[0])?.fd.get() < 0))
}

fn closefd(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::bool(state(vm, &args[0])?.closefd.get()))
}

fn mode(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::str(state(vm, &args[0])?.mode()))
}

fn blksize(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(state(vm, &args[0])?.blksize.get()))
}
