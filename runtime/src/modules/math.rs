//! The `math` module: CPython's function set with its domain/range error rules.

use crate::builtins::check_arity;
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use num_bigint::BigInt;
use num_integer::{Integer, Roots};
use num_traits::{One, Signed, ToPrimitive, Zero};

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    let d = super::new_native_module(
        vm,
        "math",
        &[
            ("sqrt", sqrt),
            ("exp", exp),
            ("exp2", exp2),
            ("expm1", expm1),
            ("log", log),
            ("log2", log2),
            ("log10", log10),
            ("log1p", log1p),
            ("sin", sin),
            ("cos", cos),
            ("tan", tan),
            ("asin", asin),
            ("acos", acos),
            ("atan", atan),
            ("atan2", atan2),
            ("sinh", sinh),
            ("cosh", cosh),
            ("tanh", tanh),
            ("asinh", asinh),
            ("acosh", acosh),
            ("atanh", atanh),
            ("floor", floor),
            ("ceil", ceil),
            ("trunc", trunc),
            ("fabs", fabs),
            ("fmod", fmod),
            ("hypot", hypot),
            ("pow", pow),
            ("copysign", copysign),
            ("degrees", degrees),
            ("radians", radians),
            ("isfinite", isfinite),
            ("isinf", isinf),
            ("isnan", isnan),
            ("isclose", isclose),
            ("factorial", factorial),
            ("gcd", gcd),
            ("lcm", lcm),
            ("isqrt", isqrt),
            ("comb", comb),
            ("perm", perm),
            ("fsum", fsum),
            ("prod", prod),
            ("gamma", gamma),
            ("lgamma", lgamma),
            ("erf", erf),
            ("erfc", erfc),
            ("frexp", frexp),
            ("ldexp", ldexp),
            ("modf", modf),
            ("dist", dist),
            ("cbrt", cbrt),
            ("remainder", remainder),
            ("nextafter", nextafter),
            ("ulp", ulp),
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

fn num(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    if let Some(x) = v.as_float() {
        return Ok(x);
    }
    if let Some(b) = vm.to_bigint(v) {
        return vm.int_to_f64(&b);
    }
    if let Some(r) = vm.call_special(v, "__float__", &[])? {
        if let Some(x) = r.as_float() {
            return Ok(x);
        }
    }
    let tn = vm.type_name(v);
    Err(vm.type_error(format!("must be real number, not {tn}")))
}

fn domain(vm: &Vm) -> Value {
    vm.value_error("math domain error")
}
fn range(vm: &Vm) -> Value {
    vm.overflow_error("math range error")
}

fn math_err(vm: &Vm, e: crate::mathfns::MathError) -> Value {
    let m = e.message();
    match e.type_name() {
        "OverflowError" => vm.overflow_error(m),
        "ZeroDivisionError" => vm.zero_division(m),
        _ => vm.value_error(m),
    }
}

macro_rules! unary_fns {
    ($($name:ident),*) => {
        $(fn $name(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
            check_arity(vm, stringify!($name), a, 1, 1)?;
            let x = num(vm, &a[0])?;
            crate::mathfns::$name(x).map(Value::float).map_err(|e| math_err(vm, e))
        })*
    };
}

unary_fns!(
    sqrt, cbrt, exp, exp2, expm1, sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh,
    atanh, fabs, gamma, lgamma
);

macro_rules! plain_fns {
    ($($name:ident),*) => {
        $(fn $name(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
            check_arity(vm, stringify!($name), a, 1, 1)?;
            let x = num(vm, &a[0])?;
            Ok(Value::float(crate::mathfns::$name(x)))
        })*
    };
}

plain_fns!(erf, erfc, degrees, radians);

fn log_of(vm: &mut Vm, v: &Value, f: fn(f64) -> f64) -> PyResult<f64> {
    if let Some(b) = vm.to_bigint(v).filter(|_| !v.is_float()) {
        if !b.is_positive() {
            return Err(domain(vm));
        }
        if let Some(x) = b.to_f64().filter(|x| x.is_finite()) {
            return Ok(f(x));
        }
        // Huge ints: log(m * 2**e) = log(m) + e*log(2)
        let bits = b.bits();
        let shift = bits - 64;
        let m = (&b >> shift).to_f64().unwrap_or(1.0);
        return Ok(f(m) + shift as f64 * f(2.0));
    }
    let x = num(vm, v)?;
    if x <= 0.0 || x.is_nan() {
        if x.is_nan() {
            return Ok(x);
        }
        return Err(domain(vm));
    }
    Ok(f(x))
}

fn log(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "log", a, 1, 2)?;
    let x = log_of(vm, &a[0], f64::ln)?;
    if let Some(b) = a.get(1) {
        let lb = log_of(vm, b, f64::ln)?;
        if lb == 0.0 {
            return Err(vm.zero_division("float division by zero"));
        }
        return Ok(Value::float(x / lb));
    }
    Ok(Value::float(x))
}
fn log2(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "log2", a, 1, 1)?;
    Ok(Value::float(log_of(vm, &a[0], f64::log2)?))
}
fn log10(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "log10", a, 1, 1)?;
    Ok(Value::float(log_of(vm, &a[0], f64::log10)?))
}
fn log1p(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "log1p", a, 1, 1)?;
    let x = num(vm, &a[0])?;
    if x <= -1.0 {
        return Err(domain(vm));
    }
    Ok(Value::float(x.ln_1p()))
}

