//! `zlib`, as CPython's `Modules/zlibmodule.c`: `compress`/`decompress`, the streaming
//! `compressobj`/`decompressobj` objects (`unused_data`, `unconsumed_tail`, `eof`,
//! `max_length`, `zdict`), `crc32`, `adler32`, `zlib.error` and the constants.
//!
//! Compression is the system's zlib (through flate2), the library CPython links, so the
//! bytes are CPython's. `wbits` selects the format as in CPython: 9..15 a zlib stream,
//! -9..-15 raw deflate, 25..31 gzip, and for decompression 0 (the header's window) and
//! 40..47 (zlib or gzip, whichever the data starts with). Left out: `memLevel` and
//! `strategy` other than the defaults (flate2 does not pass them; a ValueError says so),
//! and the `copy()` methods of the streaming objects.

use crate::builtins::{bind, bytes_methods::buffer_arg};
use crate::object::native::NativeData;
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};
use std::cell::RefCell;

type Kw<'a> = &'a [(Value, Value)];

const Z_NO_FLUSH: i64 = 0;
const Z_PARTIAL_FLUSH: i64 = 1;
const Z_SYNC_FLUSH: i64 = 2;
const Z_FULL_FLUSH: i64 = 3;
const Z_FINISH: i64 = 4;
const DEF_BUF_SIZE: usize = 16384;

pub fn install(vm: &mut Vm) {
    let error = vm.native_type("zlib.error", |vm| {
        crate::vm::native_class(
            "zlib",
            "error",
            crate::object::TypeKind::BaseException,
            &vm.exc.exception.clone(),
            false,
        )
    });
    let (ct, dt) = (compress_type(vm), decompress_type(vm));
    let d = super::new_native_module(
        vm,
        "zlib",
        &[
            ("compress", compress),
            ("decompress", decompress),
            ("compressobj", compressobj),
            ("decompressobj", decompressobj),
            ("crc32", crc32),
            ("adler32", adler32),
        ],
    );
    if let Some(d) = d.as_dict() {
        let mut d = d.borrow_mut();
        d.set_str("error", error);
        d.set_str("_Compress", ct);
        d.set_str("_Decompress", dt);
        for (k, v) in [
            ("MAX_WBITS", 15),
            ("DEFLATED", 8),
            ("DEF_MEM_LEVEL", 8),
            ("DEF_BUF_SIZE", DEF_BUF_SIZE as i64),
            ("Z_NO_COMPRESSION", 0),
            ("Z_BEST_SPEED", 1),
            ("Z_BEST_COMPRESSION", 9),
            ("Z_DEFAULT_COMPRESSION", -1),
            ("Z_FILTERED", 1),
            ("Z_HUFFMAN_ONLY", 2),
            ("Z_RLE", 3),
            ("Z_FIXED", 4),
            ("Z_DEFAULT_STRATEGY", 0),
            ("Z_NO_FLUSH", Z_NO_FLUSH),
            ("Z_PARTIAL_FLUSH", Z_PARTIAL_FLUSH),
            ("Z_SYNC_FLUSH", Z_SYNC_FLUSH),
            ("Z_FULL_FLUSH", Z_FULL_FLUSH),
            ("Z_FINISH", Z_FINISH),
            ("Z_BLOCK", 5),
            ("Z_TREES", 6),
        ] {
            d.set_str(k, Value::int(v));
        }
        for k in ["ZLIB_VERSION", "ZLIB_RUNTIME_VERSION"] {
            d.set_str(k, Value::str("1.2.13"));
        }
    }
}

fn error(vm: &mut Vm, msg: String) -> Value {
    let cls = vm.native_types.get("zlib.error").cloned();
    match cls {
        Some(c) => vm.new_exception(&c, vec![Value::string(msg)]),
        None => vm.runtime_error(msg),
    }
}

fn int_arg(vm: &mut Vm, v: Option<Value>, default: i64, what: &str) -> PyResult<i64> {
    match v {
        Some(v) => vm.index_value(&v, what),
        None => Ok(default),
    }
}

fn level_of(vm: &mut Vm, level: i64) -> PyResult<Compression> {
    match level {
        -1 => Ok(Compression::new(6)),
        0..=9 => Ok(Compression::new(level as u32)),
        _ => Err(error(vm, "Bad compression level".into())),
    }
}

