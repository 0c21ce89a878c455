//! Rendering ints, floats and strs under a parsed [`FormatSpec`], following CPython 3.11's
//! `Python/formatter_unicode.c`: a number is laid out as
//!
//! ```text
//! <lpadding> <sign> <prefix> <spadding> <grouped digits> <decimal point> <remainder> <rpadding>
//! ```
//!
//! where at most one padding is non-empty. The `n` type uses the C locale (no grouping, `.`),
//! which is what CPython uses unless a program calls `locale.setlocale(LC_NUMERIC, ...)`.

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, ToPrimitive};

use super::dtoa::{double_to_string, DtsFlags};
use super::spec::{unknown_code_msg, FormatSpec};

/// A formatting failure: CPython raises ValueError for most, OverflowError for `%c` out of
/// range and for ints too large to become floats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FmtError {
    Value(String),
    Overflow(String),
}

impl From<String> for FmtError {
    fn from(s: String) -> Self {
        FmtError::Value(s)
    }
}

/// Insert `sep` every `size` digits from the right, left-padding with zeros so the result is at
/// least `min_width` chars (CPython's `_PyUnicode_InsertThousandsGrouping`). With `sep == None`
/// only the zero padding happens.
fn group_digits(digits: &str, min_width: i64, sep: Option<(char, usize)>) -> String {
    let d = digits.as_bytes();
    let mut remaining = d.len() as i64;
    let mut min_width = min_width;
    let Some((sep, size)) = sep else {
        let l = remaining.max(min_width).max(1);
        let mut out = "0".repeat((l - remaining).max(0) as usize);
        out.push_str(digits);
        return out;
    };
    let size = size as i64;
    let mut chunks: Vec<String> = Vec::new();
    loop {
        let l = size.min(remaining.max(min_width).max(1));
        let n_zeros = (l - remaining).max(0);
        let n_chars = remaining.min(l).max(0);
        let mut chunk = "0".repeat(n_zeros as usize);
        chunk.push_str(&digits[(remaining - n_chars) as usize..remaining as usize]);
        chunks.push(chunk);
        remaining -= n_chars;
        min_width -= size;
        if remaining <= 0 && min_width <= 0 {
            break;
        }
        min_width -= 1;
    }
    chunks.reverse();
    chunks.join(&sep.to_string())
}

/// Effective (fill, align) for a spec, given the type's default alignment.
fn fill_align(spec: &FormatSpec, default_align: char) -> (char, char) {
    let mut fill = spec.fill;
    let mut align = spec.align.unwrap_or(default_align);
    if spec.zero_pad && !spec.fill_specified {
        fill = '0';
        if spec.align.is_none() && default_align == '>' {
            align = '=';
        }
    }
    (fill, align)
}

/// The parts of a number to lay out; `digits` are grouped, `remainder` follows the decimal
/// point (or is the whole tail when there is no point: exponent, `%`, `inf`, a `c` char).
struct NumberParts<'a> {
    negative: bool,
    prefix: &'a str,
    digits: &'a str,
    has_decimal: bool,
    remainder: &'a str,
}

fn render_number(p: &NumberParts, spec: &FormatSpec, group: Option<(char, usize)>) -> String {
    let (fill, align) = fill_align(spec, '>');
    let sign = match spec.sign {
        Some('+') => Some(if p.negative { '-' } else { '+' }),
        Some(' ') => Some(if p.negative { '-' } else { ' ' }),
        _ => p.negative.then_some('-'),
    };
    let clen = |s: &str| s.chars().count() as i64;
    let n_non_digit =
        sign.is_some() as i64 + clen(p.prefix) + p.has_decimal as i64 + clen(p.remainder);
    let width = spec.width.map(|w| w as i64).unwrap_or(-1);
    let min_width = if fill == '0' && align == '=' {
        width - n_non_digit
    } else {
        0
    };
    let grouped = if p.digits.is_empty() {
        String::new()
    } else {
        group_digits(p.digits, min_width, group)
    };
    let n_padding = width - (n_non_digit + clen(&grouped));
    let (mut lpad, mut spad, mut rpad) = (0, 0, 0);
    if n_padding > 0 {
        match align {
            '<' => rpad = n_padding,
            '^' => {
                lpad = n_padding / 2;
                rpad = n_padding - lpad;
            }
            '=' => spad = n_padding,
            _ => lpad = n_padding,
        }
    }
    let mut out = String::new();
    let pad = |out: &mut String, n: i64| out.extend(std::iter::repeat_n(fill, n as usize));
    pad(&mut out, lpad);
    if let Some(s) = sign {
        out.push(s);
    }
    out.push_str(p.prefix);
    pad(&mut out, spad);
    out.push_str(&grouped);
    if p.has_decimal {
        out.push('.');
    }
    out.push_str(p.remainder);
    pad(&mut out, rpad);
    out
}

