//! The text codecs built in to the runtime: utf-8, ascii and latin-1, with the `strict`,
//! `ignore` and `replace` error handlers, raising CPython's `UnicodeEncodeError` /
//! `UnicodeDecodeError` messages.

use crate::value::Value;
use crate::vm::{PyResult, Vm};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    Utf8,
    Ascii,
    Latin1,
}

impl Codec {
    fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
        }
    }
    /// One past the largest code point the codec encodes.
    fn limit(self) -> u32 {
        match self {
            Codec::Utf8 => 0x110000,
            Codec::Ascii => 128,
            Codec::Latin1 => 256,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Handler {
    Strict,
    Ignore,
    Replace,
    /// `\xNN`/`\uNNNN` escapes (encoding and decoding).
    Backslash,
    /// `&#NNN;` (encoding only; decoding with it is an error, as in CPython).
    XmlCharRef,
}

pub fn lookup_codec(vm: &Vm, encoding: &str) -> PyResult<Codec> {
    let norm = encoding.to_ascii_lowercase().replace('_', "-");
    match norm.as_str() {
        "utf-8" | "utf8" | "u8" | "utf" | "cp65001" => Ok(Codec::Utf8),
        "ascii" | "us-ascii" | "646" => Ok(Codec::Ascii),
        "latin-1" | "latin1" | "latin" | "l1" | "iso-8859-1" | "iso8859-1" | "8859" | "cp819" => {
            Ok(Codec::Latin1)
        }
        _ => Err(vm.new_error(
            &vm.exc.lookup_error.clone(),
            &format!("unknown encoding: {encoding}"),
        )),
    }
}

fn lookup_handler(vm: &Vm, errors: &str) -> PyResult<Handler> {
    match errors {
        "strict" => Ok(Handler::Strict),
        "ignore" => Ok(Handler::Ignore),
        "replace" => Ok(Handler::Replace),
        "backslashreplace" => Ok(Handler::Backslash),
        "xmlcharrefreplace" => Ok(Handler::XmlCharRef),
        // Undecodable bytes would become lone surrogates, which this runtime's str cannot
        // hold: decoding with these handlers fails as strict does (encoding a valid str
        // never needs them).
        "surrogateescape" | "surrogatepass" => Ok(Handler::Strict),
        _ => Err(vm.new_error(
            &vm.exc.lookup_error.clone(),
            &format!("unknown error handler name '{errors}'"),
        )),
    }
}

/// `str.encode(encoding, errors)`.
pub fn encode(vm: &Vm, s: &str, encoding: &str, errors: &str) -> PyResult<Vec<u8>> {
    let codec = lookup_codec(vm, encoding)?;
    if codec == Codec::Utf8 {
        return Ok(s.as_bytes().to_vec());
    }
    let chars: Vec<char> = s.chars().collect();
    let limit = codec.limit();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i] as u32;
        if c < limit {
            out.push(c as u8);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i] as u32 >= limit {
            i += 1;
        }
        match lookup_handler(vm, errors)? {
            Handler::Strict => {
                return Err(super::exc_methods::unicode_error(
                    vm,
                    &vm.exc.unicode_encode_error.clone(),
                    [
                        Value::str(codec.name()),
                        Value::str(s),
                        Value::int(start as i64),
                        Value::int(i as i64),
                        Value::string(format!("ordinal not in range({limit})")),
                    ],
                ));
            }
            Handler::Ignore => {}
            Handler::Replace => out.extend(std::iter::repeat_n(b'?', i - start)),
            Handler::Backslash => {
                for &c in &chars[start..i] {
                    out.extend_from_slice(char_escape(c).as_bytes());
                }
            }
            Handler::XmlCharRef => {
                for &c in &chars[start..i] {
                    out.extend_from_slice(format!("&#{};", c as u32).as_bytes());
                }
            }
        }
    }
    Ok(out)
}

/// How CPython shows one unencodable character: `\xe9`, `\u2603` or `\U0001f600`.
pub fn char_escape(c: char) -> String {
    let n = c as u32;
    if n < 0x100 {
        format!("\\x{n:02x}")
    } else if n < 0x10000 {
        format!("\\u{n:04x}")
    } else {
        format!("\\U{n:08x}")
    }
}

