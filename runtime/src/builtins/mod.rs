//! Built-ins: the `builtins` namespace, methods of the built-in types, constructors of the
//! built-in types, and installation of the native modules.

pub mod bytes_methods;
pub mod codecs;
pub mod compile;
mod complex_methods;
mod construct;
mod descriptors;
pub mod exc_group;
pub mod exc_methods;
mod functions;
mod introspection;
pub mod memoryview;
mod methods;
mod number_methods;
mod property;
mod protocol_methods;
mod reduce;
pub mod site;
pub mod sort;
mod str_methods;
mod subclass;
pub mod union;

pub use bytes_methods::{bytearray_delitem, bytearray_setitem, bytes_contains};
pub use construct::{construct, to_float};
pub use exc_methods::{
    import_error, notes as exc_notes, os_error_subclass, syntax_error_location, traceback_object,
};
pub use introspection::{annotations_of, code_attr};

use crate::object::{BuiltinFn, NativeFn, Obj};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// Makes a module-level built-in function value.
pub fn native(name: &'static str, func: NativeFn) -> Value {
    Value::new_obj(Obj::Builtin(BuiltinFn {
        name,
        func,
        bound: Value::NULL,
        owner: "",
    }))
}

/// Adds methods to a built-in type's dict.
/// The built-in value types (with the name their methods give as owner): each can be
/// subclassed and compares through `__eq__`... dunders of its own.
pub fn value_types(t: &crate::vm::Types) -> [(&Value, &'static str); 10] {
    [
        (&t.int, "int"),
        (&t.float, "float"),
        (&t.complex, "complex"),
        (&t.str_, "str"),
        (&t.bytes, "bytes"),
        (&t.tuple, "tuple"),
        (&t.frozenset, "frozenset"),
        (&t.list, "list"),
        (&t.dict, "dict"),
        (&t.set, "set"),
    ]
}

pub fn add_methods(t: &Value, owner: &'static str, methods: &[(&'static str, NativeFn)]) {
    if let Some(ty) = t.as_type() {
        let mut d = ty.dict.borrow_mut();
        for &(name, func) in methods {
            d.set_str(
                name,
                Value::new_obj(Obj::Builtin(BuiltinFn {
                    name,
                    func,
                    bound: Value::NULL,
                    owner,
                })),
            );
        }
    }
}

