//! The object header: how every heap object is laid out in memory, declared once.
//!
//! ```text
//!            ObjBox (one allocation, repr(C))
//!   -24  +---------------------------------------+
//!        | weaklist: u64     the first weak      |  borrowed bits of a weakref's
//!        |                   reference to it, 0  |  payload; 0: none (see
//!        |                                       |  `modules::weakref`)
//!   -16  +---------------------------------------+
//!        | refcnt: usize     strong references   |
//!    -8  +---------------------------------------+
//!        | ty: u64           the object's type:  |  its Value bits (an owned
//!        |                   see below           |  reference), or 0: the built-in
//!        |                                       |  type of the object's variant
//!     0  +---------------------------------------+  <- a TAG_PTR Value points here
//!        | obj: Obj          repr(u8) tag byte,  |
//!        |                   then the payload    |
//!        +---------------------------------------+
//! ```
//!
//! A pointer `Value` holds the address of the `obj` field, so the payload is at offset 0 and
//! the header sits just before it; native code reads the header with the offsets below and
//! nothing else of Rust's choosing. For instances and classes `ty` is an owned reference to
//! the type (a class lives as long as any of its instances; `__class__` assignment swaps
//! it), stored as the class's `Value` bits so native code compares it with a class
//! directly; `type(x)` is that load. Types are objects like any other: a class's `ty` is
//! its metaclass.
//!
//! The `weaklist` word is the head of the object's weak references (`modules::weakref`);
//! `value::free` tests it once per freed object. It costs memory on allocation-heavy
//! programs: peak RSS of bench/deltablue.py 176 MB -> 191 MB, wordfreq 298 -> 320 MB
//! (bench harness, 5 runs), and no measurable time (callgrind, PYTHONHASHSEED=0: richards
//! 20000 497.9M -> 497.9M instructions, raytrace 60 933.7M -> 936.5M).
//!
//! An object of a built-in type (an `Obj::List` is always exactly a `list`) stores 0: its
//! type follows from its variant tag (`Vm::type_of`). Measured: filling in the built-in
//! type on every allocation (a per-thread table lookup) cost 3% more instructions on
//! allocation-heavy code (fannkuch under the JIT, callgrind) for no gain, since native code
//! tests built-in objects by their tag.

use crate::object::Obj;
use std::cell::Cell;

/// One heap allocation: the header, then the object.
#[repr(C)]
pub struct ObjBox {
    /// The head of the list of weak references to this object (see `modules::weakref`):
    /// checked when the object is freed, so the references die with it.
    pub weaklist: Cell<u64>,
    pub refcnt: Cell<usize>,
    /// The type object's `Value` bits (an owned reference), or 0 for the built-in type of
    /// the object's variant.
    pub ty: Cell<u64>,
    pub obj: Obj,
}

/// Offset of `obj` in [`ObjBox`]: the distance from the header to the object.
pub const HEADER_SIZE: usize = 24;
/// Offset of the weak-reference list head from an object's address.
pub const WEAKLIST: i32 = -24;
/// Offset of the reference count from an object's address.
pub const REFCNT: i32 = -16;
/// Offset of the type pointer from an object's address.
pub const TYPE: i32 = -8;

const _: () = {
    assert!(std::mem::offset_of!(ObjBox, weaklist) as i32 == WEAKLIST + HEADER_SIZE as i32);
    assert!(std::mem::offset_of!(ObjBox, refcnt) as i32 == REFCNT + HEADER_SIZE as i32);
    assert!(std::mem::offset_of!(ObjBox, ty) as i32 == TYPE + HEADER_SIZE as i32);
    assert!(std::mem::offset_of!(ObjBox, obj) == HEADER_SIZE);
    assert!(std::mem::size_of::<Cell<usize>>() == 8);
    assert!(std::mem::size_of::<Cell<u64>>() == 8);
};
