//! The numeric core of the `math` module as pure functions (CPython 3.11
//! `Modules/mathmodule.c`). Float functions take and return `f64` and report errors as
//! [`MathError`]; integer functions work on `BigInt`. Argument conversion (`__float__`,
//! `__index__`, iterables) and turning `floor`/`ceil`/`trunc` results into ints is the caller's.
//!
//! Elementary functions call the platform libm through Rust's `f64` methods, exactly as
//! CPython does, so results are bit-identical to CPython on the same machine. `gamma`,
//! `lgamma`, `hypot`/`dist` and `fsum` use CPython's own algorithms, reimplemented here.

use num_bigint::{BigInt, Sign};
use num_integer::{Integer, Roots};
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::numfmt::floatops::bigint_to_float;

/// A `math` failure and the Python exception it becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MathError {
    /// `ValueError("math domain error")`.
    Domain,
    /// `OverflowError("math range error")`.
    Range,
    /// `ValueError(msg)` with a function-specific message.
    Value(String),
    /// `OverflowError(msg)` with a function-specific message.
    Overflow(String),
    /// `ZeroDivisionError(msg)` (e.g. `log(x, 1)`).
    ZeroDivision(String),
}

impl MathError {
    /// The Python exception type name.
    pub fn type_name(&self) -> &'static str {
        match self {
            MathError::Domain | MathError::Value(_) => "ValueError",
            MathError::Range | MathError::Overflow(_) => "OverflowError",
            MathError::ZeroDivision(_) => "ZeroDivisionError",
        }
    }

    /// The exception message.
    pub fn message(&self) -> String {
        match self {
            MathError::Domain => "math domain error".into(),
            MathError::Range => "math range error".into(),
            MathError::Value(m) | MathError::Overflow(m) | MathError::ZeroDivision(m) => m.clone(),
        }
    }
}

pub type MathResult = Result<f64, MathError>;

/// CPython's `math_1`: NaN from a non-NaN is a domain error; infinity from a finite input is a
/// range error if the function `can_overflow`, else a domain error (a pole).
fn math_1(x: f64, f: impl Fn(f64) -> f64, can_overflow: bool) -> MathResult {
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(MathError::Domain);
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow {
            MathError::Range
        } else {
            MathError::Domain
        });
    }
    Ok(r)
}

