//! `bytes` and `bytearray`: construction, methods, and bytearray item assignment.
//!
//! Methods shared by both types return an object of the receiver's type (`bytearray.upper()`
//! is a bytearray); the receiver's bytes are copied out first, so no borrow is held while
//! results are built.

use super::codecs;
use super::{add_methods, check_arity, kwarg};
use crate::object::{NativeFn, Obj};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

const SHARED: &[(&str, NativeFn)] = &[
    ("decode", b_decode),
    ("hex", b_hex),
    ("upper", b_upper),
    ("lower", b_lower),
    ("title", b_title),
    ("capitalize", b_capitalize),
    ("swapcase", b_swapcase),
    ("split", b_split),
    ("rsplit", b_rsplit),
    ("strip", b_strip),
    ("lstrip", b_lstrip),
    ("rstrip", b_rstrip),
    ("replace", b_replace),
    ("find", b_find),
    ("rfind", b_rfind),
    ("index", b_index),
    ("rindex", b_rindex),
    ("count", b_count),
    ("startswith", b_startswith),
    ("endswith", b_endswith),
    ("join", b_join),
    ("center", b_center),
    ("ljust", b_ljust),
    ("rjust", b_rjust),
    ("partition", b_partition),
    ("rpartition", b_rpartition),
    ("removeprefix", b_removeprefix),
    ("removesuffix", b_removesuffix),
    ("isalpha", b_isalpha),
    ("isdigit", b_isdigit),
    ("isalnum", b_isalnum),
    ("isspace", b_isspace),
    ("isupper", b_isupper),
    ("islower", b_islower),
    ("isascii", b_isascii),
    ("translate", b_translate),
];

pub fn install(vm: &mut Vm) {
    let t = &vm.types;
    add_methods(&t.bytes, "bytes", SHARED);
    add_methods(&t.bytearray, "bytearray", SHARED);
    add_methods(
        &t.bytearray,
        "bytearray",
        &[
            ("append", ba_append),
            ("extend", ba_extend),
            ("pop", ba_pop),
            ("insert", ba_insert),
            ("remove", ba_remove),
            ("clear", ba_clear),
            ("copy", ba_copy),
            ("reverse", ba_reverse),
        ],
    );
    for t in [&t.bytes, &t.bytearray] {
        if let Some(ty) = t.as_type() {
            let mut d = ty.dict.borrow_mut();
            d.set_str(
                "fromhex",
                Value::new_obj(Obj::ClassMethod(super::native("fromhex", b_fromhex))),
            );
            d.set_str(
                "maketrans",
                Value::new_obj(Obj::StaticMethod(super::native("maketrans", b_maketrans))),
            );
        }
    }
}

// ----- construction ----------------------------------------------------------------------

fn make(data: Vec<u8>, bytearray: bool) -> Value {
    if bytearray {
        Value::bytearray(data)
    } else {
        Value::bytes(data)
    }
}

/// `bytes(...)` / `bytearray(...)`: from nothing, a str and encoding, a count, a bytes-like
/// object or an iterable of ints.
pub fn construct(vm: &mut Vm, args: &[Value], kwargs: Kw, bytearray: bool) -> PyResult<Value> {
    let name = if bytearray { "bytearray" } else { "bytes" };
    check_arity(vm, name, args, 0, 3)?;
    let encoding = args
        .get(1)
        .cloned()
        .or_else(|| kwarg(vm, kwargs, "encoding"));
    let errors = args.get(2).cloned().or_else(|| kwarg(vm, kwargs, "errors"));
    let Some(v) = args.first() else {
        return Ok(make(vec![], bytearray));
    };
    if let Some(s) = v.as_str() {
        let Some(enc) = encoding else {
            return Err(vm.type_error("string argument without an encoding"));
        };
        let enc = text_arg(vm, &enc, name, "encoding")?;
        let errors = match errors {
            Some(e) => text_arg(vm, &e, name, "errors")?,
            None => "strict".into(),
        };
        let text = s.as_str().to_string();
        let b = codecs::encode_str(vm, &text, &enc, &errors)?;
        return Ok(make(b.bytes_data().unwrap_or_default(), bytearray));
    }
    if encoding.is_some() {
        return Err(vm.type_error("encoding without a string argument"));
    }
    if let Some(b) = v.bytes_data() {
        return Ok(make(b, bytearray));
    }
    if v.is_int() {
        let n = vm
            .to_i64(v)
            .ok_or_else(|| vm.overflow_error("cannot fit 'int' into an index-sized integer"))?;
        if n < 0 {
            return Err(vm.value_error("negative count"));
        }
        vm.check_alloc(n as usize)?;
        return Ok(make(vec![0; n as usize], bytearray));
    }
    let mut out = vec![];
    for x in vm.collect(v)? {
        out.push(byte_value(vm, &x, "bytes must be in range(0, 256)")?);
    }
    Ok(make(out, bytearray))
}

