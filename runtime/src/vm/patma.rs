//! Structural pattern matching (`match`): the `MATCH_MAPPING`, `MATCH_SEQUENCE`,
//! `MATCH_KEYS` and `MATCH_CLASS` instructions, with CPython 3.11's rules and messages
//! (Python/ceval.c `match_keys`, `match_class`). The other pieces of a pattern (`GET_LEN`,
//! unpacking, comparisons, `**rest` as a dict copy with keys deleted) are ordinary
//! instructions.
//!
//! Which subjects a sequence or mapping pattern accepts is a property of the subject's type,
//! CPython's `Py_TPFLAGS_SEQUENCE` / `Py_TPFLAGS_MAPPING`: built-in types carry it in
//! [`TypeObj::collection`] (list, tuple, range, memoryview, `collections.deque`; dict), and
//! a class gets it from the first class of its MRO that has it, either a built-in type or an
//! ABC whose namespace sets `__abc_tpflags__` (`collections.abc.Sequence` and `Mapping`).
//! str, bytes and bytearray are never sequences here.
//!
//! Left out: a class registered with `Sequence.register` / `Mapping.register` is not
//! matched as one — the flag travels with registration only in CPython's C `_abc` module,
//! and pycrane runs Lib's pure-Python `_py_abc`.

use crate::object::{Obj, TypeKind, TypeObj};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// CPython's `Py_TPFLAGS_SEQUENCE`.
pub const SEQUENCE: u8 = 1 << 5;
/// CPython's `Py_TPFLAGS_MAPPING`.
pub const MAPPING: u8 = 1 << 6;

/// The collection flag a built-in type of `kind` carries.
pub fn builtin_collection(kind: TypeKind) -> u8 {
    match kind {
        TypeKind::List | TypeKind::Tuple | TypeKind::Range | TypeKind::MemoryView => SEQUENCE,
        TypeKind::Dict => MAPPING,
        _ => 0,
    }
}

/// Whether a class pattern's positional sub-pattern matches the subject itself
/// (CPython's `_Py_TPFLAGS_MATCH_SELF`, inherited by subclasses).
fn matches_self(kind: TypeKind) -> bool {
    matches!(
        kind,
        TypeKind::Bool
            | TypeKind::ByteArray
            | TypeKind::Bytes
            | TypeKind::Dict
            | TypeKind::Float
            | TypeKind::FrozenSet
            | TypeKind::Int
            | TypeKind::List
            | TypeKind::Set
            | TypeKind::Str
            | TypeKind::Tuple
    )
}

impl Vm {
    /// The `SEQUENCE` / `MAPPING` flag of `v`'s type (0: neither).
    fn collection_flag(&mut self, v: &Value) -> u8 {
        match v.obj() {
            Some(Obj::List(_) | Obj::Tuple(_)) if v.header_type().is_none() => return SEQUENCE,
            Some(Obj::Dict(_)) if v.header_type().is_none() => return MAPPING,
            _ => {}
        }
        let t = self.type_of(v);
        let Some(ty) = t.as_type() else {
            return 0;
        };
        let mro = ty.mro.borrow();
        std::iter::once(&t)
            .chain(mro.iter())
            .find_map(|c| c.as_type().and_then(own_collection_flag))
            .unwrap_or(0)
    }

    /// `MATCH_SEQUENCE`: may `v` match a sequence pattern?
    pub(crate) fn match_sequence(&mut self, v: &Value) -> bool {
        self.collection_flag(v) == SEQUENCE
    }

    /// `MATCH_MAPPING`: may `v` match a mapping pattern?
    pub(crate) fn match_mapping(&mut self, v: &Value) -> bool {
        self.collection_flag(v) == MAPPING
    }

    /// `MATCH_KEYS`: the values of `subject` under each of `keys` (a tuple), read with
    /// `subject.get(key, <marker>)` so a `__missing__` does not run; None when a key is
    /// missing. A key given twice is a ValueError.
    pub(crate) fn match_keys(&mut self, subject: &Value, keys: &Value) -> PyResult<Value> {
        let keys = keys.as_tuple().map(|k| k.to_vec()).unwrap_or_default();
        if keys.is_empty() {
            return Ok(Value::tuple(vec![]));
        }
        let exact_dict = subject.as_dict().is_some() && subject.header_type().is_none();
        let get = if exact_dict {
            Value::NULL
        } else {
            self.getattr_str(subject, "get")?
        };
        let marker = if exact_dict {
            Value::NULL
        } else {
            let object = self.types.object.clone();
            self.call(&object, &[], &[])?
        };
        let seen = self.new_set(false);
        let mut values = Vec::with_capacity(keys.len());
        for key in keys {
            if self.set_contains(&seen, &key)? {
                let r = self.repr_of(&key)?;
                return Err(self.value_error(format!("mapping pattern checks duplicate key ({r})")));
            }
            self.set_add(&seen, key.clone())?;
            let value = if exact_dict {
                self.dict_get(subject, &key)?
            } else {
                let v = self.call(&get, &[key, marker.clone()], &[])?;
                (!v.is(&marker)).then_some(v)
            };
            match value {
                Some(v) => values.push(v),
                None => return Ok(Value::NONE),
            }
        }
        Ok(Value::tuple(values))
    }

