//! The built-in codecs' functions (`utf_8_decode`, `charmap_encode`, the escape codecs,
//! UTF-16/32) and the standard error handlers (`strict_errors`...).

use super::Kw;
use crate::builtins::{bind, codecs as native};
use crate::object::NativeFn;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// The handlers `lookup_error` knows from the start: (registry name, function name).
pub const ERROR_HANDLERS: &[((&str, &str), NativeFn)] = &[
    (("strict", "strict_errors"), strict_errors),
    (("ignore", "ignore_errors"), ignore_errors),
    (("replace", "replace_errors"), replace_errors),
    (
        ("backslashreplace", "backslashreplace_errors"),
        backslashreplace_errors,
    ),
    (
        ("xmlcharrefreplace", "xmlcharrefreplace_errors"),
        xmlcharrefreplace_errors,
    ),
    // Both would make or take lone surrogates, which this runtime's str cannot hold: they
    // fail as strict does.
    (("surrogateescape", "surrogateescape"), strict_errors),
    (("surrogatepass", "surrogatepass"), strict_errors),
];

fn errors_arg(vm: &Vm, v: &Option<Value>) -> PyResult<String> {
    match v {
        Some(v) if !v.is_none() => v
            .as_str()
            .map(|s| s.as_str().to_string())
            .ok_or_else(|| vm.type_error("errors must be str or None")),
        _ => Ok("strict".to_string()),
    }
}

fn text_arg(vm: &Vm, v: &Option<Value>, fname: &str) -> PyResult<String> {
    match v.as_ref().and_then(|v| v.as_str()) {
        Some(s) => Ok(s.as_str().to_string()),
        None => {
            let tn = v
                .as_ref()
                .map_or("NoneType".to_string(), |v| vm.type_name(v));
            Err(vm.type_error(format!("{fname}() argument 1 must be str, not {tn}")))
        }
    }
}

fn data_arg(vm: &Vm, v: &Option<Value>, str_ok: bool) -> PyResult<Vec<u8>> {
    let v = v.clone().unwrap_or(Value::NONE);
    if let Some(s) = v.as_str() {
        if str_ok {
            return Ok(s.as_str().as_bytes().to_vec());
        }
    }
    v.as_str()
        .is_none()
        .then(|| v.bytes_data())
        .flatten()
        .ok_or_else(|| {
            let tn = vm.type_name(&v);
            vm.type_error(format!("a bytes-like object is required, not '{tn}'"))
        })
}

fn flag(vm: &mut Vm, v: &Option<Value>, default: bool) -> PyResult<bool> {
    match v {
        Some(v) => vm.is_true(v),
        None => Ok(default),
    }
}

fn pair(a: Value, n: usize) -> Value {
    Value::tuple(vec![a, Value::int(n as i64)])
}

fn encode_with(vm: &mut Vm, args: &[Value], kw: Kw, fname: &str, enc: &str) -> PyResult<Value> {
    let [s, e] = bind(vm, fname, args, kw, ["str", "errors"], 1)?;
    let text = text_arg(vm, &s, fname)?;
    let errors = errors_arg(vm, &e)?;
    let out = native::encode(vm, &text, enc, &errors)?;
    Ok(pair(Value::bytes(out), text.chars().count()))
}

pub fn utf_8_encode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    encode_with(vm, args, kw, "utf_8_encode", "utf-8")
}

pub fn latin_1_encode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    encode_with(vm, args, kw, "latin_1_encode", "latin-1")
}

pub fn ascii_encode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    encode_with(vm, args, kw, "ascii_encode", "ascii")
}

pub fn utf_8_decode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [d, e, f] = bind(vm, "utf_8_decode", args, kw, ["data", "errors", "final"], 1)?;
    let data = data_arg(vm, &d, false)?;
    let errors = errors_arg(vm, &e)?;
    let last = flag(vm, &f, false)?;
    let keep = if last {
        0
    } else {
        crate::modules::io::textio::incomplete_tail(&data)
    };
    let used = data.len() - keep;
    let s = native::decode(vm, &data[..used], "utf-8", &errors)?;
    Ok(pair(Value::string(s), used))
}

