//! printf-style `%` formatting: parsing the template and rendering numbers and strings.

use num_bigint::BigInt;
use num_traits::Signed;

#[derive(Clone, Debug, Default)]
pub struct PercentSpec {
    pub key: Option<String>,
    pub left: bool,
    pub plus: bool,
    pub space: bool,
    pub zero: bool,
    pub alt: bool,
    pub width: Option<usize>,
    pub width_star: bool,
    pub precision: Option<usize>,
    pub precision_star: bool,
    pub conversion: char,
}

pub enum Piece {
    Literal(String),
    Spec(PercentSpec),
}

pub fn parse_percent(f: &str) -> Result<Vec<Piece>, String> {
    let cs: Vec<char> = f.chars().collect();
    let mut out = vec![];
    let mut lit = String::new();
    let mut i = 0;
    while i < cs.len() {
        if cs[i] != '%' {
            lit.push(cs[i]);
            i += 1;
            continue;
        }
        i += 1;
        let mut spec = PercentSpec::default();
        if i < cs.len() && cs[i] == '(' {
            let mut depth = 1;
            let start = i + 1;
            i += 1;
            while i < cs.len() && depth > 0 {
                if cs[i] == '(' {
                    depth += 1;
                } else if cs[i] == ')' {
                    depth -= 1;
                }
                i += 1;
            }
            if depth > 0 {
                return Err("incomplete format key".into());
            }
            spec.key = Some(cs[start..i - 1].iter().collect());
        }
        while i < cs.len() {
            match cs[i] {
                '-' => spec.left = true,
                '+' => spec.plus = true,
                ' ' => spec.space = true,
                '0' => spec.zero = true,
                '#' => spec.alt = true,
                _ => break,
            }
            i += 1;
        }
        if i < cs.len() && cs[i] == '*' {
            spec.width_star = true;
            i += 1;
        } else {
            let s = i;
            while i < cs.len() && cs[i].is_ascii_digit() {
                i += 1;
            }
            if i > s {
                spec.width = cs[s..i].iter().collect::<String>().parse().ok();
            }
        }
        if i < cs.len() && cs[i] == '.' {
            i += 1;
            if i < cs.len() && cs[i] == '*' {
                spec.precision_star = true;
                i += 1;
            } else {
                let s = i;
                while i < cs.len() && cs[i].is_ascii_digit() {
                    i += 1;
                }
                spec.precision = Some(cs[s..i].iter().collect::<String>().parse().unwrap_or(0));
            }
        }
        while i < cs.len() && matches!(cs[i], 'h' | 'l' | 'L') {
            i += 1;
        }
        if i >= cs.len() {
            return Err("incomplete format".into());
        }
        let c = cs[i];
        i += 1;
        if !"diouxXeEfFgGcrsa%".contains(c) {
            return Err(format!("unsupported format character '{c}' ({:#x}) at index {}", c as u32, i - 1));
        }
        spec.conversion = c;
        if c == '%' && spec.key.is_none() && spec.width.is_none() && !spec.width_star {
            lit.push('%');
            continue;
        }
        if !lit.is_empty() {
            out.push(Piece::Literal(std::mem::take(&mut lit)));
        }
        out.push(Piece::Spec(spec));
    }
    if !lit.is_empty() {
        out.push(Piece::Literal(lit));
    }
    Ok(out)
}

fn pad(body: String, sign: &str, spec: &PercentSpec, numeric: bool) -> String {
    let w = spec.width.unwrap_or(0);
    let len = body.chars().count() + sign.len();
    if len >= w {
        return format!("{sign}{body}");
    }
    let fill = w - len;
    if spec.left {
        format!("{sign}{body}{}", " ".repeat(fill))
    } else if spec.zero && numeric {
        format!("{sign}{}{body}", "0".repeat(fill))
    } else {
        format!("{}{sign}{body}", " ".repeat(fill))
    }
}

pub fn format_percent_int(v: &BigInt, spec: &PercentSpec) -> String {
    let sign = if v.is_negative() {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    };
    let a = v.abs();
    let (mut digits, prefix) = match spec.conversion {
        'o' => (a.to_str_radix(8), if spec.alt { "0o" } else { "" }),
        'x' => (a.to_str_radix(16), if spec.alt { "0x" } else { "" }),
        'X' => (a.to_str_radix(16).to_uppercase(), if spec.alt { "0X" } else { "" }),
        _ => (a.to_string(), ""),
    };
    if let Some(p) = spec.precision {
        while digits.len() < p {
            digits.insert(0, '0');
        }
    }
    let sign = format!("{sign}{prefix}");
    pad(digits, &sign, spec, true)
}

pub fn format_percent_float(x: f64, spec: &PercentSpec) -> String {
    use crate::numfmt::dtoa::{double_to_string, DtsFlags};
    let prec = spec.precision.unwrap_or(6);
    let body = if x.is_nan() || x.is_infinite() {
        let s = if x.is_nan() { "nan" } else { "inf" };
        if spec.conversion.is_uppercase() { s.to_uppercase() } else { s.to_string() }
    } else {
        let flags = DtsFlags { alt: spec.alt, ..Default::default() };
        double_to_string(x.abs(), spec.conversion, prec, flags)
    };
    let neg = x.is_sign_negative() && !x.is_nan();
    let sign = if neg {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    };
    pad(body, sign, spec, x.is_finite())
}

pub fn pad_percent_str(s: &str, spec: &PercentSpec) -> String {
    let s: String = match spec.precision {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
    };
    pad(s, "", spec, false)
}