    /// `MATCH_CLASS count`: a tuple of the attributes of `subject` the class pattern
    /// `cls(<count positional>, **names)` reads, or None when `subject` is not an instance
    /// of `cls` or lacks one of them.
    pub(crate) fn match_class(
        &mut self,
        subject: &Value,
        cls: &Value,
        count: usize,
        names: &Value,
    ) -> PyResult<Value> {
        let Some(ty) = cls.as_type() else {
            return Err(self.type_error("called match pattern must be a type"));
        };
        let tname = ty.name();
        if !self.instance_check(subject, cls)? {
            return Ok(Value::NONE);
        }
        let seen = self.new_set(false);
        let mut attrs = Vec::new();
        if count > 0 {
            let match_args = self.getattr_opt(cls, &Value::str("__match_args__"))?;
            let (args, match_self) = match match_args {
                Some(a) => match a.as_tuple().filter(|_| a.header_type().is_none()) {
                    Some(items) => (items.to_vec(), false),
                    None => {
                        let got = self.type_name(&a);
                        return Err(self.type_error(format!(
                            "{tname}.__match_args__ must be a tuple (got {got})"
                        )));
                    }
                },
                None => (vec![], self.class_matches_self(cls)),
            };
            let allowed = if match_self { 1 } else { args.len() };
            if allowed < count {
                let plural = if allowed == 1 { "" } else { "s" };
                return Err(self.type_error(format!(
                    "{tname}() accepts {allowed} positional sub-pattern{plural} ({count} given)"
                )));
            }
            if match_self {
                attrs.push(subject.clone());
            } else {
                for name in &args[..count] {
                    if name.as_str().is_none() || name.header_type().is_some() {
                        let got = self.type_name(name);
                        return Err(self.type_error(format!(
                            "__match_args__ elements must be strings (got {got})"
                        )));
                    }
                    match self.match_class_attr(subject, &tname, name, &seen)? {
                        Some(v) => attrs.push(v),
                        None => return Ok(Value::NONE),
                    }
                }
            }
        }
        for name in names.as_tuple().map(|n| n.to_vec()).unwrap_or_default() {
            match self.match_class_attr(subject, &tname, &name, &seen)? {
                Some(v) => attrs.push(v),
                None => return Ok(Value::NONE),
            }
        }
        Ok(Value::tuple(attrs))
    }

    /// One attribute a class pattern reads (None: the subject lacks it).
    fn match_class_attr(
        &mut self,
        subject: &Value,
        tname: &str,
        name: &Value,
        seen: &Value,
    ) -> PyResult<Option<Value>> {
        if self.set_contains(seen, name)? {
            let r = self.repr_of(name)?;
            return Err(self.type_error(format!(
                "{tname}() got multiple sub-patterns for attribute {r}"
            )));
        }
        self.set_add(seen, name.clone())?;
        self.getattr_opt(subject, name)
    }

    /// Whether `cls` (or a built-in type it derives from) matches a positional
    /// sub-pattern against the subject itself, as `int(x)` does.
    fn class_matches_self(&self, cls: &Value) -> bool {
        let Some(ty) = cls.as_type() else {
            return false;
        };
        if ty.builtin && matches_self(ty.kind) {
            return true;
        }
        let mro = ty.mro.borrow();
        mro.iter().any(|c| {
            c.as_type()
                .is_some_and(|t| t.builtin && matches_self(t.kind))
        })
    }
}

/// The collection flag class `t` itself sets: a built-in type's, or an ABC's
/// `__abc_tpflags__` (None: it sets none, look further along the MRO).
fn own_collection_flag(t: &TypeObj) -> Option<u8> {
    let flag = t.collection.get();
    if flag != 0 {
        return Some(flag);
    }
    let d = t.dict.borrow();
    let bits = d.get_str("__abc_tpflags__")?.as_small_int()? as u64;
    let flag = (bits as u8) & (SEQUENCE | MAPPING);
    (flag != 0).then_some(flag)
}