fn decode_with(vm: &mut Vm, args: &[Value], kw: Kw, fname: &str, enc: &str) -> PyResult<Value> {
    let [d, e] = bind(vm, fname, args, kw, ["data", "errors"], 1)?;
    let data = data_arg(vm, &d, false)?;
    let errors = errors_arg(vm, &e)?;
    let s = native::decode(vm, &data, enc, &errors)?;
    Ok(pair(Value::string(s), data.len()))
}

pub fn latin_1_decode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    decode_with(vm, args, kw, "latin_1_decode", "latin-1")
}

pub fn ascii_decode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    decode_with(vm, args, kw, "ascii_decode", "ascii")
}

pub fn readbuffer_encode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [d, _] = bind(vm, "readbuffer_encode", args, kw, ["data", "errors"], 1)?;
    let data = data_arg(vm, &d, true)?;
    let n = data.len();
    Ok(pair(Value::bytes(data), n))
}

fn unicode_error(
    vm: &Vm,
    decode: bool,
    enc: &str,
    obj: Value,
    start: usize,
    end: usize,
    reason: &str,
) -> Value {
    let cls = if decode {
        vm.exc.unicode_decode_error.clone()
    } else {
        vm.exc.unicode_encode_error.clone()
    };
    crate::builtins::exc_methods::unicode_error(
        vm,
        &cls,
        [
            Value::str(enc),
            obj,
            Value::int(start as i64),
            Value::int(end as i64),
            Value::str(reason),
        ],
    )
}

/// What a handler does with a run of bad input, for the handlers the runtime implements
/// (others are unknown names here).
fn bad_decode(vm: &Vm, errors: &str, out: &mut String, bad: &[u8]) -> PyResult<bool> {
    match errors {
        "strict" | "surrogateescape" | "surrogatepass" => Ok(false),
        "ignore" => Ok(true),
        "replace" => {
            out.push('\u{fffd}');
            Ok(true)
        }
        "backslashreplace" => {
            for b in bad {
                out.push_str(&format!("\\x{b:02x}"));
            }
            Ok(true)
        }
        _ => Err(vm.new_error(
            &vm.exc.lookup_error.clone(),
            &format!("unknown error handler name '{errors}'"),
        )),
    }
}

fn bad_encode(vm: &Vm, errors: &str, out: &mut Vec<u8>, c: char) -> PyResult<bool> {
    match errors {
        "strict" | "surrogateescape" | "surrogatepass" => Ok(false),
        "ignore" => Ok(true),
        "replace" => {
            out.push(b'?');
            Ok(true)
        }
        "backslashreplace" => {
            out.extend_from_slice(native::char_escape(c).as_bytes());
            Ok(true)
        }
        "xmlcharrefreplace" => {
            out.extend_from_slice(format!("&#{};", c as u32).as_bytes());
            Ok(true)
        }
        _ => Err(vm.new_error(
            &vm.exc.lookup_error.clone(),
            &format!("unknown error handler name '{errors}'"),
        )),
    }
}

pub fn charmap_build(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [m] = bind(vm, "charmap_build", args, kw, ["map"], 1)?;
    let table = text_arg(vm, &m, "charmap_build")?;
    let d = Value::dict(crate::object::Dict::new());
    for (i, c) in table.chars().enumerate() {
        vm.dict_set(&d, Value::int(c as i64), Value::int(i as i64))?;
    }
    Ok(d)
}

