//! Writing CPython 3.11's marshal format (Python/marshal.c, `w_object`) from [`Const`]s: the
//! inverse of [`super::marshal`], used by `marshal.dumps` and so by `importlib`'s loaders
//! when they cache bytecode.
//!
//! The stream is what CPython reads back to equal objects. It differs from CPython's bytes in
//! one way: no object is written as a back-reference (`FLAG_REF` / `'r'`), which CPython
//! decides from reference counts; every reader accepts streams without them.

use super::code::{CodeObject, Const};
use num_bigint::Sign;

/// Marshal format version 4 (`marshal.version`).
pub const VERSION: i32 = 4;

/// `marshal.dumps(c, version)`.
pub fn write_const(c: &Const, version: i32) -> Vec<u8> {
    let mut w = Writer {
        out: Vec::new(),
        version,
    };
    w.object(c);
    w.out
}

struct Writer {
    out: Vec<u8>,
    version: i32,
}

impl Writer {
    fn i32(&mut self, v: i32) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }

    fn len(&mut self, n: usize) {
        self.i32(n as i32);
    }

    fn float(&mut self, binary: u8, x: f64) {
        if self.version > 1 {
            self.out.push(binary);
            self.out.extend_from_slice(&x.to_le_bytes());
        } else {
            self.out.push(b'f');
            self.text_float(x);
        }
    }

    fn text_float(&mut self, x: f64) {
        let s = crate::numfmt::float_repr(x);
        self.out.push(s.len() as u8);
        self.out.extend_from_slice(s.as_bytes());
    }

    fn str(&mut self, s: &str) {
        if s.is_ascii() && self.version >= 4 {
            if s.len() < 256 {
                self.out.push(b'z');
                self.out.push(s.len() as u8);
            } else {
                self.out.push(b'a');
                self.len(s.len());
            }
        } else {
            self.out.push(b'u');
            self.len(s.len());
        }
        self.out.extend_from_slice(s.as_bytes());
    }

    fn bytes(&mut self, b: &[u8]) {
        self.out.push(b's');
        self.len(b.len());
        self.out.extend_from_slice(b);
    }

    fn items(&mut self, code: u8, items: &[Const]) {
        self.out.push(code);
        self.len(items.len());
        for it in items {
            self.object(it);
        }
    }

    fn object(&mut self, c: &Const) {
        match c {
            Const::None => self.out.push(b'N'),
            Const::StopIteration => self.out.push(b'S'),
            Const::Ellipsis => self.out.push(b'.'),
            Const::Bool(false) => self.out.push(b'F'),
            Const::Bool(true) => self.out.push(b'T'),
            Const::Int(i) => match i32::try_from(*i) {
                Ok(small) => {
                    self.out.push(b'i');
                    self.i32(small);
                }
                Err(_) => self.long(&num_bigint::BigInt::from(*i)),
            },
            Const::BigInt(b) => self.long(b),
            Const::Float(x) => self.float(b'g', *x),
            Const::Complex(re, im) => {
                if self.version > 1 {
                    self.out.push(b'y');
                    self.out.extend_from_slice(&re.to_le_bytes());
                    self.out.extend_from_slice(&im.to_le_bytes());
                } else {
                    self.out.push(b'x');
                    self.text_float(*re);
                    self.text_float(*im);
                }
            }
            Const::Str(s) => self.str(s),
            Const::Bytes(b) => self.bytes(b),
            Const::Tuple(items) => {
                if items.len() < 256 && self.version >= 4 {
                    self.out.push(b')');
                    self.out.push(items.len() as u8);
                    for it in items.iter() {
                        self.object(it);
                    }
                } else {
                    self.items(b'(', items);
                }
            }
            Const::List(items) => self.items(b'[', items),
            Const::Set(items) => self.items(b'<', items),
            Const::FrozenSet(items) => self.items(b'>', items),
            Const::Dict(pairs) => {
                self.out.push(b'{');
                for (k, v) in pairs.iter() {
                    self.object(k);
                    self.object(v);
                }
                self.out.push(b'0');
            }
            Const::Code(code) => self.code(code),
        }
    }

    /// An int as 15-bit digits, least significant first; the count's sign is the int's.
    fn long(&mut self, b: &num_bigint::BigInt) {
        let (sign, mag) = b.to_u32_digits();
        let mut digits: Vec<u16> = Vec::new();
        let (mut acc, mut bits) = (0u64, 0u32);
        for w in mag {
            acc |= u64::from(w) << bits;
            bits += 32;
            while bits >= 15 {
                digits.push((acc & 0x7fff) as u16);
                acc >>= 15;
                bits -= 15;
            }
        }
        if bits > 0 {
            digits.push(acc as u16);
        }
        while digits.last() == Some(&0) {
            digits.pop();
        }
        self.out.push(b'l');
        let n = digits.len() as i32;
        self.i32(if sign == Sign::Minus { -n } else { n });
        for d in digits {
            self.out.extend_from_slice(&d.to_le_bytes());
        }
    }

    /// A code object, in the 3.11 field order of `w_complex_object`.
    fn code(&mut self, c: &CodeObject) {
        self.out.push(b'c');
        for v in [
            c.argcount,
            c.posonlyargcount,
            c.kwonlyargcount,
            c.stacksize,
            c.flags,
        ] {
            self.i32(v as i32);
        }
        self.bytes(&c.code);
        self.object(&Const::Tuple(c.consts.clone().into()));
        let strs =
            |v: &[std::rc::Rc<str>]| Const::Tuple(v.iter().cloned().map(Const::Str).collect());
        self.object(&strs(&c.names));
        self.object(&strs(&c.localsplusnames));
        self.bytes(&c.localspluskinds);
        self.str(&c.filename);
        self.str(&c.name);
        self.str(&c.qualname);
        self.i32(c.firstlineno as i32);
        self.bytes(&c.linetable);
        self.bytes(&c.exceptiontable);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pyc::marshal::read_object;
    use std::rc::Rc;

    fn round_trip(c: Const) -> String {
        let bytes = write_const(&c, VERSION);
        format!("{:?}", read_object(&bytes, 0).expect("reads back"))
    }

    #[test]
    fn data_round_trips() {
        let big = num_bigint::BigInt::parse_bytes(b"-123456789012345678901234567890", 10);
        for c in [
            Const::Int(-5),
            Const::Int(1 << 40),
            Const::BigInt(Rc::new(big.expect("parses"))),
            Const::Float(-0.5),
            Const::Str("héllo".into()),
            Const::Str("x".repeat(300).into()),
            Const::Tuple(vec![Const::None, Const::Bool(true), Const::Ellipsis].into()),
            Const::Dict(vec![(Const::Int(1), Const::Bytes(Rc::from(&b"ab"[..])))].into()),
        ] {
            let want = format!("{c:?}");
            assert_eq!(round_trip(c), want);
        }
    }

    #[test]
    fn small_ints_match_cpython_bytes() {
        // marshal.dumps(1) and marshal.dumps((1, 'é')) under CPython 3.11, with its
        // reference flags (bit 7 of each type code) cleared.
        assert_eq!(write_const(&Const::Int(1), VERSION), b"i\x01\x00\x00\x00");
        let t = Const::Tuple(vec![Const::Int(1), Const::Str("é".into())].into());
        assert_eq!(
            write_const(&t, VERSION),
            b")\x02i\x01\x00\x00\x00u\x02\x00\x00\x00\xc3\xa9"
        );
    }
}
