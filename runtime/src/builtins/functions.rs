//! The functions of the `builtins` module.

use super::{check_arity, kwarg, native, no_kwargs};
use crate::object::{IterKind, IterState, Obj};
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    let funcs: &[(&'static str, crate::object::NativeFn)] = &[
        ("print", print),
        ("len", len),
        ("repr", repr),
        ("ascii", ascii),
        ("abs", abs),
        ("min", min),
        ("max", max),
        ("sum", sum),
        ("any", any),
        ("all", all),
        ("sorted", sorted),
        ("reversed", reversed),
        ("enumerate", enumerate),
        ("zip", zip),
        ("map", map),
        ("filter", filter),
        ("isinstance", isinstance),
        ("issubclass", issubclass),
        ("hash", hash),
        ("id", id),
        ("iter", iter),
        ("next", next),
        ("chr", chr),
        ("ord", ord),
        ("hex", hex),
        ("oct", oct),
        ("bin", bin),
        ("divmod", divmod),
        ("pow", pow),
        ("round", round),
        ("getattr", getattr),
        ("setattr", setattr),
        ("hasattr", hasattr),
        ("delattr", delattr),
        ("callable", callable),
        ("input", input),
        ("open", crate::modules::io::open),
        ("format", format),
        ("__build_class__", build_class),
    ];
    let b = vm.builtins.clone();
    let bd = b.as_dict().expect("builtins dict");
    {
        let mut d = bd.borrow_mut();
        for &(name, f) in funcs
            .iter()
            .chain(super::introspection::FUNCTIONS)
            .chain(super::compile::FUNCTIONS)
            .chain(super::site::FUNCTIONS)
        {
            d.set_str(name, native(name, f));
        }
        let t = &vm.types;
        for (name, v) in [
            ("object", &t.object),
            ("type", &t.type_),
            ("int", &t.int),
            ("bool", &t.bool_),
            ("float", &t.float),
            ("complex", &t.complex),
            ("str", &t.str_),
            ("bytes", &t.bytes),
            ("bytearray", &t.bytearray),
            ("memoryview", &t.memoryview),
            ("tuple", &t.tuple),
            ("list", &t.list),
            ("dict", &t.dict),
            ("set", &t.set),
            ("frozenset", &t.frozenset),
            ("range", &t.range),
            ("slice", &t.slice),
            ("property", &t.property),
            ("staticmethod", &t.staticmethod),
            ("classmethod", &t.classmethod),
            ("super", &t.super_),
        ] {
            d.set_str(name, v.clone());
        }
        for e in vm.exc.all() {
            let name = e
                .as_type()
                .map(|t| t.name().to_string())
                .unwrap_or_default();
            d.set_str(&name, e.clone());
        }
        d.set_str("EnvironmentError", vm.exc.os_error.clone());
        d.set_str("IOError", vm.exc.os_error.clone());
        d.set_str("None", Value::NONE);
        d.set_str("Ellipsis", Value::ELLIPSIS);
        d.set_str("NotImplemented", Value::NOT_IMPLEMENTED);
        d.set_str("True", Value::TRUE);
        d.set_str("False", Value::FALSE);
        d.set_str("__debug__", Value::TRUE);
        d.set_str("__name__", Value::str("builtins"));
    }
    // The module's namespace is the builtins dict itself, so `builtins.len = f` rebinds
    // `len` everywhere, as in CPython.
    let m = Value::new_obj(Obj::Module(crate::object::Module {
        name: std::rc::Rc::from("builtins"),
        dict: b.clone(),
    }));
    if let Some(d) = vm.modules.as_dict() {
        d.borrow_mut().set_str("builtins", m);
    }
}