/// A compressor for `wbits` (see the module doc).
fn new_compress(vm: &mut Vm, level: i64, wbits: i64) -> PyResult<Compress> {
    let level = level_of(vm, level)?;
    let w = |b: i64| b.clamp(9, 15) as u8;
    match wbits {
        8..=15 => Ok(Compress::new_with_window_bits(level, true, w(wbits))),
        -15..=-8 => Ok(Compress::new_with_window_bits(level, false, w(-wbits))),
        24..=31 => Ok(Compress::new_gzip(level, w(wbits - 16))),
        _ => Err(vm.value_error("Invalid initialization option")),
    }
}

/// A decompressor for `wbits`; `head` is the start of the data (for 40..47).
fn new_decompress(vm: &mut Vm, wbits: i64, head: &[u8]) -> PyResult<Decompress> {
    let w = |b: i64| b.clamp(9, 15) as u8;
    match wbits {
        0 => Ok(Decompress::new_with_window_bits(true, 15)),
        8..=15 => Ok(Decompress::new_with_window_bits(true, w(wbits))),
        -15..=-8 => Ok(Decompress::new_with_window_bits(false, w(-wbits))),
        24..=31 => Ok(Decompress::new_gzip(w(wbits - 16))),
        32 | 40..=47 => {
            let bits = if wbits == 32 { 15 } else { w(wbits - 32) };
            Ok(if head.starts_with(&[0x1f, 0x8b]) {
                Decompress::new_gzip(bits)
            } else {
                Decompress::new_with_window_bits(true, bits)
            })
        }
        _ => Err(vm.value_error("Invalid initialization option")),
    }
}

/// Runs `c` over all of `input` with `flush`: the output.
fn run_compress(
    vm: &mut Vm,
    c: &mut Compress,
    input: &[u8],
    flush: FlushCompress,
) -> PyResult<Vec<u8>> {
    let mut out = Vec::new();
    let start_in = c.total_in();
    loop {
        let used = (c.total_in() - start_in) as usize;
        let room = DEF_BUF_SIZE.max(out.len());
        let mut chunk = Vec::with_capacity(room);
        let st = c
            .compress_vec(&input[used..], &mut chunk, flush)
            .map_err(|e| error(vm, format!("Error -2 while compressing data: {e}")))?;
        let full = chunk.len() == chunk.capacity();
        out.extend_from_slice(&chunk);
        let all_in = (c.total_in() - start_in) as usize == input.len();
        match st {
            Status::StreamEnd => break,
            _ if flush == FlushCompress::Finish => {}
            _ if all_in && !full => break,
            _ => {}
        }
    }
    Ok(out)
}

enum Inflated {
    /// The stream ended: how much input it used.
    End(usize),
    /// More input is needed (everything given was used).
    More,
    /// Output reached `max_length`: how much input was used.
    Full(usize),
}

/// Runs `d` over `input`, appending at most `max` bytes (0: no limit) to `out`; a stream
/// that asks for a preset dictionary gets `zdict`.
fn run_decompress(
    vm: &mut Vm,
    d: &mut Decompress,
    input: &[u8],
    out: &mut Vec<u8>,
    max: usize,
    zdict: Option<&[u8]>,
) -> PyResult<Inflated> {
    let start_in = d.total_in();
    loop {
        let used = (d.total_in() - start_in) as usize;
        if max > 0 && out.len() >= max {
            return Ok(Inflated::Full(used));
        }
        let mut room = DEF_BUF_SIZE.max(out.len());
        if max > 0 {
            room = room.min(max - out.len());
        }
        let mut chunk = Vec::with_capacity(room);
        match d.decompress_vec(&input[used..], &mut chunk, FlushDecompress::None) {
            Ok(st) => {
                let full = chunk.len() == chunk.capacity();
                out.extend_from_slice(&chunk);
                let used_now = (d.total_in() - start_in) as usize;
                if st == Status::StreamEnd {
                    return Ok(Inflated::End(used_now));
                }
                if used_now == input.len() && !full {
                    return Ok(Inflated::More);
                }
                if chunk.is_empty() && used_now == used {
                    return Ok(Inflated::More);
                }
            }
            Err(e) => {
                if let (Some(_), Some(dict)) = (e.needs_dictionary(), zdict) {
                    d.set_dictionary(dict)
                        .map_err(|e| error(vm, format!("Error -3 while setting zdict: {e}")))?;
                    continue;
                }
                let msg = match e.needs_dictionary() {
                    Some(_) => "Error 2 while decompressing data".to_string(),
                    None => format!(
                        "Error -3 while decompressing data: {}",
                        e.message().unwrap_or("invalid data")
                    ),
                };
                return Err(error(vm, msg));
            }
        }
    }
}

