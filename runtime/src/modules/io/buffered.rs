//! `BufferedReader`, `BufferedWriter`, `BufferedRandom` (one Rust type, by kind) and
//! `BufferedRWPair`: buffered binary streams over a raw stream.
//!
//! Over a native `FileIO` the raw calls are Rust calls; over any other raw object they
//! are its `readinto`/`write`/`seek` methods, as in CPython. A writer's pending bytes are
//! shared with a registry so that they reach the file when the writer is freed or at exit
//! even if nobody flushed them (CPython's finalizers do the same).

use super::fileio::FileIO;
use super::{call_method, size_arg, unsupported, Kw, DEFAULT_BUFFER_SIZE};
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Reader,
    Writer,
    Random,
}

/// Bytes written but not yet passed to the raw stream, and the descriptor of a native
/// raw file to pass them to at the end.
#[derive(Default)]
struct Pending {
    data: RefCell<Vec<u8>>,
    fd: RefCell<Option<Rc<Cell<i32>>>>,
}

impl Pending {
    /// Writes what is pending straight to the descriptor (no Python code can run here).
    fn write_out(&self) {
        let fd = match &*self.fd.borrow() {
            Some(f) if f.get() >= 0 => f.get(),
            _ => return,
        };
        let mut data = self.data.borrow_mut();
        let mut done = 0;
        while done < data.len() {
            match crate::os::fd::write(fd, &data[done..]) {
                Ok(0) => break,
                Ok(n) => done += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        data.clear();
    }
}

thread_local! {
    static WRITERS: RefCell<Vec<Weak<Pending>>> = const { RefCell::new(Vec::new()) };
}

/// Writes out every live writer's pending bytes (at exit).
pub fn flush_registered() {
    let live: Vec<Rc<Pending>> =
        WRITERS.with(|w| w.borrow().iter().filter_map(Weak::upgrade).collect());
    for p in live {
        p.write_out();
    }
}

fn register(p: &Rc<Pending>) {
    WRITERS.with(|w| {
        let mut w = w.borrow_mut();
        if w.len() >= 64 && w.len().is_power_of_two() {
            w.retain(|x| x.strong_count() > 0);
        }
        w.push(Rc::downgrade(p));
    });
}

pub struct Buffered {
    kind: Kind,
    raw: RefCell<Value>,
    ready: Cell<bool>,
    detached: Cell<bool>,
    size: Cell<usize>,
    /// Read-ahead: the unread bytes are `rbuf[rpos..]`.
    rbuf: RefCell<Vec<u8>>,
    rpos: Cell<usize>,
    pending: Rc<Pending>,
    /// 1 or 2: standard output or error, written through the interpreter's own streams.
    std: Cell<u8>,
}

impl crate::object::native::NativeData for Buffered {}

impl Drop for Buffered {
    fn drop(&mut self) {
        self.pending.write_out();
    }
}

impl Buffered {
    fn new(kind: Kind) -> Buffered {
        Buffered {
            kind,
            raw: RefCell::new(Value::NONE),
            ready: Cell::new(false),
            detached: Cell::new(false),
            size: Cell::new(DEFAULT_BUFFER_SIZE),
            rbuf: RefCell::default(),
            rpos: Cell::new(0),
            pending: Rc::default(),
            std: Cell::new(0),
        }
    }

    fn raw(&self, vm: &Vm) -> PyResult<Value> {
        if self.detached.get() {
            return Err(vm.value_error("raw stream has been detached"));
        }
        if !self.ready.get() {
            return Err(vm.value_error("I/O operation on uninitialized object"));
        }
        Ok(self.raw.borrow().clone())
    }

    fn unread(&self) -> usize {
        self.rbuf.borrow().len() - self.rpos.get()
    }

    /// Checks the stream is open (`what`: "read of closed file"...).
    fn check_open(&self, vm: &mut Vm, what: &str) -> PyResult<Value> {
        let raw = self.raw(vm)?;
        let closed = match raw.native::<FileIO>() {
            Some(f) => f.fd.get() < 0,
            None => super::is_closed(vm, &raw)?,
        };
        if closed {
            return Err(vm.value_error(what));
        }
        Ok(raw)
    }

    fn check_readable(&self, vm: &mut Vm) -> PyResult<()> {
        if self.kind == Kind::Writer {
            return Err(unsupported(vm, "read"));
        }
        Ok(())
    }

    fn raw_read(&self, vm: &mut Vm, raw: &Value, n: usize) -> PyResult<Option<Vec<u8>>> {
        if let Some(f) = raw.native::<FileIO>() {
            return f.read_some(vm, n);
        }
        let buf = Value::bytearray(vec![0; n]);
        let got = call_method(vm, raw, "readinto", std::slice::from_ref(&buf))?;
        if got.is_none() {
            return Ok(None);
        }
        let k = vm.index_value(&got, "readinto")?;
        if k < 0 || k as usize > n {
            return Err(vm.new_error(
                &vm.exc.os_error.clone(),
                &format!("raw readinto() returned invalid length {k} (should have been between 0 and {n})"),
            ));
        }
        let mut data = buf.bytes_data().unwrap_or_default();
        data.truncate(k as usize);
        Ok(Some(data))
    }

    fn raw_readall(&self, vm: &mut Vm, raw: &Value) -> PyResult<Option<Vec<u8>>> {
        if let Some(f) = raw.native::<FileIO>() {
            return f.read_all(vm);
        }
        if let Some(ra) = vm.getattr_opt(raw, &Value::str("readall"))? {
            let r = vm.call(&ra, &[], &[])?;
            if r.is_none() {
                return Ok(None);
            }
            return r
                .bytes_data()
                .map(Some)
                .ok_or_else(|| vm.type_error("readall() should return bytes"));
        }
        let mut out = vec![];
        while let Some(chunk) = self.raw_read(vm, raw, self.size.get())? {
            if chunk.is_empty() {
                break;
            }
            out.extend_from_slice(&chunk);
        }
        Ok(Some(out))
    }

    fn raw_write(&self, vm: &mut Vm, raw: &Value, data: &[u8]) -> PyResult<Option<usize>> {
        match self.std.get() {
            1 => return vm.write_stdout_bytes(data).map(|_| Some(data.len())),
            2 => {
                vm.write_stderr_bytes(data);
                return Ok(Some(data.len()));
            }
            _ => {}
        }
        if let Some(f) = raw.native::<FileIO>() {
            return f.write_some(vm, data);
        }
        let r = call_method(vm, raw, "write", &[Value::bytes(data.to_vec())])?;
        if r.is_none() {
            return Ok(None);
        }
        let k = vm.index_value(&r, "write")?;
        if k < 0 || k as usize > data.len() {
            return Err(vm.new_error(
                &vm.exc.os_error.clone(),
                &format!(
                    "raw write() returned invalid length {k} (should have been between 0 and {})",
                    data.len()
                ),
            ));
        }
        Ok(Some(k as usize))
    }

    fn raw_seek(&self, vm: &mut Vm, raw: &Value, pos: i64, whence: i32) -> PyResult<i64> {
        if let Some(f) = raw.native::<FileIO>() {
            return f.seek(vm, pos, whence);
        }
        let r = call_method(
            vm,
            raw,
            "seek",
            &[Value::int(pos), Value::int(whence as i64)],
        )?;
        let p = vm.index_value(&r, "seek")?;
        if p < 0 {
            return Err(vm.new_error(
                &vm.exc.os_error.clone(),
                &format!("Raw stream returned invalid position {p}"),
            ));
        }
        Ok(p)
    }

    /// Passes every pending byte to the raw stream.
    fn flush_writes(&self, vm: &mut Vm, raw: &Value) -> PyResult<()> {
        loop {
            let data = std::mem::take(&mut *self.pending.data.borrow_mut());
            if data.is_empty() {
                break;
            }
            let r = self.raw_write(vm, raw, &data);
            let done = match r {
                Ok(Some(n)) => n,
                Ok(None) => 0,
                Err(e) => {
                    self.restore(&data);
                    return Err(e);
                }
            };
            self.restore(&data[done..]);
            if done == 0 {
                let cls = vm.exc.blocking_io_error.clone();
                let args = [
                    Value::int(libc::EAGAIN as i64),
                    Value::str("write could not complete without blocking"),
                    Value::int(0),
                ];
                return Err(vm.call_type(&cls, &args, &[])?);
            }
        }
        if self.std.get() == 1 {
            vm.try_flush_stdout()?;
        }
        Ok(())
    }

    /// Puts back unwritten bytes in front of anything written meanwhile.
    fn restore(&self, rest: &[u8]) {
        if rest.is_empty() {
            return;
        }
        let mut p = self.pending.data.borrow_mut();
        let later = std::mem::take(&mut *p);
        p.extend_from_slice(rest);
        p.extend_from_slice(&later);
    }

    /// Drops read-ahead, moving the raw position back to the logical one.
    fn drop_read_ahead(&self, vm: &mut Vm, raw: &Value) -> PyResult<()> {
        let n = self.unread();
        self.rbuf.borrow_mut().clear();
        self.rpos.set(0);
        if n > 0 {
            self.raw_seek(vm, raw, -(n as i64), libc::SEEK_CUR)?;
        }
        Ok(())
    }

    fn take(&self, n: usize) -> Vec<u8> {
        let rb = self.rbuf.borrow();
        let start = self.rpos.get();
        let end = start.saturating_add(n).min(rb.len());
        self.rpos.set(end);
        rb[start..end].to_vec()
    }

    /// Refills the read-ahead with one raw read: false at end of file (or would block).
    fn fill(&self, vm: &mut Vm, raw: &Value) -> PyResult<bool> {
        let chunk = self.raw_read(vm, raw, self.size.get())?;
        let mut rb = self.rbuf.borrow_mut();
        let start = self.rpos.get();
        rb.drain(..start);
        self.rpos.set(0);
        match chunk {
            Some(c) if !c.is_empty() => {
                rb.extend_from_slice(&c);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// Prepares for reading: pending writes go out first.
    fn start_read(&self, vm: &mut Vm) -> PyResult<Value> {
        self.check_readable(vm)?;
        let raw = self.check_open(vm, "read of closed file")?;
        if !self.pending.data.borrow().is_empty() {
            self.flush_writes(vm, &raw)?;
        }
        Ok(raw)
    }

    pub fn read(&self, vm: &mut Vm, n: i64) -> PyResult<Option<Vec<u8>>> {
        let raw = self.start_read(vm)?;
        if n < 0 {
            let mut out = self.take(usize::MAX);
            match self.raw_readall(vm, &raw)? {
                Some(rest) => out.extend_from_slice(&rest),
                None if out.is_empty() => return Ok(None),
                None => {}
            }
            return Ok(Some(out));
        }
        let n = n as usize;
        let mut out = self.take(n);
        while out.len() < n {
            let want = n - out.len();
            if want >= self.size.get() {
                match self.raw_read(vm, &raw, want)? {
                    Some(c) if !c.is_empty() => out.extend_from_slice(&c),
                    Some(_) => break,
                    None if out.is_empty() => return Ok(None),
                    None => break,
                }
            } else {
                if !self.fill(vm, &raw)? {
                    break;
                }
                out.extend(self.take(want));
            }
        }
        Ok(Some(out))
    }

    pub fn read1(&self, vm: &mut Vm, n: i64) -> PyResult<Vec<u8>> {
        let raw = self.start_read(vm)?;
        let n = if n < 0 { self.size.get() } else { n as usize };
        if n == 0 {
            return Ok(vec![]);
        }
        if self.unread() == 0 {
            self.rbuf.borrow_mut().clear();
            self.rpos.set(0);
            if let Some(c) = self.raw_read(vm, &raw, n.max(self.size.get()))? {
                *self.rbuf.borrow_mut() = c;
            }
        }
        Ok(self.take(n))
    }

    fn peek(&self, vm: &mut Vm) -> PyResult<Vec<u8>> {
        let raw = self.start_read(vm)?;
        if self.unread() == 0 {
            self.fill(vm, &raw)?;
        }
        let rb = self.rbuf.borrow();
        Ok(rb[self.rpos.get()..].to_vec())
    }

    pub fn readline(&self, vm: &mut Vm, limit: i64) -> PyResult<Vec<u8>> {
        self.check_readable(vm)?;
        let raw = self.check_open(vm, "readline of closed file")?;
        if !self.pending.data.borrow().is_empty() {
            self.flush_writes(vm, &raw)?;
        }
        let limit = if limit < 0 {
            usize::MAX
        } else {
            limit as usize
        };
        let mut out = vec![];
        loop {
            {
                let rb = self.rbuf.borrow();
                let avail = &rb[self.rpos.get()..];
                let room = limit - out.len();
                let scan = &avail[..avail.len().min(room)];
                if let Some(i) = scan.iter().position(|&b| b == b'\n') {
                    out.extend_from_slice(&scan[..=i]);
                    self.rpos.set(self.rpos.get() + i + 1);
                    return Ok(out);
                }
                out.extend_from_slice(scan);
                self.rpos.set(self.rpos.get() + scan.len());
            }
            if out.len() >= limit || !self.fill(vm, &raw)? {
                return Ok(out);
            }
        }
    }

    pub fn write(&self, vm: &mut Vm, data: &[u8]) -> PyResult<usize> {
        if self.kind == Kind::Reader {
            return Err(unsupported(vm, "write"));
        }
        let raw = self.check_open(vm, "write to closed file")?;
        if self.unread() > 0 {
            self.drop_read_ahead(vm, &raw)?;
        }
        if self.std.get() == 1 && self.pending.data.borrow().is_empty() {
            // Standard output has its buffer in the interpreter.
            vm.write_stdout_bytes(data)?;
            return Ok(data.len());
        }
        // As CPython: buffer what fits; else flush, then write what is larger than the
        // buffer straight through and buffer the rest.
        let size = self.size.get();
        if self.pending.data.borrow().len() + data.len() <= size {
            self.pending.data.borrow_mut().extend_from_slice(data);
            return Ok(data.len());
        }
        self.flush_writes(vm, &raw)?;
        let mut rest = data;
        while rest.len() > size {
            match self.raw_write(vm, &raw, rest)? {
                Some(n) if n > 0 => rest = &rest[n..],
                _ => break,
            }
        }
        self.pending.data.borrow_mut().extend_from_slice(rest);
        Ok(data.len())
    }

    pub fn flush(&self, vm: &mut Vm) -> PyResult<()> {
        let raw = self.check_open(vm, "flush of closed file")?;
        self.flush_writes(vm, &raw)
    }

    fn tell(&self, vm: &mut Vm) -> PyResult<i64> {
        let raw = self.raw(vm)?;
        let pos = self.raw_seek(vm, &raw, 0, libc::SEEK_CUR)?;
        let p = pos - self.unread() as i64 + self.pending.data.borrow().len() as i64;
        Ok(p.max(0))
    }

    fn seek(&self, vm: &mut Vm, pos: i64, whence: i32) -> PyResult<i64> {
        if !(0..=2).contains(&whence) {
            return Err(vm.value_error(format!("whence value {whence} unsupported")));
        }
        let raw = self.check_open(vm, "seek of closed file")?;
        let seekable = call_method(vm, &raw, "seekable", &[])?;
        if !vm.is_true(&seekable)? {
            return Err(unsupported(vm, "File or stream is not seekable."));
        }
        let (pos, whence) = if whence == 1 {
            (self.tell(vm)? + pos, 0)
        } else {
            (pos, whence)
        };
        self.flush_writes(vm, &raw)?;
        self.rbuf.borrow_mut().clear();
        self.rpos.set(0);
        self.raw_seek(vm, &raw, pos, whence)
    }

    fn close(&self, vm: &mut Vm) -> PyResult<()> {
        let raw = self.raw(vm)?;
        if super::is_closed(vm, &raw)? {
            return Ok(());
        }
        let flushed = self.flush_writes(vm, &raw);
        let closed = call_method(vm, &raw, "close", &[]);
        self.rbuf.borrow_mut().clear();
        self.rpos.set(0);
        match (flushed, closed) {
            (Err(e), Err(e2)) => {
                if let Some(x) = e2.as_instance().and_then(|i| i.exc.as_ref()) {
                    x.borrow_mut().context = e.clone();
                }
                Err(e2)
            }
            (Err(e), _) | (_, Err(e)) => Err(e),
            _ => Ok(()),
        }
    }
}

pub fn reader_type(vm: &mut Vm) -> Value {
    vm.native_type("_io.BufferedReader", |vm| {
        make_type(vm, "BufferedReader", Kind::Reader)
    })
}

pub fn writer_type(vm: &mut Vm) -> Value {
    vm.native_type("_io.BufferedWriter", |vm| {
        make_type(vm, "BufferedWriter", Kind::Writer)
    })
}

pub fn random_type(vm: &mut Vm) -> Value {
    vm.native_type("_io.BufferedRandom", |vm| {
        make_type(vm, "BufferedRandom", Kind::Random)
    })
}

fn make_type(vm: &mut Vm, name: &'static str, kind: Kind) -> Value {
    let base = super::iobase::buffered_type(vm);
    let new: crate::object::NativeFn = match kind {
        Kind::Reader => new_reader,
        Kind::Writer => new_writer,
        Kind::Random => new_random,
    };
    let mut methods: Vec<(&'static str, crate::object::NativeFn)> = vec![
        ("__new__", new),
        ("__init__", init),
        ("__repr__", repr),
        ("__getstate__", getstate),
        ("close", close),
        ("detach", detach),
        ("flush", flush),
        ("seek", seek),
        ("tell", tell),
        ("truncate", truncate),
        ("fileno", fileno),
        ("isatty", isatty),
        ("readable", readable),
        ("writable", writable),
        ("seekable", seekable),
        ("_dealloc_warn", dealloc_warn),
    ];
    if kind != Kind::Writer {
        methods.extend_from_slice(&[
            ("__next__", next),
            ("read", read),
            ("read1", read1),
            ("readinto", readinto),
            ("readinto1", readinto1),
            ("readline", readline),
            ("peek", peek),
        ]);
    }
    if kind != Kind::Reader {
        methods.push(("write", write));
    }
    let t = vm.new_native_subtype("_io", name, &base, &methods, false);
    super::getters(
        &t,
        &[
            ("raw", raw),
            ("closed", closed),
            ("name", name_attr),
            ("mode", mode),
        ],
    );
    t
}

fn state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a Buffered> {
    v.native::<Buffered>()
        .ok_or_else(|| vm.type_error("descriptor requires a buffered stream"))
}

fn new_kind(vm: &mut Vm, cls: &Value, name: &str, kind: Kind) -> PyResult<Value> {
    let base = vm.native_base(cls, name)?;
    Ok(vm.new_native(cls, &base, Buffered::new(kind)))
}

fn new_reader(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    new_kind(vm, &args[0], "BufferedReader", Kind::Reader)
}

fn new_writer(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    new_kind(vm, &args[0], "BufferedWriter", Kind::Writer)
}

fn new_random(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    new_kind(vm, &args[0], "BufferedRandom", Kind::Random)
}

/// The buffered layer of a standard stream (`sys.stdout.buffer`...).
pub fn std_buffer(vm: &mut Vm, raw: Value, fdn: u8) -> Value {
    let (t, kind) = if fdn == 0 {
        (reader_type(vm), Kind::Reader)
    } else {
        (writer_type(vm), Kind::Writer)
    };
    let b = Buffered::new(kind);
    *b.raw.borrow_mut() = raw;
    b.ready.set(true);
    b.std.set(fdn);
    vm.new_native(&t, &t, b)
}

fn init(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let this = args[0].clone();
    let st = state(vm, &this)?;
    let fname = match st.kind {
        Kind::Reader => "BufferedReader",
        Kind::Writer => "BufferedWriter",
        Kind::Random => "BufferedRandom",
    };
    let [raw, size] = crate::builtins::bind(vm, fname, &args[1..], kw, ["raw", "buffer_size"], 1)?;
    let raw = raw.unwrap_or(Value::NONE);
    let size = match size {
        Some(s) => vm.index_value(&s, "buffer_size")?,
        None => DEFAULT_BUFFER_SIZE as i64,
    };
    if st.kind == Kind::Random {
        call_method(vm, &raw, "_checkSeekable", &[])?;
    }
    if st.kind != Kind::Writer {
        call_method(vm, &raw, "_checkReadable", &[])?;
    }
    if st.kind != Kind::Reader {
        call_method(vm, &raw, "_checkWritable", &[])?;
    }
    if size <= 0 {
        return Err(vm.value_error("buffer size must be strictly positive"));
    }
    st.size.set(size as usize);
    *st.pending.fd.borrow_mut() = raw.native::<FileIO>().map(|f| f.fd.clone());
    if st.kind != Kind::Reader && !st.ready.get() {
        register(&st.pending);
    }
    *st.raw.borrow_mut() = raw;
    st.rbuf.borrow_mut().clear();
    st.rpos.set(0);
    st.detached.set(false);
    st.ready.set(true);
    Ok(Value::NONE)
}

fn repr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let tn = vm.type_name(&args[0]);
    let name = match vm.getattr_str(&args[0], "name") {
        Ok(n) => Some(n),
        Err(e) => {
            let ok = [vm.exc.attribute_error.clone(), vm.exc.value_error.clone()];
            if !ok.iter().any(|c| vm.isinstance(&e, c)) {
                return Err(e);
            }
            None
        }
    };
    match name {
        Some(n) => {
            let r = vm.repr_of(&n)?;
            Ok(Value::string(format!("<{tn} name={r}>")))
        }
        None => Ok(Value::string(format!("<{tn}>"))),
    }
}

fn getstate(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let tn = vm.type_name(&args[0]);
    Err(vm.type_error(format!("cannot pickle '{tn}' object")))
}

fn close(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    state(vm, &args[0])?.close(vm)?;
    Ok(Value::NONE)
}

fn detach(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    let raw = st.raw(vm)?;
    st.flush_writes(vm, &raw)?;
    st.detached.set(true);
    *st.pending.fd.borrow_mut() = None;
    Ok(raw)
}

fn flush(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    state(vm, &args[0])?.flush(vm)?;
    Ok(Value::NONE)
}

fn seek(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "seek", args, 2, 3)?;
    let st = state(vm, &args[0])?;
    let pos = super::fileio::pos_arg(vm, &args[1])?;
    let whence = match args.get(2) {
        Some(w) => vm.index_value(w, "whence")? as i32,
        None => 0,
    };
    Ok(Value::int(st.seek(vm, pos, whence)?))
}

fn tell(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(state(vm, &args[0])?.tell(vm)?))
}

fn truncate(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    let raw = st.check_open(vm, "truncate of closed file")?;
    if st.kind == Kind::Reader {
        return Err(unsupported(vm, "truncate"));
    }
    st.flush_writes(vm, &raw)?;
    let pos = match args.get(1) {
        Some(p) if !p.is_none() => p.clone(),
        _ => Value::int(st.tell(vm)?),
    };
    st.drop_read_ahead(vm, &raw)?;
    call_method(vm, &raw, "truncate", &[pos])
}

fn delegate(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<Value> {
    let raw = state(vm, &args[0])?.raw(vm)?;
    call_method(vm, &raw, name, &[])
}

fn fileno(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    delegate(vm, args, "fileno")
}

fn isatty(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    delegate(vm, args, "isatty")
}

fn readable(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    delegate(vm, args, "readable")
}

fn writable(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    delegate(vm, args, "writable")
}

fn seekable(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    delegate(vm, args, "seekable")
}

fn dealloc_warn(_vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::NONE)
}

fn next(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let line = state(vm, &args[0])?.readline(vm, -1)?;
    if line.is_empty() {
        return Err(vm.new_exception(&vm.exc.stop_iteration.clone(), vec![]));
    }
    Ok(Value::bytes(line))
}

fn read(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    let n = size_arg(vm, args.get(1))?;
    if n < -1 {
        return Err(vm.value_error("read length must be non-negative or -1"));
    }
    Ok(st.read(vm, n)?.map_or(Value::NONE, Value::bytes))
}

fn read1(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    let n = size_arg(vm, args.get(1))?;
    Ok(Value::bytes(st.read1(vm, n)?))
}

fn readinto_with(vm: &mut Vm, args: &[Value], one: bool) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "readinto", args, 2, 2)?;
    let st = state(vm, &args[0])?;
    let n = vm.len(&args[1])?;
    let data = if one {
        st.read1(vm, n as i64)?
    } else {
        match st.read(vm, n as i64)? {
            Some(d) => d,
            None => return Ok(Value::NONE),
        }
    };
    super::iobase::write_into(vm, &args[1], &data)?;
    Ok(Value::int(data.len() as i64))
}

