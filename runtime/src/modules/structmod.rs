//! `_struct`: packing values into bytes and back by format strings (`pack`, `unpack`,
//! `calcsize`, `pack_into`, `unpack_from`, `iter_unpack`, `Struct`), with CPython's
//! byte orders, native alignment, codes and error messages (`struct.error`).

use crate::builtins::check_arity;
use crate::object::native::{NativeData, NativeIterator};
use crate::object::Obj;
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::cell::Cell;

type Kw<'a> = &'a [(Value, Value)];

#[derive(Clone, Copy)]
struct Item {
    code: u8,
    /// Repeat count (for `s`/`p`: the byte length).
    count: usize,
    size: usize,
    offset: usize,
}

#[derive(Clone)]
struct Layout {
    little: bool,
    native: bool,
    items: Vec<Item>,
    size: usize,
    /// Values packed or unpacked (every code but `x`, `s`/`p` count once).
    nvalues: usize,
}

fn error(vm: &mut Vm, msg: &str) -> Value {
    let cls = error_type(vm);
    match vm.call_type(&cls, &[Value::str(msg)], &[]) {
        Ok(e) | Err(e) => e,
    }
}

fn error_type(vm: &mut Vm) -> Value {
    vm.native_type("_struct.error", |vm| {
        let bases = Value::tuple(vec![vm.exc.exception.clone()]);
        let mut d = crate::object::Dict::new();
        d.set_str("__module__", Value::str("struct"));
        let args = [Value::str("error"), bases, Value::dict(d)];
        vm.call_type_3(&args, &[]).unwrap_or(Value::NONE)
    })
}

fn native_size(code: u8) -> Option<usize> {
    Some(match code {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' | b'q' | b'Q' | b'n' | b'N' | b'P' | b'd' => 8,
        _ => return None,
    })
}

fn std_size(code: u8) -> Option<usize> {
    Some(match code {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'l' | b'L' | b'f' => 4,
        b'q' | b'Q' | b'd' => 8,
        _ => return None,
    })
}

