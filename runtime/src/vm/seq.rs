//! Iteration and subscripts: `iter`/`next` for every built-in iterable and the user
//! protocols, `in`, indexing and slicing of str/list/tuple/bytes/range, item assignment.

use crate::object::{IterKind, IterState, Obj};
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::cell::RefCell;

/// A resolved slice: start, stop, step and the number of selected items.
pub struct SliceIdx {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
    pub len: usize,
}

impl SliceIdx {
    pub fn indices(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len).map(move |i| (self.start + i as i64 * self.step) as usize)
    }
}

/// Slice bounds that are None or small ints with a step other than 0, resolved against
/// `len` as `PySlice_AdjustIndices` does (no Python code runs, nothing can fail); None for
/// anything else.
pub fn plain_slice(parts: [&Value; 3], len: usize) -> Option<SliceIdx> {
    let get = |v: &Value| -> Option<Option<i64>> {
        match v.as_small_int() {
            Some(i) => Some(Some(i)),
            None => v.is_none().then_some(None),
        }
    };
    let (start, stop, step) = (get(parts[0])?, get(parts[1])?, get(parts[2])?);
    let step = step.unwrap_or(1);
    if step == 0 {
        return None;
    }
    let (start, stop, n) = adjust_slice(
        start.map(i128::from),
        stop.map(i128::from),
        step.into(),
        len as i128,
    );
    Some(SliceIdx {
        start: start as i64,
        stop: stop as i64,
        step,
        len: n as usize,
    })
}

/// `PySlice_AdjustIndices`: the bounds of a slice with step `step` (not 0) clamped to a
/// sequence of `len` items (None: the default end), and the number of items it takes.
fn adjust_slice(
    start: Option<i128>,
    stop: Option<i128>,
    step: i128,
    len: i128,
) -> (i128, i128, i128) {
    let adjust = |v: Option<i128>, default: i128| match v {
        None => default,
        Some(i) if i < 0 => (i + len).max(if step < 0 { -1 } else { 0 }),
        Some(i) if i >= len => {
            if step < 0 {
                len - 1
            } else {
                len
            }
        }
        Some(i) => i,
    };
    let (start, stop) = if step < 0 {
        (adjust(start, len - 1), adjust(stop, -1))
    } else {
        (adjust(start, 0), adjust(stop, len))
    };
    let n = match step {
        1 => (stop - start).max(0),
        -1 => (start - stop).max(0),
        _ if step > 0 && stop > start => (stop - start - 1) / step + 1,
        _ if step < 0 && start > stop => (start - stop - 1) / -step + 1,
        _ => 0,
    };
    (start, stop, n)
}

/// The pair `items` as a tuple: `last` itself, refilled, when nothing else holds it any
/// more (as CPython's enumerate, zip and dict-items iterators reuse their result tuple:
/// no one can tell), else a new tuple, which becomes `last`.
fn reuse_tuple(last: &mut Value, items: [Value; 2]) -> Value {
    let mut items = Some(items);
    last.with_unique(|o| match (o, items.take()) {
        (Obj::Tuple(t), Some([a, b])) if t.len() == 2 => {
            t[0] = a;
            t[1] = b;
        }
        (_, back) => items = back,
    });
    match items {
        None => last.clone(),
        Some(items) => {
            let t = Value::tuple(Vec::from(items));
            *last = t.clone();
            t
        }
    }
}

pub(super) fn new_iter(st: IterState) -> Value {
    Value::new_obj(Obj::Iter(st.kind(), RefCell::new(st)))
}

/// A list or tuple iterator over `seq` at `index`: what compiled code materializes a loop's
/// iterator as when the loop keeps a sequence and a position instead of an iterator (see
/// `range::range_iter_at`).
pub fn seq_iter_at(seq: Value, index: usize) -> Value {
    new_iter(IterState::Seq { seq, index })
}

/// The sequence and position of `it` when compiled code may take the iterator over: a list
/// or tuple iterator nothing else refers to, not in use.
pub fn seq_iter_state(it: &Value) -> Option<(Value, usize)> {
    let Some(Obj::Iter(IterKind::ListIterator | IterKind::TupleIterator, st)) = it.obj() else {
        return None;
    };
    if it.ref_count() != 1 {
        return None;
    }
    match &*st.try_borrow().ok()? {
        IterState::Seq { seq, index } => Some((seq.clone(), *index)),
        _ => None,
    }
}

impl Vm {
    /// `iter(v)`.
    #[inline]
    pub fn get_iter(&mut self, v: &Value) -> PyResult<Value> {
        match v.obj() {
            Some(Obj::List(_) | Obj::Tuple(_)) => Ok(new_iter(IterState::Seq {
                seq: v.clone(),
                index: 0,
            })),
            _ => self.get_iter_other(v),
        }
    }

