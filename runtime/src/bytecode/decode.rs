//! Decoding 3.11 `co_code` into one [`Instr`] per 2-byte code unit.
//!
//! ```text
//!   byte offset:  0        2        4        6        8
//!                 +--------+--------+--------+--------+
//!   code unit:    | op arg | op arg | CACHE  | op arg |   index = offset / 2
//!                 +--------+--------+--------+--------+
//! ```
//!
//! Invariants of [`decode`]'s output: `instrs.len() == code.len() / 2` and `instrs[i]`
//! describes the code unit at byte offset `2 * i`, so exception-table entries and jump targets
//! (both counted in code units) index the vector directly. `EXTENDED_ARG` prefixes are folded
//! into the argument of the instruction they prefix; the prefix units stay in the vector with
//! the partial argument accumulated so far (what `dis` shows for them). Inline cache units
//! stay as [`Opcode::Cache`] with argument 0 whatever their raw contents.

use super::opcode::{JumpKind, Opcode};
use std::fmt;

/// One decoded code unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instr {
    pub op: Opcode,
    /// The full argument, EXTENDED_ARG prefixes included; 0 for opcodes without one.
    pub arg: u32,
}

/// Malformed bytecode (or exception/location table), with the byte offset where it went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// `co_code` has an odd number of bytes.
    OddLength(usize),
    /// A byte that is not a 3.11 opcode.
    UnknownOpcode { offset: usize, byte: u8 },
    /// An instruction's inline caches (or its EXTENDED_ARG chain) run past the end.
    Truncated { offset: usize },
    /// A jump whose target lies outside the code.
    BadJump { offset: usize },
    /// The exception table ends in the middle of an entry, or an entry is out of range.
    BadExceptionTable { offset: usize },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::OddLength(n) => write!(f, "bytecode has odd length {n}"),
            DecodeError::UnknownOpcode { offset, byte } => {
                write!(f, "unknown opcode {byte} at offset {offset}")
            }
            DecodeError::Truncated { offset } => {
                write!(
                    f,
                    "instruction at offset {offset} runs past the end of the code"
                )
            }
            DecodeError::BadJump { offset } => {
                write!(f, "jump at offset {offset} leaves the code")
            }
            DecodeError::BadExceptionTable { offset } => {
                write!(f, "malformed exception table at byte {offset}")
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decode `co_code`. See the module docs for the shape of the result.
pub fn decode(code: &[u8]) -> Result<Vec<Instr>, DecodeError> {
    if !code.len().is_multiple_of(2) {
        return Err(DecodeError::OddLength(code.len()));
    }
    let units = code.len() / 2;
    let mut out = Vec::with_capacity(units);
    let mut extended: u32 = 0;
    let mut i = 0;
    while i < units {
        let (byte, raw_arg) = (code[2 * i], code[2 * i + 1]);
        let op = Opcode::from_u8(byte).ok_or(DecodeError::UnknownOpcode {
            offset: 2 * i,
            byte,
        })?;
        let arg = if op.has_arg() {
            extended | raw_arg as u32
        } else {
            0
        };
        extended = if op == Opcode::ExtendedArg {
            arg.wrapping_shl(8)
        } else {
            0
        };
        out.push(Instr { op, arg });
        let caches = op.cache_entries() as usize;
        if i + 1 + caches > units {
            return Err(DecodeError::Truncated { offset: 2 * i });
        }
        for _ in 0..caches {
            out.push(Instr {
                op: Opcode::Cache,
                arg: 0,
            });
        }
        i += 1 + caches;
    }
    if extended != 0 || out.last().is_some_and(|ins| ins.op == Opcode::ExtendedArg) {
        return Err(DecodeError::Truncated {
            offset: code.len() - 2,
        });
    }
    Ok(out)
}

/// Index of the code unit that the jump at `index` goes to, or `None` if `instr` is not a jump
/// or a backward jump would go before the start. (The caller checks the upper bound against
/// its code length; the verifier does it for every jump before the code runs.)
pub fn jump_target(index: usize, instr: &Instr) -> Option<usize> {
    let next = index.checked_add(1)?;
    match instr.op.jump() {
        JumpKind::None => None,
        JumpKind::Forward => next.checked_add(instr.arg as usize),
        JumpKind::Backward => next.checked_sub(instr.arg as usize),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::testutil::{all_code, compile_source, for_each_code_object};

    #[test]
    fn errors_not_panics() {
        assert_eq!(decode(&[1]), Err(DecodeError::OddLength(1)));
        assert_eq!(
            decode(&[1, 0, 3, 0]),
            Err(DecodeError::UnknownOpcode { offset: 2, byte: 3 })
        );
        // BINARY_SUBSCR needs 4 cache units.
        assert_eq!(
            decode(&[25, 0, 0, 0]),
            Err(DecodeError::Truncated { offset: 0 })
        );
        // A dangling EXTENDED_ARG.
        assert!(decode(&[144, 1]).is_err());
        assert_eq!(decode(&[]), Ok(vec![]));
        // Backward jump before the start.
        let ins = Instr {
            op: Opcode::JumpBackward,
            arg: 5,
        };
        assert_eq!(jump_target(0, &ins), None);
        assert_eq!(jump_target(10, &ins), Some(6));
    }

    #[test]
    fn extended_arg_folds() {
        // EXTENDED_ARG 1; EXTENDED_ARG 2; LOAD_CONST 3 -> 0x010203
        let v = decode(&[144, 1, 144, 2, 100, 3]).unwrap();
        assert_eq!(v[0].arg, 1);
        assert_eq!(v[1].arg, 0x102);
        assert_eq!(
            v[2],
            Instr {
                op: Opcode::LoadConst,
                arg: 0x10203
            }
        );
    }

    /// Every instruction dis shows (offset, opname, arg, argval for jumps) must match ours.
    #[test]
    fn matches_dis_including_extended_args() {
        let mut src = String::from("def big(x):\n");
        // Enough code that jumps need EXTENDED_ARG, plus many constants.
        src.push_str("    while x:\n        if x > 3:\n");
        for i in 0..200 {
            src.push_str(&format!("            x = x + {i} * x.attr{i}\n"));
        }
        src.push_str("        x -= 1\n    for i in range(x):\n        try:\n            pass\n");
        src.push_str("        except ValueError:\n            continue\n    return x\n");
        src.push_str("def small(a, b=2, *c, **d):\n    return [i for i in a if i in d]\n");
        let (path, module) = compile_source("decode_ext", &src);
        let expected = for_each_code_object(
            &path,
            r#"
    for ins in dis.get_instructions(c):
        tgt = ins.argval if ins.opcode in dis.hasjrel else ''
        print(ins.offset, ins.opname, ins.arg if ins.arg is not None else '', tgt)
"#,
        );
        let mut got = String::new();
        let mut saw_extended = false;
        for code in all_code(&module) {
            got.push_str(&format!("code {}\n", code.name));
            let instrs = decode(&code.code).unwrap();
            assert_eq!(instrs.len(), code.code.len() / 2);
            for (i, ins) in instrs.iter().enumerate() {
                if ins.op == Opcode::Cache {
                    continue;
                }
                saw_extended |= ins.op == Opcode::ExtendedArg;
                let arg = if ins.op.has_arg() {
                    ins.arg.to_string()
                } else {
                    String::new()
                };
                let tgt = jump_target(i, ins)
                    .map(|t| (2 * t).to_string())
                    .unwrap_or_default();
                got.push_str(&format!("{} {} {} {}\n", 2 * i, ins.op.name(), arg, tgt));
            }
        }
        assert!(saw_extended, "test source should need EXTENDED_ARG");
        assert_eq!(got, expected);
    }
}
