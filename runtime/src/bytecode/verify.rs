//! The bytecode verifier: a `.pyc` is input from disk, so every code object is checked once,
//! when it is prepared for running (`Vm::prepare_code`, which also reaches every nested code
//! object through the constants), before the interpreter or the JIT sees it.
//!
//! One linear pass plus one abstract interpretation of the value stack establish:
//!
//! - **operands in range**: constants, names (`LOAD_GLOBAL` uses `arg >> 1`), fast locals, cell
//!   and free variables (which must name a cell or free slot), operator tables (`COMPARE_OP`,
//!   `BINARY_OP`) and every small enumerated argument (`IS_OP`, `RAISE_VARARGS`,
//!   `BUILD_SLICE`, `FORMAT_VALUE`, `MAKE_FUNCTION`, `COPY`/`SWAP` and the `PEEK(n)` family
//!   at least 1...); `KW_NAMES` names a tuple of strings; `COPY_FREE_VARS` copies exactly the
//!   free variables;
//! - **instruction boundaries**: jump targets and exception handlers land on an instruction,
//!   never on an inline cache or inside an `EXTENDED_ARG` chain; a chain has at most three
//!   prefixes and prefixes an instruction that takes an argument;
//! - **the stack**: along every edge — fall-through, jumps, and the exception edge from each
//!   protected instruction to its handler (at the entry's depth, plus `lasti`, plus the
//!   exception) — an instruction is always reached with the same depth, at least the number of
//!   values it reads, and no path goes past `co_stacksize`; a reachable instruction never runs
//!   off the end of the code;
//! - **the exception table**: entries sorted, disjoint, inside the code, handlers on
//!   instruction boundaries; a handler's depth is at most the depth of every instruction it
//!   protects (the interpreter still checks the depth when it unwinds: an instruction may
//!   have popped its operands when it raises);
//! - **locals**: `co_localspluskinds` matches the names, each kind is a local, a cell or a free
//!   variable (free ones last), and the argument counts fit;
//! - **generators**: `RETURN_GENERATOR` only in generator-like code (and there only in the
//!   prefix before the first `RESUME`), `YIELD_VALUE` likewise only in such code;
//! - **the location table** is a sequence of whole entries covering exactly the code.
//!
//! After it, the interpreter and the JIT rely on these facts: an operand index never needs a
//! range check to be memory safe, a frame's value stack never outgrows
//! [`Verified::max_depth`], and the compiler takes its stack depths from [`stack_depths`] — the
//! one analysis, here — instead of computing its own.

use super::decode::{jump_target, Instr};
use super::exceptions::{find_handler, ExceptionEntry};
use super::opcode::{stack_effect, stack_inputs, Opcode as Op, CMP_OP, NB_OPS};
use crate::pyc::code::{flags, kinds};
use crate::pyc::{CodeObject, Const};
use std::fmt;

/// Why a code object was rejected: the byte offset of the offending instruction (when there
/// is one) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyError {
    pub at: Option<(usize, Op)>,
    pub msg: String,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some((offset, op)) => write!(f, "offset {offset} ({}): {}", op.name(), self.msg),
            None => f.write_str(&self.msg),
        }
    }
}

/// What the verifier proved that the runtime uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The deepest the value stack gets (at most `co_stacksize`).
    pub max_depth: u32,
}

/// Depth marker of an instruction no path reaches.
pub const UNREACHED: u32 = u32::MAX;

/// The run-time stack effect of an instruction: `dis.stack_effect` except that a `PRECALL`
/// leaves its arguments for the `CALL` that consumes them (which is what an exit between the
/// two sees), and `RETURN_GENERATOR` is followed, when the generator is resumed, by the value
/// sent into it.
pub fn run_effect(op: Op, arg: u32, jump: bool) -> i64 {
    match op {
        Op::Precall => 0,
        Op::Call => -(arg as i64) - 1,
        Op::ReturnGenerator => 1,
        _ => stack_effect(op, arg, jump),
    }
}