fn compress(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [data, level, wbits] = bind(vm, "compress", a, k, ["data", "level", "wbits"], 1)?;
    let data = buffer_arg(vm, &data.unwrap_or(Value::NONE))?;
    let level = int_arg(vm, level, -1, "level")?;
    let wbits = int_arg(vm, wbits, 15, "wbits")?;
    let mut c = new_compress(vm, level, wbits)?;
    Ok(Value::bytes(run_compress(
        vm,
        &mut c,
        &data,
        FlushCompress::Finish,
    )?))
}

fn decompress(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [data, wbits, bufsize] = bind(vm, "decompress", a, k, ["data", "wbits", "bufsize"], 1)?;
    let data = buffer_arg(vm, &data.unwrap_or(Value::NONE))?;
    let wbits = int_arg(vm, wbits, 15, "wbits")?;
    if int_arg(vm, bufsize, DEF_BUF_SIZE as i64, "bufsize")? < 0 {
        return Err(vm.value_error("bufsize must be non-negative"));
    }
    let mut d = new_decompress(vm, wbits, &data)?;
    let mut out = Vec::new();
    match run_decompress(vm, &mut d, &data, &mut out, 0, None)? {
        Inflated::End(_) => Ok(Value::bytes(out)),
        _ => Err(error(
            vm,
            "Error -5 while decompressing data: incomplete or truncated stream".into(),
        )),
    }
}

struct Compressor {
    c: RefCell<Option<Compress>>,
}
impl NativeData for Compressor {}

struct Decompressor {
    d: RefCell<Decompress>,
    zdict: Option<Vec<u8>>,
    unused: RefCell<Vec<u8>>,
    tail: RefCell<Vec<u8>>,
    eof: std::cell::Cell<bool>,
    wbits: i64,
}
impl NativeData for Decompressor {}

fn compress_type(vm: &mut Vm) -> Value {
    vm.native_type("zlib.Compress", |vm| {
        vm.new_native_type(
            "zlib",
            "Compress",
            &[
                ("__new__", crate::object::native::no_new),
                ("compress", c_compress),
                ("flush", c_flush),
            ],
            false,
        )
    })
}

fn decompress_type(vm: &mut Vm) -> Value {
    vm.native_type("zlib.Decompress", |vm| {
        let t = vm.new_native_type(
            "zlib",
            "Decompress",
            &[
                ("__new__", crate::object::native::no_new),
                ("decompress", d_decompress),
                ("flush", d_flush),
            ],
            false,
        );
        crate::builtins::add_getters(
            &t,
            &[
                ("unused_data", d_unused),
                ("unconsumed_tail", d_tail),
                ("eof", d_eof),
            ],
        );
        t
    })
}

fn compressobj(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [level, method, wbits, mem, strategy, zdict] = bind(
        vm,
        "compressobj",
        a,
        k,
        ["level", "method", "wbits", "memLevel", "strategy", "zdict"],
        0,
    )?;
    let level = int_arg(vm, level, -1, "level")?;
    let wbits = int_arg(vm, wbits, 15, "wbits")?;
    if int_arg(vm, method, 8, "method")? != 8 {
        return Err(vm.value_error("Invalid initialization option"));
    }
    let mem = int_arg(vm, mem, 8, "memLevel")?;
    let strategy = int_arg(vm, strategy, 0, "strategy")?;
    if !(1..=9).contains(&mem) || !(0..=4).contains(&strategy) {
        return Err(vm.value_error("Invalid initialization option"));
    }
    if mem != 8 || strategy != 0 {
        return Err(vm.value_error(
            "pycrane's zlib supports only the default memLevel (8) and strategy (0)",
        ));
    }
    let mut c = new_compress(vm, level, wbits)?;
    if let Some(z) = zdict.filter(|z| !z.is_none()) {
        let z = buffer_arg(vm, &z)?;
        c.set_dictionary(&z)
            .map_err(|e| error(vm, format!("Error -2 while setting zdict: {e}")))?;
    }
    let t = compress_type(vm);
    Ok(vm.new_native(
        &t,
        &t,
        Compressor {
            c: RefCell::new(Some(c)),
        },
    ))
}