fn print(vm: &mut Vm, args: &[Value], kwargs: Kw) -> PyResult<Value> {
    let mut sep = " ".to_string();
    let mut end = "\n".to_string();
    let mut file = Value::NONE;
    let mut flush = false;
    for (k, v) in kwargs {
        match vm.str_value(k).as_str() {
            "sep" if !v.is_none() => {
                sep = match v.as_str() {
                    Some(s) => s.as_str().to_string(),
                    None => {
                        let tn = vm.type_name(v);
                        return Err(
                            vm.type_error(format!("sep must be None or a string, not {tn}"))
                        );
                    }
                }
            }
            "end" if !v.is_none() => {
                end = match v.as_str() {
                    Some(s) => s.as_str().to_string(),
                    None => {
                        let tn = vm.type_name(v);
                        return Err(
                            vm.type_error(format!("end must be None or a string, not {tn}"))
                        );
                    }
                }
            }
            "file" => file = v.clone(),
            "flush" => flush = vm.is_true(v)?,
            "sep" | "end" => {}
            other => {
                return Err(vm.type_error(format!(
                    "'{other}' is an invalid keyword argument for print()"
                )))
            }
        }
    }
    if file.is_none() {
        match vm
            .module("sys")
            .and_then(|s| vm.getattr_str(&s, "stdout").ok())
        {
            // `sys.stdout = None`: print writes nothing.
            Some(s) if s.is_none() => return Ok(Value::NONE),
            Some(s) => file = s,
            None => {}
        }
    }
    // As CPython, each piece (separator, argument, end) is written as soon as it is made,
    // so an argument whose `str()` fails leaves the pieces before it written.
    let native = file.is_none() || crate::modules::sys::is_stdout(&file);
    let mut out = String::new();
    let written = print_pieces(vm, args, &sep, &end, |vm, piece| {
        if native {
            // CPython calls `sys.stdout.write`, one recursion level: a print at the limit
            // fails there.
            vm.enter_as(" while calling a Python object")?;
            vm.leave();
            out.push_str(piece);
            Ok(())
        } else {
            let w = vm.getattr_str(&file, "write")?;
            vm.call(&w, &[Value::str(piece)], &[]).map(drop)
        }
    });
    if native {
        vm.write_stdout(&out)?;
    }
    written?;
    if flush {
        if native {
            vm.try_flush_stdout()?;
        } else if let Some(f) = vm.getattr_opt(&file, &Value::str("flush"))? {
            vm.call(&f, &[], &[])?;
        }
    }
    Ok(Value::NONE)
}

/// The pieces `print` writes, in order, each handed to `write` as soon as it is made.
fn print_pieces(
    vm: &mut Vm,
    args: &[Value],
    sep: &str,
    end: &str,
    mut write: impl FnMut(&mut Vm, &str) -> PyResult<()>,
) -> PyResult<()> {
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            write(vm, sep)?;
        }
        match a.as_str() {
            Some(s) if a.header_type().is_none() => write(vm, s.as_str())?,
            _ => {
                let s = vm.str_of(a)?;
                write(vm, &s)?;
            }
        }
    }
    write(vm, end)
}

fn len(vm: &mut Vm, args: &[Value], kwargs: Kw) -> PyResult<Value> {
    no_kwargs(vm, "len", kwargs)?;
    check_arity(vm, "len", args, 1, 1)?;
    let n = vm.len(&args[0])?;
    Ok(Value::int(n as i64))
}

fn repr(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "repr", args, 1, 1)?;
    Ok(Value::string(vm.repr_of(&args[0])?))
}

fn ascii(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "ascii", args, 1, 1)?;
    Ok(Value::string(vm.ascii_of(&args[0])?))
}

fn abs(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "abs", args, 1, 1)?;
    let v = &args[0];
    if let Some(i) = v.as_small_int() {
        return Ok(Value::int(i.abs()));
    }
    if let Some(x) = v.as_float() {
        return Ok(Value::float(x.abs()));
    }
    if let Some(b) = vm.to_bigint(v) {
        return Ok(Value::bigint(b.abs()));
    }
    if let Some(Obj::Complex(r, i)) = v.obj() {
        return Ok(Value::float(r.hypot(*i)));
    }
    if let Some(r) = vm.call_special(v, "__abs__", &[])? {
        return Ok(r);
    }
    if let Some(inner) = vm.unwrap_builtin(v) {
        return abs(vm, &[inner], &[]);
    }
    let tn = vm.type_name(v);
    Err(vm.type_error(format!("bad operand type for abs(): '{tn}'")))
}

