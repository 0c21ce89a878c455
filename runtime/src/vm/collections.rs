//! dict and set operations with Python key semantics: hashing through the VM, equality
//! natively for built-in keys and through `__eq__` (outside any borrow) for user objects.

use crate::object::{Dict, Obj, SetData};
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::cell::RefCell;

/// Key equality decidable without running Python code; None if `__eq__` must run.
fn native_key_eq(a: &Value, b: &Value) -> Option<bool> {
    if a.is(b) {
        return Some(true);
    }
    if let (Some(x), Some(y)) = (a.as_str(), b.as_str()) {
        return Some(x.as_str() == y.as_str());
    }
    let num = |v: &Value| -> Option<f64> {
        if let Some(i) = v.as_small_int() {
            return Some(i as f64);
        }
        if let Some(b) = v.as_bool() {
            return Some(b as i64 as f64);
        }
        v.as_float()
    };
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        return Some(x == y);
    }
    match (a.obj(), b.obj()) {
        (Some(Obj::Int(x)), Some(Obj::Int(y))) => Some(x == y),
        (Some(Obj::Tuple(x)), Some(Obj::Tuple(y))) => {
            if x.len() != y.len() {
                return Some(false);
            }
            for (p, q) in x.iter().zip(y.iter()) {
                match native_key_eq(p, q) {
                    Some(true) => {}
                    other => return other,
                }
            }
            Some(true)
        }
        (Some(Obj::Bytes(x)), Some(Obj::Bytes(y))) => Some(x == y),
        (Some(Obj::Instance(_)), _) | (_, Some(Obj::Instance(_))) => None,
        (Some(Obj::FrozenSet(_)), Some(Obj::FrozenSet(_))) => None,
        (Some(Obj::Int(_)), None) | (None, Some(Obj::Int(_))) => {
            // big int vs float
            None
        }
        _ => Some(false),
    }
}

impl Vm {
    pub fn dict_get(&mut self, d: &Value, key: &Value) -> PyResult<Option<Value>> {
        let Some(cell) = d.as_dict() else {
            return Ok(None);
        };
        let hash = self.hash(key)?;
        let slot = {
            let b = cell.try_borrow().map_err(|_| self.borrow_error())?;
            let mut needs_vm = false;
            let r = b.find(hash, |k| match native_key_eq(k, key) {
                Some(x) => x,
                None => {
                    needs_vm = true;
                    false
                }
            });
            if r.is_some() || !needs_vm {
                return Ok(r.map(|i| b.value_at(i).clone()));
            }
            b.candidates(hash)
        };
        for (i, k) in slot {
            if self.eq(&k, key)? {
                let b = cell.borrow();
                if b.slot(i).is_some_and(|e| e.key.is(&k)) {
                    return Ok(Some(b.value_at(i).clone()));
                }
            }
        }
        Ok(None)
    }

    pub fn dict_set(&mut self, d: &Value, key: Value, v: Value) -> PyResult<()> {
        let Some(cell) = d.as_dict() else {
            return Err(self.system_error("dict_set on a non-dict"));
        };
        let hash = self.hash(&key)?;
        let found = {
            let b = cell.try_borrow().map_err(|_| self.borrow_error())?;
            let mut needs_vm = false;
            let r = b.find(hash, |k| match native_key_eq(k, &key) {
                Some(x) => x,
                None => {
                    needs_vm = true;
                    false
                }
            });
            if r.is_some() || !needs_vm {
                r
            } else {
                let c = b.candidates(hash);
                drop(b);
                let mut found = None;
                for (i, k) in c {
                    if self.eq(&k, &key)? {
                        found = Some(i);
                        break;
                    }
                }
                found
            }
        };
        let mut b = cell.try_borrow_mut().map_err(|_| self.borrow_error())?;
        match found {
            Some(i) => {
                b.set_value_at(i, v);
            }
            None => b.push(hash, key, v),
        }
        Ok(())
    }