    /// [`Vm::get_iter`] of anything but a list or tuple.
    fn get_iter_other(&mut self, v: &Value) -> PyResult<Value> {
        let st = match v.obj() {
            Some(Obj::List(_) | Obj::Tuple(_) | Obj::Bytes(_) | Obj::ByteArray(_)) => {
                IterState::Seq {
                    seq: v.clone(),
                    index: 0,
                }
            }
            Some(Obj::Str(_)) => IterState::Str {
                s: v.clone(),
                byte: 0,
            },
            Some(Obj::Range(r)) => r.iter_state(),
            Some(Obj::BigRange(r)) => return Ok(self.bigrange_iter(r, false)),
            Some(Obj::Dict(_) | Obj::InstDict(_)) => IterState::Dict {
                dict: v.clone(),
                slot: 0,
                kind: 0,
                len: v.as_dict().map_or(0, |d| d.borrow().len()),
                last: Value::NULL,
            },
            Some(Obj::DictView(d, k)) => {
                let len = d.as_dict().map(|d| d.borrow().len()).unwrap_or(0);
                IterState::Dict {
                    dict: d.clone(),
                    slot: 0,
                    kind: *k,
                    len,
                    last: Value::NULL,
                }
            }
            Some(Obj::Set(s)) => IterState::Set {
                set: v.clone(),
                slot: 0,
                len: s.borrow().len(),
            },
            Some(Obj::FrozenSet(s)) => IterState::Set {
                set: v.clone(),
                slot: 0,
                len: s.len(),
            },
            Some(Obj::Iter(..) | Obj::Generator(_)) => return Ok(v.clone()),
            Some(Obj::Instance(i)) if self.native_iterator(i, v).is_some() => {
                return Ok(v.clone());
            }
            // Instances, and classes whose metaclass may define `__iter__`.
            Some(Obj::Instance(_) | Obj::MemoryView(_)) => return self.iter_by_dunders(v),
            Some(Obj::Type(_)) if !self.metaclass_is_type(v) => return self.iter_by_dunders(v),
            _ => {
                let tn = self.type_name(v);
                return Err(self.type_error(format!("'{tn}' object is not iterable")));
            }
        };
        Ok(new_iter(st))
    }

    /// `iter(v)` for an object whose type may define `__iter__` or `__getitem__`.
    fn iter_by_dunders(&mut self, v: &Value) -> PyResult<Value> {
        if let Some(it) = self.call_special(v, "__iter__", &[])? {
            if !self.is_iterator(&it) {
                let tn = self.type_name(&it);
                return Err(self.type_error(format!("iter() returned non-iterator of type '{tn}'")));
            }
            return Ok(it);
        }
        if !self.has_user_special(v, "__getitem__") {
            let tn = self.type_name(v);
            return Err(self.type_error(format!("'{tn}' object is not iterable")));
        }
        Ok(new_iter(IterState::GetItem {
            obj: v.clone(),
            index: 0,
        }))
    }

    pub fn is_iterator(&self, v: &Value) -> bool {
        match v.obj() {
            Some(Obj::Iter(..) | Obj::Generator(_)) => true,
            Some(Obj::Native(n)) => n.is_iterator(),
            Some(Obj::Instance(_)) => self.lookup_type(&v.class(), "__next__").is_some(),
            _ => false,
        }
    }

    /// One step of iteration: Some(value), or None when exhausted.
    pub fn iter_next(&mut self, it: &Value) -> PyResult<Option<Value>> {
        match it.obj() {
            Some(Obj::Iter(_, cell)) => {
                let mut st = cell
                    .try_borrow_mut()
                    .map_err(|_| self.value_error("generator already executing"))?;
                self.builtin_iter_next(&mut st)
            }
            Some(Obj::Generator(cell)) => self.gen_next(it, cell),
            Some(Obj::Instance(i)) => match self.native_iterator(i, it) {
                Some(n) => n.next(self).unwrap_or(Ok(None)),
                None => self.next_by_dunder(it),
            },
            Some(Obj::Native(n)) if n.is_iterator() => n.next(self).unwrap_or(Ok(None)),
            _ => self.next_by_dunder(it),
        }
    }

    /// One step of iteration through the type's `__next__`.
    fn next_by_dunder(&mut self, it: &Value) -> PyResult<Option<Value>> {
        let t = self.type_of(it);
        let Some(next) = self.lookup_type(&t, "__next__") else {
            let tn = self.type_name(it);
            return Err(self.type_error(format!("'{tn}' object is not an iterator")));
        };
        match self.call(&next, std::slice::from_ref(it), &[]) {
            Ok(v) => Ok(Some(v)),
            Err(e) if self.exc_matches(&e, &self.exc.stop_iteration.clone()) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// For an object of a native iterator type itself (not a subclass, whose `__next__`
    /// may be overridden): its state.
    #[inline]
    fn native_iterator<'a>(
        &self,
        i: &'a crate::object::Instance,
        v: &Value,
    ) -> Option<&'a dyn crate::object::native::NativeData> {
        match i.base_value.obj() {
            Some(Obj::Native(n))
                if n.is_iterator()
                    && v.header_type_obj()
                        .is_some_and(|t| matches!(t, Obj::Type(t) if t.builtin)) =>
            {
                Some(&**n)
            }
            _ => None,
        }
    }