fn min_max(vm: &mut Vm, args: &[Value], kwargs: Kw, is_max: bool) -> PyResult<Value> {
    let name = if is_max { "max" } else { "min" };
    let key = kwarg(vm, kwargs, "key").filter(|k| !k.is_none());
    let default = kwarg(vm, kwargs, "default");
    for (k, _) in kwargs {
        let k = vm.str_value(k);
        if k != "key" && k != "default" {
            return Err(vm.type_error(format!("'{k}' is an invalid keyword argument for {name}()")));
        }
    }
    let items = if args.len() == 1 {
        vm.collect(&args[0])?
    } else if args.is_empty() {
        return Err(vm.type_error(format!("{name} expected at least 1 argument, got 0")));
    } else {
        if default.is_some() {
            return Err(vm.type_error(format!(
                "Cannot specify a default for {name}() with multiple positional arguments"
            )));
        }
        args.to_vec()
    };
    if items.is_empty() {
        return match default {
            Some(d) => Ok(d),
            None => Err(vm.value_error(format!("{name}() arg is an empty sequence"))),
        };
    }
    let mut best = items[0].clone();
    let mut best_key = match &key {
        Some(k) => vm.call(k, std::slice::from_ref(&best), &[])?,
        None => best.clone(),
    };
    for it in &items[1..] {
        let k = match &key {
            Some(kf) => vm.call(kf, std::slice::from_ref(it), &[])?,
            None => it.clone(),
        };
        // As CPython: the new item on the left, `>` for max and `<` for min.
        let better = if is_max {
            vm.gt(&k, &best_key)?
        } else {
            vm.lt(&k, &best_key)?
        };
        if better {
            best = it.clone();
            best_key = k;
        }
    }
    Ok(best)
}

fn min(vm: &mut Vm, args: &[Value], kwargs: Kw) -> PyResult<Value> {
    min_max(vm, args, kwargs, false)
}

fn max(vm: &mut Vm, args: &[Value], kwargs: Kw) -> PyResult<Value> {
    min_max(vm, args, kwargs, true)
}

fn sum(vm: &mut Vm, args: &[Value], kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "sum", args, 1, 2)?;
    let mut acc = match (args.get(1), kwarg(vm, kwargs, "start")) {
        (Some(s), _) => s.clone(),
        (None, Some(s)) => s,
        _ => Value::int(0),
    };
    if acc.as_str().is_some() {
        return Err(vm.type_error("sum() can't sum strings [use ''.join(seq) instead]"));
    }
    let it = vm.get_iter(&args[0])?;
    // Float sums use CPython's compensated-free plain addition order.
    while let Some(x) = vm.iter_next(&it)? {
        acc = vm.binary_op(&acc, &x, crate::vm::ops::NB_ADD)?;
    }
    Ok(acc)
}

fn any(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "any", args, 1, 1)?;
    let it = vm.get_iter(&args[0])?;
    while let Some(x) = vm.iter_next(&it)? {
        if vm.is_true(&x)? {
            return Ok(Value::TRUE);
        }
    }
    Ok(Value::FALSE)
}

fn all(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "all", args, 1, 1)?;
    let it = vm.get_iter(&args[0])?;
    while let Some(x) = vm.iter_next(&it)? {
        if !vm.is_true(&x)? {
            return Ok(Value::FALSE);
        }
    }
    Ok(Value::TRUE)
}

/// Sorts a vector in place with Python's `key=` and `reverse=` semantics.
pub fn sort_values(
    vm: &mut Vm,
    items: &mut Vec<Value>,
    key: Option<Value>,
    reverse: bool,
) -> PyResult<()> {
    let keys = match &key {
        Some(k) if !k.is_none() => {
            let mut keys = Vec::with_capacity(items.len());
            for it in items.iter() {
                keys.push(vm.call(k, std::slice::from_ref(it), &[])?);
            }
            keys
        }
        _ => items.clone(),
    };
    super::sort::sort_by_keys(vm, items, keys, reverse)
}

fn sorted(vm: &mut Vm, args: &[Value], kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "sorted", args, 1, 1)?;
    let mut items = vm.collect(&args[0])?;
    let key = kwarg(vm, kwargs, "key");
    let reverse = match kwarg(vm, kwargs, "reverse") {
        Some(r) => vm.is_true(&r)?,
        None => false,
    };
    sort_values(vm, &mut items, key, reverse)?;
    Ok(Value::list(items))
}

