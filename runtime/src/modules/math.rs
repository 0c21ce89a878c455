//! The `math` module: argument conversion around [`crate::mathfns`], which holds the
//! numerics and CPython's domain/range error rules.

use crate::builtins::{check_arity, kwarg};
use crate::mathfns::{self as m, LogKind, MathError};
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    let d = super::new_native_module(
        vm,
        "math",
        &[
            ("sqrt", sqrt),
            ("cbrt", cbrt),
            ("exp", exp),
            ("exp2", exp2),
            ("expm1", expm1),
            ("sin", sin),
            ("cos", cos),
            ("tan", tan),
            ("asin", asin),
            ("acos", acos),
            ("atan", atan),
            ("sinh", sinh),
            ("cosh", cosh),
            ("tanh", tanh),
            ("asinh", asinh),
            ("acosh", acosh),
            ("atanh", atanh),
            ("log1p", log1p),
            ("fabs", fabs),
            ("gamma", gamma),
            ("lgamma", lgamma),
            ("erf", erf),
            ("erfc", erfc),
            ("degrees", degrees),
            ("radians", radians),
            ("ulp", ulp),
            ("log", log),
            ("log2", log2),
            ("log10", log10),
            ("pow", pow),
            ("atan2", atan2),
            ("fmod", fmod),
            ("remainder", remainder),
            ("copysign", copysign),
            ("nextafter", nextafter),
            ("floor", floor),
            ("ceil", ceil),
            ("trunc", trunc),
            ("isfinite", isfinite),
            ("isinf", isinf),
            ("isnan", isnan),
            ("isclose", isclose),
            ("hypot", hypot),
            ("dist", dist),
            ("fsum", fsum),
            ("prod", prod),
            ("frexp", frexp),
            ("ldexp", ldexp),
            ("modf", modf),
            ("factorial", factorial),
            ("gcd", gcd),
            ("lcm", lcm),
            ("isqrt", isqrt),
            ("comb", comb),
            ("perm", perm),
        ],
    );
    if let Some(dict) = d.as_dict() {
        let mut dict = dict.borrow_mut();
        dict.set_str("pi", Value::float(std::f64::consts::PI));
        dict.set_str("e", Value::float(std::f64::consts::E));
        dict.set_str("tau", Value::float(std::f64::consts::TAU));
        dict.set_str("inf", Value::float(f64::INFINITY));
        dict.set_str("nan", Value::float(f64::NAN));
    }
}

fn math_err(vm: &Vm, e: MathError) -> Value {
    let msg = e.message();
    match e.type_name() {
        "OverflowError" => vm.overflow_error(msg),
        "ZeroDivisionError" => vm.zero_division(msg),
        _ => vm.value_error(msg),
    }
}

/// A real-number argument as f64 (`__float__`, then `__index__`).
fn num(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    if let Some(x) = v.as_float() {
        return Ok(x);
    }
    if let Some(b) = vm.to_bigint(v) {
        return vm.int_to_f64(&b);
    }
    for special in ["__float__", "__index__"] {
        if let Some(r) = vm.call_special(v, special, &[])? {
            if let Some(x) = r.as_float() {
                return Ok(x);
            }
            if let Some(b) = vm.to_bigint(&r) {
                return vm.int_to_f64(&b);
            }
        }
    }
    let tn = vm.type_name(v);
    Err(vm.type_error(format!("must be real number, not {tn}")))
}

/// An integer argument (`__index__`).
fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<BigInt> {
    if let Some(b) = vm.to_bigint(v) {
        return Ok(b);
    }
    if v.as_instance().is_some() {
        if let Some(r) = vm.call_special(v, "__index__", &[])? {
            if let Some(b) = vm.to_bigint(&r) {
                return Ok(b);
            }
        }
    }
    let tn = vm.type_name(v);
    Err(vm.type_error(format!("'{tn}' object cannot be interpreted as an integer")))
}

fn one(vm: &mut Vm, a: &[Value], name: &str) -> PyResult<f64> {
    check_arity(vm, name, a, 1, 1)?;
    num(vm, &a[0])
}