/// Where control goes after `instrs[i]` (exception edges aside): (successor, whether it is
/// the jump's target).
pub fn successors(instrs: &[Instr], i: usize) -> impl Iterator<Item = (usize, bool)> {
    let ins = instrs[i];
    let next = i + 1 + ins.op.cache_entries() as usize;
    let target = jump_target(i, &ins);
    let (fall, taken) = match ins.op {
        Op::ReturnValue | Op::RaiseVarargs | Op::Reraise => (None, None),
        Op::JumpForward | Op::JumpBackward | Op::JumpBackwardNoInterrupt => (None, target),
        _ => (Some(next), target),
    };
    fall.map(|n| (n, false))
        .into_iter()
        .chain(taken.map(|t| (t, true)))
}

fn err<T>(i: usize, op: Op, msg: impl Into<String>) -> Result<T, VerifyError> {
    Err(VerifyError {
        at: Some((2 * i, op)),
        msg: msg.into(),
    })
}

fn fail<T>(msg: impl Into<String>) -> Result<T, VerifyError> {
    Err(VerifyError {
        at: None,
        msg: msg.into(),
    })
}

/// Checks `raw` (decoded as `instrs`, with exception table `exc`). See the module docs.
pub fn verify(
    raw: &CodeObject,
    instrs: &[Instr],
    exc: &[ExceptionEntry],
) -> Result<Verified, VerifyError> {
    check_locals(raw)?;
    let starts = instruction_starts(instrs)?;
    for (i, &ins) in instrs.iter().enumerate() {
        if starts[i] {
            check_operands(raw, instrs, &starts, i, ins)?;
        }
    }
    check_exception_table(exc, &starts)?;
    check_generator_shape(raw, instrs, &starts)?;
    super::linetable::check(raw).map_err(|msg| VerifyError { at: None, msg })?;
    let depths = stack_depths(raw, instrs, exc)?;
    // Every depth a path reaches is some instruction's depth before it runs (instructions
    // without successors only pop).
    let max_depth = depths.iter().filter(|&&d| d != UNREACHED).max().copied();
    Ok(Verified {
        max_depth: max_depth.unwrap_or(0),
    })
}

/// Which code units start an instruction (the others are inline caches).
fn instruction_starts(instrs: &[Instr]) -> Result<Vec<bool>, VerifyError> {
    let mut starts = vec![false; instrs.len()];
    let mut i = 0;
    let mut prefixes = 0;
    while i < instrs.len() {
        starts[i] = true;
        let op = instrs[i].op;
        if op == Op::ExtendedArg {
            prefixes += 1;
            if prefixes > 3 {
                return err(i, op, "more than three EXTENDED_ARG prefixes");
            }
        } else {
            if prefixes > 0 && !op.has_arg() {
                return err(
                    i,
                    op,
                    "EXTENDED_ARG prefixes an instruction without an argument",
                );
            }
            prefixes = 0;
        }
        i += 1 + op.cache_entries() as usize;
    }
    Ok(starts)
}

/// Whether a jump or a handler may land on unit `t`: an instruction start, and not the
/// prefixed instruction of an `EXTENDED_ARG` chain (it would run with part of its argument).
fn landing_ok(instrs: &[Instr], starts: &[bool], t: usize) -> bool {
    starts.get(t) == Some(&true) && (t == 0 || instrs[t - 1].op != Op::ExtendedArg)
}

fn check_locals(raw: &CodeObject) -> Result<(), VerifyError> {
    let n = raw.localsplusnames.len();
    if raw.localspluskinds.len() != n {
        return fail(format!(
            "{} local kinds for {n} local names",
            raw.localspluskinds.len()
        ));
    }
    let slot = kinds::LOCAL | kinds::CELL | kinds::FREE;
    let mut seen_free = false;
    for (k, &kind) in raw.localspluskinds.iter().enumerate() {
        if kind & slot == 0 {
            return fail(format!(
                "local {k} is neither a local, a cell nor a free variable"
            ));
        }
        if kind & kinds::FREE != 0 {
            if kind & (kinds::LOCAL | kinds::CELL) != 0 {
                return fail(format!("free variable {k} is also a local or a cell"));
            }
            seen_free = true;
        } else if seen_free {
            return fail(format!("local {k} follows the free variables"));
        }
    }
    let nargs = raw.argcount as u64
        + raw.kwonlyargcount as u64
        + (raw.flags & flags::VARARGS != 0) as u64
        + (raw.flags & flags::VARKEYWORDS != 0) as u64;
    if raw.posonlyargcount > raw.argcount || nargs > n as u64 {
        return fail(format!("{nargs} arguments but {n} locals"));
    }
    if let Some(k) = (0..nargs as usize).find(|&k| raw.localspluskinds[k] & kinds::FREE != 0) {
        return fail(format!("argument {k} is a free variable"));
    }
    Ok(())
}

