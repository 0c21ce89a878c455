//! Type objects: built-in types and user classes share one struct.
//!
//! `kind` says which built-in layout instances of the type have (`Instance` for plain user
//! objects; a user subclass of `Exception` has kind `BaseException`). Attribute lookup walks
//! `mro` (the type itself first) and reads each type's `dict`; built-in methods are
//! `Builtin` objects stored in the built-in types' dicts at start-up.

use crate::object::Dict;
use crate::value::Value;
use std::cell::RefCell;
use std::rc::Rc;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TypeKind {
    Object,
    Type,
    Int,
    Bool,
    Float,
    Complex,
    Str,
    Bytes,
    ByteArray,
    MemoryView,
    Tuple,
    List,
    Dict,
    Set,
    FrozenSet,
    Range,
    Slice,
    NoneType,
    NotImplementedType,
    EllipsisType,
    Function,
    Builtin,
    Method,
    Cell,
    Code,
    Module,
    Generator,
    Iterator,
    DictView,
    Property,
    StaticMethod,
    ClassMethod,
    Super,
    BaseException,
    /// Instances are `Obj::Instance` (user classes).
    Instance,
    /// A native module's type: instances are `Obj::Instance`s whose `base_value` is the
    /// type's `Obj::Native` state (see `object::native`).
    Native,
}

pub struct TypeObj {
    pub name: RefCell<Rc<str>>,
    pub qualname: RefCell<Rc<str>>,
    pub module: RefCell<Rc<str>>,
    pub kind: TypeKind,
    pub bases: RefCell<Vec<Value>>,
    /// Method resolution order *excluding* the type itself (which always comes first).
    pub mro: RefCell<Vec<Value>>,
    pub dict: RefCell<Dict>,
    /// Built-in types cannot be given new attributes.
    pub builtin: bool,
    /// The most attributes an instance of this class has been seen to hold: a new
    /// instance's dict starts with room for that many, so filling it in `__init__` does not
    /// grow it step by step.
    pub attr_hint: std::cell::Cell<u32>,
    /// The classes that name this one among their bases, in creation order, each as its
    /// `TypeObj`'s address (the key a dying subclass removes itself by) and its `Value`
    /// bits: borrowed, never owned, so a subclass does not outlive its last reference.
    pub subclasses: RefCell<Vec<(usize, u64)>>,
    /// `__abstractmethods__` was set non-empty (CPython's `Py_TPFLAGS_IS_ABSTRACT`):
    /// `object.__new__` refuses to make instances.
    pub abstract_: std::cell::Cell<bool>,
    /// CPython's `Py_TPFLAGS_SEQUENCE` or `Py_TPFLAGS_MAPPING` bit, for the built-in types
    /// that set one (`vm::patma`); 0 otherwise.
    pub collection: std::cell::Cell<u8>,
}

impl TypeObj {
    /// A type with an empty namespace and no bases yet (see `vm::set_bases`).
    pub fn new(name: &str, module: &str, kind: TypeKind, builtin: bool, dict: Dict) -> TypeObj {
        TypeObj {
            name: RefCell::new(name.into()),
            qualname: RefCell::new(name.into()),
            module: RefCell::new(module.into()),
            kind,
            bases: RefCell::new(vec![]),
            mro: RefCell::new(vec![]),
            dict: RefCell::new(dict),
            builtin,
            attr_hint: Default::default(),
            subclasses: Default::default(),
            abstract_: Default::default(),
            collection: Default::default(),
        }
    }

    pub fn name(&self) -> Rc<str> {
        self.name.borrow().clone()
    }

    /// Records `sub` (a class with this one among its bases).
    pub fn add_subclass(&self, sub: &Value) {
        if let Some(t) = sub.as_type() {
            let key = t as *const TypeObj as usize;
            self.subclasses.borrow_mut().push((key, sub.bits()));
        }
    }

    /// The live subclasses, in creation order.
    pub fn subclass_list(&self) -> Vec<Value> {
        self.subclasses
            .borrow()
            .iter()
            .map(|&(_, bits)| {
                // The bits are a live class's (a dying class removes itself first, in
                // `drop`); a new reference is made without taking over the borrowed one.
                let borrowed = std::mem::ManuallyDrop::new(Value::from_bits(bits));
                (*borrowed).clone()
            })
            .collect()
    }
}

impl Drop for TypeObj {
    fn drop(&mut self) {
        let key = self as *const TypeObj as usize;
        for b in self.bases.get_mut().iter() {
            if let Some(bt) = b.as_type() {
                if let Ok(mut subs) = bt.subclasses.try_borrow_mut() {
                    subs.retain(|&(k, _)| k != key);
                }
            }
        }
    }
}