fn text_arg(vm: &Vm, v: &Value, func: &str, what: &str) -> PyResult<String> {
    match v.as_str() {
        Some(s) => Ok(s.as_str().to_string()),
        None => {
            let tn = vm.type_name(v);
            Err(vm.type_error(format!("{func}() argument '{what}' must be str, not {tn}")))
        }
    }
}

/// An int in `range(0, 256)`; `range_msg` is the ValueError text otherwise.
fn byte_value(vm: &mut Vm, v: &Value, range_msg: &str) -> PyResult<u8> {
    if !v.is_int() {
        let tn = vm.type_name(v);
        return Err(vm.type_error(format!("'{tn}' object cannot be interpreted as an integer")));
    }
    match vm.to_i64(v) {
        Some(i) if (0..256).contains(&i) => Ok(i as u8),
        _ => Err(vm.value_error(range_msg)),
    }
}

// ----- argument helpers ------------------------------------------------------------------

fn this(vm: &Vm, args: &[Value]) -> PyResult<(Vec<u8>, bool)> {
    match args.first() {
        Some(v) => match v.obj() {
            Some(Obj::Bytes(b)) => Ok((b.to_vec(), false)),
            Some(Obj::ByteArray(b)) => Ok((b.borrow().clone(), true)),
            Some(Obj::MemoryView(m)) => Ok((m.bytes(), false)),
            _ => Err(vm.type_error("descriptor requires a 'bytes' object")),
        },
        None => Err(vm.type_error("descriptor needs an argument")),
    }
}

/// A bytes-like argument.
pub fn buffer_arg(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    v.bytes_data().ok_or_else(|| {
        let tn = vm.type_name(v);
        vm.type_error(format!("a bytes-like object is required, not '{tn}'"))
    })
}

/// A needle for find/count/index: bytes-like, or an int byte value.
fn needle_arg(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if v.is_int() {
        return Ok(vec![byte_value(vm, v, "byte must be in range(0, 256)")?]);
    }
    match v.bytes_data() {
        Some(b) => Ok(b),
        None => {
            let tn = vm.type_name(v);
            Err(vm.type_error(format!(
                "argument should be integer or bytes-like object, not '{tn}'"
            )))
        }
    }
}

/// Optional `start`/`end` arguments at `args[from..]`, adjusted like slice bounds.
fn span(vm: &mut Vm, args: &[Value], from: usize, len: usize) -> PyResult<(usize, usize)> {
    let mut get = |i: usize, default: i64| -> PyResult<i64> {
        match args.get(i) {
            Some(v) if !v.is_none() => vm.index_value(v, "slice"),
            _ => Ok(default),
        }
    };
    let n = len as i64;
    let fix = |i: i64| if i < 0 { (i + n).max(0) } else { i.min(n) };
    let start = fix(get(from, 0)?);
    let end = fix(get(from + 1, n)?);
    Ok((start as usize, end.max(start) as usize))
}

fn find_sub(hay: &[u8], needle: &[u8], rev: bool) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    let mut positions = 0..=hay.len() - needle.len();
    let hit = |&i: &usize| &hay[i..i + needle.len()] == needle;
    if rev {
        positions.rev().find(hit)
    } else {
        positions.find(hit)
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// `item in b` for a bytes or bytearray `b`: an int byte value or a bytes-like substring.
pub fn bytes_contains(vm: &mut Vm, container: &Value, item: &Value) -> PyResult<bool> {
    let hay = container.bytes_data().unwrap_or_default();
    let needle = needle_arg(vm, item)?;
    Ok(find_sub(&hay, &needle, false).is_some())
}

// ----- methods ---------------------------------------------------------------------------

fn b_decode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    check_arity(vm, "decode", args, 1, 3)?;
    let (b, _) = this(vm, args)?;
    let enc = match args.get(1).cloned().or_else(|| kwarg(vm, kw, "encoding")) {
        Some(e) => text_arg(vm, &e, "decode", "encoding")?,
        None => "utf-8".into(),
    };
    let errors = match args.get(2).cloned().or_else(|| kwarg(vm, kw, "errors")) {
        Some(e) => text_arg(vm, &e, "decode", "errors")?,
        None => "strict".into(),
    };
    codecs::decode_bytes(vm, &b, &enc, &errors)
}

