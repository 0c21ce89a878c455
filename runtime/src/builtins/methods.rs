//! Methods of the built-in types: object, BaseException, str, list, tuple, dict, set,
//! int, float, generator and type.

use super::{add_methods, check_arity, check_clinic, check_one, check_slot, check_varargs, kwarg};
use crate::object::Obj;
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use num_traits::{Signed, ToPrimitive, Zero};

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    let t = &vm.types;
    add_methods(
        &t.object,
        "object",
        &[
            ("__init__", object_init),
            ("__new__", object_new),
            ("__repr__", object_repr),
            ("__str__", object_str),
            ("__eq__", object_eq),
            ("__ne__", object_ne),
            ("__hash__", object_hash),
            ("__setattr__", object_setattr),
            ("__getattribute__", object_getattribute),
        ],
    );
    add_methods(
        &vm.exc.base_exception,
        "BaseException",
        &[
            ("__init__", exc_init),
            ("__str__", exc_str),
            ("__repr__", exc_repr),
            ("with_traceback", exc_with_traceback),
        ],
    );
    add_methods(
        &t.str_,
        "str",
        &[
            ("join", str_join),
            ("split", str_split),
            ("rsplit", str_rsplit),
            ("strip", str_strip),
            ("lstrip", str_lstrip),
            ("rstrip", str_rstrip),
            ("replace", str_replace),
            ("find", str_find),
            ("rfind", str_rfind),
            ("index", str_index),
            ("rindex", str_rindex),
            ("count", str_count),
            ("startswith", str_startswith),
            ("endswith", str_endswith),
            ("upper", str_upper),
            ("lower", str_lower),
            ("title", str_title),
            ("capitalize", str_capitalize),
            ("swapcase", str_swapcase),
            ("isdigit", str_isdigit),
            ("isnumeric", str_isnumeric),
            ("isalpha", str_isalpha),
            ("isalnum", str_isalnum),
            ("isspace", str_isspace),
            ("isupper", str_isupper),
            ("islower", str_islower),
            ("istitle", str_istitle),
            ("isidentifier", str_isidentifier),
            ("center", str_center),
            ("ljust", str_ljust),
            ("rjust", str_rjust),
            ("zfill", str_zfill),
            ("format", str_format),
            ("splitlines", str_splitlines),
            ("partition", str_partition),
            ("rpartition", str_rpartition),
            ("encode", str_encode),
            ("removeprefix", str_removeprefix),
            ("removesuffix", str_removesuffix),
            ("expandtabs", str_expandtabs),
        ],
    );
    add_methods(
        &t.list,
        "list",
        &[
            ("append", list_append),
            ("extend", list_extend),
            ("insert", list_insert),
            ("pop", list_pop),
            ("remove", list_remove),
            ("index", seq_index),
            ("count", seq_count),
            ("sort", list_sort),
            ("reverse", list_reverse),
            ("copy", list_copy),
            ("clear", list_clear),
        ],
    );
    add_methods(
        &t.tuple,
        "tuple",
        &[("index", seq_index), ("count", seq_count)],
    );
    add_methods(
        &t.range,
        "range",
        &[
            ("index", |vm, args, _| vm.range_index(args)),
            ("count", |vm, args, _| vm.range_count(args)),
        ],
    );
    add_methods(
        &t.dict,
        "dict",
        &[
            ("get", dict_get),
            ("keys", dict_keys),
            ("values", dict_values),
            ("items", dict_items),
            ("pop", dict_pop),
            ("popitem", dict_popitem),
            ("setdefault", dict_setdefault),
            ("update", dict_update),
            ("copy", dict_copy),
            ("clear", dict_clear),
        ],
    );
    if let Some(dt) = t.dict.as_type() {
        dt.dict.borrow_mut().set_str(
            "fromkeys",
            Value::new_obj(Obj::ClassMethod(super::native("fromkeys", dict_fromkeys))),
        );
    }
    // Methods of both set and frozenset first, then set's mutators.
    let set_methods: &[(&'static str, crate::object::NativeFn)] = &[
        ("copy", set_copy),
        ("union", set_union),
        ("intersection", set_intersection),
        ("difference", set_difference),
        ("symmetric_difference", set_symmetric_difference),
        ("issubset", set_issubset),
        ("issuperset", set_issuperset),
        ("isdisjoint", set_isdisjoint),
        ("add", set_add),
        ("remove", set_remove),
        ("discard", set_discard),
        ("pop", set_pop),
        ("clear", set_clear),
        ("update", set_update),
        ("intersection_update", set_intersection_update),
        ("difference_update", set_difference_update),
        (
            "symmetric_difference_update",
            set_symmetric_difference_update,
        ),
    ];
    add_methods(&t.set, "set", set_methods);
    add_methods(&t.frozenset, "frozenset", &set_methods[..8]);
    add_methods(
        &t.int,
        "int",
        &[
            ("bit_length", int_bit_length),
            ("conjugate", int_conjugate),
            ("__index__", int_conjugate),
        ],
    );
    add_methods(
        &t.float,
        "float",
        &[
            ("is_integer", float_is_integer),
            ("as_integer_ratio", float_as_integer_ratio),
            ("conjugate", float_conjugate),
        ],
    );
    add_methods(
        &t.generator,
        "generator",
        &[
            ("send", gen_send),
            ("throw", gen_throw),
            ("close", gen_close),
            ("__next__", gen_next),
        ],
    );
    add_methods(&t.type_, "type", &[("mro", type_mro)]);
}

