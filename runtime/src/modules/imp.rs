//! `_imp`, the import system's primitives that `importlib._bootstrap` and
//! `importlib._bootstrap_external` call (CPython's `Python/import.c`): the import lock,
//! built-in modules (`is_builtin`, `create_builtin`, `exec_builtin`), frozen modules (pycrane
//! has none: `is_frozen` is false, `find_frozen` None), extension modules (pycrane cannot
//! load them: `create_dynamic` raises the ImportError its path finder raises), `source_hash`
//! and `_fix_co_filename`.
//!
//! pycrane runs one thread, so the import lock is a re-entrant counter.

use crate::builtins::{bind, check_arity};
use crate::object::Obj;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    let d = super::new_native_module(
        vm,
        "_imp",
        &[
            ("acquire_lock", acquire_lock),
            ("release_lock", release_lock),
            ("lock_held", lock_held),
            ("is_builtin", is_builtin),
            ("create_builtin", create_builtin),
            ("exec_builtin", exec_module),
            ("is_frozen", is_frozen),
            ("is_frozen_package", no_frozen),
            ("get_frozen_object", no_frozen),
            ("find_frozen", find_frozen),
            ("init_frozen", init_frozen),
            ("_frozen_module_names", frozen_module_names),
            ("_override_frozen_modules_for_tests", override_frozen),
            ("extension_suffixes", extension_suffixes),
            ("create_dynamic", create_dynamic),
            ("exec_dynamic", exec_module),
            ("source_hash", source_hash),
            ("_fix_co_filename", fix_co_filename),
        ],
    );
    if let Some(d) = d.as_dict() {
        d.borrow_mut()
            .set_str("check_hash_based_pycs", Value::str("default"));
    }
}

fn acquire_lock(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "acquire_lock", a, 0, 0)?;
    vm.import_state.lock_depth += 1;
    Ok(Value::NONE)
}

fn release_lock(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "release_lock", a, 0, 0)?;
    if vm.import_state.lock_depth == 0 {
        return Err(vm.runtime_error("not holding the import lock"));
    }
    vm.import_state.lock_depth -= 1;
    Ok(Value::NONE)
}

fn lock_held(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "lock_held", a, 0, 0)?;
    Ok(Value::bool(vm.import_state.lock_depth > 0))
}

fn name_arg(vm: &mut Vm, fname: &str, v: &Value) -> PyResult<String> {
    match v.as_str() {
        Some(s) => Ok(s.as_str().to_string()),
        None => {
            let tn = vm.type_name(v);
            Err(vm.type_error(format!("{fname}() argument must be str, not {tn}")))
        }
    }
}

/// 1 for a built-in module, -1 for one that cannot be made again (`sys`, `builtins`), else 0.
fn is_builtin(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "is_builtin", a, 1, 1)?;
    let name = name_arg(vm, "is_builtin", &a[0])?;
    Ok(Value::int(match name.as_str() {
        "sys" | "builtins" => -1,
        n if super::is_builtin(n) => 1,
        _ => 0,
    }))
}

/// `create_builtin(spec)`: the module `spec.name` (the running one for `sys`/`builtins`).
fn create_builtin(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "create_builtin", a, 1, 1)?;
    let name = vm.getattr_str(&a[0], "name")?;
    let name = name_arg(vm, "create_builtin", &name)?;
    if let ("sys" | "builtins", Some(m)) = (name.as_str(), vm.module(&name)) {
        return Ok(m);
    }
    if !super::is_builtin(&name) {
        let cls = vm.exc.import_error.clone();
        let msg = format!("no built-in module named {name}");
        return Err(crate::builtins::import_error(vm, &cls, &msg, &name));
    }
    super::create_builtin(vm, &name)
}

/// `exec_builtin(module)` / `exec_dynamic(module)`: pycrane's native modules are complete
/// once made, so there is nothing left to run.
fn exec_module(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "exec_builtin", a, 1, 1)?;
    Ok(Value::int(0))
}

fn is_frozen(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "is_frozen", a, 1, 1)?;
    name_arg(vm, "is_frozen", &a[0])?;
    Ok(Value::FALSE)
}

fn no_frozen(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "is_frozen_package", a, 1, 2)?;
    let name = name_arg(vm, "is_frozen_package", &a[0])?;
    let cls = vm.exc.import_error.clone();
    let msg = format!("No such frozen object named '{name}'");
    Err(crate::builtins::import_error(vm, &cls, &msg, &name))
}

fn find_frozen(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [name, _] = bind(vm, "find_frozen", a, k, ["name", "withdata"], 1)?;
    name_arg(vm, "find_frozen", &name.unwrap_or(Value::NONE))?;
    Ok(Value::NONE)
}

fn init_frozen(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "init_frozen", a, 1, 1)?;
    name_arg(vm, "init_frozen", &a[0])?;
    Ok(Value::NONE)
}

fn frozen_module_names(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "_frozen_module_names", a, 0, 0)?;
    Ok(Value::tuple(vec![]))
}

fn override_frozen(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "_override_frozen_modules_for_tests", a, 1, 1)?;
    Ok(Value::NONE)
}

fn extension_suffixes(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "extension_suffixes", a, 0, 0)?;
    let v = crate::import::finder::EXTENSION_SUFFIXES
        .iter()
        .map(|s| Value::str(s))
        .collect();
    Ok(Value::list(v))
}

/// `create_dynamic(spec, file=None)`: pycrane runs no C extension modules.
fn create_dynamic(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "create_dynamic", a, 1, 2)?;
    let name = vm.getattr_str(&a[0], "name")?;
    let name = name_arg(vm, "create_dynamic", &name)?;
    let origin = vm.getattr_str(&a[0], "origin")?;
    let origin = vm.str_of(&origin)?;
    Err(vm.extension_error(&name, &origin))
}

fn source_hash(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [key, source] = bind(vm, "source_hash", a, k, ["key", "source"], 2)?;
    let key = vm.index_value(&key.unwrap_or(Value::NONE), "key")?;
    let source = crate::builtins::bytes_methods::buffer_arg(vm, &source.unwrap_or(Value::NONE))?;
    let h = crate::object::siphash::siphash13(key as u64, 0, &source);
    Ok(Value::bytes(h.to_le_bytes().to_vec()))
}

fn fix_co_filename(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "_fix_co_filename", a, 2, 2)?;
    let Some(Obj::Code(code)) = a[0].obj() else {
        let tn = vm.type_name(&a[0]);
        return Err(vm.type_error(format!(
            "_fix_co_filename() argument 1 must be code, not {tn}"
        )));
    };
    let path = name_arg(vm, "_fix_co_filename", &a[1])?;
    let old = code.filename();
    code.rename_file(&old, &std::rc::Rc::from(path.as_str()));
    Ok(Value::NONE)
}
