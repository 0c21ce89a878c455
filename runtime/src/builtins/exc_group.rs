//! `BaseExceptionGroup` and `ExceptionGroup` (PEP 654), as CPython's
//! `Objects/exceptions.c`: the constructor's checks and its choice of class, `message`,
//! `exceptions`, `str()`, `derive`, `split` and `subgroup` (by type, tuple of types or
//! predicate, recursing into nested groups and copying the traceback, cause, context and
//! notes onto the parts).
//!
//! The `except*` statement's two instructions are here too, as CPython's
//! `exception_group_match` (Python/ceval.c) and `_PyExc_PrepReraiseStar`: [`except_star_match`]
//! (`CHECK_EG_MATCH`) and [`prep_reraise_star`] (`PREP_RERAISE_STAR`). The boxed traceback
//! format of groups belongs to the traceback printer.

use super::{add_methods, bind, check_arity};
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::rc::Rc;

type Kw<'a> = &'a [(Value, Value)];

/// Makes the two classes and puts them in `builtins`.
pub fn install(vm: &mut Vm) -> PyResult<()> {
    let make = |vm: &mut Vm, name: &str, bases: Vec<Value>| {
        let mut ns = crate::object::Dict::new();
        ns.set_str("__module__", Value::str("builtins"));
        ns.set_str("__qualname__", Value::str(name));
        let args = [Value::str(name), Value::tuple(bases), Value::dict(ns)];
        vm.call_type_3(&args, &[])
    };
    let base = make(
        vm,
        "BaseExceptionGroup",
        vec![vm.exc.base_exception.clone()],
    )?;
    add_methods(
        &base,
        "BaseExceptionGroup",
        &[
            ("__init__", group_init),
            ("__str__", group_str),
            ("derive", derive),
            ("split", split),
            ("subgroup", subgroup),
        ],
    );
    if let Some(t) = base.as_type() {
        // A static method, as `__new__` of a class defined in Python is.
        let new = super::native("__new__", group_new);
        let new = Value::new_obj(crate::object::Obj::StaticMethod(new));
        t.dict.borrow_mut().set_str("__new__", new);
    }
    let group = make(
        vm,
        "ExceptionGroup",
        vec![base.clone(), vm.exc.exception.clone()],
    )?;
    vm.native_types.insert("BaseExceptionGroup", base.clone());
    vm.native_types.insert("ExceptionGroup", group.clone());
    if let Some(b) = vm.builtins.as_dict() {
        let mut b = b.borrow_mut();
        b.set_str("BaseExceptionGroup", base);
        b.set_str("ExceptionGroup", group);
    }
    Ok(())
}

fn classes(vm: &Vm) -> (Value, Value) {
    let get = |n| vm.native_types.get(n).cloned().unwrap_or(Value::NONE);
    (get("BaseExceptionGroup"), get("ExceptionGroup"))
}

/// `BaseExceptionGroup.__new__(cls, message, exceptions)`.
fn group_new(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "BaseExceptionGroup.__new__", a, 3, 3)?;
    let (mut cls, message, excs) = (a[0].clone(), &a[1], &a[2]);
    if message.as_str().is_none() {
        let tn = vm.type_name(message);
        return Err(vm.type_error(format!(
            "BaseExceptionGroup.__new__() argument 1 must be str, not {tn}"
        )));
    }
    let is_seq = excs.as_list().is_some() || excs.as_tuple().is_some() || {
        let t = vm.type_of(excs);
        vm.lookup_type(&t, "__getitem__").is_some() && vm.lookup_type(&t, "__len__").is_some()
    };
    if !is_seq {
        return Err(vm.type_error("second argument (exceptions) must be a sequence"));
    }
    let items = vm.collect(excs)?;
    if items.is_empty() {
        return Err(vm.value_error("second argument (exceptions) must be a non-empty sequence"));
    }
    let (base_exc, exception) = (vm.exc.base_exception.clone(), vm.exc.exception.clone());
    let mut all_exceptions = true;
    for (i, e) in items.iter().enumerate() {
        if !vm.isinstance(e, &base_exc) {
            return Err(vm.value_error(format!(
                "Item {i} of second argument (exceptions) is not an exception"
            )));
        }
        all_exceptions &= vm.isinstance(e, &exception);
    }
    let (base, group) = classes(vm);
    if cls.is(&base) {
        if all_exceptions {
            cls = group;
        }
    } else if cls.is(&group) {
        if !all_exceptions {
            return Err(vm.type_error("Cannot nest BaseExceptions in an ExceptionGroup"));
        }
    } else if !all_exceptions && vm.is_subclass(&cls, &exception) {
        let n = cls
            .as_type()
            .map_or(String::new(), |t| t.name().to_string());
        return Err(vm.type_error(format!("Cannot nest BaseExceptions in '{n}'")));
    }
    let e = vm.new_exception(&cls, vec![message.clone(), excs.clone()]);
    e.set_inst_attr("message", message.clone());
    e.set_inst_attr("exceptions", Value::tuple(items));
    Ok(e)
}

