//! `_contextvars` (PEP 567), as CPython's `Python/context.c`: `ContextVar` (`get`, `set`,
//! `reset`), `Token` (`var`, `old_value`, `MISSING`), `Context` (`run`, `copy`, the read-only
//! mapping methods) and `copy_context()`.
//!
//! A context's variables are a dict from `ContextVar` to value that is never changed once
//! other code may hold it: `set` and `reset` give the current context a new dict (CPython
//! uses a persistent map for the same effect), so `copy_context()` is a cheap snapshot. The
//! VM's current context (`Vm::context`) is made empty on first use.

use crate::builtins::{bind, check_arity};
use crate::object::native::NativeData;
use crate::object::Dict;
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::cell::{Cell, RefCell};

type Kw<'a> = &'a [(Value, Value)];

struct Context {
    vars: RefCell<Value>,
    entered: Cell<bool>,
}
impl NativeData for Context {}

struct ContextVar {
    name: Value,
    /// NULL when the variable has no default.
    default: Value,
}
impl NativeData for ContextVar {}

struct Token {
    ctx: Value,
    var: Value,
    /// NULL when the variable had no value (`Token.MISSING`).
    old: Value,
    used: Cell<bool>,
}
impl NativeData for Token {}

struct Missing;
impl NativeData for Missing {}

pub fn install(vm: &mut Vm) {
    let (ctx, var, tok) = (context_type(vm), var_type(vm), token_type(vm));
    let missing = missing(vm);
    if let Some(t) = tok.as_type() {
        t.dict.borrow_mut().set_str("MISSING", missing);
    }
    let d = super::new_native_module(vm, "_contextvars", &[("copy_context", copy_context)]);
    if let Some(d) = d.as_dict() {
        let mut d = d.borrow_mut();
        d.set_str("Context", ctx);
        d.set_str("ContextVar", var);
        d.set_str("Token", tok);
    }
}

fn context_type(vm: &mut Vm) -> Value {
    vm.native_type("_contextvars.Context", |vm| {
        vm.new_native_type(
            "_contextvars",
            "Context",
            &[
                ("__new__", context_new),
                ("run", run),
                ("copy", copy),
                ("get", ctx_get),
                ("__getitem__", getitem),
                ("__contains__", contains),
                ("__len__", len),
                ("__iter__", iter),
                ("keys", iter),
                ("values", values),
                ("items", items),
            ],
            false,
        )
    })
}

fn var_type(vm: &mut Vm) -> Value {
    vm.native_type("_contextvars.ContextVar", |vm| {
        let t = vm.new_native_type(
            "_contextvars",
            "ContextVar",
            &[
                ("__new__", var_new),
                ("get", var_get),
                ("set", var_set),
                ("reset", var_reset),
                ("__repr__", var_repr),
            ],
            false,
        );
        crate::builtins::add_getters(&t, &[("name", var_name)]);
        t
    })
}

fn token_type(vm: &mut Vm) -> Value {
    vm.native_type("_contextvars.Token", |vm| {
        let t = vm.new_native_type(
            "_contextvars",
            "Token",
            &[
                ("__new__", crate::object::native::no_new),
                ("__repr__", token_repr),
            ],
            false,
        );
        crate::builtins::add_getters(&t, &[("var", token_var), ("old_value", token_old)]);
        t
    })
}

fn missing(vm: &mut Vm) -> Value {
    if let Some(m) = vm.native_types.get("_contextvars.MISSING") {
        return m.clone();
    }
    let t = vm.native_type("_contextvars.Token.MISSING", |vm| {
        vm.new_native_type(
            "_contextvars",
            "Token.MISSING",
            &[("__repr__", missing_repr)],
            false,
        )
    });
    let m = vm.new_native(&t, &t, Missing);
    vm.native_types.insert("_contextvars.MISSING", m.clone());
    m
}

fn missing_repr(_vm: &mut Vm, _a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(Value::str("<Token.MISSING>"))
}

fn new_context(vm: &mut Vm, vars: Value) -> Value {
    let t = context_type(vm);
    vm.new_native(
        &t,
        &t,
        Context {
            vars: RefCell::new(vars),
            entered: Cell::new(false),
        },
    )
}

/// The current context (an empty one made on first use).
fn current(vm: &mut Vm) -> Value {
    if vm.context.is_null() {
        vm.context = new_context(vm, Value::dict(Dict::new()));
    }
    vm.context.clone()
}