    /// Removes `key`; returns its value if it was present.
    pub fn dict_del(&mut self, d: &Value, key: &Value) -> PyResult<Option<Value>> {
        let Some(cell) = d.as_dict() else {
            return Ok(None);
        };
        let hash = self.hash(key)?;
        let cands = {
            let b = cell.borrow();
            let mut needs_vm = false;
            let r = b.find(hash, |k| match native_key_eq(k, key) {
                Some(x) => x,
                None => {
                    needs_vm = true;
                    false
                }
            });
            if let Some(i) = r {
                drop(b);
                let mut b = cell.try_borrow_mut().map_err(|_| self.borrow_error())?;
                return Ok(Some(b.remove_at(i).1));
            }
            if !needs_vm {
                return Ok(None);
            }
            b.candidates(hash)
        };
        for (i, k) in cands {
            if self.eq(&k, key)? {
                let mut b = cell.try_borrow_mut().map_err(|_| self.borrow_error())?;
                return Ok(Some(b.remove_at(i).1));
            }
        }
        Ok(None)
    }

    /// Fast lookup of a str key (globals, builtins).
    #[inline]
    pub fn dict_get_str_fast(&self, d: &Value, name: &Value) -> Option<Value> {
        let dict = d.as_dict()?;
        let s = name.as_str()?;
        let h = s.hash();
        let b = dict.borrow();
        let text = s.as_str();
        b.find(h, |k| {
            k.is(name) || k.as_str().is_some_and(|ks| ks.as_str() == text)
        })
        .map(|i| b.value_at(i).clone())
    }

    pub fn dict_set_str(&mut self, d: &Value, name: &Value, v: Value) -> PyResult<()> {
        match d.as_dict() {
            Some(dict) => {
                dict.try_borrow_mut()
                    .map_err(|_| self.borrow_error())?
                    .set_str_value(name, v);
                Ok(())
            }
            None => self.setitem(d, name, v),
        }
    }

    pub fn dict_del_str(&mut self, d: &Value, name: &Value) -> PyResult<bool> {
        Ok(self.dict_del(d, name)?.is_some())
    }

    /// `d.update(other)` / `{**other}` (`merge`: duplicate keys are an error).
    pub fn dict_update(&mut self, d: &Value, other: &Value, merge: bool) -> PyResult<()> {
        let pairs: Vec<(Value, Value)> = if let Some(o) = other.as_dict() {
            o.borrow()
                .iter()
                .map(|e| (e.key.clone(), e.value.clone()))
                .collect()
        } else if self.getattr_opt(other, &Value::str("keys"))?.is_some() {
            let keys_fn = self.getattr_str(other, "keys")?;
            let keys = self.call(&keys_fn, &[], &[])?;
            let mut out = vec![];
            for k in self.collect(&keys)? {
                let v = self.getitem(other, &k)?;
                out.push((k, v));
            }
            out
        } else {
            if merge {
                let tn = self.type_name(other);
                return Err(self.type_error(format!("'{tn}' object is not a mapping")));
            }
            let mut out = vec![];
            for (n, item) in self.collect(other)?.into_iter().enumerate() {
                let kv = self.collect(&item).map_err(|_| {
                    self.type_error(format!(
                        "cannot convert dictionary update sequence element #{n} to a sequence"
                    ))
                })?;
                if kv.len() != 2 {
                    return Err(self.value_error(format!(
                        "dictionary update sequence element #{n} has length {}; 2 is required",
                        kv.len()
                    )));
                }
                let mut it = kv.into_iter();
                out.push((
                    it.next().unwrap_or(Value::NONE),
                    it.next().unwrap_or(Value::NONE),
                ));
            }
            out
        };
        for (k, v) in pairs {
            if merge && self.dict_get(d, &k)?.is_some() {
                let r = self.repr_of(&k)?;
                return Err(self.type_error(format!("keywords must be strings or unique: got multiple values for keyword argument {r}")));
            }
            self.dict_set(d, k, v)?;
        }
        Ok(())
    }

    pub fn copy_dict(&mut self, d: &Value) -> PyResult<Value> {
        let c = d.as_dict().map(|d| d.borrow().clone()).unwrap_or_default();
        Ok(Value::dict(c))
    }

