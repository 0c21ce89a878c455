//! The abstract bases `_IOBase`, `_RawIOBase`, `_BufferedIOBase` and `_TextIOBase`: plain
//! classes whose methods reach everything through the object's own methods, so Python
//! subclasses that define a few primitives (`readinto`, `read`, `write`...) get the rest.
//! An object of one of them is closed once `__IOBase_closed` is set in its dict.

use super::{call_method, closed_error, is_closed, size_arg, unsupported, Kw};
use crate::object::TypeKind;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

const CLOSED_FLAG: &str = "__IOBase_closed";

fn plain_class(name: &'static str, base: &Value) -> Value {
    crate::vm::native_class("_io", name, TypeKind::Instance, base, false)
}

pub fn iobase_type(vm: &mut Vm) -> Value {
    vm.native_type("_io._IOBase", |vm| {
        let object = vm.types.object.clone();
        let t = plain_class("_IOBase", &object);
        crate::builtins::add_methods(
            &t,
            "_IOBase",
            &[
                ("seek", seek),
                ("tell", tell),
                ("truncate", truncate),
                ("flush", flush),
                ("close", close),
                ("seekable", no),
                ("readable", no),
                ("writable", no),
                ("_checkClosed", check_closed),
                ("_checkSeekable", check_seekable),
                ("_checkReadable", check_readable),
                ("_checkWritable", check_writable),
                ("fileno", fileno),
                ("isatty", isatty),
                ("__enter__", enter),
                ("__exit__", exit),
                ("__iter__", iter),
                ("__next__", next),
                ("readline", readline),
                ("readlines", readlines),
                ("writelines", writelines),
            ],
        );
        crate::builtins::add_getters(&t, &[("closed", closed)]);
        t
    })
}

pub fn raw_type(vm: &mut Vm) -> Value {
    vm.native_type("_io._RawIOBase", |vm| {
        let base = iobase_type(vm);
        let t = plain_class("_RawIOBase", &base);
        crate::builtins::add_methods(
            &t,
            "_RawIOBase",
            &[("read", raw_read), ("readall", raw_readall)],
        );
        t
    })
}

pub fn buffered_type(vm: &mut Vm) -> Value {
    vm.native_type("_io._BufferedIOBase", |vm| {
        let base = iobase_type(vm);
        let t = plain_class("_BufferedIOBase", &base);
        crate::builtins::add_methods(
            &t,
            "_BufferedIOBase",
            &[
                ("detach", detach),
                ("read", read_unsupported),
                ("read1", read1_unsupported),
                ("write", write_unsupported),
                ("readinto", buffered_readinto),
                ("readinto1", buffered_readinto1),
            ],
        );
        t
    })
}

pub fn text_type(vm: &mut Vm) -> Value {
    vm.native_type("_io._TextIOBase", |vm| {
        let base = iobase_type(vm);
        let t = plain_class("_TextIOBase", &base);
        crate::builtins::add_methods(
            &t,
            "_TextIOBase",
            &[
                ("detach", detach),
                ("read", read_unsupported),
                ("readline", readline_unsupported),
                ("write", write_unsupported),
            ],
        );
        crate::builtins::add_getters(
            &t,
            &[("encoding", none), ("newlines", none), ("errors", none)],
        );
        t
    })
}

fn this(vm: &Vm, args: &[Value]) -> PyResult<Value> {
    args.first()
        .cloned()
        .ok_or_else(|| vm.type_error("descriptor needs an argument"))
}

fn none(_vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::NONE)
}

fn no(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    this(vm, args)?;
    Ok(Value::FALSE)
}

fn closed(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this(vm, args)?;
    let flag = s
        .as_instance()
        .and_then(|i| i.dict.borrow().get_str(CLOSED_FLAG).cloned());
    match flag {
        Some(f) => Ok(Value::bool(vm.is_true(&f)?)),
        None => Ok(Value::FALSE),
    }
}

fn seek(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Err(unsupported(vm, "seek"))
}

