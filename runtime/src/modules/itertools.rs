//! `itertools`, all of it, as CPython's `Modules/itertoolsmodule.c` (pickling left out).
//!
//! Every iterator is a native object (`object::native`): its `NativeIterator::next` is the
//! iteration step, so a `for` loop over one costs no method lookup. State that changes lives
//! in `Cell`/`RefCell`s that are never borrowed across a call into Python code (a key
//! function or an inner iterator may call back into the same iterator, which then sees a
//! consistent state).

use crate::object::native::{no_new, NativeData, NativeIterator};
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

type Kw<'a> = &'a [(Value, Value)];

/// Arguments bound to named parameters: positional first, then keywords; None for the
/// ones not given. `required` leading ones must be given.
fn bind(
    vm: &Vm,
    fname: &str,
    args: &[Value],
    kw: Kw,
    names: &[&str],
    required: usize,
) -> PyResult<Vec<Option<Value>>> {
    if args.len() > names.len() {
        return Err(vm.type_error(format!(
            "{fname}() takes at most {} arguments ({} given)",
            names.len(),
            args.len()
        )));
    }
    let mut out: Vec<Option<Value>> = names.iter().map(|_| None).collect();
    for (i, a) in args.iter().enumerate() {
        out[i] = Some(a.clone());
    }
    for (k, v) in kw {
        let k = vm.str_value(k);
        match names.iter().position(|n| *n == k) {
            Some(i) if out[i].is_none() => out[i] = Some(v.clone()),
            Some(_) => {
                return Err(vm.type_error(format!(
                    "argument for {fname}() given by name ('{k}') and position ({})",
                    names.iter().position(|n| *n == k).unwrap_or(0) + 1
                )));
            }
            None => {
                return Err(vm.type_error(format!(
                    "{fname}() got an unexpected keyword argument '{k}'"
                )));
            }
        }
    }
    for (i, n) in names.iter().enumerate().take(required) {
        if out[i].is_none() {
            return Err(vm.type_error(format!(
                "{fname}() missing required argument '{n}' (pos {})",
                i + 1
            )));
        }
    }
    Ok(out)
}

/// Exactly `n` positional arguments and no keywords (CPython's "X expected n arguments").
fn exactly(vm: &Vm, name: &str, args: &[Value], kw: Kw, n: usize) -> PyResult<()> {
    if !kw.is_empty() {
        return Err(vm.type_error(format!("{name}() takes no keyword arguments")));
    }
    if args.len() != n {
        let s = if n == 1 { "" } else { "s" };
        return Err(vm.type_error(format!(
            "{name} expected {n} argument{s}, got {}",
            args.len()
        )));
    }
    Ok(())
}

fn no_kw(vm: &Vm, name: &str, kw: Kw) -> PyResult<()> {
    if kw.is_empty() {
        Ok(())
    } else {
        Err(vm.type_error(format!("{name}() takes no keyword arguments")))
    }
}

/// A native iterator type's `__new__`: `cls`, its base named `$name`, and the arguments.
macro_rules! iter_types {
    ($($name:literal => $new:ident;)*) => {
        pub fn install(vm: &mut Vm) {
            let types: Vec<(&'static str, Value)> = vec![$(($name, {
                let t = vm.native_type(concat!("itertools.", $name), |vm| {
                    vm.new_native_type("itertools", $name, &[("__new__", $new)], true)
                });
                t
            }),)*];
            let d = super::new_native_module(vm, "itertools", &[("tee", tee)]);
            extra_methods(vm);
            if let Some(d) = d.as_dict() {
                let mut d = d.borrow_mut();
                for (n, t) in types {
                    if !n.starts_with('_') {
                        d.set_str(n, t);
                    }
                }
            }
        }
    };
}

iter_types! {
    "count" => count_new;
    "cycle" => cycle_new;
    "repeat" => repeat_new;
    "accumulate" => accumulate_new;
    "chain" => chain_new;
    "compress" => compress_new;
    "dropwhile" => dropwhile_new;
    "takewhile" => takewhile_new;
    "filterfalse" => filterfalse_new;
    "groupby" => groupby_new;
    "_grouper" => no_new;
    "islice" => islice_new;
    "pairwise" => pairwise_new;
    "starmap" => starmap_new;
    "_tee" => no_new;
    "zip_longest" => zip_longest_new;
    "product" => product_new;
    "permutations" => permutations_new;
    "combinations" => combinations_new;
    "combinations_with_replacement" => cwr_new;
}