// ----- object ----------------------------------------------------------------------------
fn object_init(_vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::NONE)
}
fn object_new(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "object.__new__", args, 1, usize::MAX)?;
    let cls = args[0].clone();
    if cls.as_type().is_some_and(|t| t.builtin) {
        return super::construct(vm, &cls, &args[1..], &[]);
    }
    vm.new_instance(&cls, &args[1..])
}
fn object_repr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::string(vm.default_repr(&args[0])?))
}
fn object_str(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::string(vm.repr_of(&args[0])?))
}
fn object_eq(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_slot(vm, "", args, 2)?;
    Ok(if args[0].is(&args[1]) {
        Value::TRUE
    } else {
        Value::NOT_IMPLEMENTED
    })
}
fn object_ne(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_slot(vm, "", args, 2)?;
    let r = vm.rich_compare(&args[0], &args[1], crate::vm::ops::CMP_EQ)?;
    let t = vm.is_true(&r)?;
    Ok(Value::bool(!t))
}
fn object_hash(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int((args[0].addr() >> 4) as i64)).and_then(|v| {
        if args.is_empty() {
            Err(vm.type_error("__hash__ needs an argument"))
        } else {
            Ok(v)
        }
    })
}
fn object_setattr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_slot(vm, " ", args, 3)?;
    vm.generic_setattr(&args[0], &args[1], args[2].clone())?;
    Ok(Value::NONE)
}
fn object_getattribute(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_slot(vm, "", args, 2)?;
    vm.getattr(&args[0], &args[1])
}

// ----- exceptions ------------------------------------------------------------------------
fn exc_init(_vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    if let Some(d) = args[0].exc_data() {
        d.borrow_mut().args = Value::tuple(args[1..].to_vec());
    }
    Ok(Value::NONE)
}
fn exc_str(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = vm.exc_args(&args[0]);
    let items = a.as_tuple().map(|t| t.to_vec()).unwrap_or_default();
    Ok(Value::string(match items.len() {
        0 => String::new(),
        1 => vm.str_of(&items[0])?,
        _ => vm.repr_of(&a)?,
    }))
}
fn exc_repr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = vm.exc_args(&args[0]);
    let name = vm.type_name(&args[0]);
    let items = a.as_tuple().map(|t| t.to_vec()).unwrap_or_default();
    Ok(Value::string(if items.len() == 1 {
        format!("{name}({})", vm.repr_of(&items[0])?)
    } else {
        format!("{name}{}", vm.repr_of(&a)?)
    }))
}
fn exc_with_traceback(_vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(args[0].clone())
}

// ----- str -------------------------------------------------------------------------------
/// The str `self` of a str method (borrowed: a method never changes it).
pub(super) fn this_str<'a>(vm: &Vm, args: &'a [Value], name: &str) -> PyResult<&'a str> {
    match args.first().and_then(|v| v.as_str()) {
        Some(s) => Ok(s.as_str()),
        None => Err(vm.type_error(format!("descriptor '{name}' requires a 'str' object"))),
    }
}

fn str_arg<'a>(vm: &Vm, v: &'a Value, what: &str) -> PyResult<&'a str> {
    match v.str_or_subclass() {
        Some(s) => Ok(s.as_str()),
        None => {
            let tn = vm.type_name(v);
            Err(vm.type_error(format!("{what} must be str, not {tn}")))
        }
    }
}

fn str_join(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_one(vm, "str.join", args)?;
    let sep = this_str(vm, args, "join")?;
    let items = vm.collect(&args[1])?;
    if let [it] = &items[..] {
        if it.as_str().is_some() {
            return Ok(it.clone());
        }
    }
    let mut out = String::new();
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        match it.str_or_subclass() {
            Some(s) => out.push_str(s.as_str()),
            None => {
                let tn = vm.type_name(it);
                return Err(vm.type_error(format!(
                    "sequence item {i}: expected str instance, {tn} found"
                )));
            }
        }
    }
    Ok(Value::string(out))
}