fn tell(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this(vm, args)?;
    call_method(vm, &s, "seek", &[Value::int(0), Value::int(1)])
}

fn truncate(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Err(unsupported(vm, "truncate"))
}

fn fileno(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Err(unsupported(vm, "fileno"))
}

fn flush(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this(vm, args)?;
    if is_closed(vm, &s)? {
        return Err(closed_error(vm));
    }
    Ok(Value::NONE)
}

fn close(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this(vm, args)?;
    if is_closed(vm, &s)? {
        return Ok(Value::NONE);
    }
    let r = call_method(vm, &s, "flush", &[]);
    if let Some(i) = s.as_instance() {
        i.dict.borrow_mut().set_str(CLOSED_FLAG, Value::TRUE);
    }
    r.map(|_| Value::NONE)
}

fn check_closed(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this(vm, args)?;
    if is_closed(vm, &s)? {
        return Err(closed_error(vm));
    }
    Ok(Value::NONE)
}

fn check_capability(vm: &mut Vm, args: &[Value], method: &str, default: &str) -> PyResult<Value> {
    let s = this(vm, args)?;
    let r = call_method(vm, &s, method, &[])?;
    if r.is(&Value::TRUE) {
        return Ok(Value::TRUE);
    }
    let msg = match args.get(1) {
        Some(m) if !m.is_none() => vm.str_of(m)?,
        _ => default.to_string(),
    };
    Err(unsupported(vm, &msg))
}

fn check_seekable(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_capability(vm, args, "seekable", "File or stream is not seekable.")
}

fn check_readable(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_capability(vm, args, "readable", "File or stream is not readable.")
}

fn check_writable(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_capability(vm, args, "writable", "File or stream is not writable.")
}

fn isatty(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_closed(vm, args, &[])?;
    Ok(Value::FALSE)
}

fn enter(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_closed(vm, args, &[])?;
    Ok(args[0].clone())
}

fn exit(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this(vm, args)?;
    call_method(vm, &s, "close", &[])
}

fn iter(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_closed(vm, args, &[])?;
    Ok(args[0].clone())
}

fn next(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this(vm, args)?;
    let line = call_method(vm, &s, "readline", &[])?;
    if vm.len(&line)? == 0 {
        return Err(vm.new_exception(&vm.exc.stop_iteration.clone(), vec![]));
    }
    Ok(line)
}

/// `readline(size=-1)` by `peek` when the object has it, else byte by byte with `read`.
fn readline(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this(vm, args)?;
    let limit = size_arg(vm, args.get(1))?;
    let peek = vm.getattr_opt(&s, &Value::str("peek"))?;
    let mut out: Vec<u8> = Vec::new();
    while limit < 0 || (out.len() as i64) < limit {
        let mut n = 1;
        if let Some(p) = &peek {
            let ahead = vm.call(p, &[Value::int(1)], &[])?;
            let data = bytes_result(vm, &ahead, "peek")?;
            if data.is_empty() {
                break;
            }
            n = data
                .iter()
                .position(|&b| b == b'\n')
                .map_or(data.len(), |i| i + 1);
            if limit >= 0 {
                n = n.min((limit as usize) - out.len());
            }
        }
        let got = call_method(vm, &s, "read", &[Value::int(n as i64)])?;
        let got = bytes_result(vm, &got, "read")?;
        if got.is_empty() {
            break;
        }
        out.extend_from_slice(&got);
        if out.ends_with(b"\n") {
            break;
        }
    }
    Ok(Value::bytes(out))
}

fn bytes_result(vm: &Vm, v: &Value, what: &str) -> PyResult<Vec<u8>> {
    v.bytes_data().ok_or_else(|| {
        let tn = vm.type_name(v);
        vm.new_error(
            &vm.exc.os_error.clone(),
            &format!("{what}() should have returned a bytes object, not '{tn}'"),
        )
    })
}

