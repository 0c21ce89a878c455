//! `sys._getframe`: frame objects for the running activations (`vm::activation`), with
//! `f_back`, `f_code`, `f_lineno`, `f_lasti`, `f_globals`, `f_builtins` and `f_locals`;
//! plus `sys.getrefcount`, `sys.gettrace` and `sys.getprofile`.
//!
//! A frame object is a snapshot made when asked for: its `f_lineno` is the line executing
//! then. `f_locals` is the namespace of a module or class body, or a dict of an interpreted
//! function's bound locals (cells read through); compiled code keeps a function's locals in
//! machine registers, so the frame of a function running natively has no `f_locals`.

use crate::builtins::check_arity;
use crate::object::{Dict, Obj};
use crate::pyc::code::kinds;
use crate::value::Value;
use crate::vm::activation::ActivationView;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

pub const FUNCTIONS: &[(&str, crate::object::NativeFn)] = &[
    ("_getframe", getframe),
    ("getrefcount", getrefcount),
    ("gettrace", no_hook),
    ("getprofile", no_hook),
];

/// `sys._getframe(depth=0)`.
fn getframe(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "_getframe", a, 0, 1)?;
    let depth = match a.first() {
        Some(d) => vm.index_value(d, "depth")?.max(0) as usize,
        None => 0,
    };
    let views = vm.activations(usize::MAX);
    if depth >= views.len() {
        return Err(vm.value_error("call stack is not deep enough"));
    }
    let mut back = Value::NONE;
    for v in views.into_iter().skip(depth).rev() {
        let f = frame_object(vm, v)?;
        f.set_inst_attr("f_back", back);
        back = f;
    }
    Ok(back)
}

fn frame_object(vm: &mut Vm, v: ActivationView) -> PyResult<Value> {
    let locals = if !v.locals.is_null() {
        Some(v.locals.clone())
    } else {
        v.fast.as_ref().map(|fast| {
            let mut d = Dict::new();
            let kinds = &v.code.raw.localspluskinds;
            for (i, (name, val)) in v.code.varnames.iter().zip(fast).enumerate() {
                let cell = kinds
                    .get(i)
                    .is_some_and(|k| k & (kinds::CELL | kinds::FREE) != 0);
                let val = match val.obj() {
                    Some(Obj::Cell(c)) if cell => c.borrow().clone(),
                    _ => val.clone(),
                };
                if !val.is_null() {
                    d.set_str_value(name, val);
                }
            }
            Value::dict(d)
        })
    };
    let f = vm.frame_snapshot(v.code, v.lasti, v.globals)?;
    if let Some(l) = locals {
        f.set_inst_attr("f_locals", l);
    }
    Ok(f)
}

/// `sys.getrefcount(obj)`: the object's reference count (the argument being one of them,
/// as in CPython); immediates (small ints, floats, None...) have no count and report a
/// large constant, as CPython's immortal objects do.
fn getrefcount(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "getrefcount", a, 1, 1)?;
    Ok(Value::int(if a[0].is_ptr() {
        a[0].ref_count() as i64
    } else {
        u32::MAX as i64
    }))
}

/// `sys.gettrace()` / `sys.getprofile()`: pycrane has no trace or profile functions.
fn no_hook(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "gettrace", a, 0, 0)?;
    Ok(Value::NONE)
}
