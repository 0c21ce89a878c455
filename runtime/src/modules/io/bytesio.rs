//! `_io.BytesIO`: a binary stream over bytes in memory (a `bytearray` that
//! `getbuffer()` exposes as a `memoryview`).

use super::{closed_error, size_arg, Kw};
use crate::object::Obj;
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::cell::{Cell, RefCell};

pub struct BytesIO {
    /// The contents: a `bytearray`.
    buf: RefCell<Value>,
    pos: Cell<usize>,
    closed: Cell<bool>,
}

impl crate::object::native::NativeData for BytesIO {}

impl BytesIO {
    fn with<R>(&self, f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
        let b = self.buf.borrow();
        match b.obj() {
            Some(Obj::ByteArray(cell)) => f(&mut cell.borrow_mut()),
            _ => f(&mut Vec::new()),
        }
    }

    fn check(&self, vm: &Vm) -> PyResult<()> {
        if self.closed.get() {
            return Err(closed_error(vm));
        }
        Ok(())
    }

    /// Up to `n` bytes (all for a negative `n`) from the position on.
    fn take(&self, n: i64) -> Vec<u8> {
        let pos = self.pos.get();
        let out = self.with(|d| {
            let start = pos.min(d.len());
            let end = if n < 0 {
                d.len()
            } else {
                start.saturating_add(n as usize).min(d.len())
            };
            d[start..end].to_vec()
        });
        self.pos.set(pos + out.len());
        out
    }

    fn line(&self, limit: i64) -> Vec<u8> {
        let pos = self.pos.get();
        let n = self.with(|d| {
            let rest = d.get(pos..).unwrap_or(&[]);
            let mut n = rest
                .iter()
                .position(|&b| b == b'\n')
                .map_or(rest.len(), |i| i + 1);
            if limit >= 0 {
                n = n.min(limit as usize);
            }
            n
        });
        self.take(n as i64)
    }

    fn write(&self, data: &[u8]) {
        let pos = self.pos.get();
        self.with(|d| {
            if pos > d.len() {
                d.resize(pos, 0);
            }
            let end = pos + data.len();
            if end > d.len() {
                d.resize(end, 0);
            }
            d[pos..end].copy_from_slice(data);
        });
        self.pos.set(pos + data.len());
    }
}

pub fn bytesio_type(vm: &mut Vm) -> Value {
    vm.native_type("_io.BytesIO", |vm| {
        let base = super::iobase::buffered_type(vm);
        let t = vm.new_native_subtype(
            "_io",
            "BytesIO",
            &base,
            &[
                ("__new__", new),
                ("__init__", init),
                ("__iter__", iter),
                ("__next__", next),
                ("__getstate__", getstate),
                ("__setstate__", setstate),
                ("getvalue", getvalue),
                ("getbuffer", getbuffer),
                ("read", read),
                ("read1", read),
                ("readline", readline),
                ("readlines", readlines),
                ("readinto", readinto),
                ("readinto1", readinto),
                ("write", write),
                ("writelines", writelines),
                ("seek", seek),
                ("tell", tell),
                ("truncate", truncate),
                ("close", close),
                ("flush", check_only),
                ("isatty", false_if_open),
                ("readable", true_if_open),
                ("writable", true_if_open),
                ("seekable", true_if_open),
            ],
            false,
        );
        super::getters(&t, &[("closed", closed)]);
        t
    })
}

fn state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a BytesIO> {
    v.native::<BytesIO>()
        .ok_or_else(|| vm.type_error("descriptor requires a '_io.BytesIO' object"))
}

fn open_state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a BytesIO> {
    let s = state(vm, v)?;
    s.check(vm)?;
    Ok(s)
}

fn new(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let base = vm.native_base(&args[0], "BytesIO")?;
    let st = BytesIO {
        buf: RefCell::new(Value::bytearray(vec![])),
        pos: Cell::new(0),
        closed: Cell::new(false),
    };
    Ok(vm.new_native(&args[0], &base, st))
}

fn init(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [initial] = crate::builtins::bind(vm, "BytesIO", &args[1..], kw, ["initial_bytes"], 0)?;
    let st = state(vm, &args[0])?;
    let data = match initial.filter(|v| !v.is_none()) {
        Some(v) => v.bytes_data().ok_or_else(|| {
            let tn = vm.type_name(&v);
            vm.type_error(format!("a bytes-like object is required, not '{tn}'"))
        })?,
        None => vec![],
    };
    *st.buf.borrow_mut() = Value::bytearray(data);
    st.pos.set(0);
    Ok(Value::NONE)
}

fn iter(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    open_state(vm, &args[0])?;
    Ok(args[0].clone())
}

fn next(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = open_state(vm, &args[0])?;
    let line = st.line(-1);
    if line.is_empty() {
        return Err(vm.new_exception(&vm.exc.stop_iteration.clone(), vec![]));
    }
    Ok(Value::bytes(line))
}

fn getstate(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = open_state(vm, &args[0])?;
    let value = Value::bytes(st.with(|d| d.clone()));
    let dict = match args[0].as_instance() {
        Some(i) => Value::dict(i.dict.borrow().clone()),
        None => Value::NONE,
    };
    Ok(Value::tuple(vec![
        value,
        Value::int(st.pos.get() as i64),
        dict,
    ]))
}