fn two(vm: &mut Vm, a: &[Value], name: &str) -> PyResult<(f64, f64)> {
    check_arity(vm, name, a, 2, 2)?;
    Ok((num(vm, &a[0])?, num(vm, &a[1])?))
}
fn atan2(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    let (y, x) = two(vm, a, "atan2")?;
    Ok(Value::float(y.atan2(x)))
}
fn fmod(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    let (x, y) = two(vm, a, "fmod")?;
    if y == 0.0 && !x.is_nan() || x.is_infinite() && !y.is_nan() {
        return Err(domain(vm));
    }
    Ok(Value::float(x % y))
}
fn remainder(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    let (x, y) = two(vm, a, "remainder")?;
    if (y == 0.0 || x.is_infinite()) && !x.is_nan() && !y.is_nan() {
        return Err(domain(vm));
    }
    Ok(Value::float(libm::remainder(x, y)))
}
fn copysign(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    let (x, y) = two(vm, a, "copysign")?;
    Ok(Value::float(x.copysign(y)))
}
fn nextafter(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    let (x, y) = two(vm, a, "nextafter")?;
    Ok(Value::float(libm::nextafter(x, y)))
}
fn ulp(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "ulp", a, 1, 1)?;
    let x = num(vm, &a[0])?.abs();
    if !x.is_finite() {
        return Ok(Value::float(x));
    }
    let next = libm::nextafter(x, f64::INFINITY);
    if next.is_infinite() {
        return Ok(Value::float(x - libm::nextafter(x, 0.0)));
    }
    Ok(Value::float(next - x))
}
fn pow(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    let (x, y) = two(vm, a, "pow")?;
    if x == 0.0 && y < 0.0 && y.is_finite() {
        return Err(domain(vm));
    }
    if x < 0.0 && x.is_finite() && y.is_finite() && y.fract() != 0.0 {
        return Err(domain(vm));
    }
    let r = x.powf(y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(range(vm));
    }
    Ok(Value::float(r))
}
fn hypot(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    let mut acc = 0.0f64;
    let mut xs = vec![];
    for v in a {
        xs.push(num(vm, v)?);
    }
    if xs.iter().any(|x| x.is_infinite()) {
        return Ok(Value::float(f64::INFINITY));
    }
    for x in &xs {
        acc = acc.hypot(*x);
    }
    Ok(Value::float(acc))
}
fn dist(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "dist", a, 2, 2)?;
    let p = vm.collect(&a[0])?;
    let q = vm.collect(&a[1])?;
    if p.len() != q.len() {
        return Err(vm.value_error("both points must have the same number of dimensions"));
    }
    let mut acc = 0.0f64;
    for (x, y) in p.iter().zip(&q) {
        acc = acc.hypot(num(vm, x)? - num(vm, y)?);
    }
    Ok(Value::float(acc))
}

