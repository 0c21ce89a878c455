//! `_collections`: `deque`, `defaultdict`, `_count_elements` and `_tuplegetter`, as
//! CPython's `Modules/_collectionsmodule.c`; Lib's `collections` builds on them.
//!
//! A `deque` is a native object (`object::native`) over a `VecDeque`. Its contents are
//! never borrowed across a call into Python code (comparisons call `__eq__`): elements
//! are copied out first, and a mutation counter turns a change made meanwhile into
//! CPython's `RuntimeError: deque mutated during iteration`. `defaultdict` is a subclass
//! of `dict` as a user class would be (its instances wrap a real dict, see
//! `builtins::subclass`) whose `__missing__` calls `default_factory`.

use crate::object::native::{NativeData, NativeIterator};
use crate::object::{Obj, TypeKind};
use crate::value::Value;
use crate::vm::ops::{CMP_EQ, CMP_NE};
use crate::vm::{PyResult, Vm};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    let deque = deque_type(vm);
    let dd = defaultdict_type(vm);
    let tg = vm.native_type("_collections._tuplegetter", |vm| {
        vm.new_native_type(
            "_collections",
            "_tuplegetter",
            &[
                ("__new__", tuplegetter_new),
                ("__get__", tuplegetter_get),
                ("__set__", tuplegetter_set),
                ("__delete__", tuplegetter_delete),
                ("__repr__", tuplegetter_repr),
            ],
            false,
        )
    });
    let it = iter_type(vm, false);
    let rit = iter_type(vm, true);
    let d = super::new_native_module(vm, "_collections", &[("_count_elements", count_elements)]);
    if let Some(d) = d.as_dict() {
        let mut d = d.borrow_mut();
        d.set_str("deque", deque);
        d.set_str("defaultdict", dd);
        d.set_str("_tuplegetter", tg);
        d.set_str("_deque_iterator", it);
        d.set_str("_deque_reverse_iterator", rit);
    }
}

// ----- deque --------------------------------------------------------------------------------

struct Deque {
    items: RefCell<VecDeque<Value>>,
    maxlen: Cell<Option<usize>>,
    /// Bumped by every change, so iterators and comparisons notice one made under them.
    state: Cell<u64>,
}

impl NativeData for Deque {}

impl Deque {
    fn changed(&self) {
        self.state.set(self.state.get().wrapping_add(1));
    }
    fn len(&self) -> usize {
        self.items.borrow().len()
    }
    fn snapshot(&self) -> Vec<Value> {
        self.items.borrow().iter().cloned().collect()
    }
    fn push_back(&self, v: Value) {
        let mut items = self.items.borrow_mut();
        if self.maxlen.get() == Some(0) {
            return;
        }
        if self.maxlen.get().is_some_and(|m| items.len() >= m) {
            items.pop_front();
        }
        items.push_back(v);
        drop(items);
        self.changed();
    }
    fn push_front(&self, v: Value) {
        let mut items = self.items.borrow_mut();
        if self.maxlen.get() == Some(0) {
            return;
        }
        if self.maxlen.get().is_some_and(|m| items.len() >= m) {
            items.pop_back();
        }
        items.push_front(v);
        drop(items);
        self.changed();
    }
}

fn deque_type(vm: &mut Vm) -> Value {
    vm.native_type("collections.deque", |vm| {
        let t = vm.new_native_type(
            "collections",
            "deque",
            &[
                ("__new__", deque_new),
                ("__init__", deque_init),
                ("append", append),
                ("appendleft", appendleft),
                ("pop", pop),
                ("popleft", popleft),
                ("extend", extend),
                ("extendleft", extendleft),
                ("clear", clear),
                ("copy", copy),
                ("__copy__", copy),
                ("count", count),
                ("index", index),
                ("insert", insert),
                ("remove", remove),
                ("reverse", reverse),
                ("rotate", rotate),
                ("__len__", len),
                ("__bool__", bool_),
                ("__getitem__", getitem),
                ("__setitem__", setitem),
                ("__delitem__", delitem),
                ("__contains__", contains),
                ("__iter__", iter),
                ("__reversed__", reversed),
                ("__repr__", repr),
                ("__lt__", lt),
                ("__le__", le),
                ("__eq__", eq),
                ("__ne__", ne),
                ("__gt__", gt),
                ("__ge__", ge),
                ("__add__", add),
                ("__mul__", mul),
                ("__rmul__", mul),
                ("__iadd__", iadd),
                ("__imul__", imul),
                ("__reduce__", reduce),
            ],
            false,
        );
        if let Some(ty) = t.as_type() {
            // A deque matches sequence patterns, as in CPython.
            ty.collection.set(crate::vm::patma::SEQUENCE);
            let mut d = ty.dict.borrow_mut();
            d.set_str("__hash__", Value::NONE);
            let getter = crate::builtins::native("maxlen", maxlen);
            d.set_str(
                "maxlen",
                Value::new_obj(Obj::Property(Box::new([getter, Value::NONE, Value::NONE]))),
            );
        }
        t
    })
}