fn reversed(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "reversed", args, 1, 1)?;
    let v = &args[0];
    match v.obj() {
        Some(Obj::Range(r)) => Ok(vm.range_reversed(r)),
        Some(Obj::BigRange(r)) => Ok(vm.bigrange_iter(r, true)),
        Some(Obj::List(_) | Obj::Tuple(_) | Obj::Str(_) | Obj::Bytes(_)) => {
            let n = vm.len(v)? as isize;
            let seq = if v.as_str().is_some() {
                Value::list(vm.collect(v)?)
            } else {
                v.clone()
            };
            let st = IterState::Reversed { seq, index: n - 1 };
            Ok(match v.obj() {
                Some(Obj::Str(_)) => vm.new_iter_of_kind(IterKind::Reversed, st),
                _ => vm.new_iter_value(st),
            })
        }
        Some(Obj::Dict(_) | Obj::InstDict(_) | Obj::DictView(..)) => {
            let mut items = vm.collect(v)?;
            items.reverse();
            let kind = match v.obj() {
                Some(Obj::DictView(_, 1)) => IterKind::DictReverseValueIterator,
                Some(Obj::DictView(_, 2)) => IterKind::DictReverseItemIterator,
                _ => IterKind::DictReverseKeyIterator,
            };
            let seq = Value::list(items);
            Ok(vm.new_iter_of_kind(kind, IterState::Seq { seq, index: 0 }))
        }
        _ => {
            if let Some(r) = vm.call_special(v, "__reversed__", &[])? {
                return Ok(r);
            }
            if let Some(inner) = vm.unwrap_builtin(v) {
                return reversed(vm, &[inner], _kwargs);
            }
            if vm.has_user_special(v, "__getitem__") && vm.has_user_special(v, "__len__") {
                let n = vm.len(v)? as isize;
                return Ok(vm.new_iter_value(IterState::Reversed {
                    seq: v.clone(),
                    index: n - 1,
                }));
            }
            let tn = vm.type_name(v);
            Err(vm.type_error(format!("'{tn}' object is not reversible")))
        }
    }
}

fn enumerate(vm: &mut Vm, args: &[Value], kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "enumerate", args, 1, 2)?;
    let start = args
        .get(1)
        .cloned()
        .or_else(|| kwarg(vm, kwargs, "start"))
        .unwrap_or(Value::int(0));
    if !start.is_int() {
        let tn = vm.type_name(&start);
        return Err(vm.type_error(format!("'{tn}' object cannot be interpreted as an integer")));
    }
    let it = vm.get_iter(&args[0])?;
    Ok(vm.new_iter_value(IterState::Enumerate {
        it,
        count: start,
        last: Value::NULL,
    }))
}

fn zip(vm: &mut Vm, args: &[Value], kwargs: Kw) -> PyResult<Value> {
    let strict = match kwarg(vm, kwargs, "strict") {
        Some(s) => vm.is_true(&s)?,
        None => false,
    };
    let mut its = Vec::with_capacity(args.len());
    for a in args {
        its.push(vm.get_iter(a)?);
    }
    Ok(vm.new_iter_value(IterState::Zip {
        its,
        strict,
        last: Value::NULL,
    }))
}

fn map(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    if args.len() < 2 {
        return Err(vm.type_error("map() must have at least two arguments."));
    }
    let mut its = Vec::with_capacity(args.len() - 1);
    for a in &args[1..] {
        its.push(vm.get_iter(a)?);
    }
    Ok(vm.new_iter_value(IterState::Map {
        func: args[0].clone(),
        its,
    }))
}

fn filter(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "filter", args, 2, 2)?;
    let it = vm.get_iter(&args[1])?;
    Ok(vm.new_iter_value(IterState::Filter {
        func: args[0].clone(),
        it,
    }))
}

/// `isinstance`/`issubclass` against `cls`, a class or a tuple of them (nested).
fn class_check(vm: &mut Vm, v: &Value, cls: &Value, fname: &str) -> PyResult<bool> {
    if let Some(items) = cls.as_tuple() {
        for c in items {
            if class_check(vm, v, c, fname)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if let Some(items) = super::union::union_args(vm, cls) {
        for c in &items {
            if class_check(vm, v, c, fname)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if cls.as_type().is_none() {
        return Err(vm.type_error(format!(
            "{fname}() arg 2 must be a type, a tuple of types, or a union"
        )));
    }
    if fname == "isinstance" {
        vm.instance_check(v, cls)
    } else {
        vm.subclass_check(v, cls)
    }
}

fn isinstance(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "isinstance", args, 2, 2)?;
    Ok(Value::bool(class_check(
        vm,
        &args[0],
        &args[1],
        "isinstance",
    )?))
}

fn issubclass(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "issubclass", args, 2, 2)?;
    if args[0].as_type().is_none() {
        return Err(vm.type_error("issubclass() arg 1 must be a class"));
    }
    Ok(Value::bool(class_check(
        vm,
        &args[0],
        &args[1],
        "issubclass",
    )?))
}

fn hash(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "hash", args, 1, 1)?;
    vm.hash_value(&args[0])
}

fn id(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "id", args, 1, 1)?;
    Ok(Value::int((args[0].addr() & 0x7fff_ffff_ffff) as i64))
}

