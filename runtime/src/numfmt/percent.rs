//! printf-style `str % args` formatting (CPython's `PyUnicode_Format`): parsing a format
//! string into literal text and conversion specs, and rendering ints, floats and already
//! converted strings under one spec. Fetching arguments (including `*` widths and
//! `%(key)s` lookups) and calling `str()`/`repr()`/`ascii()` is the caller's job.
//!
//! Order of errors as in CPython: parse errors (`incomplete format`, ...) come first; an
//! unsupported conversion char is only reported after its argument was fetched, so the
//! parser keeps it and [`PercentSpec::unsupported_error`] builds the message.

use num_bigint::{BigInt, Sign};
use num_traits::Signed;

use super::dtoa::{double_to_string, DtsFlags};

/// A width or precision: absent, literal, or `*` (taken from the argument tuple).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Value(usize),
    Star,
}

/// One `%...` conversion.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PercentSpec {
    /// `%(key)s` mapping key.
    pub key: Option<String>,
    /// `-`: left-justify.
    pub left: bool,
    /// `+`: always a sign.
    pub plus: bool,
    /// ` `: a space for non-negative numbers.
    pub blank: bool,
    /// `#`: alternate form.
    pub alt: bool,
    /// `0`: zero padding (numbers).
    pub zero: bool,
    pub width: Option<Count>,
    pub precision: Option<Count>,
    /// The conversion char; may be unsupported (see [`PercentSpec::unsupported_error`]).
    pub conv: char,
    /// Char index of `conv` in the format string (for the error message).
    pub conv_index: usize,
}

/// A piece of a parsed `%` format string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Literal(String),
    Spec(PercentSpec),
}

impl PercentSpec {
    /// ValueError text if `conv` is not one of `d i o u x X e E f F g G c r s a`.
    pub fn unsupported_error(&self) -> Option<String> {
        if "diouxXeEfFgGcrsa".contains(self.conv) {
            return None;
        }
        let c = self.conv as u32;
        let shown = if (31..=126).contains(&c) {
            self.conv
        } else {
            '?'
        };
        Some(format!(
            "unsupported format character '{}' (0x{:x}) at index {}",
            shown, c, self.conv_index
        ))
    }

    /// Apply a `*` width fetched by the caller: a negative width means left-justify.
    pub fn set_star_width(&mut self, w: i64) {
        if w < 0 {
            self.left = true;
        }
        self.width = Some(Count::Value(w.unsigned_abs() as usize));
    }

    /// Apply a `*` precision fetched by the caller (negative becomes 0).
    pub fn set_star_precision(&mut self, p: i64) {
        self.precision = Some(Count::Value(p.max(0) as usize));
    }

    pub fn width_value(&self) -> usize {
        match self.width {
            Some(Count::Value(w)) => w,
            _ => 0,
        }
    }

    fn precision_value(&self) -> Option<usize> {
        match self.precision {
            Some(Count::Value(p)) => Some(p),
            _ => None,
        }
    }
}

