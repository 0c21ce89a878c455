//! Built-ins that CPython's `site` adds (`exit`, `quit`, `help`; not with `-S`) and the
//! ones that call out to hooks or protocols: `breakpoint` (`sys.breakpointhook`), `aiter`,
//! `anext`.

use super::{add_methods, check_arity};
use crate::object::{NativeFn, TypeKind};
use crate::value::Value;
use crate::vm::native_class;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

/// Always present.
pub const FUNCTIONS: &[(&str, NativeFn)] = &[
    ("breakpoint", breakpoint),
    ("aiter", aiter),
    ("anext", anext),
];

/// Adds `exit`, `quit` (`_sitebuiltins.Quitter` objects) and `help` (a `_Helper`) to the
/// builtins, as `site` does (not with `-S`).
pub fn install_site_builtins(vm: &mut Vm) {
    let object = vm.types.object.clone();
    let quitter = native_class(
        "_sitebuiltins",
        "Quitter",
        TypeKind::Instance,
        &object,
        false,
    );
    add_methods(
        &quitter,
        "Quitter",
        &[("__repr__", quitter_repr), ("__call__", quitter_call)],
    );
    let helper = native_class(
        "_sitebuiltins",
        "_Helper",
        TypeKind::Instance,
        &object,
        false,
    );
    add_methods(
        &helper,
        "_Helper",
        &[("__repr__", helper_repr), ("__call__", helper_call)],
    );
    let mut objects = vec![];
    for name in ["exit", "quit"] {
        let q = Vm::plain_instance(&quitter);
        crate::import::spec::set_attrs(
            &q,
            &[
                ("name", Value::str(name)),
                ("eof", Value::str("Ctrl-D (i.e. EOF)")),
            ],
        );
        objects.push((name, q));
    }
    objects.push(("help", Vm::plain_instance(&helper)));
    if let Some(b) = vm.builtins.as_dict() {
        let mut b = b.borrow_mut();
        for (name, v) in objects {
            b.set_str(name, v);
        }
    }
}

fn quitter_repr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__repr__", args, 1, 1)?;
    let name = vm.getattr_str(&args[0], "name")?;
    let eof = vm.getattr_str(&args[0], "eof")?;
    let (name, eof) = (vm.str_of(&name)?, vm.str_of(&eof)?);
    Ok(Value::string(format!("Use {name}() or {eof} to exit")))
}

/// `exit(code=None)`: `SystemExit(code)`.
fn quitter_call(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__call__", args, 1, 2)?;
    vm.flush_stdout();
    let cls = vm.exc.system_exit.clone();
    let code = args.get(1).cloned().unwrap_or(Value::NONE);
    Err(vm.call_type(&cls, &[code], &[])?)
}

fn helper_repr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__repr__", args, 1, 1)?;
    Ok(Value::str(
        "Type help() for interactive help, or help(object) for help about object.",
    ))
}

/// `help(...)`: `pydoc.help(...)`, as `site._Helper` does.
fn helper_call(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let pydoc = vm.import_absolute("pydoc")?;
    let h = vm.getattr_str(&pydoc, "help")?;
    vm.call(&h, &args[1..], kw)
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
