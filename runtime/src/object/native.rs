//! Objects of the types that native (Rust) modules define: `itertools.count`,
//! `_weakref.ref`, `_collections.deque`...
//!
//! Such an object is an `Obj::Instance` of its class, as a user object is, whose
//! `base_value` is an `Obj::Native` holding the Rust state (typed with the native class in
//! its header); the type's methods receive the instance and reach the state with
//! [`Value::native`]. The instance form gives these objects everything the data model gives a user
//! object — dunder dispatch for operators, `repr`, hashing, calls — and a subclass's
//! instances are the same thing with the subclass as their type. Iteration has a direct
//! path ([`NativeData::next`]) so `for x in itertools.product(...)` costs no method lookup.

use crate::object::{Instance, Obj};
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::any::Any;
use std::cell::RefCell;

/// The Rust state of a native object.
pub trait NativeData: Any {
    /// Whether the type is an iterator (then [`NativeData::next`] is its `__next__`).
    fn is_iterator(&self) -> bool {
        false
    }
    /// One step of iteration for iterator types (see [`NativeIterator`]); None for others.
    fn next(&self, _vm: &mut Vm) -> Option<PyResult<Option<Value>>> {
        None
    }
}

/// The state of a native iterator type: its `__next__` (`Ok(None)` when exhausted).
pub trait NativeIterator: Any {
    fn next(&self, vm: &mut Vm) -> PyResult<Option<Value>>;
}

impl<T: NativeIterator> NativeData for T {
    fn is_iterator(&self) -> bool {
        true
    }
    fn next(&self, vm: &mut Vm) -> Option<PyResult<Option<Value>>> {
        Some(NativeIterator::next(self, vm))
    }
}

impl Value {
    /// The native state of type `T` that `self` (the state object, or an instance wrapping
    /// it) holds.
    pub fn native<T: NativeData>(&self) -> Option<&T> {
        match self.obj()? {
            Obj::Native(n) => (&**n as &dyn Any).downcast_ref(),
            Obj::Instance(i) => match i.base_value.obj()? {
                Obj::Native(n) => (&**n as &dyn Any).downcast_ref(),
                _ => None,
            },
            _ => None,
        }
    }
}

impl Vm {
    /// A new object of class `cls` (the native type `base`, or a subclass of it) with
    /// `data` as its state.
    pub fn new_native(&self, cls: &Value, base: &Value, data: impl NativeData) -> Value {
        let state = Value::new_typed(Obj::Native(Box::new(data)), base);
        Value::new_typed(
            Obj::Instance(Instance {
                dict: if cls.is(base) {
                    RefCell::default()
                } else {
                    crate::vm::call::instance_dict(cls)
                },
                exc: None,
                base_value: state,
            }),
            cls,
        )
    }

    /// The bare name of `v`'s class (`count`, where error messages say `itertools.count`):
    /// what CPython's `_PyType_Name` gives reprs.
    pub fn class_name(&self, v: &Value) -> String {
        let t = self.type_of(v);
        t.as_type().map_or(String::new(), |t| t.name().to_string())
    }

    /// The native type named `name` that `cls` is or derives from (for a `__new__`, which
    /// receives the class being made).
    pub fn native_base(&self, cls: &Value, name: &str) -> PyResult<Value> {
        if let Some(t) = cls.as_type() {
            let found = std::iter::once(cls.clone())
                .chain(t.mro.borrow().iter().cloned())
                .find(|m| m.as_type().is_some_and(|t| t.builtin && *t.name() == *name));
            if let Some(b) = found {
                return Ok(b);
            }
        }
        let n = cls
            .as_type()
            .map_or("?".to_string(), |t| t.name().to_string());
        Err(self.type_error(format!(
            "{name}.__new__({n}): {n} is not a subtype of {name}"
        )))
    }
}

type Kw<'a> = &'a [(Value, Value)];

impl Vm {
    /// The native type registered under `key`, made by `make` the first time.
    pub fn native_type(&mut self, key: &'static str, make: impl FnOnce(&mut Vm) -> Value) -> Value {
        if let Some(t) = self.native_types.get(key) {
            return t.clone();
        }
        let t = make(self);
        self.native_types.insert(key, t.clone());
        t
    }

    /// A native type `module.name` deriving from `object` with `methods` (their owner is
    /// the type's name, which is how a call finds the state of a subclass's instance). An
    /// iterator type also gets `__iter__` and `__next__` ([`NativeData::next`]).
    pub fn new_native_type(
        &self,
        module: &str,
        name: &'static str,
        methods: &[(&'static str, crate::object::NativeFn)],
        iterator: bool,
    ) -> Value {
        self.new_native_subtype(module, name, &self.types.object, methods, iterator)
    }

    /// A native type as [`Vm::new_native_type`] makes, deriving from `base`.
    pub fn new_native_subtype(
        &self,
        module: &str,
        name: &'static str,
        base: &Value,
        methods: &[(&'static str, crate::object::NativeFn)],
        iterator: bool,
    ) -> Value {
        let t = crate::vm::native_class(module, name, crate::object::TypeKind::Native, base, true);
        crate::builtins::add_methods(&t, name, methods);
        if iterator {
            crate::builtins::add_methods(&t, name, &[("__iter__", iter_self), ("__next__", next)]);
        }
        t
    }
}

/// `__new__` of a native type Python code cannot instantiate (CPython's types without
/// `tp_new`): "cannot create 'module.Name' instances".
pub fn no_new(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let name = match args.first().and_then(|c| c.as_type()) {
        Some(t) => format!("{}.{}", t.module.borrow(), t.name()),
        None => "?".to_string(),
    };
    Err(vm.type_error(format!("cannot create '{name}' instances")))
}

/// `it.__iter__()`: the iterator itself.
fn iter_self(_vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(args[0].clone())
}

/// `it.__next__()` of a native iterator.
fn next(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let state = match args[0].obj() {
        Some(Obj::Instance(i)) => i.base_value.clone(),
        _ => args[0].clone(),
    };
    let r = match state.obj() {
        Some(Obj::Native(n)) => n.next(vm),
        _ => None,
    };
    match r {
        Some(Ok(Some(v))) => Ok(v),
        Some(Ok(None)) => Err(vm.new_exception(&vm.exc.stop_iteration.clone(), vec![])),
        Some(Err(e)) => Err(e),
        None => Err(vm.type_error("descriptor '__next__' requires an iterator")),
    }
}
