//! `__slots__`: instances of a class whose every user-defined class in the MRO declares
//! `__slots__` (without `"__dict__"`) have no `__dict__` and accept only the slot names.
//!
//! Slot values are stored in the instance dict like other attributes; only the set of
//! names that may be assigned and the absence of `__dict__` are enforced.

use crate::object::Obj;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

impl Vm {
    /// The names instances of `cls` are limited to, or None if they have a `__dict__`.
    pub fn slot_names(&mut self, cls: &Value) -> PyResult<Option<Vec<String>>> {
        let Some(t) = cls.as_type() else {
            return Ok(None);
        };
        if t.dict.borrow().get_str("__slots__").is_none() {
            return Ok(None);
        }
        let mut mro = vec![cls.clone()];
        mro.extend(t.mro.borrow().iter().cloned());
        let mut names = vec![];
        for m in mro {
            let Some(mt) = m.as_type() else { continue };
            if mt.builtin {
                continue;
            }
            let Some(slots) = mt.dict.borrow().get_str("__slots__").cloned() else {
                return Ok(None);
            };
            let items = match slots.obj() {
                Some(Obj::Str(_)) => vec![slots.clone()],
                _ => self.collect(&slots)?,
            };
            for s in items {
                let s = self.str_value(&s);
                if s == "__dict__" {
                    return Ok(None);
                }
                names.push(s);
            }
        }
        Ok(Some(names))
    }

    /// The AttributeError for assigning `name` on an instance of a slotted class that has
    /// no such slot; None when the assignment is allowed.
    pub fn slots_forbid(
        &mut self,
        obj: &Value,
        cls: &Value,
        name: &str,
    ) -> PyResult<Option<Value>> {
        Ok(match self.slot_names(cls)? {
            Some(names) if !names.iter().any(|n| n == name) => Some(self.no_attribute(obj, name)),
            _ => None,
        })
    }
}
