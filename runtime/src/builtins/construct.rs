//! Constructors of the built-in types (`int(x)`, `list(it)`, `dict(...)`, `type(x)`...).

use super::{check_arity, kwarg};
use crate::object::{Dict, Obj, TypeKind};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

pub fn construct(
    vm: &mut Vm,
    cls: &Value,
    args: &[Value],
    kwargs: &[(Value, Value)],
) -> PyResult<Value> {
    let kind = cls.as_type().map(|t| t.kind).unwrap_or(TypeKind::Object);
    let name = cls
        .as_type()
        .map(|t| t.name().to_string())
        .unwrap_or_default();
    match kind {
        TypeKind::Object => {
            if !args.is_empty() {
                return Err(vm.type_error("object() takes no arguments"));
            }
            vm.new_instance(cls, &[])
        }
        TypeKind::Type => {
            if args.len() == 1 {
                return Ok(vm.type_of(&args[0]));
            }
            if args.len() == 3 {
                return vm.call_type_3(args, kwargs);
            }
            Err(vm.type_error("type() takes 1 or 3 arguments"))
        }
        TypeKind::Int => int_new(vm, args, kwargs),
        TypeKind::Native => {
            let obj = vm.new_builtin_instance(cls, cls, args, kwargs)?;
            let init = vm.lookup_type(cls, "__init__");
            if let Some(init) =
                init.filter(|i| !matches!(i.obj(), Some(Obj::Builtin(b)) if b.owner == "object"))
            {
                let mut full = vec![obj.clone()];
                full.extend_from_slice(args);
                vm.call(&init, &full, kwargs)?;
            }
            Ok(obj)
        }
        TypeKind::Bool => {
            check_arity(vm, "bool", args, 0, 1)?;
            Ok(Value::bool(match args.first() {
                Some(v) => vm.is_true(v)?,
                None => false,
            }))
        }
        TypeKind::Float => {
            check_arity(vm, "float", args, 0, 1)?;
            let Some(v) = args.first() else {
                return Ok(Value::float(0.0));
            };
            if let Some(Obj::Bytes(_) | Obj::ByteArray(_)) = v.obj() {
                // float(b'1.5'): the bytes as ASCII text.
                let b = v.bytes_data().unwrap_or_default();
                let text = String::from_utf8_lossy(&b).into_owned();
                return crate::numfmt::parse_float(&text)
                    .map(Value::float)
                    .ok_or_else(|| {
                        let r = crate::bytecode::repr::bytes_repr(&b);
                        vm.value_error(format!("could not convert string to float: {r}"))
                    });
            }
            to_float(vm, v).map(Value::float)
        }
        TypeKind::Complex => super::complex_methods::construct(vm, args, kwargs),
        TypeKind::Str => {
            check_arity(vm, "str", args, 0, 3)?;
            match args.first() {
                None => Ok(Value::str("")),
                Some(v) => {
                    let encoding = args
                        .get(1)
                        .cloned()
                        .or_else(|| kwarg(vm, kwargs, "encoding"));
                    let errors = args.get(2).cloned().or_else(|| kwarg(vm, kwargs, "errors"));
                    if encoding.is_some() || errors.is_some() {
                        let Some(b) = v.bytes_data() else {
                            let tn = vm.type_name(v);
                            return Err(vm.type_error(format!(
                                "decoding to str: need a bytes-like object, {tn} found"
                            )));
                        };
                        let text = |vm: &Vm, x: Option<Value>, default: &str| match x {
                            Some(x) => x
                                .as_str()
                                .map(|s| s.as_str().to_string())
                                .ok_or_else(|| vm.type_error("str() argument must be str")),
                            None => Ok(default.to_string()),
                        };
                        let enc = text(vm, encoding, "utf-8")?;
                        let errors = text(vm, errors, "strict")?;
                        return super::codecs::decode_bytes(vm, &b, &enc, &errors);
                    }
                    Ok(Value::string(vm.str_of(v)?))
                }
            }
        }
        TypeKind::Bytes => super::bytes_methods::construct(vm, args, kwargs, false),
        TypeKind::ByteArray => super::bytes_methods::construct(vm, args, kwargs, true),
        TypeKind::MemoryView => super::memoryview::new(vm, args, kwargs),
        TypeKind::Tuple => {
            check_arity(vm, "tuple", args, 0, 1)?;
            match args.first() {
                None => Ok(Value::tuple(vec![])),
                Some(v) if v.as_tuple().is_some() => Ok(v.clone()),
                Some(v) => Ok(Value::tuple(vm.collect(v)?)),
            }
        }
        TypeKind::List => {
            check_arity(vm, "list", args, 0, 1)?;
            match args.first() {
                None => Ok(Value::list(vec![])),
                Some(v) => Ok(Value::list(vm.collect(v)?)),
            }
        }
        TypeKind::Dict => {
            check_arity(vm, "dict", args, 0, 1)?;
            let d = Value::dict(Dict::new());
            if let Some(v) = args.first() {
                vm.dict_update(&d, v, None)?;
            }
            for (k, v) in kwargs {
                vm.dict_set(&d, k.clone(), v.clone())?;
            }
            Ok(d)
        }
        TypeKind::Set | TypeKind::FrozenSet => {
            check_arity(vm, &name, args, 0, 1)?;
            let frozen = kind == TypeKind::FrozenSet;
            match args.first() {
                None => Ok(vm.new_set(frozen)),
                Some(v) => vm.set_from(v, frozen),
            }
        }
        TypeKind::Range => {
            check_arity(vm, "range", args, 1, 3)?;
            vm.new_range(args)
        }
        TypeKind::Slice => {
            check_arity(vm, "slice", args, 1, 3)?;
            let (a, b, c) = match args.len() {
                1 => (Value::NONE, args[0].clone(), Value::NONE),
                2 => (args[0].clone(), args[1].clone(), Value::NONE),
                _ => (args[0].clone(), args[1].clone(), args[2].clone()),
            };
            Ok(Value::new_obj(Obj::Slice(Box::new([a, b, c]))))
        }
        TypeKind::Property => {
            let get = |i: usize, n: &str| {
                args.get(i)
                    .cloned()
                    .or_else(|| kwarg(vm, kwargs, n))
                    .unwrap_or(Value::NONE)
            };
            Ok(Value::new_obj(Obj::Property(Box::new([
                get(0, "fget"),
                get(1, "fset"),
                get(2, "fdel"),
            ]))))
        }
        TypeKind::StaticMethod => {
            check_arity(vm, "staticmethod", args, 1, 1)?;
            Ok(Value::new_obj(Obj::StaticMethod(args[0].clone())))
        }
        TypeKind::ClassMethod => {
            check_arity(vm, "classmethod", args, 1, 1)?;
            Ok(Value::new_obj(Obj::ClassMethod(args[0].clone())))
        }
        TypeKind::Super => {
            check_arity(vm, "super", args, 2, 2)?;
            Ok(Value::new_obj(Obj::Super(args[0].clone(), args[1].clone())))
        }
        TypeKind::NoneType => Ok(Value::NONE),
        TypeKind::Module => {
            let m = vm.bare_module("?");
            module_init(vm, &[std::slice::from_ref(&m), args].concat(), kwargs)?;
            Ok(m)
        }
        TypeKind::Method => {
            check_arity(vm, "method", args, 2, 2)?;
            if !vm.is_callable(&args[0]) {
                return Err(vm.type_error("first argument must be callable"));
            }
            if args[1].is_none() {
                return Err(vm.type_error("instance must not be None"));
            }
            Ok(Value::new_obj(Obj::Method(
                args[1].clone(),
                args[0].clone(),
            )))
        }
        _ => Err(vm.type_error(format!("cannot create '{name}' instances"))),
    }
}

