//! The object header: how every heap object is laid out in memory, declared once.
//!
//! ```text
//!            ObjBox (one allocation, repr(C))
//!   -16  +---------------------------------------+
//!        | refcnt: usize     strong references   |
//!    -8  +---------------------------------------+
//!        | ty: u64           the object's type,  |  (owned reference; 0 only for
//!        |                   as Value bits       |   objects made before any Vm)
//!     0  +---------------------------------------+  <- a TAG_PTR Value points here
//!        | obj: Obj          repr(u8) tag byte,  |
//!        |                   then the payload    |
//!        +---------------------------------------+
//! ```
//!
//! A pointer `Value` holds the address of the `obj` field, so the payload is at offset 0 and
//! the header sits just before it; native code reads the header with the offsets below and
//! nothing else of Rust's choosing. `type(x)` is the load of `ty`. The type pointer is an
//! owned reference: a type lives as long as any of its instances, and `__class__`
//! assignment swaps it. Types are objects like any other: a class's `ty` is its metaclass.
//!
//! Objects whose type is the built-in type of their variant (every `Obj::List` is a `list`
//! unless made otherwise) get it from a per-thread table the Vm fills at start-up
//! ([`set_default_types`]); instances and classes are given their type explicitly.

use crate::object::{IterKind, Obj, TypeKind};
use crate::value::Value;
use std::cell::Cell;

/// One heap allocation: the header, then the object.
#[repr(C)]
pub struct ObjBox {
    pub refcnt: Cell<usize>,
    /// The type object as `Value` bits (a `TAG_PTR` value), so native code compares it
    /// with a class's bits directly; 0 when unknown (see `default_type`).
    pub ty: Cell<u64>,
    pub obj: Obj,
}

/// Offset of `obj` in [`ObjBox`]: the distance from the header to the object.
pub const HEADER_SIZE: usize = 16;
/// Offset of the reference count from an object's address.
pub const REFCNT: i32 = -16;
/// Offset of the type pointer from an object's address.
pub const TYPE: i32 = -8;

const _: () = {
    assert!(std::mem::offset_of!(ObjBox, refcnt) as i32 == REFCNT + HEADER_SIZE as i32);
    assert!(std::mem::offset_of!(ObjBox, ty) as i32 == TYPE + HEADER_SIZE as i32);
    assert!(std::mem::offset_of!(ObjBox, obj) == HEADER_SIZE);
    assert!(std::mem::size_of::<Cell<usize>>() == 8);
    assert!(std::mem::size_of::<Cell<u64>>() == 8);
};

/// Slots of the default-type table: one per built-in kind (`TypeKind as usize`), then the
/// iterator kinds and the three dict views (see [`default_slot`]).
const KINDS: usize = 40;
const ITER_BASE: usize = KINDS;
const VIEW_BASE: usize = ITER_BASE + 32;
const SLOTS: usize = VIEW_BASE + 3;

thread_local! {
    static DEFAULTS: [Cell<u64>; SLOTS] = const { [const { Cell::new(0) }; SLOTS] };
}

const _: () = assert!(IterKind::ALL.len() <= VIEW_BASE - ITER_BASE);
const _: () = assert!((TypeKind::Instance as usize) < KINDS);

/// The table slot naming the built-in type of `obj`'s variant.
#[inline]
fn default_slot(obj: &Obj) -> usize {
    let kind = match obj {
        Obj::Iter(k, _) => return ITER_BASE + *k as usize,
        Obj::DictView(_, which) => return VIEW_BASE + (*which as usize).min(2),
        Obj::Int(_) => TypeKind::Int,
        Obj::Str(_) => TypeKind::Str,
        Obj::Bytes(_) => TypeKind::Bytes,
        Obj::ByteArray(_) => TypeKind::ByteArray,
        Obj::MemoryView(_) => TypeKind::MemoryView,
        Obj::Complex(..) => TypeKind::Complex,
        Obj::Tuple(_) => TypeKind::Tuple,
        Obj::List(_) => TypeKind::List,
        Obj::Dict(_) | Obj::InstDict(_) => TypeKind::Dict,
        Obj::Set(_) => TypeKind::Set,
        Obj::FrozenSet(_) => TypeKind::FrozenSet,
        Obj::Range(_) => TypeKind::Range,
        Obj::Slice(_) => TypeKind::Slice,
        Obj::Function(_) => TypeKind::Function,
        Obj::Builtin(_) => TypeKind::Builtin,
        Obj::Method(..) => TypeKind::Method,
        Obj::Cell(_) => TypeKind::Cell,
        Obj::Code(_) => TypeKind::Code,
        Obj::Type(_) => TypeKind::Type,
        Obj::Instance(_) => TypeKind::Object,
        Obj::Module(_) => TypeKind::Module,
        Obj::Generator(_) => TypeKind::Generator,
        Obj::Property(_) => TypeKind::Property,
        Obj::StaticMethod(_) => TypeKind::StaticMethod,
        Obj::ClassMethod(_) => TypeKind::ClassMethod,
        Obj::Super(..) => TypeKind::Super,
    };
    kind as usize
}

/// The default type of `obj`'s variant on this thread, as `Value` bits (0 before a Vm set
/// them).
#[inline]
pub fn default_type(obj: &Obj) -> u64 {
    let slot = default_slot(obj);
    DEFAULTS.with(|t| t[slot].get())
}

/// Where a built-in type goes in the default-type table.
pub enum DefaultFor {
    Kind(TypeKind),
    Iter(IterKind),
    /// `dict.keys()` (0), `.values()` (1), `.items()` (2).
    DictView(u8),
}

/// Records `ty` as the type of the objects `which` describes. The table holds one
/// reference to each type for the rest of the thread (built-in types live as long as the
/// program, as CPython's static types do).
pub fn set_default_type(which: DefaultFor, ty: &Value) {
    let slot = match which {
        DefaultFor::Kind(k) => k as usize,
        DefaultFor::Iter(k) => ITER_BASE + k as usize,
        DefaultFor::DictView(w) => VIEW_BASE + (w as usize).min(2),
    };
    let bits = ty.clone().into_bits();
    DEFAULTS.with(|t| drop(Value::from_bits(t[slot].replace(bits))));
}