fn b_hex(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "hex", args, 1, 1)?;
    let (b, _) = this(vm, args)?;
    Ok(Value::string(
        b.iter().map(|x| format!("{x:02x}")).collect(),
    ))
}

fn b_fromhex(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "fromhex", args, 2, 2)?;
    let bytearray = args[0].is(&vm.types.bytearray);
    let s = text_arg(vm, &args[1], "fromhex", "string")?;
    let chars: Vec<char> = s.chars().collect();
    let mut out = vec![];
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let hi = chars[i].to_digit(16);
        let lo = chars.get(i + 1).and_then(|c| c.to_digit(16));
        match (hi, lo) {
            (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
            _ => {
                let at = if hi.is_some() { i + 1 } else { i };
                return Err(vm.value_error(format!(
                    "non-hexadecimal number found in fromhex() arg at position {at}"
                )));
            }
        }
        i += 2;
    }
    Ok(make(out, bytearray))
}

fn map_bytes(vm: &mut Vm, args: &[Value], f: impl Fn(&[u8]) -> Vec<u8>) -> PyResult<Value> {
    let (b, ba) = this(vm, args)?;
    Ok(make(f(&b), ba))
}

/// `b.translate(table, /, delete=b'')`: `table` maps each byte (None: identity).
fn b_translate(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    check_arity(vm, "translate", args, 2, 3)?;
    let (b, ba) = this(vm, args)?;
    let delete = match args.get(2).cloned().or_else(|| kwarg(vm, kw, "delete")) {
        Some(d) => buffer_arg(vm, &d)?,
        None => vec![],
    };
    let table = if args[1].is_none() {
        None
    } else {
        let t = buffer_arg(vm, &args[1])?;
        if t.len() != 256 {
            return Err(vm.value_error("translation table must be 256 characters long"));
        }
        Some(t)
    };
    let out = b
        .iter()
        .filter(|c| !delete.contains(c))
        .map(|&c| table.as_ref().map_or(c, |t| t[c as usize]))
        .collect();
    Ok(make(out, ba))
}

/// `bytes.maketrans(from, to)`: the 256-byte table mapping each byte of `from` to the
/// byte at the same place in `to`.
fn b_maketrans(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "maketrans", args, 2, 2)?;
    let (from, to) = (buffer_arg(vm, &args[0])?, buffer_arg(vm, &args[1])?);
    if from.len() != to.len() {
        return Err(vm.value_error("maketrans arguments must have same length"));
    }
    let mut table: Vec<u8> = (0..=255).collect();
    for (f, t) in from.iter().zip(&to) {
        table[*f as usize] = *t;
    }
    Ok(Value::bytes(table))
}