fn parse(vm: &mut Vm, fmt: &[u8]) -> PyResult<Layout> {
    let (little, native, rest) = match fmt.first() {
        Some(b'@') => (cfg!(target_endian = "little"), true, &fmt[1..]),
        Some(b'=') => (cfg!(target_endian = "little"), false, &fmt[1..]),
        Some(b'<') => (true, false, &fmt[1..]),
        Some(b'>') | Some(b'!') => (false, false, &fmt[1..]),
        _ => (cfg!(target_endian = "little"), true, fmt),
    };
    let mut items = vec![];
    let mut offset = 0usize;
    let mut nvalues = 0;
    let mut i = 0;
    while i < rest.len() {
        let c = rest[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let mut count: Option<usize> = None;
        while i < rest.len() && rest[i].is_ascii_digit() {
            let d = (rest[i] - b'0') as usize;
            count = Some(
                count
                    .unwrap_or(0)
                    .checked_mul(10)
                    .and_then(|x| x.checked_add(d))
                    .ok_or_else(|| error(vm, "total struct size too long"))?,
            );
            i += 1;
        }
        let Some(&code) = rest.get(i) else {
            return Err(error(vm, "repeat count given without format specifier"));
        };
        i += 1;
        let size = if native {
            native_size(code)
        } else {
            std_size(code)
        };
        let Some(size) = size else {
            return Err(error(vm, "bad char in struct format"));
        };
        let count = count.unwrap_or(1);
        if native && size > 1 {
            offset = offset.div_ceil(size) * size;
        }
        match code {
            b's' | b'p' => {
                items.push(Item {
                    code,
                    count,
                    size: count,
                    offset,
                });
                offset += count;
                nvalues += 1;
            }
            b'x' => offset += count,
            _ => {
                for _ in 0..count {
                    items.push(Item {
                        code,
                        count: 1,
                        size,
                        offset,
                    });
                    offset += size;
                    nvalues += 1;
                }
            }
        }
    }
    Ok(Layout {
        little,
        native,
        items,
        size: offset,
        nvalues,
    })
}

fn fmt_bytes(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(s) = v.as_str() {
        return Ok(s.as_str().as_bytes().to_vec());
    }
    match v.obj() {
        Some(Obj::Bytes(b)) => Ok(b.to_vec()),
        _ => {
            let tn = vm.type_name(v);
            Err(vm.type_error(format!(
                "Struct() argument 1 must be a str or bytes object, not {tn}"
            )))
        }
    }
}

fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<num_bigint::BigInt> {
    let is_index = v.is_int()
        || v.is_bool()
        || (v.as_instance().is_some() && vm.lookup_type(&vm.type_of(v), "__index__").is_some());
    if !is_index {
        return Err(error(vm, "required argument is not an integer"));
    }
    let i = vm.index_int(v)?;
    Ok(match i.as_bigint() {
        Some(b) => b.clone(),
        None => vm.to_i64(&i).unwrap_or(0).into(),
    })
}

fn put(out: &mut [u8], bytes: &[u8], little: bool) {
    if little {
        out.copy_from_slice(bytes);
    } else {
        for (o, b) in out.iter_mut().zip(bytes.iter().rev()) {
            *o = *b;
        }
    }
}

fn pack_item(vm: &mut Vm, lay: &Layout, it: &Item, v: &Value, out: &mut [u8]) -> PyResult<()> {
    let dst = &mut out[it.offset..it.offset + it.size];
    match it.code {
        b's' | b'p' => {
            let Some(b) = v.bytes_data().filter(|_| v.as_str().is_none()) else {
                let c = it.code as char;
                return Err(error(
                    vm,
                    &format!("argument for '{c}' must be a bytes object"),
                ));
            };
            if it.code == b's' {
                let n = b.len().min(it.count);
                dst[..n].copy_from_slice(&b[..n]);
            } else if it.count > 0 {
                let n = b.len().min(it.count - 1).min(255);
                dst[0] = n as u8;
                dst[1..1 + n].copy_from_slice(&b[..n]);
            }
        }
        b'c' => match v.obj() {
            Some(Obj::Bytes(b)) if b.len() == 1 => dst[0] = b[0],
            Some(Obj::ByteArray(b)) if b.borrow().len() == 1 => dst[0] = b.borrow()[0],
            _ => return Err(error(vm, "char format requires a bytes object of length 1")),
        },
        b'?' => dst[0] = u8::from(vm.is_true(v)?),
        b'e' | b'f' | b'd' => {
            let x = crate::builtins::to_float(vm, v)
                .map_err(|_| error(vm, "required argument is not a float"))?;
            match it.code {
                b'd' => put(dst, &x.to_le_bytes(), lay.little),
                b'f' => {
                    let f = x as f32;
                    if !lay.native && f.is_infinite() && x.is_finite() {
                        return Err(vm.overflow_error("float too large to pack with f format"));
                    }
                    put(dst, &f.to_le_bytes(), lay.little)
                }
                _ => match f16_bits(x) {
                    Some(h) => put(dst, &h.to_le_bytes(), lay.little),
                    None => return Err(vm.overflow_error("float too large to pack with e format")),
                },
            }
        }
        code => {
            let n = int_arg(vm, v)?;
            let signed = code.is_ascii_lowercase();
            let bits = it.size * 8;
            let (lo, hi): (num_bigint::BigInt, num_bigint::BigInt) = if signed {
                (
                    -(num_bigint::BigInt::from(1) << (bits - 1)),
                    (num_bigint::BigInt::from(1) << (bits - 1)) - 1,
                )
            } else {
                (0.into(), (num_bigint::BigInt::from(1) << bits) - 1)
            };
            if n < lo || n > hi {
                let c = code as char;
                let msg = match (code, lay.native) {
                    (b'b', _) => "byte format requires -128 <= number <= 127".to_string(),
                    (b'B', _) => "ubyte format requires 0 <= number <= 255".to_string(),
                    (b'h', _) => "short format requires -32768 <= number <= 32767".to_string(),
                    (b'H', _) => "ushort format requires 0 <= number <= 65535".to_string(),
                    (b'i', true) | (b'i' | b'I' | b'l' | b'L', false) if bits == 32 => {
                        format!("'{c}' format requires {lo} <= number <= {hi}")
                    }
                    _ => "argument out of range".to_string(),
                };
                return Err(error(vm, &msg));
            }
            let mut le = n.to_signed_bytes_le();
            let fill = if n.sign() == num_bigint::Sign::Minus {
                0xff
            } else {
                0
            };
            le.resize(it.size, fill);
            put(dst, &le[..it.size], lay.little);
        }
    }
    Ok(())
}

/// IEEE 754 half precision, rounding to nearest even (None when too large).
fn f16_bits(x: f64) -> Option<u16> {
    if x.is_nan() {
        return Some(0x7e00 | if x.is_sign_negative() { 0x8000 } else { 0 });
    }
    let sign: u16 = if x.is_sign_negative() { 0x8000 } else { 0 };
    let a = x.abs();
    if a.is_infinite() {
        return Some(sign | 0x7c00);
    }
    if a == 0.0 {
        return Some(sign);
    }
    // Scale to units of the smallest subnormal (2^-24) or of the exponent's ulp.
    let e = a.log2().floor() as i32;
    let (exp_field, mant) = if e < -14 {
        let m = (a / 2f64.powi(-24)).round_ties_even();
        if m >= 1024.0 {
            (1u16, 0u16)
        } else {
            (0, m as u16)
        }
    } else {
        let mut e = e;
        let mut m = (a / 2f64.powi(e) - 1.0) * 1024.0;
        m = m.round_ties_even();
        if m >= 1024.0 {
            m = 0.0;
            e += 1;
        }
        if e > 15 {
            return None;
        }
        ((e + 15) as u16, m as u16)
    };
    Some(sign | (exp_field << 10) | mant)
}

fn f16_value(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let e = ((h >> 10) & 0x1f) as i32;
    let m = (h & 0x3ff) as f64;
    sign * match e {
        0 => m * 2f64.powi(-24),
        31 if m == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1.0 + m / 1024.0) * 2f64.powi(e - 15),
    }
}

