//! `_weakref`: weak references (`ref`, `proxy`), as CPython's `Objects/weakrefobject.c`.
//!
//! A weak reference is a native object (`object::native`) whose state, [`WeakRef`], holds
//! its referent's address without a reference. The referent's header (`weaklist`, see
//! `object::layout`) points at the first state of a doubly linked list of all weak
//! references to it, so:
//! - when the referent is freed, `value::free` calls [`clear_refs`] before its contents
//!   go: every reference in the list goes dead at once, and the callbacks of those that
//!   have one are queued (`vm::finalize`) to run at the next safe point with the dead
//!   reference as argument, in CPython's order (the newest reference first);
//! - when a reference dies first, its state unlinks itself (`Drop`).
//!
//! As in CPython, `ref(x)` without a callback returns the existing plain reference to `x`
//! if there is one, plain references and proxies come first in the list, and only objects
//! of types that CPython makes weakly referenceable can be referred to.

use crate::object::native::NativeData;
use crate::object::Obj;
use crate::value::Value;
use crate::vm::ops::{Unary, NB_NAMES};
use crate::vm::{PyResult, Vm};
use std::cell::{Cell, RefCell};

type Kw<'a> = &'a [(Value, Value)];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ref,
    Proxy,
    CallableProxy,
}

/// The state of a weak reference.
pub struct WeakRef {
    kind: Kind,
    /// The referent's bits (no reference held); 0 once it died.
    target: Cell<u64>,
    /// Called with the reference when the referent dies; NULL if none (or already called).
    callback: RefCell<Value>,
    /// The referent's hash, kept once computed (a dead reference still hashes).
    hash: Cell<Option<Value>>,
    /// The weak-reference object this state belongs to (no reference held: it owns us).
    outer: Cell<u64>,
    /// Neighbours in the referent's list: bits of other states (0: none).
    prev: Cell<u64>,
    next: Cell<u64>,
}

impl NativeData for WeakRef {}

/// The state behind the state object with bits `bits`, which the caller knows is alive.
fn state_at(bits: u64, f: impl FnOnce(&WeakRef)) {
    let v = Value::borrowed(bits);
    if let Some(w) = v.native::<WeakRef>() {
        f(w)
    }
}

impl Drop for WeakRef {
    fn drop(&mut self) {
        let target = self.target.get();
        if target == 0 {
            return;
        }
        let (prev, next) = (self.prev.get(), self.next.get());
        if prev == 0 {
            Value::borrowed(target).set_weaklist(next);
        } else {
            state_at(prev, |p| p.next.set(next));
        }
        if next != 0 {
            state_at(next, |n| n.prev.set(prev));
        }
    }
}

/// Kills every weak reference in the list starting at `head` (the referent is being
/// freed) and queues their callbacks.
pub fn clear_refs(head: u64) {
    let mut at = head;
    while at != 0 {
        let mut next = 0;
        state_at(at, |w| {
            next = w.next.get();
            w.target.set(0);
            w.prev.set(0);
            w.next.set(0);
            let cb = std::mem::take(&mut *w.callback.borrow_mut());
            let outer = Value::borrowed(w.outer.get());
            // A reference that is itself being freed (its count already 0) gets no call.
            if !cb.is_null() && !cb.is_none() && outer.ref_count() > 0 {
                crate::vm::finalize::queue_weakref_callback((*outer).clone(), cb);
            }
        });
        at = next;
    }
}

pub fn install(vm: &mut Vm) {
    let (r, p, cp) = types(vm);
    let d = super::new_native_module(
        vm,
        "_weakref",
        &[
            ("getweakrefcount", getweakrefcount),
            ("getweakrefs", getweakrefs),
            ("proxy", proxy),
            ("_remove_dead_weakref", remove_dead_weakref),
        ],
    );
    if let Some(d) = d.as_dict() {
        let mut d = d.borrow_mut();
        d.set_str("ref", r.clone());
        d.set_str("ReferenceType", r);
        d.set_str("ProxyType", p);
        d.set_str("CallableProxyType", cp);
    }
}