fn this<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a Deque> {
    v.native::<Deque>()
        .ok_or_else(|| vm.type_error("descriptor requires a 'collections.deque' object"))
}

fn arity(vm: &Vm, name: &str, args: &[Value], n: usize) -> PyResult<()> {
    crate::builtins::check_arity(vm, name, &args[1..], n, n)
}

fn deque_new(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let base = vm.native_base(&args[0], "deque")?;
    let d = Deque {
        items: RefCell::default(),
        maxlen: Cell::new(None),
        state: Cell::new(0),
    };
    Ok(vm.new_native(&args[0], &base, d))
}

/// `deque(iterable=(), maxlen=None)`.
fn deque_init(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    if args.len() > 3 {
        return Err(vm.type_error(format!(
            "deque expected at most 2 arguments, got {}",
            args.len() - 1
        )));
    }
    let mut iterable = args.get(1).cloned();
    let mut maxlen_arg = args.get(2).cloned();
    for (k, v) in kw {
        match vm.str_value(k).as_str() {
            "iterable" if iterable.is_none() => iterable = Some(v.clone()),
            "maxlen" if maxlen_arg.is_none() => maxlen_arg = Some(v.clone()),
            k => {
                return Err(
                    vm.type_error(format!("deque() got an unexpected keyword argument '{k}'"))
                )
            }
        }
    }
    let maxlen = match maxlen_arg {
        Some(m) if !m.is_none() => {
            let n = vm.index_int(&m)?;
            match vm.to_i64(&n) {
                Some(n) if n >= 0 => Some(n as usize),
                Some(_) => return Err(vm.value_error("maxlen must be non-negative")),
                None => {
                    return Err(vm.overflow_error("Python int too large to convert to C ssize_t"))
                }
            }
        }
        _ => None,
    };
    let d = this(vm, &args[0])?;
    d.maxlen.set(maxlen);
    if d.len() > 0 {
        let old = std::mem::take(&mut *d.items.borrow_mut());
        d.changed();
        drop(old);
    }
    if let Some(it) = iterable {
        extend_with(vm, &args[0], &it, false)?;
    }
    Ok(Value::NONE)
}

fn maxlen(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(this(vm, &args[0])?
        .maxlen
        .get()
        .map_or(Value::NONE, |m| Value::int(m as i64)))
}

fn append(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "append", args, 1)?;
    this(vm, &args[0])?.push_back(args[1].clone());
    Ok(Value::NONE)
}

fn appendleft(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "appendleft", args, 1)?;
    this(vm, &args[0])?.push_front(args[1].clone());
    Ok(Value::NONE)
}

fn pop(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "pop", args, 0)?;
    let d = this(vm, &args[0])?;
    let v = d.items.borrow_mut().pop_back();
    d.changed();
    v.ok_or_else(|| vm.index_error("pop from an empty deque"))
}

fn popleft(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "popleft", args, 0)?;
    let d = this(vm, &args[0])?;
    let v = d.items.borrow_mut().pop_front();
    d.changed();
    v.ok_or_else(|| vm.index_error("pop from an empty deque"))
}