fn get(b: &[u8], little: bool) -> [u8; 8] {
    let mut w = [0u8; 8];
    if little {
        w[..b.len()].copy_from_slice(b);
    } else {
        for (o, x) in w.iter_mut().zip(b.iter().rev()) {
            *o = *x;
        }
    }
    w
}

fn unpack_item(lay: &Layout, it: &Item, data: &[u8]) -> Value {
    let src = &data[it.offset..it.offset + it.size];
    match it.code {
        b's' => Value::bytes(src.to_vec()),
        b'p' => {
            let n = (src.first().copied().unwrap_or(0) as usize).min(it.size.saturating_sub(1));
            Value::bytes(src[1..1 + n].to_vec())
        }
        b'c' => Value::bytes(vec![src[0]]),
        b'?' => Value::bool(src[0] != 0),
        b'd' => Value::float(f64::from_le_bytes(get(src, lay.little))),
        b'f' => {
            let w = get(src, lay.little);
            Value::float(f32::from_le_bytes([w[0], w[1], w[2], w[3]]) as f64)
        }
        b'e' => {
            let w = get(src, lay.little);
            Value::float(f16_value(u16::from_le_bytes([w[0], w[1]])))
        }
        code => {
            let w = get(src, lay.little);
            let u = u64::from_le_bytes(w);
            let bits = it.size * 8;
            if code.is_ascii_lowercase() {
                let shift = 64 - bits;
                Value::int(((u << shift) as i64) >> shift)
            } else {
                match i64::try_from(u) {
                    Ok(i) => Value::int(i),
                    Err(_) => Value::bigint(u.into()),
                }
            }
        }
    }
}

fn pack_values(vm: &mut Vm, lay: &Layout, values: &[Value], fname: &str) -> PyResult<Vec<u8>> {
    if values.len() != lay.nvalues {
        return Err(error(
            vm,
            &format!(
                "{fname} expected {} items for packing (got {})",
                lay.nvalues,
                values.len()
            ),
        ));
    }
    let mut out = vec![0u8; lay.size];
    for (it, v) in lay.items.iter().zip(values) {
        pack_item(vm, lay, it, v, &mut out)?;
    }
    Ok(out)
}

fn unpack_values(lay: &Layout, data: &[u8]) -> Value {
    Value::tuple(
        lay.items
            .iter()
            .map(|it| unpack_item(lay, it, data))
            .collect(),
    )
}

fn buffer(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    v.bytes_data()
        .filter(|_| v.as_str().is_none())
        .ok_or_else(|| {
            let tn = vm.type_name(v);
            vm.type_error(format!("a bytes-like object is required, not '{tn}'"))
        })
}

pub fn install(vm: &mut Vm) {
    let err = error_type(vm);
    let st = struct_type(vm);
    let it = iter_type(vm);
    let d = super::new_native_module(
        vm,
        "_struct",
        &[
            ("pack", pack),
            ("unpack", unpack),
            ("calcsize", calcsize),
            ("pack_into", pack_into),
            ("unpack_from", unpack_from),
            ("iter_unpack", iter_unpack),
            ("_clearcache", clearcache),
        ],
    );
    if let Some(d) = d.as_dict() {
        let mut d = d.borrow_mut();
        d.set_str("error", err);
        d.set_str("Struct", st);
        d.set_str("unpack_iterator", it);
    }
}