fn readinto(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    readinto_with(vm, args, false)
}

fn readinto1(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    readinto_with(vm, args, true)
}

fn readline(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    let n = size_arg(vm, args.get(1))?;
    Ok(Value::bytes(st.readline(vm, n)?))
}

fn peek(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::bytes(state(vm, &args[0])?.peek(vm)?))
}

fn write(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "write", args, 2, 2)?;
    let st = state(vm, &args[0])?;
    let Some(data) = args[1].bytes_data() else {
        let tn = vm.type_name(&args[1]);
        return Err(vm.type_error(format!("a bytes-like object is required, not '{tn}'")));
    };
    Ok(Value::int(st.write(vm, &data)? as i64))
}

fn raw(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    state(vm, &args[0])?.raw(vm)
}

fn closed(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let raw = state(vm, &args[0])?.raw(vm)?;
    vm.getattr_str(&raw, "closed")
}

fn name_attr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let raw = state(vm, &args[0])?.raw(vm)?;
    vm.getattr_str(&raw, "name")
}

fn mode(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let raw = state(vm, &args[0])?.raw(vm)?;
    vm.getattr_str(&raw, "mode")
}

/// `BufferedRWPair(reader, writer, buffer_size=DEFAULT_BUFFER_SIZE)`: a reader and a
/// writer over two raw streams, as one object.
struct RwPair {
    reader: RefCell<Value>,
    writer: RefCell<Value>,
}