    pub fn dict_eq(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        let (Some(x), Some(_)) = (a.as_dict(), b.as_dict()) else {
            return Ok(false);
        };
        if self.len(a)? != self.len(b)? {
            return Ok(false);
        }
        let items: Vec<(Value, Value)> = x
            .borrow()
            .iter()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect();
        for (k, v) in items {
            match self.dict_get(b, &k)? {
                Some(w) => {
                    if !self.eq(&v, &w)? {
                        return Ok(false);
                    }
                }
                None => return Ok(false),
            }
        }
        Ok(true)
    }

    /// `f(**kwargs)`: a mapping as (name, value) pairs; names must be str.
    pub fn kwargs_pairs(&mut self, kwargs: &Value) -> PyResult<Vec<(Value, Value)>> {
        let d = Value::dict(Dict::new());
        self.dict_update(&d, kwargs, false)?;
        let pairs: Vec<(Value, Value)> = d
            .as_dict()
            .map(|d| {
                d.borrow()
                    .iter()
                    .map(|e| (e.key.clone(), e.value.clone()))
                    .collect()
            })
            .unwrap_or_default();
        for (k, _) in &pairs {
            if k.as_str().is_none() {
                return Err(self.type_error("keywords must be strings"));
            }
        }
        Ok(pairs)
    }

    // ----- sets ---------------------------------------------------------------------------
    pub fn new_set(&self, frozen: bool) -> Value {
        if frozen {
            Value::new_obj(Obj::FrozenSet(SetData::new()))
        } else {
            Value::new_obj(Obj::Set(RefCell::new(SetData::new())))
        }
    }

    fn set_find(&mut self, data: &SetData, hash: u64, key: &Value) -> PyResult<Option<usize>> {
        let mut needs_vm = false;
        let r = data.find(hash, |k| match native_key_eq(k, key) {
            Some(x) => x,
            None => {
                needs_vm = true;
                false
            }
        });
        if r.is_some() || !needs_vm {
            return Ok(r);
        }
        for (i, k) in data.candidates(hash) {
            if self.eq(&k, key)? {
                return Ok(Some(i));
            }
        }
        Ok(None)
    }

    pub fn set_add(&mut self, s: &Value, key: Value) -> PyResult<()> {
        let hash = self.hash(&key)?;
        match s.obj() {
            Some(Obj::Set(cell)) => {
                let snapshot = cell.try_borrow().map_err(|_| self.borrow_error())?.clone();
                if self.set_find(&snapshot, hash, &key)?.is_none() {
                    cell.try_borrow_mut()
                        .map_err(|_| self.borrow_error())?
                        .insert_new(hash, key);
                }
                Ok(())
            }
            _ => Err(self.system_error("set_add on a non-set")),
        }
    }