fn iter(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "iter", args, 1, 2)?;
    if args.len() == 2 {
        if !vm.is_callable(&args[0]) {
            return Err(vm.type_error("iter(v, w): v must be callable"));
        }
        return Ok(vm.new_iter_value(IterState::Callable {
            func: args[0].clone(),
            sentinel: args[1].clone(),
        }));
    }
    vm.get_iter(&args[0])
}

fn next(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "next", args, 1, 2)?;
    let it = &args[0];
    if !vm.is_iterator(it) {
        let tn = vm.type_name(it);
        return Err(vm.type_error(format!("'{tn}' object is not an iterator")));
    }
    match it.obj() {
        Some(Obj::Generator(_)) => match vm.gen_resume(it, Value::NONE, None)? {
            Ok(v) => Ok(v),
            Err(ret) => match args.get(1) {
                Some(d) => Ok(d.clone()),
                None => Err(vm.stop_iteration(ret)),
            },
        },
        Some(Obj::Instance(_)) => match vm.call_special(it, "__next__", &[]) {
            Ok(Some(v)) => Ok(v),
            Ok(None) => Err(vm.type_error("not an iterator")),
            Err(e) if args.len() == 2 && vm.exc_matches(&e, &vm.exc.stop_iteration.clone()) => {
                Ok(args[1].clone())
            }
            Err(e) => Err(e),
        },
        _ => match vm.iter_next(it)? {
            Some(v) => Ok(v),
            None => match args.get(1) {
                Some(d) => Ok(d.clone()),
                None => Err(vm.stop_iteration(Value::NONE)),
            },
        },
    }
}

fn chr(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "chr", args, 1, 1)?;
    let Some(i) = vm.to_i64(&args[0]) else {
        if args[0].is_int() {
            return Err(vm.overflow_error("Python int too large to convert to C int"));
        }
        let tn = vm.type_name(&args[0]);
        return Err(vm.type_error(format!("'{tn}' object cannot be interpreted as an integer")));
    };
    match u32::try_from(i).ok().filter(|&c| c < 0x110000) {
        Some(c) => match char::from_u32(c) {
            Some(ch) => Ok(vm.char_str(ch)),
            None => Ok(Value::string('\u{FFFD}'.to_string())),
        },
        None => Err(vm.value_error("chr() arg not in range(0x110000)")),
    }
}

fn ord(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "ord", args, 1, 1)?;
    if let Some(s) = args[0].as_str() {
        if s.char_len() == 1 {
            return Ok(Value::int(s.char_at(0) as i64));
        }
        return Err(vm.type_error(format!(
            "ord() expected a character, but string of length {} found",
            s.char_len()
        )));
    }
    if let Some(Obj::Bytes(b)) = args[0].obj() {
        if b.len() == 1 {
            return Ok(Value::int(b[0] as i64));
        }
        return Err(vm.type_error(format!(
            "ord() expected a character, but string of length {} found",
            b.len()
        )));
    }
    let tn = vm.type_name(&args[0]);
    Err(vm.type_error(format!("ord() expected string of length 1, but {tn} found")))
}

fn radix(vm: &mut Vm, args: &[Value], name: &str, base: u32) -> PyResult<Value> {
    check_arity(vm, name, args, 1, 1)?;
    let b = match vm.to_bigint(&args[0]) {
        Some(b) => b,
        None => {
            if let Some(r) = vm.call_special(&args[0], "__index__", &[])? {
                vm.to_bigint(&r).unwrap_or_default()
            } else {
                let tn = vm.type_name(&args[0]);
                return Err(
                    vm.type_error(format!("'{tn}' object cannot be interpreted as an integer"))
                );
            }
        }
    };
    Ok(Value::string(crate::numfmt::int_to_str_radix(
        &b, base, true,
    )))
}