    fn builtin_iter_next(&mut self, st: &mut IterState) -> PyResult<Option<Value>> {
        let r = match st {
            IterState::Seq { seq, index } => {
                let v = match seq.obj() {
                    Some(Obj::List(l)) => l.borrow().get(*index).cloned(),
                    Some(Obj::Tuple(t)) => t.get(*index).cloned(),
                    Some(Obj::Bytes(b)) => b.get(*index).map(|x| Value::int(*x as i64)),
                    Some(Obj::ByteArray(b)) => {
                        b.borrow().get(*index).map(|x| Value::int(*x as i64))
                    }
                    _ => None,
                };
                *index += 1;
                v
            }
            IterState::Str { s, byte } => {
                let ps = s.as_str().map(|p| p.as_str()).unwrap_or("");
                match ps[*byte..].chars().next() {
                    Some(c) => {
                        *byte += c.len_utf8();
                        Some(self.char_str(c))
                    }
                    None => None,
                }
            }
            IterState::Range { next, left, step } => {
                if *left == 0 {
                    None
                } else {
                    let v = *next;
                    *left -= 1;
                    *next = next.wrapping_add(*step);
                    Some(Value::int(v))
                }
            }
            IterState::BigRange(st) => super::bigrange::next(st),
            IterState::WideRange(w) => {
                let (next, left, step) = &mut **w;
                if *left == 0 {
                    None
                } else {
                    let v = *next;
                    *left -= 1;
                    *next = next.wrapping_add(*step);
                    Some(Value::int_wide(v))
                }
            }
            IterState::Dict {
                dict,
                slot,
                kind,
                len,
                last,
            } => {
                let Some(d) = dict.as_dict() else {
                    return Ok(None);
                };
                let d = d.borrow();
                if d.len() != *len {
                    *len = usize::MAX;
                    drop(d);
                    return Err(self.runtime_error("dictionary changed size during iteration"));
                }
                let mut out = None;
                while *slot < d.slots() {
                    let i = *slot;
                    *slot += 1;
                    if let Some(e) = d.slot(i) {
                        out = Some(match kind {
                            0 => e.key.clone(),
                            1 => e.value.clone(),
                            _ => reuse_tuple(last, [e.key.clone(), e.value.clone()]),
                        });
                        break;
                    }
                }
                out
            }
            IterState::Set { set, slot, len } => {
                let guard;
                let data = match set.obj() {
                    Some(Obj::Set(s)) => {
                        guard = s.borrow();
                        &*guard
                    }
                    Some(Obj::FrozenSet(s)) => s,
                    _ => return Ok(None),
                };
                if data.len() != *len {
                    return Err(self.runtime_error("Set changed size during iteration"));
                }
                let mut out = None;
                while *slot < data.slots() {
                    let i = *slot;
                    *slot += 1;
                    if let Some(k) = data.slot(i) {
                        out = Some(k.clone());
                        break;
                    }
                }
                out
            }
            IterState::Reversed { seq, index } => {
                if *index < 0 {
                    None
                } else {
                    let i = *index as usize;
                    *index -= 1;
                    match seq.obj() {
                        Some(Obj::List(l)) => l.borrow().get(i).cloned(),
                        Some(Obj::Tuple(t)) => t.get(i).cloned(),
                        _ => {
                            let seq = seq.clone();
                            Some(self.getitem(&seq, &Value::int(i as i64))?)
                        }
                    }
                }
            }
            IterState::Enumerate { it, count, last } => {
                let it = it.clone();
                match self.iter_next(&it)? {
                    Some(v) => {
                        let c = count.clone();
                        *count = match c.as_small_int() {
                            Some(i) => Value::int_wide(i as i128 + 1),
                            None => self.binary_op(&c, &Value::int(1), 0)?,
                        };
                        Some(reuse_tuple(last, [c, v]))
                    }
                    None => None,
                }
            }
            IterState::Zip { its, strict, last } => {
                if its.is_empty() {
                    return Ok(None);
                }
                let its2 = its.clone();
                let mut items = Vec::with_capacity(its2.len());
                for (n, i) in its2.iter().enumerate() {
                    match self.iter_next(i)? {
                        Some(v) => items.push(v),
                        None => {
                            if *strict {
                                if n > 0 {
                                    let s = if n == 1 { " " } else { "s 1-" };
                                    return Err(self.value_error(format!(
                                        "zip() argument {} is shorter than argument{}{}",
                                        n + 1,
                                        s,
                                        n
                                    )));
                                }
                                for (m, j) in its2.iter().enumerate().skip(1) {
                                    if self.iter_next(j)?.is_some() {
                                        let s = if m == 1 { " " } else { "s 1-" };
                                        return Err(self.value_error(format!(
                                            "zip() argument {} is longer than argument{}{}",
                                            m + 1,
                                            s,
                                            m
                                        )));
                                    }
                                }
                            }
                            *st = IterState::Exhausted;
                            return Ok(None);
                        }
                    }
                }
                Some(match <[Value; 2]>::try_from(items) {
                    Ok(pair) => reuse_tuple(last, pair),
                    Err(items) => Value::tuple(items),
                })
            }
            IterState::Map { func, its } => {
                let (func, its2) = (func.clone(), its.clone());
                let mut args = Vec::with_capacity(its2.len());
                for i in &its2 {
                    match self.iter_next(i)? {
                        Some(v) => args.push(v),
                        None => return Ok(None),
                    }
                }
                Some(self.call(&func, &args, &[])?)
            }
            IterState::Filter { func, it } => {
                let (func, it) = (func.clone(), it.clone());
                loop {
                    match self.iter_next(&it)? {
                        Some(v) => {
                            let keep = if func.is_none() {
                                self.is_true(&v)?
                            } else {
                                let r = self.call(&func, std::slice::from_ref(&v), &[])?;
                                self.is_true(&r)?
                            };
                            if keep {
                                break Some(v);
                            }
                        }
                        None => break None,
                    }
                }
            }
            IterState::GetItem { obj, index } => {
                let obj = obj.clone();
                match self.getitem(&obj, &Value::int(*index)) {
                    Ok(v) => {
                        *index += 1;
                        Some(v)
                    }
                    Err(e)
                        if self.exc_matches(&e, &self.exc.index_error.clone())
                            || self.exc_matches(&e, &self.exc.stop_iteration.clone()) =>
                    {
                        None
                    }
                    Err(e) => return Err(e),
                }
            }
            IterState::Callable { func, sentinel } => {
                let (func, sentinel) = (func.clone(), sentinel.clone());
                let v = self.call(&func, &[], &[])?;
                if self.eq(&v, &sentinel)? {
                    None
                } else {
                    Some(v)
                }
            }
            IterState::Exhausted => None,
        };
        if r.is_none() {
            *st = IterState::Exhausted;
        }
        Ok(r)
    }