impl crate::object::native::NativeData for RwPair {}

pub fn rwpair_type(vm: &mut Vm) -> Value {
    vm.native_type("_io.BufferedRWPair", |vm| {
        let base = super::iobase::buffered_type(vm);
        let t = vm.new_native_subtype(
            "_io",
            "BufferedRWPair",
            &base,
            &[
                ("__new__", pair_new),
                ("__init__", pair_init),
                ("__getstate__", getstate),
                ("read", pair_read),
                ("peek", pair_peek),
                ("read1", pair_read1),
                ("readinto", pair_readinto),
                ("readinto1", pair_readinto1),
                ("readline", pair_readline),
                ("readable", pair_readable),
                ("write", pair_write),
                ("flush", pair_flush),
                ("writable", pair_writable),
                ("close", pair_close),
                ("isatty", pair_isatty),
            ],
            false,
        );
        super::getters(&t, &[("closed", pair_closed)]);
        t
    })
}

fn pair_new(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let base = vm.native_base(&args[0], "BufferedRWPair")?;
    let st = RwPair {
        reader: RefCell::new(Value::NONE),
        writer: RefCell::new(Value::NONE),
    };
    Ok(vm.new_native(&args[0], &base, st))
}

fn pair_init(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    crate::builtins::no_kwargs(vm, "BufferedRWPair", kw)?;
    crate::builtins::check_arity(vm, "BufferedRWPair", &args[1..], 2, 3)?;
    let size = args
        .get(3)
        .cloned()
        .unwrap_or(Value::int(DEFAULT_BUFFER_SIZE as i64));
    call_method(vm, &args[1], "_checkReadable", &[])?;
    call_method(vm, &args[2], "_checkWritable", &[])?;
    let rt = reader_type(vm);
    let wt = writer_type(vm);
    let r = vm.call(&rt, &[args[1].clone(), size.clone()], &[])?;
    let w = vm.call(&wt, &[args[2].clone(), size], &[])?;
    let st = args[0]
        .native::<RwPair>()
        .ok_or_else(|| vm.type_error("descriptor requires a '_io.BufferedRWPair' object"))?;
    *st.reader.borrow_mut() = r;
    *st.writer.borrow_mut() = w;
    Ok(Value::NONE)
}

