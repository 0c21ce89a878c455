//! Float arithmetic and int<->float conversions with CPython's exact semantics
//! (`Objects/floatobject.c`, `Objects/longobject.c`): floor division and modulo that take
//! the divisor's sign, `**` special cases, `round()`, correctly rounded int->float and
//! int/int true division, and the numeric hash (`hash(x) == hash(y)` whenever `x == y`).

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// Why a float operation failed; each variant names the Python exception to raise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FloatError {
    /// `ZeroDivisionError(msg)`.
    ZeroDivision(String),
    /// `OverflowError(msg)`. For `**` overflow CPython raises `OverflowError(34, 'Numerical
    /// result out of range')`; the message is then `"(34, 'Numerical result out of range')"`
    /// and [`FloatError::is_erange`] is true.
    Overflow(String),
    /// `ValueError(msg)`.
    Value(String),
    /// A negative float raised to a non-integral power: the caller must redo it in complex.
    NeedsComplex,
}

/// The `str()` of CPython's `OverflowError(errno.ERANGE, ...)` from float `**`.
pub const ERANGE_MSG: &str = "(34, 'Numerical result out of range')";

impl FloatError {
    /// True for the errno-style overflow of `float ** float`.
    pub fn is_erange(&self) -> bool {
        matches!(self, FloatError::Overflow(m) if m == ERANGE_MSG)
    }
}

/// `divmod(a, b)` for floats: `(floor quotient, remainder with the sign of b)`.
pub fn float_divmod(vx: f64, wx: f64) -> Result<(f64, f64), FloatError> {
    if wx == 0.0 {
        return Err(FloatError::ZeroDivision("float divmod()".into()));
    }
    Ok(divmod_nonzero(vx, wx))
}

fn divmod_nonzero(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

/// `a // b` for floats.
pub fn float_floordiv(vx: f64, wx: f64) -> Result<f64, FloatError> {
    if wx == 0.0 {
        return Err(FloatError::ZeroDivision(
            "float floor division by zero".into(),
        ));
    }
    Ok(divmod_nonzero(vx, wx).0)
}

/// `a % b` for floats.
pub fn float_mod(vx: f64, wx: f64) -> Result<f64, FloatError> {
    if wx == 0.0 {
        return Err(FloatError::ZeroDivision("float modulo".into()));
    }
    let mut m = vx % wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
        }
    } else {
        m = 0.0f64.copysign(wx);
    }
    Ok(m)
}

/// `a / b` for floats.
pub fn float_truediv(a: f64, b: f64) -> Result<f64, FloatError> {
    if b == 0.0 {
        return Err(FloatError::ZeroDivision("float division by zero".into()));
    }
    Ok(a / b)
}

fn is_odd_integer(x: f64) -> bool {
    x.is_finite() && x.fract() == 0.0 && (x % 2.0).abs() == 1.0
}

/// `a ** b` for floats (CPython's `float_pow`), using the platform `pow` for the general case.
pub fn float_pow(iv: f64, iw: f64) -> Result<f64, FloatError> {
    if iw == 0.0 {
        return Ok(1.0);
    }
    if iv.is_nan() {
        return Ok(iv);
    }
    if iw.is_nan() {
        return Ok(if iv == 1.0 { 1.0 } else { iw });
    }
    if iw.is_infinite() {
        let a = iv.abs();
        return Ok(if a == 1.0 {
            1.0
        } else if (iw > 0.0) == (a > 1.0) {
            iw.abs()
        } else {
            0.0
        });
    }
    if iv.is_infinite() {
        let odd = is_odd_integer(iw);
        return Ok(if iw > 0.0 {
            if odd {
                iv
            } else {
                iv.abs()
            }
        } else if odd {
            0.0f64.copysign(iv)
        } else {
            0.0
        });
    }
    if iv == 0.0 {
        if iw < 0.0 {
            return Err(FloatError::ZeroDivision(
                "0.0 cannot be raised to a negative power".into(),
            ));
        }
        return Ok(if is_odd_integer(iw) { iv } else { 0.0 });
    }
    let mut base = iv;
    let mut negate = false;
    if iv < 0.0 {
        if iw != iw.floor() {
            return Err(FloatError::NeedsComplex);
        }
        base = -iv;
        negate = is_odd_integer(iw);
    }
    if base == 1.0 {
        return Ok(if negate { -1.0 } else { 1.0 });
    }
    let r = crate::mathfns::libm_pow(base, iw);
    if r.is_infinite() {
        return Err(FloatError::Overflow(ERANGE_MSG.into()));
    }
    Ok(if negate { -r } else { r })
}