fn to_int_result(vm: &mut Vm, x: f64) -> PyResult<Value> {
    crate::numfmt::floatops::float_to_bigint(x)
        .map(Value::bigint)
        .map_err(|e| vm.num_error(e))
}
fn rounding(
    vm: &mut Vm,
    a: &[Value],
    name: &str,
    f: fn(f64) -> f64,
    dunder: &str,
) -> PyResult<Value> {
    check_arity(vm, name, a, 1, 1)?;
    if a[0].is_int() {
        return Ok(Value::bigint(vm.to_bigint(&a[0]).unwrap_or_default()));
    }
    if a[0].as_instance().is_some() {
        if let Some(r) = vm.call_special(&a[0], dunder, &[])? {
            return Ok(r);
        }
    }
    let x = num(vm, &a[0])?;
    to_int_result(vm, f(x))
}
fn floor(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    rounding(vm, a, "floor", f64::floor, "__floor__")
}
fn ceil(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    rounding(vm, a, "ceil", f64::ceil, "__ceil__")
}
fn trunc(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    rounding(vm, a, "trunc", f64::trunc, "__trunc__")
}
fn isfinite(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "isfinite", a, 1, 1)?;
    Ok(Value::bool(num(vm, &a[0])?.is_finite()))
}
fn isinf(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "isinf", a, 1, 1)?;
    Ok(Value::bool(num(vm, &a[0])?.is_infinite()))
}
fn isnan(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "isnan", a, 1, 1)?;
    Ok(Value::bool(num(vm, &a[0])?.is_nan()))
}
fn isclose(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let (x, y) = two(vm, a, "isclose")?;
    let rel = match crate::builtins::kwarg(vm, k, "rel_tol") {
        Some(v) => num(vm, &v)?,
        None => 1e-9,
    };
    let abs_tol = match crate::builtins::kwarg(vm, k, "abs_tol") {
        Some(v) => num(vm, &v)?,
        None => 0.0,
    };
    if rel < 0.0 || abs_tol < 0.0 {
        return Err(vm.value_error("tolerances must be non-negative"));
    }
    if x == y {
        return Ok(Value::TRUE);
    }
    if x.is_infinite() || y.is_infinite() {
        return Ok(Value::FALSE);
    }
    let diff = (y - x).abs();
    Ok(Value::bool(
        diff <= (rel * y).abs() || diff <= (rel * x).abs() || diff <= abs_tol,
    ))
}
fn int_arg(vm: &mut Vm, v: &Value, name: &str) -> PyResult<BigInt> {
    if let Some(b) = vm.to_bigint(v) {
        return Ok(b);
    }
    if v.is_float() {
        return Err(vm
            .type_error(format!(
                "'float' object cannot be interpreted as an integer"
            ))
            .with_name(name));
    }
    let tn = vm.type_name(v);
    Err(vm.type_error(format!("'{tn}' object cannot be interpreted as an integer")))
}
trait WithName {
    fn with_name(self, _n: &str) -> Value;
}
impl WithName for Value {
    fn with_name(self, _n: &str) -> Value {
        self
    }
}
fn factorial(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "factorial", a, 1, 1)?;
    let n = int_arg(vm, &a[0], "factorial")?;
    if n.is_negative() {
        return Err(vm.value_error("factorial() not defined for negative values"));
    }
    let n = n.to_u64().ok_or_else(|| {
        vm.overflow_error("factorial() argument should not exceed 9223372036854775807")
    })?;
    let mut r = BigInt::one();
    for i in 2..=n {
        r *= i;
    }
    Ok(Value::bigint(r))
}
fn gcd(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    let mut g = BigInt::zero();
    for v in a {
        let x = int_arg(vm, v, "gcd")?;
        g = g.gcd(&x);
    }
    Ok(Value::bigint(g))
}
fn lcm(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    let mut l = BigInt::one();
    for v in a {
        let x = int_arg(vm, v, "lcm")?;
        if x.is_zero() {
            return Ok(Value::int(0));
        }
        l = l.lcm(&x);
    }
    Ok(Value::bigint(l.abs()))
}
fn isqrt(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "isqrt", a, 1, 1)?;
    let n = int_arg(vm, &a[0], "isqrt")?;
    if n.is_negative() {
        return Err(vm.value_error("isqrt() argument must be nonnegative"));
    }
    Ok(Value::bigint(n.sqrt()))
}
fn comb(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "comb", a, 2, 2)?;
    let n = int_arg(vm, &a[0], "comb")?;
    let k = int_arg(vm, &a[1], "comb")?;
    if n.is_negative() {
        return Err(vm.value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(vm.value_error("k must be a non-negative integer"));
    }
    if k > n {
        return Ok(Value::int(0));
    }
    let k = std::cmp::min(k.clone(), &n - &k).to_u64().unwrap_or(0);
    let mut r = BigInt::one();
    for i in 0..k {
        r = r * (&n - i) / (i + 1);
    }
    Ok(Value::bigint(r))
}
fn perm(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "perm", a, 1, 2)?;
    let n = int_arg(vm, &a[0], "perm")?;
    let k = match a.get(1).filter(|v| !v.is_none()) {
        Some(v) => int_arg(vm, v, "perm")?,
        None => n.clone(),
    };
    if n.is_negative() {
        return Err(vm.value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(vm.value_error("k must be a non-negative integer"));
    }
    if k > n {
        return Ok(Value::int(0));
    }
    let k = k.to_u64().unwrap_or(0);
    let mut r = BigInt::one();
    for i in 0..k {
        r *= &n - i;
    }
    Ok(Value::bigint(r))
}
fn fsum(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "fsum", a, 1, 1)?;
    let mut xs = vec![];
    for v in vm.collect(&a[0])? {
        xs.push(num(vm, &v)?);
    }
    crate::mathfns::fsum(xs)
        .map(Value::float)
        .map_err(|e| math_err(vm, e))
}
fn prod(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    check_arity(vm, "prod", a, 1, 1)?;
    let mut acc = crate::builtins::kwarg(vm, k, "start").unwrap_or(Value::int(1));
    for v in vm.collect(&a[0])? {
        acc = vm.binary_op(&acc, &v, crate::vm::ops::NB_MULTIPLY)?;
    }
    Ok(acc)
}
fn frexp(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "frexp", a, 1, 1)?;
    let x = num(vm, &a[0])?;
    let (m, e) = crate::mathfns::frexp(x);
    Ok(Value::tuple(vec![Value::float(m), Value::int(e as i64)]))
}
fn ldexp(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "ldexp", a, 2, 2)?;
    let x = num(vm, &a[0])?;
    let e = int_arg(vm, &a[1], "ldexp")?;
    let e = e
        .to_i64()
        .unwrap_or(if e.is_negative() { i64::MIN } else { i64::MAX })
        .clamp(-100_000, 100_000) as i32;
    let r = libm::ldexp(x, e);
    if r.is_infinite() && x.is_finite() {
        return Err(range(vm));
    }
    Ok(Value::float(r))
}
fn modf(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "modf", a, 1, 1)?;
    let x = num(vm, &a[0])?;
    if x.is_infinite() {
        return Ok(Value::tuple(vec![
            Value::float(0.0f64.copysign(x)),
            Value::float(x),
        ]));
    }
    let i = x.trunc();
    Ok(Value::tuple(vec![
        Value::float((x - i).copysign(x)),
        Value::float(i),
    ]))
}