macro_rules! unary {
    ($($(#[$doc:meta])* $name:ident => $f:expr, $overflow:expr;)*) => {
        $( $(#[$doc])* pub fn $name(x: f64) -> MathResult { math_1(x, $f, $overflow) } )*
    };
}

unary! {
    /// `math.sqrt`.
    sqrt => f64::sqrt, false;
    /// `math.cbrt`.
    cbrt => c::cbrt, false;
    /// `math.exp`.
    exp => c::exp, true;
    /// `math.exp2`.
    exp2 => c::exp2, true;
    /// `math.expm1`.
    expm1 => c::expm1, true;
    /// `math.sin`.
    sin => c::sin, false;
    /// `math.cos`.
    cos => c::cos, false;
    /// `math.tan`.
    tan => c::tan, false;
    /// `math.asin`.
    asin => c::asin, false;
    /// `math.acos`.
    acos => c::acos, false;
    /// `math.atan`.
    atan => c::atan, false;
    /// `math.sinh`.
    sinh => c::sinh, true;
    /// `math.cosh`.
    cosh => c::cosh, true;
    /// `math.tanh`.
    tanh => c::tanh, false;
    /// `math.asinh`.
    asinh => c::asinh, false;
    /// `math.acosh`.
    acosh => c::acosh, false;
    /// `math.atanh`.
    atanh => c::atanh, false;
    /// `math.log1p`.
    log1p => c::log1p, false;
    /// `math.fabs`.
    fabs => f64::abs, false;
}

/// Safe wrappers over the platform C math library, which CPython calls. Rust's `f64`
/// methods are not always libm (`asinh`, `acosh`, `atanh` are pure Rust; `cbrt` may be the
/// Rust libm port), so these are called directly for bit-identical results.
mod c {
    mod ffi {
        extern "C" {
            // Rust's compiler-builtins defines its own `cbrt`, which wins at link time and
            // differs from glibc's by an ulp; glibc's `cbrtf64` alias is the same function.
            #[cfg_attr(target_env = "gnu", link_name = "cbrtf64")]
            pub fn cbrt(x: f64) -> f64;
            pub fn exp(x: f64) -> f64;
            pub fn exp2(x: f64) -> f64;
            pub fn expm1(x: f64) -> f64;
            pub fn sin(x: f64) -> f64;
            pub fn cos(x: f64) -> f64;
            pub fn tan(x: f64) -> f64;
            pub fn asin(x: f64) -> f64;
            pub fn acos(x: f64) -> f64;
            pub fn atan(x: f64) -> f64;
            pub fn sinh(x: f64) -> f64;
            pub fn cosh(x: f64) -> f64;
            pub fn tanh(x: f64) -> f64;
            pub fn asinh(x: f64) -> f64;
            pub fn acosh(x: f64) -> f64;
            pub fn atanh(x: f64) -> f64;
            pub fn log1p(x: f64) -> f64;
            pub fn log(x: f64) -> f64;
            pub fn log2(x: f64) -> f64;
            pub fn log10(x: f64) -> f64;
            pub fn erf(x: f64) -> f64;
            pub fn erfc(x: f64) -> f64;
            pub fn pow(x: f64, y: f64) -> f64;
            pub fn atan2(y: f64, x: f64) -> f64;
        }
    }
    macro_rules! wrap1 {
        ($($name:ident),*) => {$(
            pub fn $name(x: f64) -> f64 {
                // SAFETY: a C99 <math.h> function: pure, defined for every double input.
                unsafe { ffi::$name(x) }
            }
        )*};
    }
    wrap1!(
        cbrt, exp, exp2, expm1, sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh,
        atanh, log1p, log, log2, log10, erf, erfc
    );
    pub fn pow(x: f64, y: f64) -> f64 {
        // SAFETY: C99 `pow`: pure, defined for every pair of doubles.
        unsafe { ffi::pow(x, y) }
    }
    pub fn atan2(y: f64, x: f64) -> f64 {
        // SAFETY: C99 `atan2`: pure, defined for every pair of doubles.
        unsafe { ffi::atan2(y, x) }
    }
}

/// The platform C `pow`, as CPython's float `**` uses.
pub fn libm_pow(x: f64, y: f64) -> f64 {
    c::pow(x, y)
}

/// `math.erf` (the platform libm's, as CPython 3.11 uses).
pub fn erf(x: f64) -> f64 {
    c::erf(x)
}

/// `math.erfc` (the platform libm's).
pub fn erfc(x: f64) -> f64 {
    c::erfc(x)
}

fn m_log(x: f64, f: fn(f64) -> f64) -> MathResult {
    if x.is_nan() {
        return Ok(x);
    }
    if x > 0.0 {
        Ok(f(x))
    } else {
        Err(MathError::Domain)
    }
}

/// `math.log(x)` (natural log) of a float.
pub fn log(x: f64) -> MathResult {
    m_log(x, c::log)
}

/// `math.log2(x)` of a float.
pub fn log2(x: f64) -> MathResult {
    m_log(x, c::log2)
}

/// `math.log10(x)` of a float.
pub fn log10(x: f64) -> MathResult {
    m_log(x, c::log10)
}

/// `math.log(x, base)` given the already-computed logs (from [`log`] or [`log_int`]).
pub fn log_with_base(log_x: f64, log_base: f64) -> MathResult {
    if log_base == 0.0 {
        return Err(MathError::ZeroDivision("float division by zero".into()));
    }
    Ok(log_x / log_base)
}

/// Which logarithm [`log_int`] computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogKind {
    Ln,
    Log2,
    Log10,
}

/// `math.log`/`log2`/`log10` of an int, exact in range for ints too big for a float
/// (CPython's `loghelper`: `log(m) + log(2) * e` with `n = m * 2**e`).
pub fn log_int(n: &BigInt, kind: LogKind) -> MathResult {
    let f: fn(f64) -> f64 = match kind {
        LogKind::Ln => c::log,
        LogKind::Log2 => c::log2,
        LogKind::Log10 => c::log10,
    };
    if n.sign() != Sign::Plus {
        return Err(MathError::Domain);
    }
    if let Ok(x) = bigint_to_float(n) {
        return m_log(x, f);
    }
    // n = m * 2**e with 0.5 <= m < 1, m correctly rounded from the top bits.
    let e = n.bits() as i64;
    let shift = e - 60;
    let top = (n >> (shift as usize)).to_u64().expect("60 bits") as f64;
    let m = libm::ldexp(top, -60);
    Ok(f(m) + f(2.0) * e as f64)
}

/// `math.pow(x, y)`.
pub fn pow(x: f64, y: f64) -> MathResult {
    if !x.is_finite() || !y.is_finite() {
        let r = if x.is_nan() {
            if y == 0.0 {
                1.0
            } else {
                x
            }
        } else if y.is_nan() {
            if x == 1.0 {
                1.0
            } else {
                y
            }
        } else if x.is_infinite() {
            let odd_y = y.is_finite() && (y.abs() % 2.0) == 1.0;
            if y > 0.0 {
                if odd_y {
                    x
                } else {
                    x.abs()
                }
            } else if y == 0.0 {
                1.0
            } else if odd_y {
                0.0f64.copysign(x)
            } else {
                0.0
            }
        } else if x.abs() == 1.0 {
            1.0
        } else if y > 0.0 && x.abs() > 1.0 {
            y
        } else if y < 0.0 && x.abs() < 1.0 {
            -y
        } else {
            0.0
        };
        return Ok(r);
    }
    let r = c::pow(x, y);
    if r.is_nan() {
        return Err(MathError::Domain);
    }
    if r.is_infinite() {
        return Err(if x == 0.0 {
            MathError::Domain
        } else {
            MathError::Range
        });
    }
    Ok(r)
}

/// `math.atan2(y, x)`.
pub fn atan2(y: f64, x: f64) -> f64 {
    c::atan2(y, x)
}

/// `math.fmod(x, y)`.
pub fn fmod(x: f64, y: f64) -> MathResult {
    if y.is_infinite() && x.is_finite() {
        return Ok(x);
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(MathError::Domain);
    }
    Ok(r)
}

/// `math.remainder(x, y)`: IEEE 754 remainder (round-half-even quotient).
pub fn remainder(x: f64, y: f64) -> MathResult {
    if x.is_nan() {
        return Ok(x);
    }
    if y.is_nan() {
        return Ok(y);
    }
    if x.is_infinite() || y == 0.0 {
        return Err(MathError::Domain);
    }
    if y.is_infinite() {
        return Ok(x);
    }
    Ok(libm::remainder(x, y))
}

/// `math.copysign(x, y)`.
pub fn copysign(x: f64, y: f64) -> f64 {
    x.copysign(y)
}

/// `math.frexp(x)`.
pub fn frexp(x: f64) -> (f64, i32) {
    if x.is_nan() || x.is_infinite() || x == 0.0 {
        return (x, 0);
    }
    libm::frexp(x)
}

/// `math.ldexp(x, i)`; the caller clamps a huge int `i` into `i64`.
pub fn ldexp(x: f64, i: i64) -> MathResult {
    if x == 0.0 || !x.is_finite() {
        return Ok(x);
    }
    if i > i32::MAX as i64 {
        return Err(MathError::Range);
    }
    if i < i32::MIN as i64 {
        return Ok(0.0f64.copysign(x));
    }
    let r = libm::ldexp(x, i as i32);
    if r.is_infinite() {
        return Err(MathError::Range);
    }
    Ok(r)
}

/// `math.modf(x)`: `(fractional part, integer part)`, both carrying x's sign.
pub fn modf(x: f64) -> (f64, f64) {
    if x.is_infinite() {
        return (0.0f64.copysign(x), x);
    }
    if x.is_nan() {
        return (x, x);
    }
    let t = x.trunc();
    ((x - t).copysign(x), t)
}

/// `math.trunc` / `floor` / `ceil` of a float, as a float (the caller makes the int).
pub fn trunc(x: f64) -> f64 {
    x.trunc()
}

/// See [`trunc`].
pub fn floor(x: f64) -> f64 {
    x.floor()
}

/// See [`trunc`].
pub fn ceil(x: f64) -> f64 {
    x.ceil()
}

/// `math.degrees(x)`.
pub fn degrees(x: f64) -> f64 {
    x * (180.0 / std::f64::consts::PI)
}

/// `math.radians(x)`.
pub fn radians(x: f64) -> f64 {
    x * (std::f64::consts::PI / 180.0)
}

/// `math.nextafter(x, y)`.
pub fn nextafter(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == y {
        return y;
    }
    if x == 0.0 {
        return f64::from_bits(1).copysign(y);
    }
    let b = x.to_bits();
    let away = (y > x) == (x > 0.0);
    f64::from_bits(if away { b + 1 } else { b - 1 })
}

/// `math.ulp(x)`.
pub fn ulp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    let x = x.abs();
    if x.is_infinite() {
        return x;
    }
    let up = nextafter(x, f64::INFINITY);
    if up.is_infinite() {
        return x - nextafter(x, f64::NEG_INFINITY);
    }
    up - x
}

// ---- gamma family: CPython's Lanczos approximation (g = 6.0246..., N = 13) ----

const LANCZOS_N: usize = 13;
#[allow(clippy::excessive_precision)]
const LANCZOS_G: f64 = 6.024680040776729583740234375;
#[allow(clippy::excessive_precision)]
const LANCZOS_G_MINUS_HALF: f64 = 5.524680040776729583740234375;
#[allow(clippy::excessive_precision)]
const LANCZOS_NUM: [f64; LANCZOS_N] = [
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
];
/// Denominator `x*(x+1)*...*(x+N-2)` expanded.
const LANCZOS_DEN: [f64; LANCZOS_N] = [
    0.0,
    39916800.0,
    120543840.0,
    150917976.0,
    105258076.0,
    45995730.0,
    13339535.0,
    2637558.0,
    357423.0,
    32670.0,
    1925.0,
    66.0,
    1.0,
];
#[allow(clippy::excessive_precision)]
const LOGPI: f64 = 1.144729885849400174143427351353058711647;

fn lanczos_sum(x: f64) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    if x < 5.0 {
        for i in (0..LANCZOS_N).rev() {
            num = num * x + LANCZOS_NUM[i];
            den = den * x + LANCZOS_DEN[i];
        }
    } else {
        for i in 0..LANCZOS_N {
            num = num / x + LANCZOS_NUM[i];
            den = den / x + LANCZOS_DEN[i];
        }
    }
    num / den
}

/// `sin(pi * x)` with exact zeros at integers (finite x only).
fn sinpi(x: f64) -> f64 {
    use std::f64::consts::PI;
    let y = x.abs() % 2.0;
    let n = (2.0 * y).round() as i32;
    let r = match n {
        0 => c::sin(PI * y),
        1 => c::cos(PI * (y - 0.5)),
        2 => c::sin(PI * (1.0 - y)),
        3 => -c::cos(PI * (y - 1.5)),
        _ => c::sin(PI * (y - 2.0)),
    };
    1.0f64.copysign(x) * r
}

/// `math.gamma(x)`.
pub fn gamma(x: f64) -> MathResult {
    if !x.is_finite() {
        if x.is_nan() || x > 0.0 {
            return Ok(x);
        }
        return Err(MathError::Domain);
    }
    if x == 0.0 {
        return Err(MathError::Domain);
    }
    if x == x.floor() {
        if x < 0.0 {
            return Err(MathError::Domain);
        }
        if x <= 23.0 {
            let mut f = 1.0;
            for k in 2..(x as i64) {
                f *= k as f64;
            }
            return Ok(f);
        }
    }
    let absx = x.abs();
    if absx < 1e-20 {
        let r = 1.0 / x;
        return if r.is_infinite() {
            Err(MathError::Range)
        } else {
            Ok(r)
        };
    }
    if absx > 200.0 {
        return if x < 0.0 {
            Ok(0.0 / sinpi(x))
        } else {
            Err(MathError::Range)
        };
    }
    let y = absx + LANCZOS_G_MINUS_HALF;
    let mut z = if absx > LANCZOS_G_MINUS_HALF {
        let q = y - absx;
        q - LANCZOS_G_MINUS_HALF
    } else {
        let q = y - LANCZOS_G_MINUS_HALF;
        q - absx
    };
    z = z * LANCZOS_G / y;
    let mut r;
    if x < 0.0 {
        r = -std::f64::consts::PI / sinpi(absx) / absx * c::exp(y) / lanczos_sum(absx);
        r -= z * r;
        if absx < 140.0 {
            r /= c::pow(y, absx - 0.5);
        } else {
            let sqrtpow = c::pow(y, absx / 2.0 - 0.25);
            r /= sqrtpow;
            r /= sqrtpow;
        }
    } else {
        r = lanczos_sum(absx) / c::exp(y);
        r += z * r;
        if absx < 140.0 {
            r *= c::pow(y, absx - 0.5);
        } else {
            let sqrtpow = c::pow(y, absx / 2.0 - 0.25);
            r *= sqrtpow;
            r *= sqrtpow;
        }
    }
    if r.is_infinite() {
        return Err(MathError::Range);
    }
    Ok(r)
}

/// `math.lgamma(x)`.
pub fn lgamma(x: f64) -> MathResult {
    if !x.is_finite() {
        return Ok(if x.is_nan() { x } else { f64::INFINITY });
    }
    if x == x.floor() && x <= 2.0 {
        return if x <= 0.0 {
            Err(MathError::Domain)
        } else {
            Ok(0.0)
        };
    }
    let absx = x.abs();
    if absx < 1e-20 {
        return Ok(-c::log(absx));
    }
    let mut r = c::log(lanczos_sum(absx)) - LANCZOS_G;
    r += (absx - 0.5) * (c::log(absx + LANCZOS_G - 0.5) - 1.0);
    if x < 0.0 {
        r = LOGPI - c::log(sinpi(absx).abs()) - c::log(absx) - r;
    }
    if r.is_infinite() {
        return Err(MathError::Range);
    }
    Ok(r)
}

// ---- hypot / dist: CPython's vector_norm (exact squares, compensated sum, corrected sqrt) ----

/// `(hi, lo)` with `hi + lo == a * b` exactly.
fn dl_mul(a: f64, b: f64) -> (f64, f64) {
    let hi = a * b;
    (hi, a.mul_add(b, -hi))
}

/// `(hi, lo)` with `hi + lo == a + b` exactly, for `|a| >= |b|`.
fn dl_fast_sum(a: f64, b: f64) -> (f64, f64) {
    let hi = a + b;
    (hi, (a - hi) + b)
}

fn vector_norm(vec: &mut [f64], max: f64, found_nan: bool) -> f64 {
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || vec.len() <= 1 {
        return max;
    }
    let (_, max_e) = libm::frexp(max);
    if max_e < -1023 {
        for v in vec.iter_mut() {
            *v /= f64::MIN_POSITIVE;
        }
        return f64::MIN_POSITIVE * vector_norm(vec, max / f64::MIN_POSITIVE, found_nan);
    }
    let scale = libm::ldexp(1.0, -max_e);
    let (mut csum, mut frac1, mut frac2) = (1.0, 0.0, 0.0);
    for &v in vec.iter() {
        let x = v * scale;
        let (phi, plo) = dl_mul(x, x);
        let (shi, slo) = dl_fast_sum(csum, phi);
        csum = shi;
        frac1 += plo;
        frac2 += slo;
    }
    let mut h = (csum - 1.0 + (frac1 + frac2)).sqrt();
    let (phi, plo) = dl_mul(-h, h);
    let (shi, slo) = dl_fast_sum(csum, phi);
    csum = shi;
    frac1 += plo;
    frac2 += slo;
    let x = csum - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h);
    h / scale
}