fn readlines(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this(vm, args)?;
    let hint = size_arg(vm, args.get(1))?;
    let it = vm.get_iter(&s)?;
    let mut lines = vec![];
    let mut total = 0usize;
    while let Some(line) = vm.iter_next(&it)? {
        total += vm.len(&line)?;
        lines.push(line);
        if hint > 0 && total >= hint as usize {
            break;
        }
    }
    Ok(Value::list(lines))
}

fn writelines(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "writelines", args, 2, 2)?;
    let s = args[0].clone();
    check_closed(vm, args, &[])?;
    let it = vm.get_iter(&args[1])?;
    let write = vm.getattr_str(&s, "write")?;
    while let Some(line) = vm.iter_next(&it)? {
        vm.call(&write, &[line], &[])?;
    }
    Ok(Value::NONE)
}

/// `_RawIOBase.read(size=-1)` by `readinto`.
fn raw_read(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this(vm, args)?;
    let n = size_arg(vm, args.get(1))?;
    if n < 0 {
        return call_method(vm, &s, "readall", &[]);
    }
    let buf = Value::bytearray(vec![0; n as usize]);
    let got = call_method(vm, &s, "readinto", std::slice::from_ref(&buf))?;
    if got.is_none() {
        return Ok(Value::NONE);
    }
    let got = vm.index_value(&got, "readinto")?;
    let data = buf.bytes_data().unwrap_or_default();
    if got < 0 || got as usize > data.len() {
        return Err(vm.value_error(format!(
            "readinto returned {got} outside buffer size {}",
            data.len()
        )));
    }
    Ok(Value::bytes(data[..got as usize].to_vec()))
}

/// `_RawIOBase.readall()` by `read(DEFAULT_BUFFER_SIZE)` until end of file.
fn raw_readall(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this(vm, args)?;
    let mut out = vec![];
    loop {
        let chunk = call_method(
            vm,
            &s,
            "read",
            &[Value::int(super::DEFAULT_BUFFER_SIZE as i64)],
        )?;
        if chunk.is_none() {
            if out.is_empty() {
                return Ok(Value::NONE);
            }
            break;
        }
        let data = chunk
            .bytes_data()
            .ok_or_else(|| vm.type_error("read() should return bytes"))?;
        if data.is_empty() {
            break;
        }
        out.extend_from_slice(&data);
    }
    Ok(Value::bytes(out))
}

fn detach(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Err(unsupported(vm, "detach"))
}

fn read_unsupported(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Err(unsupported(vm, "read"))
}

fn read1_unsupported(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Err(unsupported(vm, "read1"))
}

fn readline_unsupported(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Err(unsupported(vm, "readline"))
}

fn write_unsupported(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Err(unsupported(vm, "write"))
}

/// `_BufferedIOBase.readinto(b)` by `read(len(b))`.
fn buffered_readinto(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    readinto_by(vm, args, "read")
}

fn buffered_readinto1(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    readinto_by(vm, args, "read1")
}

fn readinto_by(vm: &mut Vm, args: &[Value], method: &str) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "readinto", args, 2, 2)?;
    let n = vm.len(&args[1])?;
    let data = call_method(vm, &args[0], method, &[Value::int(n as i64)])?;
    let data = data
        .bytes_data()
        .ok_or_else(|| vm.type_error("read() should return bytes"))?;
    write_into(vm, &args[1], &data)?;
    Ok(Value::int(data.len() as i64))
}

/// Copies `data` to the start of the writable buffer `target` (a bytearray, or a
/// memoryview of one).
pub fn write_into(vm: &mut Vm, target: &Value, data: &[u8]) -> PyResult<()> {
    use crate::object::Obj;
    match target.obj() {
        Some(Obj::MemoryView(m)) if !m.readonly() => {
            m.write_at(0, data);
            Ok(())
        }
        Some(Obj::ByteArray(b)) => {
            let mut b = b.borrow_mut();
            let n = data.len().min(b.len());
            b[..n].copy_from_slice(&data[..n]);
            Ok(())
        }
        _ => {
            let tn = vm.type_name(target);
            Err(vm.type_error(format!(
                "readinto() argument must be read-write bytes-like object, not {tn}"
            )))
        }
    }
}