fn check_operands(
    raw: &CodeObject,
    instrs: &[Instr],
    starts: &[bool],
    i: usize,
    ins: Instr,
) -> Result<(), VerifyError> {
    let (op, arg) = (ins.op, ins.arg as usize);
    let range = |what: &str, index: usize, len: usize| {
        if index < len {
            Ok(())
        } else {
            err(
                i,
                op,
                format!("{what} index {index} out of range ({len} {what}s)"),
            )
        }
    };
    let at_most = |max: usize| {
        if arg <= max {
            Ok(())
        } else {
            err(
                i,
                op,
                format!("argument {arg} out of range (at most {max})"),
            )
        }
    };
    let nlocals = raw.localsplusnames.len();
    let kind = |k: usize| raw.localspluskinds.get(k).copied().unwrap_or(0);
    if op.is_jump() {
        match jump_target(i, &ins) {
            Some(t) if landing_ok(instrs, starts, t) => {}
            Some(t) if t < instrs.len() => {
                return err(
                    i,
                    op,
                    format!("jump to offset {} inside an instruction", 2 * t),
                )
            }
            _ => return err(i, op, "jump leaves the code"),
        }
    }
    match op {
        Op::LoadGlobal => range("name", arg >> 1, raw.names.len())?,
        _ if op.has_name() => range("name", arg, raw.names.len())?,
        Op::KwNames => {
            range("constant", arg, raw.consts.len())?;
            let names_ok = match &raw.consts[arg] {
                Const::Tuple(items) => items.iter().all(|c| matches!(c, Const::Str(_))),
                _ => false,
            };
            if !names_ok {
                return err(i, op, "keyword names are not a tuple of strings");
            }
        }
        _ if op.has_const() => range("constant", arg, raw.consts.len())?,
        Op::LoadFast | Op::StoreFast | Op::DeleteFast => range("local", arg, nlocals)?,
        Op::MakeCell => {
            range("local", arg, nlocals)?;
            if kind(arg) & kinds::CELL == 0 {
                return err(i, op, format!("local {arg} is not a cell variable"));
            }
        }
        Op::LoadClosure | Op::LoadDeref | Op::StoreDeref | Op::DeleteDeref | Op::LoadClassderef => {
            range("local", arg, nlocals)?;
            if kind(arg) & (kinds::CELL | kinds::FREE) == 0 {
                return err(i, op, format!("local {arg} is not a cell or free variable"));
            }
        }
        Op::CopyFreeVars => {
            let nfree = raw
                .localspluskinds
                .iter()
                .filter(|&&k| k & kinds::FREE != 0)
                .count();
            if arg != nfree {
                return err(i, op, format!("copies {arg} free variables of {nfree}"));
            }
        }
        Op::CompareOp => at_most(CMP_OP.len() - 1)?,
        Op::BinaryOp => at_most(NB_OPS.len() - 1)?,
        Op::IsOp | Op::ContainsOp | Op::CallFunctionEx => at_most(1)?,
        Op::RaiseVarargs | Op::GetAwaitable => at_most(2)?,
        Op::Resume => at_most(3)?,
        Op::FormatValue => at_most(7)?,
        Op::MakeFunction => at_most(15)?,
        Op::BuildSlice if !(2..=3).contains(&arg) => {
            return err(i, op, format!("BUILD_SLICE of {arg} values"))
        }
        Op::Copy
        | Op::Swap
        | Op::ListAppend
        | Op::SetAdd
        | Op::MapAdd
        | Op::ListExtend
        | Op::SetUpdate
        | Op::DictUpdate
        | Op::DictMerge
            if arg == 0 =>
        {
            return err(i, op, "argument 0 (the stack position counts from 1)")
        }
        _ => {}
    }
    Ok(())
}