/// The methods beyond `__new__`/`__iter__`/`__next__`.
fn extra_methods(vm: &mut Vm) {
    let add = |vm: &mut Vm,
               ty: &'static str,
               owner: &'static str,
               m: &[(&'static str, crate::object::NativeFn)]| {
        if let Some(t) = vm.native_types.get(ty) {
            crate::builtins::add_methods(t, owner, m);
        }
    };
    add(vm, "itertools.count", "count", &[("__repr__", count_repr)]);
    add(
        vm,
        "itertools.repeat",
        "repeat",
        &[("__repr__", repeat_repr), ("__length_hint__", repeat_len)],
    );
    add(vm, "itertools._tee", "_tee", &[("__copy__", tee_copy)]);
    if let Some(t) = vm.native_types.get("itertools.chain").cloned() {
        if let Some(ty) = t.as_type() {
            let f = crate::builtins::native("from_iterable", chain_from_iterable);
            ty.dict.borrow_mut().set_str(
                "from_iterable",
                Value::new_obj(crate::object::Obj::ClassMethod(f)),
            );
        }
    }
}

fn make(vm: &mut Vm, cls: &Value, name: &str, data: impl NativeData) -> PyResult<Value> {
    let base = vm.native_base(cls, name)?;
    Ok(vm.new_native(cls, &base, data))
}

// ----- count, cycle, repeat ----------------------------------------------------------------

struct Count {
    next: RefCell<Value>,
    step: Value,
}

impl NativeIterator for Count {
    fn next(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let cur = self.next.borrow().clone();
        let n = vm.binary_op(&cur, &self.step, crate::vm::ops::NB_ADD)?;
        *self.next.borrow_mut() = n;
        Ok(Some(cur))
    }
}

fn is_number(vm: &Vm, v: &Value) -> bool {
    v.is_float() || v.is_int() || {
        let t = vm.type_of(v);
        vm.lookup_type(&t, "__add__").is_some() && v.as_str().is_none()
    }
}

fn count_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let a = bind(vm, "count", &args[1..], kw, &["start", "step"], 0)?;
    let start = a[0].clone().unwrap_or(Value::int(0));
    let stp = a[1].clone().unwrap_or(Value::int(1));
    if !is_number(vm, &start) || !is_number(vm, &stp) {
        return Err(vm.type_error("a number is required"));
    }
    make(
        vm,
        &args[0],
        "count",
        Count {
            next: RefCell::new(start),
            step: stp,
        },
    )
}

fn count_repr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let c = args[0]
        .native::<Count>()
        .ok_or_else(|| vm.type_error("count expected"))?;
    let n = vm.repr_of(&c.next.borrow().clone())?;
    let tn = vm.class_name(&args[0]);
    let unit = c.step.as_small_int() == Some(1) && !c.step.is_bool();
    Ok(Value::string(if unit {
        format!("{tn}({n})")
    } else {
        let s = vm.repr_of(&c.step)?;
        format!("{tn}({n}, {s})")
    }))
}

struct Cycle {
    it: Value,
    saved: RefCell<Vec<Value>>,
    /// Index into `saved` once the source ran out (None: still reading it).
    replay: Cell<Option<usize>>,
}

impl NativeIterator for Cycle {
    fn next(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        if self.replay.get().is_none() {
            match vm.iter_next(&self.it) {
                Ok(Some(v)) => {
                    self.saved.borrow_mut().push(v.clone());
                    return Ok(Some(v));
                }
                Ok(None) => self.replay.set(Some(0)),
                Err(e) => return Err(e),
            }
        }
        let saved = self.saved.borrow();
        if saved.is_empty() {
            return Ok(None);
        }
        let i = self.replay.get().unwrap_or(0) % saved.len();
        self.replay.set(Some(i + 1));
        Ok(Some(saved[i].clone()))
    }
}

fn cycle_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    exactly(vm, "cycle", &args[1..], kw, 1)?;
    let it = vm.get_iter(&args[1])?;
    make(
        vm,
        &args[0],
        "cycle",
        Cycle {
            it,
            saved: RefCell::default(),
            replay: Cell::new(None),
        },
    )
}

struct Repeat {
    value: Value,
    /// Repetitions left (None: forever).
    left: Cell<Option<usize>>,
}

impl NativeIterator for Repeat {
    fn next(&self, _vm: &mut Vm) -> PyResult<Option<Value>> {
        match self.left.get() {
            Some(0) => Ok(None),
            Some(n) => {
                self.left.set(Some(n - 1));
                Ok(Some(self.value.clone()))
            }
            None => Ok(Some(self.value.clone())),
        }
    }
}

