//! The descriptor protocol of the built-in descriptor types as methods: `__get__` of
//! `classmethod`, `staticmethod` and `property` (and `__set__`/`__delete__` of `property`),
//! which also make those types subclassable (`abc.abstractclassmethod(classmethod)`); and
//! the `getset_descriptor`/`member_descriptor` objects that name the special attributes of
//! functions on their type (`FunctionType.__code__`, which `types` looks at).

use super::{add_methods, check_arity};
use crate::object::{Obj, TypeKind};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    let t = &vm.types;
    for (ty, owner) in [
        (&t.classmethod, "classmethod"),
        (&t.staticmethod, "staticmethod"),
        (&t.property, "property"),
    ] {
        add_methods(ty, owner, &[("__get__", descr_get)]);
    }
    add_methods(&t.function, "function", &[("__get__", function_get)]);
    add_methods(
        &t.property,
        "property",
        &[("__set__", property_set), ("__delete__", property_delete)],
    );
    let object = vm.types.object.clone();
    let getset = crate::vm::native_class(
        "builtins",
        "getset_descriptor",
        TypeKind::Instance,
        &object,
        true,
    );
    let member = crate::vm::native_class(
        "builtins",
        "member_descriptor",
        TypeKind::Instance,
        &object,
        true,
    );
    for d in [&getset, &member] {
        add_methods(
            d,
            "attribute",
            &[("__get__", attribute_get), ("__repr__", attribute_repr)],
        );
    }
    let function = vm.types.function.clone();
    let attrs = [
        ("__code__", &getset),
        ("__defaults__", &getset),
        ("__kwdefaults__", &getset),
        ("__annotations__", &getset),
        ("__dict__", &getset),
        ("__name__", &getset),
        ("__qualname__", &getset),
        ("__globals__", &member),
        ("__closure__", &member),
        ("__module__", &member),
    ];
    for (name, kind) in attrs {
        let Ok(d) = vm.new_instance(kind, &[]) else {
            continue;
        };
        d.set_inst_attr("__name__", Value::str(name));
        d.set_inst_attr("__objclass__", function.clone());
        if let Some(ft) = function.as_type() {
            ft.dict.borrow_mut().set_str(name, d);
        }
    }
}

/// `descr.__get__(obj, owner=None)` for classmethod, staticmethod and property.
fn descr_get(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__get__", args, 2, 3)?;
    let obj = &args[1];
    let owner = match args.get(2) {
        Some(o) if !o.is_none() => o.clone(),
        _ => vm.type_of(obj),
    };
    if obj.is_none() && matches!(args[0].obj(), Some(Obj::Property(_))) {
        return Ok(args[0].clone());
    }
    vm.bind(args[0].clone(), obj, &owner)
}

/// `function.__get__(obj, type=None)`: the function itself for no instance, else a
/// method bound to `obj`.
fn function_get(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__get__", args, 2, 3)?;
    if args[1].is_none() {
        return Ok(args[0].clone());
    }
    Ok(Value::new_obj(Obj::Method(
        args[1].clone(),
        args[0].clone(),
    )))
}

fn property_parts(vm: &Vm, p: &Value) -> PyResult<[Value; 3]> {
    match p.obj() {
        Some(Obj::Property(parts)) => Ok((**parts).clone()),
        _ => Err(vm.type_error("descriptor requires a 'property' object")),
    }
}

/// `property.__set__(obj, value)`.
fn property_set(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__set__", args, 3, 3)?;
    let [_, setter, _] = property_parts(vm, &args[0])?;
    if setter.is_none() {
        return Err(vm.attribute_error("can't set attribute"));
    }
    vm.call(&setter, &[args[1].clone(), args[2].clone()], &[])?;
    Ok(Value::NONE)
}

/// `property.__delete__(obj)`.
fn property_delete(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__delete__", args, 2, 2)?;
    let [_, _, deleter] = property_parts(vm, &args[0])?;
    if deleter.is_none() {
        return Err(vm.attribute_error("can't delete attribute"));
    }
    vm.call(&deleter, std::slice::from_ref(&args[1]), &[])?;
    Ok(Value::NONE)
}

/// `FunctionType.__code__.__get__(f, type)`: the attribute of `f` (the descriptor itself
/// when read through the class).
fn attribute_get(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__get__", args, 2, 3)?;
    if args[1].is_none() {
        return Ok(args[0].clone());
    }
    let name = args[0].inst_attr("__name__");
    vm.getattr(&args[1], &name)
}

/// `<attribute '__code__' of 'function' objects>`.
fn attribute_repr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__repr__", args, 1, 1)?;
    let name = args[0].inst_attr("__name__");
    let name = vm.str_value(&name);
    let kind = if vm.type_name(&args[0]) == "member_descriptor" {
        "member"
    } else {
        "attribute"
    };
    Ok(Value::string(format!(
        "<{kind} '{name}' of 'function' objects>"
    )))
}
