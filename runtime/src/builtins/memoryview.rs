//! `memoryview`: a one-dimensional, contiguous view of a `bytes` or `bytearray`, with
//! CPython's struct formats (`B`, `i`, `I`, `Q`, `d`...), `cast`, slicing (step 1),
//! item access and assignment into a `bytearray`, `release` and the context manager.

use super::{add_getters, add_methods, check_arity, kwarg};
use crate::object::Obj;
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::cell::Cell;

type Kw<'a> = &'a [(Value, Value)];

/// The state of a memoryview.
pub struct MemView {
    /// The `bytes` or `bytearray` viewed (a view of a view shares its base).
    pub obj: Value,
    /// The window: byte offset and length in bytes.
    pub start: usize,
    pub nbytes: usize,
    pub format: &'static str,
    pub itemsize: usize,
    pub released: Cell<bool>,
}

impl MemView {
    /// A copy of the bytes in the window (clamped to the object's current length).
    pub fn bytes(&self) -> Vec<u8> {
        let all = match self.obj.obj() {
            Some(Obj::Bytes(b)) => return window(b, self.start, self.nbytes).to_vec(),
            Some(Obj::ByteArray(b)) => b.borrow(),
            _ => return vec![],
        };
        window(&all, self.start, self.nbytes).to_vec()
    }

    pub fn readonly(&self) -> bool {
        !matches!(self.obj.obj(), Some(Obj::ByteArray(_)))
    }

    /// Copies `data` into the window at byte offset `at` (a bytearray's view).
    pub fn write_at(&self, at: usize, data: &[u8]) {
        if let Some(Obj::ByteArray(b)) = self.obj.obj() {
            let mut b = b.borrow_mut();
            let start = (self.start + at).min(b.len());
            let end = (start + data.len())
                .min(b.len())
                .min(self.start + self.nbytes);
            b[start..end].copy_from_slice(&data[..end - start]);
        }
    }
}

fn window(b: &[u8], start: usize, n: usize) -> &[u8] {
    let s = start.min(b.len());
    &b[s..(s + n).min(b.len())]
}

/// The item size of a struct format (native sizes), or None if unsupported.
fn format_size(f: &str) -> Option<(&'static str, usize)> {
    let f = f.strip_prefix('@').unwrap_or(f);
    Some(match f {
        "B" => ("B", 1),
        "b" => ("b", 1),
        "c" => ("c", 1),
        "?" => ("?", 1),
        "H" => ("H", 2),
        "h" => ("h", 2),
        "I" => ("I", 4),
        "i" => ("i", 4),
        "f" => ("f", 4),
        "L" => ("L", 8),
        "l" => ("l", 8),
        "Q" => ("Q", 8),
        "q" => ("q", 8),
        "N" => ("N", 8),
        "n" => ("n", 8),
        "P" => ("P", 8),
        "d" => ("d", 8),
        _ => return None,
    })
}

fn unpack(format: &str, b: &[u8]) -> Value {
    let mut w = [0u8; 8];
    w[..b.len()].copy_from_slice(b);
    let u = u64::from_le_bytes(w);
    match format {
        "b" => Value::int(b[0] as i8 as i64),
        "c" => Value::bytes(vec![b[0]]),
        "?" => Value::bool(b[0] != 0),
        "h" => Value::int(u as u16 as i16 as i64),
        "i" => Value::int(u as u32 as i32 as i64),
        "l" | "q" | "n" => Value::int(u as i64),
        "f" => Value::float(f32::from_bits(u as u32) as f64),
        "d" => Value::float(f64::from_bits(u)),
        "L" | "Q" | "N" | "P" => match i64::try_from(u) {
            Ok(i) => Value::int(i),
            Err(_) => Value::bigint(u.into()),
        },
        _ => Value::int(u as i64),
    }
}