fn split_args(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<(Option<String>, i64)> {
    let sep = args
        .get(1)
        .cloned()
        .or_else(|| kwarg(vm, kw, "sep"))
        .filter(|v| !v.is_none());
    let sep = match sep {
        Some(s) => {
            let s = str_arg(vm, &s, "sep")?;
            if s.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            Some(s.to_string())
        }
        None => None,
    };
    let maxsplit = args
        .get(2)
        .cloned()
        .or_else(|| kwarg(vm, kw, "maxsplit"))
        .and_then(|v| vm.to_i64(&v))
        .unwrap_or(-1);
    Ok((sep, maxsplit))
}

fn str_split(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let s = this_str(vm, args, "split")?;
    let (sep, maxsplit) = split_args(vm, args, kw)?;
    let parts: Vec<Value> = match sep {
        Some(sep) => {
            if maxsplit < 0 {
                s.split(sep.as_str())
                    .map(|p| vm.substr(&args[0], p))
                    .collect()
            } else {
                s.splitn(maxsplit as usize + 1, sep.as_str())
                    .map(|p| vm.substr(&args[0], p))
                    .collect()
            }
        }
        None => {
            let mut out = vec![];
            let mut rest = s.trim_start();
            let mut n = 0;
            while !rest.is_empty() {
                if maxsplit >= 0 && n >= maxsplit {
                    out.push(vm.substr(&args[0], rest));
                    break;
                }
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                out.push(vm.substr(&args[0], &rest[..end]));
                rest = rest[end..].trim_start();
                n += 1;
            }
            out
        }
    };
    Ok(Value::list(parts))
}

fn str_rsplit(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let s = this_str(vm, args, "rsplit")?;
    let (sep, maxsplit) = split_args(vm, args, kw)?;
    let mut parts: Vec<Value> = match sep {
        Some(sep) => {
            if maxsplit < 0 {
                s.rsplit(sep.as_str()).map(Value::str).collect()
            } else {
                s.rsplitn(maxsplit as usize + 1, sep.as_str())
                    .map(Value::str)
                    .collect()
            }
        }
        None => {
            let mut out = vec![];
            let mut rest = s.trim_end();
            let mut n = 0;
            while !rest.is_empty() {
                if maxsplit >= 0 && n >= maxsplit {
                    out.push(Value::str(rest));
                    break;
                }
                let start = rest
                    .rfind(char::is_whitespace)
                    .map(|i| i + rest[i..].chars().next().map(|c| c.len_utf8()).unwrap_or(1))
                    .unwrap_or(0);
                out.push(Value::str(&rest[start..]));
                rest = rest[..start].trim_end();
                n += 1;
            }
            out
        }
    };
    parts.reverse();
    Ok(Value::list(parts))
}

fn strip_chars(vm: &mut Vm, args: &[Value], which: u8) -> PyResult<Value> {
    let s = this_str(vm, args, "strip")?;
    let chars = args.get(1).filter(|v| !v.is_none());
    let r = match chars {
        None => match which {
            0 => s.trim(),
            1 => s.trim_start(),
            _ => s.trim_end(),
        },
        Some(c) => {
            let c = str_arg(vm, c, "strip arg")?;
            let set: Vec<char> = c.chars().collect();
            let f = |ch: char| set.contains(&ch);
            match which {
                0 => s.trim_matches(f),
                1 => s.trim_start_matches(f),
                _ => s.trim_end_matches(f),
            }
        }
    };
    Ok(vm.substr(&args[0], r))
}
fn str_strip(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    strip_chars(vm, args, 0)
}
fn str_lstrip(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    strip_chars(vm, args, 1)
}
fn str_rstrip(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    strip_chars(vm, args, 2)
}

fn str_replace(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_clinic(vm, "replace", args, 3, 4)?;
    let s = this_str(vm, args, "replace")?;
    let old = str_arg(vm, &args[1], "replace() argument 1")?;
    let new = str_arg(vm, &args[2], "replace() argument 2")?;
    let count = args.get(3).and_then(|v| vm.to_i64(v)).unwrap_or(-1);
    if count == 0 || old == new || !s.contains(old) {
        return Ok(args[0].clone());
    }
    Ok(Value::string(if count < 0 {
        s.replace(old, new)
    } else {
        s.replacen(old, new, count as usize)
    }))
}

/// Resolves optional start/end args to a char range of `s`.
fn char_range(vm: &mut Vm, s: &str, args: &[Value], from: usize) -> PyResult<(usize, usize)> {
    let n = s.chars().count() as i64;
    let get = |vm: &mut Vm, i: usize, d: i64| -> PyResult<i64> {
        match args.get(i) {
            Some(v) if !v.is_none() => {
                let x = vm.index_value(v, "slice")?;
                Ok(if x < 0 { (x + n).max(0) } else { x.min(n) })
            }
            _ => Ok(d),
        }
    };
    let a = get(vm, from, 0)?;
    let b = get(vm, from + 1, n)?;
    Ok((a as usize, b.max(a) as usize))
}

fn byte_at(s: &str, ci: usize) -> usize {
    s.char_indices().nth(ci).map(|(b, _)| b).unwrap_or(s.len())
}

fn find_impl(vm: &mut Vm, args: &[Value], rev: bool) -> PyResult<i64> {
    check_varargs(vm, "find", args, 2, 4)?;
    let s = this_str(vm, args, "find")?;
    let sub = str_arg(vm, &args[1], "must be str, not")?;
    let (a, b) = char_range(vm, s, args, 2)?;
    if a > s.chars().count() {
        return Ok(-1);
    }
    let (ba, bb) = (byte_at(s, a), byte_at(s, b));
    let hay = &s[ba..bb];
    let r = if rev { hay.rfind(&sub) } else { hay.find(sub) };
    Ok(match r {
        Some(bi) => (a + hay[..bi].chars().count()) as i64,
        None => -1,
    })
}
fn str_find(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(find_impl(vm, args, false)?))
}
fn str_rfind(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(find_impl(vm, args, true)?))
}
fn str_index(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    match find_impl(vm, args, false)? {
        -1 => Err(vm.value_error("substring not found")),
        i => Ok(Value::int(i)),
    }
}
fn str_rindex(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    match find_impl(vm, args, true)? {
        -1 => Err(vm.value_error("substring not found")),
        i => Ok(Value::int(i)),
    }
}
fn str_count(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_varargs(vm, "count", args, 2, 4)?;
    let s = this_str(vm, args, "count")?;
    let sub = str_arg(vm, &args[1], "must be str, not")?;
    let (a, b) = char_range(vm, s, args, 2)?;
    let hay = &s[byte_at(s, a)..byte_at(s, b)];
    let n = match sub.as_bytes() {
        [] => hay.chars().count() + 1,
        // One byte (an ASCII character): a plain byte count, which the compiler vectorizes.
        &[b] => hay.bytes().filter(|&x| x == b).count(),
        _ => hay.matches(sub).count(),
    };
    Ok(Value::int(n as i64))
}