/// `float(v)`.
pub fn to_float(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    if let Some(x) = v.as_float() {
        return Ok(x);
    }
    if let Some(b) = vm.to_bigint(v) {
        return vm.int_to_f64(&b);
    }
    if let Some(s) = v.as_str() {
        return crate::numfmt::parse_float(s.as_str()).ok_or_else(|| {
            vm.value_error(format!(
                "could not convert string to float: {}",
                crate::bytecode::repr::str_repr(s.as_str())
            ))
        });
    }
    if let Some(r) = vm.call_special(v, "__float__", &[])? {
        if let Some(x) = r.as_float() {
            return Ok(x);
        }
    }
    if let Some(r) = vm.call_special(v, "__index__", &[])? {
        if let Some(b) = vm.to_bigint(&r) {
            return vm.int_to_f64(&b);
        }
    }
    if let Some(inner) = vm.unwrap_builtin(v) {
        return to_float(vm, &inner);
    }
    let tn = vm.type_name(v);
    Err(vm.type_error(format!(
        "float() argument must be a string or a real number, not '{tn}'"
    )))
}

fn int_new(vm: &mut Vm, args: &[Value], kwargs: &[(Value, Value)]) -> PyResult<Value> {
    check_arity(vm, "int", args, 0, 2)?;
    let base = args.get(1).cloned().or_else(|| kwarg(vm, kwargs, "base"));
    let Some(v) = args.first() else {
        return Ok(Value::int(0));
    };
    let base = match base {
        Some(b) => {
            let base = vm.to_i64(&b).unwrap_or(10);
            if base != 0 && !(2..=36).contains(&base) {
                return Err(vm.value_error("int() base must be >= 2 and <= 36, or 0"));
            }
            if int_text(v).is_none() {
                return Err(vm.type_error("int() can't convert non-string with explicit base"));
            }
            base as u32
        }
        None => 10,
    };
    if v.is_small_int() {
        return Ok(v.clone());
    }
    if let Some(b) = vm.to_bigint(v) {
        return Ok(Value::bigint(b));
    }
    if let Some(x) = v.as_float() {
        if x.is_nan() {
            return Err(vm.value_error("cannot convert float NaN to integer"));
        }
        if x.is_infinite() {
            return Err(vm.overflow_error("cannot convert float infinity to integer"));
        }
        return crate::numfmt::floatops::float_to_bigint(x.trunc())
            .map(Value::bigint)
            .map_err(|e| vm.num_error(e));
    }
    if let Some((text, shown)) = int_text(v) {
        vm.check_str_to_int(&text, base)?;
        return match crate::numfmt::parse_int(&text, base) {
            Some(b) => Ok(Value::bigint(b)),
            None => Err(vm.value_error(format!(
                "invalid literal for int() with base {base}: {shown}"
            ))),
        };
    }
    for m in ["__int__", "__index__", "__trunc__"] {
        if let Some(r) = vm.call_special(v, m, &[])? {
            return Ok(r);
        }
    }
    if let Some(inner) = vm.unwrap_builtin(v) {
        // A subclass of float, str or bytes converts as its value.
        return int_new(vm, &[inner], &[]);
    }
    let tn = vm.type_name(v);
    Err(vm.type_error(format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{tn}'"
    )))
}

