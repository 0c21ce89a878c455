//! More methods of `int` and `float`: `int.bit_count`, `int.to_bytes`, `int.from_bytes`,
//! `int.as_integer_ratio`, `float.hex` and `float.fromhex`.

use super::{add_methods, check_arity, kwarg};
use crate::numfmt::floatops::{bigint_to_float, int_true_divide};
use crate::object::Obj;
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use num_bigint::{BigInt, Sign};
use num_traits::{One, Signed, Zero};

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    let t = &vm.types;
    add_methods(
        &t.int,
        "int",
        &[
            ("bit_count", int_bit_count),
            ("to_bytes", int_to_bytes),
            ("as_integer_ratio", int_as_integer_ratio),
        ],
    );
    add_methods(&t.float, "float", &[("hex", float_hex)]);
    for (ty, name, f) in [
        (
            &t.int,
            "from_bytes",
            int_from_bytes as crate::object::NativeFn,
        ),
        (&t.float, "fromhex", float_fromhex),
        (&t.float, "__getformat__", float_getformat),
    ] {
        if let Some(ty) = ty.as_type() {
            ty.dict.borrow_mut().set_str(
                name,
                Value::new_obj(Obj::ClassMethod(super::native(name, f))),
            );
        }
    }
}

/// `float.__getformat__(typestr)`: how C doubles and floats are stored.
fn float_getformat(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__getformat__", &args[1.min(args.len())..], 1, 1)?;
    match args[1].as_str().map(|s| s.as_str()) {
        Some("double" | "float") => Ok(Value::str(if cfg!(target_endian = "little") {
            "IEEE, little-endian"
        } else {
            "IEEE, big-endian"
        })),
        Some(_) => Err(vm.value_error("__getformat__() argument 1 must be 'double' or 'float'")),
        None => {
            let tn = vm.type_name(&args[1]);
            Err(vm.type_error(format!("__getformat__() argument must be str, not {tn}")))
        }
    }
}

fn this_int(vm: &Vm, args: &[Value], name: &str) -> PyResult<BigInt> {
    args.first()
        .and_then(|v| vm.to_bigint(v))
        .ok_or_else(|| vm.type_error(format!("descriptor '{name}' requires a 'int' object")))
}

fn int_bit_count(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "bit_count", args, 1, 1)?;
    let n = this_int(vm, args, "bit_count")?;
    let ones: u64 = n
        .magnitude()
        .iter_u64_digits()
        .map(|d| d.count_ones() as u64)
        .sum();
    Ok(Value::int(ones as i64))
}

fn int_as_integer_ratio(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "as_integer_ratio", args, 1, 1)?;
    let n = this_int(vm, args, "as_integer_ratio")?;
    Ok(Value::tuple(vec![Value::bigint(n), Value::int(1)]))
}

/// The `byteorder` argument: true for big-endian.
fn big_endian(vm: &Vm, v: Option<Value>, func: &str) -> PyResult<bool> {
    let Some(v) = v else {
        return Ok(true);
    };
    match v.as_str().map(|s| s.as_str()) {
        Some("big") => Ok(true),
        Some("little") => Ok(false),
        Some(_) => Err(vm.value_error("byteorder must be either 'little' or 'big'")),
        None => {
            let tn = vm.type_name(&v);
            Err(vm.type_error(format!(
                "{func}() argument 'byteorder' must be str, not {tn}"
            )))
        }
    }
}

fn signed_kw(vm: &mut Vm, kw: Kw) -> PyResult<bool> {
    match kwarg(vm, kw, "signed") {
        Some(v) => vm.is_true(&v),
        None => Ok(false),
    }
}

fn int_to_bytes(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    check_arity(vm, "to_bytes", args, 1, 3)?;
    let n = this_int(vm, args, "to_bytes")?;
    let length = match args.get(1).cloned().or_else(|| kwarg(vm, kw, "length")) {
        Some(l) => vm.index_value(&l, "length")?,
        None => 1,
    };
    if length < 0 {
        return Err(vm.value_error("length argument must be non-negative"));
    }
    let big = big_endian(
        vm,
        args.get(2).cloned().or_else(|| kwarg(vm, kw, "byteorder")),
        "to_bytes",
    )?;
    let signed = signed_kw(vm, kw)?;
    if !signed && n.is_negative() {
        return Err(vm.overflow_error("can't convert negative int to unsigned"));
    }
    let mut bytes = if signed {
        n.to_signed_bytes_le()
    } else {
        n.to_bytes_le().1
    };
    // Minimal encodings of zero and of non-negative values may carry a redundant byte.
    if n.is_zero() {
        bytes.clear();
    }
    let length = length as usize;
    if bytes.len() > length {
        return Err(vm.overflow_error("int too big to convert"));
    }
    let fill = if n.is_negative() { 0xff } else { 0 };
    bytes.resize(length, fill);
    if big {
        bytes.reverse();
    }
    Ok(Value::bytes(bytes))
}

