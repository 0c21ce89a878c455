//! The protocol dunders of built-in types as ordinary methods (`[].__iter__`,
//! `d.__getitem__`, `it.__next__`, `list.__len__(x)`), so they can be looked up, passed
//! around and called like CPython's slot wrappers.
//!
//! Each one forwards to the VM operation the interpreter itself uses, which handles these
//! types natively (never by looking the dunder up again). The arithmetic dunders of `int`
//! and `float` return `NotImplemented` for operands of other types, as CPython's do.

use super::{add_methods, check_arity};
use crate::object::NativeFn;
use crate::value::Value;
use crate::vm::ops::{Unary, NB_NAMES};
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    let t = &vm.types;
    let sized: [(&Value, &'static str); 11] = [
        (&t.list, "list"),
        (&t.tuple, "tuple"),
        (&t.str_, "str"),
        (&t.bytes, "bytes"),
        (&t.dict, "dict"),
        (&t.set, "set"),
        (&t.frozenset, "frozenset"),
        (&t.range, "range"),
        (&t.dict_keys, "dict_keys"),
        (&t.dict_values, "dict_values"),
        (&t.dict_items, "dict_items"),
    ];
    let container: &[(&str, NativeFn)] = &[
        ("__iter__", dunder_iter),
        ("__len__", dunder_len),
        ("__contains__", dunder_contains),
    ];
    for (ty, owner) in sized {
        if owner == "dict_values" {
            add_methods(ty, owner, &container[..2]);
        } else {
            add_methods(ty, owner, container);
        }
    }
    for (ty, owner) in [
        (&t.tuple, "tuple"),
        (&t.str_, "str"),
        (&t.bytes, "bytes"),
        (&t.range, "range"),
    ] {
        add_methods(ty, owner, &[("__getitem__", dunder_getitem)]);
    }
    for (ty, owner) in [(&t.list, "list"), (&t.dict, "dict")] {
        add_methods(
            ty,
            owner,
            &[
                ("__getitem__", dunder_getitem),
                ("__setitem__", dunder_setitem),
                ("__delitem__", dunder_delitem),
            ],
        );
    }
    // The built-in reprs as methods (`int.__repr__`, which `IntEnum` takes for its `str()`);
    // str and bytes have their own `__str__` too.
    for (ty, owner) in [
        (&t.int, "int"),
        (&t.float, "float"),
        (&t.complex, "complex"),
        (&t.str_, "str"),
        (&t.bytes, "bytes"),
        (&t.tuple, "tuple"),
    ] {
        add_methods(ty, owner, &[("__repr__", dunder_repr)]);
    }
    add_methods(&t.str_, "str", &[("__str__", dunder_str)]);
    add_methods(&t.bytes, "bytes", &[("__str__", dunder_str)]);
    add_methods(&t.int, "int", INT_BINARY);
    add_methods(&t.int, "int", INT_UNARY);
    add_methods(&t.float, "float", FLOAT_BINARY);
    add_methods(&t.float, "float", &INT_UNARY[..2]);
    let compare: &[(&str, NativeFn)] = &[
        ("__lt__", dunder_lt),
        ("__le__", dunder_le),
        ("__eq__", dunder_eq),
        ("__ne__", dunder_ne),
        ("__gt__", dunder_gt),
        ("__ge__", dunder_ge),
    ];
    for (ty, owner) in super::value_types(t) {
        add_methods(ty, owner, compare);
    }
    for (ty, owner) in [
        (&t.object, "object"),
        (&t.int, "int"),
        (&t.float, "float"),
        (&t.complex, "complex"),
        (&t.str_, "str"),
    ] {
        add_methods(ty, owner, &[("__format__", dunder_format)]);
    }
    add_methods(&t.generator, "generator", &[("__iter__", dunder_iter)]);
    for (ty, owner) in vm.iterator_types() {
        add_methods(
            &ty,
            owner,
            &[("__iter__", dunder_iter), ("__next__", dunder_next)],
        );
    }
}

/// A built-in's comparison dunder: `self` (the built-in value) against `other` (or the
/// value inside an instance of a subclass), NotImplemented for unrelated types.
fn compare_dunder(vm: &mut Vm, a: &[Value], op: u32) -> PyResult<Value> {
    check_arity(vm, crate::vm::ops::CMP_NAMES[op as usize].0, a, 2, 2)?;
    let other = vm.unwrap_builtin(&a[1]).unwrap_or_else(|| a[1].clone());
    let numeric = |v: &Value| {
        v.is_int() || v.is_float() || matches!(v.obj(), Some(crate::object::Obj::Complex(..)))
    };
    let related = (numeric(&a[0]) && numeric(&other)) || vm.type_of(&a[0]).is(&vm.type_of(&other));
    if !related {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    vm.rich_compare(&a[0], &other, op)
}

fn dunder_lt(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    compare_dunder(vm, a, crate::vm::ops::CMP_LT)
}
fn dunder_le(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    compare_dunder(vm, a, crate::vm::ops::CMP_LE)
}
fn dunder_eq(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    compare_dunder(vm, a, crate::vm::ops::CMP_EQ)
}
fn dunder_ne(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    compare_dunder(vm, a, crate::vm::ops::CMP_NE)
}
fn dunder_gt(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    compare_dunder(vm, a, crate::vm::ops::CMP_GT)
}
fn dunder_ge(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    compare_dunder(vm, a, crate::vm::ops::CMP_GE)
}

/// `__format__(self, spec)` of `object` and the built-in value types.
fn dunder_format(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "__format__", a, 2, 2)?;
    let Some(spec) = a[1].str_or_subclass() else {
        let tn = vm.type_name(&a[1]);
        return Err(vm.type_error(format!("__format__() argument must be str, not {tn}")));
    };
    let spec = spec.as_str().to_string();
    Ok(Value::string(vm.format(&a[0], &spec)?))
}