/// Parse a `%` format string. Errors are CPython's ValueError messages.
pub fn parse_percent(fmt: &str) -> Result<Vec<Piece>, String> {
    let chars: Vec<char> = fmt.chars().collect();
    let n = chars.len();
    let mut pieces = Vec::new();
    let mut lit = String::new();
    let mut i = 0;
    while i < n {
        if chars[i] != '%' {
            lit.push(chars[i]);
            i += 1;
            continue;
        }
        i += 1;
        if i < n && chars[i] == '%' {
            lit.push('%');
            i += 1;
            continue;
        }
        if !lit.is_empty() {
            pieces.push(Piece::Literal(std::mem::take(&mut lit)));
        }
        let mut spec = PercentSpec::default();
        if i < n && chars[i] == '(' {
            let mut depth = 1;
            i += 1;
            let start = i;
            while i < n && depth > 0 {
                match chars[i] {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            if depth > 0 {
                return Err("incomplete format key".into());
            }
            spec.key = Some(chars[start..i - 1].iter().collect());
        }
        while i < n {
            match chars[i] {
                '-' => spec.left = true,
                '+' => spec.plus = true,
                ' ' => spec.blank = true,
                '#' => spec.alt = true,
                '0' => spec.zero = true,
                _ => break,
            }
            i += 1;
        }
        let read_int = |i: &mut usize, what: &str| -> Result<usize, String> {
            let mut v: usize = 0;
            while *i < n && chars[*i].is_ascii_digit() {
                let d = chars[*i] as usize - '0' as usize;
                if v > (isize::MAX as usize - d) / 10 {
                    return Err(format!("{what} too big"));
                }
                v = v * 10 + d;
                *i += 1;
            }
            Ok(v)
        };
        if i < n && chars[i] == '*' {
            spec.width = Some(Count::Star);
            i += 1;
        } else if i < n && chars[i].is_ascii_digit() {
            spec.width = Some(Count::Value(read_int(&mut i, "width")?));
        }
        if i < n && chars[i] == '.' {
            i += 1;
            if i < n && chars[i] == '*' {
                spec.precision = Some(Count::Star);
                i += 1;
            } else {
                spec.precision = Some(Count::Value(read_int(&mut i, "precision")?));
            }
        }
        if i < n && matches!(chars[i], 'h' | 'l' | 'L') {
            i += 1;
        }
        if i >= n {
            return Err("incomplete format".into());
        }
        spec.conv = chars[i];
        spec.conv_index = i;
        i += 1;
        pieces.push(Piece::Spec(spec));
    }
    if !lit.is_empty() {
        pieces.push(Piece::Literal(lit));
    }
    Ok(pieces)
}

/// Lay out `[sign][prefix]body` under width and the `-`/`0` flags.
fn layout_number(negative: bool, prefix: &str, body: &str, spec: &PercentSpec) -> String {
    let sign = if negative {
        Some('-')
    } else if spec.plus {
        Some('+')
    } else if spec.blank {
        Some(' ')
    } else {
        None
    };
    let len = sign.is_some() as usize + prefix.len() + body.chars().count();
    let pad = spec.width_value().saturating_sub(len);
    let mut out = String::with_capacity(len + pad);
    if spec.left {
        out.extend(sign);
        out.push_str(prefix);
        out.push_str(body);
        out.extend(std::iter::repeat_n(' ', pad));
    } else if spec.zero {
        out.extend(sign);
        out.push_str(prefix);
        out.extend(std::iter::repeat_n('0', pad));
        out.push_str(body);
    } else {
        out.extend(std::iter::repeat_n(' ', pad));
        out.extend(sign);
        out.push_str(prefix);
        out.push_str(body);
    }
    out
}

/// `%d %i %u %o %x %X` of an int (the caller converts floats etc. with `int()` first).
pub fn format_percent_int(v: &BigInt, spec: &PercentSpec) -> String {
    let (radix, prefix) = match spec.conv {
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = v.abs().to_str_radix(radix);
    if spec.conv == 'X' {
        digits.make_ascii_uppercase();
    }
    if let Some(p) = spec.precision_value() {
        if p > digits.len() {
            digits = "0".repeat(p - digits.len()) + &digits;
        }
    }
    let prefix = if spec.alt { prefix } else { "" };
    layout_number(v.sign() == Sign::Minus, prefix, &digits, spec)
}

/// `%e %E %f %F %g %G` of a float (default precision 6).
pub fn format_percent_float(x: f64, spec: &PercentSpec) -> String {
    let prec = spec.precision_value().unwrap_or(6);
    let flags = DtsFlags {
        alt: spec.alt,
        ..Default::default()
    };
    let s = double_to_string(x, spec.conv, prec, flags);
    let (negative, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.as_str()),
    };
    layout_number(negative, "", body, spec)
}

/// `%s %r %a` (precision truncates) and `%c` (given the one-char string) padding.
pub fn pad_percent_str(s: &str, spec: &PercentSpec) -> String {
    let mut body = s;
    if spec.conv != 'c' {
        if let Some(p) = spec.precision_value() {
            if let Some((cut, _)) = s.char_indices().nth(p) {
                body = &s[..cut];
            }
        }
    }
    let len = body.chars().count();
    let pad = spec.width_value().saturating_sub(len);
    let spaces = " ".repeat(pad);
    if spec.left {
        format!("{body}{spaces}")
    } else {
        format!("{spaces}{body}")
    }
}

#[cfg(test)]
mod tests {
    use super::super::pycheck::{hex, run};
    use super::*;

    /// Render `fmt % arg` for a single-conversion format the way a caller would.
    fn render(fmt: &str, arg: &str) -> Result<String, (String, String)> {
        let pieces = parse_percent(fmt).map_err(|m| ("ValueError".to_string(), m))?;
        let mut out = String::new();
        for p in pieces {
            match p {
                Piece::Literal(s) => out.push_str(&s),
                Piece::Spec(spec) => {
                    if let Some(m) = spec.unsupported_error() {
                        return Err(("ValueError".into(), m));
                    }
                    let s = match spec.conv {
                        'd' | 'i' | 'u' | 'o' | 'x' | 'X' => {
                            format_percent_int(&arg.parse::<BigInt>().unwrap(), &spec)
                        }
                        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                            format_percent_float(arg.parse::<f64>().unwrap(), &spec)
                        }
                        'c' => pad_percent_str(
                            &char::from_u32(arg.parse::<u32>().unwrap())
                                .unwrap()
                                .to_string(),
                            &spec,
                        ),
                        _ => pad_percent_str(arg, &spec),
                    };
                    out.push_str(&s);
                }
            }
        }
        Ok(out)
    }

    #[test]
    fn percent_matches_cpython() {
        let int_fmts = [
            "%d", "%5d", "%-5d", "%05d", "%+05d", "% 5d", "%.5d", "%-05d", "%0-8d", "%x", "%#08x",
            "%#-8x", "%#8X", "%#o", "%#.5x", "%#5.3o", "%+#x", "% #x", "%i", "%u", "%ld", "%hd",
            "%Ld", "a%db", "%(k)d", "%#X", "%3.1d",
        ];
        let ints = [
            "0",
            "1",
            "-1",
            "42",
            "-42",
            "255",
            "-255",
            "8",
            "123456789012345678901234567890",
        ];
        let float_fmts = [
            "%f", "%e", "%g", "%E", "%G", "%F", "%.0f", "%#.0f", "%#.3g", "%.3g", "%010f",
            "%-010f", "%+f", "% e", "%-+08.3e", "%10.4g", "%#g", "%.20e", "%.0e", "%#.0e",
            "%08.2f",
        ];
        let floats = [
            "0.0", "-0.0", "1.0", "2.5", "-1.5", "1e20", "123.456", "1e-5", "inf", "-inf", "nan",
            "2.675", "1e300",
        ];
        let str_fmts = [
            "%s", "%5s", "%-5s", "%.1s", "%5.2r", "%.0s", "%c", "%5c", "%-5.1c", "%a",
        ];
        let strs = ["abc", "", "héllo"];
        let bad = ["%q", "%\u{1}", "%é", "%(a", "%", "%5", "%.", "x%5%"];
        let mut cases: Vec<(String, String, &str)> = Vec::new();
        for f in int_fmts {
            for v in ints {
                cases.push((f.into(), v.into(), "int"));
            }
        }
        for f in float_fmts {
            for v in floats {
                cases.push((f.into(), v.into(), "float"));
            }
        }
        for f in str_fmts {
            for v in strs {
                let arg = if f.ends_with('c') {
                    "65".to_string()
                } else {
                    v.to_string()
                };
                let kind = if f.ends_with('c') {
                    "int"
                } else if f.ends_with('r') || f.ends_with('a') {
                    "repr"
                } else {
                    "str"
                };
                cases.push((f.into(), arg, kind));
            }
        }
        for f in bad {
            cases.push((f.into(), "1".into(), "int"));
        }
        let lines: Vec<String> = cases
            .iter()
            .map(|(f, v, k)| format!("{} {} {k}", hex(f), hex(v)))
            .collect();
        let script = "for l in sys.stdin:\n    f, v, k = l.rstrip('\\n').split(' ')\n    f = unhex(f); v = unhex(v)\n    \
                      a = int(v) if k == 'int' else float(v) if k == 'float' else v\n    \
                      ans(lambda: f % ({'k': a} if '(' in f else a))";
        let want = run(script, &lines);
        let mut nbad = 0;
        for ((f, v, k), w) in cases.iter().zip(want) {
            // The caller does repr()/ascii() of objects; emulate for plain ASCII-safe strs.
            let arg = if *k == "repr" {
                if f.ends_with('a') && v.contains('é') {
                    "'h\\xe9llo'".to_string()
                } else {
                    format!("'{v}'")
                }
            } else {
                v.clone()
            };
            let got = render(f, &arg);
            if got != w {
                nbad += 1;
                eprintln!("{f:?} % {v}: got {got:?}, want {w:?}");
            }
        }
        assert_eq!(nbad, 0);
    }
}