fn grouping_of(spec: &FormatSpec, four: bool) -> Option<(char, usize)> {
    spec.grouping
        .map(|g| (g, if four && g == '_' { 4 } else { 3 }))
}

/// `format(i, spec)` for an int. Float presentation types convert to float first.
pub fn format_int(v: &BigInt, spec: &FormatSpec) -> Result<String, FmtError> {
    let ty = spec.ty.unwrap_or('d');
    let (base, prefix) = match ty {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        'd' | 'n' => (10, ""),
        'c' => (0, ""),
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
            let x = super::floatops::bigint_to_float(v).map_err(FmtError::Overflow)?;
            return format_float(x, spec);
        }
        _ => return Err(FmtError::Value(unknown_code_msg(ty, "int"))),
    };
    if spec.precision.is_some() {
        return Err(FmtError::Value(
            "Precision not allowed in integer format specifier".into(),
        ));
    }
    if spec.no_neg_zero {
        return Err(FmtError::Value(
            "Negative zero coercion (z) not allowed in integer format specifier".into(),
        ));
    }
    if ty == 'c' {
        if spec.sign.is_some() {
            return Err(FmtError::Value(
                "Sign not allowed with integer format specifier 'c'".into(),
            ));
        }
        if spec.alternate {
            return Err(FmtError::Value(
                "Alternate form (#) not allowed with integer format specifier 'c'".into(),
            ));
        }
        let Some(ch) = v.to_i64() else {
            return Err(FmtError::Overflow(
                "Python int too large to convert to C long".into(),
            ));
        };
        let ch = u32::try_from(ch)
            .ok()
            .filter(|u| *u <= 0x10ffff)
            .ok_or_else(|| FmtError::Overflow("%c arg not in range(0x110000)".into()))?;
        // Surrogates cannot live in a Rust string; NYI: they need the caller's str model.
        let ch = char::from_u32(ch).unwrap_or('\u{fffd}');
        let s = ch.to_string();
        return Ok(render_number(
            &NumberParts {
                negative: false,
                prefix: "",
                digits: "",
                has_decimal: false,
                remainder: &s,
            },
            spec,
            None,
        ));
    }
    let mut digits = v.abs().to_str_radix(base);
    if ty == 'X' {
        digits.make_ascii_uppercase();
    }
    let prefix = if spec.alternate { prefix } else { "" };
    let group = if ty == 'n' {
        None
    } else {
        grouping_of(spec, base != 10)
    };
    Ok(render_number(
        &NumberParts {
            negative: v.sign() == Sign::Minus,
            prefix,
            digits: &digits,
            has_decimal: false,
            remainder: "",
        },
        spec,
        group,
    ))
}

/// `format(x, spec)` for a float.
pub fn format_float(x: f64, spec: &FormatSpec) -> Result<String, FmtError> {
    let mut flags = DtsFlags {
        alt: spec.alternate,
        no_neg_0: spec.no_neg_zero,
        ..Default::default()
    };
    let mut default_precision = 6;
    let mut code = match spec.ty {
        None => {
            flags.add_dot_0 = true;
            default_precision = 0;
            'r'
        }
        Some('n') => 'g',
        Some(c @ ('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%')) => c,
        Some(c) => return Err(FmtError::Value(unknown_code_msg(c, "float"))),
    };
    if let Some(p) = spec.precision {
        if p > i32::MAX as usize {
            return Err(FmtError::Value("precision too big".into()));
        }
    }
    let mut val = x;
    let mut add_pct = false;
    if code == '%' {
        code = 'f';
        val *= 100.0;
        add_pct = true;
    }
    let precision = match spec.precision {
        None => default_precision,
        Some(p) => {
            if code == 'r' {
                code = 'g';
            }
            p
        }
    };
    let mut buf = double_to_string(val, code, precision, flags);
    if add_pct {
        buf.push('%');
    }
    let (negative, body) = match buf.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, buf.as_str()),
    };
    let ndig = body.bytes().take_while(|b| b.is_ascii_digit()).count();
    let digits = &body[..ndig];
    let rest = &body[ndig..];
    let (has_decimal, remainder) = match rest.strip_prefix('.') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let group = if spec.ty == Some('n') {
        None
    } else {
        grouping_of(spec, false)
    };
    Ok(render_number(
        &NumberParts {
            negative,
            prefix: "",
            digits,
            has_decimal,
            remainder,
        },
        spec,
        group,
    ))
}

