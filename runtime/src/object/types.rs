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
}

pub struct TypeObj {
    pub name: Rc<str>,
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
}

impl TypeObj {
    pub fn name(&self) -> &str {
        &self.name
    }
}
