//! Built-in iterator states (list/tuple/str/range/dict/set iterators, enumerate, zip, map,
//! filter, reversed, and the `__getitem__` sequence protocol).

use crate::value::Value;

pub enum IterState {
    /// Iterates a list or tuple (or any indexable built-in sequence) by index.
    Seq {
        seq: Value,
        index: usize,
    },
    /// Iterates a str by code point; `byte` is the offset of the next char.
    Str {
        s: Value,
        byte: usize,
    },
    Range {
        next: i64,
        stop: i64,
        step: i64,
    },
    /// Dict keys (0), values (1) or items (2); `len` detects size changes.
    Dict {
        dict: Value,
        slot: usize,
        kind: u8,
        len: usize,
    },
    Set {
        set: Value,
        slot: usize,
        len: usize,
    },
    Reversed {
        seq: Value,
        index: isize,
    },
    Enumerate {
        it: Value,
        count: Value,
    },
    Zip {
        its: Vec<Value>,
        strict: bool,
    },
    Map {
        func: Value,
        its: Vec<Value>,
    },
    Filter {
        func: Value,
        it: Value,
    },
    /// Objects with only `__getitem__`: call it with 0, 1, 2… until IndexError.
    GetItem {
        obj: Value,
        index: i64,
    },
    /// `iter(callable, sentinel)`.
    Callable {
        func: Value,
        sentinel: Value,
    },
    Exhausted,
}