fn b_upper(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    map_bytes(vm, args, |b| b.to_ascii_uppercase())
}
fn b_lower(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    map_bytes(vm, args, |b| b.to_ascii_lowercase())
}
fn b_swapcase(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    map_bytes(vm, args, |b| {
        b.iter()
            .map(|&c| {
                if c.is_ascii_uppercase() {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                }
            })
            .collect()
    })
}
fn b_title(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    map_bytes(vm, args, |b| {
        let mut prev_cased = false;
        b.iter()
            .map(|&c| {
                let r = if prev_cased {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                };
                prev_cased = c.is_ascii_alphabetic();
                r
            })
            .collect()
    })
}
fn b_capitalize(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    map_bytes(vm, args, |b| {
        b.iter()
            .enumerate()
            .map(|(i, &c)| {
                if i == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect()
    })
}

fn split_impl(vm: &mut Vm, args: &[Value], kw: Kw, rev: bool) -> PyResult<Value> {
    check_arity(vm, "split", args, 1, 3)?;
    let (b, ba) = this(vm, args)?;
    let sep = args.get(1).cloned().or_else(|| kwarg(vm, kw, "sep"));
    let max = match args.get(2).cloned().or_else(|| kwarg(vm, kw, "maxsplit")) {
        Some(m) => vm.index_value(&m, "maxsplit")?,
        None => -1,
    };
    let max = if max < 0 { usize::MAX } else { max as usize };
    let mut parts: Vec<Vec<u8>> = vec![];
    match sep.filter(|s| !s.is_none()) {
        None => {
            // Runs of ASCII whitespace separate; leading/trailing whitespace is dropped.
            let mut rest: &[u8] = &b;
            loop {
                let trim = |r: &[u8]| -> usize { r.iter().take_while(|&&c| is_space(c)).count() };
                if rev {
                    let n = rest.iter().rev().take_while(|&&c| is_space(c)).count();
                    rest = &rest[..rest.len() - n];
                } else {
                    rest = &rest[trim(rest)..];
                }
                if rest.is_empty() {
                    break;
                }
                if parts.len() == max {
                    parts.push(rest.to_vec());
                    break;
                }
                if rev {
                    let n = rest.iter().rev().take_while(|&&c| !is_space(c)).count();
                    parts.push(rest[rest.len() - n..].to_vec());
                    rest = &rest[..rest.len() - n];
                } else {
                    let n = rest.iter().take_while(|&&c| !is_space(c)).count();
                    parts.push(rest[..n].to_vec());
                    rest = &rest[n..];
                }
            }
        }
        Some(sep) => {
            let sep = buffer_arg(vm, &sep)?;
            if sep.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            let mut rest: &[u8] = &b;
            while parts.len() < max {
                match find_sub(rest, &sep, rev) {
                    Some(i) if rev => {
                        parts.push(rest[i + sep.len()..].to_vec());
                        rest = &rest[..i];
                    }
                    Some(i) => {
                        parts.push(rest[..i].to_vec());
                        rest = &rest[i + sep.len()..];
                    }
                    None => break,
                }
            }
            parts.push(rest.to_vec());
        }
    }
    if rev {
        parts.reverse();
    }
    Ok(Value::list(
        parts.into_iter().map(|p| make(p, ba)).collect(),
    ))
}
fn b_split(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    split_impl(vm, args, kw, false)
}
fn b_rsplit(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    split_impl(vm, args, kw, true)
}

/// `strip` family: `which` bit 1 strips the left, bit 2 the right.
fn strip_impl(vm: &mut Vm, args: &[Value], which: u8) -> PyResult<Value> {
    check_arity(vm, "strip", args, 1, 2)?;
    let (b, ba) = this(vm, args)?;
    let chars = match args.get(1).filter(|v| !v.is_none()) {
        Some(v) => Some(buffer_arg(vm, v)?),
        None => None,
    };
    let strip = |c: &u8| match &chars {
        Some(set) => set.contains(c),
        None => is_space(*c),
    };
    let mut lo = 0;
    let mut hi = b.len();
    if which & 1 != 0 {
        while lo < hi && strip(&b[lo]) {
            lo += 1;
        }
    }
    if which & 2 != 0 {
        while hi > lo && strip(&b[hi - 1]) {
            hi -= 1;
        }
    }
    Ok(make(b[lo..hi].to_vec(), ba))
}
fn b_strip(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    strip_impl(vm, args, 3)
}
fn b_lstrip(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    strip_impl(vm, args, 1)
}
fn b_rstrip(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    strip_impl(vm, args, 2)
}

fn b_replace(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "replace", args, 3, 4)?;
    let (b, ba) = this(vm, args)?;
    let old = buffer_arg(vm, &args[1])?;
    let new = buffer_arg(vm, &args[2])?;
    let mut count = match args.get(3) {
        Some(c) => vm.index_value(c, "count")?,
        None => -1,
    };
    let mut out = vec![];
    let mut i = 0;
    while count != 0 {
        if old.is_empty() {
            out.extend_from_slice(&new);
            if i < b.len() {
                out.push(b[i]);
                i += 1;
            } else {
                i = b.len() + 1;
                break;
            }
        } else {
            match find_sub(&b[i..], &old, false) {
                Some(j) => {
                    out.extend_from_slice(&b[i..i + j]);
                    out.extend_from_slice(&new);
                    i += j + old.len();
                }
                None => break,
            }
        }
        count -= 1;
    }
    if i <= b.len() {
        out.extend_from_slice(&b[i..]);
    }
    Ok(make(out, ba))
}

fn find_impl(vm: &mut Vm, args: &[Value], rev: bool) -> PyResult<i64> {
    check_arity(vm, "find", args, 2, 4)?;
    let (b, _) = this(vm, args)?;
    let needle = needle_arg(vm, &args[1])?;
    let (lo, hi) = span(vm, args, 2, b.len())?;
    Ok(match find_sub(&b[lo..hi], &needle, rev) {
        Some(i) => (lo + i) as i64,
        None => -1,
    })
}
fn b_find(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    find_impl(vm, args, false).map(Value::int)
}
fn b_rfind(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    find_impl(vm, args, true).map(Value::int)
}
fn b_index(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    match find_impl(vm, args, false)? {
        -1 => Err(vm.value_error("subsection not found")),
        i => Ok(Value::int(i)),
    }
}
fn b_rindex(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    match find_impl(vm, args, true)? {
        -1 => Err(vm.value_error("subsection not found")),
        i => Ok(Value::int(i)),
    }
}
fn b_count(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "count", args, 2, 4)?;
    let (b, _) = this(vm, args)?;
    let needle = needle_arg(vm, &args[1])?;
    let (lo, hi) = span(vm, args, 2, b.len())?;
    let hay = &b[lo..hi];
    if needle.is_empty() {
        return Ok(Value::int(hay.len() as i64 + 1));
    }
    let mut n = 0;
    let mut i = 0;
    while let Some(j) = find_sub(&hay[i..], &needle, false) {
        n += 1;
        i += j + needle.len();
    }
    Ok(Value::int(n))
}