/// `round(x)`: nearest integer, ties to even, as an exact BigInt.
pub fn round_float_to_int(x: f64) -> Result<BigInt, FloatError> {
    let mut r = x.round();
    if (x - r).abs() == 0.5 {
        r = 2.0 * (x / 2.0).round();
    }
    float_to_bigint(r)
}

/// `round(x, ndigits)` for a float: round the exact binary value half-even to `ndigits`
/// decimal places (negative = tens, hundreds, ...), then to the nearest float.
/// Errors: OverflowError `rounded value too large to represent`.
pub fn round_float(x: f64, ndigits: i64) -> Result<f64, FloatError> {
    const NDIGITS_MAX: i64 = 323;
    const NDIGITS_MIN: i64 = -308;
    if !x.is_finite() || ndigits > NDIGITS_MAX {
        return Ok(x);
    }
    if ndigits < NDIGITS_MIN {
        return Ok(0.0 * x);
    }
    let text = if ndigits >= 0 {
        format!("{:.*}", ndigits as usize, x)
    } else {
        // Exact: x = m * 2**e; N = round_half_even(x / 10**k); result text "N e k".
        let k = (-ndigits) as u32;
        let (m, e) = decompose(x);
        let mut num = BigInt::from(m);
        let mut den = BigInt::from(10u32).pow(k);
        if e >= 0 {
            num <<= e as usize;
        } else {
            den <<= (-e) as usize;
        }
        let n = div_round_half_even(&num, &den);
        let sign = if x.is_sign_negative() { "-" } else { "" };
        format!("{sign}{}e{}", n.abs(), k)
    };
    let r: f64 = text.parse().expect("decimal text parses");
    if r.is_infinite() {
        return Err(FloatError::Overflow(
            "rounded value too large to represent".into(),
        ));
    }
    Ok(r)
}

fn div_round_half_even(num: &BigInt, den: &BigInt) -> BigInt {
    let (q, r) = num.div_mod_floor(den);
    let twice: BigInt = &r << 1usize;
    match twice.cmp(den) {
        std::cmp::Ordering::Less => q,
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal => {
            if q.is_odd() {
                q + 1
            } else {
                q
            }
        }
    }
}

/// Finite `x == m * 2**e` with integer `m` (signed, `|m| < 2**53`).
fn decompose(x: f64) -> (i64, i64) {
    let bits = x.to_bits();
    let neg = bits >> 63 != 0;
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = (bits & ((1u64 << 52) - 1)) as i64;
    let (m, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), exp - 1075)
    };
    (if neg { -m } else { m }, e)
}

/// `int(x)` for a float: truncation toward zero, exact for huge values. Errors:
/// OverflowError `cannot convert float infinity to integer`, ValueError
/// `cannot convert float NaN to integer`.
pub fn float_to_bigint(x: f64) -> Result<BigInt, FloatError> {
    if x.is_nan() {
        return Err(FloatError::Value(
            "cannot convert float NaN to integer".into(),
        ));
    }
    if x.is_infinite() {
        return Err(FloatError::Overflow(
            "cannot convert float infinity to integer".into(),
        ));
    }
    let t = x.trunc();
    if t.abs() < 9.0e18 {
        return Ok(BigInt::from(t as i64));
    }
    let (m, e) = decompose(t);
    Ok(BigInt::from(m) << (e as usize))
}

