//! Python `repr()` of constants, as the disassembler shows them.
//!
//! Code objects print as `<code object NAME at 0xADDR, file "FILE", line N>`; the address is
//! supplied by the caller (the disassembler numbers code objects so its output is stable).

use crate::numfmt::float_repr;
use crate::pyc::{CodeObject, Const};

pub use crate::numfmt::parse::{is_printable, str_repr};

/// `repr(b)` for bytes.
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::with_capacity(b.len() + 3);
    out.push('b');
    out.push(quote as char);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote as char);
    out
}

/// A float formatted with `repr`'s digits but without the `.0` that repr adds to integral
/// values (`PyOS_double_to_string(x, 'r', 0, 0)`), as complex repr uses it.
fn float_digits(x: f64) -> String {
    let s = float_repr(x);
    match s.strip_suffix(".0") {
        Some(t) => t.to_string(),
        None => s,
    }
}

/// `repr(complex(re, im))`.
pub fn complex_repr(re: f64, im: f64) -> String {
    if re == 0.0 && re.is_sign_positive() {
        format!("{}j", float_digits(im))
    } else {
        let mut imag = float_digits(im);
        if !imag.starts_with('-') {
            imag.insert(0, '+');
        }
        format!("({}{}j)", float_digits(re), imag)
    }
}

/// `repr(code)` with the given fake address.
pub fn code_repr(code: &CodeObject, addr: u64) -> String {
    format!(
        "<code object {} at {:#x}, file \"{}\", line {}>",
        code.name, addr, code.filename, code.firstlineno
    )
}

/// `repr()` of a constant; `code_addr` gives the address printed for a nested code object.
pub fn const_repr(c: &Const, code_addr: &mut dyn FnMut(&CodeObject) -> u64) -> String {
    fn items(out: &mut String, xs: &[Const], code_addr: &mut dyn FnMut(&CodeObject) -> u64) {
        for (i, x) in xs.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&const_repr(x, code_addr));
        }
    }
    match c {
        Const::None => "None".into(),
        Const::StopIteration => "<class 'StopIteration'>".into(),
        Const::Ellipsis => "Ellipsis".into(),
        Const::Bool(true) => "True".into(),
        Const::Bool(false) => "False".into(),
        Const::Int(i) => i.to_string(),
        Const::BigInt(i) => i.to_string(),
        Const::Float(f) => float_repr(*f),
        Const::Complex(re, im) => complex_repr(*re, *im),
        Const::Str(s) => str_repr(s),
        Const::Bytes(b) => bytes_repr(b),
        Const::Tuple(xs) => {
            let mut out = String::from("(");
            items(&mut out, xs, code_addr);
            if xs.len() == 1 {
                out.push(',');
            }
            out.push(')');
            out
        }
        Const::List(xs) => {
            let mut out = String::from("[");
            items(&mut out, xs, code_addr);
            out.push(']');
            out
        }
        Const::Set(xs) | Const::FrozenSet(xs) if xs.is_empty() => {
            if matches!(c, Const::Set(_)) {
                "set()".into()
            } else {
                "frozenset()".into()
            }
        }
        Const::Set(xs) => {
            let mut out = String::from("{");
            items(&mut out, xs, code_addr);
            out.push('}');
            out
        }
        Const::FrozenSet(xs) => {
            let mut out = String::from("frozenset({");
            items(&mut out, xs, code_addr);
            out.push_str("})");
            out
        }
        Const::Dict(kvs) => {
            let mut out = String::from("{");
            for (i, (k, v)) in kvs.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&const_repr(k, code_addr));
                out.push_str(": ");
                out.push_str(&const_repr(v, code_addr));
            }
            out.push('}');
            out
        }
        Const::Code(code) => {
            let addr = code_addr(code);
            code_repr(code, addr)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::testutil::python;
    use crate::numfmt::unicode_tables::NON_PRINTABLE;

    #[test]
    fn printable_table_matches_python() {
        let script = r#"
rs=[];s=None
for c in range(0x110000):
    np=not chr(c).isprintable()
    if np and s is None: s=c
    if not np and s is not None: rs.append((s,c-1)); s=None
if s is not None: rs.append((s,0x10ffff))
for a, b in rs: print(a, b)
"#;
        let expected: String = NON_PRINTABLE
            .iter()
            .map(|(a, b)| format!("{a} {b}\n"))
            .collect();
        assert_eq!(python(script), expected);
        assert!(is_printable('a') && is_printable('日') && !is_printable('\u{10ffff}'));
        assert!(!is_printable('\0') && is_printable(' '));
    }

    #[test]
    fn reprs_match_python() {
        let strs = [
            "",
            "a'b",
            "a\"b",
            "a'\"b",
            "tab\there\nnl\r\\",
            "\x00\x1f\x7f\u{80}\u{a0}\u{ad}é",
            "日本語",
            "\u{2028}\u{feff}\u{e000}",
            "😀\u{10ffff}",
        ];
        let floats = [
            0.0,
            -0.0,
            1.5,
            1e16,
            1e-5,
            f64::INFINITY,
            f64::NAN,
            123456789.0,
        ];
        let mut script = String::from(
            "import struct\ndef f(b): return struct.unpack('<d', b.to_bytes(8, 'little'))[0]\n",
        );
        let mut expected = String::new();
        for s in strs {
            let esc: String = s.chars().map(|c| format!("\\U{:08x}", c as u32)).collect();
            script.push_str(&format!("print(repr('{esc}'))\n"));
            script.push_str(&format!("print(repr('{esc}'.encode('utf-8')))\n"));
            expected.push_str(&str_repr(s));
            expected.push('\n');
            expected.push_str(&bytes_repr(s.as_bytes()));
            expected.push('\n');
        }
        for re in floats {
            for im in floats {
                script.push_str(&format!(
                    "print(repr(complex(f({:#x}), f({:#x}))))\n",
                    re.to_bits(),
                    im.to_bits()
                ));
                expected.push_str(&complex_repr(re, im));
                expected.push('\n');
            }
        }
        assert_eq!(python(&script), expected);
    }
}
