//! Text -> number parsing with `float(str)` / `int(str, base)` rules, Python's `repr()` of a
//! str, and int -> text in bases 2/8/16 (`bin`, `oct`, `hex`).
//!
//! As in CPython, Unicode whitespace and Unicode decimal digits (category Nd) are first mapped
//! to ASCII; any other non-ASCII char makes the literal invalid.

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, Zero};

use super::unicode_tables::{CASEFOLD, DECIMAL_ZEROS, NON_PRINTABLE, OTHER_DIGITS, WHITESPACE};

/// `str.isprintable()` for one char.
pub fn is_printable(c: char) -> bool {
    let u = c as u32;
    if (0x20..0x7f).contains(&u) {
        return true;
    }
    NON_PRINTABLE
        .binary_search_by(|&(lo, hi)| {
            if hi < u {
                std::cmp::Ordering::Less
            } else if lo > u {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_err()
}

/// `str.isspace()` for one char.
pub fn is_space(c: char) -> bool {
    WHITESPACE.binary_search(&(c as u32)).is_ok()
}

/// The value of a Unicode decimal digit (`unicodedata.decimal`), any script.
pub fn decimal_value(c: char) -> Option<u32> {
    let u = c as u32;
    if c.is_ascii_digit() {
        return Some(u - '0' as u32);
    }
    let i = DECIMAL_ZEROS.partition_point(|&z| z <= u);
    if i == 0 {
        return None;
    }
    let d = u - DECIMAL_ZEROS[i - 1];
    (d < 10).then_some(d)
}

/// `str.isdigit()` for one char: decimal digits plus the other Unicode digits.
pub fn is_digit(c: char) -> bool {
    decimal_value(c).is_some() || OTHER_DIGITS.binary_search(&(c as u32)).is_ok()
}

/// `str.casefold()`: full case folding, which is `lower()` except for the table's chars.
pub fn casefold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match CASEFOLD.binary_search_by_key(&(c as u32), |&(k, _)| k) {
            Ok(i) => out.push_str(CASEFOLD[i].1),
            Err(_) => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// `repr(s)` for a str, exactly as Python prints it.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => {
                let u = c as u32;
                if u <= 0xff {
                    out.push_str(&format!("\\x{u:02x}"));
                } else if u <= 0xffff {
                    out.push_str(&format!("\\u{u:04x}"));
                } else {
                    out.push_str(&format!("\\U{u:08x}"));
                }
            }
        }
    }
    out.push(quote);
    out
}

/// `%.200R` of a str as CPython's error messages use it: the repr cut to 200 chars.
fn repr_200(s: &str) -> String {
    str_repr(s).chars().take(200).collect()
}

/// ValueError text for a bad `int()` literal: `invalid literal for int() with base 10: 'abc'`.
/// `base` is the base the caller passed (0 stays 0).
pub fn int_literal_error(s: &str, base: u32) -> String {
    format!(
        "invalid literal for int() with base {base}: {}",
        repr_200(s)
    )
}

/// ValueError text for a bad `float()` literal.
pub fn float_literal_error(s: &str) -> String {
    format!("could not convert string to float: {}", repr_200(s))
}

/// Map Unicode whitespace to ' ' and Unicode decimal digits to ASCII; other non-ASCII chars
/// become `None` (the literal is invalid).
fn to_ascii(s: &str) -> Option<String> {
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                Some(c)
            } else if is_space(c) {
                Some(' ')
            } else {
                decimal_value(c).map(|d| char::from(b'0' + d as u8))
            }
        })
        .collect()
}

fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// `float(s)` for a str; `None` means ValueError ([`float_literal_error`]).
pub fn parse_float(s: &str) -> Option<f64> {
    let ascii = to_ascii(s)?;
    let mut t = ascii
        .as_str()
        .trim_matches(|c: char| is_ascii_space(c as u8))
        .to_string();
    if t.contains('_') {
        let b = t.as_bytes();
        for (i, &c) in b.iter().enumerate() {
            if c == b'_' {
                let before = i > 0 && b[i - 1].is_ascii_digit();
                let after = i + 1 < b.len() && b[i + 1].is_ascii_digit();
                if !before || !after {
                    return None;
                }
            }
        }
        t.retain(|c| c != '_');
    }
    let body = t.strip_prefix(['+', '-']).unwrap_or(&t);
    let lower = body.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" || lower == "nan" {
        return t.parse::<f64>().ok().or_else(|| {
            // Rust spells these the same way; be explicit for clarity.
            let neg = t.starts_with('-');
            let v = if lower == "nan" {
                f64::NAN
            } else {
                f64::INFINITY
            };
            Some(if neg { -v } else { v })
        });
    }
    // [digits][.digits] with at least one digit, then optional e[sign]digits.
    let b = body.as_bytes();
    let mut i = 0;
    let int_digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        frac_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits + frac_digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let exp_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if exp_digits == 0 {
            return None;
        }
        i += exp_digits;
    }
    if i != b.len() {
        return None;
    }
    t.parse::<f64>().ok()
}

