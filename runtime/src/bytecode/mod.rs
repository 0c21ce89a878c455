//! CPython 3.11 bytecode: the opcode table, the instruction decoder, the location and
//! exception tables, the verifier every code object passes before it runs, and a disassembler that prints what `python3 -m dis` prints.
//!
//! Everything version-specific about 3.11's instruction encoding is here; the rest of the
//! runtime works on [`Instr`]s indexed by code unit (instruction index == byte offset / 2).

pub mod decode;
pub mod dis;
pub mod exceptions;
pub mod linetable;
pub mod opcode;
pub mod repr;
#[cfg(test)]
pub(crate) mod testutil;
pub mod verify;
#[cfg(test)]
mod verify_tests;

pub use decode::{decode, jump_target, DecodeError, Instr};
pub use exceptions::{find_handler, parse_exception_table, ExceptionEntry};
pub use linetable::{positions, Position};
pub use opcode::{stack_effect, stack_inputs, JumpKind, Opcode};
