//! `X | Y` of classes (PEP 604): `types.UnionType` objects with `__args__`, CPython's repr,
//! equality and hash independent of order, flattening and de-duplication, and
//! `isinstance`/`issubclass` against them.

use super::{add_methods, check_arity};
use crate::object::Obj;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    let u = vm.types.union.clone();
    if let Some(t) = u.as_type() {
        *t.module.borrow_mut() = "types".into();
    }
    add_methods(
        &u,
        "UnionType",
        &[
            ("__or__", union_or_dunder),
            ("__ror__", union_ror_dunder),
            ("__repr__", union_repr),
            ("__eq__", union_eq),
            ("__hash__", union_hash),
        ],
    );
    add_methods(
        &vm.types.type_,
        "type",
        &[("__or__", union_or_dunder), ("__ror__", union_ror_dunder)],
    );
}

/// The members `v` contributes to a union: a union's own args, None as `NoneType`, a
/// class; None when `v` cannot be part of one.
fn members(vm: &Vm, v: &Value) -> Option<Vec<Value>> {
    if v.is_none() {
        return Some(vec![vm.types.none.clone()]);
    }
    if v.as_type().is_some() {
        return Some(vec![v.clone()]);
    }
    if v.has_header_type(&vm.types.union) {
        return v.inst_attr("__args__").as_tuple().map(|t| t.to_vec());
    }
    None
}

/// `a | b` when both sides can be union members (else None: the operator fails as usual).
pub fn union_or(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Option<Value>> {
    let (Some(x), Some(y)) = (members(vm, a), members(vm, b)) else {
        return Ok(None);
    };
    let mut args: Vec<Value> = vec![];
    for m in x.into_iter().chain(y) {
        if !args.iter().any(|e| e.is(&m)) {
            args.push(m);
        }
    }
    if args.len() == 1 {
        return Ok(args.pop());
    }
    let u = vm.new_instance(&vm.types.union.clone(), &[])?;
    u.set_inst_attr("__args__", Value::tuple(args));
    Ok(Some(u))
}

/// The classes of a union, for `isinstance`/`issubclass` (None if `v` is no union).
pub fn union_args(vm: &Vm, v: &Value) -> Option<Vec<Value>> {
    if !v.has_header_type(&vm.types.union) {
        return None;
    }
    v.inst_attr("__args__").as_tuple().map(|t| t.to_vec())
}

fn union_or_dunder(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__or__", a, 2, 2)?;
    Ok(union_or(vm, &a[0], &a[1])?.unwrap_or(Value::NOT_IMPLEMENTED))
}

fn union_ror_dunder(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__ror__", a, 2, 2)?;
    Ok(union_or(vm, &a[1], &a[0])?.unwrap_or(Value::NOT_IMPLEMENTED))
}

fn union_repr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__repr__", a, 1, 1)?;
    let args = union_args(vm, &a[0]).unwrap_or_default();
    let mut parts = vec![];
    for m in &args {
        parts.push(match m.obj() {
            _ if m.is(&vm.types.none) => "None".to_string(),
            Some(Obj::Type(t)) => {
                let module = t.module.borrow().to_string();
                let q = t.qualname.borrow().to_string();
                if module == "builtins" {
                    q
                } else {
                    format!("{module}.{q}")
                }
            }
            _ => vm.repr_of(m)?,
        });
    }
    Ok(Value::string(parts.join(" | ")))
}

fn union_eq(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__eq__", a, 2, 2)?;
    let (Some(x), Some(y)) = (union_args(vm, &a[0]), union_args(vm, &a[1])) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    let same = x.len() == y.len() && x.iter().all(|m| y.iter().any(|n| n.is(m)));
    Ok(Value::bool(same))
}

fn union_hash(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__hash__", a, 1, 1)?;
    let args = union_args(vm, &a[0]).unwrap_or_default();
    let h = args.iter().fold(0u64, |h, m| h ^ (m.addr() >> 4));
    Ok(Value::int((h & 0x3fff_ffff_ffff) as i64))
}