/// The text `int()` parses from a str, bytes or bytearray (or a subclass of str), with
/// its repr for the error message.
fn int_text(v: &Value) -> Option<(String, String)> {
    if let Some(s) = v.str_or_subclass() {
        return Some((
            s.as_str().to_string(),
            crate::bytecode::repr::str_repr(s.as_str()),
        ));
    }
    let b = match v.obj()? {
        Obj::Bytes(b) => b.to_vec(),
        Obj::ByteArray(b) => b.borrow().clone(),
        _ => return None,
    };
    Some((
        String::from_utf8_lossy(&b).to_string(),
        crate::bytecode::repr::bytes_repr(&b),
    ))
}

/// `module.__init__(self, name, doc=None)`: the module's `__name__`, `__doc__`, and None for
/// `__package__`, `__loader__` and `__spec__`.
pub fn module_init(vm: &mut Vm, args: &[Value], kwargs: &[(Value, Value)]) -> PyResult<Value> {
    let this = args.first().cloned().unwrap_or(Value::NONE);
    let [name, doc] = super::bind(
        vm,
        "module",
        &args[1.min(args.len())..],
        kwargs,
        ["name", "doc"],
        1,
    )?;
    let name = name.unwrap_or(Value::NONE);
    if name.as_str().is_none() {
        let tn = vm.type_name(&name);
        return Err(vm.type_error(format!(
            "module.__init__() argument 'name' must be str, not {tn}"
        )));
    }
    let Some(Obj::Module(m)) = this.obj() else {
        return Err(vm.type_error("descriptor '__init__' requires a 'module' object"));
    };
    if let Some(d) = m.dict.as_dict() {
        let mut d = d.borrow_mut();
        d.set_str("__name__", name);
        d.set_str("__doc__", doc.unwrap_or(Value::NONE));
        for k in ["__package__", "__loader__", "__spec__"] {
            d.set_str(k, Value::NONE);
        }
    }
    Ok(Value::NONE)
}