/// Appends (or prepends) every element of `it`; the deque itself is copied first.
fn extend_with(vm: &mut Vm, me: &Value, it: &Value, left: bool) -> PyResult<()> {
    let src = match it.native::<Deque>() {
        Some(other) if std::ptr::eq(other, this(vm, me)?) => Value::list(other.snapshot()),
        _ => it.clone(),
    };
    let iter = vm.get_iter(&src)?;
    while let Some(v) = vm.iter_next(&iter)? {
        let d = this(vm, me)?;
        if left {
            d.push_front(v);
        } else {
            d.push_back(v);
        }
    }
    Ok(())
}

fn extend(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "extend", args, 1)?;
    extend_with(vm, &args[0], &args[1], false)?;
    Ok(Value::NONE)
}

fn extendleft(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "extendleft", args, 1)?;
    extend_with(vm, &args[0], &args[1], true)?;
    Ok(Value::NONE)
}

fn clear(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "clear", args, 0)?;
    let d = this(vm, &args[0])?;
    let old = std::mem::take(&mut *d.items.borrow_mut());
    d.changed();
    drop(old);
    Ok(Value::NONE)
}

/// A new deque of `me`'s class with `items` and `me`'s maxlen.
fn like(vm: &mut Vm, me: &Value, items: Vec<Value>) -> PyResult<Value> {
    let d = this(vm, me)?;
    let maxlen = d.maxlen.get();
    let cls = vm.type_of(me);
    let mut args = vec![Value::list(items)];
    if let Some(m) = maxlen {
        args.push(Value::int(m as i64));
    }
    vm.call(&cls, &args, &[])
}

fn copy(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "copy", args, 0)?;
    let items = this(vm, &args[0])?.snapshot();
    like(vm, &args[0], items)
}

/// Compares `x` with each element in turn (the deque may change meanwhile: CPython's
/// error); calls `hit(i)` on a match, stopping when it returns true.
fn scan(
    vm: &mut Vm,
    me: &Value,
    x: &Value,
    range: std::ops::Range<usize>,
    mut hit: impl FnMut(usize) -> bool,
) -> PyResult<()> {
    let d = this(vm, me)?;
    let start = d.state.get();
    for i in range {
        let d = this(vm, me)?;
        let Some(v) = d.items.borrow().get(i).cloned() else {
            break;
        };
        let same = vm.eq(&v, x)?;
        if this(vm, me)?.state.get() != start {
            return Err(vm.runtime_error("deque mutated during iteration"));
        }
        if same && hit(i) {
            break;
        }
    }
    Ok(())
}

fn count(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "count", args, 1)?;
    let n = this(vm, &args[0])?.len();
    let mut found = 0;
    scan(vm, &args[0], &args[1], 0..n, |_| {
        found += 1;
        false
    })?;
    Ok(Value::int(found))
}

/// A start/stop argument of `index`: negative counts from the end, clamped to the length.
fn bound(vm: &mut Vm, v: Option<&Value>, len: usize, default: usize) -> PyResult<usize> {
    let Some(v) = v else { return Ok(default) };
    let n = vm.index_int(v)?;
    let n = vm.to_i64(&n).unwrap_or(i64::MAX);
    Ok(if n < 0 {
        (len as i64 + n).max(0) as usize
    } else {
        (n as usize).min(len)
    })
}

fn index(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "index", &args[1..], 1, 3)?;
    let n = this(vm, &args[0])?.len();
    let start = bound(vm, args.get(2), n, 0)?;
    let stop = bound(vm, args.get(3), n, n)?;
    let mut at = None;
    scan(vm, &args[0], &args[1], start..stop.max(start), |i| {
        at = Some(i);
        true
    })?;
    match at {
        Some(i) => Ok(Value::int(i as i64)),
        None => {
            let r = vm.repr_of(&args[1])?;
            Err(vm.value_error(format!("{r} is not in deque")))
        }
    }
}

fn insert(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "insert", args, 2)?;
    let i = vm.index_int(&args[1])?;
    let i = vm.to_i64(&i).unwrap_or(i64::MAX);
    let d = this(vm, &args[0])?;
    let n = d.len();
    if d.maxlen.get() == Some(n) {
        return Err(vm.index_error("deque already at its maximum size"));
    }
    let at = if i < 0 {
        (n as i64 + i).max(0) as usize
    } else {
        (i as usize).min(n)
    };
    d.items.borrow_mut().insert(at, args[2].clone());
    d.changed();
    Ok(Value::NONE)
}