fn check_exception_table(exc: &[ExceptionEntry], starts: &[bool]) -> Result<(), VerifyError> {
    let units = starts.len();
    let mut prev_end = 0;
    for (k, e) in exc.iter().enumerate() {
        let (start, end, target) = (e.start as usize, e.end as usize, e.target as usize);
        if start >= end || end > units || start < prev_end {
            return fail(format!(
                "exception table entry {k} covers [{}, {}), out of order or outside the code",
                2 * start,
                2 * end
            ));
        }
        if starts.get(target) != Some(&true) {
            return fail(format!(
                "exception table entry {k} has its handler at offset {} inside an instruction",
                2 * target
            ));
        }
        prev_end = end;
    }
    Ok(())
}

fn check_generator_shape(
    raw: &CodeObject,
    instrs: &[Instr],
    starts: &[bool],
) -> Result<(), VerifyError> {
    let generator_like =
        raw.flags & (flags::GENERATOR | flags::COROUTINE | flags::ASYNC_GENERATOR) != 0;
    let mut prefix = true;
    for (i, ins) in instrs.iter().enumerate() {
        if !starts[i] {
            continue;
        }
        match ins.op {
            Op::ReturnGenerator if !generator_like || !prefix => {
                return err(i, ins.op, "RETURN_GENERATOR outside a generator's prologue")
            }
            Op::YieldValue if !generator_like => {
                return err(i, ins.op, "yield in code that is not a generator")
            }
            Op::Resume => prefix = false,
            Op::MakeCell | Op::CopyFreeVars | Op::Nop | Op::ExtendedArg | Op::PopTop => {}
            Op::ReturnGenerator => {}
            _ => prefix = false,
        }
    }
    Ok(())
}

/// The value-stack depth before every instruction ([`UNREACHED`] where no path goes),
/// checking the stack rules of the module docs.
pub fn stack_depths(
    raw: &CodeObject,
    instrs: &[Instr],
    exc: &[ExceptionEntry],
) -> Result<Vec<u32>, VerifyError> {
    let n = instrs.len();
    let limit = raw.stacksize as i64;
    let mut depth = vec![UNREACHED; n];
    let mut work: Vec<(usize, i64)> = Vec::new();
    let mut visit = |from: Option<(usize, Op)>, t: usize, d: i64, work: &mut Vec<(usize, i64)>| {
        let here = |msg: String| {
            Err(VerifyError {
                at: from.map(|(i, op)| (2 * i, op)),
                msg,
            })
        };
        if t >= n {
            return here("control runs off the end of the code".into());
        }
        if d < 0 {
            return here("stack underflow".into());
        }
        if d > limit {
            return here(format!("stack depth {d} exceeds co_stacksize {limit}"));
        }
        match depth[t] {
            UNREACHED => {
                depth[t] = d as u32;
                work.push((t, d));
                Ok(())
            }
            old if old as i64 == d => Ok(()),
            old => here(format!(
                "reaches offset {} with stack depth {d}, elsewhere {old}",
                2 * t
            )),
        }
    };
    if n == 0 {
        return fail("empty bytecode");
    }
    visit(None, 0, 0, &mut work)?;
    while let Some((i, d)) = work.pop() {
        let ins = instrs[i];
        let here = Some((i, ins.op));
        if ins.op == Op::Cache {
            return err(i, ins.op, "CACHE is not an instruction");
        }
        let reads = stack_inputs(ins.op, ins.arg);
        if reads > d {
            return err(
                i,
                ins.op,
                format!("stack underflow: reads {reads} values, the stack has {d}"),
            );
        }
        if let Some(h) = find_handler(exc, i as u32) {
            if h.depth as i64 > d {
                return err(
                    i,
                    ins.op,
                    format!("exception handler depth {} above the stack's {d}", h.depth),
                );
            }
            let hd = h.depth as i64 + h.lasti as i64 + 1;
            visit(here, h.target as usize, hd, &mut work)?;
        }
        for (s, taken) in successors(instrs, i) {
            visit(here, s, d + run_effect(ins.op, ins.arg, taken), &mut work)?;
        }
    }
    Ok(depth)
}
