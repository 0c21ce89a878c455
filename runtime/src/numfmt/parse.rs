//! Parsing numbers from text with `int()` / `float()` rules, and ints to text in a radix.

use num_bigint::BigInt;
use num_traits::{Num, Signed};

/// Removes underscores that sit between two digits; None if any other underscore appears.
fn strip_underscores(s: &str, is_digit: impl Fn(char) -> bool) -> Option<String> {
    let cs: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in cs.iter().enumerate() {
        if c == '_' {
            let ok = i > 0 && i + 1 < cs.len() && is_digit(cs[i - 1]) && is_digit(cs[i + 1]);
            if !ok {
                return None;
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// `float(s)` for a str: None when CPython raises ValueError.
pub fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim();
    let (neg, body) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let lower = body.to_ascii_lowercase();
    let v = match lower.as_str() {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => {
            if body.is_empty() || !body.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-' | '_')) {
                return None;
            }
            let clean = strip_underscores(body, |c| c.is_ascii_digit())?;
            if !clean.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '.') {
                return None;
            }
            clean.parse::<f64>().ok()?
        }
    };
    Some(if neg { -v } else { v })
}

/// `int(s, base)` for a str: None when CPython raises ValueError.
pub fn parse_int(s: &str, base: u32) -> Option<BigInt> {
    let t = s.trim();
    let (neg, body) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let lower = body.to_ascii_lowercase();
    let (base, digits) = {
        let prefixed = |p: &str, b: u32| lower.strip_prefix(p).map(|r| (b, r.to_string()));
        let pre = prefixed("0x", 16).or_else(|| prefixed("0o", 8)).or_else(|| prefixed("0b", 2));
        match (base, pre) {
            (0, Some((b, r))) => (b, r.strip_prefix('_').map(|x| x.to_string()).unwrap_or(r)),
            (b, Some((pb, r))) if b == pb => (b, r.strip_prefix('_').map(|x| x.to_string()).unwrap_or(r)),
            (0, None) => {
                if lower.len() > 1 && lower.starts_with('0') && lower.chars().any(|c| c != '0' && c != '_') {
                    return None;
                }
                (10, lower.clone())
            }
            (b, _) => (b, lower.clone()),
        }
    };
    if digits.is_empty() {
        return None;
    }
    let clean = strip_underscores(&digits, |c| c.is_digit(base))?;
    if clean.is_empty() || !clean.chars().all(|c| c.is_digit(base)) {
        return None;
    }
    let v = BigInt::from_str_radix(&clean, base).ok()?;
    Some(if neg { -v } else { v })
}

/// `bin`/`oct`/`hex` text: `-0x1f`.
pub fn int_to_str_radix(v: &BigInt, base: u32, prefix: bool) -> String {
    let p = match base {
        2 => "0b",
        8 => "0o",
        16 => "0x",
        _ => "",
    };
    let digits = v.abs().to_str_radix(base);
    let sign = if v.is_negative() { "-" } else { "" };
    if prefix {
        format!("{sign}{p}{digits}")
    } else {
        format!("{sign}{digits}")
    }
}