pub fn charmap_decode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [d, e, m] = bind(
        vm,
        "charmap_decode",
        args,
        kw,
        ["data", "errors", "mapping"],
        1,
    )?;
    let data = data_arg(vm, &d, false)?;
    let errors = errors_arg(vm, &e)?;
    let mapping = m.filter(|m| !m.is_none());
    let Some(mapping) = mapping else {
        let s = native::decode(vm, &data, "latin-1", &errors)?;
        return Ok(pair(Value::string(s), data.len()));
    };
    let table: Option<Vec<char>> = mapping.as_str().map(|s| s.as_str().chars().collect());
    let mut out = String::with_capacity(data.len());
    for (i, &b) in data.iter().enumerate() {
        let mapped: Option<String> = match &table {
            Some(t) => t
                .get(b as usize)
                .filter(|&&c| c != '\u{fffe}')
                .map(|c| c.to_string()),
            None => {
                let r = match vm.getitem(&mapping, &Value::int(b as i64)) {
                    Ok(r) => r,
                    Err(e) if vm.isinstance(&e, &vm.exc.lookup_error.clone()) => Value::NONE,
                    Err(e) => return Err(e),
                };
                if r.is_none() {
                    None
                } else if let Some(s) = r.as_str() {
                    Some(s.as_str().to_string()).filter(|s| s != "\u{fffe}")
                } else {
                    let n = vm.index_value(&r, "mapping")?;
                    match char::from_u32(n as u32).filter(|_| (0..0x110000).contains(&n)) {
                        Some(c) => Some(c.to_string()).filter(|s| s != "\u{fffe}"),
                        None => {
                            return Err(
                                vm.type_error("character mapping must be in range(0x110000)")
                            )
                        }
                    }
                }
            }
        };
        match mapped {
            Some(s) => out.push_str(&s),
            None => {
                if !bad_decode(vm, &errors, &mut out, &[b])? {
                    let obj = Value::bytes(data.clone());
                    return Err(unicode_error(
                        vm,
                        true,
                        "charmap",
                        obj,
                        i,
                        i + 1,
                        "character maps to <undefined>",
                    ));
                }
            }
        }
    }
    Ok(pair(Value::string(out), data.len()))
}

pub fn charmap_encode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [s, e, m] = bind(
        vm,
        "charmap_encode",
        args,
        kw,
        ["str", "errors", "mapping"],
        1,
    )?;
    let text = text_arg(vm, &s, "charmap_encode")?;
    let errors = errors_arg(vm, &e)?;
    let n = text.chars().count();
    let Some(mapping) = m.filter(|m| !m.is_none()) else {
        return Ok(pair(
            Value::bytes(native::encode(vm, &text, "latin-1", &errors)?),
            n,
        ));
    };
    let mut out = Vec::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        let r = match vm.getitem(&mapping, &Value::int(c as i64)) {
            Ok(r) => r,
            Err(e) if vm.isinstance(&e, &vm.exc.lookup_error.clone()) => Value::NONE,
            Err(e) => return Err(e),
        };
        if r.is_none() {
            if !bad_encode(vm, &errors, &mut out, c)? {
                return Err(unicode_error(
                    vm,
                    false,
                    "charmap",
                    Value::str(&text),
                    i,
                    i + 1,
                    "character maps to <undefined>",
                ));
            }
        } else if let Some(b) = r.bytes_data().filter(|_| r.as_str().is_none()) {
            out.extend_from_slice(&b);
        } else {
            let v = vm.index_value(&r, "mapping")?;
            if !(0..256).contains(&v) {
                return Err(vm.type_error("character mapping must be in range(256)"));
            }
            out.push(v as u8);
        }
    }
    Ok(pair(Value::bytes(out), n))
}

/// `unicode_escape` (`raw`: `raw_unicode_escape`) encoding.
fn escape_text(text: &str, raw: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let n = c as u32;
        match c {
            _ if raw && n < 0x100 => out.push(n as u8),
            _ if raw && n < 0x10000 => out.extend_from_slice(format!("\\u{n:04x}").as_bytes()),
            _ if raw => out.extend_from_slice(format!("\\U{n:08x}").as_bytes()),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            _ if (0x20..0x7f).contains(&n) => out.push(n as u8),
            _ => out.extend_from_slice(native::char_escape(c).as_bytes()),
        }
    }
    out
}