fn int_from_bytes(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    check_arity(vm, "from_bytes", args, 1, 3)?;
    let Some(src) = args.get(1).cloned().or_else(|| kwarg(vm, kw, "bytes")) else {
        return Err(vm.type_error("from_bytes() missing required argument 'bytes' (pos 1)"));
    };
    let data = match src.bytes_data() {
        Some(b) => b,
        None if src.as_str().is_some() => {
            return Err(vm.type_error("cannot convert 'str' object to bytes"))
        }
        None => {
            let mut out = vec![];
            for x in vm.collect(&src)? {
                match vm.to_i64(&x) {
                    Some(i) if (0..256).contains(&i) => out.push(i as u8),
                    _ => return Err(vm.value_error("bytes must be in range(0, 256)")),
                }
            }
            out
        }
    };
    let big = big_endian(
        vm,
        args.get(2).cloned().or_else(|| kwarg(vm, kw, "byteorder")),
        "from_bytes",
    )?;
    let signed = signed_kw(vm, kw)?;
    let n = match (big, signed) {
        (true, true) => BigInt::from_signed_bytes_be(&data),
        (true, false) => BigInt::from_bytes_be(Sign::Plus, &data),
        (false, true) => BigInt::from_signed_bytes_le(&data),
        (false, false) => BigInt::from_bytes_le(Sign::Plus, &data),
    };
    Ok(Value::bigint(n))
}

/// `float.hex()`, as CPython's `float_hex`.
fn float_hex(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "hex", args, 1, 1)?;
    let Some(x) = args[0].as_float() else {
        let tn = vm.type_name(&args[0]);
        return Err(vm.type_error(format!(
            "descriptor 'hex' for 'float' objects doesn't apply to a '{tn}' object"
        )));
    };
    if !x.is_finite() {
        return Ok(Value::string(crate::numfmt::float_repr(x)));
    }
    if x == 0.0 {
        return Ok(Value::str(if x.is_sign_negative() {
            "-0x0.0p+0"
        } else {
            "0x0.0p+0"
        }));
    }
    let (m, e) = crate::mathfns::frexp(x.abs());
    let shift = 1 - (-1021 - e).max(0);
    let mut m = libm::ldexp(m, shift);
    let e = e - shift;
    let mut digits = String::new();
    let hex = |d: f64| char::from_digit(d as u32, 16).unwrap_or('0');
    digits.push(hex(m));
    m -= m.trunc();
    digits.push('.');
    for _ in 0..13 {
        m *= 16.0;
        digits.push(hex(m));
        m -= m.trunc();
    }
    let sign = if x < 0.0 { "-" } else { "" };
    let esign = if e < 0 { '-' } else { '+' };
    Ok(Value::string(format!(
        "{sign}0x{digits}p{esign}{}",
        e.abs()
    )))
}

/// `float.fromhex(s)`: `[sign] ['0x'] digits ['.' digits] ['p' exponent]`, `inf`, `nan`,
/// correctly rounded.
fn float_fromhex(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "fromhex", args, 2, 2)?;
    let Some(s) = args[1].as_str() else {
        let tn = vm.type_name(&args[1]);
        return Err(vm.type_error(format!("must be str, not {tn}")));
    };
    let x = parse_hex_float(s.as_str()).map_err(|overflow| {
        if overflow {
            vm.overflow_error("hexadecimal value too large to represent as a float")
        } else {
            vm.value_error("invalid hexadecimal floating-point string")
        }
    })?;
    let cls = &args[0];
    if cls.is(&vm.types.float) {
        return Ok(Value::float(x));
    }
    vm.call(cls, &[Value::float(x)], &[])
}

/// Err(true) on overflow, Err(false) on a malformed string.
fn parse_hex_float(s: &str) -> Result<f64, bool> {
    let t = s.trim_matches(|c: char| c.is_whitespace());
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let sign = |x: f64| if neg { -x } else { x };
    let lower = body.to_ascii_lowercase();
    match lower.as_str() {
        "inf" | "infinity" => return Ok(sign(f64::INFINITY)),
        "nan" => return Ok(sign(f64::NAN)),
        _ => {}
    }
    let body = lower.strip_prefix("0x").unwrap_or(&lower);
    let (mant, exp) = match body.split_once('p') {
        Some((m, e)) => (m, Some(e)),
        None => (body, None),
    };
    let (int_part, frac_part) = match mant.split_once('.') {
        Some((i, f)) => (i, f),
        None => (mant, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(false);
    }
    let mut m = BigInt::zero();
    for c in int_part.chars().chain(frac_part.chars()) {
        let d = c.to_digit(16).ok_or(false)?;
        m = m * 16 + d;
    }
    let mut e: i64 = match exp {
        Some(e) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(false);
            }
            // Exponents far beyond the float range saturate.
            let v: i64 = digits.parse().unwrap_or(i64::MAX / 4).min(i64::MAX / 4);
            if e.starts_with('-') {
                -v
            } else {
                v
            }
        }
        None => 0,
    };
    e -= 4 * frac_part.len() as i64;
    if m.is_zero() {
        return Ok(sign(0.0));
    }
    let top = m.bits() as i64 + e;
    if top > 1025 {
        return Err(true);
    }
    if top < -1080 {
        return Ok(sign(0.0));
    }
    let x = if e >= 0 {
        bigint_to_float(&(m << e as usize)).map_err(|_| true)?
    } else {
        int_true_divide(&m, &(BigInt::one() << (-e) as usize)).map_err(|_| true)?
    };
    if x.is_infinite() {
        return Err(true);
    }
    Ok(sign(x))
}
