//! `Value`: the 64-bit NaN-boxed representation of every Python value.
//!
//! ```text
//!  63      52 51 48 47                                              0
//! +----------+-----+------------------------------------------------+
//! | any bits < 0xFFF8_0000_0000_0000  : an f64, stored as itself     |
//! +----------+-----+------------------------------------------------+
//! | 1111 1111 1111 1000 | 48-bit pointer to an Rc<Obj> allocation   |  TAG_PTR
//! | 1111 1111 1111 1001 | 48-bit two's complement small int          |  TAG_INT
//! | 1111 1111 1111 1010 | 0 = False, 1 = True                        |  TAG_BOOL
//! | 1111 1111 1111 1011 | 0 = NULL, 1 = None, 2 = NotImplemented,    |  TAG_SPECIAL
//! |                     | 3 = Ellipsis                               |
//! +---------------------+--------------------------------------------+
//! ```
//! Every NaN is stored as a positive quiet NaN (`0x7FF8...`), so the quiet-NaN space with the
//! sign bit set (`0xFFF8...` and up) is free for tags. Each NaN a computation makes gets a
//! payload of its own ([`fresh_nan_bits`]): in CPython every NaN is a separate float object,
//! and identity decides `nan is nan`, `nan in {nan: 1}` and `len({nan, float("nan")})`. Ints outside 48 bits live on the heap
//! as big integers; Python code cannot tell the difference.
//!
//! Heap values own one strong reference of an `Rc<Obj>`: `Clone` increments it and `Drop`
//! decrements it; immediates cost nothing. `NULL` is an internal marker (an empty stack slot,
//! an unbound local) and is never visible to Python code.
//!
//! This is one of the few modules with `unsafe` code: turning tagged bits back into an `Rc`.

use crate::object::Obj;
use std::rc::Rc;

pub const TAG_MASK: u64 = 0xFFFF_0000_0000_0000;
pub const PAYLOAD_MASK: u64 = 0x0000_FFFF_FFFF_FFFF;
pub const TAG_PTR: u64 = 0xFFF8_0000_0000_0000;
pub const TAG_INT: u64 = 0xFFF9_0000_0000_0000;
pub const TAG_BOOL: u64 = 0xFFFA_0000_0000_0000;
pub const TAG_SPECIAL: u64 = 0xFFFB_0000_0000_0000;
/// The quiet NaN every stored NaN is a variant of (see [`fresh_nan_bits`]).
pub const QUIET_NAN: u64 = 0x7FF8_0000_0000_0000;

/// The bits of a new NaN object: a positive quiet NaN whose payload no recent NaN has, so
/// that NaNs made apart are not identical (`is`) while copies of one NaN are.
pub fn fresh_nan_bits() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    QUIET_NAN | (NEXT.fetch_add(1, Ordering::Relaxed) & 0x0007_FFFF_FFFF_FFFF)
}
/// Small ints are 48-bit two's complement.
pub const SMALL_INT_MIN: i64 = -(1 << 47);
pub const SMALL_INT_MAX: i64 = (1 << 47) - 1;

/// A Python value (see the module docs for the bit layout).
#[repr(transparent)]
pub struct Value(u64);

impl Value {
    pub const NULL: Value = Value(TAG_SPECIAL);
    pub const NONE: Value = Value(TAG_SPECIAL | 1);
    pub const NOT_IMPLEMENTED: Value = Value(TAG_SPECIAL | 2);
    pub const ELLIPSIS: Value = Value(TAG_SPECIAL | 3);
    pub const TRUE: Value = Value(TAG_BOOL | 1);
    pub const FALSE: Value = Value(TAG_BOOL);

    #[inline]
    pub fn bits(&self) -> u64 {
        self.0
    }
    /// Rebuilds a value from bits made by [`Value::into_bits`] (taking over its reference).
    /// Immediates are always valid; pointer bits must come from `into_bits`.
    #[inline]
    pub fn from_bits(bits: u64) -> Value {
        Value(bits)
    }
    /// Gives up this value's reference as raw bits (see [`Value::from_bits`]).
    #[inline]
    pub fn into_bits(self) -> u64 {
        let b = self.0;
        std::mem::forget(self);
        b
    }
    #[inline]
    pub fn float(x: f64) -> Value {
        if x.is_nan() {
            Value(fresh_nan_bits())
        } else {
            Value(x.to_bits())
        }
    }
    /// A small int; the caller guarantees the range (see [`Value::fits_small`]).
    #[inline]
    pub fn small_int(i: i64) -> Value {
        debug_assert!(Self::fits_small(i));
        Value(TAG_INT | (i as u64 & PAYLOAD_MASK))
    }
    #[inline]
    pub fn fits_small(i: i64) -> bool {
        (SMALL_INT_MIN..=SMALL_INT_MAX).contains(&i)
    }
    #[inline]
    pub fn bool(b: bool) -> Value {
        if b {
            Value::TRUE
        } else {
            Value::FALSE
        }
    }
    /// Moves an object onto the heap and returns the owning value.
    pub fn new_obj(obj: Obj) -> Value {
        Self::from_rc(Rc::new(obj))
    }
    pub fn from_rc(rc: Rc<Obj>) -> Value {
        let p = Rc::into_raw(rc) as u64;
        debug_assert!(p & TAG_MASK == 0, "heap pointer wider than 48 bits");
        Value(TAG_PTR | p)
    }