/// `weakref.ReferenceType`, `weakref.ProxyType`, `weakref.CallableProxyType`.
fn types(vm: &mut Vm) -> (Value, Value, Value) {
    let r = vm.native_type("weakref.ReferenceType", |vm| {
        let t = vm.new_native_type(
            "weakref",
            "ReferenceType",
            &[
                ("__new__", ref_new),
                ("__init__", ref_init),
                ("__call__", ref_call),
                ("__hash__", ref_hash),
                ("__eq__", ref_eq),
                ("__ne__", ref_ne),
                ("__repr__", ref_repr),
            ],
            false,
        );
        let getter = crate::builtins::native("__callback__", ref_callback);
        if let Some(ty) = t.as_type() {
            let prop = Value::new_obj(Obj::Property(Box::new([getter, Value::NONE, Value::NONE])));
            ty.dict.borrow_mut().set_str("__callback__", prop);
        }
        t
    });
    let p = vm.native_type("weakref.ProxyType", |vm| proxy_type(vm, "ProxyType", false));
    let cp = vm.native_type("weakref.CallableProxyType", |vm| {
        proxy_type(vm, "CallableProxyType", true)
    });
    (r, p, cp)
}

/// Whether CPython lets weak references point at `v`.
fn weakrefable(vm: &Vm, v: &Value) -> bool {
    match v.obj() {
        // Plain `object()`s have no room for weak references; user classes' instances do.
        Some(Obj::Instance(_)) if v.has_header_type(&vm.types.object) => false,
        Some(Obj::Instance(i)) => {
            let b = &i.base_value;
            // Variable-sized built-ins give their subclasses no weak-reference slot.
            !(b.is_int() || b.as_tuple().is_some() || matches!(b.obj(), Some(Obj::Bytes(_))))
        }
        Some(
            Obj::Function(_)
            | Obj::Builtin(_)
            | Obj::Method(..)
            | Obj::Type(_)
            | Obj::Set(_)
            | Obj::FrozenSet(_)
            | Obj::Generator(_)
            | Obj::Code(_)
            | Obj::Module(_),
        ) => true,
        _ => false,
    }
}

/// The states of the weak references to `target`, in list order.
fn refs_to(target: &Value) -> Vec<u64> {
    let mut out = vec![];
    let mut at = target.weaklist();
    while at != 0 {
        out.push(at);
        let mut next = 0;
        state_at(at, |w| next = w.next.get());
        at = next;
    }
    out
}

/// The weak-reference object a state belongs to.
fn outer_of(state: u64) -> Value {
    let mut bits = 0;
    state_at(state, |w| bits = w.outer.get());
    (*Value::borrowed(bits)).clone()
}

/// A new reference (or proxy) of class `cls` (whose native base is `base`) to `target`,
/// or the existing plain one when CPython shares it.
fn new_ref(
    vm: &mut Vm,
    cls: &Value,
    base: &Value,
    target: &Value,
    cb: Value,
    kind: Kind,
) -> PyResult<Value> {
    if !weakrefable(vm, target) {
        let tn = vm.type_name(target);
        return Err(vm.type_error(format!("cannot create weak reference to '{tn}' object")));
    }
    let cb = if cb.is_none() { Value::NULL } else { cb };
    let plain = |s: u64| {
        let mut yes = false;
        state_at(s, |w| yes = w.kind == kind && w.callback.borrow().is_null());
        yes && outer_of(s).has_header_type(base)
    };
    let existing = refs_to(target);
    // The plain reference and the plain proxy (if any) lead the list.
    let leading: Vec<u64> = existing
        .iter()
        .copied()
        .take(2)
        .filter(|&s| plain(s))
        .collect();
    if cb.is_null() && cls.is(base) {
        if let Some(&s) = leading.first() {
            return Ok(outer_of(s));
        }
        if let Some(&s) = leading.get(1) {
            return Ok(outer_of(s));
        }
    }
    let w = WeakRef {
        kind,
        target: Cell::new(target.bits()),
        callback: RefCell::new(cb.clone()),
        hash: Cell::new(None),
        outer: Cell::new(0),
        prev: Cell::new(0),
        next: Cell::new(0),
    };
    let obj = vm.new_native(cls, base, w);
    let state = obj.as_instance().map(|i| i.base_value.bits()).unwrap_or(0);
    let me = obj.native::<WeakRef>().expect("just made");
    me.outer.set(obj.bits());
    // Plain ones go first; others after the leading plain ones (newest first).
    let prev = if cb.is_null() && cls.is(base) {
        0
    } else {
        existing
            .iter()
            .copied()
            .take_while(|&s| plain(s))
            .last()
            .unwrap_or(0)
    };
    let next = if prev == 0 {
        target.weaklist()
    } else {
        let mut n = 0;
        state_at(prev, |p| n = p.next.get());
        n
    };
    me.prev.set(prev);
    me.next.set(next);
    if prev == 0 {
        target.set_weaklist(state);
    } else {
        state_at(prev, |p| p.next.set(state));
    }
    if next != 0 {
        state_at(next, |n| n.prev.set(state));
    }
    Ok(obj)
}