fn setstate(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "__setstate__", args, 2, 2)?;
    let st = open_state(vm, &args[0])?;
    let items = match args[1].obj() {
        Some(Obj::Tuple(t)) if t.len() >= 3 => t.to_vec(),
        _ => {
            let tn = vm.type_name(&args[0]);
            return Err(vm.type_error(format!(
                "{tn}.__setstate__ argument should be 3-tuple, got {}",
                vm.type_name(&args[1])
            )));
        }
    };
    let data = items[0]
        .bytes_data()
        .ok_or_else(|| vm.type_error("first item of state must be a bytes-like object"))?;
    let pos = vm.index_value(&items[1], "position")?;
    if pos < 0 {
        return Err(vm.value_error("position value cannot be negative"));
    }
    *st.buf.borrow_mut() = Value::bytearray(data);
    st.pos.set(pos as usize);
    if items[2].as_dict().is_some() {
        for (k, v) in vm.kwargs_pairs(&items[2])? {
            vm.setattr(&args[0], &k, v)?;
        }
    }
    Ok(Value::NONE)
}

fn getvalue(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = open_state(vm, &args[0])?;
    Ok(Value::bytes(st.with(|d| d.clone())))
}

fn getbuffer(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = open_state(vm, &args[0])?;
    let b = st.buf.borrow().clone();
    crate::builtins::memoryview::new(vm, &[b], &[])
}

fn read(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = open_state(vm, &args[0])?;
    let n = size_arg(vm, args.get(1))?;
    Ok(Value::bytes(st.take(n)))
}

fn readline(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = open_state(vm, &args[0])?;
    let n = size_arg(vm, args.get(1))?;
    Ok(Value::bytes(st.line(n)))
}

fn readlines(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = open_state(vm, &args[0])?;
    let hint = size_arg(vm, args.get(1))?;
    let mut out = vec![];
    let mut total = 0;
    loop {
        let line = st.line(-1);
        if line.is_empty() {
            break;
        }
        total += line.len();
        out.push(Value::bytes(line));
        if hint > 0 && total >= hint as usize {
            break;
        }
    }
    Ok(Value::list(out))
}

fn readinto(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "readinto", args, 2, 2)?;
    let st = open_state(vm, &args[0])?;
    let n = vm.len(&args[1])?;
    let data = st.take(n as i64);
    super::iobase::write_into(vm, &args[1], &data)?;
    Ok(Value::int(data.len() as i64))
}

fn write(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "write", args, 2, 2)?;
    let st = open_state(vm, &args[0])?;
    let Some(data) = args[1].bytes_data() else {
        let tn = vm.type_name(&args[1]);
        return Err(vm.type_error(format!("a bytes-like object is required, not '{tn}'")));
    };
    st.write(&data);
    Ok(Value::int(data.len() as i64))
}

fn writelines(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "writelines", args, 2, 2)?;
    open_state(vm, &args[0])?;
    let it = vm.get_iter(&args[1])?;
    while let Some(line) = vm.iter_next(&it)? {
        write(vm, &[args[0].clone(), line], &[])?;
    }
    Ok(Value::NONE)
}

/// The new position of a `seek(pos, whence)` on a stream of length `len` at `cur`
/// (CPython's checks and messages for in-memory streams).
pub fn seek_target(
    vm: &mut Vm,
    args: &[Value],
    cur: usize,
    len: usize,
    text: bool,
) -> PyResult<usize> {
    crate::builtins::check_arity(vm, "seek", args, 2, 3)?;
    let pos = super::fileio::pos_arg(vm, &args[1])?;
    let whence = match args.get(2) {
        Some(w) => vm.index_value(w, "whence")?,
        None => 0,
    };
    match whence {
        0 if pos < 0 && text => Err(vm.value_error(format!("Negative seek position {pos}"))),
        0 if pos < 0 => Err(vm.value_error(format!("negative seek value {pos}"))),
        0 => Ok(pos as usize),
        1 | 2 if text && pos != 0 => Err(vm.new_error(
            &vm.exc.os_error.clone(),
            "Can't do nonzero cur-relative seeks",
        )),
        1 => Ok((cur as i64 + pos).max(0) as usize),
        2 => Ok((len as i64 + pos).max(0) as usize),
        _ if text => Err(vm.value_error(format!("Invalid whence ({whence}, should be 0, 1 or 2)"))),
        _ => Err(vm.value_error(format!("invalid whence ({whence}, should be 0, 1 or 2)"))),
    }
}

fn seek(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = open_state(vm, &args[0])?;
    let len = st.with(|d| d.len());
    let target = seek_target(vm, args, st.pos.get(), len, false)?;
    st.pos.set(target);
    Ok(Value::int(target as i64))
}

fn tell(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = open_state(vm, &args[0])?;
    Ok(Value::int(st.pos.get() as i64))
}

fn truncate(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = open_state(vm, &args[0])?;
    let size = match args.get(1) {
        Some(s) if !s.is_none() => vm.index_value(s, "size")?,
        _ => st.pos.get() as i64,
    };
    if size < 0 {
        return Err(vm.value_error(format!("negative size value {size}")));
    }
    st.with(|d| {
        if (size as usize) < d.len() {
            d.truncate(size as usize)
        }
    });
    Ok(Value::int(size))
}

fn close(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    state(vm, &args[0])?.closed.set(true);
    Ok(Value::NONE)
}

fn check_only(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    open_state(vm, &args[0])?;
    Ok(Value::NONE)
}

fn false_if_open(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    open_state(vm, &args[0])?;
    Ok(Value::FALSE)
}

fn true_if_open(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    open_state(vm, &args[0])?;
    Ok(Value::TRUE)
}

fn closed(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::bool(state(vm, &args[0])?.closed.get()))
}