/// Class methods of a built-in type (each gets the class as its first argument).
pub fn add_classmethods(t: &Value, methods: &[(&'static str, NativeFn)]) {
    if let Some(ty) = t.as_type() {
        let mut d = ty.dict.borrow_mut();
        for &(name, func) in methods {
            d.set_str(name, Value::new_obj(Obj::ClassMethod(native(name, func))));
        }
    }
}

/// Read-only attributes of a built-in type, as properties with a native getter.
pub fn add_getters(t: &Value, list: &[(&'static str, NativeFn)]) {
    if let Some(ty) = t.as_type() {
        let mut d = ty.dict.borrow_mut();
        for &(name, f) in list {
            let g = native(name, f);
            let prop = Value::new_obj(Obj::Property(Box::new([g, Value::NONE, Value::NONE])));
            d.set_str(name, prop);
        }
    }
}

/// `warnings.warn(msg, category, stacklevel=2)` through Lib's `warnings`.
pub fn warn(vm: &mut Vm, category: &Value, msg: &str) -> PyResult<()> {
    let m = vm.import_absolute("warnings")?;
    let f = vm.getattr_str(&m, "warn")?;
    let args = [Value::str(msg), category.clone(), Value::int(2)];
    vm.call(&f, &args, &[]).map(|_| ())
}

/// Looks up keyword argument `name`.
pub fn kwarg(vm: &Vm, kwargs: &[(Value, Value)], name: &str) -> Option<Value> {
    kwargs
        .iter()
        .find(|(k, _)| vm.str_value(k) == name)
        .map(|(_, v)| v.clone())
}

/// Binds a built-in's arguments to its declared parameters `names` (positional or
/// keyword, the first `required` of them required), with the messages CPython's argument
/// clinic gives: "open() missing required argument 'file' (pos 1)", "'x' is an invalid
/// keyword argument for open()", "argument for open() given by name ('mode') and position
/// (2)", "open() takes at most 8 arguments (9 given)".
pub fn bind<const N: usize>(
    vm: &Vm,
    fname: &str,
    args: &[Value],
    kwargs: &[(Value, Value)],
    names: [&str; N],
    required: usize,
) -> PyResult<[Option<Value>; N]> {
    if args.len() > N {
        let s = if N == 1 { "" } else { "s" };
        return Err(vm.type_error(format!(
            "{fname}() takes at most {N} argument{s} ({} given)",
            args.len()
        )));
    }
    let mut out: [Option<Value>; N] = std::array::from_fn(|i| args.get(i).cloned());
    for (k, v) in kwargs {
        let key = vm.str_value(k);
        match names.iter().position(|n| *n == key) {
            Some(i) if out[i].is_some() => {
                return Err(vm.type_error(format!(
                    "argument for {fname}() given by name ('{key}') and position ({})",
                    i + 1
                )))
            }
            Some(i) => out[i] = Some(v.clone()),
            None => {
                return Err(vm.type_error(format!(
                    "'{key}' is an invalid keyword argument for {fname}()"
                )))
            }
        }
    }
    if let Some(i) = (0..required).find(|&i| out[i].is_none()) {
        return Err(vm.type_error(format!(
            "{fname}() missing required argument '{}' (pos {})",
            names[i],
            i + 1
        )));
    }
    Ok(out)
}

/// Checks the positional argument count of a built-in.
pub fn check_arity(vm: &Vm, name: &str, args: &[Value], min: usize, max: usize) -> PyResult<()> {
    let n = args.len();
    if n >= min && n <= max {
        return Ok(());
    }
    let msg = if min == max {
        match min {
            0 => format!("{name}() takes no arguments ({n} given)"),
            1 => format!("{name}() takes exactly one argument ({n} given)"),
            _ => format!("{name}() takes exactly {min} arguments ({n} given)"),
        }
    } else if n < min {
        format!(
            "{name} expected at least {min} argument{}, got {n}",
            if min == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "{name} expected at most {max} argument{}, got {n}",
            if max == 1 { "" } else { "s" }
        )
    };
    Err(vm.type_error(msg))
}

// Argument counts of built-in methods, worded as CPython words them, which depends on how
// the method parses its arguments. `args` includes `self`; `min` and `max` count it too; the
// messages do not.

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A method of exactly one argument (`METH_O`): `list.append() takes exactly one argument`.
pub fn check_one(vm: &Vm, qualname: &str, args: &[Value]) -> PyResult<()> {
    match args.len() {
        2 => Ok(()),
        n => Err(vm.type_error(format!(
            "{qualname}() takes exactly one argument ({} given)",
            n.saturating_sub(1)
        ))),
    }
}

/// A method whose positional arguments Argument Clinic parses: `get expected at least 1
/// argument, got 0`.
pub fn check_clinic(vm: &Vm, name: &str, args: &[Value], min: usize, max: usize) -> PyResult<()> {
    check_range(vm, args, min, max, |bound, k, n| match bound {
        "" => format!("{name} expected {k} argument{}, got {n}", plural(k)),
        _ => format!("{name} expected {bound} {k} argument{}, got {n}", plural(k)),
    })
}

/// A method that parses a tuple of arguments (`METH_VARARGS`): `find() takes at least 1
/// argument (0 given)`.
pub fn check_varargs(vm: &Vm, name: &str, args: &[Value], min: usize, max: usize) -> PyResult<()> {
    check_range(vm, args, min, max, |bound, k, n| {
        let bound = if bound.is_empty() { "exactly" } else { bound };
        format!(
            "{name}() takes {bound} {k} argument{} ({n} given)",
            plural(k)
        )
    })
}

/// `min..=max` arguments (counting `self`), else the error `say(bound, k, n)` words: `bound`
/// is "at least" or "at most" (or "" when `min == max`), `k` that bound and `n` the count,
/// both without `self`.
fn check_range(
    vm: &Vm,
    args: &[Value],
    min: usize,
    max: usize,
    say: impl Fn(&str, usize, usize) -> String,
) -> PyResult<()> {
    let n = args.len();
    if (min..=max).contains(&n) {
        return Ok(());
    }
    let (n, min, max) = (n.saturating_sub(1), min - 1, max - 1);
    let msg = if min == max {
        say("", min, n)
    } else if n < min {
        say("at least", min, n)
    } else {
        say("at most", max, n)
    };
    Err(vm.type_error(msg))
}

/// A slot wrapper (`__eq__`, `__setattr__`) of `want` arguments: `expected 1 argument, got
/// 0`, after `prefix` (CPython's `__setattr__` wrapper starts its message with a space).
pub fn check_slot(vm: &Vm, prefix: &str, args: &[Value], want: usize) -> PyResult<()> {
    let n = args.len();
    if n == want {
        return Ok(());
    }
    let (n, want) = (n.saturating_sub(1), want - 1);
    Err(vm.type_error(format!(
        "{prefix}expected {want} argument{}, got {n}",
        plural(want)
    )))
}

/// Rejects keyword arguments for built-ins that take none.
pub fn no_kwargs(vm: &Vm, name: &str, kwargs: &[(Value, Value)]) -> PyResult<()> {
    if kwargs.is_empty() {
        Ok(())
    } else {
        Err(vm.type_error(format!("{name}() takes no keyword arguments")))
    }
}

pub fn install(vm: &mut Vm) {
    functions::install(vm);
    methods::install(vm);
    bytes_methods::install(vm);
    memoryview::install(vm);
    number_methods::install(vm);
    complex_methods::install(vm);
    str_methods::install(vm);
    exc_methods::install(vm);
    protocol_methods::install(vm);
    property::install(vm);
    descriptors::install(vm);
    union::install(vm);
    subclass::install(vm);
    reduce::install(vm);
    introspection::install(vm);
    crate::vm::class::install(vm);
    if exc_group::install(vm).is_err() {
        unreachable!("the exception group classes are made from built-in bases");
    }
    crate::modules::install(vm);
}