/// The live referent of a weak reference's state, or None once it died.
fn referent(w: &WeakRef) -> Option<Value> {
    let t = w.target.get();
    (t != 0).then(|| (*Value::borrowed(t)).clone())
}

fn state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a WeakRef> {
    v.native::<WeakRef>()
        .ok_or_else(|| vm.type_error("descriptor requires a 'weakref.ReferenceType' object"))
}

fn ref_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let n = args.len().saturating_sub(1);
    if !kw.is_empty() {
        return Err(vm.type_error("ref() takes no keyword arguments"));
    }
    if n < 1 {
        return Err(vm.type_error(format!("__new__ expected at least 1 argument, got {n}")));
    }
    if n > 2 {
        return Err(vm.type_error(format!("__new__ expected at most 2 arguments, got {n}")));
    }
    let base = vm.native_base(&args[0], "ReferenceType")?;
    let cb = args.get(2).cloned().unwrap_or(Value::NONE);
    new_ref(vm, &args[0], &base, &args[1], cb, Kind::Ref)
}

/// `ref.__init__`: everything happened in `__new__` (subclasses call it with their own
/// arguments).
fn ref_init(_vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::NONE)
}

fn ref_call(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    if args.len() > 1 || !kw.is_empty() {
        return Err(vm.type_error(format!(
            "weakref() takes no arguments ({} given)",
            args.len() - 1 + kw.len()
        )));
    }
    Ok(referent(state(vm, &args[0])?).unwrap_or(Value::NONE))
}

fn ref_hash(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let w = state(vm, &args[0])?;
    if let Some(h) = w.hash.take() {
        w.hash.set(Some(h.clone()));
        return Ok(h);
    }
    let Some(t) = referent(w) else {
        return Err(vm.type_error("weak object has gone away"));
    };
    let h = vm.hash_value(&t)?;
    w.hash.set(Some(h.clone()));
    Ok(h)
}

fn ref_eq(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    ref_compare(vm, args, crate::vm::ops::CMP_EQ)
}

fn ref_ne(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    ref_compare(vm, args, crate::vm::ops::CMP_NE)
}

/// Live references compare their referents; otherwise a reference equals only itself.
fn ref_compare(vm: &mut Vm, args: &[Value], op: u32) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "__eq__", &args[1..], 1, 1)?;
    let a = state(vm, &args[0])?;
    let Some(b) = args[1].native::<WeakRef>().filter(|b| b.kind == Kind::Ref) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    match (referent(a), referent(b)) {
        (Some(x), Some(y)) => vm.rich_compare(&x, &y, op),
        _ => {
            let same = std::ptr::eq(a, b);
            Ok(Value::bool(same == (op == crate::vm::ops::CMP_EQ)))
        }
    }
}

fn ref_repr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let me = args[0].addr();
    let w = state(vm, &args[0])?;
    let Some(t) = referent(w) else {
        return Ok(Value::string(format!("<weakref at {me:#x}; dead>")));
    };
    let tn = vm.type_name(&t);
    let name = match vm.getattr_opt(&t, &Value::str("__name__")) {
        Ok(Some(n)) if n.as_str().is_some() => format!(" ({})", vm.str_value(&n)),
        _ => String::new(),
    };
    Ok(Value::string(format!(
        "<weakref at {me:#x}; to '{tn}' at {:#x}{name}>",
        t.addr()
    )))
}

fn ref_callback(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let cb = state(vm, &args[0])?.callback.borrow().clone();
    Ok(if cb.is_null() { Value::NONE } else { cb })
}

fn getweakrefcount(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "getweakrefcount", args, 1, 1)?;
    Ok(Value::int(refs_to(&args[0]).len() as i64))
}