fn repeat_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let a = bind(vm, "repeat", &args[1..], kw, &["object", "times"], 1)?;
    let left = match &a[1] {
        None => None,
        Some(t) => {
            let n = vm.index_int(t)?;
            let n = vm.to_i64(&n).unwrap_or(0);
            Some(n.max(0) as usize)
        }
    };
    let value = a[0].clone().unwrap_or(Value::NONE);
    make(
        vm,
        &args[0],
        "repeat",
        Repeat {
            value,
            left: Cell::new(left),
        },
    )
}

fn repeat_repr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = args[0]
        .native::<Repeat>()
        .ok_or_else(|| vm.type_error("repeat expected"))?;
    let v = vm.repr_of(&r.value)?;
    let tn = vm.class_name(&args[0]);
    Ok(Value::string(match r.left.get() {
        Some(n) => format!("{tn}({v}, {n})"),
        None => format!("{tn}({v})"),
    }))
}

fn repeat_len(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = args[0]
        .native::<Repeat>()
        .ok_or_else(|| vm.type_error("repeat expected"))?;
    match r.left.get() {
        Some(n) => Ok(Value::int(n as i64)),
        None => Err(vm.type_error("len() of unsized object")),
    }
}

// ----- accumulate, chain, compress, dropwhile, takewhile, filterfalse, starmap, pairwise ---

struct Accumulate {
    it: Value,
    func: Value,
    total: RefCell<Value>,
    /// The `initial` value, yielded first.
    initial: RefCell<Value>,
}

impl NativeIterator for Accumulate {
    fn next(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let init = std::mem::take(&mut *self.initial.borrow_mut());
        if !init.is_null() {
            *self.total.borrow_mut() = init.clone();
            return Ok(Some(init));
        }
        let x = match vm.iter_next(&self.it) {
            Ok(Some(x)) => x,
            other => return other,
        };
        let total = self.total.borrow().clone();
        let new = if total.is_null() {
            Ok(x)
        } else if self.func.is_none() {
            vm.binary_op(&total, &x, crate::vm::ops::NB_ADD)
        } else {
            vm.call(&self.func, &[total, x], &[])
        };
        let n = new?;
        *self.total.borrow_mut() = n.clone();
        Ok(Some(n))
    }
}

fn accumulate_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let a = bind(
        vm,
        "accumulate",
        &args[1..],
        kw,
        &["iterable", "func", "initial"],
        1,
    )?;
    if args.len() > 3 {
        return Err(vm.type_error(format!(
            "accumulate() takes at most 2 positional arguments ({} given)",
            args.len() - 1
        )));
    }
    let it = vm.get_iter(a[0].as_ref().unwrap_or(&Value::NONE))?;
    let func = a[1].clone().unwrap_or(Value::NONE);
    let initial = a[2].clone().filter(|v| !v.is_none()).unwrap_or(Value::NULL);
    make(
        vm,
        &args[0],
        "accumulate",
        Accumulate {
            it,
            func,
            total: RefCell::new(Value::NULL),
            initial: RefCell::new(initial),
        },
    )
}

struct Chain {
    /// The iterables still to go (an iterator over them).
    sources: Value,
    active: RefCell<Value>,
}

impl NativeIterator for Chain {
    fn next(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        loop {
            let active = self.active.borrow().clone();
            if !active.is_null() {
                match vm.iter_next(&active) {
                    Ok(Some(v)) => return Ok(Some(v)),
                    Ok(None) => *self.active.borrow_mut() = Value::NULL,
                    Err(e) => return Err(e),
                }
            }
            if self.sources.is_null() {
                return Ok(None);
            }
            match vm.iter_next(&self.sources) {
                Ok(Some(src)) => match vm.get_iter(&src) {
                    Ok(it) => *self.active.borrow_mut() = it,
                    Err(e) => return Err(e),
                },
                other => return other,
            }
        }
    }
}

fn chain_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    no_kw(vm, "chain", kw)?;
    let sources = vm.get_iter(&Value::tuple(args[1..].to_vec()))?;
    make(
        vm,
        &args[0],
        "chain",
        Chain {
            sources,
            active: RefCell::new(Value::NULL),
        },
    )
}

fn chain_from_iterable(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    exactly(vm, "from_iterable", &args[1..], kw, 1)?;
    let sources = vm.get_iter(&args[1])?;
    make(
        vm,
        &args[0],
        "chain",
        Chain {
            sources,
            active: RefCell::new(Value::NULL),
        },
    )
}

