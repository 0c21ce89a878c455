//! dict and set operations with Python key semantics: hashing through the VM, equality
//! natively for built-in keys and through `__eq__` (outside any borrow) for user objects.

use crate::object::{Dict, Obj, SetData};
use crate::value::Value;
use crate::vm::{ops, PyResult, Vm};
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

/// A hash table of keys that the VM probes: dict entries or set slots.
trait KeyTable {
    fn find(&self, hash: u64, eq: impl FnMut(&Value) -> bool) -> Option<usize>;
    fn candidates(&self, hash: u64) -> Vec<(usize, Value)>;
}

impl KeyTable for Dict {
    fn find(&self, hash: u64, eq: impl FnMut(&Value) -> bool) -> Option<usize> {
        Dict::find(self, hash, eq)
    }
    fn candidates(&self, hash: u64) -> Vec<(usize, Value)> {
        Dict::candidates(self, hash)
    }
}

impl KeyTable for SetData {
    fn find(&self, hash: u64, eq: impl FnMut(&Value) -> bool) -> Option<usize> {
        SetData::find(self, hash, eq)
    }
    fn candidates(&self, hash: u64) -> Vec<(usize, Value)> {
        SetData::candidates(self, hash)
    }
}

/// Runs `f` on the table of a set or frozenset.
fn read_set<R>(v: &Value, f: impl FnOnce(&SetData) -> R) -> Option<R> {
    match v.obj() {
        Some(Obj::Set(c)) => Some(f(&c.borrow())),
        Some(Obj::FrozenSet(d)) => Some(f(d)),
        _ => None,
    }
}

/// Can every key of this set be compared without running Python code?
fn all_native(s: &SetData) -> bool {
    s.iter().all(|(_, k)| is_native_key(k))
}

fn is_native_key(k: &Value) -> bool {
    match k.obj() {
        Some(Obj::Instance(_) | Obj::FrozenSet(_)) => false,
        Some(Obj::Tuple(t)) => t.iter().all(is_native_key),
        _ => true,
    }
}

/// Equality of two native keys (see [`all_native`]).
fn native_eq(a: &Value, b: &Value) -> bool {
    native_key_eq(a, b).unwrap_or(false)
}

/// What a probe without Python code found.
enum Probe {
    Found(usize),
    Absent,
    /// Keys with an equal hash whose equality needs `__eq__` (run after the borrow ends).
    Ask(Vec<(usize, Value)>),
}

#[inline]
fn probe(table: &impl KeyTable, hash: u64, key: &Value) -> Probe {
    let mut needs_vm = false;
    let r = table.find(hash, |k| {
        // The same object (a small int, an interned str) is equal without a call, and so
        // are two strs.
        if k.is(key) {
            return true;
        }
        if let (Some(x), Some(y)) = (k.as_str(), key.as_str()) {
            return x.as_str() == y.as_str();
        }
        match native_key_eq(k, key) {
            Some(x) => x,
            None => {
                needs_vm = true;
                false
            }
        }
    });
    match r {
        Some(i) => Probe::Found(i),
        None if needs_vm => Probe::Ask(table.candidates(hash)),
        None => Probe::Absent,
    }
}

impl Vm {
    /// `BUILD_SET`: a set of `items`.
    pub fn build_set(&mut self, items: Vec<Value>) -> PyResult<Value> {
        let s = self.new_set(false);
        for item in items {
            self.set_add(&s, item)?;
        }
        Ok(s)
    }

    /// `set |= iterable` as `_PySet_Update` does it (`SET_UPDATE`): another set is merged
    /// (one resize up front, so a constant set literal ends in CPython's slot order), a
    /// dict's keys are added after one resize, anything else item by item.
    pub fn set_update(&mut self, s: &Value, it: &Value) -> PyResult<()> {
        match it.obj() {
            Some(Obj::Set(_) | Obj::FrozenSet(_)) => self.set_inplace(s, it, super::ops::NB_OR),
            _ => {
                if let (Some(d), Some(Obj::Set(c))) = (it.as_dict(), s.obj()) {
                    let n = d.borrow().len();
                    c.try_borrow_mut()
                        .map_err(|_| self.borrow_error())?
                        .reserve_for_dict(n);
                }
                for v in self.collect(it)? {
                    self.set_add(s, v)?;
                }
                Ok(())
            }
        }
    }