fn pair_part(vm: &mut Vm, args: &[Value], writer: bool, name: &str) -> PyResult<Value> {
    let st = args[0]
        .native::<RwPair>()
        .ok_or_else(|| vm.type_error("descriptor requires a '_io.BufferedRWPair' object"))?;
    let part = if writer {
        st.writer.borrow().clone()
    } else {
        st.reader.borrow().clone()
    };
    if part.is_none() {
        return Err(vm.value_error("I/O operation on uninitialized object"));
    }
    call_method(vm, &part, name, &args[1..])
}

fn pair_read(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pair_part(vm, args, false, "read")
}
fn pair_peek(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pair_part(vm, args, false, "peek")
}
fn pair_read1(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pair_part(vm, args, false, "read1")
}
fn pair_readinto(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pair_part(vm, args, false, "readinto")
}
fn pair_readinto1(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pair_part(vm, args, false, "readinto1")
}
fn pair_readline(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pair_part(vm, args, false, "readline")
}
fn pair_readable(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pair_part(vm, args, false, "readable")
}
fn pair_write(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pair_part(vm, args, true, "write")
}
fn pair_flush(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pair_part(vm, args, true, "flush")
}
fn pair_writable(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pair_part(vm, args, true, "writable")
}
fn pair_closed(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let w = args[0]
        .native::<RwPair>()
        .map(|s| s.writer.borrow().clone());
    match w.filter(|w| !w.is_none()) {
        Some(w) => vm.getattr_str(&w, "closed"),
        None => Err(vm.value_error("I/O operation on uninitialized object")),
    }
}
fn pair_isatty(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let w = pair_part(vm, args, true, "isatty")?;
    if vm.is_true(&w)? {
        return Ok(w);
    }
    pair_part(vm, args, false, "isatty")
}
fn pair_close(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let w = pair_part(vm, args, true, "close");
    let r = pair_part(vm, args, false, "close");
    w?;
    r
}
