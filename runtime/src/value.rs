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
//! Heap values point at an object inside an `ObjBox` (see `object::layout`: a reference
//! count and a type pointer precede the object) and own one reference: `Clone` increments
//! it and `Drop` decrements it, freeing the object and releasing its type at zero;
//! immediates cost nothing. `NULL` is an internal marker (an empty stack slot,
//! an unbound local) and is never visible to Python code.
//!
//! This is one of the few modules with `unsafe` code: turning tagged bits back into an object.

use crate::object::layout::{ObjBox, HEADER_SIZE};
use crate::object::Obj;
use std::cell::Cell;

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
    /// Moves an object onto the heap and returns the owning value; its type is the built-in
    /// type of its variant.
    #[inline]
    pub fn new_obj(obj: Obj) -> Value {
        Self::alloc(obj, 0)
    }
    /// Moves an object onto the heap with `ty` (a type object) as its type.
    #[inline]
    pub fn new_typed(obj: Obj, ty: &Value) -> Value {
        Self::alloc(obj, ty.clone().into_bits())
    }
    /// Allocates the box; `ty` is an owned reference as bits (or 0).
    #[inline(always)]
    fn alloc(obj: Obj, ty: u64) -> Value {
        let b = Box::new(ObjBox {
            weaklist: Cell::new(0),
            refcnt: Cell::new(1),
            ty: Cell::new(ty),
            obj,
        });
        let p = Box::into_raw(b) as u64 + HEADER_SIZE as u64;
        debug_assert!(p & TAG_MASK == 0, "heap pointer wider than 48 bits");
        Value(TAG_PTR | p)
    }
    /// The header of a heap value.
    #[inline]
    fn header(&self) -> Option<&ObjBox> {
        if self.is_ptr() {
            // SAFETY: a TAG_PTR value points `HEADER_SIZE` bytes into a live `ObjBox` (see
            // `alloc`) and owns a reference, so the box lives at least as long as `&self`.
            Some(unsafe { &*(((self.0 & PAYLOAD_MASK) as usize - HEADER_SIZE) as *const ObjBox) })
        } else {
            None
        }
    }
    /// The type recorded in the header (None for immediates and for objects made before
    /// the thread's Vm existed, whose type follows from their variant).
    #[inline]
    pub fn header_type(&self) -> Option<Value> {
        let ty = self.header()?.ty.get();
        if ty == 0 {
            return None;
        }
        // SAFETY: the header holds a reference to its type, alive while `self` is.
        unsafe { incref(ty) };
        Some(Value(ty))
    }
    /// The type object in the header, borrowed (no reference counting): for quick looks
    /// that run no Python code, which could reassign `__class__` meanwhile.
    #[inline]
    pub fn header_type_obj(&self) -> Option<&Obj> {
        let ty = self.header()?.ty.get();
        // SAFETY: a non-zero header type is a live object the header holds a reference to.
        (ty != 0).then(|| unsafe { &*((ty & PAYLOAD_MASK) as *const Obj) })
    }
    /// The class of an instance (any heap object made with a type): its header's type.
    #[inline]
    pub fn class(&self) -> Value {
        self.header_type().unwrap_or(Value::NONE)
    }
    /// Whether the header's type is `ty` (no reference counting).
    #[inline]
    pub fn has_header_type(&self, ty: &Value) -> bool {
        self.header().is_some_and(|h| h.ty.get() == ty.0)
    }
    /// Whether the header names no type of its own: the object is of the built-in type of
    /// its variant.
    #[inline]
    pub fn has_variant_type(&self) -> bool {
        self.header().is_some_and(|h| h.ty.get() == 0)
    }
    /// The head of the object's weak-reference list (0: none; see `modules::weakref`).
    #[inline]
    pub fn weaklist(&self) -> u64 {
        self.header().map_or(0, |h| h.weaklist.get())
    }
    /// Sets the head of the object's weak-reference list (false for immediates).
    pub fn set_weaklist(&self, head: u64) -> bool {
        self.header().map(|h| h.weaklist.set(head)).is_some()
    }
    /// A borrowed view of the object with bits `bits`, for code that keeps a raw
    /// (uncounted) reference and knows the object is alive — the weak-reference list,
    /// whose entries unlink themselves before they are freed. Dropping the view gives
    /// back no reference.
    pub fn borrowed(bits: u64) -> std::mem::ManuallyDrop<Value> {
        std::mem::ManuallyDrop::new(Value(bits))
    }

    /// Replaces the type in the header (`__class__` assignment, and the built-in types'
    /// own type fixed up at start-up). False for immediates.
    pub fn set_header_type(&self, ty: &Value) -> bool {
        let Some(h) = self.header() else {
            return false;
        };
        let old = h.ty.replace(ty.clone().into_bits());
        drop(Value(old));
        true
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
            // SAFETY: a TAG_PTR value points at the `obj` field of a live `ObjBox` and owns a
            // reference, so the object lives at least as long as `&self`.
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
        if self.header()?.refcnt.get() != 1 {
            return None;
        }
        let p = (self.0 & PAYLOAD_MASK) as *mut Obj;
        // SAFETY: this value holds the only reference to the live object, and `&mut self`
        // keeps it from being cloned or used meanwhile, so no other reference exists.
        Some(f(unsafe { &mut *p }))
    }

    /// Number of strong references (for tests and diagnostics); 0 for immediates.
    pub fn ref_count(&self) -> usize {
        self.header().map_or(0, |h| h.refcnt.get())
    }
}