pub fn unicode_escape_encode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [s, _] = bind(vm, "unicode_escape_encode", args, kw, ["str", "errors"], 1)?;
    let text = text_arg(vm, &s, "unicode_escape_encode")?;
    Ok(pair(
        Value::bytes(escape_text(&text, false)),
        text.chars().count(),
    ))
}

pub fn raw_unicode_escape_encode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [s, _] = bind(
        vm,
        "raw_unicode_escape_encode",
        args,
        kw,
        ["str", "errors"],
        1,
    )?;
    let text = text_arg(vm, &s, "raw_unicode_escape_encode")?;
    Ok(pair(
        Value::bytes(escape_text(&text, true)),
        text.chars().count(),
    ))
}

/// One escape's outcome: `Ok(None)` when non-final input ends inside it, else the
/// character it stands for (none for a line continuation) and its length; `Err` the end
/// of a malformed escape and why.
type Step = Result<Option<(Option<char>, usize)>, (usize, String)>;

/// Decodes `unicode_escape` (or, `raw`, `raw_unicode_escape`: only `\uXXXX` and
/// `\UXXXXXXXX`); returns the text and the bytes consumed (an escape cut short at the end
/// of non-final input is left for later).
fn unescape(
    vm: &Vm,
    data: &[u8],
    errors: &str,
    raw: bool,
    last: bool,
) -> PyResult<(String, usize)> {
    let enc = if raw {
        "rawunicodeescape"
    } else {
        "unicodeescape"
    };
    let mut out = String::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        if b != b'\\' {
            out.push(b as char);
            i += 1;
            continue;
        }
        let Some(&k) = data.get(i + 1) else {
            if !last {
                return Ok((out, i));
            }
            if raw {
                out.push('\\');
                i += 1;
                continue;
            }
            return Err(unicode_error(
                vm,
                true,
                enc,
                Value::bytes(data.to_vec()),
                i,
                i + 1,
                "\\ at end of string",
            ));
        };
        let hex = |len: usize, what: &str| -> Result<Option<(u32, usize)>, (usize, String)> {
            let digits = data.get(i + 2..i + 2 + len);
            match digits {
                Some(d) if d.iter().all(u8::is_ascii_hexdigit) => {
                    let s = std::str::from_utf8(d).unwrap_or("0");
                    Ok(Some((u32::from_str_radix(s, 16).unwrap_or(0), 2 + len)))
                }
                None if !last && data[i + 2..].iter().all(u8::is_ascii_hexdigit) => Ok(None),
                _ => {
                    let end = (i + 2..data.len().min(i + 2 + len))
                        .find(|&j| !data[j].is_ascii_hexdigit())
                        .unwrap_or(data.len().min(i + 2 + len));
                    Err((end, format!("truncated {what} escape")))
                }
            }
        };
        let step: Step = match k {
            b'u' => hex(4, "\\uXXXX").map(|r| r.map(|(n, l)| (char::from_u32(n), l))),
            b'U' => hex(8, "\\UXXXXXXXX").and_then(|r| match r {
                Some((n, l)) => match char::from_u32(n) {
                    Some(c) => Ok(Some((Some(c), l))),
                    None => Err((i + l, "illegal Unicode character".to_string())),
                },
                None => Ok(None),
            }),
            _ if raw => Ok(Some((Some('\\'), 1))),
            b'x' => hex(2, "\\xXX").map(|r| r.map(|(n, l)| (char::from_u32(n), l))),
            b'\n' => Ok(Some((None, 2))),
            b'\\' => Ok(Some((Some('\\'), 2))),
            b'\'' => Ok(Some((Some('\''), 2))),
            b'"' => Ok(Some((Some('"'), 2))),
            b'a' => Ok(Some((Some('\x07'), 2))),
            b'b' => Ok(Some((Some('\x08'), 2))),
            b'f' => Ok(Some((Some('\x0c'), 2))),
            b'n' => Ok(Some((Some('\n'), 2))),
            b'r' => Ok(Some((Some('\r'), 2))),
            b't' => Ok(Some((Some('\t'), 2))),
            b'v' => Ok(Some((Some('\x0b'), 2))),
            b'0'..=b'7' => {
                let mut n = 0u32;
                let mut l = 1;
                while l <= 3 && i + l < data.len() && (b'0'..=b'7').contains(&data[i + l]) {
                    n = n * 8 + (data[i + l] - b'0') as u32;
                    l += 1;
                }
                Ok(Some((char::from_u32(n), l)))
            }
            _ => Ok(Some((None, 0))),
        };
        match step {
            Ok(None) => return Ok((out, i)),
            Ok(Some((_, 0))) => {
                // An unknown escape stays as it is.
                out.push('\\');
                i += 1;
            }
            Ok(Some((c, l))) => {
                if let Some(c) = c {
                    out.push(c);
                }
                i += l;
            }
            Err((end, reason)) => {
                if !bad_decode(vm, errors, &mut out, &data[i..end])? {
                    return Err(unicode_error(
                        vm,
                        true,
                        enc,
                        Value::bytes(data.to_vec()),
                        i,
                        end,
                        &reason,
                    ));
                }
                i = end;
            }
        }
    }
    Ok((out, data.len()))
}