fn hex(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    radix(vm, args, "hex", 16)
}
fn oct(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    radix(vm, args, "oct", 8)
}
fn bin(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    radix(vm, args, "bin", 2)
}

fn divmod(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "divmod", args, 2, 2)?;
    let (a, b) = (&args[0], &args[1]);
    if a.is_int() && b.is_int() {
        let (x, y) = (
            vm.to_bigint(a).unwrap_or_default(),
            vm.to_bigint(b).unwrap_or_default(),
        );
        if y.is_zero() {
            return Err(vm.zero_division("integer division or modulo by zero"));
        }
        use num_integer::Integer;
        let (q, r) = x.div_mod_floor(&y);
        return Ok(Value::tuple(vec![Value::bigint(q), Value::bigint(r)]));
    }
    let num = |vm: &Vm, v: &Value| -> Option<f64> {
        v.as_float()
            .or_else(|| vm.to_bigint(v).and_then(|b| b.to_f64()))
    };
    if let (Some(x), Some(y)) = (num(vm, a), num(vm, b)) {
        if a.as_instance().is_none() && b.as_instance().is_none() {
            let (q, r) =
                crate::numfmt::floatops::float_divmod(x, y).map_err(|e| vm.num_error(e))?;
            return Ok(Value::tuple(vec![Value::float(q), Value::float(r)]));
        }
    }
    if let Some(r) = vm.call_special(a, "__divmod__", std::slice::from_ref(b))? {
        if !r.is(&Value::NOT_IMPLEMENTED) {
            return Ok(r);
        }
    }
    if let Some(r) = vm.call_special(b, "__rdivmod__", std::slice::from_ref(a))? {
        if !r.is(&Value::NOT_IMPLEMENTED) {
            return Ok(r);
        }
    }
    let (ua, ub) = (vm.unwrap_builtin(a), vm.unwrap_builtin(b));
    if ua.is_some() || ub.is_some() {
        let (x, y) = (ua.unwrap_or(a.clone()), ub.unwrap_or(b.clone()));
        return divmod(vm, &[x, y], &[]);
    }
    let (na, nb) = (vm.type_name(a), vm.type_name(b));
    Err(vm.type_error(format!(
        "unsupported operand type(s) for divmod(): '{na}' and '{nb}'"
    )))
}

fn pow(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "pow", args, 2, 3)?;
    if args.len() == 3 && !args[2].is_none() {
        let (Some(b), Some(e), Some(m)) = (
            vm.to_bigint(&args[0]),
            vm.to_bigint(&args[1]),
            vm.to_bigint(&args[2]),
        ) else {
            return Err(
                vm.type_error("pow() 3rd argument not allowed unless all arguments are integers")
            );
        };
        if m.is_zero() {
            return Err(vm.value_error("pow() 3rd argument cannot be 0"));
        }
        use num_integer::Integer;
        let r = if e.is_negative() {
            // modular inverse
            let inv = mod_inverse(&b, &m)
                .ok_or_else(|| vm.value_error("base is not invertible for the given modulus"))?;
            inv.modpow(&(-e), &m.abs())
        } else {
            b.mod_floor(&m.abs()).modpow(&e, &m.abs())
        };
        let r = if m.is_negative() && !r.is_zero() {
            r + &m
        } else {
            r
        };
        return Ok(Value::bigint(r));
    }
    vm.binary_op(&args[0], &args[1], crate::vm::ops::NB_POWER)
}

fn mod_inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    use num_integer::Integer;
    let m = m.abs();
    let g = a.mod_floor(&m).extended_gcd(&m);
    if g.gcd != BigInt::from(1) {
        return None;
    }
    Some(g.x.mod_floor(&m))
}