fn pack(vm: &mut Vm, format: &'static str, size: usize, v: &Value) -> PyResult<Vec<u8>> {
    let bad = |vm: &Vm| vm.value_error(format!("memoryview: invalid value for format '{format}'"));
    let bytes = match format {
        "c" => match v.obj() {
            Some(Obj::Bytes(b)) if b.len() == 1 => return Ok(b.to_vec()),
            _ => return Err(bad(vm)),
        },
        "f" => (super::to_float(vm, v)? as f32)
            .to_bits()
            .to_le_bytes()
            .to_vec(),
        "d" => super::to_float(vm, v)?.to_bits().to_le_bytes().to_vec(),
        "?" => vec![u8::from(vm.is_true(v)?)],
        _ => {
            if !v.is_int() {
                return Err(
                    vm.type_error(format!("memoryview: invalid type for format '{format}'"))
                );
            }
            let n = vm.index_int(v)?;
            let signed = format.chars().all(|c| c.is_ascii_lowercase());
            let bits = size * 8;
            let ok = match vm.to_i64(&n) {
                Some(i) if signed => {
                    bits == 64 || (i >= -(1i64 << (bits - 1)) && i < (1i64 << (bits - 1)))
                }
                Some(i) => i >= 0 && (bits == 64 || i < (1i64 << bits)),
                None => {
                    !signed
                        && n.as_bigint()
                            .is_some_and(|b| b.bits() <= 64 && b.sign() != num_bigint::Sign::Minus)
                }
            };
            if !ok {
                return Err(bad(vm));
            }
            let raw: u64 = match vm.to_i64(&n) {
                Some(i) => i as u64,
                None => n
                    .as_bigint()
                    .and_then(|b| u64::try_from(b).ok())
                    .unwrap_or(0),
            };
            raw.to_le_bytes()[..size].to_vec()
        }
    };
    Ok(bytes)
}

pub fn install(vm: &mut Vm) {
    let t = vm.types.memoryview.clone();
    add_methods(
        &t,
        "memoryview",
        &[
            ("tobytes", tobytes),
            ("tolist", tolist),
            ("hex", hex),
            ("cast", cast),
            ("release", release),
            ("toreadonly", toreadonly),
            ("__enter__", enter),
            ("__exit__", exit),
            ("__getitem__", getitem),
            ("__setitem__", setitem),
            ("__len__", len),
            ("__iter__", iter),
            ("__eq__", eq),
            ("__hash__", hash),
        ],
    );
    add_getters(
        &t,
        &[
            ("obj", obj),
            ("nbytes", nbytes),
            ("readonly", readonly),
            ("itemsize", itemsize),
            ("format", format),
            ("ndim", ndim),
            ("shape", shape),
            ("strides", strides),
            ("c_contiguous", yes),
            ("f_contiguous", yes),
            ("contiguous", yes),
            ("released", released),
        ],
    );
}

/// `memoryview(object)`.
pub fn new(vm: &mut Vm, args: &[Value], kwargs: Kw) -> PyResult<Value> {
    check_arity(vm, "memoryview", args, 0, 1)?;
    let Some(obj) = args
        .first()
        .cloned()
        .or_else(|| kwarg(vm, kwargs, "object"))
    else {
        return Err(vm.type_error("memoryview() missing required argument 'object' (pos 1)"));
    };
    let view = match obj.obj() {
        Some(Obj::Bytes(b)) => MemView {
            obj: obj.clone(),
            start: 0,
            nbytes: b.len(),
            format: "B",
            itemsize: 1,
            released: Cell::new(false),
        },
        Some(Obj::ByteArray(b)) => MemView {
            obj: obj.clone(),
            start: 0,
            nbytes: b.borrow().len(),
            format: "B",
            itemsize: 1,
            released: Cell::new(false),
        },
        Some(Obj::MemoryView(m)) => {
            check(vm, m)?;
            MemView {
                obj: m.obj.clone(),
                start: m.start,
                nbytes: m.nbytes,
                format: m.format,
                itemsize: m.itemsize,
                released: Cell::new(false),
            }
        }
        _ => {
            let tn = vm.type_name(&obj);
            return Err(vm.type_error(format!(
                "memoryview: a bytes-like object is required, not '{tn}'"
            )));
        }
    };
    Ok(Value::new_obj(Obj::MemoryView(Box::new(view))))
}

fn check(vm: &Vm, m: &MemView) -> PyResult<()> {
    if m.released.get() {
        return Err(vm.value_error("operation forbidden on released memoryview object"));
    }
    Ok(())
}

fn this<'a>(vm: &Vm, args: &'a [Value]) -> PyResult<&'a MemView> {
    match args.first().and_then(|v| v.obj()) {
        Some(Obj::MemoryView(m)) => {
            check(vm, m)?;
            Ok(m)
        }
        _ => Err(vm.type_error("descriptor requires a 'memoryview' object")),
    }
}

fn items(m: &MemView) -> Vec<Value> {
    m.bytes()
        .chunks_exact(m.itemsize)
        .map(|c| unpack(m.format, c))
        .collect()
}