/// Adds a reference to the object whose pointer value has bits `v`.
///
/// # Safety
/// `v` must be the bits of a pointer value to a live object.
#[inline]
unsafe fn incref(v: u64) {
    // SAFETY: the caller guarantees `v` points inside a live ObjBox.
    let h = unsafe { &*(((v & PAYLOAD_MASK) as usize - HEADER_SIZE) as *const ObjBox) };
    debug_check_count(h, v, "a new reference to");
    h.refcnt.set(h.refcnt.get() + 1);
}

/// Counts at or past this are not counts: the header of a freed (and perhaps reused) box.
pub const COUNT_LIMIT: usize = 1 << 40;

/// A debug build's check of the count of the object a reference is taken to or given back:
/// a count of 0, or one too large to be real, is a use after free or a reference given back
/// twice (a bug in native code's inline counting, a helper or the runtime). It aborts at once:
/// by the time the allocator trips over it, the cause is long gone. Release builds check
/// nothing.
#[inline(always)]
fn debug_check_count(h: &ObjBox, v: u64, what: &str) {
    if cfg!(debug_assertions) {
        let n = h.refcnt.get();
        if n == 0 || n >= COUNT_LIMIT {
            use std::io::Write as _;
            let _ = writeln!(
                std::io::stderr(),
                "pycrane: debug check failed: {what} object {v:#x} whose count is {n}"
            );
            std::process::abort();
        }
    }
}

/// Gives back a reference to the object whose pointer value has bits `v`, freeing it at
/// zero.
///
/// # Safety
/// `v` must be the bits of a pointer value to a live object, and the caller must own the
/// reference it gives back.
#[inline]
unsafe fn decref(v: u64) {
    let hp = ((v & PAYLOAD_MASK) as usize - HEADER_SIZE) as *mut ObjBox;
    // SAFETY: the caller guarantees `p` is inside a live ObjBox.
    let h = unsafe { &*hp };
    debug_check_count(h, v, "a reference given back to");
    let n = h.refcnt.get() - 1;
    h.refcnt.set(n);
    if n == 0 {
        // SAFETY: that was the last reference: nothing else can reach the box.
        unsafe { free(hp) };
    }
}

/// Frees a box whose count reached zero, then releases its type.
///
/// # Safety
/// `hp` came from `Box::into_raw` in `Value::alloc` and no reference to it remains.
#[inline(never)]
unsafe fn free(hp: *mut ObjBox) {
    // SAFETY: see the function's contract.
    let b = unsafe { Box::from_raw(hp) };
    let weak = b.weaklist.get();
    if weak != 0 {
        // The weak references die before the object's contents, as in CPython.
        crate::modules::weakref::clear_refs(weak);
    }
    let ty = b.ty.get();
    drop(b);
    // The freed object owned this reference to its type (0: none).
    drop(Value(ty));
}

impl Clone for Value {
    #[inline]
    fn clone(&self) -> Value {
        if self.is_ptr() {
            // SAFETY: a pointer value points at a live object (we own a reference).
            unsafe { incref(self.0) };
        }
        Value(self.0)
    }
}

impl Drop for Value {
    #[inline]
    fn drop(&mut self) {
        if self.is_ptr() {
            // SAFETY: this value owns exactly one reference, given back once here.
            unsafe { decref(self.0) };
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