fn unescape_fn(vm: &mut Vm, args: &[Value], kw: Kw, fname: &str, raw: bool) -> PyResult<Value> {
    let [d, e, f] = bind(vm, fname, args, kw, ["data", "errors", "final"], 1)?;
    let data = data_arg(vm, &d, true)?;
    let errors = errors_arg(vm, &e)?;
    let last = flag(vm, &f, true)?;
    let (s, n) = unescape(vm, &data, &errors, raw, last)?;
    Ok(pair(Value::string(s), n))
}

pub fn unicode_escape_decode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    unescape_fn(vm, args, kw, "unicode_escape_decode", false)
}

pub fn raw_unicode_escape_decode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    unescape_fn(vm, args, kw, "raw_unicode_escape_decode", true)
}

/// `escape_encode(bytes)`: the bytes as a bytes literal's body.
pub fn escape_encode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [d, _] = bind(vm, "escape_encode", args, kw, ["data", "errors"], 1)?;
    let d = d.unwrap_or(Value::NONE);
    let Some(crate::object::Obj::Bytes(data)) = d.obj() else {
        let tn = vm.type_name(&d);
        return Err(vm.type_error(format!("argument 1 must be bytes, not {tn}")));
    };
    let mut out = Vec::with_capacity(data.len());
    for &b in data.iter() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\'' => out.extend_from_slice(b"\\'"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            0x20..=0x7e => out.push(b),
            _ => out.extend_from_slice(format!("\\x{b:02x}").as_bytes()),
        }
    }
    let n = data.len();
    Ok(pair(Value::bytes(out), n))
}

/// `escape_decode(data)`: a bytes literal's escapes resolved.
pub fn escape_decode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [d, e] = bind(vm, "escape_decode", args, kw, ["data", "errors"], 1)?;
    let data = data_arg(vm, &d, true)?;
    let errors = errors_arg(vm, &e)?;
    let (s, _) = unescape(vm, &data, &errors, false, true)?;
    // Every escape of a bytes literal yields a code point below 256 (\u is not one).
    let out: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
    let n = data.len();
    Ok(pair(Value::bytes(out), n))
}