    #[inline]
    pub fn is_float(&self) -> bool {
        self.0 < TAG_PTR
    }
    #[inline]
    pub fn is_small_int(&self) -> bool {
        self.0 & TAG_MASK == TAG_INT
    }
    #[inline]
    pub fn is_bool(&self) -> bool {
        self.0 & TAG_MASK == TAG_BOOL
    }
    #[inline]
    pub fn is_ptr(&self) -> bool {
        self.0 & TAG_MASK == TAG_PTR
    }
    #[inline]
    pub fn is_null(&self) -> bool {
        self.0 == Value::NULL.0
    }
    #[inline]
    pub fn is_none(&self) -> bool {
        self.0 == Value::NONE.0
    }
    #[inline]
    pub fn as_float(&self) -> Option<f64> {
        if self.is_float() {
            Some(f64::from_bits(self.0))
        } else {
            None
        }
    }
    #[inline]
    pub fn as_small_int(&self) -> Option<i64> {
        if self.is_small_int() {
            Some(((self.0 << 16) as i64) >> 16)
        } else {
            None
        }
    }
    #[inline]
    pub fn as_bool(&self) -> Option<bool> {
        if self.is_bool() {
            Some(self.0 & 1 == 1)
        } else {
            None
        }
    }
    /// Identity (`is`): same bits.
    #[inline]
    pub fn is(&self, other: &Value) -> bool {
        self.0 == other.0
    }
    /// The heap object, if this value is a pointer.
    #[inline]
    pub fn obj(&self) -> Option<&Obj> {
        if self.is_ptr() {
            // SAFETY: a TAG_PTR value was made by `from_rc` from `Rc::into_raw`, and this value
            // owns one strong count, so the allocation lives at least as long as `&self`.
            Some(unsafe { &*((self.0 & PAYLOAD_MASK) as *const Obj) })
        } else {
            None
        }
    }
    /// Address used by `id()` and identity hashing.
    pub fn addr(&self) -> u64 {
        if self.is_ptr() {
            self.0 & PAYLOAD_MASK
        } else {
            self.0
        }
    }
    /// Runs `f` on the object when this value holds its only reference, so no other value
    /// can see the change (None otherwise, or for an immediate).
    pub fn with_unique<R>(&mut self, f: impl FnOnce(&mut Obj) -> R) -> Option<R> {
        if !self.is_ptr() {
            return None;
        }
        let p = (self.0 & PAYLOAD_MASK) as *const Obj;
        // SAFETY: see `obj`: this value owns one strong count. The rebuilt Rc borrows that
        // count for `Rc::get_mut` (which checks it is the only one) and is never dropped, so
        // the count stays this value's; `&mut self` keeps this handle from being used
        // meanwhile.
        let mut rc = std::mem::ManuallyDrop::new(unsafe { Rc::from_raw(p) });
        Rc::get_mut(&mut rc).map(f)
    }

    /// Number of strong references (for tests and diagnostics); 0 for immediates.
    pub fn ref_count(&self) -> usize {
        if self.is_ptr() {
            let p = (self.0 & PAYLOAD_MASK) as *const Obj;
            // SAFETY: see `obj`; we rebuild the Rc only to read its count, then forget it so
            // the count this value owns is left untouched.
            let rc = unsafe { Rc::from_raw(p) };
            let n = Rc::strong_count(&rc);
            std::mem::forget(rc);
            n
        } else {
            0
        }
    }
}

impl Clone for Value {
    #[inline]
    fn clone(&self) -> Value {
        if self.is_ptr() {
            // SAFETY: the pointer came from `Rc::into_raw` and is alive (we own a count).
            unsafe { Rc::increment_strong_count((self.0 & PAYLOAD_MASK) as *const Obj) };
        }
        Value(self.0)
    }
}

impl Drop for Value {
    #[inline]
    fn drop(&mut self) {
        if self.is_ptr() {
            // SAFETY: this value owns exactly one strong count of an `Rc::into_raw` pointer;
            // giving it back once here is balanced by `from_rc`/`clone`.
            unsafe { Rc::decrement_strong_count((self.0 & PAYLOAD_MASK) as *const Obj) };
        }
    }
}

impl Default for Value {
    fn default() -> Value {
        Value::NULL
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(x) = self.as_float() {
            write!(f, "Float({x})")
        } else if let Some(i) = self.as_small_int() {
            write!(f, "Int({i})")
        } else if let Some(b) = self.as_bool() {
            write!(f, "Bool({b})")
        } else if self.is_ptr() {
            write!(f, "Obj({:#x})", self.addr())
        } else {
            match self.0 & 0xF {
                0 => write!(f, "NULL"),
                1 => write!(f, "None"),
                2 => write!(f, "NotImplemented"),
                _ => write!(f, "Ellipsis"),
            }
        }
    }
}