/// `math.hypot(*coords)`.
pub fn hypot(coords: &[f64]) -> f64 {
    let mut v: Vec<f64> = coords.iter().map(|x| x.abs()).collect();
    let found_nan = v.iter().any(|x| x.is_nan());
    let max = v.iter().fold(0.0f64, |m, &x| if x > m { x } else { m });
    vector_norm(&mut v, max, found_nan)
}

/// `math.dist(p, q)`.
pub fn dist(p: &[f64], q: &[f64]) -> MathResult {
    if p.len() != q.len() {
        return Err(MathError::Value(
            "both points must have the same number of dimensions".into(),
        ));
    }
    let mut v: Vec<f64> = p.iter().zip(q).map(|(a, b)| (a - b).abs()).collect();
    let found_nan = v.iter().any(|x| x.is_nan());
    let max = v.iter().fold(0.0f64, |m, &x| if x > m { x } else { m });
    Ok(vector_norm(&mut v, max, found_nan))
}

/// `math.isclose(a, b, rel_tol=..., abs_tol=...)`.
pub fn isclose(a: f64, b: f64, rel_tol: f64, abs_tol: f64) -> Result<bool, MathError> {
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(MathError::Value("tolerances must be non-negative".into()));
    }
    if a == b {
        return Ok(true);
    }
    if a.is_infinite() || b.is_infinite() {
        return Ok(false);
    }
    let diff = (b - a).abs();
    Ok(diff <= (rel_tol * b).abs() || diff <= (rel_tol * a).abs() || diff <= abs_tol)
}