fn getweakrefs(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "getweakrefs", args, 1, 1)?;
    Ok(Value::list(
        refs_to(&args[0]).into_iter().map(outer_of).collect(),
    ))
}

fn proxy(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "proxy", args, 1, 2)?;
    let (_, p, cp) = types(vm);
    let callable = vm.is_callable(&args[0]);
    let (cls, kind) = if callable {
        (cp, Kind::CallableProxy)
    } else {
        (p, Kind::Proxy)
    };
    let cb = args.get(1).cloned().unwrap_or(Value::NONE);
    new_ref(vm, &cls, &cls, &args[0], cb, kind)
}

/// `_remove_dead_weakref(dict, key)`: deletes `dict[key]` if it is a dead reference.
fn remove_dead_weakref(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "_remove_dead_weakref", args, 2, 2)?;
    if args[0].as_dict().is_none() {
        return Err(vm.type_error("_remove_dead_weakref() argument 1 must be dict"));
    }
    if let Some(v) = vm.dict_get(&args[0], &args[1])? {
        let dead = v.native::<WeakRef>().is_some_and(|w| referent(w).is_none());
        if dead {
            vm.delitem(&args[0], &args[1])?;
        }
    }
    Ok(Value::NONE)
}

// ----- proxies ------------------------------------------------------------------------------

/// The referent of a proxy's state, or CPython's ReferenceError once it died.
fn live(vm: &Vm, v: &Value) -> PyResult<Value> {
    match v.native::<WeakRef>() {
        Some(w) => referent(w).ok_or_else(|| {
            vm.new_error(
                &vm.exc.reference_error,
                "weakly-referenced object no longer exists",
            )
        }),
        None => Ok(v.clone()),
    }
}

/// An operand that may itself be a proxy: its referent.
fn operand(vm: &Vm, v: &Value) -> PyResult<Value> {
    match v.native::<WeakRef>() {
        Some(w) if w.kind != Kind::Ref => live(vm, v),
        _ => Ok(v.clone()),
    }
}

macro_rules! forward_binary {
    ($($fwd:ident $rev:ident $op:expr;)*) => {
        $(
            fn $fwd(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
                crate::builtins::check_arity(vm, "proxy", &args[1..], 1, 1)?;
                let (a, b) = (live(vm, &args[0])?, operand(vm, &args[1])?);
                vm.binary_op(&a, &b, $op)
            }
            fn $rev(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
                crate::builtins::check_arity(vm, "proxy", &args[1..], 1, 1)?;
                let (a, b) = (live(vm, &args[0])?, operand(vm, &args[1])?);
                vm.binary_op(&b, &a, $op)
            }
        )*
        const BINARY: &[(crate::object::NativeFn, crate::object::NativeFn)] = &[$(($fwd, $rev),)*];
    };
}

forward_binary! {
    add radd 0; and rand 1; floordiv rfloordiv 2; lshift rlshift 3; matmul rmatmul 4;
    mul rmul 5; mod_ rmod 6; or ror 7; pow rpow 8; rshift rrshift 9; sub rsub 10;
    truediv rtruediv 11; xor rxor 12;
}

macro_rules! forward_compare {
    ($($name:ident $op:expr;)*) => {
        $(
            fn $name(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
                crate::builtins::check_arity(vm, "proxy", &args[1..], 1, 1)?;
                let (a, b) = (live(vm, &args[0])?, operand(vm, &args[1])?);
                vm.rich_compare(&a, &b, $op)
            }
        )*
    };
}

forward_compare! { lt 0; le 1; eq 2; ne 3; gt 4; ge 5; }

/// Forwards the special method `$dunder` to the referent, by name.
macro_rules! forward_named {
    ($($name:ident $dunder:literal;)*) => {
        $(
            fn $name(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
                let t = live(vm, &args[0])?;
                let m = vm.getattr(&t, &Value::str($dunder))?;
                let rest: Vec<Value> = args[1..]
                    .iter()
                    .map(|a| operand(vm, a))
                    .collect::<PyResult<_>>()?;
                vm.call(&m, &rest, kw)
            }
        )*
    };
}

forward_named! {
    p_abs "__abs__"; p_int "__int__"; p_float "__float__"; p_index "__index__";
    p_bytes "__bytes__"; p_reversed "__reversed__"; p_next "__next__";
}