fn affix_impl(vm: &mut Vm, args: &[Value], ends: bool) -> PyResult<Value> {
    let name = if ends { "endswith" } else { "startswith" };
    check_arity(vm, name, args, 2, 4)?;
    let (b, _) = this(vm, args)?;
    let (lo, hi) = span(vm, args, 2, b.len())?;
    let hay = &b[lo..hi];
    let candidates = match args[1].as_tuple() {
        Some(t) => t.to_vec(),
        None => vec![args[1].clone()],
    };
    for c in &candidates {
        let Some(p) = c.bytes_data() else {
            let tn = vm.type_name(c);
            return Err(vm.type_error(format!(
                "{name} first arg must be bytes or a tuple of bytes, not {tn}"
            )));
        };
        let hit = if ends {
            hay.ends_with(&p)
        } else {
            hay.starts_with(&p)
        };
        if hit {
            return Ok(Value::TRUE);
        }
    }
    Ok(Value::FALSE)
}
fn b_startswith(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    affix_impl(vm, args, false)
}
fn b_endswith(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    affix_impl(vm, args, true)
}

fn b_join(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "join", args, 2, 2)?;
    let (sep, ba) = this(vm, args)?;
    let items = vm.collect(&args[1])?;
    let mut out = vec![];
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        match it.bytes_data() {
            Some(b) => out.extend_from_slice(&b),
            None => {
                let tn = vm.type_name(it);
                return Err(vm.type_error(format!(
                    "sequence item {i}: expected a bytes-like object, {tn} found"
                )));
            }
        }
    }
    Ok(make(out, ba))
}

/// `center` (0), `ljust` (1), `rjust` (2).
fn pad_impl(vm: &mut Vm, args: &[Value], name: &str, how: u8) -> PyResult<Value> {
    check_arity(vm, name, args, 2, 3)?;
    let (b, ba) = this(vm, args)?;
    let width = vm.index_value(&args[1], "width")?.max(0) as usize;
    vm.check_alloc(width)?;
    let fill = match args.get(2) {
        Some(f) => match f.bytes_data() {
            Some(f) if f.len() == 1 => f[0],
            _ => {
                let tn = vm.type_name(f);
                return Err(vm.type_error(format!(
                    "{name}() argument 2 must be a byte string of length 1, not {tn}"
                )));
            }
        },
        None => b' ',
    };
    if width <= b.len() {
        return Ok(make(b, ba));
    }
    let total = width - b.len();
    let left = match how {
        0 => total / 2 + (total & width & 1),
        1 => 0,
        _ => total,
    };
    let mut out = vec![fill; left];
    out.extend_from_slice(&b);
    out.resize(width, fill);
    Ok(make(out, ba))
}
fn b_center(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pad_impl(vm, args, "center", 0)
}
fn b_ljust(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pad_impl(vm, args, "ljust", 1)
}
fn b_rjust(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pad_impl(vm, args, "rjust", 2)
}

