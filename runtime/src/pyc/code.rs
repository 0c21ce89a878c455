//! The code object as marshal stores it, plus its constants.
//!
//! This is the loader's output and the interpreter's input: plain data, no `Value`s, so the
//! pyc reader stays independent of the object model. The interpreter converts constants to
//! values once per code object.

use num_bigint::BigInt;
use std::rc::Rc;

/// `co_flags` bits used by the runtime (Include/cpython/code.h).
pub mod flags {
    pub const OPTIMIZED: u32 = 0x0001;
    pub const NEWLOCALS: u32 = 0x0002;
    pub const VARARGS: u32 = 0x0004;
    pub const VARKEYWORDS: u32 = 0x0008;
    pub const NESTED: u32 = 0x0010;
    pub const GENERATOR: u32 = 0x0020;
    pub const NOFREE: u32 = 0x0040;
    pub const COROUTINE: u32 = 0x0080;
    pub const ITERABLE_COROUTINE: u32 = 0x0100;
    pub const ASYNC_GENERATOR: u32 = 0x0200;
}

/// `co_localspluskinds` bits (Include/internal/pycore_code.h).
pub mod kinds {
    pub const ARG_VAR_POSITIONAL: u8 = 0x02;
    pub const ARG_VAR_KEYWORDS: u8 = 0x04;
    pub const ARG_KEYWORD_ONLY: u8 = 0x08;
    pub const LOCAL: u8 = 0x20;
    pub const CELL: u8 = 0x40;
    pub const FREE: u8 = 0x80;
}

/// A constant from a marshal stream. Containers hold constants; `Code` nests code objects.
#[derive(Debug, Clone)]
pub enum Const {
    None,
    /// `StopIteration` (marshal type `S`), used as a sentinel by some code.
    StopIteration,
    Ellipsis,
    Bool(bool),
    /// An int that fits in `i64`.
    Int(i64),
    /// Any other int.
    BigInt(Rc<BigInt>),
    Float(f64),
    Complex(f64, f64),
    Str(Rc<str>),
    Bytes(Rc<[u8]>),
    Tuple(Rc<[Const]>),
    List(Rc<[Const]>),
    Dict(Rc<[(Const, Const)]>),
    Set(Rc<[Const]>),
    FrozenSet(Rc<[Const]>),
    Code(Rc<CodeObject>),
}

/// A CPython 3.11 code object (Objects/codeobject.c), field for field as marshal writes it.
#[derive(Debug, Clone)]
pub struct CodeObject {
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub stacksize: u32,
    pub flags: u32,
    /// Raw `co_code`: 2-byte code units (opcode, arg), inline CACHE units included.
    pub code: Rc<[u8]>,
    pub consts: Vec<Const>,
    pub names: Vec<Rc<str>>,
    /// Names of locals, then cells, then free variables.
    pub localsplusnames: Vec<Rc<str>>,
    /// One byte of [`kinds`] flags per entry of `localsplusnames`.
    pub localspluskinds: Vec<u8>,
    pub filename: Rc<str>,
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    pub firstlineno: u32,
    /// `co_linetable`: the 3.11 location table (PEP 626 + column info).
    pub linetable: Rc<[u8]>,
    /// `co_exceptiontable`: the 3.11 zero-cost exception table.
    pub exceptiontable: Rc<[u8]>,
}