/// `int(s, base)` for a str with `base` 0 or 2..=36 (the caller rejects other bases with
/// `int() base must be >= 2 and <= 36, or 0`). `None` means ValueError
/// ([`int_literal_error`]). The 4300-digit limit of `sys.set_int_max_str_digits` is the
/// caller's (see [`exceeds_str_digits_limit`]).
pub fn parse_int(s: &str, base: u32) -> Option<BigInt> {
    let ascii = to_ascii(s)?;
    let b = ascii.as_bytes();
    let mut i = 0;
    while i < b.len() && is_ascii_space(b[i]) {
        i += 1;
    }
    let mut negative = false;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        negative = b[i] == b'-';
        i += 1;
    }
    let mut base = base;
    let mut zero_only = false;
    let at = |k: usize| b.get(k).map(|c| c.to_ascii_lowercase());
    if base == 0 {
        base = if at(i) != Some(b'0') {
            10
        } else {
            match at(i + 1) {
                Some(b'x') => 16,
                Some(b'o') => 8,
                Some(b'b') => 2,
                _ => {
                    zero_only = true;
                    10
                }
            }
        };
    }
    if at(i) == Some(b'0') {
        let p = at(i + 1);
        if (base == 16 && p == Some(b'x'))
            || (base == 8 && p == Some(b'o'))
            || (base == 2 && p == Some(b'b'))
        {
            i += 2;
            if at(i) == Some(b'_') {
                i += 1;
            }
        }
    }
    let mut digits = String::new();
    let mut prev_underscore = true; // no leading underscore
    while i < b.len() {
        let c = b[i];
        if c == b'_' {
            if prev_underscore {
                return None;
            }
            prev_underscore = true;
        } else {
            match (c as char).to_digit(base) {
                Some(_) => digits.push(c as char),
                None => break,
            }
            prev_underscore = false;
        }
        i += 1;
    }
    if digits.is_empty() || prev_underscore {
        return None;
    }
    while i < b.len() && is_ascii_space(b[i]) {
        i += 1;
    }
    if i != b.len() {
        return None;
    }
    let mag = BigInt::parse_bytes(digits.as_bytes(), base)?;
    if zero_only && !mag.is_zero() {
        return None;
    }
    Some(if negative { -mag } else { mag })
}

/// CPython 3.11's default `sys.get_int_max_str_digits()`.
pub const DEFAULT_MAX_STR_DIGITS: usize = 4300;

/// For `int(s, base)`/`str(n)` with a non-power-of-two base: the ValueError text when a
/// literal has more than `limit` digits (`limit == 0` disables the check), e.g.
/// `Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits; use
/// sys.set_int_max_str_digits() to increase the limit`.
pub fn exceeds_str_digits_limit(ndigits: usize, limit: usize) -> Option<String> {
    (limit > 0 && ndigits > limit).then(|| {
        format!(
            "Exceeds the limit ({limit} digits) for integer string conversion: value has \
             {ndigits} digits; use sys.set_int_max_str_digits() to increase the limit"
        )
    })
}

/// `bin`/`oct`/`hex` text of an int in base 2, 8 or 16 (`-0x1f`; other bases give bare
/// digits). With `prefix == false` only the sign and digits.
pub fn int_to_str_radix(n: &BigInt, base: u32, prefix: bool) -> String {
    let digits = n.abs().to_str_radix(base);
    let p = match (prefix, base) {
        (true, 2) => "0b",
        (true, 8) => "0o",
        (true, 16) => "0x",
        _ => "",
    };
    let sign = if n.sign() == Sign::Minus { "-" } else { "" };
    format!("{sign}{p}{digits}")
}