struct Compress {
    data: Value,
    selectors: Value,
}

impl NativeIterator for Compress {
    fn next(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        loop {
            let Some(d) = vm.iter_next(&self.data)? else {
                return Ok(None);
            };
            let Some(s) = vm.iter_next(&self.selectors)? else {
                return Ok(None);
            };
            if vm.is_true(&s)? {
                return Ok(Some(d));
            }
        }
    }
}

fn compress_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let a = bind(vm, "compress", &args[1..], kw, &["data", "selectors"], 2)?;
    let data = vm.get_iter(a[0].as_ref().unwrap_or(&Value::NONE))?;
    let selectors = vm.get_iter(a[1].as_ref().unwrap_or(&Value::NONE))?;
    make(vm, &args[0], "compress", Compress { data, selectors })
}

/// `dropwhile`, `takewhile` and `filterfalse`: a predicate over an iterator.
struct Predicated {
    kind: PredKind,
    pred: Value,
    it: Value,
    /// dropwhile: done dropping; takewhile: stopped.
    flag: Cell<bool>,
}

#[derive(Clone, Copy, PartialEq)]
enum PredKind {
    DropWhile,
    TakeWhile,
    FilterFalse,
}

impl NativeIterator for Predicated {
    fn next(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        loop {
            if self.kind == PredKind::TakeWhile && self.flag.get() {
                return Ok(None);
            }
            let Some(x) = vm.iter_next(&self.it)? else {
                return Ok(None);
            };
            if self.kind == PredKind::DropWhile && self.flag.get() {
                return Ok(Some(x));
            }
            let ok = if self.pred.is_none() && self.kind == PredKind::FilterFalse {
                vm.is_true(&x)?
            } else {
                let r = vm.call(&self.pred, std::slice::from_ref(&x), &[])?;
                vm.is_true(&r)?
            };
            match self.kind {
                PredKind::DropWhile if !ok => {
                    self.flag.set(true);
                    return Ok(Some(x));
                }
                PredKind::TakeWhile if ok => return Ok(Some(x)),
                PredKind::TakeWhile => {
                    self.flag.set(true);
                    return Ok(None);
                }
                PredKind::FilterFalse if !ok => return Ok(Some(x)),
                _ => {}
            }
        }
    }
}

fn predicated(vm: &mut Vm, args: &[Value], kw: Kw, name: &str, kind: PredKind) -> PyResult<Value> {
    exactly(vm, name, &args[1..], kw, 2)?;
    let it = vm.get_iter(&args[2])?;
    let pred = args[1].clone();
    make(
        vm,
        &args[0],
        name,
        Predicated {
            kind,
            pred,
            it,
            flag: Cell::new(false),
        },
    )
}

fn dropwhile_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    predicated(vm, args, kw, "dropwhile", PredKind::DropWhile)
}

fn takewhile_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    predicated(vm, args, kw, "takewhile", PredKind::TakeWhile)
}

fn filterfalse_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    predicated(vm, args, kw, "filterfalse", PredKind::FilterFalse)
}

struct Starmap {
    func: Value,
    it: Value,
}

impl NativeIterator for Starmap {
    fn next(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let Some(x) = vm.iter_next(&self.it)? else {
            return Ok(None);
        };
        let items = vm.collect(&x)?;
        vm.call(&self.func, &items, &[]).map(Some)
    }
}

fn starmap_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    exactly(vm, "starmap", &args[1..], kw, 2)?;
    let it = vm.get_iter(&args[2])?;
    make(
        vm,
        &args[0],
        "starmap",
        Starmap {
            func: args[1].clone(),
            it,
        },
    )
}

struct Pairwise {
    it: Value,
    old: RefCell<Value>,
}

impl NativeIterator for Pairwise {
    fn next(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let mut old = self.old.borrow().clone();
        if old.is_null() {
            match vm.iter_next(&self.it)? {
                Some(v) => old = v,
                None => return Ok(None),
            }
            *self.old.borrow_mut() = old.clone();
        }
        let Some(new) = vm.iter_next(&self.it)? else {
            return Ok(None);
        };
        *self.old.borrow_mut() = new.clone();
        Ok(Some(Value::tuple(vec![old, new])))
    }
}

fn pairwise_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    exactly(vm, "pairwise", &args[1..], kw, 1)?;
    let it = vm.get_iter(&args[1])?;
    make(
        vm,
        &args[0],
        "pairwise",
        Pairwise {
            it,
            old: RefCell::new(Value::NULL),
        },
    )
}

// ----- islice, zip_longest ------------------------------------------------------------------