fn remove(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "remove", args, 1)?;
    let n = this(vm, &args[0])?.len();
    let mut at = None;
    scan(vm, &args[0], &args[1], 0..n, |i| {
        at = Some(i);
        true
    })?;
    let Some(i) = at else {
        let r = vm.repr_of(&args[1])?;
        return Err(vm.value_error(format!("{r} is not in deque")));
    };
    let d = this(vm, &args[0])?;
    let old = d.items.borrow_mut().remove(i);
    d.changed();
    drop(old);
    Ok(Value::NONE)
}

fn reverse(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "reverse", args, 0)?;
    let d = this(vm, &args[0])?;
    d.items.borrow_mut().make_contiguous().reverse();
    d.changed();
    Ok(Value::NONE)
}

fn rotate(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "rotate", &args[1..], 0, 1)?;
    let n = match args.get(1) {
        Some(v) => {
            let n = vm.index_int(v)?;
            vm.to_bigint(&n).unwrap_or_default()
        }
        None => 1.into(),
    };
    let d = this(vm, &args[0])?;
    let len = d.len();
    if len > 1 {
        use num_integer::Integer;
        use num_traits::ToPrimitive;
        let k = n.mod_floor(&(len as u64).into()).to_usize().unwrap_or(0);
        d.items.borrow_mut().rotate_right(k);
        d.changed();
    }
    Ok(Value::NONE)
}

fn len(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(this(vm, &args[0])?.len() as i64))
}

fn bool_(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::bool(this(vm, &args[0])?.len() > 0))
}

/// The position an index names (negative from the end), or CPython's IndexError.
fn position(vm: &mut Vm, me: &Value, key: &Value) -> PyResult<usize> {
    let Ok(i) = vm.index_int(key) else {
        let tn = vm.type_name(key);
        return Err(vm.type_error(format!("sequence index must be integer, not '{tn}'")));
    };
    let i = vm.to_i64(&i).unwrap_or(i64::MAX);
    let n = this(vm, me)?.len() as i64;
    let at = if i < 0 { i + n } else { i };
    if at < 0 || at >= n {
        return Err(vm.index_error("deque index out of range"));
    }
    Ok(at as usize)
}

fn getitem(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "__getitem__", args, 1)?;
    let i = position(vm, &args[0], &args[1])?;
    let v = this(vm, &args[0])?.items.borrow().get(i).cloned();
    v.ok_or_else(|| vm.index_error("deque index out of range"))
}

fn setitem(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "__setitem__", args, 2)?;
    let i = position(vm, &args[0], &args[1])?;
    let d = this(vm, &args[0])?;
    let old = d
        .items
        .borrow_mut()
        .get_mut(i)
        .map(|slot| std::mem::replace(slot, args[2].clone()));
    drop(old);
    Ok(Value::NONE)
}

fn delitem(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "__delitem__", args, 1)?;
    let i = position(vm, &args[0], &args[1])?;
    let d = this(vm, &args[0])?;
    let old = d.items.borrow_mut().remove(i);
    d.changed();
    drop(old);
    Ok(Value::NONE)
}

fn contains(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "__contains__", args, 1)?;
    let n = this(vm, &args[0])?.len();
    let mut found = false;
    scan(vm, &args[0], &args[1], 0..n, |_| {
        found = true;
        true
    })?;
    Ok(Value::bool(found))
}

/// An iterator over a deque (forwards or backwards).
struct DequeIter {
    deque: Value,
    next: Cell<usize>,
    state: u64,
    reversed: bool,
}

impl NativeIterator for DequeIter {
    fn next(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let Some(d) = self.deque.native::<Deque>() else {
            return Ok(None);
        };
        if d.state.get() != self.state {
            return Err(vm.runtime_error("deque mutated during iteration"));
        }
        let items = d.items.borrow();
        let i = self.next.get();
        if i >= items.len() {
            return Ok(None);
        }
        self.next.set(i + 1);
        let at = if self.reversed {
            items.len() - 1 - i
        } else {
            i
        };
        Ok(items.get(at).cloned())
    }
}

