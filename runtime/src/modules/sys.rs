//! The `sys` module: argv, exit, the standard streams, recursion limit, version facts.

use super::structseq;
use crate::builtins::check_arity;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    let d = super::new_native_module(
        vm,
        "sys",
        &[
            ("exit", exit),
            ("getrecursionlimit", getrecursionlimit),
            ("getfilesystemencoding", getfilesystemencoding),
            ("audit", audit),
            ("addaudithook", addaudithook),
            ("getfilesystemencodeerrors", getfilesystemencodeerrors),
            ("setrecursionlimit", setrecursionlimit),
            ("exc_info", exc_info),
            ("intern", intern),
            ("getsizeof", getsizeof),
            ("displayhook", displayhook),
            ("get_int_max_str_digits", get_int_max_str_digits),
            ("set_int_max_str_digits", set_int_max_str_digits),
        ],
    );
    if let Some(dict) = d.as_dict() {
        let both = super::sys_hooks::FUNCTIONS
            .iter()
            .chain(super::sys_frames::FUNCTIONS);
        for &(name, f) in both {
            dict.borrow_mut()
                .set_str(name, crate::builtins::native(name, f));
        }
    }
    super::sys_hooks::install(vm, &d);
    let [stdin, stdout, stderr] = super::io::std_streams(vm);
    let argv: Vec<Value> = vm.config.argv.iter().map(|a| Value::str(a)).collect();
    let modules = vm.modules.clone();
    if let Some(dict) = d.as_dict() {
        let mut dict = dict.borrow_mut();
        dict.set_str("argv", Value::list(argv));
        dict.set_str("stdin", stdin.clone());
        dict.set_str("stdout", stdout.clone());
        dict.set_str("stderr", stderr.clone());
        dict.set_str("__stdin__", stdin);
        dict.set_str("__stdout__", stdout);
        dict.set_str("__stderr__", stderr);
        dict.set_str("maxsize", Value::int(i64::MAX));
        dict.set_str("abiflags", Value::str(""));
        dict.set_str("api_version", Value::int(1013));
        dict.set_str("version", Value::str("3.11.7 (pycrane)"));
        let fields = ["major", "minor", "micro", "releaselevel", "serial"];
        let t = structseq::new_type(vm, "sys", "version_info", &fields);
        let values = vec![
            Value::int(3),
            Value::int(11),
            Value::int(7),
            Value::str("final"),
            Value::int(0),
        ];
        dict.set_str("version_info", structseq::new(&t, values));
        let fields = [
            "max",
            "max_exp",
            "max_10_exp",
            "min",
            "min_exp",
            "min_10_exp",
            "dig",
            "mant_dig",
            "epsilon",
            "radix",
            "rounds",
        ];
        let t = structseq::new_type(vm, "sys", "float_info", &fields);
        let values = vec![
            Value::float(f64::MAX),
            Value::int(f64::MAX_EXP as i64),
            Value::int(f64::MAX_10_EXP as i64),
            Value::float(f64::MIN_POSITIVE),
            Value::int(f64::MIN_EXP as i64),
            Value::int(f64::MIN_10_EXP as i64),
            Value::int(f64::DIGITS as i64),
            Value::int(f64::MANTISSA_DIGITS as i64),
            Value::float(f64::EPSILON),
            Value::int(f64::RADIX as i64),
            Value::int(1),
        ];
        dict.set_str("float_info", structseq::new(&t, values));
        let fields = [
            "bits_per_digit",
            "sizeof_digit",
            "default_max_str_digits",
            "str_digits_check_threshold",
        ];
        let t = structseq::new_type(vm, "sys", "int_info", &fields);
        let values = [30, 4, 4300, 640].map(Value::int).to_vec();
        dict.set_str("int_info", structseq::new(&t, values));
        dict.set_str("hexversion", Value::int(0x030B07F0));
        dict.set_str(
            "platform",
            Value::str(if cfg!(target_os = "macos") {
                "darwin"
            } else {
                "linux"
            }),
        );
        dict.set_str(
            "byteorder",
            Value::str(if cfg!(target_endian = "little") {
                "little"
            } else {
                "big"
            }),
        );
        dict.set_str("implementation_name", Value::str("pycrane"));
        dict.set_str("modules", modules);
        dict.set_str("path", Value::list(vec![]));
        dict.set_str("executable", Value::str(""));
        dict.set_str("maxunicode", Value::int(0x10FFFF));
        dict.set_str("float_repr_style", Value::str("short"));
    }
}

/// Is `s` one of the built-in standard streams (so print can write directly)?
/// Whether `s` is the standard output stream made at start-up (which `print` writes
/// to through the interpreter's own buffer).
pub fn is_stdout(s: &Value) -> bool {
    super::io::textio::std_of(s) == 1
}