/// Round `q * 2**k` (plus a nonzero fraction below q's last bit when `sticky`) to the
/// nearest f64, ties to even, with correct subnormal rounding. Returns infinity on overflow.
fn round_to_f64(q: &BigUint, k: i64, sticky: bool) -> f64 {
    let nbits = q.bits() as i64;
    if nbits == 0 {
        return 0.0;
    }
    let target = (k + nbits - 53).max(-1074);
    let drop = target - k;
    let r: u64 = if drop <= 0 {
        // Exact: q fits in 53 bits at this scale.
        (q << ((-drop) as usize)).to_u64().expect("at most 53 bits")
    } else {
        let d = drop as usize;
        let kept = (q >> d).to_u64().expect("at most 53 bits");
        let half = BigUint::one() << (d - 1);
        let low = q & ((BigUint::one() << d) - 1u32);
        let up = match low.cmp(&half) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => sticky || kept & 1 == 1,
        };
        kept + up as u64
    };
    // r <= 2**53, exactly representable; scaling by a power of two is exact unless it
    // overflows (then it is infinity, as wanted).
    libm::ldexp(r as f64, target as i32)
}

/// `float(n)` for an int, correctly rounded. Error: `int too large to convert to float`
/// (OverflowError).
pub fn bigint_to_float(n: &BigInt) -> Result<f64, String> {
    if let Some(i) = n.to_i64() {
        if i.unsigned_abs() <= 1 << 53 {
            return Ok(i as f64);
        }
    }
    let r = round_to_f64(n.magnitude(), 0, false);
    if r.is_infinite() {
        return Err("int too large to convert to float".into());
    }
    Ok(if n.sign() == Sign::Minus { -r } else { r })
}

/// `a / b` for ints, correctly rounded (CPython's `long_true_divide`). Errors:
/// ZeroDivisionError `division by zero`, OverflowError
/// `integer division result too large for a float`.
pub fn int_true_divide(a: &BigInt, b: &BigInt) -> Result<f64, FloatError> {
    if b.is_zero() {
        return Err(FloatError::ZeroDivision("division by zero".into()));
    }
    let small = |v: &BigInt| v.to_i64().filter(|i| i.unsigned_abs() <= 1 << 53);
    if let (Some(x), Some(y)) = (small(a), small(b)) {
        return Ok(x as f64 / y as f64);
    }
    let negative = (a.sign() == Sign::Minus) != (b.sign() == Sign::Minus);
    let (na, nb) = (a.magnitude(), b.magnitude());
    if na.is_zero() {
        return Ok(if negative { -0.0 } else { 0.0 });
    }
    // Scale so the quotient has at least 55 significant bits.
    let k = na.bits() as i64 - nb.bits() as i64 - 58;
    let (num, den) = if k >= 0 {
        (na.clone(), nb << (k as usize))
    } else {
        (na << ((-k) as usize), nb.clone())
    };
    let (q, r) = num.div_rem(&den);
    let v = round_to_f64(&q, k, !r.is_zero());
    if v.is_infinite() {
        return Err(FloatError::Overflow(
            "integer division result too large for a float".into(),
        ));
    }
    Ok(if negative { -v } else { v })
}

/// CPython's hash modulus, the Mersenne prime `2**61 - 1`.
pub const HASH_MODULUS: u64 = (1 << 61) - 1;
/// `hash(float('inf'))`.
pub const HASH_INF: i64 = 314159;