struct Islice {
    it: Value,
    /// The index of the next element to yield, and the one after the last.
    next: Cell<usize>,
    stop: Option<usize>,
    step: usize,
    /// Elements consumed so far.
    count: Cell<usize>,
    done: Cell<bool>,
}

impl NativeIterator for Islice {
    fn next(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        if self.done.get() {
            return Ok(None);
        }
        let want = self.next.get();
        if self.stop.is_some_and(|s| want >= s) {
            // Consume up to `stop`, as CPython does, then stop.
            while self.stop.is_some_and(|s| self.count.get() < s) {
                if vm.iter_next(&self.it)?.is_none() {
                    break;
                }
                self.count.set(self.count.get() + 1);
            }
            self.done.set(true);
            return Ok(None);
        }
        loop {
            let Some(v) = vm.iter_next(&self.it)? else {
                self.done.set(true);
                return Ok(None);
            };
            let i = self.count.get();
            self.count.set(i + 1);
            if i == want {
                self.next.set(want.saturating_add(self.step));
                return Ok(Some(v));
            }
        }
    }
}

/// An islice bound: None, or an int in 0..=sys.maxsize.
fn slice_arg(vm: &mut Vm, v: &Value, msg: &str) -> PyResult<Option<usize>> {
    if v.is_none() {
        return Ok(None);
    }
    let n = vm.index_int(v).ok().and_then(|i| vm.to_i64(&i));
    match n {
        Some(n) if n >= 0 => Ok(Some(n as usize)),
        _ => Err(vm.value_error(msg)),
    }
}

fn islice_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    no_kw(vm, "islice", kw)?;
    let a = &args[1..];
    if !(2..=4).contains(&a.len()) {
        return Err(vm.type_error(format!(
            "islice expected {} arguments, got {}",
            if a.len() < 2 {
                "at least 2"
            } else {
                "at most 4"
            },
            a.len()
        )));
    }
    let stop_msg = "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    let idx_msg = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    let (start, stop, stp) = if a.len() == 2 {
        (0, slice_arg(vm, &a[1], stop_msg)?, 1)
    } else {
        let start = slice_arg(vm, &a[1], idx_msg)?.unwrap_or(0);
        let stop = slice_arg(vm, &a[2], idx_msg)?;
        let stp = match a.get(3) {
            Some(s) if !s.is_none() => {
                let n = vm.index_int(s).ok().and_then(|n| vm.to_i64(&n));
                match n {
                    Some(n) if n > 0 => n as usize,
                    _ => {
                        return Err(
                            vm.value_error("Step for islice() must be a positive integer or None.")
                        )
                    }
                }
            }
            _ => 1,
        };
        (start, stop, stp)
    };
    let it = vm.get_iter(&a[0])?;
    make(
        vm,
        &args[0],
        "islice",
        Islice {
            it,
            next: Cell::new(start),
            stop,
            step: stp,
            count: Cell::new(0),
            done: Cell::new(false),
        },
    )
}

struct ZipLongest {
    /// The iterators; NULL once exhausted.
    its: RefCell<Vec<Value>>,
    active: Cell<usize>,
    fill: Value,
}

impl NativeIterator for ZipLongest {
    fn next(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let n = self.its.borrow().len();
        if n == 0 || self.active.get() == 0 {
            return Ok(None);
        }
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let it = self.its.borrow()[i].clone();
            if it.is_null() {
                out.push(self.fill.clone());
                continue;
            }
            match vm.iter_next(&it)? {
                Some(v) => out.push(v),
                None => {
                    self.its.borrow_mut()[i] = Value::NULL;
                    self.active.set(self.active.get() - 1);
                    if self.active.get() == 0 {
                        return Ok(None);
                    }
                    out.push(self.fill.clone());
                }
            }
        }
        Ok(Some(Value::tuple(out)))
    }
}

fn zip_longest_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let mut fill = Value::NONE;
    for (k, v) in kw {
        if vm.str_value(k) == "fillvalue" && kw.len() == 1 {
            fill = v.clone();
        } else {
            return Err(vm.type_error("zip_longest() got an unexpected keyword argument"));
        }
    }
    let its = args[1..]
        .iter()
        .map(|a| vm.get_iter(a))
        .collect::<PyResult<Vec<_>>>()?;
    let active = Cell::new(its.len());
    make(
        vm,
        &args[0],
        "zip_longest",
        ZipLongest {
            its: RefCell::new(its),
            active,
            fill,
        },
    )
}

// ----- groupby ------------------------------------------------------------------------------