fn starts_ends(vm: &mut Vm, args: &[Value], ends: bool) -> PyResult<Value> {
    check_varargs(vm, "startswith", args, 2, 4)?;
    let s = this_str(vm, args, "startswith")?;
    let (a, b) = char_range(vm, s, args, 2)?;
    let hay = &s[byte_at(s, a)..byte_at(s, b)];
    let cands: Vec<Value> = match args[1].as_tuple() {
        Some(t) => t.to_vec(),
        None => vec![args[1].clone()],
    };
    for c in cands {
        let Some(p) = c.str_or_subclass() else {
            let tn = vm.type_name(&c);
            let which = if ends { "endswith" } else { "startswith" };
            return Err(vm.type_error(format!(
                "{which} first arg must be str or a tuple of str, not {tn}"
            )));
        };
        let ok = if ends {
            hay.ends_with(p.as_str())
        } else {
            hay.starts_with(p.as_str())
        };
        if ok {
            return Ok(Value::TRUE);
        }
    }
    Ok(Value::FALSE)
}
fn str_startswith(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    starts_ends(vm, args, false)
}
fn str_endswith(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    starts_ends(vm, args, true)
}

fn map_str(vm: &mut Vm, args: &[Value], f: impl Fn(&str) -> String) -> PyResult<Value> {
    let s = this_str(vm, args, "method")?;
    Ok(Value::string(f(s)))
}
fn str_upper(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    map_str(vm, args, |s| s.to_uppercase())
}
fn str_lower(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    map_str(vm, args, |s| s.to_lowercase())
}
fn str_swapcase(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    map_str(vm, args, |s| {
        s.chars()
            .flat_map(|c| -> Vec<char> {
                if c.is_uppercase() {
                    c.to_lowercase().collect()
                } else {
                    c.to_uppercase().collect()
                }
            })
            .collect()
    })
}
fn str_title(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    map_str(vm, args, |s| {
        let mut out = String::new();
        let mut prev_cased = false;
        for c in s.chars() {
            if prev_cased {
                out.extend(c.to_lowercase());
            } else {
                out.extend(c.to_uppercase());
            }
            prev_cased = c.is_alphabetic() && (c.is_uppercase() || c.is_lowercase());
        }
        out
    })
}
fn str_capitalize(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    map_str(vm, args, |s| {
        let mut cs = s.chars();
        match cs.next() {
            Some(f) => f
                .to_uppercase()
                .chain(cs.flat_map(|c| c.to_lowercase()))
                .collect(),
            None => String::new(),
        }
    })
}

fn pred_str(vm: &mut Vm, args: &[Value], f: impl Fn(&str) -> bool) -> PyResult<Value> {
    let s = this_str(vm, args, "method")?;
    Ok(Value::bool(f(s)))
}
fn str_isdigit(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pred_str(vm, args, |s| {
        !s.is_empty() && s.chars().all(crate::numfmt::parse::is_digit)
    })
}
fn str_isnumeric(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pred_str(vm, args, |s| {
        !s.is_empty() && s.chars().all(|c| c.is_numeric())
    })
}
fn str_isalpha(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pred_str(vm, args, |s| {
        !s.is_empty() && s.chars().all(|c| c.is_alphabetic())
    })
}
fn str_isalnum(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pred_str(vm, args, |s| {
        !s.is_empty() && s.chars().all(|c| c.is_alphanumeric())
    })
}
fn str_isspace(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pred_str(vm, args, |s| {
        !s.is_empty() && s.chars().all(|c| c.is_whitespace())
    })
}
fn str_isupper(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pred_str(vm, args, |s| {
        s.chars().any(|c| c.is_uppercase()) && !s.chars().any(|c| c.is_lowercase())
    })
}
fn str_islower(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pred_str(vm, args, |s| {
        s.chars().any(|c| c.is_lowercase()) && !s.chars().any(|c| c.is_uppercase())
    })
}
fn str_istitle(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pred_str(vm, args, |s| {
        let mut prev_cased = false;
        let mut any = false;
        for c in s.chars() {
            if c.is_uppercase() {
                if prev_cased {
                    return false;
                }
                prev_cased = true;
                any = true;
            } else if c.is_lowercase() {
                if !prev_cased {
                    return false;
                }
                prev_cased = true;
                any = true;
            } else {
                prev_cased = false;
            }
        }
        any
    })
}
fn str_isidentifier(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pred_str(vm, args, |s| {
        let mut cs = s.chars();
        match cs.next() {
            Some(f) if f == '_' || f.is_alphabetic() => cs.all(|c| c == '_' || c.is_alphanumeric()),
            _ => false,
        }
    })
}

fn pad(vm: &mut Vm, args: &[Value], name: &str, how: u8) -> PyResult<Value> {
    check_clinic(vm, name, args, 2, 3)?;
    let s = this_str(vm, args, name)?;
    let width = vm.index_value(&args[1], "width")?.max(0) as usize;
    let fill = match args.get(2) {
        Some(f) => {
            let f = str_arg(vm, f, "fill character")?;
            let mut cs = f.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => c,
                _ => {
                    return Err(
                        vm.type_error("The fill character must be exactly one character long")
                    )
                }
            }
        }
        None => ' ',
    };
    let n = s.chars().count();
    if width <= n {
        return Ok(Value::str(s));
    }
    vm.check_alloc(width)?;
    let total = width - n;
    let (left, right) = match how {
        0 => {
            let left = total / 2 + (total & width & 1);
            (left, total - left)
        }
        1 => (0, total),
        _ => (total, 0),
    };
    let mut out = String::new();
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(s);
    out.extend(std::iter::repeat_n(fill, right));
    Ok(Value::string(out))
}
fn str_center(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pad(vm, args, "center", 0)
}
fn str_ljust(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pad(vm, args, "ljust", 1)
}
fn str_rjust(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pad(vm, args, "rjust", 2)
}
fn str_zfill(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_one(vm, "str.zfill", args)?;
    let s = this_str(vm, args, "zfill")?;
    let width = vm.index_value(&args[1], "width")?.max(0) as usize;
    let n = s.chars().count();
    if width <= n {
        return Ok(Value::str(s));
    }
    vm.check_alloc(width)?;
    let (sign, rest) = match s.chars().next() {
        Some(c @ ('+' | '-')) => (c.to_string(), &s[1..]),
        _ => (String::new(), s),
    };
    Ok(Value::string(format!(
        "{sign}{}{rest}",
        "0".repeat(width - n)
    )))
}

