//! `complex`: the constructor (numbers or a string like `"1.5-2j"`) and its methods.

use super::{add_methods, check_arity, kwarg};
use crate::numfmt::parse::parse_float;
use crate::object::Obj;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    add_methods(
        &vm.types.complex,
        "complex",
        &[("conjugate", complex_conjugate)],
    );
}

fn complex_conjugate(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "conjugate", args, 1, 1)?;
    match args[0].obj() {
        Some(Obj::Complex(r, i)) => Ok(Value::new_obj(Obj::Complex(*r, -*i))),
        _ => Err(vm.type_error("descriptor 'conjugate' requires a 'complex' object")),
    }
}

/// `complex(real=0, imag=0)` or `complex(string)`.
pub fn construct(vm: &mut Vm, args: &[Value], kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "complex", args, 0, 2)?;
    let real = args.first().cloned().or_else(|| kwarg(vm, kwargs, "real"));
    let imag = args.get(1).cloned().or_else(|| kwarg(vm, kwargs, "imag"));
    if let Some(s) = real.as_ref().and_then(|r| r.as_str()) {
        if imag.is_some() {
            return Err(vm.type_error("complex() can't take second arg if first is a string"));
        }
        return match parse_complex(s.as_str()) {
            Some((r, i)) => Ok(Value::new_obj(Obj::Complex(r, i))),
            None => Err(vm.value_error("complex() arg is a malformed string")),
        };
    }
    if imag.as_ref().is_some_and(|i| i.as_str().is_some()) {
        return Err(vm.type_error("complex() second arg can't be a string"));
    }
    let part = |vm: &mut Vm, v: &Option<Value>, which: &str| -> PyResult<Option<(f64, f64)>> {
        let Some(v) = v else {
            return Ok(None);
        };
        if let Some(Obj::Complex(r, i)) = v.obj() {
            return Ok(Some((*r, *i)));
        }
        if v.is_float() || v.is_int() || v.as_instance().is_some() {
            return super::construct::to_float(vm, v).map(|x| Some((x, 0.0)));
        }
        let tn = vm.type_name(v);
        Err(vm.type_error(format!("complex() {which} not '{tn}'")))
    };
    let cr = part(vm, &real, "first argument must be a string or a number,")?;
    let ci = part(vm, &imag, "second argument must be a number,")?;
    let real_is_complex = matches!(real.as_ref().and_then(|r| r.obj()), Some(Obj::Complex(..)));
    let imag_is_complex = matches!(imag.as_ref().and_then(|r| r.obj()), Some(Obj::Complex(..)));
    let (mut re, cr_imag) = cr.unwrap_or((0.0, 0.0));
    let (mut im, ci_imag) = ci.unwrap_or((0.0, 0.0));
    if imag_is_complex {
        re -= ci_imag;
    }
    if real_is_complex {
        im = if ci.is_some() { im + cr_imag } else { cr_imag };
    }
    Ok(Value::new_obj(Obj::Complex(re, im)))
}

/// The length of the longest prefix of `s` that looks like a float literal (sign, digits,
/// point, exponent, or inf/nan); `parse_float` validates it.
fn float_prefix(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    let rest = s[i..].to_ascii_lowercase();
    for word in ["infinity", "inf", "nan"] {
        if rest.starts_with(word) {
            return i + word.len();
        }
    }
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.' || b[i] == b'_') {
        i += 1;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if b.get(j).is_some_and(u8::is_ascii_digit) {
            while j < b.len() && (b[j].is_ascii_digit() || b[j] == b'_') {
                j += 1;
            }
            i = j;
        }
    }
    i
}

/// Parses `complex()`'s string forms: `"1"`, `"2j"`, `"1+2j"`, `"-j"`, `"(1-2.5j)"`, with
/// surrounding whitespace.
pub fn parse_complex(s: &str) -> Option<(f64, f64)> {
    let mut t = s.trim();
    if let Some(inner) = t.strip_prefix('(') {
        t = inner.strip_suffix(')')?.trim();
    }
    if t.is_empty() {
        return None;
    }
    let is_j = |c: Option<&u8>| matches!(c, Some(b'j' | b'J'));
    // A bare `j`, `+j` or `-j`.
    let unit = |p: &str| -> Option<f64> {
        match p {
            "j" | "J" | "+j" | "+J" => Some(1.0),
            "-j" | "-J" => Some(-1.0),
            _ => None,
        }
    };
    if let Some(i) = unit(t) {
        return Some((0.0, i));
    }
    let n = float_prefix(t);
    if n == 0 {
        return None;
    }
    let x = parse_float(&t[..n])?;
    let rest = &t[n..];
    if rest.is_empty() {
        return Some((x, 0.0));
    }
    if is_j(rest.as_bytes().first()) && rest.len() == 1 {
        return Some((0.0, x));
    }
    if !matches!(rest.as_bytes().first(), Some(b'+' | b'-')) {
        return None;
    }
    if let Some(i) = unit(rest) {
        return Some((x, i));
    }
    let m = float_prefix(rest);
    let y = parse_float(&rest[..m])?;
    if m + 1 == rest.len() && is_j(rest.as_bytes().get(m)) {
        return Some((x, y));
    }
    None
}