/// UTF-16 (`unit` 2) or UTF-32 (`unit` 4) encoding; `order` -1 little, 1 big, 0 native
/// with a byte-order mark.
fn utf_wide_encode(text: &str, unit: usize, order: i64) -> Vec<u8> {
    let little = order <= 0;
    let mut out = Vec::with_capacity(text.len() * unit + unit);
    let mut push = |n: u32| {
        let bytes = n.to_le_bytes();
        let mut b = bytes[..unit].to_vec();
        if !little {
            b.reverse();
        }
        out.extend_from_slice(&b);
    };
    if order == 0 {
        push(0xFEFF);
    }
    for c in text.chars() {
        if unit == 4 {
            push(c as u32);
        } else {
            let mut buf = [0u16; 2];
            for u in c.encode_utf16(&mut buf) {
                push(*u as u32);
            }
        }
    }
    out
}

fn wide_encode_fn(
    vm: &mut Vm,
    args: &[Value],
    kw: Kw,
    fname: &str,
    unit: usize,
    fixed: Option<i64>,
) -> PyResult<Value> {
    let (text, order) = match fixed {
        Some(o) => {
            let [s, _] = bind(vm, fname, args, kw, ["str", "errors"], 1)?;
            (text_arg(vm, &s, fname)?, o)
        }
        None => {
            let [s, _, b] = bind(vm, fname, args, kw, ["str", "errors", "byteorder"], 1)?;
            let o = match b {
                Some(b) => vm.index_value(&b, "byteorder")?,
                None => 0,
            };
            (text_arg(vm, &s, fname)?, o.signum())
        }
    };
    let n = text.chars().count();
    Ok(pair(Value::bytes(utf_wide_encode(&text, unit, order)), n))
}

pub fn utf_16_encode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    wide_encode_fn(vm, args, kw, "utf_16_encode", 2, None)
}
pub fn utf_16_le_encode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    wide_encode_fn(vm, args, kw, "utf_16_le_encode", 2, Some(-1))
}
pub fn utf_16_be_encode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    wide_encode_fn(vm, args, kw, "utf_16_be_encode", 2, Some(1))
}
pub fn utf_32_encode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    wide_encode_fn(vm, args, kw, "utf_32_encode", 4, None)
}
pub fn utf_32_le_encode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    wide_encode_fn(vm, args, kw, "utf_32_le_encode", 4, Some(-1))
}
pub fn utf_32_be_encode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    wide_encode_fn(vm, args, kw, "utf_32_be_encode", 4, Some(1))
}