    /// `GET_YIELD_FROM_ITER`: a generator stays itself, anything else becomes `iter(v)`.
    pub fn yield_from_iter(&mut self, v: Value) -> PyResult<Value> {
        match v.obj() {
            Some(Obj::Generator(_)) => Ok(v),
            _ => self.get_iter(&v),
        }
    }

    /// `BUILD_MAP`: a dict of the key/value pairs laid out flat in `items`.
    pub fn build_map(&mut self, items: Vec<Value>) -> PyResult<Value> {
        let d = Value::dict(Dict::with_capacity(items.len() / 2));
        let mut it = items.into_iter();
        while let (Some(k), Some(v)) = (it.next(), it.next()) {
            self.setitem(&d, &k, v)?;
        }
        Ok(d)
    }

    /// `BUILD_CONST_KEY_MAP`: a dict of the keys in the tuple `keys` and `vals`.
    pub fn build_const_key_map(&mut self, keys: &Value, vals: Vec<Value>) -> PyResult<Value> {
        let d = Value::dict(Dict::with_capacity(vals.len()));
        let keys = keys.as_tuple().map(|t| t.to_vec()).unwrap_or_default();
        for (k, v) in keys.into_iter().zip(vals) {
            self.setitem(&d, &k, v)?;
        }
        Ok(d)
    }

    /// `BUILD_STRING`: the concatenation of the strs in `parts`.
    pub fn build_string(parts: &[Value]) -> Value {
        let mut s = String::new();
        for p in parts {
            if let Some(ps) = p.as_str() {
                s.push_str(ps.as_str());
            }
        }
        Value::string(s)
    }

    /// `LIST_EXTEND`: appends the items of iterable `it` to list `l`.
    pub fn list_extend(&mut self, l: &Value, it: &Value) -> PyResult<()> {
        let items = match self.collect(it) {
            Ok(items) => items,
            Err(e) if self.exc_matches(&e, &self.exc.type_error.clone()) => {
                // CPython's wording when the value has no `__iter__` nor `__getitem__`.
                let t = self.type_of(it);
                if self.lookup_type(&t, "__iter__").is_some()
                    || self.lookup_type(&t, "__getitem__").is_some()
                {
                    return Err(e);
                }
                let tn = self.type_name(it);
                return Err(self.type_error(format!("Value after * must be an iterable, not {tn}")));
            }
            Err(e) => return Err(e),
        };
        if let Some(l) = l.as_list() {
            l.borrow_mut().extend(items);
        }
        Ok(())
    }

    /// `LIST_TO_TUPLE`: a tuple of list `l`'s items.
    pub fn list_to_tuple(l: &Value) -> Value {
        Value::tuple(l.as_list().map(|l| l.borrow().clone()).unwrap_or_default())
    }

    /// Finishes a probe: runs `__eq__` on the candidates. Returns the slot and the key
    /// that matched (callers re-check that the slot still holds it, since `__eq__` may
    /// have mutated the table).
    fn resolve(&mut self, p: Probe, key: &Value) -> PyResult<Option<usize>> {
        match p {
            Probe::Found(i) => Ok(Some(i)),
            Probe::Absent => Ok(None),
            Probe::Ask(cands) => {
                for (i, k) in cands {
                    if self.eq(&k, key)? {
                        return Ok(Some(i));
                    }
                }
                Ok(None)
            }
        }
    }

    /// Slot of `key` in a dict, or None.
    fn dict_slot(
        &mut self,
        cell: &RefCell<Dict>,
        hash: u64,
        key: &Value,
    ) -> PyResult<Option<usize>> {
        let p = probe(
            &*cell.try_borrow().map_err(|_| self.borrow_error())?,
            hash,
            key,
        );
        match p {
            Probe::Found(i) => return Ok(Some(i)),
            Probe::Absent => return Ok(None),
            Probe::Ask(_) => {}
        }
        // `__eq__` ran: the slot must still hold a key.
        let slot = self.resolve(p, key)?;
        Ok(slot.filter(|&i| cell.borrow().slot(i).is_some()))
    }