/// `__init__` accepts the constructor's arguments (`__new__` did the work).
fn group_init(_vm: &mut Vm, _a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(Value::NONE)
}

fn parts(vm: &mut Vm, g: &Value) -> PyResult<(Value, Vec<Value>)> {
    let message = vm.getattr_str(g, "message")?;
    let excs = vm.getattr_str(g, "exceptions")?;
    Ok((message, vm.collect(&excs)?))
}

fn group_str(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "__str__", a, 1, 1)?;
    let (message, excs) = parts(vm, &a[0])?;
    let s = if excs.len() == 1 { "" } else { "s" };
    Ok(Value::string(format!(
        "{} ({} sub-exception{s})",
        vm.str_of(&message)?,
        excs.len()
    )))
}

/// `derive(excs)`: a group of the same message around `excs`.
fn derive(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [this, excs] = bind(vm, "derive", a, k, ["self", "excs"], 2)?;
    let message = vm.getattr_str(&this.unwrap_or(Value::NONE), "message")?;
    let (base, _) = classes(vm);
    vm.call(&base, &[message, excs.unwrap_or(Value::NONE)], &[])
}

/// How `split`/`subgroup` decide that an exception matches.
enum Matcher {
    Types(Value),
    Predicate(Value),
    /// The leaf exceptions with these addresses (the ones `except*` clauses re-raised).
    Leaves(std::collections::HashSet<u64>),
}

impl Matcher {
    fn new(vm: &Vm, cond: Value) -> PyResult<Matcher> {
        let is_exc_type =
            |v: &Value| v.as_type().is_some() && vm.is_subclass(v, &vm.exc.base_exception);
        let types_ok =
            is_exc_type(&cond) || cond.as_tuple().is_some_and(|t| t.iter().all(is_exc_type));
        if types_ok {
            Ok(Matcher::Types(cond))
        } else if vm.is_callable(&cond) && cond.as_type().is_none() {
            Ok(Matcher::Predicate(cond))
        } else {
            Err(vm.type_error("expected a function, exception type or tuple of exception types"))
        }
    }

    fn matches(&self, vm: &mut Vm, e: &Value) -> PyResult<bool> {
        match self {
            Matcher::Types(t) => match t.as_tuple() {
                Some(ts) => Ok(ts.iter().any(|t| vm.isinstance(e, t))),
                None => Ok(vm.isinstance(e, t)),
            },
            Matcher::Predicate(f) => {
                let r = vm.call(f, std::slice::from_ref(e), &[])?;
                vm.is_true(&r)
            }
            Matcher::Leaves(ids) => Ok(ids.contains(&e.addr())),
        }
    }
}

/// The members of `v` when it is an exception group (for the traceback printer).
pub fn members(vm: &mut Vm, v: &Value) -> Option<Vec<Value>> {
    if !is_group(vm, v) {
        return None;
    }
    parts(vm, v).ok().map(|(_, excs)| excs)
}