/// UTF-16/32 decoding; `order` as for encoding (0: detect a byte-order mark, else
/// little-endian). Returns text, bytes consumed and the order found.
fn utf_wide_decode(
    vm: &Vm,
    data: &[u8],
    errors: &str,
    unit: usize,
    mut order: i64,
    last: bool,
) -> PyResult<(String, usize, i64)> {
    let name = match (unit, order) {
        (2, -1) => "utf-16-le",
        (2, 1) => "utf-16-be",
        (2, _) => "utf-16",
        (_, -1) => "utf-32-le",
        (_, 1) => "utf-32-be",
        _ => "utf-32",
    };
    let mut i = 0;
    let read = |at: usize, order: i64| -> u32 {
        let mut b = [0u8; 4];
        b[..unit].copy_from_slice(&data[at..at + unit]);
        if order > 0 {
            b[..unit].reverse();
        }
        u32::from_le_bytes(b)
    };
    if order == 0 && data.len() >= unit {
        match read(0, -1) {
            0xFEFF => {
                order = -1;
                i = unit;
            }
            n if n == (if unit == 2 { 0xFFFE } else { 0xFFFE_0000 }) => {
                order = 1;
                i = unit;
            }
            _ => {}
        }
    }
    let eff = if order == 0 { -1 } else { order };
    let mut out = String::with_capacity(data.len() / unit);
    let err = |start: usize, end: usize, reason: &str| {
        unicode_error(
            vm,
            true,
            name,
            Value::bytes(data.to_vec()),
            start,
            end,
            reason,
        )
    };
    while i < data.len() {
        if data.len() - i < unit {
            if !last {
                break;
            }
            let mut tmp = String::new();
            if !bad_decode(vm, errors, &mut tmp, &data[i..])? {
                return Err(err(i, data.len(), "truncated data"));
            }
            out.push_str(&tmp);
            i = data.len();
            break;
        }
        let n = read(i, eff);
        if unit == 4 {
            match char::from_u32(n) {
                Some(c) => out.push(c),
                None => {
                    let reason = if n > 0x10FFFF {
                        "code point not in range(0x110000)"
                    } else {
                        "code point in surrogate code point range(0xd800, 0xe000)"
                    };
                    if !bad_decode(vm, errors, &mut out, &data[i..i + 4])? {
                        return Err(err(i, i + 4, reason));
                    }
                }
            }
            i += 4;
            continue;
        }
        if (0xD800..0xDC00).contains(&n) {
            if data.len() - i < 4 {
                if !last {
                    break;
                }
                if !bad_decode(vm, errors, &mut out, &data[i..])? {
                    return Err(err(i, data.len(), "unexpected end of data"));
                }
                i = data.len();
                continue;
            }
            let lo = read(i + 2, eff);
            if (0xDC00..0xE000).contains(&lo) {
                let c = 0x10000 + ((n - 0xD800) << 10) + (lo - 0xDC00);
                out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                i += 4;
                continue;
            }
            if !bad_decode(vm, errors, &mut out, &data[i..i + 2])? {
                return Err(err(i, i + 2, "illegal UTF-16 surrogate"));
            }
            i += 2;
            continue;
        }
        if (0xDC00..0xE000).contains(&n) {
            if !bad_decode(vm, errors, &mut out, &data[i..i + 2])? {
                return Err(err(i, i + 2, "illegal encoding"));
            }
            i += 2;
            continue;
        }
        out.push(char::from_u32(n).unwrap_or('\u{fffd}'));
        i += 2;
    }
    Ok((out, i, order))
}

fn wide_decode_fn(
    vm: &mut Vm,
    args: &[Value],
    kw: Kw,
    fname: &str,
    unit: usize,
    fixed: i64,
) -> PyResult<Value> {
    let [d, e, f] = bind(vm, fname, args, kw, ["data", "errors", "final"], 1)?;
    let data = data_arg(vm, &d, false)?;
    let errors = errors_arg(vm, &e)?;
    let last = flag(vm, &f, false)?;
    let (s, n, _) = utf_wide_decode(vm, &data, &errors, unit, fixed, last)?;
    Ok(pair(Value::string(s), n))
}

pub fn utf_16_decode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    wide_decode_fn(vm, args, kw, "utf_16_decode", 2, 0)
}
pub fn utf_16_le_decode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    wide_decode_fn(vm, args, kw, "utf_16_le_decode", 2, -1)
}
pub fn utf_16_be_decode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    wide_decode_fn(vm, args, kw, "utf_16_be_decode", 2, 1)
}
pub fn utf_32_decode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    wide_decode_fn(vm, args, kw, "utf_32_decode", 4, 0)
}
pub fn utf_32_le_decode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    wide_decode_fn(vm, args, kw, "utf_32_le_decode", 4, -1)
}
pub fn utf_32_be_decode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    wide_decode_fn(vm, args, kw, "utf_32_be_decode", 4, 1)
}

fn wide_ex_decode(
    vm: &mut Vm,
    args: &[Value],
    kw: Kw,
    fname: &str,
    unit: usize,
) -> PyResult<Value> {
    let names = ["data", "errors", "byteorder", "final"];
    let [d, e, b, f] = bind(vm, fname, args, kw, names, 1)?;
    let data = data_arg(vm, &d, false)?;
    let errors = errors_arg(vm, &e)?;
    let order = match b {
        Some(b) => vm.index_value(&b, "byteorder")?.signum(),
        None => 0,
    };
    let last = flag(vm, &f, false)?;
    let (s, n, o) = utf_wide_decode(vm, &data, &errors, unit, order, last)?;
    Ok(Value::tuple(vec![
        Value::string(s),
        Value::int(n as i64),
        Value::int(o),
    ]))
}