fn round(vm: &mut Vm, args: &[Value], kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "round", args, 1, 2)?;
    let nd = args
        .get(1)
        .cloned()
        .or_else(|| kwarg(vm, kwargs, "ndigits"))
        .filter(|v| !v.is_none());
    let v = &args[0];
    let ndigits = match &nd {
        Some(n) => match vm.to_i64(n) {
            Some(i) => Some(i),
            None => {
                let tn = vm.type_name(n);
                return Err(
                    vm.type_error(format!("'{tn}' object cannot be interpreted as an integer"))
                );
            }
        },
        None => None,
    };
    if let Some(x) = v.as_float() {
        use crate::numfmt::floatops::{round_float, round_float_to_int};
        return match ndigits {
            None => Ok(Value::bigint(
                round_float_to_int(x).map_err(|e| vm.num_error(e))?,
            )),
            Some(n) => Ok(Value::float(
                round_float(x, n).map_err(|e| vm.num_error(e))?,
            )),
        };
    }
    if v.is_int() {
        let b = vm.to_bigint(v).unwrap_or_default();
        return match ndigits {
            None => Ok(Value::bigint(b)),
            Some(n) if n >= 0 => Ok(Value::bigint(b)),
            Some(n) => {
                use num_integer::Integer;
                let p = num_traits::pow::Pow::pow(BigInt::from(10), (-n) as u32);
                let (q, r) = b.div_mod_floor(&p);
                let twice = &r * 2;
                let q = if twice > p || (twice == p && q.is_odd()) {
                    q + 1
                } else {
                    q
                };
                Ok(Value::bigint(q * p))
            }
        };
    }
    let a: Vec<Value> = nd.into_iter().collect();
    if let Some(r) = vm.call_special(v, "__round__", &a)? {
        return Ok(r);
    }
    if let Some(inner) = vm.unwrap_builtin(v) {
        let mut args = vec![inner];
        args.extend(a);
        return round(vm, &args, &[]);
    }
    let tn = vm.type_name(v);
    Err(vm.type_error(format!("type {tn} doesn't define __round__ method")))
}

fn attr_name(vm: &Vm, v: &Value) -> PyResult<Value> {
    if v.as_str().is_some() {
        Ok(v.clone())
    } else {
        let tn = vm.type_name(v);
        Err(vm.type_error(format!("attribute name must be string, not '{tn}'")))
    }
}

fn getattr(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "getattr", args, 2, 3)?;
    let name = attr_name(vm, &args[1])?;
    if args.len() == 3 {
        return Ok(vm
            .getattr_opt(&args[0], &name)?
            .unwrap_or_else(|| args[2].clone()));
    }
    vm.getattr(&args[0], &name)
}

fn setattr(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "setattr", args, 3, 3)?;
    let name = attr_name(vm, &args[1])?;
    vm.setattr(&args[0], &name, args[2].clone())?;
    Ok(Value::NONE)
}

fn hasattr(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "hasattr", args, 2, 2)?;
    let name = attr_name(vm, &args[1])?;
    Ok(Value::bool(vm.getattr_opt(&args[0], &name)?.is_some()))
}

fn delattr(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "delattr", args, 2, 2)?;
    let name = attr_name(vm, &args[1])?;
    vm.delattr(&args[0], &name)?;
    Ok(Value::NONE)
}

fn callable(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "callable", args, 1, 1)?;
    Ok(Value::bool(vm.is_callable(&args[0])))
}

fn input(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "input", args, 0, 1)?;
    let stdin = vm.sys_attr("stdin");
    let stdout = vm.sys_attr("stdout");
    if stdin.is_none() {
        return Err(vm.runtime_error("input(): lost sys.stdin"));
    }
    if stdout.is_none() {
        return Err(vm.runtime_error("input(): lost sys.stdout"));
    }
    if let Some(p) = args.first() {
        let s = vm.str_of(p)?;
        let w = vm.getattr_str(&stdout, "write")?;
        vm.call(&w, &[Value::string(s)], &[])?;
    }
    let f = vm.getattr_str(&stdout, "flush")?;
    vm.call(&f, &[], &[])?;
    let readline = vm.getattr_str(&stdin, "readline")?;
    let line = vm.call(&readline, &[], &[])?;
    let Some(text) = line.as_str().map(|s| s.as_str().to_string()) else {
        return Err(vm.type_error("object.readline() returned non-string"));
    };
    if text.is_empty() {
        return Err(vm.new_error(&vm.exc.eof_error.clone(), "EOF when reading a line"));
    }
    let text = text.strip_suffix('\n').unwrap_or(&text);
    Ok(Value::str(text))
}

fn format(vm: &mut Vm, args: &[Value], _kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "format", args, 1, 2)?;
    let spec = args.get(1).map(|s| vm.str_value(s)).unwrap_or_default();
    Ok(Value::string(vm.format(&args[0], &spec)?))
}

fn build_class(vm: &mut Vm, args: &[Value], kwargs: Kw) -> PyResult<Value> {
    vm.build_class(args, kwargs)
}