    /// All items of an iterable.
    pub fn collect(&mut self, v: &Value) -> PyResult<Vec<Value>> {
        match v.obj() {
            Some(Obj::List(l)) => return Ok(l.borrow().clone()),
            Some(Obj::Tuple(t)) => return Ok(t.to_vec()),
            _ => {}
        }
        // CPython sizes the list from the length of a sized built-in first: one that would
        // not fit in memory is a MemoryError at once, not a fill until the process is killed.
        let n = match v.obj() {
            Some(Obj::Range(r)) => usize::try_from(r.len()).unwrap_or(usize::MAX),
            Some(Obj::Str(_) | Obj::Bytes(_) | Obj::ByteArray(_) | Obj::Dict(_) | Obj::Set(_))
            | Some(Obj::FrozenSet(_)) => self.len(v)?,
            _ => 0,
        };
        self.check_alloc(n.saturating_mul(std::mem::size_of::<Value>()))?;
        let it = self.get_iter(v)?;
        let mut out = vec![];
        while let Some(x) = self.iter_next(&it)? {
            out.push(x);
            // A long fill in native code still answers Ctrl-C.
            if crate::vm::signals::pending() {
                self.take_signals()?;
            }
        }
        Ok(out)
    }

    /// MemoryError unless `bytes` more bytes can be allocated. Sizes that come from Python
    /// values (a width, a count, a length) are checked before anything that size is
    /// allocated: a failed allocation aborts a Rust program, where CPython raises. Sizes
    /// under 16 MiB are not probed; past the machine's memory (`os::proc::memory_ceiling`)
    /// nothing is tried.
    pub fn check_alloc(&self, bytes: usize) -> PyResult<()> {
        if bytes < 1 << 24 {
            return Ok(());
        }
        if bytes as u64 > crate::os::proc::memory_ceiling() {
            return Err(self.memory_error());
        }
        let mut probe: Vec<u8> = Vec::new();
        probe
            .try_reserve_exact(bytes)
            .map_err(|_| self.memory_error())
    }

    /// `UNPACK_SEQUENCE n`.
    pub fn unpack(&mut self, v: &Value, n: usize) -> PyResult<Vec<Value>> {
        let items = match v.obj() {
            Some(Obj::List(l)) => l.borrow().clone(),
            Some(Obj::Tuple(t)) => t.to_vec(),
            _ => {
                let it = match self.get_iter(v) {
                    Ok(it) => it,
                    Err(e) if self.exc_matches(&e, &self.exc.type_error.clone()) => {
                        let tn = self.type_name(v);
                        return Err(
                            self.type_error(format!("cannot unpack non-iterable {tn} object"))
                        );
                    }
                    Err(e) => return Err(e),
                };
                let mut out = vec![];
                while let Some(x) = self.iter_next(&it)? {
                    out.push(x);
                    if out.len() > n {
                        return Err(
                            self.value_error(format!("too many values to unpack (expected {n})"))
                        );
                    }
                }
                out
            }
        };
        if items.len() > n {
            return Err(self.value_error(format!("too many values to unpack (expected {n})")));
        }
        if items.len() < n {
            return Err(self.value_error(format!(
                "not enough values to unpack (expected {n}, got {})",
                items.len()
            )));
        }
        Ok(items)
    }

    /// `item in container`.
    #[inline]
    pub fn contains(&mut self, container: &Value, item: &Value) -> PyResult<bool> {
        match container.obj() {
            Some(Obj::Dict(_)) => Ok(self.dict_get(container, item)?.is_some()),
            Some(Obj::Set(_)) => self.set_contains(container, item),
            _ => self.contains_other(container, item),
        }
    }