pub fn utf_16_ex_decode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    wide_ex_decode(vm, args, kw, "utf_16_ex_decode", 2)
}
pub fn utf_32_ex_decode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    wide_ex_decode(vm, args, kw, "utf_32_ex_decode", 4)
}

fn handler_exc(vm: &Vm, args: &[Value]) -> PyResult<Value> {
    match args.first() {
        Some(e) if vm.isinstance(e, &vm.exc.unicode_error.clone()) => Ok(e.clone()),
        Some(e) => {
            let tn = vm.type_name(e);
            Err(vm.type_error(format!("don't know how to handle {tn} in error callback")))
        }
        None => Err(vm.type_error("handler expected 1 argument")),
    }
}

fn strict_errors(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    match args.first() {
        Some(e) if vm.isinstance(e, &vm.exc.base_exception.clone()) => Err(e.clone()),
        _ => Err(vm.type_error("codec must pass exception instance")),
    }
}

/// (exception, start, end, is decode) for a handler.
fn span(vm: &mut Vm, args: &[Value]) -> PyResult<(Value, i64, i64, bool)> {
    let e = handler_exc(vm, args)?;
    let s = vm.getattr_str(&e, "start")?;
    let end = vm.getattr_str(&e, "end")?;
    let s = vm.index_value(&s, "start")?;
    let end = vm.index_value(&end, "end")?;
    let dec = vm.isinstance(&e, &vm.exc.unicode_decode_error.clone());
    Ok((e, s, end, dec))
}

fn chars_of(vm: &mut Vm, e: &Value, s: i64, end: i64) -> PyResult<Vec<char>> {
    let o = vm.getattr_str(e, "object")?;
    Ok(o.as_str()
        .map(|t| {
            t.as_str()
                .chars()
                .skip(s as usize)
                .take((end - s).max(0) as usize)
                .collect()
        })
        .unwrap_or_default())
}

fn ignore_errors(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let (_, _, end, _) = span(vm, args)?;
    Ok(Value::tuple(vec![Value::str(""), Value::int(end)]))
}

fn replace_errors(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let (e, s, end, dec) = span(vm, args)?;
    let translate = vm.isinstance(&e, &vm.exc.unicode_translate_error.clone());
    let text = if dec {
        "\u{fffd}".to_string()
    } else if translate {
        "\u{fffd}".repeat((end - s).max(0) as usize)
    } else {
        "?".repeat((end - s).max(0) as usize)
    };
    Ok(Value::tuple(vec![Value::string(text), Value::int(end)]))
}

fn backslashreplace_errors(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let (e, s, end, dec) = span(vm, args)?;
    let text = if dec {
        let o = vm.getattr_str(&e, "object")?;
        let b = o.bytes_data().unwrap_or_default();
        b.get(s as usize..end as usize)
            .unwrap_or(&[])
            .iter()
            .map(|x| format!("\\x{x:02x}"))
            .collect()
    } else {
        chars_of(vm, &e, s, end)?
            .into_iter()
            .map(native::char_escape)
            .collect()
    };
    Ok(Value::tuple(vec![Value::string(text), Value::int(end)]))
}

fn xmlcharrefreplace_errors(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let (e, s, end, dec) = span(vm, args)?;
    if dec || !vm.isinstance(&e, &vm.exc.unicode_encode_error.clone()) {
        let tn = vm.type_name(&e);
        return Err(vm.type_error(format!("don't know how to handle {tn} in error callback")));
    }
    let text: String = chars_of(vm, &e, s, end)?
        .into_iter()
        .map(|c| format!("&#{};", c as u32))
        .collect();
    Ok(Value::tuple(vec![Value::string(text), Value::int(end)]))
}
