//! Number <-> text conversions with CPython's exact rules: float repr, format-spec rendering,
//! printf-style `%` formatting, int/float parsing, str repr, and float arithmetic semantics.

pub mod dtoa;
pub mod floatops;
pub mod format;
#[cfg(test)]
pub(crate) mod pycheck;
pub mod spec;
pub mod parse;
pub mod percent;
pub use parse::{int_to_str_radix, parse_float, parse_int};

pub use format::{format_float, format_int, format_str, FmtError};
pub use spec::{parse_format_spec, FormatSpec};


/// `repr(x)` for a float, exactly as CPython 3.11 prints it: the shortest string that
/// round-trips, in fixed notation when the decimal exponent is in `-4..16`, otherwise in
/// scientific notation with a signed, at-least-two-digit exponent (`1e+16`, `1.5e-05`).
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    // Rust's `{:e}` gives the shortest round-tripping digits: "-1.2345e6", "1e-7", "0e0".
    let sci = format!("{:e}", x);
    let (mant, exp) = sci.split_once('e').expect("`{:e}` always has an exponent");
    let exp: i32 = exp.parse().expect("`{:e}` exponent is an integer");
    let (neg, mant) = match mant.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mant),
    };
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    let mut out = String::with_capacity(24);
    if neg {
        out.push('-');
    }
    if (-4..16).contains(&exp) {
        let n = digits.len() as i32;
        if exp < 0 {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            out.push_str(&digits);
        } else if exp + 1 >= n {
            out.push_str(&digits);
            for _ in 0..(exp + 1 - n) {
                out.push('0');
            }
            out.push_str(".0");
        } else {
            let split = (exp + 1) as usize;
            out.push_str(&digits[..split]);
            out.push('.');
            out.push_str(&digits[split..]);
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.abs()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::float_repr;

    #[test]
    fn repr_matches_cpython_rules() {
        let cases = [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (123456789.125, "123456789.125"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (1e300, "1e+300"),
            (-2.5e-300, "-2.5e-300"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (3.141592653589793, "3.141592653589793"),
        ];
        for (x, want) in cases {
            assert_eq!(float_repr(x), want, "repr({x:?})");
        }
    }
}
