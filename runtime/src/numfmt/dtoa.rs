//! Decimal digit generation for `f64` and CPython's `PyOS_double_to_string` layout.
//!
//! Digits come from Rust's float formatting, which is correctly rounded (round-half-even on
//! the exact binary value) in both its shortest and fixed-precision modes — the same results
//! as David Gay's `dtoa` modes 0, 2 and 3 that CPython uses. The layout (where the point and
//! exponent go, zero padding, `#` handling) follows `format_float_short` in `Python/pystrtod.c`.

/// Significant digits of `|x|` without trailing zeros, and the decimal point position:
/// the value is `0.DIGITS * 10**decpt`. Zero gives `("0", 1)`. `x` must be finite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digits {
    pub digits: String,
    pub decpt: i64,
}

fn from_sci(sci: &str) -> Digits {
    let (mant, exp) = sci.split_once('e').expect("`{:e}` has an exponent");
    let exp: i64 = exp.parse().expect("`{:e}` exponent is an integer");
    let mut digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    if digits == "0" {
        return Digits { digits, decpt: 1 };
    }
    Digits {
        digits,
        decpt: exp + 1,
    }
}

/// Shortest digits that round-trip (dtoa mode 0).
///
/// Rust's shortest mode finds the minimal digit count but, when several strings of that
/// length round-trip, does not always pick the one nearest the exact value as dtoa does
/// (`137839762462415.62` vs `...63`). So the length is taken from Rust's shortest output and
/// the digits from correctly rounding to that length, which is nearest by construction.
pub fn shortest(x: f64) -> Digits {
    let short = from_sci(&format!("{:e}", x.abs()));
    let n = short.digits.len();
    let nearest = significant(x, n);
    if nearest != short {
        let text = format!("0.{}e{}", nearest.digits, nearest.decpt);
        if text.parse::<f64>().ok() == Some(x.abs()) {
            return nearest;
        }
    }
    short
}

/// `ndigits >= 1` significant digits, correctly rounded (dtoa mode 2).
pub fn significant(x: f64, ndigits: usize) -> Digits {
    // A double has at most 767 significant decimal digits: past them every digit is zero,
    // so rounding there is exact (and Rust's formatter takes at most 65535 places).
    let n = ndigits.clamp(1, MAX_SIGNIFICANT);
    from_sci(&format!("{:.*e}", n - 1, x.abs()))
}

/// More significant digits than any double has.
const MAX_SIGNIFICANT: usize = 800;
/// More places after the point than any double's exact expansion (1074 at most).
const MAX_PLACES: usize = 1100;

/// Digits rounded at `ndigits` places after the point (dtoa mode 3). A value that rounds to
/// zero gives empty digits with `decpt == -ndigits`, as dtoa does.
pub fn fixed(x: f64, ndigits: usize) -> Digits {
    if x == 0.0 {
        return Digits {
            digits: "0".into(),
            decpt: 1,
        };
    }
    // Past MAX_PLACES every digit of a double is zero (see `significant`).
    let s = format!("{:.*}", ndigits.min(MAX_PLACES), x.abs());
    let (int_part, frac) = s.split_once('.').unwrap_or((&s, ""));
    let all: String = format!("{int_part}{frac}");
    let lead = all.bytes().take_while(|b| *b == b'0').count();
    let decpt = int_part.len() as i64 - lead as i64;
    let digits = all[lead..].trim_end_matches('0').to_string();
    if digits.is_empty() {
        return Digits {
            digits,
            decpt: -(ndigits as i64),
        };
    }
    Digits { digits, decpt }
}

/// Options for [`double_to_string`], mirroring CPython's `Py_DTSF_*` flags.
#[derive(Debug, Clone, Copy, Default)]
pub struct DtsFlags {
    /// Always emit a sign (`Py_DTSF_SIGN`).
    pub sign: bool,
    /// Add `.0` to integral values in non-exponent form (`Py_DTSF_ADD_DOT_0`; codes r, g).
    pub add_dot_0: bool,
    /// Alternate form (`Py_DTSF_ALT`): keep trailing zeros for g, always a point.
    pub alt: bool,
    /// Drop the sign of a result that rounds to zero (`Py_DTSF_NO_NEG_0`, the `z` option).
    pub no_neg_0: bool,
}

/// CPython's `PyOS_double_to_string(x, code, precision, flags)`: `code` is one of
/// `e E f F g G r` (`r` = repr, precision ignored). Infinity and NaN give `inf`/`nan`
/// (upper-case for upper-case codes), with a sign for negative infinity.
pub fn double_to_string(x: f64, code: char, precision: usize, flags: DtsFlags) -> String {
    let upper = code.is_ascii_uppercase();
    let code = code.to_ascii_lowercase();
    let mut out = String::new();
    if x.is_nan() || x.is_infinite() {
        if x.is_infinite() && x < 0.0 {
            out.push('-');
        } else if flags.sign {
            out.push('+');
        }
        out.push_str(match (x.is_nan(), upper) {
            (true, false) => "nan",
            (true, true) => "NAN",
            (false, false) => "inf",
            (false, true) => "INF",
        });
        return out;
    }
    let mut precision = precision as i64;
    let d = match code {
        'e' => {
            precision += 1;
            significant(x, precision as usize)
        }
        'f' => fixed(x, precision as usize),
        'g' => {
            if precision == 0 {
                precision = 1;
            }
            significant(x, precision as usize)
        }
        'r' => shortest(x),
        _ => panic!("double_to_string: bad format code {code:?}"),
    };
    let digits_len = d.digits.len() as i64;
    let mut decpt = d.decpt;
    let mut vdigits_end = digits_len;
    let mut use_exp = false;
    match code {
        'e' => {
            use_exp = true;
            vdigits_end = precision;
        }
        'f' => vdigits_end = decpt + precision,
        'g' => {
            let limit = if flags.add_dot_0 {
                precision - 1
            } else {
                precision
            };
            if decpt <= -4 || decpt > limit {
                use_exp = true;
            }
            if flags.alt {
                vdigits_end = precision;
            }
        }
        _ => {
            if decpt <= -4 || decpt > 16 {
                use_exp = true;
            }
        }
    }
    let mut exp = 0;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    if !use_exp && flags.add_dot_0 {
        vdigits_end = vdigits_end.max(decpt + 1);
    } else {
        vdigits_end = vdigits_end.max(decpt);
    }
    let zeros = |out: &mut String, n: i64| {
        for _ in 0..n.max(0) {
            out.push('0');
        }
    };
    let rounds_to_zero = d.digits.is_empty() || d.digits == "0";
    if x.is_sign_negative() && !(flags.no_neg_0 && rounds_to_zero) {
        out.push('-');
    } else if flags.sign {
        out.push('+');
    }
    if decpt <= 0 {
        zeros(&mut out, decpt - vdigits_start);
        out.push('.');
        zeros(&mut out, -decpt);
    } else {
        zeros(&mut out, -vdigits_start);
    }
    let dstr = &d.digits;
    if 0 < decpt && decpt <= digits_len {
        out.push_str(&dstr[..decpt as usize]);
        out.push('.');
        out.push_str(&dstr[decpt as usize..]);
    } else {
        out.push_str(dstr);
    }
    if digits_len < decpt {
        zeros(&mut out, decpt - digits_len);
        out.push('.');
        zeros(&mut out, vdigits_end - decpt);
    } else {
        zeros(&mut out, vdigits_end - digits_len);
    }
    if out.ends_with('.') && !flags.alt {
        out.pop();
    }
    if use_exp {
        out.push(if upper { 'E' } else { 'e' });
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.abs()));
    }
    out
}
