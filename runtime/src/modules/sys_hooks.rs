//! The parts of `sys` about hooks and interpreter facts: `excepthook`,
//! `unraisablehook`, `exception()`, asynchronous-generator hooks, the switch interval,
//! `hash_info`, `thread_info`, `getdefaultencoding`, `is_finalizing`, `call_tracing`.

use super::structseq;
use crate::builtins::check_arity;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

/// The functions this file adds to `sys`.
pub const FUNCTIONS: &[(&str, crate::object::NativeFn)] = &[
    ("excepthook", excepthook),
    ("unraisablehook", unraisablehook),
    ("exception", exception),
    ("getdefaultencoding", getdefaultencoding),
    ("getswitchinterval", getswitchinterval),
    ("setswitchinterval", setswitchinterval),
    ("get_asyncgen_hooks", get_asyncgen_hooks),
    ("set_asyncgen_hooks", set_asyncgen_hooks),
    ("is_finalizing", is_finalizing),
    ("call_tracing", call_tracing),
    ("_clear_type_cache", clear_type_cache),
];

/// Adds the data attributes and the `__excepthook__`-style originals to `sys`'s dict.
pub fn install(vm: &mut Vm, d: &Value) {
    let hash_t = structseq::new_type(
        vm,
        "sys",
        "hash_info",
        &[
            "width",
            "modulus",
            "inf",
            "nan",
            "imag",
            "algorithm",
            "hash_bits",
            "seed_bits",
            "cutoff",
        ],
    );
    let hash_info = structseq::new(
        &hash_t,
        vec![
            Value::int(64),
            Value::int((1 << 61) - 1),
            Value::int(314159),
            Value::int(0),
            Value::int(1000003),
            Value::str("siphash13"),
            Value::int(64),
            Value::int(128),
            Value::int(0),
        ],
    );
    let thread_t = structseq::new_type(vm, "sys", "thread_info", &["name", "lock", "version"]);
    let thread_info = structseq::new(
        &thread_t,
        vec![Value::str("pthread"), Value::str("semaphore"), Value::NONE],
    );
    let Some(dict) = d.as_dict() else { return };
    let mut dict = dict.borrow_mut();
    for name in ["excepthook", "unraisablehook", "displayhook"] {
        if let Some(f) = dict.get_str(name).cloned() {
            dict.set_str(&format!("__{name}__"), f);
        }
    }
    dict.set_str("hash_info", hash_info);
    dict.set_str("thread_info", thread_info);
}

/// The switch interval (seconds): kept for `getswitchinterval`, since one thread runs.
fn interval(vm: &mut Vm) -> Value {
    vm.native_type("sys.switchinterval", |_| {
        Value::list(vec![Value::float(0.005)])
    })
}

/// `sys.excepthook(type, value, traceback)`: prints the exception as the interpreter
/// prints an uncaught one.
fn excepthook(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "excepthook", a, 3, 3)?;
    let text = if vm.isinstance(&a[1], &vm.exc.base_exception.clone()) {
        vm.format_exception(&a[1])
    } else {
        let tn = vm.type_name(&a[1]);
        format!("TypeError: print_exception(): Exception expected for value, {tn} found\n")
    };
    write_sys_stderr(vm, &text)
}

/// Writes `text` to `sys.stderr` as it is now (a program may have replaced it), then
/// flushes it, as CPython's hooks do; nothing when it is None.
fn write_sys_stderr(vm: &mut Vm, text: &str) -> PyResult<Value> {
    let err = vm.sys_attr("stderr");
    if err.is_none() {
        return Ok(Value::NONE);
    }
    vm.flush_stdout();
    let write = vm.getattr_str(&err, "write")?;
    vm.call(&write, &[Value::str(text)], &[])?;
    if let Some(flush) = vm.getattr_opt(&err, &Value::str("flush"))? {
        vm.call(&flush, &[], &[])?;
    }
    Ok(Value::NONE)
}

