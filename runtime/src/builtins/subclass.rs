//! Subclasses of the built-in value types: `int`, `float`, `complex`, `str`, `bytes`,
//! `tuple`, `frozenset`, and the containers `list`, `dict` and `set`.
//!
//! An instance of such a class is an `Obj::Instance` whose `base_value` holds a real value
//! of the built-in type: made from the constructor's arguments by `__new__` for the
//! immutable types, created empty with the instance and filled by `__init__` for the
//! containers. (Ints and floats are NaN-boxed immediates, so the value cannot live in the
//! instance itself; keeping every built-in variant `Obj::Int`, `Obj::Tuple`... exactly its
//! built-in type also keeps the interpreter's and the JIT's fast paths free of subclass
//! checks.) The built-in type's methods (found in the MRO) receive that inner value as
//! `self` ([`Vm::wrapped_for`]); reprs, hashing, truth, comparisons and operators that the
//! subclass does not override use the inner value, and C-level conversions (`int(x)`,
//! indexing, `str.join`) accept it as CPython's `PyLong_Check`-style tests do.

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
    add_methods(
        &t.module,
        "module",
        &[
            ("__init__", construct::module_init),
            ("__new__", builtin_new),
        ],
    );
    let descriptors = [
        (&t.property, "property"),
        (&t.classmethod, "classmethod"),
        (&t.staticmethod, "staticmethod"),
    ];
    for (ty, owner) in super::value_types(t).into_iter().chain(descriptors) {
        add_methods(ty, owner, &[("__new__", builtin_new)]);
    }
}

/// `int.__new__(cls, *args)` and the like for every subclassable built-in: the built-in
/// value made from `args`, itself for the built-in type, else wrapped in a new instance
/// of `cls` (for list, dict and set the value starts empty: `__init__` fills it).
fn builtin_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let Some(cls) = args.first().filter(|c| c.as_type().is_some()).cloned() else {
        return Err(vm.type_error("__new__(X): X is not a type object"));
    };
    let base = match vm.builtin_base(&cls) {
        Some(b) => b,
        None => match cls.as_type() {
            Some(t) if t.builtin => cls.clone(),
            _ => {
                let n = cls
                    .as_type()
                    .map_or(String::new(), |t| t.name().to_string());
                return Err(vm.type_error(format!("{n}.__new__({n}) is not safe")));
            }
        },
    };
    vm.new_builtin_instance(&cls, &base, &args[1..], kw)
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
        let ty = &self.types;
        let base = match t.kind {
            TypeKind::List => &ty.list,
            TypeKind::Dict => &ty.dict,
            TypeKind::Set => &ty.set,
            TypeKind::Int => &ty.int,
            TypeKind::Float => &ty.float,
            TypeKind::Complex => &ty.complex,
            TypeKind::Str => &ty.str_,
            TypeKind::Bytes => &ty.bytes,
            TypeKind::Tuple => &ty.tuple,
            TypeKind::FrozenSet => &ty.frozenset,
            TypeKind::Property => &ty.property,
            TypeKind::ClassMethod => &ty.classmethod,
            TypeKind::StaticMethod => &ty.staticmethod,
            TypeKind::Module => &ty.module,
            TypeKind::Native => {
                return std::iter::once(cls.clone())
                    .chain(t.mro.borrow().iter().cloned())
                    .find(|m| {
                        m.as_type()
                            .is_some_and(|t| t.builtin && t.kind == TypeKind::Native)
                    });
            }
            _ => return None,
        };
        Some(base.clone())
    }

    /// The value a built-in method of type `b.owner` should get as `self` instead of
    /// `this`: the inner built-in value when `this` wraps one of that type.
    pub fn wrapped_for(&self, b: &BuiltinFn, this: &Value) -> Option<Value> {
        let inner = &this.as_instance()?.base_value;
        let owner = self.type_of(inner);
        if inner.is_null() || owner.as_type().is_none_or(|t| *t.name() != *b.owner) {
            return None;
        }
        // A native type's methods take the instance itself (they reach its state through
        // `Value::native`): `__iter__` and `__iadd__` return it, reprs name its class.
        if matches!(inner.obj(), Some(Obj::Native(_))) {
            return None;
        }
        Some(inner.clone())
    }

    /// An instance of `cls`, a class deriving from the built-in `base`, holding the value
    /// `base(*args, **kw)` (an empty one for the mutable containers, which `__init__`
    /// fills); for `cls` the built-in itself, just that value.
    pub fn new_builtin_instance(
        &mut self,
        cls: &Value,
        base: &Value,
        args: &[Value],
        kw: Kw,
    ) -> PyResult<Value> {
        if base.as_type().is_some_and(|t| t.kind == TypeKind::Native) {
            // The native type's `__new__` makes the instance of `cls` itself.
            let new = self.lookup_type(base, "__new__").unwrap_or(Value::NONE);
            let mut full = vec![cls.clone()];
            full.extend_from_slice(args);
            return self.call(&new, &full, kw);
        }
        if base.is(&self.types.module) {
            // `module.__new__` ignores its arguments: `__init__` names the module.
            let m = self.bare_module("?");
            if !cls.is(base) {
                m.set_header_type(cls);
            }
            return Ok(m);
        }
        let mutable = [&self.types.list, &self.types.dict, &self.types.set]
            .iter()
            .any(|t| t.is(base));
        let value = if mutable && !cls.is(base) {
            construct(self, base, &[], &[])?
        } else {
            construct(self, base, args, kw)?
        };
        if cls.is(base) {
            return Ok(value);
        }
        Ok(Value::new_typed(
            Obj::Instance(crate::object::Instance {
                dict: crate::vm::call::instance_dict(cls),
                exc: None,
                base_value: value,
            }),
            cls,
        ))
    }

    /// The inner built-in value of an instance of a subclass of a built-in.
    pub fn unwrap_builtin(&self, v: &Value) -> Option<Value> {
        let inner = &v.as_instance()?.base_value;
        (!inner.is_null()).then(|| inner.clone())
    }
}