/// `bytes.decode(encoding, errors)`.
pub fn decode(vm: &Vm, b: &[u8], encoding: &str, errors: &str) -> PyResult<String> {
    let codec = lookup_codec(vm, encoding)?;
    match codec {
        Codec::Latin1 => Ok(b.iter().map(|&x| x as char).collect()),
        Codec::Ascii => {
            let mut out = String::with_capacity(b.len());
            for (i, &x) in b.iter().enumerate() {
                if x < 128 {
                    out.push(x as char);
                    continue;
                }
                match lookup_handler(vm, errors)? {
                    Handler::Strict => {
                        return Err(decode_error(
                            vm,
                            codec,
                            b,
                            i,
                            i + 1,
                            "ordinal not in range(128)",
                        ))
                    }
                    Handler::Ignore => {}
                    Handler::Replace => out.push('\u{fffd}'),
                    Handler::Backslash => out.push_str(&format!("\\x{x:02x}")),
                    Handler::XmlCharRef => {
                        return Err(vm.type_error(
                            "don't know how to handle UnicodeDecodeError in error callback",
                        ))
                    }
                }
            }
            Ok(out)
        }
        Codec::Utf8 => {
            let mut out = String::with_capacity(b.len());
            let mut rest = b;
            let mut offset = 0;
            loop {
                match std::str::from_utf8(rest) {
                    Ok(s) => {
                        out.push_str(s);
                        return Ok(out);
                    }
                    Err(e) => {
                        let good = e.valid_up_to();
                        out.push_str(std::str::from_utf8(&rest[..good]).unwrap_or_default());
                        let (bad, reason) = match e.error_len() {
                            None => (rest.len() - good, "unexpected end of data"),
                            Some(n) if (0xC2..=0xF4).contains(&rest[good]) => {
                                (n, "invalid continuation byte")
                            }
                            Some(n) => (n, "invalid start byte"),
                        };
                        let start = offset + good;
                        match lookup_handler(vm, errors)? {
                            Handler::Strict => {
                                return Err(decode_error(vm, codec, b, start, start + bad, reason))
                            }
                            Handler::Ignore => {}
                            Handler::Replace => out.push('\u{fffd}'),
                            Handler::Backslash => {
                                for x in &rest[good..good + bad] {
                                    out.push_str(&format!("\\x{x:02x}"));
                                }
                            }
                            Handler::XmlCharRef => {
                                return Err(vm.type_error(
                                    "don't know how to handle UnicodeDecodeError in error callback",
                                ))
                            }
                        }
                        rest = &rest[good + bad..];
                        offset = start + bad;
                    }
                }
            }
        }
    }
}

fn decode_error(vm: &Vm, codec: Codec, b: &[u8], start: usize, end: usize, reason: &str) -> Value {
    super::exc_methods::unicode_error(
        vm,
        &vm.exc.unicode_decode_error.clone(),
        [
            Value::str(codec.name()),
            Value::bytes(b.to_vec()),
            Value::int(start as i64),
            Value::int(end as i64),
            Value::str(reason),
        ],
    )
}

/// `str.encode`: the built-in codecs directly, any other through the codec registry
/// (`_codecs`), which must give bytes.
pub fn encode_str(vm: &mut Vm, s: &str, encoding: &str, errors: &str) -> PyResult<Value> {
    if lookup_codec(vm, encoding).is_ok() {
        return Ok(Value::bytes(encode(vm, s, encoding, errors)?));
    }
    let r = crate::modules::codecs::run_codec(vm, &Value::str(s), encoding, errors, 0)?;
    if !matches!(r.obj(), Some(crate::object::Obj::Bytes(_))) {
        let tn = vm.type_name(&r);
        return Err(vm.type_error(format!(
            "'{encoding}' encoder returned '{tn}' instead of 'bytes'; use codecs.encode() to encode to arbitrary types"
        )));
    }
    Ok(r)
}

/// `bytes.decode`: as [`encode_str`], the registry's codec must give a str.
pub fn decode_bytes(vm: &mut Vm, b: &[u8], encoding: &str, errors: &str) -> PyResult<Value> {
    if lookup_codec(vm, encoding).is_ok() {
        return Ok(Value::string(decode(vm, b, encoding, errors)?));
    }
    let r = crate::modules::codecs::run_codec(vm, &Value::bytes(b.to_vec()), encoding, errors, 1)?;
    if r.as_str().is_none() {
        let tn = vm.type_name(&r);
        return Err(vm.type_error(format!(
            "'{encoding}' decoder returned '{tn}' instead of 'str'; use codecs.decode() to decode to arbitrary types"
        )));
    }
    Ok(r)
}
