//! `property.getter`, `.setter` and `.deleter`: each returns a copy of the property with
//! one accessor replaced, which is how `@prop.setter` builds up a property. Also
//! `object.__delattr__`, the generic deletion that runs properties' deleters.

use super::{add_methods, check_arity};
use crate::object::Obj;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    add_methods(
        &vm.types.property,
        "property",
        &[("getter", getter), ("setter", setter), ("deleter", deleter)],
    );
    add_methods(
        &vm.types.object,
        "object",
        &[("__delattr__", object_delattr)],
    );
}

/// `object.__delattr__(obj, name)`: deletion without the user `__delattr__` hook.
fn object_delattr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__delattr__", args, 2, 2)?;
    vm.generic_delattr(&args[0], &args[1])?;
    Ok(Value::NONE)
}

/// A copy of property `args[0]` with accessor `slot` (0 get, 1 set, 2 delete) = `args[1]`.
fn replace(vm: &mut Vm, args: &[Value], slot: usize, name: &str) -> PyResult<Value> {
    check_arity(vm, name, args, 2, 2)?;
    let Some(Obj::Property(p)) = args[0].obj() else {
        let tn = vm.type_name(&args[0]);
        return Err(vm.type_error(format!(
            "descriptor '{name}' for 'property' objects doesn't apply to a '{tn}' object"
        )));
    };
    let mut accessors: [Value; 3] = (**p).clone();
    accessors[slot] = args[1].clone();
    Ok(Value::new_obj(Obj::Property(Box::new(accessors))))
}

fn getter(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    replace(vm, args, 0, "getter")
}

fn setter(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    replace(vm, args, 1, "setter")
}

fn deleter(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    replace(vm, args, 2, "deleter")
}
