//! `binascii`, as CPython's `Modules/binascii.c`: base64 (`a2b_base64` with CPython's
//! lenient and `strict_mode` rules, `b2a_base64`), hex (`hexlify`/`b2a_hex` with `sep`,
//! `unhexlify`/`a2b_hex`), uuencode (`a2b_uu`, `b2a_uu`), `crc32`, `crc_hqx`, and the
//! `Error`/`Incomplete` exceptions. The `a2b_*` functions take ASCII str as well as
//! bytes-like data.
//!
//! Left out: the quoted-printable pair `a2b_qp`/`b2a_qp`; Lib's `quopri` uses its own
//! pure-Python codec when they are missing, as it is written to.

use crate::builtins::{bind, bytes_methods::buffer_arg};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    let error = vm.native_type("binascii.Error", |vm| {
        let base = vm.exc.value_error.clone();
        crate::vm::native_class(
            "binascii",
            "Error",
            crate::object::TypeKind::BaseException,
            &base,
            false,
        )
    });
    let incomplete = vm.native_type("binascii.Incomplete", |vm| {
        let base = vm.exc.exception.clone();
        crate::vm::native_class(
            "binascii",
            "Incomplete",
            crate::object::TypeKind::BaseException,
            &base,
            false,
        )
    });
    let d = super::new_native_module(
        vm,
        "binascii",
        &[
            ("a2b_base64", a2b_base64),
            ("b2a_base64", b2a_base64),
            ("hexlify", b2a_hex),
            ("b2a_hex", b2a_hex),
            ("unhexlify", a2b_hex),
            ("a2b_hex", a2b_hex),
            ("a2b_uu", a2b_uu),
            ("b2a_uu", b2a_uu),
            ("crc32", crc32),
            ("crc_hqx", crc_hqx),
        ],
    );
    if let Some(d) = d.as_dict() {
        let mut d = d.borrow_mut();
        d.set_str("Error", error);
        d.set_str("Incomplete", incomplete);
    }
}

fn error(vm: &mut Vm, msg: &str) -> Value {
    match vm.native_types.get("binascii.Error").cloned() {
        Some(c) => vm.new_exception(&c, vec![Value::str(msg)]),
        None => vm.value_error(msg),
    }
}

/// An `a2b_*` argument: bytes-like, or a str of ASCII characters.
fn ascii_arg(vm: &mut Vm, v: Option<Value>) -> PyResult<Vec<u8>> {
    let v = v.unwrap_or(Value::NONE);
    if let Some(s) = v.as_str() {
        if !s.as_str().is_ascii() {
            return Err(vm.value_error("string argument should contain only ASCII characters"));
        }
        return Ok(s.as_str().as_bytes().to_vec());
    }
    v.bytes_data().ok_or_else(|| {
        let tn = vm.type_name(&v);
        vm.type_error(format!(
            "argument should be bytes, buffer or ASCII string, not '{tn}'"
        ))
    })
}