struct GroupBy {
    state: Rc<GroupState>,
}

/// What a `groupby` shares with its `_grouper`s.
struct GroupState {
    it: Value,
    keyfunc: Value,
    /// The last element read and its key (NULL: read the next one).
    value: RefCell<Value>,
    key: RefCell<Value>,
    /// The key of the group being produced.
    target: RefCell<Value>,
    /// Bumped for each new group: an older `_grouper` then yields nothing more.
    group: Cell<u64>,
}

impl GroupState {
    /// Reads the next element and its key; false at the end.
    fn step(&self, vm: &mut Vm) -> PyResult<bool> {
        let Some(v) = vm.iter_next(&self.it)? else {
            return Ok(false);
        };
        let k = if self.keyfunc.is_none() {
            v.clone()
        } else {
            vm.call(&self.keyfunc, std::slice::from_ref(&v), &[])?
        };
        *self.value.borrow_mut() = v;
        *self.key.borrow_mut() = k;
        Ok(true)
    }
}

impl NativeIterator for GroupBy {
    fn next(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let st = &self.state;
        st.group.set(st.group.get() + 1);
        // Skip the rest of the current group.
        loop {
            let cur = st.key.borrow().clone();
            if cur.is_null() {
                if !st.step(vm)? {
                    return Ok(None);
                }
                continue;
            }
            let target = st.target.borrow().clone();
            if target.is_null() || !vm.eq(&target, &cur)? {
                break;
            }
            if !st.step(vm)? {
                return Ok(None);
            }
        }
        let key = st.key.borrow().clone();
        *st.target.borrow_mut() = key.clone();
        let grouper = Grouper {
            state: st.clone(),
            group: st.group.get(),
            key: key.clone(),
        };
        let cls = vm
            .native_types
            .get("itertools._grouper")
            .cloned()
            .unwrap_or(Value::NONE);
        let g = vm.new_native(&cls, &cls, grouper);
        Ok(Some(Value::tuple(vec![key, g])))
    }
}

struct Grouper {
    state: Rc<GroupState>,
    group: u64,
    key: Value,
}

impl NativeIterator for Grouper {
    fn next(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let st = &self.state;
        if st.group.get() != self.group {
            return Ok(None);
        }
        if st.key.borrow().is_null() && !st.step(vm)? {
            return Ok(None);
        }
        let k = st.key.borrow().clone();
        if !vm.eq(&self.key, &k)? {
            return Ok(None);
        }
        let v = std::mem::take(&mut *st.value.borrow_mut());
        *st.key.borrow_mut() = Value::NULL;
        Ok(Some(v))
    }
}

fn groupby_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let a = bind(vm, "groupby", &args[1..], kw, &["iterable", "key"], 1)?;
    let it = vm.get_iter(a[0].as_ref().unwrap_or(&Value::NONE))?;
    let key = a[1].clone().unwrap_or(Value::NONE);
    let state = Rc::new(GroupState {
        it,
        keyfunc: key,
        value: RefCell::new(Value::NULL),
        key: RefCell::new(Value::NULL),
        target: RefCell::new(Value::NULL),
        group: Cell::new(0),
    });
    make(vm, &args[0], "groupby", GroupBy { state })
}

// ----- tee ----------------------------------------------------------------------------------

/// The buffer the iterators of one `tee` share.
struct TeeShared {
    it: Value,
    /// Elements read from `it` and not yet seen by every iterator; `buf[0]` is element
    /// number `first`.
    buf: RefCell<std::collections::VecDeque<Value>>,
    first: Cell<usize>,
    /// Each live iterator's position (usize::MAX once it died).
    positions: RefCell<Vec<usize>>,
}

struct Tee {
    shared: Rc<TeeShared>,
    slot: usize,
}

impl Drop for Tee {
    fn drop(&mut self) {
        if let Ok(mut p) = self.shared.positions.try_borrow_mut() {
            p[self.slot] = usize::MAX;
        }
    }
}

impl NativeIterator for Tee {
    fn next(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let sh = &self.shared;
        let pos = sh.positions.borrow()[self.slot];
        let first = sh.first.get();
        let have = sh.buf.borrow().get(pos - first).cloned();
        let v = match have {
            Some(v) => v,
            None => match vm.iter_next(&sh.it)? {
                Some(v) => {
                    sh.buf.borrow_mut().push_back(v.clone());
                    v
                }
                None => return Ok(None),
            },
        };
        sh.positions.borrow_mut()[self.slot] = pos + 1;
        // Drop what every iterator has seen.
        let min = sh
            .positions
            .borrow()
            .iter()
            .copied()
            .min()
            .unwrap_or(usize::MAX);
        let mut buf = sh.buf.borrow_mut();
        while sh.first.get() < min && !buf.is_empty() {
            buf.pop_front();
            sh.first.set(sh.first.get() + 1);
        }
        Ok(Some(v))
    }
}