fn exit(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "exit", a, 0, 1)?;
    let cls = vm.exc.system_exit.clone();
    Err(vm.call_type(&cls, a, &[])?)
}
/// The audit hooks `sys.addaudithook` added (a list kept in the native-type registry).
fn audit_hooks(vm: &mut Vm) -> Value {
    vm.native_type("sys.audit_hooks", |_| Value::list(vec![]))
}

/// `sys.audit(event, *args)`: calls every hook with the event and the args tuple.
fn audit(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    if a.is_empty() {
        return Err(vm.type_error("audit() missing 1 required positional argument: 'event'"));
    }
    if a[0].as_str().is_none() {
        let tn = vm.type_name(&a[0]);
        return Err(vm.type_error(format!("expected str for argument 'event', not {tn}")));
    }
    let hooks = audit_hooks(vm);
    let list = vm.collect(&hooks)?;
    if list.is_empty() {
        return Ok(Value::NONE);
    }
    let rest = Value::tuple(a[1..].to_vec());
    for h in list {
        vm.call(&h, &[a[0].clone(), rest.clone()], &[])?;
    }
    Ok(Value::NONE)
}

fn addaudithook(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "addaudithook", a, 1, 1)?;
    let hooks = audit_hooks(vm);
    vm.list_append(&hooks, a[0].clone())?;
    Ok(Value::NONE)
}

fn getfilesystemencoding(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "getfilesystemencoding", a, 0, 0)?;
    Ok(Value::str("utf-8"))
}

fn getfilesystemencodeerrors(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "getfilesystemencodeerrors", a, 0, 0)?;
    Ok(Value::str("surrogateescape"))
}

fn getrecursionlimit(vm: &mut Vm, _a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(Value::int(vm.recursion_limit as i64))
}
fn setrecursionlimit(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "setrecursionlimit", a, 1, 1)?;
    let n = vm
        .to_i64(&a[0])
        .ok_or_else(|| vm.type_error("an integer is required"))?;
    if n < 1 {
        return Err(vm.value_error("recursion limit must be greater or equal than 1"));
    }
    if (n as usize) <= vm.depth {
        return Err(vm.new_error(
            &vm.exc.recursion_error.clone(),
            &format!("cannot set the recursion limit to {n} at the recursion depth {}: the limit is too low", vm.depth),
        ));
    }
    vm.recursion_limit = (n as usize).min(crate::vm::MAX_RECURSION);
    Ok(Value::NONE)
}
fn exc_info(vm: &mut Vm, _a: &[Value], _k: Kw) -> PyResult<Value> {
    let e = vm.handled.clone();
    if e.is_none() {
        return Ok(Value::tuple(vec![Value::NONE, Value::NONE, Value::NONE]));
    }
    let t = vm.type_of(&e);
    let tb = crate::builtins::traceback_object(vm, &e)?;
    Ok(Value::tuple(vec![t, e, tb]))
}
fn intern(_vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(a.first().cloned().unwrap_or(Value::NONE))
}
fn getsizeof(_vm: &mut Vm, _a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(Value::int(64))
}

/// `sys.displayhook(value)`: prints `repr(value)` to `sys.stdout` and keeps it in
/// `builtins._` (None is neither printed nor kept).
fn displayhook(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "displayhook", a, 1, 1)?;
    let v = &a[0];
    if v.is_none() {
        return Ok(Value::NONE);
    }
    let set_underscore = |vm: &mut Vm, x: Value| {
        if let Some(b) = vm.builtins.as_dict() {
            b.borrow_mut().set_str("_", x);
        }
    };
    set_underscore(vm, Value::NONE);
    let text = format!("{}\n", vm.repr_of(v)?);
    let out = vm.sys_attr("stdout");
    if out.is_none() {
        return Err(vm.runtime_error("lost sys.stdout"));
    }
    if is_stdout(&out) {
        vm.write_stdout(&text)?;
    } else {
        let w = vm.getattr_str(&out, "write")?;
        vm.call(&w, &[Value::string(text)], &[])?;
    }
    set_underscore(vm, v.clone());
    Ok(Value::NONE)
}

fn get_int_max_str_digits(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "get_int_max_str_digits", a, 0, 0)?;
    Ok(Value::int(vm.int_max_str_digits as i64))
}

fn set_int_max_str_digits(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let v = match (a, k) {
        ([v], []) => v.clone(),
        ([], [(name, v)]) if vm.str_value(name) == "maxdigits" => v.clone(),
        _ => {
            return Err(vm.type_error(
                "set_int_max_str_digits() missing required argument 'maxdigits' (pos 1)",
            ))
        }
    };
    let n = vm
        .to_i64(&v)
        .ok_or_else(|| vm.type_error("'maxdigits' must be an int"))?;
    if n != 0 && n < 640 {
        return Err(vm.value_error("maxdigits must be 0 or larger than 640"));
    }
    vm.int_max_str_digits = n as usize;
    Ok(Value::NONE)
}
