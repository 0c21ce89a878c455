//! Reading CPython 3.11's marshal format (Python/marshal.c, format version 4) into [`Const`]s.
//!
//! A marshal stream is a tree of objects, each starting with a one-byte type code:
//!
//! ```text
//!   bit 7      bits 0-6
//!  +--------+-----------+
//!  |FLAG_REF| type code |   FLAG_REF: remember this object in the reference table so a later
//!  +--------+-----------+   'r' <u32 index> can point back at it.
//! ```
//!
//! Invariants kept here:
//! - Malformed input of any kind (truncation, unknown codes, bad references, absurd lengths,
//!   wrong field types, nesting deeper than [`MAX_DEPTH`]) is an `Err(MarshalError)` naming the
//!   byte offset; nothing panics.
//! - No allocation is sized from a length in the file before checking that the remaining bytes
//!   can hold that many items (every item takes at least one byte).
//! - Reference slots are reserved *before* a container's contents are read, exactly like
//!   CPython, so reference indices line up with what `marshal.dumps` wrote. A reference to a slot
//!   that is still being filled (a self-containing list) is an error, as it is in CPython.
//! - Everything returned is owned: the input slice can go away afterwards.

use super::code::{CodeObject, Const};
use num_bigint::{BigInt, BigUint, Sign};
use num_traits::ToPrimitive;
use std::fmt;
use std::rc::Rc;

/// CPython's `MAX_MARSHAL_STACK_DEPTH`: deeper nesting is rejected.
pub const MAX_DEPTH: usize = 2000;

/// Bit 7 of a type code: the object gets an entry in the reference table.
const FLAG_REF: u8 = 0x80;

/// Bits per digit of a marshalled `long` (`PyLong_MARSHAL_SHIFT`).
const LONG_DIGIT_BITS: u32 = 15;

/// Malformed marshal data: what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarshalError {
    /// Byte offset (from the start of the file when read through the pyc loader) of the object
    /// or field that is wrong.
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for MarshalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "bad marshal data at byte {}: {}",
            self.offset, self.message
        )
    }
}

impl std::error::Error for MarshalError {}

/// Read one object from `data`. Trailing bytes are ignored, as `marshal.loads` does.
/// `base_offset` is added to every offset in error messages (16 for the body of a pyc).
pub fn read_object(data: &[u8], base_offset: usize) -> Result<Const> {
    let mut reader = Reader::new(data, base_offset);
    reader.top_level()
}

/// Read one object from the start of `data`; also returns how many bytes it took (for
/// `marshal.load`, which leaves the rest of a file unread).
pub fn read_object_prefix(data: &[u8]) -> Result<(Const, usize)> {
    let mut reader = Reader::new(data, 0);
    let c = reader.top_level()?;
    Ok((c, reader.pos))
}

/// Read one object that must be a code object.
pub fn read_code(data: &[u8], base_offset: usize) -> Result<Rc<CodeObject>> {
    match read_object(data, base_offset)? {
        Const::Code(code) => Ok(code),
        other => Err(MarshalError {
            offset: base_offset,
            message: format!(
                "expected a code object at the top level, found {}",
                kind_name(&other)
            ),
        }),
    }
}

/// The Python type name of a constant, for messages.
pub fn kind_name(c: &Const) -> &'static str {
    match c {
        Const::None => "None",
        Const::StopIteration => "StopIteration",
        Const::Ellipsis => "Ellipsis",
        Const::Bool(_) => "bool",
        Const::Int(_) | Const::BigInt(_) => "int",
        Const::Float(_) => "float",
        Const::Complex(..) => "complex",
        Const::Str(_) => "str",
        Const::Bytes(_) => "bytes",
        Const::Tuple(_) => "tuple",
        Const::List(_) => "list",
        Const::Dict(_) => "dict",
        Const::Set(_) => "set",
        Const::FrozenSet(_) => "frozenset",
        Const::Code(_) => "code",
    }
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    base: usize,
    /// The reference table; `None` marks a slot reserved for an object still being read.
    refs: Vec<Option<Const>>,
    depth: usize,
}

type Result<T> = std::result::Result<T, MarshalError>;

impl<'a> Reader<'a> {
    fn new(data: &'a [u8], base: usize) -> Self {
        Reader {
            data,
            pos: 0,
            base,
            refs: Vec::new(),
            depth: 0,
        }
    }

    fn err<T>(&self, at: usize, message: impl Into<String>) -> Result<T> {
        Err(MarshalError {
            offset: self.base + at,
            message: message.into(),
        })
    }

    fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return self.err(
                self.pos,
                format!(
                    "truncated: {what} needs {n} bytes, only {} left",
                    self.remaining()
                ),
            );
        }
        let slice = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(slice)
    }

    fn byte(&mut self, what: &str) -> Result<u8> {
        Ok(self.take(1, what)?[0])
    }

    fn u16(&mut self, what: &str) -> Result<u16> {
        let b = self.take(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn i32(&mut self, what: &str) -> Result<i32> {
        let b = self.take(4, what)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn i64(&mut self, what: &str) -> Result<i64> {
        let b = self.take(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(i64::from_le_bytes(a))
    }

    fn f64(&mut self, what: &str) -> Result<f64> {
        Ok(f64::from_bits(self.i64(what)? as u64))
    }

    /// A 32-bit length that must be non-negative and, at `bytes_per_item` bytes at least per
    /// item, fit in what is left of the input.
    fn length(&mut self, what: &str, bytes_per_item: usize) -> Result<usize> {
        let at = self.pos;
        let n = self.i32(what)?;
        if n < 0 {
            return self.err(at, format!("negative {what} length {n}"));
        }
        self.check_length(at, n as usize, what, bytes_per_item)
    }

    fn check_length(
        &self,
        at: usize,
        n: usize,
        what: &str,
        bytes_per_item: usize,
    ) -> Result<usize> {
        if n.saturating_mul(bytes_per_item) > self.remaining() {
            return self.err(
                at,
                format!(
                    "{what} length {n} is larger than the {} bytes left",
                    self.remaining()
                ),
            );
        }
        Ok(n)
    }

    fn top_level(&mut self) -> Result<Const> {
        let at = self.pos;
        match self.object()? {
            Some(c) => Ok(c),
            None => self.err(at, "NULL object at the top level"),
        }
    }

    /// One object, or `None` for the NULL marker (type code '0').
    fn object(&mut self) -> Result<Option<Const>> {
        let start = self.pos;
        let code = self.byte("type code")?;
        if self.depth >= MAX_DEPTH {
            return self.err(start, format!("nesting deeper than {MAX_DEPTH} levels"));
        }
        self.depth += 1;
        let result = self.typed_object(code, start);
        self.depth -= 1;
        result
    }

    /// An object that must not be NULL; `what` names the context for the message.
    fn non_null(&mut self, what: &str) -> Result<Const> {
        let at = self.pos;
        match self.object()? {
            Some(c) => Ok(c),
            None => self.err(at, format!("NULL object in {what}")),
        }
    }

    fn typed_object(&mut self, code: u8, start: usize) -> Result<Option<Const>> {
        let flag = code & FLAG_REF != 0;
        let ty = code & !FLAG_REF;
        // Singletons and references never get a reference slot of their own.
        match ty {
            b'0' => return Ok(None),
            b'N' => return Ok(Some(Const::None)),
            b'F' => return Ok(Some(Const::Bool(false))),
            b'T' => return Ok(Some(Const::Bool(true))),
            b'S' => return Ok(Some(Const::StopIteration)),
            b'.' => return Ok(Some(Const::Ellipsis)),
            b'r' => return self.reference(start).map(Some),
            _ => {}
        }
        let slot = if flag {
            self.refs.push(None);
            Some(self.refs.len() - 1)
        } else {
            None
        };
        let value = match ty {
            b'i' => Const::Int(i64::from(self.i32("int")?)),
            b'I' => Const::Int(self.i64("int64")?),
            b'l' => self.long()?,
            b'f' => Const::Float(self.text_float()?),
            b'g' => Const::Float(self.f64("binary float")?),
            b'x' => {
                let re = self.text_float()?;
                Const::Complex(re, self.text_float()?)
            }
            b'y' => {
                let re = self.f64("binary complex")?;
                Const::Complex(re, self.f64("binary complex")?)
            }
            b's' => {
                let n = self.length("bytes", 1)?;
                Const::Bytes(Rc::from(self.take(n, "bytes")?))
            }
            b't' | b'u' => {
                let n = self.length("str", 1)?;
                Const::Str(decode_utf8_lossy(self.take(n, "str")?))
            }
            b'a' | b'A' => {
                let n = self.length("ASCII str", 1)?;
                Const::Str(decode_latin1(self.take(n, "ASCII str")?))
            }
            b'z' | b'Z' => {
                let n = usize::from(self.byte("short ASCII str length")?);
                Const::Str(decode_latin1(self.take(n, "short ASCII str")?))
            }
            b'(' => {
                let n = self.length("tuple", 1)?;
                Const::Tuple(self.items(n, "tuple")?.into())
            }
            b')' => {
                let at = self.pos;
                let n = usize::from(self.byte("small tuple length")?);
                let n = self.check_length(at, n, "small tuple", 1)?;
                Const::Tuple(self.items(n, "tuple")?.into())
            }
            b'[' => {
                let n = self.length("list", 1)?;
                Const::List(self.items(n, "list")?.into())
            }
            b'<' => {
                let n = self.length("set", 1)?;
                Const::Set(self.items(n, "set")?.into())
            }
            b'>' => {
                let n = self.length("frozenset", 1)?;
                Const::FrozenSet(self.items(n, "frozenset")?.into())
            }
            b'{' => self.dict()?,
            b'c' => Const::Code(Rc::new(self.code()?)),
            b'?' => return self.err(start, "unknown object (type code '?')"),
            _ => {
                let shown = if ty.is_ascii_graphic() {
                    format!("'{}' (0x{code:02x})", ty as char)
                } else {
                    format!("0x{code:02x}")
                };
                return self.err(start, format!("bad type code {shown}"));
            }
        };
        if let Some(i) = slot {
            self.refs[i] = Some(value.clone());
        }
        Ok(Some(value))
    }

    fn reference(&mut self, start: usize) -> Result<Const> {
        let n = self.i32("reference index")?;
        let found = usize::try_from(n).ok().and_then(|i| self.refs.get(i));
        match found {
            Some(Some(c)) => Ok(c.clone()),
            Some(None) => self.err(
                start,
                format!("reference {n} points at an object that is still being read"),
            ),
            None => self.err(
                start,
                format!(
                    "invalid reference {n} ({} objects recorded so far)",
                    self.refs.len()
                ),
            ),
        }
    }

    fn items(&mut self, n: usize, what: &str) -> Result<Vec<Const>> {
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            items.push(self.non_null(what)?);
        }
        Ok(items)
    }

    fn dict(&mut self) -> Result<Const> {
        let mut pairs = Vec::new();
        // Key/value pairs until a NULL key.
        while let Some(key) = self.object()? {
            let value = self.non_null("dict value")?;
            pairs.push((key, value));
        }
        Ok(Const::Dict(pairs.into()))
    }

    /// A float as text: a length byte, then that many ASCII characters (`repr` of the float).
    fn text_float(&mut self) -> Result<f64> {
        let at = self.pos;
        let n = usize::from(self.byte("float text length")?);
        let text = self.take(n, "float text")?;
        match std::str::from_utf8(text)
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
        {
            Some(v) => Ok(v),
            None => self.err(
                at,
                format!("bad float text {:?}", String::from_utf8_lossy(text)),
            ),
        }
    }

    /// A `long`: signed digit count, then that many 15-bit digits, least significant first.
    fn long(&mut self) -> Result<Const> {
        let at = self.pos;
        let n = self.i32("long size")?;
        let negative = n < 0;
        let count = n.unsigned_abs() as usize;
        self.check_length(at, count, "long", 2)?;
        let mut digits = Vec::with_capacity(count);
        for _ in 0..count {
            let digit_at = self.pos;
            let d = self.u16("long digit")?;
            if d >> LONG_DIGIT_BITS != 0 {
                return self.err(digit_at, format!("long digit {d} out of range"));
            }
            digits.push(d);
        }
        if digits.last() == Some(&0) {
            return self.err(at, "unnormalized long (top digit is zero)");
        }
        Ok(long_from_digits(negative, &digits))
    }

    /// A code object: the 3.11 field order of `w_complex_object`.
    fn code(&mut self) -> Result<CodeObject> {
        let argcount = self.count_field("co_argcount")?;
        let posonlyargcount = self.count_field("co_posonlyargcount")?;
        let kwonlyargcount = self.count_field("co_kwonlyargcount")?;
        let stacksize = self.count_field("co_stacksize")?;
        let flags = self.i32("co_flags")? as u32;
        let code = self.bytes_field("co_code")?;
        let consts = self.tuple_field("co_consts")?;
        let names = self.str_tuple_field("co_names")?;
        let localsplusnames_at = self.pos;
        let localsplusnames = self.str_tuple_field("co_localsplusnames")?;
        let localspluskinds = self.bytes_field("co_localspluskinds")?.to_vec();
        if localspluskinds.len() != localsplusnames.len() {
            return self.err(
                localsplusnames_at,
                format!(
                    "co_localsplusnames has {} entries but co_localspluskinds has {}",
                    localsplusnames.len(),
                    localspluskinds.len()
                ),
            );
        }
        let filename = self.str_field("co_filename")?;
        let name = self.str_field("co_name")?;
        let qualname = self.str_field("co_qualname")?;
        let firstlineno = self.count_field("co_firstlineno")?;
        let linetable = self.bytes_field("co_linetable")?;
        let exceptiontable = self.bytes_field("co_exceptiontable")?;
        Ok(CodeObject {
            argcount,
            posonlyargcount,
            kwonlyargcount,
            stacksize,
            flags,
            code,
            consts,
            names,
            localsplusnames,
            localspluskinds,
            filename,
            name,
            qualname,
            firstlineno,
            linetable,
            exceptiontable,
        })
    }

    fn count_field(&mut self, field: &str) -> Result<u32> {
        let at = self.pos;
        let v = self.i32(field)?;
        u32::try_from(v).or_else(|_| self.err(at, format!("{field} is negative ({v})")))
    }

    fn field(&mut self, field: &str) -> Result<(usize, Const)> {
        let at = self.pos;
        Ok((at, self.non_null(field)?))
    }

    fn bytes_field(&mut self, field: &str) -> Result<Rc<[u8]>> {
        match self.field(field)? {
            (_, Const::Bytes(b)) => Ok(b),
            (at, other) => self.wrong_type(at, field, "bytes", &other),
        }
    }

    fn str_field(&mut self, field: &str) -> Result<Rc<str>> {
        match self.field(field)? {
            (_, Const::Str(s)) => Ok(s),
            (at, other) => self.wrong_type(at, field, "str", &other),
        }
    }

    fn tuple_field(&mut self, field: &str) -> Result<Vec<Const>> {
        match self.field(field)? {
            (_, Const::Tuple(items)) => Ok(items.to_vec()),
            (at, other) => self.wrong_type(at, field, "tuple", &other),
        }
    }

    fn str_tuple_field(&mut self, field: &str) -> Result<Vec<Rc<str>>> {
        let (at, value) = self.field(field)?;
        let Const::Tuple(items) = value else {
            return self.wrong_type(at, field, "tuple of str", &value);
        };
        items
            .iter()
            .map(|item| match item {
                Const::Str(s) => Ok(s.clone()),
                other => self.err(
                    at,
                    format!(
                        "{field} must be a tuple of str, but holds a {}",
                        kind_name(other)
                    ),
                ),
            })
            .collect()
    }

    fn wrong_type<T>(&self, at: usize, field: &str, expected: &str, found: &Const) -> Result<T> {
        self.err(
            at,
            format!("{field} must be {expected}, found {}", kind_name(found)),
        )
    }
}

/// Build an int from 15-bit digits (least significant first, top digit non-zero).
fn long_from_digits(negative: bool, digits: &[u16]) -> Const {
    let mut words: Vec<u32> = Vec::with_capacity(digits.len() * 15 / 32 + 1);
    let mut acc: u64 = 0;
    let mut bits = 0u32;
    for &d in digits {
        acc |= u64::from(d) << bits;
        bits += LONG_DIGIT_BITS;
        if bits >= 32 {
            words.push(acc as u32);
            acc >>= 32;
            bits -= 32;
        }
    }
    if bits > 0 {
        words.push(acc as u32);
    }
    let sign = if negative { Sign::Minus } else { Sign::Plus };
    let value = BigInt::from_biguint(sign, BigUint::new(words));
    match value.to_i64() {
        Some(v) => Const::Int(v),
        None => Const::BigInt(Rc::new(value)),
    }
}

/// Bytes read as Latin-1 (what CPython does for the "ASCII" string types).
fn decode_latin1(bytes: &[u8]) -> Rc<str> {
    if bytes.is_ascii() {
        // Cannot fail: ASCII is valid UTF-8.
        return Rc::from(std::str::from_utf8(bytes).unwrap_or_default());
    }
    bytes
        .iter()
        .map(|&b| char::from(b))
        .collect::<String>()
        .into()
}

/// UTF-8 as CPython writes it with `surrogatepass`: a lone surrogate (`ED A0..BF xx`) becomes one
/// U+FFFD; any other invalid sequence becomes U+FFFD too rather than an error.
fn decode_utf8_lossy(bytes: &[u8]) -> Rc<str> {
    let mut rest = bytes;
    let mut out = String::with_capacity(bytes.len());
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                return out.into();
            }
            Err(e) => {
                let (valid, bad) = rest.split_at(e.valid_up_to());
                // `valid` is valid UTF-8 by construction.
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                out.push('\u{FFFD}');
                let skip = match bad {
                    [0xED, 0xA0..=0xBF, 0x80..=0xBF, ..] => 3,
                    _ => e.error_len().unwrap_or(bad.len()),
                };
                rest = &bad[skip..];
            }
        }
    }
}