/// `sys.unraisablehook(unraisable)`: "Exception ignored in: ..." and the traceback.
fn unraisablehook(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "unraisablehook", a, 1, 1)?;
    let u = &a[0];
    let exc = vm.getattr_str(u, "exc_value")?;
    let obj = vm.getattr_str(u, "object")?;
    let msg = vm.getattr_str(u, "err_msg")?;
    let head = if msg.is_none() {
        "Exception ignored in".to_string()
    } else {
        vm.str_of(&msg)?
    };
    let mut text = if obj.is_none() {
        format!("{head}:\n")
    } else {
        format!("{head}: {}\n", vm.repr_of(&obj)?)
    };
    if !exc.is_none() {
        text.push_str(&vm.format_exception(&exc));
    }
    write_sys_stderr(vm, &text)
}

/// `sys.exception()`: the exception being handled, or None.
fn exception(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "exception", a, 0, 0)?;
    Ok(vm.handled.clone())
}

fn getdefaultencoding(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "getdefaultencoding", a, 0, 0)?;
    Ok(Value::str("utf-8"))
}

fn getswitchinterval(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "getswitchinterval", a, 0, 0)?;
    let cell = interval(vm);
    Ok(cell
        .as_list()
        .map_or(Value::NONE, |l| l.borrow()[0].clone()))
}

fn setswitchinterval(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "setswitchinterval", a, 1, 1)?;
    let x = crate::builtins::to_float(vm, &a[0])?;
    if x <= 0.0 {
        return Err(vm.value_error("switch interval must be strictly positive"));
    }
    let cell = interval(vm);
    if let Some(l) = cell.as_list() {
        l.borrow_mut()[0] = Value::float(x);
    }
    Ok(Value::NONE)
}

/// The (firstiter, finalizer) pair `set_asyncgen_hooks` keeps.
fn asyncgen_hooks(vm: &mut Vm) -> Value {
    vm.native_type("sys.asyncgen_hooks", |_| {
        Value::list(vec![Value::NONE, Value::NONE])
    })
}

fn hooks_type(vm: &mut Vm) -> Value {
    vm.native_type("sys.asyncgen_hooks_type", |vm| {
        structseq::new_type(
            vm,
            "builtins",
            "asyncgen_hooks",
            &["firstiter", "finalizer"],
        )
    })
}

fn get_asyncgen_hooks(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "get_asyncgen_hooks", a, 0, 0)?;
    let hooks = asyncgen_hooks(vm);
    let items = vm.collect(&hooks)?;
    let t = hooks_type(vm);
    Ok(structseq::new(&t, items))
}

fn set_asyncgen_hooks(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let names = ["firstiter", "finalizer"];
    let parts = crate::builtins::bind(vm, "set_asyncgen_hooks", a, kw, names, 0)?;
    for (p, n) in parts.iter().zip(names) {
        if let Some(f) = p.as_ref().filter(|f| !f.is_none()) {
            if !vm.is_callable(f) {
                let tn = vm.type_name(f);
                return Err(vm.type_error(format!("callable {n} expected, got {tn}")));
            }
        }
    }
    let hooks = asyncgen_hooks(vm);
    if let Some(l) = hooks.as_list() {
        let mut l = l.borrow_mut();
        for (i, p) in parts.into_iter().enumerate() {
            if let Some(f) = p {
                l[i] = f;
            }
        }
    }
    Ok(Value::NONE)
}

/// Python code runs during shutdown only in `atexit` handlers, where CPython also says
/// False.
fn is_finalizing(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "is_finalizing", a, 0, 0)?;
    Ok(Value::FALSE)
}

fn call_tracing(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "call_tracing", a, 2, 2)?;
    let Some(args) = a[1].as_tuple().map(<[Value]>::to_vec) else {
        let tn = vm.type_name(&a[1]);
        return Err(vm.type_error(format!("call_tracing() argument 2 must be tuple, not {tn}")));
    };
    vm.call(&a[0], &args, &[])
}

fn clear_type_cache(vm: &mut Vm, _a: &[Value], _k: Kw) -> PyResult<Value> {
    vm.type_changed();
    Ok(Value::NONE)
}
