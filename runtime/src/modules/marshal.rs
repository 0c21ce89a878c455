//! `marshal`, as CPython's `Python/marshal.c`: `dumps`/`loads`/`dump`/`load` of the
//! marshallable built-in values (None, bool, int, float, complex, str, bytes, tuple, list,
//! dict, set, frozenset, code objects, Ellipsis, StopIteration), format version 4.
//!
//! Reading and writing the format are `pyc::marshal` and `pyc::marshal_write`; this module
//! converts between their constants and values. Only objects of exactly those types are
//! marshallable (instances of subclasses are not), as in CPython; bytes-like objects
//! (bytearray, memoryview) are written as bytes.

use crate::builtins::{bind, bytes_methods::buffer_arg};
use crate::object::Obj;
use crate::pyc::{marshal, marshal_write, Const};
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::rc::Rc;

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    let d = super::new_native_module(
        vm,
        "marshal",
        &[
            ("dumps", dumps),
            ("loads", loads),
            ("dump", dump),
            ("load", load),
        ],
    );
    if let Some(d) = d.as_dict() {
        d.borrow_mut()
            .set_str("version", Value::int(i64::from(marshal_write::VERSION)));
    }
}

fn version_arg(vm: &mut Vm, v: Option<Value>) -> PyResult<i32> {
    match v {
        None => Ok(marshal_write::VERSION),
        Some(v) => {
            let n = vm.index_value(&v, "version")?;
            Ok(n.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32)
        }
    }
}

fn dumps(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [value, version] = bind(vm, "dumps", a, kw, ["value", "version"], 1)?;
    let version = version_arg(vm, version)?;
    let c = to_const(vm, &value.unwrap_or(Value::NONE), 0)?;
    Ok(Value::bytes(marshal_write::write_const(&c, version)))
}

fn dump(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [value, file, version] = bind(vm, "dump", a, kw, ["value", "file", "version"], 2)?;
    let version = version_arg(vm, version)?;
    let c = to_const(vm, &value.unwrap_or(Value::NONE), 0)?;
    let data = Value::bytes(marshal_write::write_const(&c, version));
    let file = file.unwrap_or(Value::NONE);
    let write = vm.getattr_str(&file, "write")?;
    vm.call(&write, &[data], &[])?;
    Ok(Value::NONE)
}

fn loads(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [data] = bind(vm, "loads", a, kw, ["bytes"], 1)?;
    let data = buffer_arg(vm, &data.unwrap_or(Value::NONE))?;
    let (c, _) = read(vm, &data)?;
    from_const(vm, &c)
}

/// `marshal.load(file)`: reads the rest of the file, takes one object, and seeks back over
/// what it did not use (when the file can seek), so the next `load` finds the next object.
fn load(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [file] = bind(vm, "load", a, kw, ["file"], 1)?;
    let file = file.unwrap_or(Value::NONE);
    let read_fn = vm.getattr_str(&file, "read")?;
    let data = vm.call(&read_fn, &[], &[])?;
    let Some(data) = data.obj().and_then(|o| match o {
        Obj::Bytes(b) => Some(b.to_vec()),
        _ => None,
    }) else {
        let tn = vm.type_name(&data);
        return Err(vm.type_error(format!("file.read() returned not bytes but {tn}")));
    };
    let (c, used) = read(vm, &data)?;
    if used < data.len() {
        let back = Value::int(used as i64 - data.len() as i64);
        if let Some(seek) = vm.getattr_opt(&file, &Value::str("seek"))? {
            vm.call(&seek, &[back, Value::int(1)], &[])?;
        }
    }
    from_const(vm, &c)
}