fn partition_impl(vm: &mut Vm, args: &[Value], rev: bool) -> PyResult<Value> {
    check_arity(vm, "partition", args, 2, 2)?;
    let (b, ba) = this(vm, args)?;
    let sep = buffer_arg(vm, &args[1])?;
    if sep.is_empty() {
        return Err(vm.value_error("empty separator"));
    }
    let parts = match find_sub(&b, &sep, rev) {
        Some(i) => [b[..i].to_vec(), sep.clone(), b[i + sep.len()..].to_vec()],
        None if rev => [vec![], vec![], b],
        None => [b, vec![], vec![]],
    };
    Ok(Value::tuple(
        parts.into_iter().map(|p| make(p, ba)).collect(),
    ))
}
fn b_partition(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    partition_impl(vm, args, false)
}
fn b_rpartition(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    partition_impl(vm, args, true)
}

fn b_removeprefix(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "removeprefix", args, 2, 2)?;
    let (b, ba) = this(vm, args)?;
    let p = buffer_arg(vm, &args[1])?;
    Ok(make(b.strip_prefix(&p[..]).unwrap_or(&b).to_vec(), ba))
}
fn b_removesuffix(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "removesuffix", args, 2, 2)?;
    let (b, ba) = this(vm, args)?;
    let p = buffer_arg(vm, &args[1])?;
    Ok(make(b.strip_suffix(&p[..]).unwrap_or(&b).to_vec(), ba))
}

fn pred(vm: &mut Vm, args: &[Value], f: impl Fn(&[u8]) -> bool) -> PyResult<Value> {
    let (b, _) = this(vm, args)?;
    Ok(Value::bool(f(&b)))
}
fn b_isalpha(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pred(vm, args, |b| {
        !b.is_empty() && b.iter().all(u8::is_ascii_alphabetic)
    })
}
fn b_isdigit(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pred(vm, args, |b| {
        !b.is_empty() && b.iter().all(u8::is_ascii_digit)
    })
}
fn b_isalnum(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pred(vm, args, |b| {
        !b.is_empty() && b.iter().all(u8::is_ascii_alphanumeric)
    })
}
fn b_isspace(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pred(vm, args, |b| {
        !b.is_empty() && b.iter().all(|&c| is_space(c))
    })
}
fn b_isupper(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pred(vm, args, |b| {
        b.iter().any(u8::is_ascii_uppercase) && !b.iter().any(u8::is_ascii_lowercase)
    })
}
fn b_islower(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pred(vm, args, |b| {
        b.iter().any(u8::is_ascii_lowercase) && !b.iter().any(u8::is_ascii_uppercase)
    })
}
fn b_isascii(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pred(vm, args, |b| b.is_ascii())
}

// ----- bytearray mutation ----------------------------------------------------------------

fn this_ba<'a>(vm: &Vm, args: &'a [Value]) -> PyResult<&'a std::cell::RefCell<Vec<u8>>> {
    match args.first().and_then(|v| v.obj()) {
        Some(Obj::ByteArray(b)) => Ok(b),
        _ => Err(vm.type_error("descriptor requires a 'bytearray' object")),
    }
}

