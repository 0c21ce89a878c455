//! `_warnings`: the warning functions the import system calls before the library is loaded
//! (`importlib._bootstrap` takes `_warnings` as a built-in module).
//!
//! CPython's `_warnings` also carries the filter state (`filters`, `_defaultaction`,
//! `_onceregistry`, `_filters_mutated`) so that C code can warn without Python. pycrane's
//! native code warns through Lib's `warnings` module, so the filter state lives there: this
//! module does not define those names, Lib's `warnings` finds them missing and keeps its own
//! pure-Python filters (its documented fallback), and `warn`/`warn_explicit` here call
//! Lib's functions. A native function adds no frame, so `stacklevel` counts the same frames.

use crate::builtins::bind;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    super::new_native_module(
        vm,
        "_warnings",
        &[("warn", warn), ("warn_explicit", warn_explicit)],
    );
}

fn forward(vm: &mut Vm, name: &str, args: Vec<Value>) -> PyResult<Value> {
    let m = vm.import_absolute("warnings")?;
    let f = vm.getattr_str(&m, name)?;
    vm.call(&f, &args, &[])
}

fn warn(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [message, category, stacklevel, source] = bind(
        vm,
        "warn",
        a,
        k,
        ["message", "category", "stacklevel", "source"],
        1,
    )?;
    let args = vec![
        message.unwrap_or(Value::NONE),
        category.unwrap_or(Value::NONE),
        stacklevel.unwrap_or(Value::int(1)),
        source.unwrap_or(Value::NONE),
    ];
    forward(vm, "warn", args)
}

fn warn_explicit(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let args = bind(
        vm,
        "warn_explicit",
        a,
        k,
        [
            "message",
            "category",
            "filename",
            "lineno",
            "module",
            "registry",
            "module_globals",
            "source",
        ],
        4,
    )?;
    forward(
        vm,
        "warn_explicit",
        args.into_iter().map(|v| v.unwrap_or(Value::NONE)).collect(),
    )
}
