//! Built-in iterator states (list/tuple/str/range/dict/set iterators, enumerate, zip, map,
//! filter, reversed, and the `__getitem__` sequence protocol).

use crate::object::Obj;
use crate::value::Value;

macro_rules! iter_kinds {
    ($($variant:ident $name:literal;)*) => {
        /// Which Python type an iterator object is; fixed when it is created.
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        pub enum IterKind {
            $($variant,)*
        }
        impl IterKind {
            /// Every kind, in declaration order (`kind as usize` indexes this).
            pub const ALL: &'static [IterKind] = &[$(IterKind::$variant,)*];
            /// The Python type name.
            pub fn name(self) -> &'static str {
                match self {
                    $(IterKind::$variant => $name,)*
                }
            }
        }
    };
}

iter_kinds! {
    Iterator "iterator";
    ListIterator "list_iterator";
    ListReverseIterator "list_reverseiterator";
    TupleIterator "tuple_iterator";
    BytesIterator "bytes_iterator";
    StrAsciiIterator "str_ascii_iterator";
    StrIterator "str_iterator";
    RangeIterator "range_iterator";
    LongRangeIterator "longrange_iterator";
    DictKeyIterator "dict_keyiterator";
    DictValueIterator "dict_valueiterator";
    DictItemIterator "dict_itemiterator";
    DictReverseKeyIterator "dict_reversekeyiterator";
    DictReverseValueIterator "dict_reversevalueiterator";
    DictReverseItemIterator "dict_reverseitemiterator";
    SetIterator "set_iterator";
    Reversed "reversed";
    Enumerate "enumerate";
    Zip "zip";
    Map "map";
    Filter "filter";
    CallableIterator "callable_iterator";
}

impl IterState {
    /// Steps through `left` elements from `next` by `step`, in 64 bits where they fit.
    pub fn range(next: i128, left: u128, step: i128) -> IterState {
        let last = next.wrapping_add(step.wrapping_mul(left.saturating_sub(1) as i128));
        match (
            i64::try_from(next),
            u64::try_from(left),
            i64::try_from(step),
            i64::try_from(last),
        ) {
            (Ok(next), Ok(left), Ok(step), Ok(_)) => IterState::Range { next, left, step },
            _ => IterState::WideRange(Box::new((next, left, step))),
        }
    }

    /// The kind of iterator a fresh state belongs to (`reversed()` of a str or dict, which
    /// iterate a temporary list, say their kind explicitly).
    pub fn kind(&self) -> IterKind {
        match self {
            IterState::Seq { seq, .. } => match seq.obj() {
                Some(Obj::List(_)) => IterKind::ListIterator,
                Some(Obj::Tuple(_)) => IterKind::TupleIterator,
                Some(Obj::Bytes(_)) => IterKind::BytesIterator,
                _ => IterKind::Iterator,
            },
            IterState::Str { s, .. } => match s.as_str() {
                Some(p) if !p.as_str().is_ascii() => IterKind::StrIterator,
                _ => IterKind::StrAsciiIterator,
            },
            IterState::Range { .. } | IterState::WideRange(_) => IterKind::RangeIterator,
            IterState::BigRange(_) => IterKind::LongRangeIterator,
            IterState::Dict { kind: 0, .. } => IterKind::DictKeyIterator,
            IterState::Dict { kind: 1, .. } => IterKind::DictValueIterator,
            IterState::Dict { .. } => IterKind::DictItemIterator,
            IterState::Set { .. } => IterKind::SetIterator,
            IterState::Reversed { seq, .. } => match seq.obj() {
                Some(Obj::List(_)) => IterKind::ListReverseIterator,
                _ => IterKind::Reversed,
            },
            IterState::Enumerate { .. } => IterKind::Enumerate,
            IterState::Zip { .. } => IterKind::Zip,
            IterState::Map { .. } => IterKind::Map,
            IterState::Filter { .. } => IterKind::Filter,
            IterState::GetItem { .. } | IterState::Exhausted => IterKind::Iterator,
            IterState::Callable { .. } => IterKind::CallableIterator,
        }
    }
}

/// `repr(u8)`: the variant tag is the first byte (`Seq` is 0), so tier 2 can step list and
/// tuple iterators inline.
#[repr(u8)]
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
    /// A range's `left` remaining elements from `next` on.
    Range {
        next: i64,
        left: u64,
        step: i64,
    },
    /// The same for a range whose elements or length do not fit in 64 bits.
    WideRange(Box<(i128, u128, i128)>),
    /// `(next, left, step)` of a range past 128 bits (`vm::bigrange`).
    BigRange(Box<(num_bigint::BigInt, num_bigint::BigInt, num_bigint::BigInt)>),
    /// Dict keys (0), values (1) or items (2); `len` detects size changes; `last` as for
    /// `Enumerate`.
    Dict {
        dict: Value,
        slot: usize,
        kind: u8,
        len: usize,
        last: Value,
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
    /// `last`: the tuple made last (see `Vm::reuse_tuple`), or NULL.
    Enumerate {
        it: Value,
        count: Value,
        last: Value,
    },
    Zip {
        its: Vec<Value>,
        strict: bool,
        last: Value,
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