fn str_format(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let s = this_str(vm, args, "format")?;
    let out = crate::builtins::methods::format_template(vm, s, &args[1..], kw)?;
    Ok(Value::string(out))
}

/// `str.format` template expansion (the grammar is `numfmt::markup`'s): fields by
/// position (numbered or automatic, not both), by keyword, with `.attr` and `[key]`
/// lookups, `!r`/`!s`/`!a` and a format spec that may itself hold fields.
pub fn format_template(vm: &mut Vm, s: &str, args: &[Value], kw: Kw) -> PyResult<String> {
    let mut auto = AutoNumber::Init;
    expand_template(vm, s, args, kw, 2, &mut auto)
}

/// Whether a template numbers its fields itself or lets them count up (`{}`).
#[derive(PartialEq)]
enum AutoNumber {
    Init,
    Auto(usize),
    Manual,
}

fn expand_template(
    vm: &mut Vm,
    s: &str,
    args: &[Value],
    kw: Kw,
    depth: u32,
    auto: &mut AutoNumber,
) -> PyResult<String> {
    use crate::numfmt::markup::{parse, split_name, Key};
    if depth == 0 {
        return Err(vm.value_error("Max string recursion exceeded"));
    }
    let (pieces, error) = parse(s);
    let mut out = String::new();
    for piece in pieces {
        out.push_str(&piece.literal);
        let Some(field) = piece.field else { continue };
        let (first, rest) = split_name(&field.name).map_err(|e| vm.value_error(e))?;
        let mut v = match first {
            Key::Name(n) if !n.is_empty() => match kwarg(vm, kw, &n) {
                Some(v) => v,
                None => return Err(vm.key_error(Value::str(&n))),
            },
            key => {
                let index = match (key, &*auto) {
                    (Key::Index(_), AutoNumber::Auto(_)) => {
                        return Err(vm.value_error(
                            "cannot switch from automatic field numbering to manual field specification",
                        ))
                    }
                    (Key::Index(n), _) => {
                        *auto = AutoNumber::Manual;
                        n
                    }
                    (_, AutoNumber::Manual) => {
                        return Err(vm.value_error(
                            "cannot switch from manual field specification to automatic field numbering",
                        ))
                    }
                    (_, AutoNumber::Auto(n)) => {
                        let n = *n;
                        *auto = AutoNumber::Auto(n + 1);
                        n
                    }
                    (_, AutoNumber::Init) => {
                        *auto = AutoNumber::Auto(1);
                        0
                    }
                };
                args.get(index).cloned().ok_or_else(|| {
                    vm.index_error(format!(
                        "Replacement index {index} out of range for positional args tuple"
                    ))
                })?
            }
        };
        for (is_attr, key) in rest {
            v = match (is_attr, key) {
                (true, Key::Name(n)) => vm.getattr_str(&v, &n)?,
                (true, Key::Index(n)) => vm.getattr_str(&v, &n.to_string())?,
                (false, Key::Index(n)) => vm.getitem(&v, &Value::int(n as i64))?,
                (false, Key::Name(n)) => vm.getitem(&v, &Value::str(&n))?,
            };
        }
        let v = match field.conversion {
            None => v,
            Some('r') => Value::string(vm.repr_of(&v)?),
            Some('s') => Value::string(vm.str_of(&v)?),
            Some('a') => Value::string(vm.ascii_of(&v)?),
            Some(c) if c > ' ' && c < '\x7f' => {
                return Err(vm.value_error(format!("Unknown conversion specifier {c}")))
            }
            Some(c) => {
                return Err(
                    vm.value_error(format!("Unknown conversion specifier \\x{:x}", c as u32))
                )
            }
        };
        let spec = if field.nested {
            expand_template(vm, &field.spec, args, kw, depth - 1, auto)?
        } else {
            field.spec
        };
        out.push_str(&vm.format(&v, &spec)?);
    }
    match error {
        Some(e) => Err(vm.value_error(e)),
        None => Ok(out),
    }
}

fn str_splitlines(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let s = this_str(vm, args, "splitlines")?;
    let keep = match args.get(1).cloned().or_else(|| kwarg(vm, kw, "keepends")) {
        Some(k) => vm.is_true(&k)?,
        None => false,
    };
    let mut out = vec![];
    let mut start = 0;
    let bytes: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < bytes.len() {
        let (b, c) = bytes[i];
        let is_break = matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if is_break {
            let mut end = b + c.len_utf8();
            if c == '\r' && bytes.get(i + 1).is_some_and(|(_, n)| *n == '\n') {
                end += 1;
                i += 1;
            }
            out.push(Value::str(if keep { &s[start..end] } else { &s[start..b] }));
            start = end;
        }
        i += 1;
    }
    if start < s.len() {
        out.push(Value::str(&s[start..]));
    }
    Ok(Value::list(out))
}