fn two(vm: &mut Vm, a: &[Value], name: &str) -> PyResult<(f64, f64)> {
    check_arity(vm, name, a, 2, 2)?;
    Ok((num(vm, &a[0])?, num(vm, &a[1])?))
}

/// One float in, `MathResult` out.
macro_rules! checked_1 {
    ($($name:ident),*) => {$(
        fn $name(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
            let x = one(vm, a, stringify!($name))?;
            m::$name(x).map(Value::float).map_err(|e| math_err(vm, e))
        }
    )*};
}
checked_1!(
    sqrt, cbrt, exp, exp2, expm1, sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh,
    atanh, log1p, fabs, gamma, lgamma
);

/// One float in, float out (cannot fail).
macro_rules! plain_1 {
    ($($name:ident),*) => {$(
        fn $name(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
            let x = one(vm, a, stringify!($name))?;
            Ok(Value::float(m::$name(x)))
        }
    )*};
}
plain_1!(erf, erfc, degrees, radians, ulp);

/// Two floats in, `MathResult` out.
macro_rules! checked_2 {
    ($($name:ident),*) => {$(
        fn $name(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
            let (x, y) = two(vm, a, stringify!($name))?;
            m::$name(x, y).map(Value::float).map_err(|e| math_err(vm, e))
        }
    )*};
}
checked_2!(pow, fmod, remainder);

/// Two floats in, float out.
macro_rules! plain_2 {
    ($($name:ident),*) => {$(
        fn $name(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
            let (x, y) = two(vm, a, stringify!($name))?;
            Ok(Value::float(m::$name(x, y)))
        }
    )*};
}
plain_2!(atan2, copysign, nextafter);

/// `log`, `log2`, `log10` of an int (exact for huge ints) or a float.
fn log_of(vm: &mut Vm, v: &Value, kind: LogKind) -> PyResult<f64> {
    let r = match vm.to_bigint(v) {
        Some(b) => m::log_int(&b, kind),
        None => {
            let x = num(vm, v)?;
            match kind {
                LogKind::Ln => m::log(x),
                LogKind::Log2 => m::log2(x),
                LogKind::Log10 => m::log10(x),
            }
        }
    };
    r.map_err(|e| math_err(vm, e))
}

fn log(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "log", a, 1, 2)?;
    let x = log_of(vm, &a[0], LogKind::Ln)?;
    match a.get(1) {
        None => Ok(Value::float(x)),
        Some(b) => {
            let lb = log_of(vm, b, LogKind::Ln)?;
            m::log_with_base(x, lb)
                .map(Value::float)
                .map_err(|e| math_err(vm, e))
        }
    }
}
fn log2(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "log2", a, 1, 1)?;
    log_of(vm, &a[0], LogKind::Log2).map(Value::float)
}
fn log10(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "log10", a, 1, 1)?;
    log_of(vm, &a[0], LogKind::Log10).map(Value::float)
}

/// floor/ceil/trunc: ints pass through, user objects use their dunder, floats round.
fn rounding(
    vm: &mut Vm,
    a: &[Value],
    name: &str,
    f: fn(f64) -> f64,
    dunder: &str,
) -> PyResult<Value> {
    check_arity(vm, name, a, 1, 1)?;
    if let Some(b) = vm.to_bigint(&a[0]) {
        return Ok(Value::bigint(b));
    }
    if a[0].as_instance().is_some() {
        if let Some(r) = vm.call_special(&a[0], dunder, &[])? {
            return Ok(r);
        }
    }
    let x = num(vm, &a[0])?;
    crate::numfmt::floatops::float_to_bigint(f(x))
        .map(Value::bigint)
        .map_err(|e| vm.num_error(e))
}
fn floor(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    rounding(vm, a, "floor", m::floor, "__floor__")
}
fn ceil(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    rounding(vm, a, "ceil", m::ceil, "__ceil__")
}
fn trunc(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    rounding(vm, a, "trunc", m::trunc, "__trunc__")
}