fn dunder_iter(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "__iter__", a, 1, 1)?;
    vm.get_iter(&a[0])
}

fn dunder_next(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "__next__", a, 1, 1)?;
    match vm.iter_next(&a[0])? {
        Some(v) => Ok(v),
        None => Err(vm.stop_iteration(Value::NONE)),
    }
}

fn dunder_len(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "__len__", a, 1, 1)?;
    Ok(Value::int(vm.len(&a[0])? as i64))
}

fn dunder_repr(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "__repr__", a, 1, 1)?;
    Ok(Value::string(vm.repr_of(&a[0])?))
}

fn dunder_str(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "__str__", a, 1, 1)?;
    Ok(Value::string(vm.str_of(&a[0])?))
}

fn dunder_contains(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "__contains__", a, 2, 2)?;
    Ok(Value::bool(vm.contains(&a[0], &a[1])?))
}

fn dunder_getitem(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "__getitem__", a, 2, 2)?;
    vm.getitem(&a[0], &a[1])
}

fn dunder_setitem(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "__setitem__", a, 3, 3)?;
    vm.setitem(&a[0], &a[1], a[2].clone())?;
    Ok(Value::NONE)
}

fn dunder_delitem(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "__delitem__", a, 2, 2)?;
    vm.delitem(&a[0], &a[1])?;
    Ok(Value::NONE)
}

/// May `a` and `b` be combined by `int`'s (`float == false`) or `float`'s numeric dunders?
fn numeric_operands(vm: &Vm, a: &Value, b: &Value, float: bool, name: &str) -> PyResult<bool> {
    let (owner, ok_self) = if float {
        ("float", a.is_float())
    } else {
        ("int", a.is_int())
    };
    if !ok_self {
        let tn = vm.type_name(a);
        return Err(vm.type_error(format!(
            "descriptor '{name}' requires a '{owner}' object but received a '{tn}'"
        )));
    }
    Ok(b.is_int() || (float && b.is_float()))
}

/// `self.<op>(other)`, or the reflected `other <op> self`.
fn numeric_binary(
    vm: &mut Vm,
    a: &[Value],
    op: u32,
    reflected: bool,
    float: bool,
) -> PyResult<Value> {
    let (name, rname) = NB_NAMES[op as usize];
    let name = if reflected { rname } else { name };
    check_arity(vm, name, a, 2, 2)?;
    if !numeric_operands(vm, &a[0], &a[1], float, name)? {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    if reflected {
        vm.binary_op(&a[1], &a[0], op)
    } else {
        vm.binary_op(&a[0], &a[1], op)
    }
}

macro_rules! numeric_binary_dunders {
    ($table:ident, $float:literal: $($op:literal $fname:ident $rname:ident;)*) => {
        $(
            fn $fname(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
                numeric_binary(vm, a, $op, false, $float)
            }
            fn $rname(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
                numeric_binary(vm, a, $op, true, $float)
            }
        )*
        const $table: &[(&str, NativeFn)] = &[
            $((NB_NAMES[$op].0, $fname), (NB_NAMES[$op].1, $rname),)*
        ];
    };
}

// Operand numbers are `NB_*` (the index into `NB_NAMES`).
numeric_binary_dunders! {
    INT_BINARY, false:
    0 int_add int_radd;
    1 int_and int_rand;
    2 int_floordiv int_rfloordiv;
    3 int_lshift int_rlshift;
    5 int_mul int_rmul;
    6 int_mod int_rmod;
    7 int_or int_ror;
    8 int_pow int_rpow;
    9 int_rshift int_rrshift;
    10 int_sub int_rsub;
    11 int_truediv int_rtruediv;
    12 int_xor int_rxor;
}

numeric_binary_dunders! {
    FLOAT_BINARY, true:
    0 float_add float_radd;
    2 float_floordiv float_rfloordiv;
    5 float_mul float_rmul;
    6 float_mod float_rmod;
    8 float_pow float_rpow;
    10 float_sub float_rsub;
    11 float_truediv float_rtruediv;
}

/// `__neg__`, `__pos__` (int and float) and `__invert__` (int only).
const INT_UNARY: &[(&str, NativeFn)] = &[
    ("__neg__", dunder_neg),
    ("__pos__", dunder_pos),
    ("__invert__", dunder_invert),
];

fn unary(vm: &mut Vm, a: &[Value], op: Unary, name: &str) -> PyResult<Value> {
    check_arity(vm, name, a, 1, 1)?;
    vm.unary_op(&a[0], op)
}

fn dunder_neg(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    unary(vm, a, Unary::Neg, "__neg__")
}

fn dunder_pos(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    unary(vm, a, Unary::Pos, "__pos__")
}

fn dunder_invert(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    unary(vm, a, Unary::Invert, "__invert__")
}

impl Vm {
    /// `operator.index(v)`: an int as itself, or the int its `__index__` returns.
    pub fn index_int(&mut self, v: &Value) -> PyResult<Value> {
        if v.is_int() {
            return Ok(if v.is_bool() {
                Value::int(i64::from(v.as_bool() == Some(true)))
            } else {
                v.clone()
            });
        }
        if v.as_instance().is_some() {
            if let Some(r) = self.call_special(v, "__index__", &[])? {
                if r.is_int() {
                    return Ok(r);
                }
                let tn = self.type_name(&r);
                return Err(self.type_error(format!("__index__ returned non-int (type {tn})")));
            }
        }
        let tn = self.type_name(v);
        Err(self.type_error(format!("'{tn}' object cannot be interpreted as an integer")))
    }
}