fn layout_of(vm: &mut Vm, fmt: &Value) -> PyResult<(Layout, Value)> {
    if let Some(s) = fmt.native::<StructState>() {
        return Ok((s.layout.clone(), s.format.clone()));
    }
    let b = fmt_bytes(vm, fmt)?;
    Ok((parse(vm, &b)?, fmt.clone()))
}

fn pack(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    if a.is_empty() {
        return Err(vm.type_error("pack expected at least 1 argument, got 0"));
    }
    let (lay, _) = layout_of(vm, &a[0])?;
    Ok(Value::bytes(pack_values(vm, &lay, &a[1..], "pack")?))
}

fn unpack_with(vm: &mut Vm, lay: &Layout, data: &Value) -> PyResult<Value> {
    let b = buffer(vm, data)?;
    if b.len() != lay.size {
        return Err(error(
            vm,
            &format!("unpack requires a buffer of {} bytes", lay.size),
        ));
    }
    Ok(unpack_values(lay, &b))
}

fn unpack(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "unpack", a, 2, 2)?;
    let (lay, _) = layout_of(vm, &a[0])?;
    unpack_with(vm, &lay, &a[1])
}

fn calcsize(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "calcsize", a, 1, 1)?;
    let (lay, _) = layout_of(vm, &a[0])?;
    Ok(Value::int(lay.size as i64))
}

fn pack_into_with(vm: &mut Vm, lay: &Layout, a: &[Value]) -> PyResult<Value> {
    if a.len() < 2 {
        return Err(vm.type_error("pack_into expected buffer and offset arguments"));
    }
    let data = pack_values(vm, lay, &a[2..], "pack_into")?;
    let buf = &a[0];
    let len = match buf.obj() {
        Some(Obj::ByteArray(b)) => b.borrow().len(),
        Some(Obj::MemoryView(m)) if !m.readonly() => m.nbytes,
        _ => {
            let tn = vm.type_name(buf);
            return Err(vm.type_error(format!(
                "argument must be read-write bytes-like object, not {tn}"
            )));
        }
    };
    let off = vm.index_value(&a[1], "offset")?;
    let off = checked_offset(vm, off, len, lay.size, "pack_into", "packing")?;
    match buf.obj() {
        Some(Obj::ByteArray(b)) => b.borrow_mut()[off..off + data.len()].copy_from_slice(&data),
        Some(Obj::MemoryView(m)) => m.write_at(off, &data),
        _ => {}
    }
    Ok(Value::NONE)
}

/// The offset into a `len`-byte buffer where `size` bytes are packed or unpacked (a
/// negative one counts from the end), with CPython's errors when they do not fit.
fn checked_offset(
    vm: &mut Vm,
    mut off: i64,
    len: usize,
    size: usize,
    fname: &str,
    what: &str,
) -> PyResult<usize> {
    if off < 0 {
        if off + (len as i64) < 0 {
            return Err(error(
                vm,
                &format!("offset {off} out of range for {len}-byte buffer"),
            ));
        }
        off += len as i64;
    }
    let off = off as usize;
    if len < off || len - off < size {
        return Err(error(
            vm,
            &format!(
                "{fname} requires a buffer of at least {} bytes for {what} {size} bytes at offset {off} (actual buffer size is {len})",
                size + off
            ),
        ));
    }
    Ok(off)
}

fn pack_into(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    if a.is_empty() {
        return Err(vm.type_error("pack_into expected at least 1 argument"));
    }
    let (lay, _) = layout_of(vm, &a[0])?;
    pack_into_with(vm, &lay, &a[1..])
}

fn unpack_from_with(vm: &mut Vm, lay: &Layout, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [buf, off] = crate::builtins::bind(vm, "unpack_from", a, kw, ["buffer", "offset"], 1)?;
    let b = buffer(vm, &buf.unwrap_or(Value::NONE))?;
    let off = match off {
        Some(o) => vm.index_value(&o, "offset")?,
        None => 0,
    };
    let off = checked_offset(vm, off, b.len(), lay.size, "unpack_from", "unpacking")?;
    Ok(unpack_values(lay, &b[off..]))
}

fn unpack_from(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    if a.is_empty() {
        return Err(vm.type_error("unpack_from expected at least 1 argument"));
    }
    let (lay, _) = layout_of(vm, &a[0])?;
    unpack_from_with(vm, &lay, &a[1..], kw)
}

