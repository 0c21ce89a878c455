//! pycrane-runtime: everything needed to run CPython 3.11 bytecode without a JIT.
//!
//! Owns pyc/marshal loading, the opcode table, the object model (NaN-boxed [`Value`]s and
//! reference-counted heap objects), the interpreter, builtins and native modules.
//! It knows nothing of Cranelift.

pub mod mathfns;
pub mod numfmt;
pub mod pyc;