fn iter_type(vm: &mut Vm, reversed: bool) -> Value {
    if reversed {
        vm.native_type("_collections._deque_reverse_iterator", |vm| {
            vm.new_native_type("_collections", "_deque_reverse_iterator", &[], true)
        })
    } else {
        vm.native_type("_collections._deque_iterator", |vm| {
            vm.new_native_type("_collections", "_deque_iterator", &[], true)
        })
    }
}

fn make_iter(vm: &mut Vm, me: &Value, reversed: bool) -> PyResult<Value> {
    let state = this(vm, me)?.state.get();
    let t = iter_type(vm, reversed);
    let it = DequeIter {
        deque: me.clone(),
        next: Cell::new(0),
        state,
        reversed,
    };
    Ok(vm.new_native(&t, &t, it))
}

fn iter(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    make_iter(vm, &args[0], false)
}

fn reversed(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    make_iter(vm, &args[0], true)
}

fn repr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let me = &args[0];
    let key = me.native::<Deque>().map_or(0, |d| d as *const Deque as u64);
    let name = vm.class_name(me);
    if vm.repr_stack.contains(&key) {
        return Ok(Value::str("[...]"));
    }
    let items = this(vm, me)?.snapshot();
    let maxlen = this(vm, me)?.maxlen.get();
    vm.repr_stack.push(key);
    let r = vm.repr_of(&Value::list(items));
    vm.repr_stack.pop();
    let r = r?;
    Ok(Value::string(match maxlen {
        Some(m) => format!("{name}({r}, maxlen={m})"),
        None => format!("{name}({r})"),
    }))
}

/// Sequence comparison with another deque (NotImplemented for anything else).
fn compare(vm: &mut Vm, args: &[Value], op: u32) -> PyResult<Value> {
    arity(vm, "comparison", args, 1)?;
    let (Some(a), Some(b)) = (args[0].native::<Deque>(), args[1].native::<Deque>()) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    let (x, y) = (Value::list(a.snapshot()), Value::list(b.snapshot()));
    vm.rich_compare(&x, &y, op)
}

fn lt(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    compare(vm, args, crate::vm::ops::CMP_LT)
}
fn le(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    compare(vm, args, crate::vm::ops::CMP_LE)
}
fn eq(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    compare(vm, args, CMP_EQ)
}
fn ne(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    compare(vm, args, CMP_NE)
}
fn gt(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    compare(vm, args, crate::vm::ops::CMP_GT)
}
fn ge(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    compare(vm, args, crate::vm::ops::CMP_GE)
}

fn add(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "__add__", args, 1)?;
    let Some(b) = args[1].native::<Deque>() else {
        let tn = vm.type_name(&args[1]);
        return Err(vm.type_error(format!(
            "can only concatenate deque (not \"{tn}\") to deque"
        )));
    };
    let mut items = this(vm, &args[0])?.snapshot();
    items.extend(b.snapshot());
    like(vm, &args[0], items)
}

/// How many times to repeat: a count below 0 is 0.
fn times(vm: &mut Vm, v: &Value) -> PyResult<usize> {
    let n = vm.index_int(v)?;
    Ok(vm.to_i64(&n).unwrap_or(0).max(0) as usize)
}

fn mul(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "__mul__", args, 1)?;
    let n = times(vm, &args[1])?;
    let items = this(vm, &args[0])?.snapshot();
    let d = like(vm, &args[0], vec![])?;
    for _ in 0..n {
        for v in &items {
            this(vm, &d)?.push_back(v.clone());
        }
    }
    Ok(d)
}

fn iadd(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "__iadd__", args, 1)?;
    extend_with(vm, &args[0], &args[1], false)?;
    Ok(args[0].clone())
}

fn imul(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "__imul__", args, 1)?;
    let n = times(vm, &args[1])?;
    let d = this(vm, &args[0])?;
    let items = d.snapshot();
    let old = std::mem::take(&mut *d.items.borrow_mut());
    d.changed();
    drop(old);
    for _ in 0..n {
        for v in &items {
            this(vm, &args[0])?.push_back(v.clone());
        }
    }
    Ok(args[0].clone())
}