fn partition_impl(vm: &mut Vm, args: &[Value], rev: bool) -> PyResult<Value> {
    check_one(vm, "str.partition", args)?;
    let s = this_str(vm, args, "partition")?;
    let sep = str_arg(vm, &args[1], "must be str, not")?;
    if sep.is_empty() {
        return Err(vm.value_error("empty separator"));
    }
    let pos = if rev { s.rfind(&sep) } else { s.find(sep) };
    Ok(Value::tuple(match pos {
        Some(p) => vec![
            Value::str(&s[..p]),
            Value::str(sep),
            Value::str(&s[p + sep.len()..]),
        ],
        None if rev => vec![Value::str(""), Value::str(""), Value::str(s)],
        None => vec![Value::str(s), Value::str(""), Value::str("")],
    }))
}
fn str_partition(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    partition_impl(vm, args, false)
}
fn str_rpartition(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    partition_impl(vm, args, true)
}
fn str_encode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    check_varargs(vm, "encode", args, 1, 3)?;
    let s = this_str(vm, args, "encode")?;
    let enc = match args.get(1).cloned().or_else(|| kwarg(vm, kw, "encoding")) {
        Some(e) => str_arg(vm, &e, "encode() argument 'encoding'")?.to_string(),
        None => "utf-8".into(),
    };
    let errors = match args.get(2).cloned().or_else(|| kwarg(vm, kw, "errors")) {
        Some(e) => str_arg(vm, &e, "encode() argument 'errors'")?.to_string(),
        None => "strict".into(),
    };
    let s = s.to_string();
    super::codecs::encode_str(vm, &s, &enc, &errors)
}
fn str_removeprefix(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_one(vm, "str.removeprefix", args)?;
    let s = this_str(vm, args, "removeprefix")?;
    let p = str_arg(vm, &args[1], "removeprefix() argument")?;
    Ok(Value::str(s.strip_prefix(p).unwrap_or(s)))
}
fn str_removesuffix(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_one(vm, "str.removesuffix", args)?;
    let s = this_str(vm, args, "removesuffix")?;
    let p = str_arg(vm, &args[1], "removesuffix() argument")?;
    Ok(Value::str(s.strip_suffix(p).unwrap_or(s)))
}
fn str_expandtabs(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let s = this_str(vm, args, "expandtabs")?;
    let ts = args
        .get(1)
        .cloned()
        .or_else(|| kwarg(vm, kw, "tabsize"))
        .and_then(|v| vm.to_i64(&v))
        .unwrap_or(8);
    let mut out = String::new();
    let mut col = 0i64;
    for c in s.chars() {
        match c {
            '\t' => {
                if ts > 0 {
                    let n = ts - col % ts;
                    out.extend(std::iter::repeat_n(' ', n as usize));
                    col += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    Ok(Value::string(out))
}

// ----- list / tuple ----------------------------------------------------------------------
fn this_list<'a>(vm: &Vm, args: &'a [Value]) -> PyResult<&'a std::cell::RefCell<Vec<Value>>> {
    args.first()
        .and_then(|v| v.as_list())
        .ok_or_else(|| vm.type_error("descriptor requires a 'list' object"))
}
fn list_append(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_one(vm, "list.append", args)?;
    this_list(vm, args)?
        .try_borrow_mut()
        .map_err(|_| vm.borrow_error())?
        .push(args[1].clone());
    Ok(Value::NONE)
}
fn list_extend(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_one(vm, "list.extend", args)?;
    let items = vm.collect(&args[1])?;
    this_list(vm, args)?.borrow_mut().extend(items);
    Ok(Value::NONE)
}
fn list_insert(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_clinic(vm, "insert", args, 3, 3)?;
    let l = this_list(vm, args)?;
    let i = vm.index_value(&args[1], "list")?;
    let mut lb = l.borrow_mut();
    let n = lb.len() as i64;
    let i = if i < 0 { (i + n).max(0) } else { i.min(n) };
    lb.insert(i as usize, args[2].clone());
    Ok(Value::NONE)
}
fn list_pop(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_clinic(vm, "pop", args, 1, 2)?;
    this_list(vm, args)?;
    let i = match args.get(1) {
        Some(v) if v.is_int() || v.is_bool() || v.as_instance().is_some() => {
            Some(vm.index_value(v, "list")?)
        }
        Some(v) => {
            let tn = vm.type_name(v);
            return Err(vm.type_error(format!("'{tn}' object cannot be interpreted as an integer")));
        }
        None => None,
    };
    vm.list_pop(&args[0], i)
}
fn list_remove(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_one(vm, "list.remove", args)?;
    let l = this_list(vm, args)?;
    let items = l.borrow().clone();
    for (i, x) in items.iter().enumerate() {
        if vm.eq(x, &args[1])? {
            l.borrow_mut().remove(i);
            return Ok(Value::NONE);
        }
    }
    Err(vm.value_error("list.remove(x): x not in list"))
}
fn seq_items(vm: &Vm, v: &Value) -> PyResult<Vec<Value>> {
    match v.obj() {
        Some(Obj::List(l)) => Ok(l.borrow().clone()),
        Some(Obj::Tuple(t)) => Ok(t.to_vec()),
        _ => Err(vm.type_error("expected a sequence")),
    }
}
fn seq_index(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_clinic(vm, "index", args, 2, 4)?;
    let items = seq_items(vm, &args[0])?;
    let n = items.len() as i64;
    let norm = |vm: &mut Vm, v: Option<&Value>, d: i64| -> PyResult<i64> {
        match v {
            Some(v) => {
                let x = vm.index_value(v, "slice")?;
                Ok(if x < 0 { (x + n).max(0) } else { x.min(n) })
            }
            None => Ok(d),
        }
    };
    let a = norm(vm, args.get(2), 0)?;
    let b = norm(vm, args.get(3), n)?;
    for i in a..b {
        if vm.eq(&items[i as usize], &args[1])? {
            return Ok(Value::int(i));
        }
    }
    if args[0].as_list().is_some() {
        let r = vm.repr_of(&args[1])?;
        Err(vm.value_error(format!("{r} is not in list")))
    } else {
        Err(vm.value_error("tuple.index(x): x not in tuple"))
    }
}
fn seq_count(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_one(vm, "list.count", args)?;
    let items = seq_items(vm, &args[0])?;
    let mut n = 0;
    for x in &items {
        if vm.eq(x, &args[1])? {
            n += 1;
        }
    }
    Ok(Value::int(n))
}
fn list_sort(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    if args.len() != 1 {
        return Err(vm.type_error("sort() takes no positional arguments"));
    }
    let l = this_list(vm, args)?;
    let mut items = std::mem::take(&mut *l.borrow_mut());
    let key = kwarg(vm, kw, "key");
    let reverse = match kwarg(vm, kw, "reverse") {
        Some(r) => vm.is_true(&r)?,
        None => false,
    };
    let r = super::functions::sort_values(vm, &mut items, key, reverse);
    let modified = !l.borrow().is_empty();
    *l.borrow_mut() = items;
    r?;
    if modified {
        return Err(vm.value_error("list modified during sort"));
    }
    Ok(Value::NONE)
}
fn list_reverse(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    this_list(vm, args)?.borrow_mut().reverse();
    Ok(Value::NONE)
}
fn list_copy(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::list(this_list(vm, args)?.borrow().clone()))
}
fn list_clear(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let old = std::mem::take(&mut *this_list(vm, args)?.borrow_mut());
    drop(old);
    Ok(Value::NONE)
}

// ----- dict ------------------------------------------------------------------------------
fn dict_get(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_clinic(vm, "get", args, 2, 3)?;
    Ok(vm
        .dict_get(&args[0], &args[1])?
        .unwrap_or_else(|| args.get(2).cloned().unwrap_or(Value::NONE)))
}
fn dict_keys(_vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::new_obj(Obj::DictView(args[0].clone(), 0)))
}
fn dict_values(_vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::new_obj(Obj::DictView(args[0].clone(), 1)))
}
fn dict_items(_vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::new_obj(Obj::DictView(args[0].clone(), 2)))
}
fn dict_pop(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_clinic(vm, "pop", args, 2, 3)?;
    match vm.dict_del(&args[0], &args[1])? {
        Some(v) => Ok(v),
        None => match args.get(2) {
            Some(d) => Ok(d.clone()),
            None => Err(vm.key_error(args[1].clone())),
        },
    }
}
fn dict_popitem(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = args[0].as_dict().and_then(|d| d.borrow_mut().pop_last());
    match r {
        Some((k, v)) => Ok(Value::tuple(vec![k, v])),
        None => Err(vm.key_error(Value::str("popitem(): dictionary is empty"))),
    }
}
fn dict_setdefault(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_clinic(vm, "setdefault", args, 2, 3)?;
    if let Some(v) = vm.dict_get(&args[0], &args[1])? {
        return Ok(v);
    }
    let d = args.get(2).cloned().unwrap_or(Value::NONE);
    vm.dict_set(&args[0], args[1].clone(), d.clone())?;
    Ok(d)
}
fn dict_update(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    check_clinic(vm, "update", args, 1, 2)?;
    if let Some(o) = args.get(1) {
        vm.dict_update(&args[0], o, None)?;
    }
    for (k, v) in kw {
        vm.dict_set(&args[0], k.clone(), v.clone())?;
    }
    Ok(Value::NONE)
}
fn dict_copy(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    vm.copy_dict(&args[0])
}
fn dict_clear(_vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    if let Some(d) = args[0].as_dict() {
        let old = std::mem::take(&mut *d.borrow_mut());
        drop(old);
    }
    Ok(Value::NONE)
}
fn dict_fromkeys(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_clinic(vm, "fromkeys", args, 2, 3)?;
    let d = Value::dict(crate::object::Dict::new());
    let v = args.get(2).cloned().unwrap_or(Value::NONE);
    for k in vm.collect(&args[1])? {
        vm.dict_set(&d, k, v.clone())?;
    }
    Ok(d)
}

