//! Struct sequences (`sys.version_info`, `sys.float_info`, `sys.int_info`): tuples whose
//! items are also named attributes.
//!
//! A struct sequence type is a built-in subclass of `tuple`; an instance is an
//! `Obj::Instance` wrapping the tuple in `base_value` (so indexing, slicing, comparison
//! and iteration are the tuple's) with each field also stored under its name. The field
//! names, in order, are the type's `__match_args__`, as in CPython.

use crate::builtins::add_methods;
use crate::object::{Dict, Instance, Obj, TypeKind, TypeObj};
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::cell::RefCell;

type Kw<'a> = &'a [(Value, Value)];

/// A struct sequence type `module.name` with the given field names.
pub fn new_type(vm: &Vm, module: &str, name: &str, fields: &[&str]) -> Value {
    new_type_ext(vm, module, name, fields, &[])
}

/// A struct sequence type whose `extra` fields are attributes only (not items), as
/// `time.struct_time`'s `tm_zone` and `tm_gmtoff`.
pub fn new_type_ext(vm: &Vm, module: &str, name: &str, fields: &[&str], extra: &[&str]) -> Value {
    let mut dict = Dict::new();
    let names = fields.iter().map(|f| Value::str(f)).collect();
    dict.set_str("__match_args__", Value::tuple(names));
    let extra_names = extra.iter().map(|f| Value::str(f)).collect();
    dict.set_str("_extra_fields", Value::tuple(extra_names));
    dict.set_str("n_fields", Value::int((fields.len() + extra.len()) as i64));
    dict.set_str("n_sequence_fields", Value::int(fields.len() as i64));
    let t = Value::new_obj(Obj::Type(Box::new(TypeObj::new(
        name,
        module,
        TypeKind::Tuple,
        true,
        dict,
    ))));
    crate::vm::set_bases(&t, vec![vm.types.tuple.clone()]);
    add_methods(&t, "structseq", &[("__repr__", repr)]);
    if let Some(ty) = t.as_type() {
        let f = crate::builtins::native("__new__", construct);
        ty.dict
            .borrow_mut()
            .set_str("__new__", Value::new_obj(Obj::StaticMethod(f)));
    }
    t
}

/// `cls(sequence)`: the items, then any extra fields (None when not given).
fn construct(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = args[0].clone();
    let [seq, _dict] =
        crate::builtins::bind(vm, "structseq", &args[1..], kw, ["sequence", "dict"], 1)?;
    let items = vm.collect(&seq.unwrap_or(Value::NONE))?;
    let names = field_names(&cls);
    let extra = cls
        .as_type()
        .and_then(|t| t.dict.borrow().get_str("_extra_fields").cloned())
        .and_then(|m| m.as_tuple().map(|t| t.to_vec()))
        .unwrap_or_default();
    let (min, max) = (names.len(), names.len() + extra.len());
    let tn = match cls.as_type() {
        Some(t) => format!("{}.{}", t.module.borrow(), t.name()),
        None => String::new(),
    };
    let n = items.len();
    if n < min {
        let what = if min == max { "a" } else { "an at least" };
        return Err(vm.type_error(format!(
            "{tn}() takes {what} {min}-sequence ({n}-sequence given)"
        )));
    }
    if n > max {
        let what = if min == max { "a" } else { "an at most" };
        return Err(vm.type_error(format!(
            "{tn}() takes {what} {max}-sequence ({n}-sequence given)"
        )));
    }
    let v = new(&cls, items[..min].to_vec());
    if let Some(i) = v.as_instance() {
        let mut d = i.dict.borrow_mut();
        for (k, name) in extra.iter().enumerate() {
            let x = items.get(min + k).cloned().unwrap_or(Value::NONE);
            d.set_str_value(name, x);
        }
    }
    Ok(v)
}

/// An instance of struct sequence type `cls` with the given field values, in order.
pub fn new(cls: &Value, values: Vec<Value>) -> Value {
    let mut dict = Dict::new();
    for (name, v) in field_names(cls).iter().zip(&values) {
        dict.set_str_value(name, v.clone());
    }
    Value::new_typed(
        Obj::Instance(Instance {
            dict: RefCell::new(dict),
            exc: None,
            base_value: Value::tuple(values),
        }),
        cls,
    )
}

fn field_names(cls: &Value) -> Vec<Value> {
    cls.as_type()
        .and_then(|t| t.dict.borrow().get_str("__match_args__").cloned())
        .and_then(|m| m.as_tuple().map(|t| t.to_vec()))
        .unwrap_or_default()
}

/// `sys.version_info(major=3, minor=11, ...)`.
fn repr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let this = &args[0];
    let Some(inst) = this.as_instance() else {
        return Err(vm.type_error("descriptor '__repr__' requires a struct sequence"));
    };
    let items = inst
        .base_value
        .as_tuple()
        .map(|t| t.to_vec())
        .unwrap_or_default();
    let cls = this.class();
    let mut parts = vec![];
    for (name, v) in field_names(&cls).iter().zip(&items) {
        parts.push(format!("{}={}", vm.str_value(name), vm.repr_of(v)?));
    }
    let t = cls.as_type().expect("type");
    let module = t.module.borrow().to_string();
    let prefix = if module == "builtins" {
        String::new()
    } else {
        format!("{module}.")
    };
    Ok(Value::string(format!(
        "{prefix}{}({})",
        t.name(),
        parts.join(", ")
    )))
}
