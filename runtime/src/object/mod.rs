//! Heap objects: one Rust enum, `Obj`, with a variant per built-in kind of object.
//!
//! Every heap object lives behind the header of `layout.rs` (reference count and type
//! pointer); a `Value` points at it (see `value.rs`). Mutable containers use `RefCell`;
//! a borrow conflict (possible only through re-entrant user code) is reported as a Python
//! `RuntimeError`, never a panic. The Python-visible type of an object is `vm.type_of(v)`.

pub mod dict;
pub mod function;
pub mod iter;
pub mod layout;
pub mod native;
pub mod set;
pub mod siphash;
pub mod str;
pub mod types;

pub use dict::Dict;
pub use function::{BuiltinFn, Code, Function, NativeFn};
pub use iter::{IterKind, IterState};
pub use set::SetData;
pub use str::PyStr;
pub use types::{TypeKind, TypeObj};

use crate::value::Value;
use num_bigint::BigInt;
use std::cell::RefCell;
use std::rc::Rc;

/// A heap object.
///
/// `repr(u8)`: the variant tag is the first byte of every object, so tier 2 can test an
/// object's kind with one load (it probes the rest of the layouts it reads at start-up).
/// The header before it (`layout::ObjBox`) holds the reference count and the type.
#[repr(u8)]
pub enum Obj {
    /// An int outside the 48-bit immediate range (always normalized: never fits small).
    Int(BigInt),
    Str(PyStr),
    Bytes(Box<[u8]>),
    ByteArray(RefCell<Vec<u8>>),
    /// `memoryview(obj)` over a bytes or bytearray.
    MemoryView(Box<crate::builtins::memoryview::MemView>),
    Complex(f64, f64),
    Tuple(Box<[Value]>),
    List(RefCell<Vec<Value>>),
    Dict(RefCell<Dict>),
    Set(RefCell<SetData>),
    FrozenSet(SetData),
    Range(Box<RangeObj>),
    /// A range with bounds past 128 bits (see `vm::bigrange`).
    BigRange(Box<crate::vm::bigrange::BigRange>),
    Slice(Box<[Value; 3]>),
    Function(Box<Function>),
    Builtin(BuiltinFn),
    /// A bound method: (self, function).
    Method(Value, Value),
    /// A closure cell; `Value::NULL` while empty.
    Cell(RefCell<Value>),
    Code(Rc<Code>),
    Type(Box<TypeObj>),
    Instance(Instance),
    Module(Module),
    Generator(RefCell<Generator>),
    Iter(IterKind, RefCell<IterState>),
    /// `dict.keys()` (0), `.values()` (1), `.items()` (2) views of a dict.
    DictView(Value, u8),
    Property(Box<[Value; 3]>),
    StaticMethod(Value),
    ClassMethod(Value),
    /// `super(cls, obj)`.
    Super(Value, Value),
    /// An instance's `__dict__`: a dict whose storage is the instance's own attribute dict
    /// (the instance), so changes through it are the instance's attributes, as in CPython.
    InstDict(Value),
    /// The Rust state of an object of a native module's type (see `native.rs`).
    Native(Box<dyn native::NativeData>),
}

/// `range(start, stop, step)`; bounds are 128-bit (see `vm::range`).
pub struct RangeObj {
    pub start: i128,
    pub stop: i128,
    pub step: i128,
}