// ----- set -------------------------------------------------------------------------------
fn set_add(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_one(vm, "set.add", args)?;
    vm.set_add(&args[0], args[1].clone())?;
    Ok(Value::NONE)
}
fn set_remove(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_one(vm, "set.remove", args)?;
    if !vm.set_remove(&args[0], &args[1])? {
        return Err(vm.key_error(args[1].clone()));
    }
    Ok(Value::NONE)
}
fn set_discard(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_one(vm, "set.discard", args)?;
    vm.set_remove(&args[0], &args[1])?;
    Ok(Value::NONE)
}
fn set_pop(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = match args[0].obj() {
        Some(Obj::Set(s)) => s.borrow_mut().pop(),
        _ => None,
    };
    r.ok_or_else(|| vm.key_error(Value::str("pop from an empty set")))
}
fn set_clear(_vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    if let Some(Obj::Set(s)) = args[0].obj() {
        let old = std::mem::take(&mut *s.borrow_mut());
        drop(old);
    }
    Ok(Value::NONE)
}
fn set_copy(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let frozen = matches!(args[0].obj(), Some(Obj::FrozenSet(_)));
    vm.set_from(&args[0], frozen)
}
/// `update`, `intersection_update`, `difference_update` with any iterables: each argument
/// becomes a set (if it is not one) and is applied with the in-place operator.
fn set_update_with(vm: &mut Vm, args: &[Value], op: u32) -> PyResult<Value> {
    for o in &args[1..] {
        let o = as_set(vm, o)?;
        vm.set_inplace(&args[0], &o, op)?;
    }
    Ok(Value::NONE)
}
fn set_update(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    set_update_with(vm, args, crate::vm::ops::NB_OR)
}
fn as_set(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    match v.obj() {
        Some(Obj::Set(_) | Obj::FrozenSet(_)) => Ok(v.clone()),
        _ => vm.set_from(v, false),
    }
}
fn set_fold(vm: &mut Vm, args: &[Value], op: u32) -> PyResult<Value> {
    let mut acc = args[0].clone();
    if args.len() == 1 {
        let frozen = matches!(acc.obj(), Some(Obj::FrozenSet(_)));
        return vm.set_from(&acc, frozen);
    }
    for o in &args[1..] {
        let o = as_set(vm, o)?;
        acc = vm.set_binop(&acc, &o, op)?;
    }
    Ok(acc)
}
fn set_union(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    set_fold(vm, args, crate::vm::ops::NB_OR)
}
fn set_intersection(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    set_fold(vm, args, crate::vm::ops::NB_AND)
}
fn set_difference(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    set_fold(vm, args, crate::vm::ops::NB_SUBTRACT)
}
fn set_symmetric_difference(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_one(vm, "set.symmetric_difference", args)?;
    set_fold(vm, args, crate::vm::ops::NB_XOR)
}
fn set_intersection_update(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    set_update_with(vm, args, crate::vm::ops::NB_AND)
}
fn set_difference_update(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    set_update_with(vm, args, crate::vm::ops::NB_SUBTRACT)
}
fn set_symmetric_difference_update(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_one(vm, "set.symmetric_difference_update", args)?;
    set_update_with(vm, args, crate::vm::ops::NB_XOR)
}
fn set_issubset(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_one(vm, "set.issubset", args)?;
    let o = as_set(vm, &args[1])?;
    Ok(Value::bool(vm.set_compare(
        &args[0],
        &o,
        crate::vm::ops::CMP_LE,
    )?))
}
fn set_issuperset(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_one(vm, "set.issuperset", args)?;
    let o = as_set(vm, &args[1])?;
    Ok(Value::bool(vm.set_compare(
        &args[0],
        &o,
        crate::vm::ops::CMP_GE,
    )?))
}
fn set_isdisjoint(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_one(vm, "set.isdisjoint", args)?;
    for v in vm.collect(&args[1])? {
        if vm.set_contains(&args[0], &v)? {
            return Ok(Value::FALSE);
        }
    }
    Ok(Value::TRUE)
}