/// `math.fsum(values)`: the correctly rounded sum (Shewchuk / CPython `msum`).
pub fn fsum(values: impl IntoIterator<Item = f64>) -> MathResult {
    let mut partials: Vec<f64> = Vec::new();
    let mut special_sum = 0.0;
    let mut inf_sum = 0.0;
    for xsave in values {
        let mut x = xsave;
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                if xsave.is_finite() {
                    return Err(MathError::Overflow("intermediate overflow in fsum".into()));
                }
                if xsave.is_infinite() {
                    inf_sum += xsave;
                }
                special_sum += xsave;
                partials.clear();
            } else {
                partials.push(x);
            }
        }
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return Err(MathError::Value("-inf + inf in fsum".into()));
        }
        return Ok(special_sum);
    }
    let mut n = partials.len();
    let mut hi = 0.0;
    if n > 0 {
        n -= 1;
        hi = partials[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    Ok(hi)
}

// ---- integer functions ----

fn product_range(lo: u64, hi: u64) -> BigInt {
    // Product of lo..=hi by binary splitting (balanced multiplications).
    if lo > hi {
        return BigInt::one();
    }
    if hi - lo < 8 {
        return (lo..=hi).fold(BigInt::one(), |acc, k| acc * k);
    }
    let mid = lo + (hi - lo) / 2;
    product_range(lo, mid) * product_range(mid + 1, hi)
}

/// `math.factorial(n)`.
pub fn factorial(n: &BigInt) -> Result<BigInt, MathError> {
    if n.is_negative() {
        return Err(MathError::Value(
            "factorial() not defined for negative values".into(),
        ));
    }
    let Some(k) = n.to_i64() else {
        return Err(MathError::Overflow(format!(
            "factorial() argument should not exceed {}",
            i64::MAX
        )));
    };
    Ok(product_range(2, k as u64))
}

/// `math.gcd(*ints)` (`gcd()` is 0).
pub fn gcd(ints: &[BigInt]) -> BigInt {
    ints.iter().fold(BigInt::zero(), |g, x| g.gcd(x))
}

/// `math.lcm(*ints)` (`lcm()` is 1).
pub fn lcm(ints: &[BigInt]) -> BigInt {
    ints.iter().fold(BigInt::one(), |l, x| {
        if l.is_zero() || x.is_zero() {
            BigInt::zero()
        } else {
            l.lcm(x)
        }
    })
}

/// `math.isqrt(n)`.
pub fn isqrt(n: &BigInt) -> Result<BigInt, MathError> {
    if n.is_negative() {
        return Err(MathError::Value(
            "isqrt() argument must be nonnegative".into(),
        ));
    }
    Ok(Roots::sqrt(n))
}

fn check_nk(n: &BigInt, k: &BigInt) -> Result<(), MathError> {
    if n.is_negative() {
        return Err(MathError::Value("n must be a non-negative integer".into()));
    }
    if k.is_negative() {
        return Err(MathError::Value("k must be a non-negative integer".into()));
    }
    Ok(())
}

/// `math.perm(n, k)`; `k = None` means `k = n` (pass `n` again).
pub fn perm(n: &BigInt, k: &BigInt) -> Result<BigInt, MathError> {
    check_nk(n, k)?;
    if k > n {
        return Ok(BigInt::zero());
    }
    let mut r = BigInt::one();
    let mut f = n - k + 1u32;
    while &f <= n {
        r *= &f;
        f += 1u32;
    }
    Ok(r)
}

/// `math.comb(n, k)`.
pub fn comb(n: &BigInt, k: &BigInt) -> Result<BigInt, MathError> {
    check_nk(n, k)?;
    if k > n {
        return Ok(BigInt::zero());
    }
    let k = std::cmp::min(k.clone(), n - k);
    let mut r = BigInt::one();
    let mut i = BigInt::zero();
    while i < k {
        // r * (n - i) / (i + 1) is exact at every step.
        r = r * (n - &i) / (&i + 1u32);
        i += 1u32;
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numfmt::pycheck::run;

    fn grid() -> Vec<f64> {
        let mut v = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            -0.5,
            2.0,
            -2.0,
            3.0,
            -3.0,
            0.1,
            1e-10,
            1e-300,
            5e-324,
            10.0,
            30.0,
            100.0,
            171.5,
            200.5,
            -200.5,
            709.0,
            710.0,
            1e10,
            1e300,
            -1e300,
            2.5,
            -2.5,
            -1e-20,
            1e-21,
            0.999999,
            1.000001,
            22.0,
            23.0,
            24.0,
            141.5,
            -141.5,
            -0.1,
            6.0246,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::MAX,
            std::f64::consts::PI,
        ];
        let mut seed = 42u64;
        for _ in 0..40 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            v.push(((seed >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 40.0);
        }
        v
    }

    fn show(r: MathResult) -> Result<String, (String, String)> {
        r.map(|x| x.to_bits().to_string())
            .map_err(|e| (e.type_name().to_string(), e.message()))
    }

    type Unary = (&'static str, fn(f64) -> MathResult);
    type Binary = (&'static str, fn(f64, f64) -> MathResult);

    #[test]
    fn unary_functions_match_cpython_bit_for_bit() {
        let fns: &[Unary] = &[
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
            ("log", log),
            ("log2", log2),
            ("log10", log10),
            ("gamma", gamma),
            ("lgamma", lgamma),
            ("erf", |x| Ok(erf(x))),
            ("erfc", |x| Ok(erfc(x))),
            ("floor_f", |x| Ok(floor(x) + 0.0)),
            ("degrees", |x| Ok(degrees(x))),
            ("radians", |x| Ok(radians(x))),
            ("ulp", |x| Ok(ulp(x))),
            ("modf0", |x| Ok(modf(x).0)),
            ("modf1", |x| Ok(modf(x).1)),
            ("frexp0", |x| Ok(frexp(x).0)),
            ("frexp1", |x| Ok(frexp(x).1 as f64)),
        ];
        let xs = grid();
        let mut lines = Vec::new();
        for (name, _) in fns {
            for x in &xs {
                lines.push(format!("{name} {}", x.to_bits()));
            }
        }
        let script = "
ex = {'floor_f': lambda x: float(math.floor(x)) if math.isfinite(x) else x,
      'modf0': lambda x: math.modf(x)[0], 'modf1': lambda x: math.modf(x)[1],
      'frexp0': lambda x: math.frexp(x)[0], 'frexp1': lambda x: float(math.frexp(x)[1])}
for l in sys.stdin:
    n, b = l.split()
    f = ex.get(n) or getattr(math, n)
    ans(lambda: str(bits(f(fbits(b)))))";
        let want = run(script, &lines);
        let mut bad = 0;
        let mut i = 0;
        for (name, f) in fns {
            for x in &xs {
                let got = show(f(*x));
                let w = &want[i];
                i += 1;
                let same_nan = matches!((&got, w), (Ok(a), Ok(b))
                    if f64::from_bits(a.parse().unwrap()).is_nan() && f64::from_bits(b.parse().unwrap()).is_nan());
                if &got != w && !same_nan {
                    bad += 1;
                    eprintln!("math.{name}({x:e}): got {got:?}, want {w:?}");
                }
            }
        }
        assert_eq!(bad, 0);
    }

    #[test]
    fn binary_functions_match_cpython() {
        let xs = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            2.0,
            -2.5,
            0.5,
            3.0,
            1e308,
            1e-308,
            7.0,
            -7.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        let fns: &[Binary] = &[
            ("pow", pow),
            ("fmod", fmod),
            ("remainder", remainder),
            ("atan2", |a, b| Ok(atan2(a, b))),
            ("copysign", |a, b| Ok(copysign(a, b))),
            ("nextafter", |a, b| Ok(nextafter(a, b))),
            ("hypot", |a, b| Ok(hypot(&[a, b]))),
            ("fpow", |a, b| {
                crate::numfmt::floatops::float_pow(a, b).map_err(|e| match e {
                    crate::numfmt::floatops::FloatError::ZeroDivision(m) => {
                        MathError::ZeroDivision(m)
                    }
                    crate::numfmt::floatops::FloatError::Overflow(m) => MathError::Overflow(m),
                    crate::numfmt::floatops::FloatError::Value(m) => MathError::Value(m),
                    crate::numfmt::floatops::FloatError::NeedsComplex => {
                        MathError::Value("complex".into())
                    }
                })
            }),
            ("fmod_op", |a, b| {
                crate::numfmt::floatops::float_mod(a, b).map_err(|e| match e {
                    crate::numfmt::floatops::FloatError::ZeroDivision(m) => {
                        MathError::ZeroDivision(m)
                    }
                    _ => unreachable!(),
                })
            }),
            ("floordiv", |a, b| {
                crate::numfmt::floatops::float_floordiv(a, b).map_err(|e| match e {
                    crate::numfmt::floatops::FloatError::ZeroDivision(m) => {
                        MathError::ZeroDivision(m)
                    }
                    _ => unreachable!(),
                })
            }),
            ("round", |a, b| {
                crate::numfmt::floatops::round_float(a * 1.2345, (b as i64).clamp(-400, 400))
                    .map_err(|e| match e {
                        crate::numfmt::floatops::FloatError::Overflow(m) => MathError::Overflow(m),
                        _ => unreachable!(),
                    })
            }),
        ];
        let mut lines = Vec::new();
        for (name, _) in fns {
            for a in xs {
                for b in xs {
                    lines.push(format!("{name} {} {}", a.to_bits(), b.to_bits()));
                }
            }
        }
        let script = "
def fpow(a, b):
    r = a ** b
    if isinstance(r, complex): raise ValueError('complex')
    return r
def rnd(a, b):
    if not math.isfinite(b): return a * 1.2345
    return round(a * 1.2345, max(-400, min(400, int(b))))
ex = {'hypot': math.hypot, 'fpow': fpow, 'fmod_op': lambda a, b: a % b,
      'floordiv': lambda a, b: a // b, 'round': rnd}
for l in sys.stdin:
    n, a, b = l.split()
    f = ex.get(n) or getattr(math, n)
    ans(lambda: str(bits(f(fbits(a), fbits(b)))))";
        let want = run(script, &lines);
        let mut bad = 0;
        let mut i = 0;
        for (name, f) in fns {
            for a in xs {
                for b in xs {
                    let mut b2 = b;
                    if *name == "round" && !b.is_finite() {
                        b2 = 1e9; // rounds to itself like ndigits=None-free huge values
                    }
                    let got = show(f(a, b2));
                    let w = &want[i];
                    i += 1;
                    let same_nan = matches!((&got, w), (Ok(x), Ok(y))
                        if f64::from_bits(x.parse().unwrap()).is_nan() && f64::from_bits(y.parse().unwrap()).is_nan());
                    if &got != w && !same_nan {
                        bad += 1;
                        eprintln!("{name}({a:e}, {b:e}): got {got:?}, want {w:?}");
                    }
                }
            }
        }
        assert_eq!(bad, 0);
    }

    #[test]
    fn fsum_hypot_and_integers_match_cpython() {
        let cases: Vec<Vec<f64>> = vec![
            vec![0.1; 10],
            vec![1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50],
            vec![1.0, 1e-16, 1e-16],
            vec![f64::MAX, f64::MAX],
            vec![f64::INFINITY, 1.0],
            vec![f64::INFINITY, f64::NEG_INFINITY],
            vec![f64::NAN, 1.0],
            vec![],
            vec![-0.0, -0.0],
            vec![3.0, 4.0, 12.0],
            vec![1e-320, 3e-320],
            vec![0.7, 0.2, 1e-5, 123.456, 9e15],
        ];
        let lines: Vec<String> = cases
            .iter()
            .map(|c| {
                c.iter()
                    .map(|x| x.to_bits().to_string())
                    .collect::<Vec<_>>()
                    .join(",")
                    + " x"
            })
            .collect();
        let script = "
for l in sys.stdin:
    a = l.split()[0]
    xs = [fbits(b) for b in a.split(',')] if a != 'x' else []
    ans(lambda: str(bits(math.fsum(xs))) + ' ' + str(bits(math.hypot(*xs))))";
        let want = run(script, &lines);
        for (c, w) in cases.iter().zip(want) {
            let got = show(fsum(c.iter().copied())).map(|s| format!("{s} {}", hypot(c).to_bits()));
            assert_eq!(got, w, "fsum/hypot {c:?}");
        }
        let ints = ["-3", "0", "1", "5", "20", "100", "-100"];
        let mut lines = Vec::new();
        for a in ints {
            for b in ints {
                lines.push(format!("{a} {b}"));
            }
        }
        let script = "
for l in sys.stdin:
    a, b = map(int, l.split())
    ans(lambda: ' '.join(str(f()) if not isinstance(f, str) else f for f in [
        lambda: math.gcd(a, b), lambda: math.lcm(a, b)]) )
    ans(lambda: str(math.comb(a, b)))
    ans(lambda: str(math.perm(a, b)))
    ans(lambda: str(math.factorial(a)))
    ans(lambda: str(math.isqrt(a * 1000003)))";
        let mut expected = Vec::new();
        // Each input line yields five answers; run() checks one per line, so pad the input.
        for l in &lines {
            for _ in 0..5 {
                expected.push(l.clone());
            }
        }
        let script = script.replace(
            "for l in sys.stdin:",
            "seen = set()\nfor l in sys.stdin:\n    if l in seen: continue\n    seen.add(l)",
        );
        let want = run(&script, &expected);
        let big = |s: &str| s.parse::<BigInt>().unwrap();
        let err = |e: MathError| (e.type_name().to_string(), e.message());
        for (k, l) in lines.iter().enumerate() {
            let (a, b) = l.split_once(' ').unwrap();
            let (a, b) = (big(a), big(b));
            let got = [
                Ok(format!(
                    "{} {}",
                    gcd(&[a.clone(), b.clone()]),
                    lcm(&[a.clone(), b.clone()])
                )),
                comb(&a, &b).map(|v| v.to_string()).map_err(err),
                perm(&a, &b).map(|v| v.to_string()).map_err(err),
                factorial(&a).map(|v| v.to_string()).map_err(err),
                isqrt(&(&a * 1000003)).map(|v| v.to_string()).map_err(err),
            ];
            for (j, g) in got.into_iter().enumerate() {
                assert_eq!(g, want[k * 5 + j], "{l}: function #{j}");
            }
        }
    }
}