fn isfinite(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(Value::bool(one(vm, a, "isfinite")?.is_finite()))
}
fn isinf(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(Value::bool(one(vm, a, "isinf")?.is_infinite()))
}
fn isnan(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(Value::bool(one(vm, a, "isnan")?.is_nan()))
}
fn isclose(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let (x, y) = two(vm, a, "isclose")?;
    let rel = match kwarg(vm, k, "rel_tol") {
        Some(v) => num(vm, &v)?,
        None => 1e-9,
    };
    let abs = match kwarg(vm, k, "abs_tol") {
        Some(v) => num(vm, &v)?,
        None => 0.0,
    };
    m::isclose(x, y, rel, abs)
        .map(Value::bool)
        .map_err(|e| math_err(vm, e))
}

fn floats(vm: &mut Vm, v: &Value) -> PyResult<Vec<f64>> {
    let items = vm.collect(v)?;
    items.iter().map(|x| num(vm, x)).collect()
}
fn hypot(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    let xs: Vec<f64> = a.iter().map(|x| num(vm, x)).collect::<PyResult<_>>()?;
    Ok(Value::float(m::hypot(&xs)))
}
fn dist(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "dist", a, 2, 2)?;
    let (p, q) = (floats(vm, &a[0])?, floats(vm, &a[1])?);
    m::dist(&p, &q)
        .map(Value::float)
        .map_err(|e| math_err(vm, e))
}
fn fsum(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "fsum", a, 1, 1)?;
    let xs = floats(vm, &a[0])?;
    m::fsum(xs).map(Value::float).map_err(|e| math_err(vm, e))
}
fn prod(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    check_arity(vm, "prod", a, 1, 1)?;
    let mut acc = kwarg(vm, k, "start").unwrap_or(Value::int(1));
    for v in vm.collect(&a[0])? {
        acc = vm.binary_op(&acc, &v, crate::vm::ops::NB_MULTIPLY)?;
    }
    Ok(acc)
}

fn frexp(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    let (mant, e) = m::frexp(one(vm, a, "frexp")?);
    Ok(Value::tuple(vec![Value::float(mant), Value::int(e as i64)]))
}
fn ldexp(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "ldexp", a, 2, 2)?;
    let x = num(vm, &a[0])?;
    let e = int_arg(vm, &a[1])?;
    let e = e
        .to_i64()
        .unwrap_or(if e.is_negative() { i64::MIN } else { i64::MAX });
    m::ldexp(x, e)
        .map(Value::float)
        .map_err(|err| math_err(vm, err))
}
fn modf(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    let (frac, int) = m::modf(one(vm, a, "modf")?);
    Ok(Value::tuple(vec![Value::float(frac), Value::float(int)]))
}

fn int_args(vm: &mut Vm, a: &[Value]) -> PyResult<Vec<BigInt>> {
    a.iter().map(|v| int_arg(vm, v)).collect()
}
fn factorial(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "factorial", a, 1, 1)?;
    let n = int_arg(vm, &a[0])?;
    m::factorial(&n)
        .map(Value::bigint)
        .map_err(|e| math_err(vm, e))
}
fn gcd(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    let ints = int_args(vm, a)?;
    Ok(Value::bigint(m::gcd(&ints)))
}
fn lcm(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    let ints = int_args(vm, a)?;
    Ok(Value::bigint(m::lcm(&ints)))
}
fn isqrt(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "isqrt", a, 1, 1)?;
    let n = int_arg(vm, &a[0])?;
    m::isqrt(&n).map(Value::bigint).map_err(|e| math_err(vm, e))
}
fn comb(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "comb", a, 2, 2)?;
    let (n, k) = (int_arg(vm, &a[0])?, int_arg(vm, &a[1])?);
    m::comb(&n, &k)
        .map(Value::bigint)
        .map_err(|e| math_err(vm, e))
}
fn perm(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "perm", a, 1, 2)?;
    let n = int_arg(vm, &a[0])?;
    let k = match a.get(1).filter(|v| !v.is_none()) {
        Some(v) => int_arg(vm, v)?,
        None => n.clone(),
    };
    m::perm(&n, &k)
        .map(Value::bigint)
        .map_err(|e| math_err(vm, e))
}