fn tobytes(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::bytes(this(vm, args)?.bytes()))
}

fn tolist(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::list(items(this(vm, args)?)))
}

fn hex(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let b = this(vm, args)?.bytes();
    let mut full = vec![Value::bytes(b)];
    full.extend_from_slice(&args[1..]);
    let f = vm.getattr_str(&vm.types.bytes.clone(), "hex")?;
    vm.call(&f, &full, kw)
}

fn cast(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let m = this(vm, args)?;
    let [f, shape] = super::bind(vm, "cast", &args[1..], kw, ["format", "shape"], 1)?;
    let f = f.unwrap_or(Value::NONE);
    let Some(fs) = f.as_str().map(|s| s.as_str().to_string()) else {
        return Err(vm.type_error("memoryview: format argument must be a string"));
    };
    let Some((format, itemsize)) = format_size(&fs) else {
        return Err(vm.value_error(
            "memoryview: destination format must be a native single character format prefixed with an optional '@'",
        ));
    };
    let byte = |f: &str| matches!(f, "B" | "b" | "c");
    if !byte(m.format) && !byte(format) {
        return Err(vm.type_error("memoryview: cannot cast between two non-byte formats"));
    }
    if m.nbytes % itemsize != 0 {
        return Err(vm.type_error("memoryview: length is not a multiple of itemsize"));
    }
    if let Some(s) = shape.filter(|s| !s.is_none()) {
        let dims = vm.collect(&s)?;
        let one = dims.len() == 1 && vm.to_i64(&dims[0]) == Some((m.nbytes / itemsize) as i64);
        if !one {
            return Err(vm.type_error("memoryview: product(shape) * itemsize != buffer size"));
        }
    }
    let view = MemView {
        obj: m.obj.clone(),
        start: m.start,
        nbytes: m.nbytes,
        format,
        itemsize,
        released: Cell::new(false),
    };
    Ok(Value::new_obj(Obj::MemoryView(Box::new(view))))
}

fn release(_vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    if let Some(Obj::MemoryView(m)) = args.first().and_then(|v| v.obj()) {
        m.released.set(true);
    }
    Ok(Value::NONE)
}

fn toreadonly(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let m = this(vm, args)?;
    let view = MemView {
        obj: Value::bytes(m.bytes()),
        start: 0,
        nbytes: m.nbytes,
        format: m.format,
        itemsize: m.itemsize,
        released: Cell::new(false),
    };
    Ok(Value::new_obj(Obj::MemoryView(Box::new(view))))
}

fn enter(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    this(vm, args)?;
    Ok(args[0].clone())
}

fn exit(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    release(vm, args, &[])
}

fn index_of(vm: &mut Vm, m: &MemView, key: &Value) -> PyResult<usize> {
    let n = (m.nbytes / m.itemsize) as i64;
    let i = vm.index_value(key, "memoryview")?;
    let j = if i < 0 { i + n } else { i };
    if !(0..n).contains(&j) {
        return Err(vm.new_error(
            &vm.exc.index_error.clone(),
            "index out of bounds on dimension 1",
        ));
    }
    Ok(j as usize)
}

fn slice_of(vm: &mut Vm, m: &MemView, s: &[Value; 3]) -> PyResult<(usize, usize)> {
    let n = m.nbytes / m.itemsize;
    let idx = vm.slice_indices(s, n)?;
    if idx.step != 1 {
        return Err(vm.new_error(
            &vm.exc.not_implemented_error.clone(),
            "memoryview: slices with a step other than 1 are not supported",
        ));
    }
    let len = idx.indices().count();
    Ok((idx.start as usize, len))
}

pub fn getitem(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__getitem__", args, 2, 2)?;
    let m = this(vm, args)?;
    if let Some(Obj::Slice(s)) = args[1].obj() {
        let (start, len) = slice_of(vm, m, s)?;
        let view = MemView {
            obj: m.obj.clone(),
            start: m.start + start * m.itemsize,
            nbytes: len * m.itemsize,
            format: m.format,
            itemsize: m.itemsize,
            released: Cell::new(false),
        };
        return Ok(Value::new_obj(Obj::MemoryView(Box::new(view))));
    }
    let i = index_of(vm, m, &args[1])?;
    let b = m.bytes();
    let at = i * m.itemsize;
    Ok(unpack(m.format, &b[at..at + m.itemsize]))
}