fn p_call(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let t = live(vm, &args[0])?;
    vm.call(&t, &args[1..], kw)
}

fn p_getattr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "__getattr__", &args[1..], 1, 1)?;
    let t = live(vm, &args[0])?;
    vm.getattr(&t, &args[1])
}

fn p_setattr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "__setattr__", &args[1..], 2, 2)?;
    let t = live(vm, &args[0])?;
    vm.setattr(&t, &args[1], args[2].clone())?;
    Ok(Value::NONE)
}

fn p_delattr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "__delattr__", &args[1..], 1, 1)?;
    let t = live(vm, &args[0])?;
    vm.delattr(&t, &args[1])?;
    Ok(Value::NONE)
}

fn p_repr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let me = args[0].addr();
    let w = state(vm, &args[0])?;
    let (tn, at) = match referent(w) {
        Some(t) => (vm.type_name(&t), t.addr()),
        None => ("NoneType".to_string(), 0),
    };
    Ok(Value::string(format!(
        "<weakproxy at {me:#x} to {tn} at {at:#x}>"
    )))
}

fn p_str(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let t = live(vm, &args[0])?;
    Ok(Value::string(vm.str_of(&t)?))
}

fn p_bool(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let t = live(vm, &args[0])?;
    Ok(Value::bool(vm.is_true(&t)?))
}

fn p_len(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let t = live(vm, &args[0])?;
    Ok(Value::int(vm.len(&t)? as i64))
}

fn p_iter(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let t = live(vm, &args[0])?;
    vm.get_iter(&t)
}

fn p_contains(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "__contains__", &args[1..], 1, 1)?;
    let t = live(vm, &args[0])?;
    Ok(Value::bool(vm.contains(&t, &args[1])?))
}

fn p_getitem(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "__getitem__", &args[1..], 1, 1)?;
    let t = live(vm, &args[0])?;
    vm.getitem(&t, &args[1])
}

fn p_setitem(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "__setitem__", &args[1..], 2, 2)?;
    let t = live(vm, &args[0])?;
    vm.setitem(&t, &args[1], args[2].clone())?;
    Ok(Value::NONE)
}

fn p_delitem(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "__delitem__", &args[1..], 1, 1)?;
    let t = live(vm, &args[0])?;
    vm.delitem(&t, &args[1])?;
    Ok(Value::NONE)
}

macro_rules! forward_unary {
    ($($name:ident $op:expr;)*) => {
        $(
            fn $name(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
                let t = live(vm, &args[0])?;
                vm.unary_op(&t, $op)
            }
        )*
    };
}

forward_unary! { p_neg Unary::Neg; p_pos Unary::Pos; p_invert Unary::Invert; }

fn proxy_type(vm: &mut Vm, name: &'static str, callable: bool) -> Value {
    let mut methods: Vec<(&'static str, crate::object::NativeFn)> = vec![
        ("__new__", crate::object::native::no_new),
        ("__getattr__", p_getattr),
        ("__setattr__", p_setattr),
        ("__delattr__", p_delattr),
        ("__repr__", p_repr),
        ("__str__", p_str),
        ("__bool__", p_bool),
        ("__len__", p_len),
        ("__iter__", p_iter),
        ("__next__", p_next),
        ("__contains__", p_contains),
        ("__getitem__", p_getitem),
        ("__setitem__", p_setitem),
        ("__delitem__", p_delitem),
        ("__lt__", lt),
        ("__le__", le),
        ("__eq__", eq),
        ("__ne__", ne),
        ("__gt__", gt),
        ("__ge__", ge),
        ("__neg__", p_neg),
        ("__pos__", p_pos),
        ("__invert__", p_invert),
        ("__abs__", p_abs),
        ("__int__", p_int),
        ("__float__", p_float),
        ("__index__", p_index),
        ("__bytes__", p_bytes),
        ("__reversed__", p_reversed),
    ];
    for (i, &(f, r)) in BINARY.iter().enumerate() {
        methods.push((NB_NAMES[i].0, f));
        methods.push((NB_NAMES[i].1, r));
    }
    if callable {
        methods.push(("__call__", p_call));
    }
    let t = vm.new_native_type("weakref", name, &methods, false);
    if let Some(ty) = t.as_type() {
        ty.dict.borrow_mut().set_str("__hash__", Value::NONE);
    }
    t
}
