//! Loading code objects: the `.pyc` header, the marshal format, and finding or producing the
//! `.pyc` for a `.py` source.

pub mod code;
pub use code::{CodeObject, Const};
