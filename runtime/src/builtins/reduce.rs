//! `object.__reduce_ex__`, `object.__reduce__` and `object.__getstate__`: how `copy` and
//! `pickle` take an object apart, as CPython's `Objects/typeobject.c` does — protocol 2
//! and up through `copyreg.__newobj__` (or `__newobj_ex__`) with `__getnewargs_ex__` /
//! `__getnewargs__`, the state from `__getstate__`, and the items of list and dict
//! subclasses; protocols 0 and 1 through `copyreg._reduce_ex`.

use super::{add_methods, check_arity};
use crate::object::Obj;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    add_methods(
        &vm.types.object,
        "object",
        &[
            ("__reduce_ex__", object_reduce_ex),
            ("__reduce__", object_reduce),
            ("__getstate__", object_getstate),
        ],
    );
    add_methods(
        &vm.types.builtin,
        "builtin_function_or_method",
        &[
            ("__reduce_ex__", builtin_reduce),
            ("__reduce__", builtin_reduce),
        ],
    );
}

/// How a built-in function pickles, as in CPython: a module-level one by its name (found
/// again as a global), a method as `getattr(owner, name)`.
fn builtin_reduce(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let Some(crate::object::Obj::Builtin(b)) = args.first().and_then(|v| v.obj()) else {
        return Err(vm.type_error("descriptor requires a builtin function"));
    };
    let bound = b.bound.clone();
    let (name, owner) = (b.name, b.owner);
    if bound.is_null() || matches!(bound.obj(), Some(crate::object::Obj::Module(_))) {
        if owner.is_empty() {
            return Ok(Value::str(name));
        }
        return Ok(Value::str(&format!("{owner}.{name}")));
    }
    let getattr = vm
        .builtins
        .as_dict()
        .and_then(|d| d.borrow().get_str("getattr").cloned())
        .unwrap_or(Value::NONE);
    Ok(Value::tuple(vec![
        getattr,
        Value::tuple(vec![bound, Value::str(name)]),
    ]))
}

fn copyreg(vm: &mut Vm, name: &str) -> PyResult<Value> {
    let globals = Value::dict(Default::default());
    let m = vm.import_module_level(&Value::str("copyreg"), &globals, &Value::NONE, 0)?;
    vm.getattr(&m, &Value::str(name))
}

fn object_reduce_ex(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__reduce_ex__", args, 2, 2)?;
    let me = &args[0];
    let proto = vm.index_int(&args[1])?;
    let proto = vm.to_i64(&proto).unwrap_or(0);
    let cls = vm.type_of(me);
    if let Some(r) = vm.lookup_type(&cls, "__reduce__") {
        let inherited = matches!(r.obj(), Some(Obj::Builtin(b)) if b.owner == "object");
        if !inherited {
            let bound = vm.getattr(me, &Value::str("__reduce__"))?;
            return vm.call(&bound, &[], &[]);
        }
    }
    common_reduce(vm, me, proto)
}

fn object_reduce(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__reduce__", args, 1, 1)?;
    common_reduce(vm, &args[0], 0)
}

fn common_reduce(vm: &mut Vm, me: &Value, proto: i64) -> PyResult<Value> {
    if proto >= 2 {
        return reduce_newobj(vm, me);
    }
    let f = copyreg(vm, "_reduce_ex")?;
    vm.call(&f, &[me.clone(), Value::int(proto)], &[])
}

/// The built-in value a built-in object is rebuilt from (`int.__getnewargs__` and the like),
/// or None for the containers (rebuilt empty, then filled) and unpicklable objects.
fn builtin_newargs(vm: &Vm, me: &Value) -> PyResult<Option<Vec<Value>>> {
    if me.is_float() || me.is_int() || me.is_bool() {
        return Ok(Some(vec![me.clone()]));
    }
    match me.obj() {
        None if me.is_none() => Ok(Some(vec![])),
        Some(
            Obj::Str(_) | Obj::Bytes(_) | Obj::Tuple(_) | Obj::Complex(..) | Obj::FrozenSet(_),
        ) => Ok(Some(vec![me.clone()])),
        Some(Obj::Instance(_) | Obj::List(_) | Obj::Dict(_) | Obj::Set(_)) => Ok(None),
        _ => {
            let tn = vm.type_name(me);
            Err(vm.type_error(format!("cannot pickle '{tn}' object")))
        }
    }
}

fn reduce_newobj(vm: &mut Vm, me: &Value) -> PyResult<Value> {
    let cls = vm.type_of(me);
    let mut args = Vec::new();
    let mut kwargs = Value::NONE;
    if let Some(ex) = vm.getattr_opt(me, &Value::str("__getnewargs_ex__"))? {
        let r = vm.call(&ex, &[], &[])?;
        let parts = match r.as_tuple() {
            Some(t) if t.len() == 2 => t.to_vec(),
            _ => {
                let tn = vm.type_name(&r);
                return Err(vm.type_error(format!(
                    "__getnewargs_ex__ should return a tuple of length 2, not '{tn}'"
                )));
            }
        };
        args = vm.collect(&parts[0])?;
        kwargs = parts[1].clone();
    } else if let Some(na) = vm.getattr_opt(me, &Value::str("__getnewargs__"))? {
        let r = vm.call(&na, &[], &[])?;
        if r.as_tuple().is_none() {
            let tn = vm.type_name(&r);
            return Err(vm.type_error(format!("__getnewargs__ should return a tuple, not '{tn}'")));
        }
        args = vm.collect(&r)?;
    } else if let Some(a) = builtin_newargs(vm, me)? {
        args = a;
    }
    let getstate = vm.getattr(me, &Value::str("__getstate__"))?;
    let state = vm.call(&getstate, &[], &[])?;
    let list = vm.types.list.clone();
    let dict = vm.types.dict.clone();
    let listitems = if vm.isinstance(me, &list) {
        vm.get_iter(me)?
    } else {
        Value::NONE
    };
    let dictitems = if vm.isinstance(me, &dict) {
        let items = vm.getattr(me, &Value::str("items"))?;
        let items = vm.call(&items, &[], &[])?;
        vm.get_iter(&items)?
    } else {
        Value::NONE
    };
    let has_kwargs = !kwargs.is_none() && vm.is_true(&kwargs)?;
    let (func, fargs) = if has_kwargs {
        let f = copyreg(vm, "__newobj_ex__")?;
        (f, vec![cls, Value::tuple(args), kwargs])
    } else {
        let f = copyreg(vm, "__newobj__")?;
        let mut a = vec![cls];
        a.extend(args);
        (f, a)
    };
    Ok(Value::tuple(vec![
        func,
        Value::tuple(fargs),
        state,
        listitems,
        dictitems,
    ]))
}

/// `object.__getstate__()`: the instance's attributes (None when it has none), with the
/// slots' values as a second dict when the class has `__slots__`.
fn object_getstate(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__getstate__", args, 1, 1)?;
    let me = &args[0];
    let Some(inst) = me.as_instance() else {
        return Ok(Value::NONE);
    };
    let cls = vm.type_of(me);
    let attrs = inst.dict.borrow().clone();
    match vm.slot_names(&cls)? {
        None => Ok(if attrs.is_empty() {
            Value::NONE
        } else {
            Value::dict(attrs)
        }),
        Some(names) => {
            let mut slots = crate::object::Dict::new();
            for n in &names {
                if let Some(v) = attrs.get_str(n) {
                    slots.set_str(n, v.clone());
                }
            }
            Ok(if slots.is_empty() {
                Value::NONE
            } else {
                Value::tuple(vec![Value::NONE, Value::dict(slots)])
            })
        }
    }
}
