//! Subclasses of the built-in containers `list`, `dict` and `set`.
//!
//! An instance of such a class is an `Obj::Instance` whose `base_value` holds a real list,
//! dict or set, created empty with the instance. The built-in type's methods (found in the
//! MRO) receive that inner value as `self` ([`Vm::wrapped_for`]); `__init__` fills it the
//! way `list(...)`, `dict(...)` and `set(...)` would; reprs, comparisons and operators that
//! the subclass does not override use the inner value.

use super::{add_methods, check_arity, construct};
use crate::object::{BuiltinFn, Obj, TypeKind};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    let t = &vm.types;
    add_methods(&t.list, "list", &[("__init__", list_init)]);
    add_methods(&t.dict, "dict", &[("__init__", dict_init)]);
    add_methods(&t.set, "set", &[("__init__", set_init)]);
}

/// `list.__init__(self, iterable=())`: replaces the contents.
fn list_init(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    check_arity(vm, "list", &args[1..], 0, 1)?;
    let fresh = construct(vm, &vm.types.list.clone(), &args[1..], kw)?;
    let items = fresh
        .as_list()
        .map(|l| l.borrow().clone())
        .unwrap_or_default();
    match args[0].as_list() {
        Some(l) => *l.try_borrow_mut().map_err(|_| vm.borrow_error())? = items,
        None => return Err(vm.type_error("descriptor '__init__' requires a 'list' object")),
    }
    Ok(Value::NONE)
}

/// `dict.__init__(self, *args, **kwargs)`: updates the dict like `dict(...)` builds one.
fn dict_init(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    check_arity(vm, "dict", &args[1..], 0, 1)?;
    if args[0].as_dict().is_none() {
        return Err(vm.type_error("descriptor '__init__' requires a 'dict' object"));
    }
    let fresh = construct(vm, &vm.types.dict.clone(), &args[1..], kw)?;
    vm.dict_update(&args[0], &fresh, None)?;
    Ok(Value::NONE)
}

/// `set.__init__(self, iterable=())`: replaces the contents.
fn set_init(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    check_arity(vm, "set", &args[1..], 0, 1)?;
    if !matches!(args[0].obj(), Some(Obj::Set(_))) {
        return Err(vm.type_error("descriptor '__init__' requires a 'set' object"));
    }
    let fresh = construct(vm, &vm.types.set.clone(), &args[1..], kw)?;
    if let Some(Obj::Set(s)) = args[0].obj() {
        let old = std::mem::take(&mut *s.try_borrow_mut().map_err(|_| vm.borrow_error())?);
        drop(old);
    }
    vm.set_inplace(&args[0], &fresh, crate::vm::ops::NB_OR)?;
    Ok(Value::NONE)
}

impl Vm {
    /// The built-in container type (list, dict or set) a class derives from, if any.
    pub fn builtin_base(&self, cls: &Value) -> Option<Value> {
        let t = cls.as_type()?;
        let base = match t.kind {
            TypeKind::List => &self.types.list,
            TypeKind::Dict => &self.types.dict,
            TypeKind::Set => &self.types.set,
            _ => return None,
        };
        Some(base.clone())
    }

    /// The value a built-in method of type `b.owner` should get as `self` instead of
    /// `this`: the inner built-in value when `this` wraps one of that type.
    pub fn wrapped_for(&self, b: &BuiltinFn, this: &Value) -> Option<Value> {
        let inner = &this.as_instance()?.base_value;
        if inner.is_null() || self.type_name(inner) != b.owner {
            return None;
        }
        Some(inner.clone())
    }

    /// The inner built-in value of an instance of a list/dict/set subclass.
    pub fn unwrap_builtin(&self, v: &Value) -> Option<Value> {
        let inner = &v.as_instance()?.base_value;
        (!inner.is_null()).then(|| inner.clone())
    }
}