// ----- numbers ---------------------------------------------------------------------------
fn int_bit_length(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let b = vm.to_bigint(&args[0]).unwrap_or_default();
    Ok(Value::int(b.abs().bits() as i64))
}
fn int_conjugate(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::bigint(vm.to_bigint(&args[0]).unwrap_or_default()))
}
fn float_is_integer(_vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let x = args[0].as_float().unwrap_or(0.0);
    Ok(Value::bool(x.is_finite() && x.fract() == 0.0))
}
fn float_conjugate(_vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(args[0].clone())
}
fn float_as_integer_ratio(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let x = args[0].as_float().unwrap_or(0.0);
    if x.is_infinite() {
        return Err(vm.overflow_error("cannot convert Infinity to integer ratio"));
    }
    if x.is_nan() {
        return Err(vm.value_error("cannot convert NaN to integer ratio"));
    }
    let (mut m, mut e) = crate::mathfns::frexp(x);
    let mut n = 0;
    while m != m.floor() && n < 300 {
        m *= 2.0;
        e -= 1;
        n += 1;
    }
    let num = crate::numfmt::floatops::float_to_bigint(m).unwrap_or_default();
    let (num, den) = if e >= 0 {
        (num << e as usize, num_bigint::BigInt::from(1))
    } else {
        (num, num_bigint::BigInt::from(1) << (-e) as usize)
    };
    let _ = (ToPrimitive::to_i64(&den), den.is_zero());
    Ok(Value::tuple(vec![Value::bigint(num), Value::bigint(den)]))
}

// ----- generators ------------------------------------------------------------------------
fn gen_send(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_one(vm, "generator.send", args)?;
    match vm.gen_resume(&args[0], args[1].clone(), None)? {
        Ok(v) => Ok(v),
        Err(r) => Err(vm.stop_iteration(r)),
    }
}
fn gen_next(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    match vm.gen_resume(&args[0], Value::NONE, None)? {
        Ok(v) => Ok(v),
        Err(r) => Err(vm.stop_iteration(r)),
    }
}
fn gen_throw(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_clinic(vm, "throw", args, 2, 4)?;
    let e = &args[1];
    let exc = if e.as_type().is_some() {
        let a: Vec<Value> = args.get(2).cloned().into_iter().collect();
        vm.call(e, &a, &[])?
    } else {
        e.clone()
    };
    if exc.exc_data().is_none() {
        return Err(vm.type_error(
            "exceptions must be classes or instances deriving from BaseException, not str",
        ));
    }
    match vm.gen_resume(&args[0], Value::NONE, Some(exc))? {
        Ok(v) => Ok(v),
        Err(r) => Err(vm.stop_iteration(r)),
    }
}
fn gen_close(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    vm.gen_close(&args[0])
}

fn type_mro(_vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let t = &args[0];
    let mut v = vec![t.clone()];
    if let Some(ty) = t.as_type() {
        v.extend(ty.mro.borrow().iter().cloned());
    }
    Ok(Value::list(v))
}