fn ctx_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a Context> {
    v.native::<Context>()
        .ok_or_else(|| vm.type_error("a Context object is required"))
}

fn vars_of(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(ctx_of(vm, v)?.vars.borrow().clone())
}

fn context_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    if a.len() > 1 || !k.is_empty() {
        return Err(vm.type_error("Context() does not accept any arguments"));
    }
    Ok(new_context(vm, Value::dict(Dict::new())))
}

fn copy_context(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "copy_context", a, 0, 0)?;
    let cur = current(vm);
    let vars = vars_of(vm, &cur)?;
    Ok(new_context(vm, vars))
}

fn copy(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "copy", a, 1, 1)?;
    let vars = vars_of(vm, &a[0])?;
    Ok(new_context(vm, vars))
}

/// `ctx.run(callable, *args, **kwargs)`: calls it with `ctx` as the current context.
fn run(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    if a.len() < 2 {
        return Err(vm.type_error("run() missing 1 required positional argument"));
    }
    let this = a[0].clone();
    let ctx = ctx_of(vm, &this)?;
    if ctx.entered.get() {
        let r = vm.repr_of(&this)?;
        return Err(vm.runtime_error(format!("cannot enter context: {r} is already entered")));
    }
    ctx.entered.set(true);
    let prev = std::mem::replace(&mut vm.context, this.clone());
    let r = vm.call(&a[1], &a[2..], k);
    vm.context = prev;
    if let Some(c) = this.native::<Context>() {
        c.entered.set(false);
    }
    r
}

fn ctx_get(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [this, key, default] = bind(vm, "get", a, k, ["self", "key", "default"], 2)?;
    let key = check_var(vm, key.unwrap_or(Value::NONE))?;
    let vars = vars_of(vm, &this.unwrap_or(Value::NONE))?;
    Ok(vm
        .dict_get(&vars, &key)?
        .unwrap_or(default.unwrap_or(Value::NONE)))
}

fn check_var(vm: &mut Vm, v: Value) -> PyResult<Value> {
    if v.native::<ContextVar>().is_none() {
        let r = vm.repr_of(&v)?;
        return Err(vm.type_error(format!("a ContextVar key was expected, got {r}")));
    }
    Ok(v)
}

fn getitem(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "__getitem__", a, 2, 2)?;
    let key = check_var(vm, a[1].clone())?;
    let vars = vars_of(vm, &a[0])?;
    match vm.dict_get(&vars, &key)? {
        Some(v) => Ok(v),
        None => Err(vm.key_error(key)),
    }
}

fn contains(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "__contains__", a, 2, 2)?;
    let key = check_var(vm, a[1].clone())?;
    let vars = vars_of(vm, &a[0])?;
    Ok(Value::bool(vm.dict_get(&vars, &key)?.is_some()))
}

fn entries(vm: &mut Vm, ctx: &Value) -> PyResult<Vec<(Value, Value)>> {
    let vars = vars_of(vm, ctx)?;
    Ok(vars
        .as_dict()
        .map(|d| {
            d.borrow()
                .iter()
                .map(|e| (e.key.clone(), e.value.clone()))
                .collect()
        })
        .unwrap_or_default())
}

fn len(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "__len__", a, 1, 1)?;
    Ok(Value::int(entries(vm, &a[0])?.len() as i64))
}

fn listed(vm: &mut Vm, a: &[Value], f: fn((Value, Value)) -> Value) -> PyResult<Value> {
    check_arity(vm, "keys", a, 1, 1)?;
    let items = entries(vm, &a[0])?.into_iter().map(f).collect();
    vm.get_iter(&Value::list(items))
}

fn iter(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    listed(vm, a, |(k, _)| k)
}

fn values(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    listed(vm, a, |(_, v)| v)
}

fn items(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    listed(vm, a, |(k, v)| Value::tuple(vec![k, v]))
}

fn var_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a ContextVar> {
    v.native::<ContextVar>()
        .ok_or_else(|| vm.type_error("a ContextVar object is required"))
}

fn var_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [cls, name, default] = bind(vm, "ContextVar", a, k, ["cls", "name", "default"], 2)?;
    let name = name.unwrap_or(Value::NONE);
    if name.as_str().is_none() {
        return Err(vm.type_error("context variable name must be a str"));
    }
    let cls = cls.unwrap_or(Value::NONE);
    let base = vm.native_base(&cls, "ContextVar")?;
    let var = ContextVar {
        name,
        default: default.unwrap_or(Value::NULL),
    };
    Ok(vm.new_native(&cls, &base, var))
}

