//! Native modules: `sys`, `math`, `time`.

pub mod math;
pub mod structseq;
pub mod sys;
pub mod time;

use crate::object::{NativeFn, Obj};
use crate::value::Value;
use crate::vm::Vm;

pub fn install(vm: &mut Vm) {
    sys::install(vm);
    math::install(vm);
    time::install(vm);
}

/// Creates module `name` with the given functions; returns its dict.
pub fn new_native_module(vm: &mut Vm, name: &str, funcs: &[(&'static str, NativeFn)]) -> Value {
    let m = vm.new_module(name);
    let Some(Obj::Module(module)) = m.obj() else {
        unreachable!("new_module")
    };
    let d = module.dict.clone();
    if let Some(dict) = d.as_dict() {
        let mut dict = dict.borrow_mut();
        for &(n, f) in funcs {
            dict.set_str(n, crate::builtins::native(n, f));
        }
    }
    d
}