    /// [`Vm::contains`] for anything but a dict or set.
    fn contains_other(&mut self, container: &Value, item: &Value) -> PyResult<bool> {
        match container.obj() {
            Some(Obj::Str(s)) => match item.str_or_subclass() {
                Some(i) => Ok(s.as_str().contains(i.as_str())),
                None => {
                    let tn = self.type_name(item);
                    Err(self.type_error(format!(
                        "'in <string>' requires string as left operand, not {tn}"
                    )))
                }
            },
            Some(Obj::InstDict(_)) => Ok(self.dict_get(container, item)?.is_some()),
            Some(Obj::DictView(d, 0)) => {
                let d = d.clone();
                Ok(self.dict_get(&d, item)?.is_some())
            }
            Some(Obj::FrozenSet(_)) => self.set_contains(container, item),
            Some(Obj::BigRange(r)) if !item.is_float() && self.to_bigint(item).is_some() => {
                Ok(r.contains(&self.to_bigint(item).unwrap_or_default()))
            }
            Some(Obj::Range(r)) => match self.range_int(item) {
                Some(i) => Ok(r.position(i).is_some()),
                None => self.contains_by_iter(container, item),
            },
            Some(Obj::List(l)) => {
                let items = l.borrow().clone();
                for x in &items {
                    if self.eq(x, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Some(Obj::Tuple(t)) => {
                for x in t.iter() {
                    if self.eq(x, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Some(Obj::Bytes(_) | Obj::ByteArray(_)) => {
                crate::builtins::bytes_contains(self, container, item)
            }
            Some(Obj::Instance(_) | Obj::Type(_))
                if self.has_user_special(container, "__contains__") =>
            {
                let r = self
                    .call_special(container, "__contains__", std::slice::from_ref(item))?
                    .unwrap_or(Value::FALSE);
                self.is_true(&r)
            }
            Some(Obj::Iter(..) | Obj::Generator(_) | Obj::Instance(_) | Obj::DictView(..)) => {
                self.contains_by_iter(container, item)
            }
            _ => {
                let tn = self.type_name(container);
                Err(self.type_error(format!("argument of type '{tn}' is not iterable")))
            }
        }
    }

    fn contains_by_iter(&mut self, container: &Value, item: &Value) -> PyResult<bool> {
        let it = self.get_iter(container)?;
        while let Some(x) = self.iter_next(&it)? {
            if self.eq(&x, item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// An index argument as i64 (`__index__` semantics).
    pub fn index_value(&mut self, v: &Value, what: &str) -> PyResult<i64> {
        if let Some(i) = self.to_i64(v) {
            return Ok(i);
        }
        if v.is_int() {
            return Err(self.new_error(
                &self.exc.index_error.clone(),
                "cannot fit 'int' into an index-sized integer",
            ));
        }
        if v.as_instance().is_some() {
            if let Some(r) = self.call_special(v, "__index__", &[])? {
                if let Some(i) = self.to_i64(&r) {
                    return Ok(i);
                }
            }
        }
        let tn = self.type_name(v);
        Err(self.type_error(if what == "string" {
            // 3.11's str says it this way (3.12 says "or slices" like the others).
            format!("string indices must be integers, not '{tn}'")
        } else {
            format!("{what} indices must be integers or slices, not {tn}")
        }))
    }

    /// Resolves a slice object against a sequence length (PySlice_AdjustIndices).
    pub fn slice_indices(&mut self, s: &[Value; 3], len: usize) -> PyResult<SliceIdx> {
        self.slice_indices_with(s, || len)
    }

    /// [`Vm::slice_indices`] against the length `len` returns once the bounds' `__index__`
    /// methods have run (they may change a list), as CPython's `PySlice_Unpack` then
    /// `PySlice_AdjustIndices`.
    pub fn slice_indices_with(
        &mut self,
        s: &[Value; 3],
        len: impl Fn() -> usize,
    ) -> PyResult<SliceIdx> {
        if let Some(si) = plain_slice([&s[0], &s[1], &s[2]], len()) {
            return Ok(si);
        }
        let (start, stop, step, n) = self.slice_bounds(s, || len() as i128)?;
        Ok(SliceIdx {
            start: start as i64,
            stop: stop as i64,
            step: step as i64,
            len: n as usize,
        })
    }

    /// [`Vm::slice_indices`] over 128-bit lengths (for ranges): `(start, stop, step, len)`.
    pub fn slice_bounds(
        &mut self,
        s: &[Value; 3],
        len: impl Fn() -> i128,
    ) -> PyResult<(i128, i128, i128, i128)> {
        // Bounds past 128 bits clamp like any bound past the length.
        const FAR: i128 = i128::MAX / 4;
        let get = |vm: &mut Vm, v: &Value| -> PyResult<Option<i128>> {
            if v.is_none() {
                return Ok(None);
            }
            if let Some(i) = v.as_int64() {
                return Ok(Some(i as i128));
            }
            let v = if v.as_instance().is_some() {
                match vm.call_special(v, "__index__", &[])? {
                    Some(r) => r,
                    None => v.clone(),
                }
            } else {
                v.clone()
            };
            if let Some(b) = vm.to_bigint(&v) {
                use num_traits::{Signed, ToPrimitive};
                return Ok(Some(b.to_i128().unwrap_or(if b.is_negative() {
                    -FAR
                } else {
                    FAR
                })));
            }
            Err(vm.type_error("slice indices must be integers or None or have an __index__ method"))
        };
        let step = get(self, &s[2])?.unwrap_or(1).clamp(-FAR, FAR);
        if step == 0 {
            return Err(self.value_error("slice step cannot be zero"));
        }
        let (start, stop) = (get(self, &s[0])?, get(self, &s[1])?);
        let (start, stop, n) = adjust_slice(start, stop, step, len());
        Ok((start, stop, step, n))
    }

    fn seq_index(&mut self, key: &Value, len: usize, what: &str) -> PyResult<usize> {
        let i = self.index_value(key, what)?;
        let j = if i < 0 { i + len as i64 } else { i };
        if j < 0 || j >= len as i64 {
            // bytes says only "index out of range".
            let what = if what == "byte" { "" } else { what };
            return Err(self.index_error(format!("{what} index out of range").trim_start()));
        }
        Ok(j as usize)
    }

    /// `obj[key]`.
    #[inline]
    pub fn getitem(&mut self, obj: &Value, key: &Value) -> PyResult<Value> {
        match obj.obj() {
            Some(Obj::Dict(_)) => self.dict_item(obj, key),
            _ => self.getitem_other(obj, key),
        }
    }

    /// `d[key]` for a dict (or an instance's `__dict__`).
    #[inline]
    fn dict_item(&mut self, d: &Value, key: &Value) -> PyResult<Value> {
        match self.dict_get(d, key)? {
            Some(v) => Ok(v),
            None => Err(self.key_error(key.clone())),
        }
    }

    /// [`Vm::getitem`] for anything but a dict.
    fn getitem_other(&mut self, obj: &Value, key: &Value) -> PyResult<Value> {
        match obj.obj() {
            Some(Obj::InstDict(_)) => self.dict_item(obj, key),
            Some(Obj::List(l)) => {
                if let Some(Obj::Slice(s)) = key.obj() {
                    if let Some(v) = Vm::plain_slice_of(obj, [&s[0], &s[1], &s[2]]) {
                        return Ok(v);
                    }
                    let si = self.slice_indices_with(s, || l.borrow().len())?;
                    let items = l.borrow();
                    return Ok(Value::list(
                        si.indices().map(|i| items[i].clone()).collect(),
                    ));
                }
                if let Some(i) = key.as_small_int() {
                    let l = l.borrow();
                    let j = if i < 0 { i + l.len() as i64 } else { i };
                    if j >= 0 && (j as usize) < l.len() {
                        return Ok(l[j as usize].clone());
                    }
                }
                let len = l.borrow().len();
                let i = self.seq_index(key, len, "list")?;
                Ok(l.borrow()[i].clone())
            }
            Some(Obj::Tuple(t)) => {
                if let Some(Obj::Slice(s)) = key.obj() {
                    let si = self.slice_indices(s, t.len())?;
                    return Ok(Value::tuple(si.indices().map(|i| t[i].clone()).collect()));
                }
                let i = self.seq_index(key, t.len(), "tuple")?;
                Ok(t[i].clone())
            }
            Some(Obj::Str(s)) => {
                if let Some(Obj::Slice(sl)) = key.obj() {
                    let si = self.slice_indices(sl, s.char_len())?;
                    if si.step == 1 {
                        let (a, b) = (
                            si.start.max(0) as usize,
                            (si.start.max(0) as usize + si.len),
                        );
                        let part = s.slice(a, b);
                        return Ok(self.substr(obj, part));
                    }
                    let chars: Vec<char> = s.as_str().chars().collect();
                    return Ok(Value::string(si.indices().map(|i| chars[i]).collect()));
                }
                let i = self.seq_index(key, s.char_len(), "string")?;
                let c = s.char_at(i);
                Ok(self.char_str(c))
            }
            Some(Obj::Bytes(b)) => {
                if let Some(Obj::Slice(sl)) = key.obj() {
                    let si = self.slice_indices(sl, b.len())?;
                    return Ok(Value::bytes(si.indices().map(|i| b[i]).collect()));
                }
                let i = self.seq_index(key, b.len(), "byte")?;
                Ok(Value::int(b[i] as i64))
            }
            Some(Obj::ByteArray(b)) => {
                let data = b.borrow().clone();
                if let Some(Obj::Slice(sl)) = key.obj() {
                    let si = self.slice_indices(sl, data.len())?;
                    return Ok(Value::bytearray(si.indices().map(|i| data[i]).collect()));
                }
                let i = self.seq_index(key, data.len(), "bytearray")?;
                Ok(Value::int(data[i] as i64))
            }
            Some(Obj::Range(r)) => self.range_item(r, key),
            Some(Obj::BigRange(r)) => self.bigrange_item(r, key),
            Some(Obj::Instance(i)) => {
                if i.base_value.as_dict().is_some() && !self.has_user_special(obj, "__getitem__") {
                    let inner = i.base_value.clone();
                    if let Some(v) = self.dict_get(&inner, key)? {
                        return Ok(v);
                    }
                    if let Some(v) =
                        self.call_special(obj, "__missing__", std::slice::from_ref(key))?
                    {
                        return Ok(v);
                    }
                    return Err(self.key_error(key.clone()));
                }
                match self.call_special(obj, "__getitem__", std::slice::from_ref(key))? {
                    Some(v) => Ok(v),
                    None => {
                        let tn = self.type_name(obj);
                        Err(self.type_error(format!("'{tn}' object is not subscriptable")))
                    }
                }
            }
            Some(Obj::MemoryView(_)) => {
                crate::builtins::memoryview::getitem(self, &[obj.clone(), key.clone()], &[])
            }
            Some(Obj::Type(_)) => {
                // A metaclass's `__getitem__` (`Color['RED']`) comes before `__class_getitem__`.
                if !self.metaclass_is_type(obj) {
                    if let Some(v) =
                        self.call_special(obj, "__getitem__", std::slice::from_ref(key))?
                    {
                        return Ok(v);
                    }
                }
                if let Some(cg) = self.lookup_type(obj, "__class_getitem__") {
                    let f = match cg.obj() {
                        Some(Obj::ClassMethod(f)) => f.clone(),
                        _ => cg,
                    };
                    return self.call(&f, &[obj.clone(), key.clone()], &[]);
                }
                if obj.as_type().is_some_and(|t| t.builtin) {
                    // `list[int]` and friends: typing aliases; keep the class itself.
                    return Ok(obj.clone());
                }
                let tn = obj
                    .as_type()
                    .map(|t| t.name().to_string())
                    .unwrap_or_default();
                Err(self.type_error(format!("type '{tn}' is not subscriptable")))
            }
            _ => {
                let tn = self.type_name(obj);
                Err(self.type_error(format!("'{tn}' object is not subscriptable")))
            }
        }
    }

    /// `obj[start:stop:step]` of a list or tuple with plain bounds (see [`plain_slice`]);
    /// None (having done nothing) for anything else.
    pub fn plain_slice_of(obj: &Value, parts: [&Value; 3]) -> Option<Value> {
        let pick = |items: &[Value]| -> Option<Vec<Value>> {
            let si = plain_slice(parts, items.len())?;
            let start = si.start as usize;
            Some(match si.step {
                1 => items[start..][..si.len].to_vec(),
                // `a[k::-1]`: the first k + 1 items reversed.
                -1 if si.len > 0 => items[start + 1 - si.len..=start]
                    .iter()
                    .rev()
                    .cloned()
                    .collect(),
                _ => si.indices().map(|i| items[i].clone()).collect(),
            })
        };
        match obj.obj()? {
            Obj::List(l) => Some(Value::list(pick(&l.try_borrow().ok()?)?)),
            Obj::Tuple(t) => Some(Value::tuple(pick(t)?)),
            _ => None,
        }
    }

    /// `obj[start:stop:step] = v` for a list `obj` with plain bounds (see [`plain_slice`])
    /// and a list or tuple `v` (of the right length for an extended slice); false (having
    /// done nothing) for anything else.
    pub fn plain_slice_assign(obj: &Value, parts: [&Value; 3], v: &Value) -> bool {
        let Some(l) = obj.as_list() else {
            return false;
        };
        // As many items from another list or a tuple: written over the old ones in place.
        let other = match v.obj() {
            Some(Obj::List(src)) if !obj.is(v) => src.try_borrow().ok(),
            _ => None,
        };
        let src = match (&other, v.as_tuple()) {
            (Some(items), _) => Some(&items[..]),
            (None, Some(t)) => Some(t),
            _ => None,
        };
        if let (Some(src), Ok(mut lb)) = (src, l.try_borrow_mut()) {
            match plain_slice(parts, lb.len()) {
                Some(si) if si.len == src.len() => {
                    if si.step == 1 {
                        lb[si.start as usize..][..si.len].clone_from_slice(src);
                    } else {
                        for (i, it) in si.indices().zip(src) {
                            lb[i] = it.clone();
                        }
                    }
                    return true;
                }
                _ => {}
            }
        }
        drop(other);
        let Some(items) = Vm::seq_items(v) else {
            return false;
        };
        let Ok(mut lb) = l.try_borrow_mut() else {
            return false;
        };
        let Some(si) = plain_slice(parts, lb.len()) else {
            return false;
        };
        if si.step == 1 {
            let start = si.start as usize;
            lb.splice(start..start + si.len, items);
        } else if items.len() == si.len {
            for (i, it) in si.indices().zip(items) {
                lb[i] = it;
            }
        } else {
            return false;
        }
        true
    }

    /// A copy of the items of a list or tuple.
    fn seq_items(v: &Value) -> Option<Vec<Value>> {
        match v.obj()? {
            Obj::List(l) => Some(l.try_borrow().ok()?.clone()),
            Obj::Tuple(t) => Some(t.to_vec()),
            _ => None,
        }
    }

    /// `obj[key] = v`.
    #[inline]
    pub fn setitem(&mut self, obj: &Value, key: &Value, v: Value) -> PyResult<()> {
        match obj.obj() {
            Some(Obj::Dict(_)) => self.dict_set(obj, key.clone(), v),
            _ => self.setitem_other(obj, key, v),
        }
    }

    /// [`Vm::setitem`] for anything but a dict.
    fn setitem_other(&mut self, obj: &Value, key: &Value, v: Value) -> PyResult<()> {
        match obj.obj() {
            Some(Obj::InstDict(_)) => self.dict_set(obj, key.clone(), v),
            Some(Obj::List(l)) => {
                if let Some(Obj::Slice(s)) = key.obj() {
                    if Vm::plain_slice_assign(obj, [&s[0], &s[1], &s[2]], &v) {
                        return Ok(());
                    }
                    let si = self.slice_indices_with(s, || l.borrow().len())?;
                    let it = self.get_iter(&v).map_err(|e| {
                        if !self.exc_matches(&e, &self.exc.type_error.clone()) {
                            e
                        } else if si.step == 1 {
                            self.type_error("can only assign an iterable")
                        } else {
                            self.type_error("must assign iterable to extended slice")
                        }
                    })?;
                    let items = self.collect(&it)?;
                    let mut lb = l.try_borrow_mut().map_err(|_| self.borrow_error())?;
                    // Iterating `v` may have changed the list.
                    let len = lb.len();
                    if si.step == 1 {
                        let start = si.start.clamp(0, len as i64) as usize;
                        let stop = (start + si.len).min(len);
                        lb.splice(start..stop, items);
                    } else {
                        if items.len() != si.len {
                            drop(lb);
                            return Err(self.value_error(format!(
                                "attempt to assign sequence of size {} to extended slice of size {}",
                                items.len(),
                                si.len
                            )));
                        }
                        for (i, it) in si.indices().zip(items) {
                            if let Some(slot) = lb.get_mut(i) {
                                *slot = it;
                            }
                        }
                    }
                    return Ok(());
                }
                let len = l.borrow().len();
                let i = self.index_value(key, "list")?;
                let j = if i < 0 { i + len as i64 } else { i };
                if j < 0 || j >= len as i64 {
                    return Err(self.index_error("list assignment index out of range"));
                }
                l.try_borrow_mut().map_err(|_| self.borrow_error())?[j as usize] = v;
                Ok(())
            }
            Some(Obj::ByteArray(_)) => crate::builtins::bytearray_setitem(self, obj, key, &v),
            Some(Obj::MemoryView(_)) => {
                crate::builtins::memoryview::setitem(self, &[obj.clone(), key.clone(), v], &[])
                    .map(|_| ())
            }
            Some(Obj::Instance(_)) => {
                match self.call_special(obj, "__setitem__", &[key.clone(), v])? {
                    Some(_) => Ok(()),
                    None => {
                        let tn = self.type_name(obj);
                        Err(self
                            .type_error(format!("'{tn}' object does not support item assignment")))
                    }
                }
            }
            _ => {
                let tn = self.type_name(obj);
                Err(self.type_error(format!("'{tn}' object does not support item assignment")))
            }
        }
    }

    pub fn delitem(&mut self, obj: &Value, key: &Value) -> PyResult<()> {
        match obj.obj() {
            Some(Obj::List(l)) => {
                if let Some(Obj::Slice(s)) = key.obj() {
                    let si = self.slice_indices_with(s, || l.borrow().len())?;
                    let mut lb = l.try_borrow_mut().map_err(|_| self.borrow_error())?;
                    if si.step == 1 {
                        let start = si.start as usize;
                        lb.drain(start..start + si.len);
                    } else {
                        let mut gone = vec![false; lb.len()];
                        for i in si.indices() {
                            gone[i] = true;
                        }
                        let mut k = 0;
                        lb.retain(|_| {
                            k += 1;
                            !gone[k - 1]
                        });
                    }
                    return Ok(());
                }
                let i = self.index_value(key, "list")?;
                let mut lb = l.try_borrow_mut().map_err(|_| self.borrow_error())?;
                let len = lb.len();
                let j = if i < 0 { i + len as i64 } else { i };
                if j < 0 || j >= len as i64 {
                    drop(lb);
                    return Err(self.index_error("list assignment index out of range"));
                }
                lb.remove(j as usize);
                Ok(())
            }
            Some(Obj::ByteArray(_)) => crate::builtins::bytearray_delitem(self, obj, key),
            Some(Obj::Dict(_) | Obj::InstDict(_)) => {
                if self.dict_del(obj, key)?.is_none() {
                    return Err(self.key_error(key.clone()));
                }
                Ok(())
            }
            Some(Obj::Instance(_)) => {
                match self.call_special(obj, "__delitem__", std::slice::from_ref(key))? {
                    Some(_) => Ok(()),
                    None => {
                        let tn = self.type_name(obj);
                        Err(self
                            .type_error(format!("'{tn}' object does not support item deletion")))
                    }
                }
            }
            _ => {
                let tn = self.type_name(obj);
                Err(self.type_error(format!("'{tn}' object does not support item deletion")))
            }
        }
    }

    /// `l.pop(i)` (the last item without `i`) of a list.
    pub fn list_pop(&mut self, l: &Value, i: Option<i64>) -> PyResult<Value> {
        let Some(l) = l.as_list() else {
            return Err(self.system_error("list.pop on a non-list"));
        };
        let mut items = l.try_borrow_mut().map_err(|_| self.borrow_error())?;
        let n = items.len() as i64;
        if n == 0 {
            return Err(self.index_error("pop from empty list"));
        }
        let i = i.unwrap_or(-1);
        let j = if i < 0 { i + n } else { i };
        if !(0..n).contains(&j) {
            return Err(self.index_error("pop index out of range"));
        }
        Ok(items.remove(j as usize))
    }

    pub fn list_append(&mut self, l: &Value, v: Value) -> PyResult<()> {
        match l.as_list() {
            Some(l) => {
                l.try_borrow_mut().map_err(|_| self.borrow_error())?.push(v);
                Ok(())
            }
            None => Err(self.system_error("LIST_APPEND on a non-list")),
        }
    }

    pub fn new_iter_value(&self, st: IterState) -> Value {
        new_iter(st)
    }

    /// An iterator object of an explicitly given kind.
    pub fn new_iter_of_kind(&self, kind: IterKind, st: IterState) -> Value {
        Value::new_obj(Obj::Iter(kind, RefCell::new(st)))
    }

    /// Every iterator type with its name (for installing their methods).
    pub fn iterator_types(&self) -> Vec<(Value, &'static str)> {
        IterKind::ALL
            .iter()
            .map(|k| (self.iter_types[*k as usize].clone(), k.name()))
            .collect()
    }
}

impl Vm {
    /// `seq * count` for str, list, tuple, bytes and bytearray (None for other types).
    pub(crate) fn repeat_seq(&mut self, seq: &Value, count: usize) -> PyResult<Option<Value>> {
        // What the result takes, checked before anything is allocated: a size past
        // what memory can hold, or an allocation that fails, is a MemoryError.
        let (len, unit) = match seq.obj() {
            Some(Obj::Str(s)) => (s.as_str().len(), 1),
            Some(Obj::List(l)) => (l.borrow().len(), 8),
            Some(Obj::Tuple(t)) => (t.len(), 8),
            Some(Obj::Bytes(b)) => (b.len(), 1),
            Some(Obj::ByteArray(b)) => (b.borrow().len(), 1),
            _ => return Ok(None),
        };
        let total = len.checked_mul(count).filter(|n| {
            n.checked_mul(unit)
                .is_some_and(|b| b <= isize::MAX as usize)
        });
        let Some(total) = total else {
            // Past the largest size: CPython's str and bytes say so, the rest are out of
            // memory.
            return Err(match seq.obj() {
                Some(Obj::Str(_)) => self.overflow_error("repeated string is too long"),
                Some(Obj::Bytes(_)) => self.overflow_error("repeated bytes are too long"),
                _ => self.memory_error(),
            });
        };
        self.check_alloc(total * unit)?;
        // An empty sequence repeated any number of times is made at once.
        let count = if len == 0 { 0 } else { count };
        let nomem = |vm: &Vm| vm.memory_error();
        let r = match seq.obj() {
            Some(Obj::Str(s)) => {
                let mut out = String::new();
                out.try_reserve_exact(total).map_err(|_| nomem(self))?;
                for _ in 0..count {
                    out.push_str(s.as_str());
                }
                Value::string(out)
            }
            Some(Obj::List(l)) => {
                let l = l.borrow();
                let mut v = Vec::new();
                v.try_reserve_exact(total).map_err(|_| nomem(self))?;
                for _ in 0..count {
                    v.extend(l.iter().cloned());
                }
                Value::list(v)
            }
            Some(Obj::Tuple(t)) => {
                let mut v = Vec::new();
                v.try_reserve_exact(total).map_err(|_| nomem(self))?;
                for _ in 0..count {
                    v.extend(t.iter().cloned());
                }
                Value::tuple(v)
            }
            Some(Obj::Bytes(_) | Obj::ByteArray(_)) => {
                let b = seq.bytes_data().unwrap_or_default();
                let mut v = Vec::new();
                v.try_reserve_exact(total).map_err(|_| nomem(self))?;
                for _ in 0..count {
                    v.extend_from_slice(&b);
                }
                match seq.obj() {
                    Some(Obj::ByteArray(_)) => Value::bytearray(v),
                    _ => Value::bytes(v),
                }
            }
            _ => return Ok(None),
        };
        Ok(Some(r))
    }
}