fn compressor<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a Compressor> {
    v.native::<Compressor>()
        .ok_or_else(|| vm.type_error("a zlib.Compress object is required"))
}

/// Runs `f` on the compressor of `this`; after `flush()` finished the stream, CPython's
/// "inconsistent stream state" error while `what`.
fn with_compressor<R>(
    vm: &mut Vm,
    this: &Value,
    what: &str,
    f: impl FnOnce(&mut Vm, &mut Compress) -> PyResult<R>,
) -> PyResult<R> {
    let st = compressor(vm, this)?;
    let mut guard = st.c.borrow_mut();
    match guard.as_mut() {
        Some(c) => f(vm, c),
        None => {
            drop(guard);
            let msg = format!("Error -2 while {what}: inconsistent stream state");
            Err(error(vm, msg))
        }
    }
}

fn c_compress(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [this, data] = bind(vm, "compress", a, k, ["self", "data"], 2)?;
    let this = this.unwrap_or(Value::NONE);
    let data = buffer_arg(vm, &data.unwrap_or(Value::NONE))?;
    let out = with_compressor(vm, &this, "compressing data", |vm, c| {
        run_compress(vm, c, &data, FlushCompress::None)
    })?;
    Ok(Value::bytes(out))
}

fn c_flush(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [this, mode] = bind(vm, "flush", a, k, ["self", "mode"], 1)?;
    let this = this.unwrap_or(Value::NONE);
    let mode = int_arg(vm, mode, Z_FINISH, "mode")?;
    let flush = match mode {
        Z_NO_FLUSH => return Ok(Value::bytes(vec![])),
        Z_PARTIAL_FLUSH => FlushCompress::Partial,
        Z_SYNC_FLUSH => FlushCompress::Sync,
        Z_FULL_FLUSH => FlushCompress::Full,
        _ => FlushCompress::Finish,
    };
    let out = with_compressor(vm, &this, "flushing", |vm, c| {
        run_compress(vm, c, &[], flush)
    })?;
    if flush == FlushCompress::Finish {
        *compressor(vm, &this)?.c.borrow_mut() = None;
    }
    Ok(Value::bytes(out))
}

fn decompressobj(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [wbits, zdict] = bind(vm, "decompressobj", a, k, ["wbits", "zdict"], 0)?;
    let wbits = int_arg(vm, wbits, 15, "wbits")?;
    let zdict = match zdict.filter(|z| !z.is_none()) {
        Some(z) => Some(buffer_arg(vm, &z)?),
        None => None,
    };
    // Auto-detection needs the data's first bytes: decided on the first call then.
    let d = new_decompress(vm, if wbits >= 32 { 15 } else { wbits }, &[])?;
    let mut d = d;
    if let (Some(z), true) = (&zdict, (-15..=-8).contains(&wbits)) {
        d.set_dictionary(z)
            .map_err(|e| error(vm, format!("Error -3 while setting zdict: {e}")))?;
    }
    let t = decompress_type(vm);
    let st = Decompressor {
        d: RefCell::new(d),
        zdict,
        unused: RefCell::new(vec![]),
        tail: RefCell::new(vec![]),
        eof: std::cell::Cell::new(false),
        wbits,
    };
    Ok(vm.new_native(&t, &t, st))
}

fn decompressor<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a Decompressor> {
    v.native::<Decompressor>()
        .ok_or_else(|| vm.type_error("a zlib.Decompress object is required"))
}