/// `format(s, spec)` for a str.
pub fn format_str(s: &str, spec: &FormatSpec) -> Result<String, String> {
    if let Some(c) = spec.ty {
        if c != 's' {
            return Err(unknown_code_msg(c, "str"));
        }
    }
    if spec.sign.is_some() {
        return Err("Sign not allowed in string format specifier".into());
    }
    if spec.no_neg_zero {
        return Err("Negative zero coercion (z) not allowed in string format specifier".into());
    }
    if spec.alternate {
        return Err("Alternate form (#) not allowed in string format specifier".into());
    }
    let (fill, align) = fill_align(spec, '<');
    if align == '=' {
        return Err("'=' alignment not allowed in string format specifier".into());
    }
    let mut len = s.chars().count();
    let mut body: &str = s;
    if let Some(p) = spec.precision {
        if p < len {
            len = p;
            let cut = s.char_indices().nth(p).map(|(i, _)| i).unwrap_or(s.len());
            body = &s[..cut];
        }
    }
    let total = spec.width.unwrap_or(0).max(len);
    let lpad = match align {
        '>' => total - len,
        '^' => (total - len) / 2,
        _ => 0,
    };
    let rpad = total - len - lpad;
    let mut out = String::with_capacity(total);
    out.extend(std::iter::repeat_n(fill, lpad));
    out.push_str(body);
    out.extend(std::iter::repeat_n(fill, rpad));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::pycheck::{hex, run, Answer};
    use super::*;
    use crate::numfmt::spec::parse_format_spec;

    fn ours_float(x: f64, spec: &str) -> Answer {
        let s = parse_format_spec(spec, "float").map_err(|m| ("ValueError".to_string(), m))?;
        format_float(x, &s).map_err(err_pair)
    }

    fn err_pair(e: FmtError) -> (String, String) {
        match e {
            FmtError::Value(m) => ("ValueError".into(), m),
            FmtError::Overflow(m) => ("OverflowError".into(), m),
        }
    }

    const FLOAT_SPECS: &[&str] = &[
        "",
        ".0",
        ".1",
        ".3",
        ".17",
        "10",
        "<10",
        "^11",
        "=+12",
        "010",
        "+",
        " ",
        "-",
        ",",
        "_",
        "e",
        ".0e",
        ".3e",
        "#.0e",
        "E",
        ".20e",
        "f",
        ".0f",
        ".2f",
        "#.0f",
        ".30f",
        "F",
        ",.2f",
        "_.3f",
        "015,.2f",
        "g",
        ".0g",
        ".1g",
        ".3g",
        "#g",
        "#.3g",
        "G",
        ".10G",
        "n",
        ".3n",
        "%",
        ".1%",
        ",%",
        "z",
        "z.1f",
        "z.0e",
        "z.3g",
        "z%",
        "+z.2f",
        "*^+15,.4e",
        "0=10.3",
        "#",
        "#.3",
        "#010.0f",
        "d",
        "s",
        "c",
        "x",
        "=",
        "1,.2",
        ".2,f",
        "x<12.5G",
    ];

    fn float_values() -> Vec<f64> {
        let mut v = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            1.5,
            2.5,
            2.675,
            0.125,
            1e22,
            1e16,
            1e15,
            1e20,
            0.0001,
            0.00001,
            123.456,
            -123.456,
            1234567.891,
            1e-300,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            -f64::NAN,
            0.1,
            1.0 / 3.0,
            -1e-9,
            999.9999,
            9.5,
            0.05,
            0.45,
            99999999999999999.0,
            std::f64::consts::PI,
            100.0,
            1e100,
            -2.5e-7,
        ];
        let mut seed = 0x1234_5678_9abc_def0u64;
        for _ in 0..60 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let x = f64::from_bits(seed);
            if x.is_finite() {
                v.push(x);
            }
            v.push(
                (seed >> 11) as f64 / (1u64 << 40) as f64 * if seed & 1 == 0 { 1.0 } else { -1e3 },
            );
        }
        v
    }

    #[test]
    fn float_format_matches_cpython() {
        let mut cases = Vec::new();
        for x in float_values() {
            for spec in FLOAT_SPECS {
                cases.push((x, *spec));
            }
        }
        let lines: Vec<String> = cases
            .iter()
            .map(|(x, s)| format!("{} {}", x.to_bits(), hex(s)))
            .collect();
        let want = run(
            "for l in sys.stdin:\n    b, s = l.split(' ')\n    ans(lambda: format(fbits(b), unhex(s.strip())))",
            &lines,
        );
        let mut bad = 0;
        for ((x, spec), w) in cases.iter().zip(want) {
            let got = ours_float(*x, spec);
            if got != w {
                bad += 1;
                eprintln!("format({x:e}, {spec:?}): got {got:?}, want {w:?}");
            }
        }
        assert_eq!(bad, 0);
    }

    const INT_SPECS: &[&str] = &[
        "", "d", "b", "o", "x", "X", "#b", "#o", "#x", "#X", "n", "c", ",", "_", "_b", "_x", "#_o",
        "010", "#010x", "#010_x", "0=15,", "<8", "^9", ">+7", " ", "+", "-", "e", ".2f", "%", "g",
        "G", ".3", ".2d", "z", "z.2d", "+c", "#c", ".2c", "05c", ",c", ",x", "_n", "s", "q",
        "x<12_X", "012,", "013,", "014_", "0=+20_b",
    ];

    #[test]
    fn int_format_matches_cpython() {
        let mut vals: Vec<BigInt> = [0i64, 1, -1, 7, 65, 255, -255, 1234, -98765, 1 << 40]
            .iter()
            .map(|v| BigInt::from(*v))
            .collect();
        vals.push(BigInt::from(10).pow(25));
        vals.push(-BigInt::from(3).pow(100));
        vals.push(BigInt::from(2).pow(1030));
        vals.push(BigInt::from(0x10ffff));
        vals.push(BigInt::from(0x110000));
        let mut cases = Vec::new();
        for v in &vals {
            for spec in INT_SPECS {
                cases.push((v.clone(), *spec));
            }
        }
        let lines: Vec<String> = cases
            .iter()
            .map(|(v, s)| format!("{v} {}", hex(s)))
            .collect();
        let want = run(
            "for l in sys.stdin:\n    b, s = l.split(' ')\n    ans(lambda: format(int(b), unhex(s.strip())))",
            &lines,
        );
        let mut bad = 0;
        for ((v, spec), w) in cases.iter().zip(want) {
            let got = parse_format_spec(spec, "int")
                .map_err(|m| ("ValueError".to_string(), m))
                .and_then(|s| format_int(v, &s).map_err(err_pair));
            if got != w {
                bad += 1;
                eprintln!("format({v}, {spec:?}): got {got:?}, want {w:?}");
            }
        }
        assert_eq!(bad, 0);
    }

    #[test]
    fn str_format_matches_cpython() {
        let specs = [
            "", "s", "10", "<10", ">10", "^10", "^11", "x^7.2", ".1", ".0", "05", "^05", "=5", "+",
            "z", "#", "+z#", "d", "é>6", "3.10", "é", "\u{0}<5",
        ];
        let vals = ["", "a", "ab", "hello world", "héllo", "日本語"];
        let mut cases = Vec::new();
        for v in vals {
            for s in specs {
                cases.push((v, s));
            }
        }
        let lines: Vec<String> = cases
            .iter()
            .map(|(v, s)| format!("{} {}", hex(v), hex(s)))
            .collect();
        let want = run(
            "for l in sys.stdin:\n    v, s = l.split(' ')\n    ans(lambda: format(unhex(v), unhex(s.strip())))",
            &lines,
        );
        let mut bad = 0;
        for ((v, spec), w) in cases.iter().zip(want) {
            let got = parse_format_spec(spec, "str")
                .and_then(|s| format_str(v, &s))
                .map_err(|m| ("ValueError".to_string(), m));
            if got != w {
                bad += 1;
                eprintln!("format({v:?}, {spec:?}): got {got:?}, want {w:?}");
            }
        }
        assert_eq!(bad, 0);
    }
}