    pub fn set_contains(&mut self, s: &Value, key: &Value) -> PyResult<bool> {
        let hash = match self.hash(key) {
            Ok(h) => h,
            Err(e) => {
                // `set() in s` looks up the frozenset equivalent.
                if let Some(Obj::Set(inner)) = key.obj() {
                    let fs = Value::new_obj(Obj::FrozenSet(inner.borrow().clone()));
                    return self.set_contains(s, &fs);
                }
                return Err(e);
            }
        };
        match s.obj() {
            Some(Obj::Set(cell)) => {
                let b = cell.borrow();
                let mut needs_vm = false;
                let r = b.find(hash, |k| match native_key_eq(k, key) {
                    Some(x) => x,
                    None => {
                        needs_vm = true;
                        false
                    }
                });
                if r.is_some() || !needs_vm {
                    return Ok(r.is_some());
                }
                let c = b.candidates(hash);
                drop(b);
                for (_, k) in c {
                    if self.eq(&k, key)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Some(Obj::FrozenSet(data)) => Ok(self.set_find(data, hash, key)?.is_some()),
            _ => Ok(false),
        }
    }

    pub fn set_remove(&mut self, s: &Value, key: &Value) -> PyResult<bool> {
        let hash = self.hash(key)?;
        let Some(Obj::Set(cell)) = s.obj() else {
            return Ok(false);
        };
        let snapshot = cell.borrow().clone();
        match self.set_find(&snapshot, hash, key)? {
            Some(i) => {
                cell.try_borrow_mut()
                    .map_err(|_| self.borrow_error())?
                    .remove_at(i);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// The keys of a set or frozenset, in iteration order.
    pub fn set_items(&self, s: &Value) -> Vec<Value> {
        match s.obj() {
            Some(Obj::Set(c)) => c.borrow().iter().map(|(_, k)| k.clone()).collect(),
            Some(Obj::FrozenSet(d)) => d.iter().map(|(_, k)| k.clone()).collect(),
            _ => vec![],
        }
    }

    /// A new set (or frozenset) from any iterable.
    pub fn set_from(&mut self, it: &Value, frozen: bool) -> PyResult<Value> {
        let out = self.new_set(false);
        for v in self.collect_set_source(it)? {
            self.set_add(&out, v)?;
        }
        if frozen {
            let data = match out.obj() {
                Some(Obj::Set(c)) => c.borrow().clone(),
                _ => SetData::new(),
            };
            return Ok(Value::new_obj(Obj::FrozenSet(data)));
        }
        Ok(out)
    }

    fn collect_set_source(&mut self, it: &Value) -> PyResult<Vec<Value>> {
        match it.obj() {
            Some(Obj::Set(_) | Obj::FrozenSet(_)) => Ok(self.set_items(it)),
            _ => self.collect(it),
        }
    }

    pub fn set_from_iter(&mut self, it: &Value) -> PyResult<Value> {
        self.set_from(it, false)
    }

    pub fn set_binop(&mut self, a: &Value, b: &Value, op: u32) -> PyResult<Value> {
        use crate::vm::ops::{NB_AND, NB_OR, NB_SUBTRACT};
        let frozen = matches!(a.obj(), Some(Obj::FrozenSet(_)));
        let out = self.new_set(false);
        let xa = self.set_items(a);
        let xb = self.set_items(b);
        match op {
            NB_OR => {
                for v in xa.into_iter().chain(xb) {
                    self.set_add(&out, v)?;
                }
            }
            NB_AND => {
                for v in xa {
                    if self.set_contains(b, &v)? {
                        self.set_add(&out, v)?;
                    }
                }
            }
            NB_SUBTRACT => {
                for v in xa {
                    if !self.set_contains(b, &v)? {
                        self.set_add(&out, v)?;
                    }
                }
            }
            _ => {
                for v in xa {
                    if !self.set_contains(b, &v)? {
                        self.set_add(&out, v)?;
                    }
                }
                for v in xb {
                    if !self.set_contains(a, &v)? {
                        self.set_add(&out, v)?;
                    }
                }
            }
        }
        if frozen {
            return self.set_from(&out, true);
        }
        Ok(out)
    }

    pub fn set_compare(&mut self, a: &Value, b: &Value, op: u32) -> PyResult<bool> {
        use crate::vm::ops::*;
        let la = self.set_items(a).len();
        let lb = self.set_items(b).len();
        let a_in_b = |vm: &mut Vm| -> PyResult<bool> {
            for v in vm.set_items(a) {
                if !vm.set_contains(b, &v)? {
                    return Ok(false);
                }
            }
            Ok(true)
        };
        let b_in_a = |vm: &mut Vm| -> PyResult<bool> {
            for v in vm.set_items(b) {
                if !vm.set_contains(a, &v)? {
                    return Ok(false);
                }
            }
            Ok(true)
        };
        Ok(match op {
            CMP_EQ => la == lb && a_in_b(self)?,
            CMP_NE => !(la == lb && a_in_b(self)?),
            CMP_LE => la <= lb && a_in_b(self)?,
            CMP_LT => la < lb && a_in_b(self)?,
            CMP_GE => la >= lb && b_in_a(self)?,
            _ => la > lb && b_in_a(self)?,
        })
    }
}