    pub fn dict_get(&mut self, d: &Value, key: &Value) -> PyResult<Option<Value>> {
        let Some(cell) = d.as_dict() else {
            return Ok(None);
        };
        let hash = self.hash(key)?;
        let slot = self.dict_slot(cell, hash, key)?;
        Ok(slot.map(|i| cell.borrow().value_at(i).clone()))
    }

    pub fn dict_set(&mut self, d: &Value, key: Value, v: Value) -> PyResult<()> {
        let Some(cell) = d.as_dict() else {
            return Err(self.system_error("dict_set on a non-dict"));
        };
        let hash = self.hash(&key)?;
        let slot = self.dict_slot(cell, hash, &key)?;
        let mut b = cell.try_borrow_mut().map_err(|_| self.borrow_error())?;
        match slot {
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
        match self.dict_slot(cell, hash, key)? {
            Some(i) => {
                let mut b = cell.try_borrow_mut().map_err(|_| self.borrow_error())?;
                Ok(Some(b.remove_at(i).1))
            }
            None => Ok(None),
        }
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
    /// `d.update(other)`; with `merge` (`f(**other)`, naming the callee `f`) a key already
    /// in `d` is an error.
    pub fn dict_update(&mut self, d: &Value, other: &Value, merge: Option<&Value>) -> PyResult<()> {
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
            if let Some(callee) = merge {
                let func = self.function_str(callee)?;
                let tn = self.type_name(other);
                return Err(self.type_error(format!(
                    "{func} argument after ** must be a mapping, not {tn}"
                )));
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
            if let Some(callee) = merge {
                if self.dict_get(d, &k)?.is_some() {
                    let func = self.function_str(callee)?;
                    let k = self.str_of(&k)?;
                    return Err(self.type_error(format!(
                        "{func} got multiple values for keyword argument '{k}'"
                    )));
                }
            }
            self.dict_set(d, k, v)?;
        }
        Ok(())
    }

    /// How CPython names a callable in call errors: `module.qualname()`, or just
    /// `qualname()` for built-ins.
    fn function_str(&mut self, f: &Value) -> PyResult<String> {
        let func = match f.obj() {
            Some(Obj::Method(_, func)) => func.clone(),
            _ => f.clone(),
        };
        let Some(q) = self.getattr_opt(&func, &Value::str("__qualname__"))? else {
            return Ok(format!("{} object", self.type_name(f)));
        };
        let q = self.str_of(&q)?;
        match self.getattr_opt(&func, &Value::str("__module__"))? {
            Some(m) if m.as_str().is_some_and(|m| m.as_str() != "builtins") => {
                Ok(format!("{}.{q}()", self.str_value(&m)))
            }
            _ => Ok(format!("{q}()")),
        }
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
        self.dict_update(&d, kwargs, None)?;
        let pairs = d.dict_pairs();
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

    /// Slot of `key` in a set or frozenset, or None.
    fn set_slot(&mut self, s: &Value, hash: u64, key: &Value) -> PyResult<Option<usize>> {
        let p = match s.obj() {
            Some(Obj::Set(cell)) => probe(
                &*cell.try_borrow().map_err(|_| self.borrow_error())?,
                hash,
                key,
            ),
            Some(Obj::FrozenSet(data)) => probe(data, hash, key),
            _ => return Ok(None),
        };
        match p {
            Probe::Found(i) => return Ok(Some(i)),
            Probe::Absent => return Ok(None),
            Probe::Ask(_) => {}
        }
        // `__eq__` ran: the slot must still hold a key.
        let slot = self.resolve(p, key)?;
        Ok(slot.filter(|&i| match s.obj() {
            Some(Obj::Set(cell)) => cell.borrow().slot(i).is_some(),
            _ => true,
        }))
    }

    pub fn set_add(&mut self, s: &Value, key: Value) -> PyResult<()> {
        let hash = self.hash(&key)?;
        let Some(Obj::Set(cell)) = s.obj() else {
            return Err(self.system_error("set_add on a non-set"));
        };
        // Keys compared without Python code (ints, strs...): one borrow, one probe.
        let key = {
            let mut data = cell.try_borrow_mut().map_err(|_| self.borrow_error())?;
            match data.add_native(hash, key, |k, key| {
                if k.is(key) {
                    Some(true)
                } else {
                    native_key_eq(k, key)
                }
            }) {
                Ok(_) => return Ok(()),
                Err(key) => key,
            }
        };
        if self.set_slot(s, hash, &key)?.is_none() {
            cell.try_borrow_mut()
                .map_err(|_| self.borrow_error())?
                .insert_new(hash, key);
        }
        Ok(())
    }

    pub fn set_contains(&mut self, s: &Value, key: &Value) -> PyResult<bool> {
        match self.hash(key) {
            Ok(hash) => Ok(self.set_slot(s, hash, key)?.is_some()),
            Err(e) => self.set_contains_unhashable(s, key, e),
        }
    }

    /// `key in s` for a key without a hash: `set() in s` looks up the frozenset equivalent;
    /// anything else raises `e`.
    #[cold]
    fn set_contains_unhashable(&mut self, s: &Value, key: &Value, e: Value) -> PyResult<bool> {
        if let Some(Obj::Set(inner)) = key.obj() {
            let fs = Value::new_obj(Obj::FrozenSet(inner.borrow().clone()));
            return self.set_contains(s, &fs);
        }
        Err(e)
    }

    pub fn set_remove(&mut self, s: &Value, key: &Value) -> PyResult<bool> {
        let hash = self.hash(key)?;
        let Some(Obj::Set(cell)) = s.obj() else {
            return Ok(false);
        };
        match self.set_slot(s, hash, key)? {
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

    /// A new set (or frozenset) from any iterable, laid out as CPython builds it.
    pub fn set_from(&mut self, it: &Value, frozen: bool) -> PyResult<Value> {
        let copied = read_set(it, |x| all_native(x).then(|| x.copy())).flatten();
        let data = match copied {
            Some(d) => d,
            None => {
                let out = self.new_set(false);
                if let Some(d) = it.as_dict() {
                    let (n, keys) = {
                        let d = d.borrow();
                        (d.len(), d.iter().map(|e| e.key.clone()).collect::<Vec<_>>())
                    };
                    if let Some(Obj::Set(c)) = out.obj() {
                        c.borrow_mut().reserve_for_dict(n);
                    }
                    for k in keys {
                        self.set_add(&out, k)?;
                    }
                } else {
                    let items = match it.obj() {
                        Some(Obj::Set(_) | Obj::FrozenSet(_)) => self.set_items(it),
                        _ => self.collect(it)?,
                    };
                    for v in items {
                        self.set_add(&out, v)?;
                    }
                }
                if !frozen {
                    return Ok(out);
                }
                match out.obj() {
                    Some(Obj::Set(c)) => c.borrow().copy(),
                    _ => SetData::new(),
                }
            }
        };
        Ok(if frozen {
            Value::new_obj(Obj::FrozenSet(data))
        } else {
            Value::new_obj(Obj::Set(RefCell::new(data)))
        })
    }

    /// `a | b`, `a & b`, `a - b`, `a ^ b` for sets (the result has `a`'s type).
    pub fn set_binop(&mut self, a: &Value, b: &Value, op: u32) -> PyResult<Value> {
        use crate::vm::ops::{NB_AND, NB_OR, NB_SUBTRACT};
        let frozen = matches!(a.obj(), Some(Obj::FrozenSet(_)));
        let same = a.is(b);
        // Built-in keys: CPython's own algorithms, which fix the iteration order.
        let exact = read_set(a, |x| {
            read_set(b, |y| {
                if !all_native(x) || !all_native(y) {
                    return None;
                }
                Some(match op {
                    NB_OR if same => x.copy(),
                    NB_OR => {
                        let mut c = x.copy();
                        c.merge(y, native_eq);
                        c
                    }
                    NB_AND if same => x.copy(),
                    NB_AND => x.intersection(y, native_eq),
                    NB_SUBTRACT if same => SetData::new(),
                    NB_SUBTRACT => x.difference(y, native_eq),
                    _ if same => SetData::new(),
                    _ => x.symmetric_difference(y, native_eq),
                })
            })
        })
        .flatten()
        .flatten();
        if let Some(d) = exact {
            return Ok(if frozen {
                Value::new_obj(Obj::FrozenSet(d))
            } else {
                Value::new_obj(Obj::Set(RefCell::new(d)))
            });
        }
        // Keys with user `__eq__`: element by element through the VM.
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

    /// `a |= b` (and `&=`, `-=`, `^=`) for a set `a` and a set or frozenset `b`, in place.
    pub fn set_inplace(&mut self, a: &Value, b: &Value, op: u32) -> PyResult<()> {
        use crate::vm::ops::{NB_AND, NB_OR, NB_SUBTRACT, NB_XOR};
        let Some(Obj::Set(cell)) = a.obj() else {
            return Err(self.system_error("in-place set operation on a non-set"));
        };
        if a.is(b) {
            if matches!(op, NB_SUBTRACT | NB_XOR) {
                cell.try_borrow_mut()
                    .map_err(|_| self.borrow_error())?
                    .clear();
            }
            return Ok(());
        }
        let other = read_set(b, |y| y.clone()).unwrap_or_default();
        let native = all_native(&other) && all_native(&cell.borrow());
        if native {
            let mut x = cell.try_borrow_mut().map_err(|_| self.borrow_error())?;
            match op {
                NB_OR => x.merge(&other, native_eq),
                NB_AND => {
                    let r = x.intersection(&other, native_eq);
                    x.replace_body(r);
                }
                NB_SUBTRACT => x.difference_update(&other, native_eq),
                _ => x.symmetric_difference_update(&other, native_eq),
            }
            return Ok(());
        }
        let r = self.set_binop(a, b, op)?;
        let data = read_set(&r, |d| d.clone()).unwrap_or_default();
        cell.try_borrow_mut()
            .map_err(|_| self.borrow_error())?
            .replace_body(data);
        Ok(())
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

impl Vm {
    /// In-place operators that mutate a built-in container: `list += it`, `list *= n`,
    /// `set |= s` (and `&=`, `-=`, `^=`). None when the generic operator applies.
    pub(crate) fn inplace_builtin(
        &mut self,
        a: &Value,
        b: &Value,
        op: u32,
    ) -> PyResult<Option<Value>> {
        match a.obj() {
            Some(Obj::List(l)) if op == ops::NB_ADD => {
                let items = self.collect(b)?;
                l.try_borrow_mut()
                    .map_err(|_| self.borrow_error())?
                    .extend(items);
                Ok(Some(a.clone()))
            }
            Some(Obj::List(l)) if op == ops::NB_MULTIPLY && b.is_int() => {
                let n = self.to_i64(b).ok_or_else(|| {
                    self.overflow_error("cannot fit 'int' into an index-sized integer")
                })?;
                let repeated = self.repeat_seq(a, n.max(0) as usize)?;
                if let Some(r) = repeated.as_ref().and_then(|r| r.as_list()) {
                    let items = std::mem::take(&mut *r.borrow_mut());
                    *l.try_borrow_mut().map_err(|_| self.borrow_error())? = items;
                }
                Ok(Some(a.clone()))
            }
            Some(Obj::Set(_))
                if matches!(
                    op,
                    ops::NB_OR | ops::NB_AND | ops::NB_SUBTRACT | ops::NB_XOR
                ) && matches!(b.obj(), Some(Obj::Set(_) | Obj::FrozenSet(_))) =>
            {
                self.set_inplace(a, b, op)?;
                Ok(Some(a.clone()))
            }
            _ => Ok(None),
        }
    }
}