/// `__reduce__`: `(cls, (list, maxlen), state)` (copy and pickle rebuild from it).
fn reduce(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let d = this(vm, &args[0])?;
    let items = Value::list(d.snapshot());
    let maxlen = d.maxlen.get().map_or(Value::NONE, |m| Value::int(m as i64));
    let cls = vm.type_of(&args[0]);
    let state = match args[0].as_instance() {
        Some(i) if !cls.as_type().is_some_and(|t| t.builtin) => {
            Value::dict(i.dict.borrow().clone())
        }
        _ => Value::NONE,
    };
    Ok(Value::tuple(vec![
        cls,
        Value::tuple(vec![items, maxlen]),
        state,
    ]))
}

// ----- defaultdict --------------------------------------------------------------------------

fn defaultdict_type(vm: &mut Vm) -> Value {
    vm.native_type("collections.defaultdict", |vm| {
        let dict = vm.types.dict.clone();
        let t = crate::vm::native_class("collections", "defaultdict", TypeKind::Dict, &dict, false);
        crate::builtins::add_methods(
            &t,
            "defaultdict",
            &[
                ("__init__", dd_init),
                ("__missing__", dd_missing),
                ("__repr__", dd_repr),
                ("copy", dd_copy),
                ("__copy__", dd_copy),
                ("__reduce__", dd_reduce),
                ("__or__", dd_or),
                ("__ror__", dd_ror),
            ],
        );
        if let Some(ty) = t.as_type() {
            // The factory is the one attribute an instance holds (no `__dict__`).
            let slots = Value::tuple(vec![Value::str("default_factory")]);
            ty.dict.borrow_mut().set_str("__slots__", slots);
        }
        t
    })
}

fn factory(vm: &mut Vm, me: &Value) -> PyResult<Value> {
    Ok(vm
        .getattr_opt(me, &Value::str("default_factory"))?
        .unwrap_or(Value::NONE))
}

/// `defaultdict(default_factory=None, /, [...])`: the rest as for `dict`.
fn dd_init(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let me = &args[0];
    let f = args.get(1).cloned().unwrap_or(Value::NONE);
    if !f.is_none() && !vm.is_callable(&f) {
        return Err(vm.type_error("first argument must be callable or None"));
    }
    let Some(inst) = me.as_instance() else {
        return Err(
            vm.type_error("descriptor '__init__' requires a 'collections.defaultdict' object")
        );
    };
    inst.dict.borrow_mut().set_str("default_factory", f);
    let rest = if args.len() > 2 { &args[2..] } else { &[] };
    let dict = vm.types.dict.clone();
    let init = vm.lookup_type(&dict, "__init__").unwrap_or(Value::NONE);
    let mut full = vec![me.clone()];
    full.extend_from_slice(rest);
    vm.call(&init, &full, kw)?;
    Ok(Value::NONE)
}

fn dd_missing(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "__missing__", args, 1)?;
    let f = factory(vm, &args[0])?;
    if f.is_none() {
        let cls = vm.exc.key_error.clone();
        return Err(vm.new_exception(&cls, vec![args[1].clone()]));
    }
    let v = vm.call(&f, &[], &[])?;
    vm.setitem(&args[0], &args[1], v.clone())?;
    Ok(v)
}

fn dd_repr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let me = &args[0];
    let f = factory(vm, me)?;
    let key = me.addr();
    let fr = if vm.repr_stack.contains(&key) {
        "...".to_string()
    } else {
        vm.repr_stack.push(key);
        let r = vm.repr_of(&f);
        vm.repr_stack.pop();
        r?
    };
    let inner = vm.unwrap_builtin(me).unwrap_or(Value::NONE);
    let dr = vm.repr_of(&inner)?;
    let name = vm.class_name(me);
    Ok(Value::string(format!("{name}({fr}, {dr})")))
}

fn dd_copy(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let f = factory(vm, &args[0])?;
    let cls = vm.type_of(&args[0]);
    vm.call(&cls, &[f, args[0].clone()], &[])
}

fn dd_reduce(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let f = factory(vm, &args[0])?;
    let cls = vm.type_of(&args[0]);
    let inner = vm.unwrap_builtin(&args[0]).unwrap_or(Value::NONE);
    let items = vm.getattr(&inner, &Value::str("items"))?;
    let items = vm.call(&items, &[], &[])?;
    let items = vm.get_iter(&items)?;
    let fargs = if f.is_none() { vec![] } else { vec![f] };
    Ok(Value::tuple(vec![
        cls,
        Value::tuple(fargs),
        Value::NONE,
        Value::NONE,
        items,
    ]))
}