fn is_group(vm: &Vm, v: &Value) -> bool {
    let (base, _) = classes(vm);
    vm.isinstance(v, &base)
}

/// Splits `g` into (matching part, rest); each None when empty. With `want_rest` false
/// the rest is not built (`subgroup`).
fn split_group(vm: &mut Vm, g: &Value, m: &Matcher, want_rest: bool) -> PyResult<(Value, Value)> {
    if m.matches(vm, g)? {
        return Ok((g.clone(), Value::NONE));
    }
    if !is_group(vm, g) {
        return Ok((Value::NONE, g.clone()));
    }
    let (_, excs) = parts(vm, g)?;
    let (mut yes, mut no) = (vec![], vec![]);
    for e in &excs {
        let (y, n) = split_group(vm, e, m, want_rest)?;
        if !y.is_none() {
            yes.push(y);
        }
        if want_rest && !n.is_none() {
            no.push(n);
        }
    }
    let yes = derived(vm, g, yes)?;
    let no = if want_rest {
        derived(vm, g, no)?
    } else {
        Value::NONE
    };
    Ok((yes, no))
}

/// `g.derive(excs)` with `g`'s traceback, cause, context and notes; None for no `excs`.
fn derived(vm: &mut Vm, g: &Value, excs: Vec<Value>) -> PyResult<Value> {
    if excs.is_empty() {
        return Ok(Value::NONE);
    }
    let derive = vm.getattr_str(g, "derive")?;
    let part = vm.call(&derive, &[Value::list(excs)], &[])?;
    if !is_group(vm, &part) {
        return Err(vm.type_error("derive must return an instance of BaseExceptionGroup"));
    }
    if let (Some(src), Some(dst)) = (g.exc_data(), part.exc_data()) {
        let (cause, context, suppress, tb) = {
            let s = src.borrow();
            (
                s.cause.clone(),
                s.context.clone(),
                s.suppress_context,
                s.traceback.clone(),
            )
        };
        let mut d = dst.borrow_mut();
        d.cause = cause;
        d.context = context;
        d.suppress_context = suppress;
        d.traceback = tb;
    }
    if let Some(notes) = vm.getattr_opt(g, &Value::str("__notes__"))? {
        part.set_inst_attr("__notes__", notes);
    }
    Ok(part)
}

fn split(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [this, cond] = bind(vm, "split", a, k, ["self", "condition"], 2)?;
    let m = Matcher::new(vm, cond.unwrap_or(Value::NONE))?;
    let (y, n) = split_group(vm, &this.unwrap_or(Value::NONE), &m, true)?;
    Ok(Value::tuple(vec![y, n]))
}

fn subgroup(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [this, cond] = bind(vm, "subgroup", a, k, ["self", "condition"], 2)?;
    let m = Matcher::new(vm, cond.unwrap_or(Value::NONE))?;
    Ok(split_group(vm, &this.unwrap_or(Value::NONE), &m, false)?.0)
}

/// `CHECK_EG_MATCH`: the part of the exception being handled, `exc`, that an `except*`
/// clause for `match_type` takes, and the rest (None when there is none): a group is split,
/// a naked exception that matches is wrapped in a group of its own. The part is None when
/// nothing matches.
pub fn except_star_match(vm: &mut Vm, exc: &Value, match_type: &Value) -> PyResult<(Value, Value)> {
    let types: Vec<Value> = match match_type.as_tuple() {
        Some(t) => t.to_vec(),
        None => vec![match_type.clone()],
    };
    let (group, _) = classes(vm);
    for t in &types {
        if !(t.as_type().is_some() && vm.is_subclass(t, &vm.exc.base_exception)) {
            return Err(vm.type_error(crate::vm::interp::CANNOT_CATCH));
        }
    }
    if types.iter().any(|t| vm.is_subclass(t, &group)) {
        return Err(vm.type_error(
            "catching ExceptionGroup with except* is not allowed. Use except instead.",
        ));
    }
    if exc.is_none() {
        return Ok((Value::NONE, Value::NONE));
    }
    if types.iter().any(|t| vm.exc_matches(exc, t)) {
        if is_group(vm, exc) {
            return Ok((exc.clone(), Value::NONE));
        }
        let wrapped = vm.call(
            &group,
            &[Value::str(""), Value::tuple(vec![exc.clone()])],
            &[],
        )?;
        if let (Some(src), Some(dst)) = (exc.exc_data(), wrapped.exc_data()) {
            dst.borrow_mut().traceback = src.borrow().traceback.clone();
        }
        return Ok((wrapped, Value::NONE));
    }
    if is_group(vm, exc) {
        let m = Matcher::new(vm, match_type.clone())?;
        return split_group(vm, exc, &m, true);
    }
    Ok((Value::NONE, Value::NONE))
}