impl RangeObj {
    /// The number of elements (up to 2**128 - 1, so exact for any 128-bit bounds).
    pub fn len(&self) -> u128 {
        let (lo, hi, step) = (self.start, self.stop, self.step);
        // The differences below are exact as u128 because they are positive and < 2**128.
        if step > 0 && lo < hi {
            (hi.wrapping_sub(lo) as u128 - 1) / step as u128 + 1
        } else if step < 0 && lo > hi {
            (lo.wrapping_sub(hi) as u128 - 1) / step.unsigned_abs() + 1
        } else {
            0
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Element `i` (the caller keeps `i < len`, so the exact result fits in 128 bits and the
    /// wrapping arithmetic gives it).
    pub fn at(&self, i: u128) -> i128 {
        self.start.wrapping_add((i as i128).wrapping_mul(self.step))
    }
    /// A fresh iterator's state.
    pub fn iter_state(&self) -> IterState {
        IterState::range(self.start, self.len(), self.step)
    }
    /// The index of `x` in the range, if it is an element.
    pub fn position(&self, x: i128) -> Option<u128> {
        let inside = if self.step > 0 {
            x >= self.start && x < self.stop
        } else {
            x <= self.start && x > self.stop
        };
        if !inside {
            return None;
        }
        let off = x.abs_diff(self.start);
        let step = self.step.unsigned_abs();
        off.is_multiple_of(step).then_some(off / step)
    }
}

/// An instance of a user-defined class (including user exception classes); its class is
/// the type in its header.
pub struct Instance {
    pub dict: RefCell<Dict>,
    /// Present when the class derives from BaseException.
    pub exc: Option<Box<RefCell<ExcData>>>,
    /// For a subclass of a built-in container (list, dict, set): the built-in value the
    /// instance wraps, which the built-in's methods operate on. NULL otherwise.
    pub base_value: Value,
}

/// The state an exception object carries besides its attributes.
#[derive(Default)]
pub struct ExcData {
    pub args: Value,
    /// Traceback entries, innermost first as they were added while unwinding.
    pub traceback: Vec<TracebackEntry>,
    pub cause: Value,
    pub context: Value,
    pub suppress_context: bool,
    /// For a NameError from a failed name lookup: the globals searched (for suggestions).
    pub scope: Value,
}

/// One line of a traceback: a code object and the instruction that was executing.
#[derive(Clone)]
pub struct TracebackEntry {
    pub code: Rc<Code>,
    pub index: usize,
    /// The frame's globals (for `tb_frame.f_globals`).
    pub globals: Value,
}

pub struct Module {
    pub name: Rc<str>,
    pub dict: Value,
}

/// A suspended generator: its frame and whether it is running or finished.
pub struct Generator {
    pub frame: Option<Box<crate::vm::frame::Frame>>,
    pub running: bool,
    pub name: Rc<str>,
    pub qualname: Rc<str>,
}

impl Obj {
    /// The variant's tag: the first byte of the object (`repr(u8)`), which native code reads.
    pub fn tag(&self) -> u8 {
        // SAFETY: a `repr(u8)` enum starts with its `u8` discriminant (the Rust reference,
        // "Primitive representations"); this reads that byte of a live object.
        unsafe { *(self as *const Obj as *const u8) }
    }

    /// Whether every object of this variant has the same built-in type (a tag then tells the
    /// type: not so for instances, types, iterators and the like).
    pub fn tag_is_type(&self) -> bool {
        matches!(
            self,
            Obj::Int(_)
                | Obj::Str(_)
                | Obj::Bytes(_)
                | Obj::ByteArray(_)
                | Obj::Complex(..)
                | Obj::Tuple(_)
                | Obj::List(_)
                | Obj::Dict(_)
                | Obj::Set(_)
                | Obj::FrozenSet(_)
                | Obj::Range(_)
                | Obj::Slice(_)
        )
    }

    pub fn kind_name(&self) -> &'static str {
        match self {
            Obj::Int(_) => "int",
            Obj::Str(_) => "str",
            Obj::Bytes(_) => "bytes",
            Obj::ByteArray(_) => "bytearray",
            Obj::MemoryView(_) => "memoryview",
            Obj::Complex(..) => "complex",
            Obj::Tuple(_) => "tuple",
            Obj::List(_) => "list",
            Obj::Dict(_) | Obj::InstDict(_) => "dict",
            Obj::Set(_) => "set",
            Obj::FrozenSet(_) => "frozenset",
            Obj::Range(_) | Obj::BigRange(_) => "range",
            Obj::Slice(_) => "slice",
            Obj::Function(_) => "function",
            Obj::Builtin(_) => "builtin_function_or_method",
            Obj::Method(..) => "method",
            Obj::Cell(_) => "cell",
            Obj::Code(_) => "code",
            Obj::Type(_) => "type",
            Obj::Instance(_) => "object",
            Obj::Module(_) => "module",
            Obj::Generator(_) => "generator",
            Obj::Iter(k, _) => k.name(),
            Obj::DictView(_, 0) => "dict_keys",
            Obj::DictView(_, 1) => "dict_values",
            Obj::DictView(..) => "dict_items",
            Obj::Property(_) => "property",
            Obj::StaticMethod(_) => "staticmethod",
            Obj::ClassMethod(_) => "classmethod",
            Obj::Super(..) => "super",
            Obj::Native(_) => "object",
        }
    }
}

// ----- constructors -------------------------------------------------------------------------

impl Value {
    pub fn str(s: &str) -> Value {
        Value::new_obj(Obj::Str(PyStr::new(s.into())))
    }
    pub fn string(s: String) -> Value {
        Value::new_obj(Obj::Str(PyStr::new(s)))
    }
    pub fn tuple(items: Vec<Value>) -> Value {
        Value::new_obj(Obj::Tuple(items.into_boxed_slice()))
    }
    pub fn list(items: Vec<Value>) -> Value {
        Value::new_obj(Obj::List(RefCell::new(items)))
    }
    pub fn dict(d: Dict) -> Value {
        Value::new_obj(Obj::Dict(RefCell::new(d)))
    }
    pub fn bytes(b: Vec<u8>) -> Value {
        Value::new_obj(Obj::Bytes(b.into_boxed_slice()))
    }
    pub fn bytearray(b: Vec<u8>) -> Value {
        Value::new_obj(Obj::ByteArray(RefCell::new(b)))
    }
    /// An int of any size, normalized to an immediate when it fits.
    pub fn int(i: i64) -> Value {
        if Value::fits_small(i) {
            Value::small_int(i)
        } else {
            Value::new_obj(Obj::Int(BigInt::from(i)))
        }
    }
    /// An int (not a bool) that fits in 64 bits.
    #[inline]
    pub fn as_int64(&self) -> Option<i64> {
        use num_traits::ToPrimitive;
        match self.as_small_int() {
            Some(i) => Some(i),
            None => self.as_bigint().and_then(|b| b.to_i64()),
        }
    }
    /// The int's value if it fits in 128 bits.
    pub fn as_int128(&self) -> Option<i128> {
        if let Some(i) = self.as_small_int() {
            return Some(i as i128);
        }
        // From the digits (no conversion through the general path).
        let b = self.as_bigint()?;
        let mut digits = b.magnitude().iter_u64_digits();
        let lo = digits.next().unwrap_or(0);
        let hi = digits.next().unwrap_or(0);
        if digits.next().is_some() {
            return None;
        }
        let m = (hi as u128) << 64 | lo as u128;
        if b.sign() == num_bigint::Sign::Minus {
            (m <= 1 << 127).then(|| (m as i128).wrapping_neg())
        } else {
            (m < 1 << 127).then_some(m as i128)
        }
    }
    /// An int from 128 bits.
    pub fn int_wide(i: i128) -> Value {
        match i64::try_from(i) {
            Ok(i) => Value::int(i),
            Err(_) => Value::new_obj(Obj::Int(BigInt::from(i))),
        }
    }
    pub fn bigint(b: BigInt) -> Value {
        use num_traits::ToPrimitive;
        match b.to_i64() {
            Some(i) if Value::fits_small(i) => Value::small_int(i),
            _ => Value::new_obj(Obj::Int(b)),
        }
    }
    pub fn cell(v: Value) -> Value {
        Value::new_obj(Obj::Cell(RefCell::new(v)))
    }

    // ----- downcasts ----------------------------------------------------------------------
    pub fn as_str(&self) -> Option<&PyStr> {
        match self.obj() {
            Some(Obj::Str(s)) => Some(s),
            _ => None,
        }
    }
    /// The text of a str or of an instance of a str subclass (where CPython's C code takes
    /// any `PyUnicode_Check` object: `str.join` items, method arguments, `in`).
    pub fn str_or_subclass(&self) -> Option<&PyStr> {
        match self.obj() {
            Some(Obj::Str(s)) => Some(s),
            Some(Obj::Instance(i)) => i.base_value.as_str(),
            _ => None,
        }
    }
    pub fn as_tuple(&self) -> Option<&[Value]> {
        match self.obj() {
            Some(Obj::Tuple(t)) => Some(t),
            _ => None,
        }
    }
    pub fn as_list(&self) -> Option<&RefCell<Vec<Value>>> {
        match self.obj() {
            Some(Obj::List(l)) => Some(l),
            _ => None,
        }
    }
    pub fn as_dict(&self) -> Option<&RefCell<Dict>> {
        match self.obj() {
            Some(Obj::Dict(d)) => Some(d),
            Some(Obj::InstDict(i)) => i.as_instance().map(|i| &i.dict),
            _ => None,
        }
    }
    /// A dict's (key, value) pairs in order (none for anything else).
    pub fn dict_pairs(&self) -> Vec<(Value, Value)> {
        self.as_dict()
            .map(|d| {
                d.borrow()
                    .iter()
                    .map(|e| (e.key.clone(), e.value.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }
    /// A copy of the contents of a `bytes` or `bytearray`.
    pub fn bytes_data(&self) -> Option<Vec<u8>> {
        match self.obj() {
            Some(Obj::Bytes(b)) => Some(b.to_vec()),
            Some(Obj::ByteArray(b)) => Some(b.borrow().clone()),
            Some(Obj::MemoryView(m)) => Some(m.bytes()),
            _ => None,
        }
    }
    pub fn as_type(&self) -> Option<&TypeObj> {
        match self.obj() {
            Some(Obj::Type(t)) => Some(t),
            _ => None,
        }
    }
    pub fn as_instance(&self) -> Option<&Instance> {
        match self.obj() {
            Some(Obj::Instance(i)) => Some(i),
            _ => None,
        }
    }
    pub fn as_bigint(&self) -> Option<&BigInt> {
        match self.obj() {
            Some(Obj::Int(b)) => Some(b),
            _ => None,
        }
    }
    pub fn as_code(&self) -> Option<&Rc<Code>> {
        match self.obj() {
            Some(Obj::Code(c)) => Some(c),
            _ => None,
        }
    }
    pub fn as_function(&self) -> Option<&Function> {
        match self.obj() {
            Some(Obj::Function(f)) => Some(f),
            _ => None,
        }
    }
    /// An attribute in an instance's own dict (None when absent or not an instance).
    pub fn inst_attr(&self, name: &str) -> Value {
        self.as_instance()
            .and_then(|i| i.dict.borrow().get_str(name).cloned())
            .unwrap_or(Value::NONE)
    }
    /// Sets an attribute in an instance's own dict (nothing for other objects).
    pub fn set_inst_attr(&self, name: &str, v: Value) {
        if let Some(i) = self.as_instance() {
            i.dict.borrow_mut().set_str(name, v);
        }
    }
    /// The exception data, if this is an exception instance.
    pub fn exc_data(&self) -> Option<&RefCell<ExcData>> {
        self.as_instance().and_then(|i| i.exc.as_deref())
    }
    /// True for int-like values (small int, big int, bool).
    pub fn is_int(&self) -> bool {
        self.is_small_int() || self.is_bool() || self.as_bigint().is_some()
    }
}
#[cfg(test)]
mod tests {
    /// Every heap object takes the size of the largest kind, so large kinds are boxed; this
    /// keeps a string, tuple or big int at 88 bytes plus the reference counts.
    #[test]
    fn objects_stay_small() {
        assert!(std::mem::size_of::<super::Obj>() <= 88);
    }

    #[test]
    fn ints_read_as_128_bits_exactly_when_they_fit() {
        use crate::value::Value;
        use num_bigint::BigInt;
        let cases: [i128; 12] = [
            0,
            -1,
            1 << 47,
            -(1 << 47) - 1,
            i64::MAX as i128,
            i64::MIN as i128,
            1 << 64,
            -(1 << 64),
            (1 << 64) + 12345,
            i128::MAX,
            i128::MIN,
            i128::MIN + 1,
        ];
        for i in cases {
            assert_eq!(Value::bigint(BigInt::from(i)).as_int128(), Some(i), "{i}");
        }
        let big: BigInt = BigInt::from(i128::MAX) + 1u32;
        assert_eq!(Value::bigint(big.clone()).as_int128(), None);
        assert_eq!(Value::bigint(-big.clone() - 1u32).as_int128(), None);
        assert_eq!(Value::bigint(big << 70).as_int128(), None);
    }
}