fn truthy(vm: &mut Vm, v: Option<Value>, default: bool) -> PyResult<bool> {
    match v {
        Some(v) => vm.is_true(&v),
        None => Ok(default),
    }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b64_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

fn a2b_base64(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [data, strict] = bind(vm, "a2b_base64", a, k, ["data", "strict_mode"], 1)?;
    let data = ascii_arg(vm, data)?;
    let strict = truthy(vm, strict, false)?;
    if strict && data.first() == Some(&b'=') {
        return Err(error(vm, "Leading padding not allowed"));
    }
    let mut out = Vec::with_capacity(data.len() / 4 * 3 + 3);
    let (mut quad, mut left, mut pads) = (0u8, 0u8, 0usize);
    let mut padding_started = false;
    let mut done = false;
    for (i, &c) in data.iter().enumerate() {
        if c == b'=' {
            padding_started = true;
            pads += 1;
            if quad >= 2 && usize::from(quad) + pads >= 4 {
                if strict && i + 1 < data.len() {
                    return Err(error(vm, "Excess data after padding"));
                }
                done = true;
                break;
            }
            continue;
        }
        let Some(v) = b64_value(c) else {
            if strict {
                return Err(error(vm, "Only base64 data is allowed"));
            }
            continue;
        };
        if strict && padding_started {
            return Err(error(vm, "Discontinuous padding not allowed"));
        }
        pads = 0;
        match quad {
            0 => {
                quad = 1;
                left = v;
            }
            1 => {
                quad = 2;
                out.push((left << 2) | (v >> 4));
                left = v & 0x0f;
            }
            2 => {
                quad = 3;
                out.push((left << 4) | (v >> 2));
                left = v & 0x03;
            }
            _ => {
                quad = 0;
                out.push((left << 6) | v);
                left = 0;
            }
        }
    }
    if !done && quad != 0 {
        let msg = if quad == 1 {
            format!(
                "Invalid base64-encoded string: number of data characters ({}) cannot be 1 \
                 more than a multiple of 4",
                out.len() / 3 * 4 + 1
            )
        } else {
            "Incorrect padding".to_string()
        };
        return Err(error(vm, &msg));
    }
    Ok(Value::bytes(out))
}

fn b2a_base64(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [data, newline] = bind(vm, "b2a_base64", a, k, ["data", "newline"], 1)?;
    let data = buffer_arg(vm, &data.unwrap_or(Value::NONE))?;
    let newline = truthy(vm, newline, true)?;
    let mut out = Vec::with_capacity(data.len().div_ceil(3) * 4 + 1);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(B64[((n >> (18 - 6 * k)) & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
    if newline {
        out.push(b'\n');
    }
    Ok(Value::bytes(out))
}

fn b2a_hex(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [data, sep, per] = bind(vm, "hexlify", a, k, ["data", "sep", "bytes_per_sep"], 1)?;
    let data = buffer_arg(vm, &data.unwrap_or(Value::NONE))?;
    let sep = match sep.filter(|s| !s.is_none()) {
        None => None,
        Some(s) => {
            let b = match s.as_str() {
                Some(t) => t.as_str().as_bytes().to_vec(),
                None => buffer_arg(vm, &s)?,
            };
            if b.len() != 1 {
                return Err(vm.value_error("sep must be length 1."));
            }
            if !b[0].is_ascii() {
                return Err(vm.value_error("sep must be ASCII."));
            }
            Some(b[0])
        }
    };
    let per = match per {
        Some(p) => vm.index_value(&p, "bytes_per_sep")?,
        None => 1,
    };
    let hex = |b: u8| {
        [
            b"0123456789abcdef"[(b >> 4) as usize],
            b"0123456789abcdef"[(b & 15) as usize],
        ]
    };
    let mut out = Vec::with_capacity(data.len() * 3);
    let group = per.unsigned_abs() as usize;
    for (i, &b) in data.iter().enumerate() {
        if let Some(s) = sep.filter(|_| i > 0 && group > 0) {
            // Groups count from the right for a positive `bytes_per_sep`, else the left.
            let boundary = if per > 0 {
                (data.len() - i) % group == 0
            } else {
                i % group == 0
            };
            if boundary {
                out.push(s);
            }
        }
        out.extend_from_slice(&hex(b));
    }
    Ok(Value::bytes(out))
}

fn a2b_hex(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [data] = bind(vm, "unhexlify", a, k, ["hexstr"], 1)?;
    let data = ascii_arg(vm, data)?;
    if data.len() % 2 != 0 {
        return Err(error(vm, "Odd-length string"));
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(data.len() / 2);
    for pair in data.chunks(2) {
        match (digit(pair[0]), digit(pair[1])) {
            (Some(h), Some(l)) => out.push((h << 4) | l),
            _ => return Err(error(vm, "Non-hexadecimal digit found")),
        }
    }
    Ok(Value::bytes(out))
}

fn a2b_uu(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [data] = bind(vm, "a2b_uu", a, k, ["data"], 1)?;
    let data = ascii_arg(vm, data)?;
    let Some((&first, rest)) = data.split_first() else {
        return Ok(Value::bytes(vec![0; 32]));
    };
    let len = usize::from(first.wrapping_sub(b' ') & 0x3f);
    let mut out = Vec::with_capacity(len);
    let (mut acc, mut bits) = (0u32, 0u32);
    let mut i = 0;
    while out.len() < len {
        let c = rest.get(i).copied();
        i += 1;
        // Whitespace (or the end) at the end of a line stands for zero bits.
        let v = match c {
            None | Some(b'\n' | b'\r') => 0,
            Some(c) if (b' '..=b' ' + 64).contains(&c) || c == b'`' => {
                u32::from(c.wrapping_sub(b' ') & 0x3f)
            }
            Some(_) => return Err(error(vm, "Illegal char")),
        };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Anything after the data must be padding or whitespace.
    for &c in rest.iter().skip(i) {
        if !matches!(c, b' ' | b'`' | b'\n' | b'\r') && c != b' ' + 64 {
            return Err(error(vm, "Trailing garbage"));
        }
    }
    Ok(Value::bytes(out))
}

fn b2a_uu(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [data, backtick] = bind(vm, "b2a_uu", a, k, ["data", "backtick"], 1)?;
    let data = buffer_arg(vm, &data.unwrap_or(Value::NONE))?;
    let backtick = truthy(vm, backtick, false)?;
    if data.len() > 45 {
        return Err(error(vm, "At most 45 bytes at once"));
    }
    let enc = |v: u8| if backtick && v == 0 { b'`' } else { b' ' + v };
    let mut out = vec![enc(data.len() as u8)];
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            out.push(enc(((n >> (18 - 6 * k)) & 63) as u8));
        }
    }
    out.push(b'\n');
    Ok(Value::bytes(out))
}

fn crc32(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [data, crc] = bind(vm, "crc32", a, k, ["data", "crc"], 1)?;
    let data = buffer_arg(vm, &data.unwrap_or(Value::NONE))?;
    let start = super::zlib::checksum_start(vm, crc, 0)?;
    Ok(Value::int(i64::from(super::zlib::crc32_update(
        start, &data,
    ))))
}

/// CRC-CCITT (polynomial 0x1021, as in BinHex), continuing from `crc`.
fn crc_hqx(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [data, crc] = bind(vm, "crc_hqx", a, k, ["data", "crc"], 2)?;
    let data = buffer_arg(vm, &data.unwrap_or(Value::NONE))?;
    // The running value modulo 2**16 (CPython keeps the low 16 bits).
    let mut c = super::zlib::checksum_start(vm, crc, 0)? as u16;
    for &b in &data {
        c ^= u16::from(b) << 8;
        for _ in 0..8 {
            c = if c & 0x8000 != 0 {
                (c << 1) ^ 0x1021
            } else {
                c << 1
            };
        }
    }
    Ok(Value::int(i64::from(c)))
}
