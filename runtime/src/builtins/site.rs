//! Built-ins that CPython's `site` adds (`exit`, `quit`, `help`; not with `-S`) and the
//! ones that call out to hooks or protocols: `breakpoint` (`sys.breakpointhook`), `aiter`,
//! `anext`.

use super::check_arity;
use crate::object::NativeFn;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

/// Always present.
pub const FUNCTIONS: &[(&str, NativeFn)] = &[
    ("breakpoint", breakpoint),
    ("aiter", aiter),
    ("anext", anext),
];

/// Added unless `-S`.
pub const SITE_FUNCTIONS: &[(&str, NativeFn)] = &[("exit", quit), ("quit", quit), ("help", help)];

/// `exit`/`quit`: `SystemExit(code)`.
fn quit(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "exit", args, 0, 1)?;
    vm.flush_stdout();
    let cls = vm.exc.system_exit.clone();
    Err(vm.call_type(&cls, args, &[])?)
}

/// `help(...)`: `pydoc.help(...)`, as `site._Helper` does.
fn help(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let pydoc = vm.import_absolute("pydoc")?;
    let h = vm.getattr_str(&pydoc, "help")?;
    vm.call(&h, args, kw)
}

/// `breakpoint(*args, **kws)`: `sys.breakpointhook(*args, **kws)`.
fn breakpoint(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let hook = vm.sys_attr("breakpointhook");
    if hook.is_none() {
        return Err(vm.runtime_error("lost sys.breakpointhook"));
    }
    vm.call(&hook, args, kw)
}

/// The default `sys.breakpointhook`: `PYTHONBREAKPOINT` names the function to call
/// (`pdb.set_trace` when unset, nothing when `0`); one that cannot be imported is reported
/// with CPython's warning and skipped.
pub fn breakpointhook(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let env = if vm.config.flags.ignore_environment {
        None
    } else {
        std::env::var("PYTHONBREAKPOINT")
            .ok()
            .filter(|v| !v.is_empty())
    };
    let target = env.unwrap_or_else(|| "pdb.set_trace".to_string());
    if target == "0" {
        return Ok(Value::NONE);
    }
    let (module, attr) = match target.rsplit_once('.') {
        Some((m, a)) => (m.to_string(), a.to_string()),
        None => ("builtins".to_string(), target.clone()),
    };
    let found = vm
        .import_absolute(&module)
        .and_then(|m| vm.getattr_str(&m, &attr));
    match found {
        Ok(f) => vm.call(&f, args, kw),
        Err(e)
            if vm.exc_matches(&e, &vm.exc.import_error.clone())
                || vm.exc_matches(&e, &vm.exc.attribute_error.clone()) =>
        {
            vm.write_stderr(&format!(
                "RuntimeWarning: Ignoring unimportable $PYTHONBREAKPOINT: \"{target}\"\n"
            ));
            Ok(Value::NONE)
        }
        Err(e) => Err(e),
    }
}

/// `aiter(obj)`: `type(obj).__aiter__(obj)`, which must give an async iterator.
fn aiter(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "aiter", args, 1, 1)?;
    let t = vm.type_of(&args[0]);
    let Some(f) = vm.lookup_type(&t, "__aiter__") else {
        let tn = vm.type_name(&args[0]);
        return Err(vm.type_error(format!("'{tn}' object is not an async iterable")));
    };
    let it = vm.call(&f, &args[..1], &[])?;
    let it_t = vm.type_of(&it);
    if vm.lookup_type(&it_t, "__anext__").is_none() {
        let tn = vm.type_name(&it);
        return Err(vm.type_error(format!(
            "aiter() returned not an async iterator of type '{tn}'"
        )));
    }
    Ok(it)
}

/// `anext(iterator)`: `type(iterator).__anext__(iterator)`.
/// NYI: `anext(iterator, default)` returns an awaitable that needs coroutine support
/// (pycrane does not run `await` yet); it raises `NotImplementedError` saying so.
fn anext(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "anext", args, 1, 2)?;
    let t = vm.type_of(&args[0]);
    let Some(f) = vm.lookup_type(&t, "__anext__") else {
        let tn = vm.type_name(&args[0]);
        return Err(vm.type_error(format!("'{tn}' object is not an async iterator")));
    };
    if args.len() == 2 {
        return Err(vm.new_error(
            &vm.exc.not_implemented_error.clone(),
            "pycrane: anext() with a default needs coroutines, which are not supported yet",
        ));
    }
    vm.call(&f, &args[..1], &[])
}