fn ba_append(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "append", args, 2, 2)?;
    let x = byte_value(vm, &args[1], "byte must be in range(0, 256)")?;
    this_ba(vm, args)?.borrow_mut().push(x);
    Ok(Value::NONE)
}
fn ba_extend(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "extend", args, 2, 2)?;
    let data = match args[1].bytes_data() {
        Some(b) => b,
        None => {
            let mut out = vec![];
            for x in vm.collect(&args[1])? {
                out.push(byte_value(vm, &x, "byte must be in range(0, 256)")?);
            }
            out
        }
    };
    this_ba(vm, args)?.borrow_mut().extend(data);
    Ok(Value::NONE)
}
fn ba_pop(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "pop", args, 1, 2)?;
    let ba = this_ba(vm, args)?;
    let len = ba.borrow().len() as i64;
    if len == 0 {
        return Err(vm.index_error("pop from empty bytearray"));
    }
    let i = match args.get(1) {
        Some(v) => vm.index_value(v, "pop")?,
        None => -1,
    };
    let j = if i < 0 { i + len } else { i };
    if j < 0 || j >= len {
        return Err(vm.index_error("pop index out of range"));
    }
    Ok(Value::int(ba.borrow_mut().remove(j as usize) as i64))
}
fn ba_insert(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "insert", args, 3, 3)?;
    let ba = this_ba(vm, args)?;
    let i = vm.index_value(&args[1], "insert")?;
    let x = byte_value(vm, &args[2], "byte must be in range(0, 256)")?;
    let len = ba.borrow().len() as i64;
    let j = if i < 0 { (i + len).max(0) } else { i.min(len) };
    ba.borrow_mut().insert(j as usize, x);
    Ok(Value::NONE)
}
fn ba_remove(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "remove", args, 2, 2)?;
    let ba = this_ba(vm, args)?;
    let x = byte_value(vm, &args[1], "byte must be in range(0, 256)")?;
    let pos = ba.borrow().iter().position(|&c| c == x);
    match pos {
        Some(p) => {
            ba.borrow_mut().remove(p);
            Ok(Value::NONE)
        }
        None => Err(vm.value_error("value not found in bytearray")),
    }
}
fn ba_clear(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    this_ba(vm, args)?.borrow_mut().clear();
    Ok(Value::NONE)
}
fn ba_copy(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::bytearray(this_ba(vm, args)?.borrow().clone()))
}
fn ba_reverse(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    this_ba(vm, args)?.borrow_mut().reverse();
    Ok(Value::NONE)
}

/// `ba[key] = v` for an int index or a slice.
pub fn bytearray_setitem(vm: &mut Vm, ba: &Value, key: &Value, v: &Value) -> PyResult<()> {
    let Some(Obj::ByteArray(cell)) = ba.obj() else {
        return Err(vm.type_error("expected a bytearray"));
    };
    let len = cell.borrow().len();
    if let Some(Obj::Slice(s)) = key.obj() {
        let data = match v.bytes_data() {
            Some(b) => b,
            None if v.is_int() => {
                let tn = vm.type_name(v);
                return Err(vm.type_error(format!(
                    "can assign only bytes, buffers, or iterables of ints in range(0, 256), not {tn}"
                )));
            }
            None => {
                let mut out = vec![];
                for x in vm.collect(v)? {
                    out.push(byte_value(vm, &x, "byte must be in range(0, 256)")?);
                }
                out
            }
        };
        let si = vm.slice_indices(s, len)?;
        let mut b = cell.borrow_mut();
        if si.step == 1 {
            let start = si.start.clamp(0, len as i64) as usize;
            b.splice(start..start + si.len, data);
        } else if data.len() != si.len {
            drop(b);
            return Err(vm.value_error(format!(
                "attempt to assign bytes of size {} to extended slice of size {}",
                data.len(),
                si.len
            )));
        } else {
            for (i, x) in si.indices().zip(data) {
                b[i] = x;
            }
        }
        return Ok(());
    }
    let i = vm.index_value(key, "bytearray")?;
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        return Err(vm.index_error("bytearray index out of range"));
    }
    let x = byte_value(vm, v, "byte must be in range(0, 256)")?;
    cell.borrow_mut()[j as usize] = x;
    Ok(())
}

/// `del ba[key]` for an int index or a slice.
pub fn bytearray_delitem(vm: &mut Vm, ba: &Value, key: &Value) -> PyResult<()> {
    let Some(Obj::ByteArray(cell)) = ba.obj() else {
        return Err(vm.type_error("expected a bytearray"));
    };
    let len = cell.borrow().len();
    if let Some(Obj::Slice(s)) = key.obj() {
        let si = vm.slice_indices(s, len)?;
        let mut idx: Vec<usize> = si.indices().collect();
        idx.sort_unstable();
        let mut b = cell.borrow_mut();
        for i in idx.into_iter().rev() {
            b.remove(i);
        }
        return Ok(());
    }
    let i = vm.index_value(key, "bytearray")?;
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        return Err(vm.index_error("bytearray index out of range"));
    }
    cell.borrow_mut().remove(j as usize);
    Ok(())
}
