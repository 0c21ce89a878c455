//! `atexit`: functions called when the interpreter exits, newest first, as CPython's
//! `Modules/atexitmodule.c` (an exception in one is reported and the rest still run).

use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

/// A registered call: the function, its positional and keyword arguments.
pub type ExitCall = (Value, Vec<Value>, Vec<(Value, Value)>);

pub fn install(vm: &mut Vm) {
    super::new_native_module(
        vm,
        "atexit",
        &[
            ("register", register),
            ("unregister", unregister),
            ("_run_exitfuncs", run_exitfuncs),
            ("_clear", clear),
            ("_ncallbacks", ncallbacks),
        ],
    );
}

fn register(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let Some(f) = args.first() else {
        return Err(vm.type_error("register() takes at least 1 argument (0 given)"));
    };
    if !vm.is_callable(f) {
        return Err(vm.type_error("the first argument must be callable"));
    }
    vm.atexit.push((f.clone(), args[1..].to_vec(), kw.to_vec()));
    Ok(f.clone())
}

fn unregister(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "unregister", args, 1, 1)?;
    let mut i = 0;
    while i < vm.atexit.len() {
        let f = vm.atexit[i].0.clone();
        if vm.eq(&f, &args[0])? {
            vm.atexit.remove(i);
        } else {
            i += 1;
        }
    }
    Ok(Value::NONE)
}

fn run_exitfuncs(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    vm.run_atexit();
    Ok(Value::NONE)
}

fn clear(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    vm.atexit.clear();
    Ok(Value::NONE)
}

fn ncallbacks(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(vm.atexit.len() as i64))
}

impl Vm {
    /// Calls the registered exit functions, newest first, and forgets them.
    pub fn run_atexit(&mut self) {
        while let Some((f, args, kw)) = self.atexit.pop() {
            if let Err(e) = self.call(&f, &args, &kw) {
                if self.exc_matches(&e, &self.exc.system_exit.clone()) {
                    continue;
                }
                self.report_unraisable(&e, "in atexit callback", &f);
            }
        }
    }
}