fn finish_hash(mag: u64, negative: bool) -> i64 {
    let h = if negative { -(mag as i64) } else { mag as i64 };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash(x)` for a float; `None` for NaN (whose hash is the object's identity hash).
pub fn float_hash(x: f64) -> Option<i64> {
    if x.is_nan() {
        return None;
    }
    if x.is_infinite() {
        return Some(if x > 0.0 { HASH_INF } else { -HASH_INF });
    }
    let (m, e) = decompose(x);
    let mag = m.unsigned_abs() % HASH_MODULUS;
    // 2**61 == 1 (mod P), so 2**e == 2**(e mod 61).
    let shift = e.rem_euclid(61) as u32;
    let h = ((mag as u128) << shift) % HASH_MODULUS as u128;
    Some(finish_hash(h as u64, m < 0))
}

/// `hash(n)` for an int.
pub fn int_hash(n: &BigInt) -> i64 {
    let m = BigUint::from(HASH_MODULUS);
    let r = (n.magnitude() % m).to_u64().expect("below modulus");
    finish_hash(r, n.sign() == Sign::Minus)
}

#[cfg(test)]
mod tests {
    use super::super::pycheck::run;
    use super::*;

    fn ints() -> Vec<BigInt> {
        let mut v: Vec<BigInt> = [
            0i64,
            1,
            -1,
            2,
            -7,
            3,
            1 << 53,
            (1 << 53) + 1,
            -(1 << 62),
            i64::MAX,
        ]
        .iter()
        .map(|&i| BigInt::from(i))
        .collect();
        let two = BigInt::from(2);
        v.push(two.pow(1024) - 1); // overflows to float
        v.push(two.pow(1024) - two.pow(970)); // exactly the rounding boundary
        v.push(two.pow(1024) - two.pow(971) + 1);
        v.push(BigInt::from(3).pow(400));
        v.push(-BigInt::from(10).pow(300) - 1);
        v.push((BigInt::from(1) << 80u32) + (BigInt::from(1) << 27u32));
        v.push((BigInt::from(1) << 80u32) + (BigInt::from(1) << 28u32));
        v.push(BigInt::from(7).pow(50) + 12345);
        v
    }

    fn floats() -> Vec<f64> {
        vec![
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            -2.5,
            3.7,
            -3.7,
            1e16,
            1e300,
            -1e300,
            5e-324,
            1e-300,
            0.1,
            123456789.5,
            4503599627370497.0,
            f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            -1e-7,
            2.0f64.powi(60),
            1.0 / 3.0,
        ]
    }

    #[test]
    fn conversions_and_hashes_match_cpython() {
        let mut lines = Vec::new();
        for a in ints() {
            lines.push(format!("i {a}"));
            for b in ints() {
                lines.push(format!("d {a} {b}"));
            }
        }
        for x in floats() {
            lines.push(format!("f {}", x.to_bits()));
        }
        let script = "
def fl(x):
    return f'{bits(float(x))}'
for l in sys.stdin:
    p = l.split()
    if p[0] == 'i':
        a = int(p[1]); ans(lambda: f'{hash(a)} {fl(a)}')
    elif p[0] == 'd':
        a, b = int(p[1]), int(p[2]); ans(lambda: fl(a / b))
    else:
        x = fbits(p[1])
        h = 'nan' if x != x else str(hash(x))
        def r():
            try: return str(round(x))
            except Exception as e: return type(e).__name__ + ': ' + str(e)
        def t():
            try: return str(int(x))
            except Exception as e: return type(e).__name__ + ': ' + str(e)
        ans(lambda: f'{h}|{r()}|{t()}')";
        let want = run(script, &lines);
        let mut k = 0;
        let show_err = |e: FloatError| match e {
            FloatError::Overflow(m) => format!("OverflowError: {m}"),
            FloatError::Value(m) => format!("ValueError: {m}"),
            FloatError::ZeroDivision(m) => format!("ZeroDivisionError: {m}"),
            FloatError::NeedsComplex => "complex".into(),
        };
        for a in ints() {
            let got = bigint_to_float(&a)
                .map(|x| format!("{} {}", int_hash(&a), x.to_bits()))
                .map_err(|m| ("OverflowError".to_string(), m));
            assert_eq!(got, want[k], "hash/float({a})");
            k += 1;
            for b in ints() {
                let got = int_true_divide(&a, &b)
                    .map(|x| x.to_bits().to_string())
                    .map_err(|e| {
                        let s = show_err(e);
                        let (t, m) = s.split_once(": ").unwrap();
                        (t.to_string(), m.to_string())
                    });
                assert_eq!(got, want[k], "{a} / {b}");
                k += 1;
            }
        }
        for x in floats() {
            let h = float_hash(x).map(|h| h.to_string()).unwrap_or("nan".into());
            let r = round_float_to_int(x)
                .map(|n| n.to_string())
                .unwrap_or_else(show_err);
            let t = float_to_bigint(x)
                .map(|n| n.to_string())
                .unwrap_or_else(show_err);
            assert_eq!(Ok(format!("{h}|{r}|{t}")), want[k], "float {x:e}");
            k += 1;
        }
    }
}
