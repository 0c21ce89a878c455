//! `str` storage: UTF-8 text plus its length in code points, so that indexing and slicing use
//! Python's code-point semantics while ASCII strings (the common case) index in O(1).

use std::cell::Cell;

pub struct PyStr {
    /// A `String`, not a boxed `str`: a string only one variable holds can grow in place
    /// (`s += t` in a loop, as CPython does it), amortized by the spare capacity.
    s: String,
    chars: usize,
    hash: Cell<u64>,
}

impl PyStr {
    pub fn new(s: String) -> PyStr {
        let chars = count_chars(&s);
        PyStr {
            s,
            chars,
            hash: Cell::new(0),
        }
    }
    /// Appends `t` (for a string nothing else refers to: see `Value::with_unique`).
    pub fn push_str(&mut self, t: &PyStr) {
        self.s.push_str(&t.s);
        self.chars += t.chars;
        self.hash.set(0);
    }
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.s
    }
    /// Length in code points.
    #[inline]
    pub fn char_len(&self) -> usize {
        self.chars
    }
    #[inline]
    pub fn is_ascii(&self) -> bool {
        self.chars == self.s.len()
    }
    /// The code point at `i` (0 <= i < char_len).
    pub fn char_at(&self, i: usize) -> char {
        if self.is_ascii() {
            self.s.as_bytes()[i] as char
        } else {
            self.s.chars().nth(i).unwrap_or('\0')
        }
    }
    /// Byte offset of code point `i` (i may equal char_len).
    pub fn byte_offset(&self, i: usize) -> usize {
        if self.is_ascii() {
            i
        } else {
            self.s
                .char_indices()
                .nth(i)
                .map(|(b, _)| b)
                .unwrap_or(self.s.len())
        }
    }
    /// Substring by code-point range.
    pub fn slice(&self, start: usize, end: usize) -> &str {
        let b0 = self.byte_offset(start);
        let b1 = if self.is_ascii() {
            end
        } else {
            b0 + self.s[b0..]
                .char_indices()
                .nth(end - start)
                .map(|(b, _)| b)
                .unwrap_or(self.s.len() - b0)
        };
        &self.s[b0..b1]
    }
    /// `hash(s)`, CPython's (see `object::siphash`), cached (0 means "not computed yet";
    /// the empty string, whose hash is 0, is simply hashed again).
    #[inline]
    pub fn hash(&self) -> u64 {
        let h = self.hash.get();
        if h != 0 {
            return h;
        }
        self.compute_hash()
    }
    #[cold]
    fn compute_hash(&self) -> u64 {
        let h = hash_str(&self.s);
        self.hash.set(h);
        h
    }
}

/// Length in code points (the byte length for ASCII).
fn count_chars(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

pub use super::siphash::{hash_bytes, hash_str};
