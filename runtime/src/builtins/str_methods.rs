//! More methods of `str` (`isascii`, `isprintable`, `maketrans`, `translate`) and of
//! `slice` (`indices`).

use super::methods::this_str;
use super::{add_methods, check_arity};
use crate::object::{Dict, Obj};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    let t = &vm.types;
    add_methods(
        &t.str_,
        "str",
        &[
            ("isascii", str_isascii),
            ("isprintable", str_isprintable),
            ("casefold", str_casefold),
            ("isdecimal", str_isdecimal),
            ("__len__", str_len),
            ("translate", str_translate),
        ],
    );
    if let Some(ty) = t.str_.as_type() {
        ty.dict.borrow_mut().set_str(
            "maketrans",
            Value::new_obj(Obj::StaticMethod(super::native("maketrans", str_maketrans))),
        );
    }
    add_methods(&t.slice, "slice", &[("indices", slice_indices)]);
}

fn str_isascii(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "isascii", args, 1, 1)?;
    Ok(Value::bool(this_str(vm, args, "isascii")?.is_ascii()))
}

fn str_isdecimal(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "isdecimal", args, 1, 1)?;
    let s = this_str(vm, args, "isdecimal")?;
    let dec = |c| crate::numfmt::parse::decimal_value(c).is_some();
    Ok(Value::bool(!s.is_empty() && s.chars().all(dec)))
}

fn str_casefold(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "casefold", args, 1, 1)?;
    let s = this_str(vm, args, "casefold")?;
    Ok(Value::string(crate::numfmt::parse::casefold(s)))
}

fn str_len(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__len__", args, 1, 1)?;
    match args[0].as_str() {
        Some(s) => Ok(Value::int(s.char_len() as i64)),
        None => Err(vm.type_error("descriptor '__len__' requires a 'str' object")),
    }
}

fn str_isprintable(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "isprintable", args, 1, 1)?;
    let s = this_str(vm, args, "isprintable")?;
    Ok(Value::bool(
        s.chars().all(crate::numfmt::parse::is_printable),
    ))
}

/// `str.maketrans(x)`, `str.maketrans(x, y)`, `str.maketrans(x, y, z)`.
fn str_maketrans(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "maketrans", args, 1, 3)?;
    let table = Value::dict(Dict::new());
    if args.len() == 1 {
        let Some(d) = args[0].as_dict() else {
            return Err(
                vm.type_error("if you give only one argument to maketrans it must be a dict")
            );
        };
        let items: Vec<(Value, Value)> = d
            .borrow()
            .iter()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect();
        for (k, v) in items {
            let key = match k.as_str() {
                Some(s) if s.char_len() == 1 => Value::int(s.char_at(0) as i64),
                Some(_) => {
                    return Err(vm.value_error("string keys in translate table must be of length 1"))
                }
                None if k.is_int() => k,
                None => {
                    return Err(vm.type_error("keys in translate table must be strings or integers"))
                }
            };
            vm.dict_set(&table, key, v)?;
        }
        return Ok(table);
    }
    let (Some(x), Some(y)) = (args[0].as_str(), args[1].as_str()) else {
        return Err(vm.type_error("maketrans() arguments must be strings"));
    };
    if x.char_len() != y.char_len() {
        return Err(vm.value_error("the first two maketrans arguments must have equal length"));
    }
    let pairs: Vec<(char, char)> = x.as_str().chars().zip(y.as_str().chars()).collect();
    for (a, b) in pairs {
        vm.dict_set(&table, Value::int(a as i64), Value::int(b as i64))?;
    }
    if let Some(z) = args.get(2) {
        let Some(z) = z.as_str() else {
            let tn = vm.type_name(z);
            return Err(vm.type_error(format!("maketrans() argument 3 must be str, not {tn}")));
        };
        let chars: Vec<char> = z.as_str().chars().collect();
        for c in chars {
            vm.dict_set(&table, Value::int(c as i64), Value::NONE)?;
        }
    }
    Ok(table)
}

/// `str.translate(table)`: each char's code point is looked up in `table`; a LookupError
/// keeps the char, None deletes it, an int or str replaces it.
fn str_translate(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "translate", args, 2, 2)?;
    let s = this_str(vm, args, "translate")?;
    let table = &args[1];
    let lookup_error = vm.exc.lookup_error.clone();
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let key = Value::int(c as i64);
        let mapped = if table.as_dict().is_some() {
            vm.dict_get(table, &key)?
        } else {
            match vm.getitem(table, &key) {
                Ok(v) => Some(v),
                Err(e) if vm.isinstance(&e, &lookup_error) => None,
                Err(e) => return Err(e),
            }
        };
        match mapped {
            None => out.push(c),
            Some(v) if v.is_none() => {}
            Some(v) => {
                if let Some(r) = v.as_str() {
                    out.push_str(r.as_str());
                } else if v.is_int() {
                    match vm
                        .to_i64(&v)
                        .and_then(|i| u32::try_from(i).ok())
                        .and_then(char::from_u32)
                    {
                        Some(r) => out.push(r),
                        None => {
                            return Err(
                                vm.value_error("character mapping must be in range(0x110000)")
                            )
                        }
                    }
                } else {
                    return Err(vm.type_error("character mapping must return integer, None or str"));
                }
            }
        }
    }
    Ok(Value::string(out))
}

/// `slice.indices(length)`: (start, stop, step) adjusted to a sequence of that length.
fn slice_indices(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "indices", args, 2, 2)?;
    let Some(Obj::Slice(s)) = args[0].obj() else {
        return Err(vm.type_error("descriptor 'indices' requires a 'slice' object"));
    };
    let len = vm.index_value(&args[1], "slice")?;
    if len < 0 {
        return Err(vm.value_error("length should not be negative"));
    }
    let si = vm.slice_indices(s, len as usize)?;
    Ok(Value::tuple(vec![
        Value::int(si.start),
        Value::int(si.stop),
        Value::int(si.step),
    ]))
}