fn var_name(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(var_of(vm, &a[0])?.name.clone())
}

/// `var.get([default])`: its value in the current context, else `default`, else the
/// variable's default, else LookupError.
fn var_get(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "get", a, 1, 2)?;
    let this = a[0].clone();
    let var_default = var_of(vm, &this)?.default.clone();
    let cur = current(vm);
    let vars = vars_of(vm, &cur)?;
    if let Some(v) = vm.dict_get(&vars, &this)? {
        return Ok(v);
    }
    if let Some(d) = a.get(1) {
        return Ok(d.clone());
    }
    if !var_default.is_null() {
        return Ok(var_default);
    }
    Err(vm.new_exception(&vm.exc.lookup_error.clone(), vec![this]))
}

/// The current context's variables with `var` set to `value` (removed for NULL).
fn replace_var(vm: &mut Vm, var: &Value, value: Value) -> PyResult<Value> {
    let cur = current(vm);
    let old_vars = vars_of(vm, &cur)?;
    let old = vm.dict_get(&old_vars, var)?.unwrap_or(Value::NULL);
    let copied = old_vars
        .as_dict()
        .map(|d| d.borrow().clone())
        .unwrap_or_default();
    let vars = Value::dict(copied);
    if value.is_null() {
        vm.dict_del(&vars, var)?;
    } else {
        vm.dict_set(&vars, var.clone(), value)?;
    }
    *ctx_of(vm, &cur)?.vars.borrow_mut() = vars;
    Ok(old)
}

fn var_set(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "set", a, 2, 2)?;
    let this = a[0].clone();
    var_of(vm, &this)?;
    let old = replace_var(vm, &this, a[1].clone())?;
    let t = token_type(vm);
    let ctx = current(vm);
    let tok = Token {
        ctx,
        var: this,
        old,
        used: Cell::new(false),
    };
    Ok(vm.new_native(&t, &t, tok))
}

fn var_reset(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "reset", a, 2, 2)?;
    let this = a[0].clone();
    var_of(vm, &this)?;
    let Some(tok) = a[1].native::<Token>() else {
        let tn = vm.type_name(&a[1]);
        return Err(vm.type_error(format!("expected an instance of Token, got '{tn}'")));
    };
    if tok.used.get() {
        let r = vm.repr_of(&a[1])?;
        return Err(vm.runtime_error(format!("{r} has already been used once")));
    }
    if !tok.var.is(&this) {
        let r = vm.repr_of(&a[1])?;
        return Err(vm.value_error(format!("{r} was created by a different ContextVar")));
    }
    let cur = current(vm);
    if !tok.ctx.is(&cur) {
        let r = vm.repr_of(&a[1])?;
        return Err(vm.value_error(format!("{r} was created in a different Context")));
    }
    tok.used.set(true);
    let old = tok.old.clone();
    replace_var(vm, &this, old)?;
    Ok(Value::NONE)
}

fn var_repr(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "__repr__", a, 1, 1)?;
    let (name, default) = {
        let v = var_of(vm, &a[0])?;
        (v.name.clone(), v.default.clone())
    };
    let mut s = format!("<ContextVar name={}", vm.repr_of(&name)?);
    if !default.is_null() {
        s.push_str(&format!(" default={}", vm.repr_of(&default)?));
    }
    s.push_str(&format!(" at {:#x}>", a[0].addr()));
    Ok(Value::string(s))
}

fn token_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a Token> {
    v.native::<Token>()
        .ok_or_else(|| vm.type_error("a Token object is required"))
}

fn token_var(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(token_of(vm, &a[0])?.var.clone())
}

fn token_old(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    let old = token_of(vm, &a[0])?.old.clone();
    Ok(if old.is_null() { missing(vm) } else { old })
}

fn token_repr(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "__repr__", a, 1, 1)?;
    let (used, var) = {
        let t = token_of(vm, &a[0])?;
        (t.used.get(), t.var.clone())
    };
    let used = if used { " used" } else { "" };
    let var = vm.repr_of(&var)?;
    Ok(Value::string(format!(
        "<Token{used} var={var} at {:#x}>",
        a[0].addr()
    )))
}