struct UnpackIter {
    layout: Layout,
    data: Vec<u8>,
    pos: Cell<usize>,
}

impl NativeIterator for UnpackIter {
    fn next(&self, _vm: &mut Vm) -> PyResult<Option<Value>> {
        let p = self.pos.get();
        if p + self.layout.size > self.data.len() {
            return Ok(None);
        }
        self.pos.set(p + self.layout.size);
        Ok(Some(unpack_values(&self.layout, &self.data[p..])))
    }
}

fn iter_type(vm: &mut Vm) -> Value {
    vm.native_type("_struct.unpack_iterator", |vm| {
        vm.new_native_type(
            "_struct",
            "unpack_iterator",
            &[
                ("__new__", crate::object::native::no_new),
                ("__length_hint__", length_hint),
            ],
            true,
        )
    })
}

fn length_hint(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    let s = a[0]
        .native::<UnpackIter>()
        .ok_or_else(|| vm.type_error("descriptor requires an unpack_iterator"))?;
    let left = s.data.len().saturating_sub(s.pos.get()) / s.layout.size.max(1);
    Ok(Value::int(left as i64))
}

fn iter_unpack_with(vm: &mut Vm, lay: Layout, data: &Value) -> PyResult<Value> {
    let b = buffer(vm, data)?;
    if lay.size == 0 {
        return Err(error(
            vm,
            "cannot iteratively unpack with a struct of length 0",
        ));
    }
    if b.len() % lay.size != 0 {
        return Err(error(
            vm,
            &format!(
                "iterative unpacking requires a buffer of a multiple of {} bytes",
                lay.size
            ),
        ));
    }
    let t = iter_type(vm);
    Ok(vm.new_native(
        &t,
        &t,
        UnpackIter {
            layout: lay,
            data: b,
            pos: Cell::new(0),
        },
    ))
}

fn iter_unpack(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "iter_unpack", a, 2, 2)?;
    let (lay, _) = layout_of(vm, &a[0])?;
    iter_unpack_with(vm, lay, &a[1])
}

fn clearcache(_vm: &mut Vm, _a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(Value::NONE)
}

/// The state of a `Struct`: its format and parsed layout.
struct StructState {
    format: Value,
    layout: Layout,
}

impl NativeData for StructState {}

fn struct_type(vm: &mut Vm) -> Value {
    vm.native_type("_struct.Struct", |vm| {
        let t = vm.new_native_type(
            "_struct",
            "Struct",
            &[
                ("__new__", s_new),
                ("pack", s_pack),
                ("unpack", s_unpack),
                ("pack_into", s_pack_into),
                ("unpack_from", s_unpack_from),
                ("iter_unpack", s_iter_unpack),
            ],
            false,
        );
        crate::builtins::add_getters(&t, &[("format", s_format), ("size", s_size)]);
        t
    })
}

fn s_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [f] = crate::builtins::bind(vm, "Struct", &a[1..], kw, ["format"], 1)?;
    let f = f.unwrap_or(Value::NONE);
    let b = fmt_bytes(vm, &f)?;
    let layout = parse(vm, &b)?;
    let format = Value::string(String::from_utf8_lossy(&b).into_owned());
    let base = vm.native_base(&a[0], "Struct")?;
    Ok(vm.new_native(&a[0], &base, StructState { format, layout }))
}

fn s_state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a StructState> {
    v.native::<StructState>()
        .ok_or_else(|| vm.type_error("descriptor requires a '_struct.Struct' object"))
}

fn s_pack(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    let lay = s_state(vm, &a[0])?.layout.clone();
    Ok(Value::bytes(pack_values(vm, &lay, &a[1..], "pack")?))
}

fn s_unpack(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "unpack", a, 2, 2)?;
    let lay = s_state(vm, &a[0])?.layout.clone();
    unpack_with(vm, &lay, &a[1])
}

fn s_pack_into(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    let lay = s_state(vm, &a[0])?.layout.clone();
    pack_into_with(vm, &lay, &a[1..])
}

fn s_unpack_from(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let lay = s_state(vm, &a[0])?.layout.clone();
    unpack_from_with(vm, &lay, &a[1..], kw)
}

fn s_iter_unpack(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "iter_unpack", a, 2, 2)?;
    let lay = s_state(vm, &a[0])?.layout.clone();
    iter_unpack_with(vm, lay, &a[1])
}

fn s_format(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(s_state(vm, &a[0])?.format.clone())
}

fn s_size(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(Value::int(s_state(vm, &a[0])?.layout.size as i64))
}