fn d_decompress(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [this, data, max] = bind(vm, "decompress", a, k, ["self", "data", "max_length"], 2)?;
    let this = this.unwrap_or(Value::NONE);
    let data = buffer_arg(vm, &data.unwrap_or(Value::NONE))?;
    let max = int_arg(vm, max, 0, "max_length")?;
    if max < 0 {
        return Err(vm.value_error("max_length must be non-negative"));
    }
    inflate_into(vm, &this, &data, max as usize)
}

fn inflate_into(vm: &mut Vm, this: &Value, data: &[u8], max: usize) -> PyResult<Value> {
    let st = decompressor(vm, this)?;
    if st.eof.get() {
        st.unused.borrow_mut().extend_from_slice(data);
        return Ok(Value::bytes(vec![]));
    }
    let wbits = st.wbits;
    if wbits >= 32 && st.d.borrow().total_in() == 0 && !data.is_empty() {
        let fresh = new_decompress(vm, wbits, data)?;
        *st.d.borrow_mut() = fresh;
    }
    let zdict = st.zdict.clone();
    let mut d = st.d.borrow_mut();
    let mut out = Vec::new();
    let r = run_decompress(vm, &mut d, data, &mut out, max, zdict.as_deref());
    drop(d);
    match r? {
        Inflated::End(used) => {
            st.eof.set(true);
            st.unused.borrow_mut().extend_from_slice(&data[used..]);
            st.tail.borrow_mut().clear();
        }
        Inflated::More => st.tail.borrow_mut().clear(),
        Inflated::Full(used) => *st.tail.borrow_mut() = data[used..].to_vec(),
    }
    Ok(Value::bytes(out))
}

fn d_flush(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [this, length] = bind(vm, "flush", a, k, ["self", "length"], 1)?;
    let this = this.unwrap_or(Value::NONE);
    if int_arg(vm, length, DEF_BUF_SIZE as i64, "length")? <= 0 {
        return Err(vm.value_error("length must be greater than zero"));
    }
    let tail = std::mem::take(&mut *decompressor(vm, &this)?.tail.borrow_mut());
    inflate_into(vm, &this, &tail, 0)
}

fn d_unused(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(Value::bytes(
        decompressor(vm, &a[0])?.unused.borrow().clone(),
    ))
}

fn d_tail(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(Value::bytes(decompressor(vm, &a[0])?.tail.borrow().clone()))
}

fn d_eof(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(Value::bool(decompressor(vm, &a[0])?.eof.get()))
}

/// CRC-32 (ISO-HDLC, zlib's), continuing from `value`.
pub fn crc32_update(value: u32, data: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = [0u32; 256];
        for (i, e) in t.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *e = c;
        }
        t
    });
    let mut c = !value;
    for &b in data {
        c = table[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8);
    }
    !c
}

/// The running value a checksum continues from (an int, taken modulo 2**32).
pub(crate) fn checksum_start(vm: &mut Vm, value: Option<Value>, default: u32) -> PyResult<u32> {
    let Some(v) = value else {
        return Ok(default);
    };
    let mask = num_bigint::BigInt::from(0xFFFF_FFFFu32);
    vm.to_bigint(&v)
        .and_then(|b| u32::try_from(b & mask).ok())
        .ok_or_else(|| {
            let tn = vm.type_name(&v);
            vm.type_error(format!("'{tn}' object cannot be interpreted as an integer"))
        })
}

fn crc32(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [data, value] = bind(vm, "crc32", a, k, ["data", "value"], 1)?;
    let data = buffer_arg(vm, &data.unwrap_or(Value::NONE))?;
    let start = checksum_start(vm, value, 0)?;
    Ok(Value::int(i64::from(crc32_update(start, &data))))
}

fn adler32(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let [data, value] = bind(vm, "adler32", a, k, ["data", "value"], 1)?;
    let data = buffer_arg(vm, &data.unwrap_or(Value::NONE))?;
    let start = checksum_start(vm, value, 1)?;
    const MOD: u32 = 65521;
    let (mut s1, mut s2) = (start & 0xFFFF, start >> 16);
    for chunk in data.chunks(5552) {
        for &b in chunk {
            s1 += u32::from(b);
            s2 += s1;
        }
        s1 %= MOD;
        s2 %= MOD;
    }
    Ok(Value::int(i64::from((s2 << 16) | s1)))
}
