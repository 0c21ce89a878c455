//! Native modules, written in Rust where CPython has C modules: `sys` (made at start-up)
//! and the built-in modules made when first imported (`BUILTIN`).

pub mod ast;
pub mod atexit;
pub mod binascii;
pub mod codecs;
pub mod collections;
pub mod contextvars;
pub mod errno;
pub mod imp;
pub mod io;
pub mod itertools;
pub mod marshal;
pub mod math;
pub mod posix;
pub mod random;
pub mod sha2;
pub mod signal;
pub mod sre;
pub mod string;
pub mod structmod;
pub mod structseq;
pub mod sys;
pub mod sys_frames;
pub mod sys_hooks;
pub mod thread;
pub mod time;
pub mod warnings;
pub mod weakref;
pub mod zlib;

use crate::object::{NativeFn, Obj};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

pub fn install(vm: &mut Vm) {
    sys::install(vm);
}

/// The built-in modules made on first import, by name; each installer registers its module
/// in `sys.modules`.
type Installer = fn(&mut Vm);

const BUILTIN: &[(&str, Installer)] = &[
    ("_ast", ast::install),
    ("_codecs", codecs::install),
    ("_collections", collections::install),
    ("_contextvars", contextvars::install),
    ("_imp", imp::install),
    ("_io", io::install),
    ("_sre", sre::install),
    ("_string", string::install),
    ("_struct", structmod::install),
    ("_thread", thread::install),
    ("atexit", atexit::install),
    ("binascii", binascii::install),
    ("errno", errno::install),
    ("_weakref", weakref::install),
    ("itertools", itertools::install),
    ("marshal", marshal::install),
    ("math", math::install),
    ("posix", posix::install),
    ("_random", random::install),
    ("_sha256", sha2::install_sha256),
    ("_sha512", sha2::install_sha512),
    ("_signal", signal::install),
    ("time", time::install),
    ("_warnings", warnings::install),
    ("zlib", zlib::install),
];

/// Whether `name` is a built-in module (`sys.builtin_module_names`).
pub fn is_builtin(name: &str) -> bool {
    name == "sys" || name == "builtins" || BUILTIN.iter().any(|(n, _)| *n == name)
}

/// Every built-in module's name, sorted.
pub fn builtin_names() -> Vec<&'static str> {
    let mut v: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
    v.extend(["builtins", "sys"]);
    v.sort_unstable();
    v
}

/// Makes the built-in module `name` (a new one each time, as `importlib.reload` expects).
pub fn create_builtin(vm: &mut Vm, name: &str) -> PyResult<Value> {
    if let Some((_, install)) = BUILTIN.iter().find(|(n, _)| *n == name) {
        install(vm);
    }
    vm.module(name).ok_or_else(|| {
        let cls = vm.exc.import_error.clone();
        crate::builtins::import_error(vm, &cls, &format!("no built-in module named {name}"), name)
    })
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
