//! pycrane-runtime: everything needed to run CPython 3.11 bytecode without a JIT.
//!
//! Owns pyc/marshal loading, the opcode table, the object model (NaN-boxed [`value::Value`]s
//! and reference-counted heap objects), the interpreter, builtins and native modules.
//! It knows nothing of Cranelift.

pub mod builtins;
pub mod bytecode;
pub mod fuzzing;
pub mod import;
pub mod mathfns;
pub mod modules;
pub mod numfmt;
pub mod object;
pub mod os;
pub mod pyc;
pub mod value;
pub mod vm;