/// `PREP_RERAISE_STAR`: what leaves a `try`/`except*` statement, given the exception it
/// caught (`orig`) and what each clause raised or re-raised (`excs`, a list; None for a
/// clause that finished). Re-raised parts keep their place in `orig`'s nesting; exceptions
/// the clauses raised become siblings of them in a new group. None when nothing is left.
pub fn prep_reraise_star(vm: &mut Vm, orig: &Value, excs: &Value) -> PyResult<Value> {
    let excs: Vec<Value> = match excs.as_list() {
        Some(l) => l.borrow().clone(),
        None => return Err(vm.system_error("PREP_RERAISE_STAR needs a list")),
    };
    if excs.is_empty() {
        return Ok(Value::NONE);
    }
    if !is_group(vm, orig) {
        // A naked exception was wrapped: one clause at most ran.
        return Ok(excs[0].clone());
    }
    let (mut raised, mut reraised) = (vec![], vec![]);
    for e in excs.into_iter().filter(|e| !e.is_none()) {
        if same_metadata(vm, &e, orig)? {
            reraised.push(e);
        } else {
            raised.push(e);
        }
    }
    let mut leaves = std::collections::HashSet::new();
    for e in &reraised {
        collect_leaves(vm, e, &mut leaves)?;
    }
    let kept = split_group(vm, orig, &Matcher::Leaves(leaves), false)?.0;
    if raised.is_empty() {
        return Ok(kept);
    }
    if !kept.is_none() {
        raised.push(kept);
    }
    if raised.len() == 1 {
        return Ok(raised.pop().unwrap_or(Value::NONE));
    }
    let (group, _) = classes(vm);
    vm.call(&group, &[Value::str(""), Value::list(raised)], &[])
}

/// Whether `a` is (a part of) `b` re-raised: the same notes, traceback, cause and context.
fn same_metadata(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    let notes = Value::str("__notes__");
    let (na, nb) = (vm.getattr_opt(a, &notes)?, vm.getattr_opt(b, &notes)?);
    let same_notes = match (&na, &nb) {
        (Some(x), Some(y)) => x.is(y),
        (None, None) => true,
        _ => false,
    };
    let same_rest = match (a.exc_data(), b.exc_data()) {
        (Some(x), Some(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            // pycrane keeps a traceback as its entries, not an object: the same entries are
            // the same traceback (a raise in a clause adds one).
            let same_tb = x.traceback.len() == y.traceback.len()
                && x.traceback.iter().zip(&y.traceback).all(|(p, q)| {
                    Rc::ptr_eq(&p.code, &q.code) && p.index == q.index && p.globals.is(&q.globals)
                });
            same_tb && x.cause.is(&y.cause) && x.context.is(&y.context)
        }
        _ => false,
    };
    Ok(same_notes && same_rest)
}

/// Adds the addresses of the leaf exceptions of `e` (itself, unless it is a group).
fn collect_leaves(
    vm: &mut Vm,
    e: &Value,
    leaves: &mut std::collections::HashSet<u64>,
) -> PyResult<()> {
    if !is_group(vm, e) {
        leaves.insert(e.addr());
        return Ok(());
    }
    let (_, excs) = parts(vm, e)?;
    for x in &excs {
        collect_leaves(vm, x, leaves)?;
    }
    Ok(())
}