fn read(vm: &mut Vm, data: &[u8]) -> PyResult<(Const, usize)> {
    if data.is_empty() {
        return Err(vm.new_error(&vm.exc.eof_error.clone(), "EOF read where object expected"));
    }
    marshal::read_object_prefix(data).map_err(|e| {
        if e.message.starts_with("truncated") {
            return vm.new_error(&vm.exc.eof_error.clone(), "marshal data too short");
        }
        let what =
            if e.message.starts_with("bad type code") || e.message.starts_with("unknown object") {
                "unknown type code".to_string()
            } else {
                e.message
            };
        vm.new_error(
            &vm.exc.value_error.clone(),
            &format!("bad marshal data ({what})"),
        )
    })
}

fn from_const(vm: &mut Vm, c: &Const) -> PyResult<Value> {
    vm.const_value(c).map_err(|e| {
        vm.new_error(
            &vm.exc.value_error.clone(),
            &format!("bad marshal data ({e})"),
        )
    })
}

/// CPython's `MAX_MARSHAL_STACK_DEPTH`.
const MAX_DEPTH: usize = 2000;

fn to_const(vm: &mut Vm, v: &Value, depth: usize) -> PyResult<Const> {
    if depth > MAX_DEPTH {
        return Err(vm.new_error(
            &vm.exc.value_error.clone(),
            "object too deeply nested to marshal",
        ));
    }
    if v.is_none() {
        return Ok(Const::None);
    }
    if let Some(b) = v.as_bool() {
        return Ok(Const::Bool(b));
    }
    if let Some(i) = v.as_small_int() {
        return Ok(Const::Int(i));
    }
    if let Some(x) = v.as_float() {
        return Ok(Const::Float(x));
    }
    if v.is(&Value::ELLIPSIS) {
        return Ok(Const::Ellipsis);
    }
    if v.is(&vm.exc.stop_iteration) {
        return Ok(Const::StopIteration);
    }
    let unmarshallable =
        |vm: &Vm| vm.new_error(&vm.exc.value_error.clone(), "unmarshallable object");
    if !v.has_variant_type() {
        return match v.bytes_data() {
            Some(b) if v.as_str().is_none() => Ok(Const::Bytes(Rc::from(b))),
            _ => Err(unmarshallable(vm)),
        };
    }
    let items = |vm: &mut Vm, xs: &[Value]| -> PyResult<Rc<[Const]>> {
        let mut out = Vec::with_capacity(xs.len());
        for x in xs {
            out.push(to_const(vm, x, depth + 1)?);
        }
        Ok(out.into())
    };
    Ok(match v.obj() {
        Some(Obj::Int(b)) => Const::BigInt(Rc::new(b.clone())),
        Some(Obj::Complex(re, im)) => Const::Complex(*re, *im),
        Some(Obj::Str(s)) => Const::Str(Rc::from(s.as_str())),
        Some(Obj::Tuple(xs)) => Const::Tuple(items(vm, xs)?),
        Some(Obj::List(xs)) => {
            let xs = xs.borrow().clone();
            Const::List(items(vm, &xs)?)
        }
        Some(Obj::Dict(d)) => {
            let pairs: Vec<(Value, Value)> = d
                .borrow()
                .iter()
                .map(|e| (e.key.clone(), e.value.clone()))
                .collect();
            let mut out = Vec::with_capacity(pairs.len());
            for (k, x) in pairs {
                out.push((to_const(vm, &k, depth + 1)?, to_const(vm, &x, depth + 1)?));
            }
            Const::Dict(out.into())
        }
        Some(Obj::Set(s)) => {
            let xs: Vec<Value> = s.borrow().iter().map(|(_, x)| x.clone()).collect();
            Const::Set(items(vm, &xs)?)
        }
        Some(Obj::FrozenSet(s)) => {
            let xs: Vec<Value> = s.iter().map(|(_, x)| x.clone()).collect();
            Const::FrozenSet(items(vm, &xs)?)
        }
        Some(Obj::Code(c)) => Const::Code(c.marshal_form()),
        _ => match v.bytes_data() {
            Some(b) => Const::Bytes(Rc::from(b)),
            None => return Err(unmarshallable(vm)),
        },
    })
}