fn new_tee(vm: &mut Vm, shared: &Rc<TeeShared>, pos: usize) -> Value {
    let slot = {
        let mut p = shared.positions.borrow_mut();
        p.push(pos);
        p.len() - 1
    };
    let cls = vm
        .native_types
        .get("itertools._tee")
        .cloned()
        .unwrap_or(Value::NONE);
    vm.new_native(
        &cls,
        &cls,
        Tee {
            shared: shared.clone(),
            slot,
        },
    )
}

fn tee(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    no_kw(vm, "tee", kw)?;
    crate::builtins::check_arity(vm, "tee", args, 1, 2)?;
    let n = match args.get(1) {
        Some(n) => {
            let n = vm.index_int(n)?;
            vm.to_i64(&n).unwrap_or(-1)
        }
        None => 2,
    };
    if n < 0 {
        return Err(vm.value_error("n must be >= 0"));
    }
    if n == 0 {
        return Ok(Value::tuple(vec![]));
    }
    // Each of the `n` iterators: its tuple slot, the object and its position (an estimate
    // from below): more than memory holds is a MemoryError, not an endless fill.
    vm.check_alloc((n as usize).saturating_mul(64))?;
    // A tee iterator given again shares its buffer (CPython copies it with __copy__).
    if let Some(t) = args[0].native::<Tee>() {
        let shared = t.shared.clone();
        let pos = shared.positions.borrow()[t.slot];
        let mut out = vec![args[0].clone()];
        for _ in 1..n {
            out.push(new_tee(vm, &shared, pos));
        }
        return Ok(Value::tuple(out));
    }
    let it = vm.get_iter(&args[0])?;
    let shared = Rc::new(TeeShared {
        it,
        buf: RefCell::default(),
        first: Cell::new(0),
        positions: RefCell::default(),
    });
    let out = (0..n).map(|_| new_tee(vm, &shared, 0)).collect();
    Ok(Value::tuple(out))
}

fn tee_copy(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let t = args[0]
        .native::<Tee>()
        .ok_or_else(|| vm.type_error("_tee expected"))?;
    let shared = t.shared.clone();
    let pos = shared.positions.borrow()[t.slot];
    Ok(new_tee(vm, &shared, pos))
}

// ----- combinatorics ------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Comb {
    Product,
    Permutations,
    Combinations,
    WithReplacement,
}

/// The state of `product`, `permutations`, `combinations` and
/// `combinations_with_replacement`: index vectors over the pooled elements, stepped as
/// CPython steps them (so the order of results is CPython's).
struct Combinatoric {
    kind: Comb,
    pools: Vec<Vec<Value>>,
    r: usize,
    indices: RefCell<Vec<usize>>,
    cycles: RefCell<Vec<usize>>,
    /// Not started (None), running, or done.
    started: Cell<bool>,
    done: Cell<bool>,
}

impl Combinatoric {
    fn result(&self) -> Value {
        let idx = self.indices.borrow();
        let items = match self.kind {
            Comb::Product => idx
                .iter()
                .enumerate()
                .map(|(i, &j)| self.pools[i][j].clone())
                .collect(),
            _ => idx[..self.r]
                .iter()
                .map(|&j| self.pools[0][j].clone())
                .collect(),
        };
        Value::tuple(items)
    }

    /// Moves to the next index vector; false when there is none.
    fn advance(&self) -> bool {
        let mut idx = self.indices.borrow_mut();
        let r = self.r;
        match self.kind {
            Comb::Product => {
                for i in (0..idx.len()).rev() {
                    idx[i] += 1;
                    if idx[i] < self.pools[i].len() {
                        return true;
                    }
                    idx[i] = 0;
                }
                false
            }
            Comb::Combinations => {
                let n = self.pools[0].len();
                let Some(i) = (0..r).rev().find(|&i| idx[i] != i + n - r) else {
                    return false;
                };
                idx[i] += 1;
                for j in i + 1..r {
                    idx[j] = idx[j - 1] + 1;
                }
                true
            }
            Comb::WithReplacement => {
                let n = self.pools[0].len();
                let Some(i) = (0..r).rev().find(|&i| idx[i] != n - 1) else {
                    return false;
                };
                let v = idx[i] + 1;
                for x in &mut idx[i..r] {
                    *x = v;
                }
                true
            }
            Comb::Permutations => {
                let n = self.pools[0].len();
                let mut cycles = self.cycles.borrow_mut();
                for i in (0..r).rev() {
                    cycles[i] -= 1;
                    if cycles[i] == 0 {
                        let x = idx.remove(i);
                        idx.push(x);
                        cycles[i] = n - i;
                    } else {
                        let j = cycles[i];
                        idx.swap(i, n - j);
                        return true;
                    }
                }
                false
            }
        }
    }
}