pub fn setitem(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__setitem__", args, 3, 3)?;
    let m = this(vm, args)?;
    if m.readonly() {
        return Err(vm.type_error("cannot modify read-only memory"));
    }
    if let Some(Obj::Slice(s)) = args[1].obj() {
        let (start, len) = slice_of(vm, m, s)?;
        let data = args[2].bytes_data().ok_or_else(|| {
            let tn = vm.type_name(&args[2]);
            vm.type_error(format!("a bytes-like object is required, not '{tn}'"))
        })?;
        if data.len() != len * m.itemsize {
            return Err(vm.value_error(
                "memoryview assignment: lvalue and rvalue have different structures",
            ));
        }
        m.write_at(start * m.itemsize, &data);
        return Ok(Value::NONE);
    }
    let i = index_of(vm, m, &args[1])?;
    let bytes = pack(vm, m.format, m.itemsize, &args[2])?;
    m.write_at(i * m.itemsize, &bytes);
    Ok(Value::NONE)
}

fn len(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let m = this(vm, args)?;
    Ok(Value::int((m.nbytes / m.itemsize) as i64))
}

fn iter(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let l = Value::list(items(this(vm, args)?));
    vm.get_iter(&l)
}

fn eq(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__eq__", args, 2, 2)?;
    let m = this(vm, args)?;
    let other = match args[1].obj() {
        Some(Obj::MemoryView(o)) => {
            if o.released.get() {
                return Ok(Value::bool(args[0].is(&args[1])));
            }
            items(o)
        }
        Some(Obj::Bytes(_) | Obj::ByteArray(_)) => args[1]
            .bytes_data()
            .unwrap_or_default()
            .into_iter()
            .map(|b| Value::int(b as i64))
            .collect(),
        _ => return Ok(Value::NOT_IMPLEMENTED),
    };
    let mine = items(m);
    let a = Value::list(mine);
    let b = Value::list(other);
    let r = vm.eq(&a, &b)?;
    Ok(Value::bool(r))
}

/// `hash(view)` for the interpreter's hashing.
pub fn hash_value(vm: &mut Vm, v: &Value) -> PyResult<u64> {
    let h = hash(vm, std::slice::from_ref(v), &[])?;
    Ok(vm.to_i64(&h).unwrap_or(0) as u64)
}

/// `a == b` / `a != b` where one side is a memoryview (`eq`/`ne` say which; other
/// comparisons, and other types, are not the view's to answer).
pub fn compare(
    vm: &mut Vm,
    a: &Value,
    b: &Value,
    eq_op: bool,
    ne_op: bool,
) -> PyResult<Option<bool>> {
    if !eq_op && !ne_op {
        return Ok(None);
    }
    let (m, o) = match a.obj() {
        Some(Obj::MemoryView(_)) => (a, b),
        _ => (b, a),
    };
    let r = eq(vm, &[m.clone(), o.clone()], &[])?;
    if r.is(&Value::NOT_IMPLEMENTED) {
        return Ok(None);
    }
    Ok(Some(r.is(&Value::TRUE) == eq_op))
}

fn hash(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let m = this(vm, args)?;
    if !m.readonly() {
        return Err(vm.value_error("cannot hash writable memoryview object"));
    }
    if !matches!(m.format, "B" | "b" | "c") {
        return Err(vm.value_error("memoryview: hashing is restricted to formats 'B', 'b' or 'c'"));
    }
    let h = vm.hash(&Value::bytes(m.bytes()))?;
    Ok(Value::int(h as i64))
}

fn obj(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(this(vm, args)?.obj.clone())
}
fn nbytes(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(this(vm, args)?.nbytes as i64))
}
fn readonly(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::bool(this(vm, args)?.readonly()))
}
fn itemsize(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(this(vm, args)?.itemsize as i64))
}
fn format(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::str(this(vm, args)?.format))
}
fn ndim(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    this(vm, args)?;
    Ok(Value::int(1))
}
fn shape(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let m = this(vm, args)?;
    Ok(Value::tuple(vec![Value::int(
        (m.nbytes / m.itemsize) as i64,
    )]))
}
fn strides(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let m = this(vm, args)?;
    Ok(Value::tuple(vec![Value::int(m.itemsize as i64)]))
}
fn yes(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    this(vm, args)?;
    Ok(Value::TRUE)
}
fn released(_vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    match args.first().and_then(|v| v.obj()) {
        Some(Obj::MemoryView(m)) => Ok(Value::bool(m.released.get())),
        _ => Ok(Value::FALSE),
    }
}