/// `str(n)` for an int (decimal).
pub fn int_to_decimal(n: &BigInt) -> String {
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::super::pycheck::{hex, run};
    use super::*;

    #[test]
    fn str_repr_matches_cpython() {
        // Every char below 0x800 plus samples across all planes, in small strings.
        let mut strs: Vec<String> = (0u32..0x800)
            .step_by(7)
            .map(|u| (u..u + 7).filter_map(char::from_u32).collect())
            .collect();
        for u in (0x800u32..0x110000).step_by(997) {
            strs.push((u..u + 5).filter_map(char::from_u32).collect());
        }
        strs.extend(
            [
                "it's",
                "say \"hi\"",
                "both ' and \"",
                "",
                "\\",
                "\u{ad}\u{2028}\u{feff}\u{e000}",
            ]
            .map(String::from),
        );
        let lines: Vec<String> = strs.iter().map(|s| hex(s)).collect();
        let want = run(
            "for l in sys.stdin:\n    ans(lambda: repr(unhex(l.strip())))",
            &lines,
        );
        for (s, w) in strs.iter().zip(want) {
            assert_eq!(Ok(str_repr(s)), w, "repr of {:?}", s);
        }
    }

    #[test]
    fn parse_matches_cpython() {
        let float_inputs = [
            "1_0.5",
            "1_.5",
            "1e1_0",
            "_1",
            "1__0",
            " 1.5\n",
            "inf",
            "-Infinity",
            "nAn",
            "+nan",
            "1.",
            ".5",
            ".",
            "e5",
            "1e",
            "0x10",
            "1.5e+",
            "\u{661}.5",
            "1_000e-1_0",
            "1\u{a0}5",
            "\u{2003}2.5\u{3000}",
            "1e400",
            "-1e-400",
            "2.2250738585072011e-308",
            "0.1",
            "",
            " ",
            "+",
            "-0",
            "infinit",
            "nana",
            "1e+05",
            "12345678901234567890123456789",
            "1_e5",
            "٣",
            "١٢٣٫٤",
            "\x1c7\x1f",
        ];
        let lines: Vec<String> = float_inputs.iter().map(|s| hex(s)).collect();
        let want = run(
            "for l in sys.stdin:\n    ans(lambda: float(unhex(l.strip())).hex())",
            &lines,
        );
        for (s, w) in float_inputs.iter().zip(want) {
            let got = parse_float(s).map(|x| {
                run(
                    "import sys\nfor l in sys.stdin: ans(lambda: fbits(l).hex())",
                    &[x.to_bits().to_string()],
                )
                .remove(0)
                .unwrap()
            });
            match w {
                Ok(h) => assert_eq!(got, Some(h), "float({s:?})"),
                Err((_, m)) => {
                    assert_eq!(got, None, "float({s:?})");
                    assert_eq!(float_literal_error(s), m);
                }
            }
        }
        let int_inputs = [
            ("abc", 0),
            ("0x", 16),
            ("1_", 10),
            ("012", 0),
            ("00", 0),
            ("0_0", 0),
            ("0_7", 0),
            (" -0x_1f ", 0),
            ("0b", 0),
            ("\u{661}\u{662}", 10),
            ("1\u{a0}", 10),
            ("ff", 16),
            ("0xff", 16),
            ("0o17", 8),
            ("0o17", 16),
            ("0b101", 2),
            ("0b101", 16),
            ("z", 36),
            ("Z_z", 36),
            ("+ 1", 10),
            ("1 2", 10),
            ("-0", 0),
            ("0X1F", 0),
            ("0_b1", 0),
            ("0b_1", 0),
            ("0b__1", 0),
            ("9", 8),
            ("123456789012345678901234567890", 0),
            ("\t42\n", 10),
            ("", 10),
            ("x'\"", 10),
        ];
        let lines: Vec<String> = int_inputs
            .iter()
            .map(|(s, b)| format!("{} {b}", hex(s)))
            .collect();
        let want = run(
            "for l in sys.stdin:\n    s, b = l.rstrip('\\n').split(' ')\n    ans(lambda: str(int(unhex(s), int(b))))",
            &lines,
        );
        for ((s, b), w) in int_inputs.iter().zip(want) {
            match w {
                Ok(v) => assert_eq!(
                    parse_int(s, *b).map(|n| n.to_string()),
                    Some(v),
                    "int({s:?}, {b})"
                ),
                Err((_, m)) => {
                    assert_eq!(parse_int(s, *b), None, "int({s:?}, {b})");
                    assert_eq!(int_literal_error(s, *b), m);
                }
            }
        }
    }

    #[test]
    fn radix_text() {
        let n: BigInt = "-31".parse().unwrap();
        assert_eq!(int_to_str_radix(&n, 16, true), "-0x1f");
        assert_eq!(int_to_str_radix(&n, 2, true), "-0b11111");
        assert_eq!(int_to_str_radix(&BigInt::from(8), 8, true), "0o10");
        assert_eq!(int_to_str_radix(&BigInt::from(0), 16, true), "0x0");
    }
}