impl NativeIterator for Combinatoric {
    fn next(&self, _vm: &mut Vm) -> PyResult<Option<Value>> {
        if self.done.get() {
            return Ok(None);
        }
        if self.started.get() && !self.advance() {
            self.done.set(true);
            return Ok(None);
        }
        self.started.set(true);
        Ok(Some(self.result()))
    }
}

fn combinatoric(
    vm: &mut Vm,
    cls: &Value,
    name: &str,
    kind: Comb,
    pools: Vec<Vec<Value>>,
    r: usize,
) -> PyResult<Value> {
    let n = pools.first().map_or(0, |p| p.len());
    let (indices, cycles, empty) = match kind {
        Comb::Product => (
            vec![0; pools.len()],
            vec![],
            pools.iter().any(|p| p.is_empty()),
        ),
        Comb::Combinations => ((0..r).collect(), vec![], r > n),
        Comb::WithReplacement => (vec![0; r], vec![], n == 0 && r > 0),
        Comb::Permutations => ((0..n).collect(), (0..r).map(|i| n - i).collect(), r > n),
    };
    let data = Combinatoric {
        kind,
        pools,
        r,
        indices: RefCell::new(indices),
        cycles: RefCell::new(cycles),
        started: Cell::new(false),
        done: Cell::new(empty),
    };
    make(vm, cls, name, data)
}

fn product_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let mut repeat = 1usize;
    for (k, v) in kw {
        let k = vm.str_value(k);
        if k != "repeat" {
            return Err(vm.type_error(format!(
                "'{k}' is an invalid keyword argument for product()"
            )));
        }
        let n = vm.index_int(v)?;
        let n = vm.to_i64(&n).unwrap_or(-1);
        if n < 0 {
            return Err(vm.value_error("repeat argument cannot be negative"));
        }
        repeat = n as usize;
    }
    let mut base = vec![];
    for a in &args[1..] {
        base.push(vm.collect(a)?);
    }
    let pools: Vec<Vec<Value>> = (0..repeat).flat_map(|_| base.iter().cloned()).collect();
    combinatoric(vm, &args[0], "product", Comb::Product, pools, 0)
}

/// The `r` argument: a non-negative int.
fn r_arg(vm: &mut Vm, v: &Value) -> PyResult<usize> {
    let n = vm.index_int(v)?;
    match vm.to_i64(&n) {
        Some(n) if n >= 0 => Ok(n as usize),
        Some(_) => Err(vm.value_error("r must be non-negative")),
        None => Err(vm.overflow_error("Python int too large to convert to C ssize_t")),
    }
}

fn permutations_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let a = bind(vm, "permutations", &args[1..], kw, &["iterable", "r"], 1)?;
    let pool = vm.collect(a[0].as_ref().unwrap_or(&Value::NONE))?;
    let r = match &a[1] {
        Some(r) if !r.is_none() => r_arg(vm, r)?,
        _ => pool.len(),
    };
    combinatoric(
        vm,
        &args[0],
        "permutations",
        Comb::Permutations,
        vec![pool],
        r,
    )
}

fn combinations_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let a = bind(vm, "combinations", &args[1..], kw, &["iterable", "r"], 2)?;
    let pool = vm.collect(a[0].as_ref().unwrap_or(&Value::NONE))?;
    let r = r_arg(vm, a[1].as_ref().unwrap_or(&Value::NONE))?;
    combinatoric(
        vm,
        &args[0],
        "combinations",
        Comb::Combinations,
        vec![pool],
        r,
    )
}

fn cwr_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let name = "combinations_with_replacement";
    let a = bind(vm, name, &args[1..], kw, &["iterable", "r"], 2)?;
    let pool = vm.collect(a[0].as_ref().unwrap_or(&Value::NONE))?;
    let r = r_arg(vm, a[1].as_ref().unwrap_or(&Value::NONE))?;
    combinatoric(vm, &args[0], name, Comb::WithReplacement, vec![pool], r)
}