/// `dd | other` and `other | dd`: a copy of the defaultdict (or of `other` as a
/// defaultdict with `dd`'s factory) updated with the other mapping.
fn dd_merge(vm: &mut Vm, dd: &Value, first: &Value, second: &Value) -> PyResult<Value> {
    let is_dict = |v: &Value| {
        v.as_dict().is_some()
            || v.as_instance()
                .is_some_and(|i| i.base_value.as_dict().is_some())
    };
    if !is_dict(first) || !is_dict(second) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let f = factory(vm, dd)?;
    let cls = vm.type_of(dd);
    let out = vm.call(&cls, &[f, first.clone()], &[])?;
    let update = vm.getattr(&out, &Value::str("update"))?;
    vm.call(&update, std::slice::from_ref(second), &[])?;
    Ok(out)
}

fn dd_or(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "__or__", args, 1)?;
    dd_merge(vm, &args[0], &args[0], &args[1])
}

fn dd_ror(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    arity(vm, "__ror__", args, 1)?;
    dd_merge(vm, &args[0], &args[1], &args[0])
}

// ----- _count_elements, _tuplegetter --------------------------------------------------------

/// `_count_elements(mapping, iterable)`: `mapping[x] = mapping.get(x, 0) + 1` for each.
fn count_elements(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "_count_elements", args, 2, 2)?;
    let (map, it) = (&args[0], vm.get_iter(&args[1])?);
    let get = vm.getattr(map, &Value::str("get"))?;
    while let Some(x) = vm.iter_next(&it)? {
        let old = vm.call(&get, &[x.clone(), Value::int(0)], &[])?;
        let new = vm.binary_op(&old, &Value::int(1), crate::vm::ops::NB_ADD)?;
        vm.setitem(map, &x, new)?;
    }
    Ok(Value::NONE)
}

struct TupleGetter {
    index: usize,
}

impl NativeData for TupleGetter {}

fn tuplegetter_new(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "_tuplegetter", &args[1..], 2, 2)?;
    let i = vm.index_int(&args[1])?;
    let index = vm.to_i64(&i).filter(|i| *i >= 0).unwrap_or(0) as usize;
    let base = vm.native_base(&args[0], "_tuplegetter")?;
    let g = vm.new_native(&args[0], &base, TupleGetter { index });
    if let Some(inst) = g.as_instance() {
        inst.dict.borrow_mut().set_str("__doc__", args[2].clone());
    }
    Ok(g)
}

fn tuplegetter_get(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "__get__", &args[1..], 1, 2)?;
    let g = args[0]
        .native::<TupleGetter>()
        .ok_or_else(|| vm.type_error("_tuplegetter expected"))?;
    let obj = &args[1];
    if obj.is_none() {
        return Ok(args[0].clone());
    }
    let tuple = match obj.as_instance() {
        Some(i) if i.base_value.as_tuple().is_some() => i.base_value.clone(),
        _ => obj.clone(),
    };
    match tuple.as_tuple() {
        Some(t) => t
            .get(g.index)
            .cloned()
            .ok_or_else(|| vm.index_error("tuple index out of range")),
        None => {
            let tn = vm.type_name(obj);
            Err(vm.type_error(format!(
                "descriptor for index '{}' for tuple subclasses doesn't apply to '{tn}' object",
                g.index
            )))
        }
    }
}

fn tuplegetter_repr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let g = args[0]
        .native::<TupleGetter>()
        .ok_or_else(|| vm.type_error("_tuplegetter expected"))?;
    let doc = vm.getattr(&args[0], &Value::str("__doc__"))?;
    let doc = vm.repr_of(&doc)?;
    let name = vm.class_name(&args[0]);
    Ok(Value::string(format!("{name}({}, {doc})", g.index)))
}

fn tuplegetter_set(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Err(vm.attribute_error("can't set attribute"))
}

fn tuplegetter_delete(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Err(vm.attribute_error("can't delete attribute"))
}
