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
//!   prefixes and prefixes an instruction that takes an argument; `JUMP_BACKWARD_NO_INTERRUPT`
//!   goes back only to a `SEND` (so every loop that does not suspend checks for Ctrl-C);
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
//! [`Verified::max_depth`], and the compiler takes its stack depths from [`Verified::depths`]
//! (kept as `Code::depths`) — the one analysis, here — instead of computing its own. A debug
//! build checks the proof as the program runs: the interpreter's stack before each
//! instruction, and the stack every exit from native code hands back, have exactly the
//! depth proved here.

use super::decode::{jump_target, Instr};
use super::exceptions::ExceptionEntry;
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
    /// The value-stack depth before each instruction ([`UNREACHED`] where no path goes, and
    /// at inline caches): what the interpreter's stack holds there, and what native code's
    /// exits hand back.
    pub depths: Box<[u32]>,
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

/// Where control goes after `instrs[i]` (exception edges aside): the next instruction
/// when it falls through, and the jump's target when it jumps.
#[inline]
pub fn successors(instrs: &[Instr], i: usize) -> (Option<usize>, Option<usize>) {
    let ins = instrs[i];
    let next = i + 1 + ins.op.cache_entries() as usize;
    let target = jump_target(i, &ins);
    match ins.op {
        Op::ReturnValue | Op::RaiseVarargs | Op::Reraise => (None, None),
        Op::JumpForward | Op::JumpBackward | Op::JumpBackwardNoInterrupt => (None, target),
        _ => (Some(next), target),
    }
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
    let generator_like =
        raw.flags & (flags::GENERATOR | flags::COROUTINE | flags::ASYNC_GENERATOR) != 0;
    let mut prologue = true;
    let mut i = 0;
    while i < instrs.len() {
        let ins = instrs[i];
        check_operands(raw, instrs, &starts, i, ins)?;
        check_generator_shape(generator_like, &mut prologue, i, ins.op)?;
        i += 1 + ins.op.cache_entries() as usize;
    }
    check_exception_table(exc, &starts)?;
    super::linetable::check(raw).map_err(|msg| VerifyError { at: None, msg })?;
    let depths = stack_depths(raw, instrs, exc)?;
    // Every depth a path reaches is some instruction's depth before it runs (instructions
    // without successors only pop).
    let max_depth = depths.iter().filter(|&&d| d != UNREACHED).max().copied();
    Ok(Verified {
        max_depth: max_depth.unwrap_or(0),
        depths: depths.into_boxed_slice(),
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

#[inline]
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
    if op == Op::JumpBackwardNoInterrupt {
        // It closes only the `SEND`/`YIELD_VALUE` loop of `yield from` and `await`, which
        // suspends on every turn; any other loop must check for interrupts (Ctrl-C).
        if jump_target(i, &ins)
            .and_then(|t| instrs.get(t))
            .map(|t| t.op)
            != Some(Op::Send)
        {
            return err(
                i,
                op,
                "JUMP_BACKWARD_NO_INTERRUPT does not go back to a SEND",
            );
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

/// `RETURN_GENERATOR` only in the prologue of generator-like code (before anything but
/// cell set-up), `YIELD_VALUE` only in generator-like code; `prologue` tracks the first.
#[inline]
fn check_generator_shape(
    generator_like: bool,
    prologue: &mut bool,
    i: usize,
    op: Op,
) -> Result<(), VerifyError> {
    match op {
        Op::ReturnGenerator if !generator_like || !*prologue => {
            err(i, op, "RETURN_GENERATOR outside a generator's prologue")
        }
        Op::YieldValue if !generator_like => err(i, op, "yield in code that is not a generator"),
        Op::MakeCell
        | Op::CopyFreeVars
        | Op::Nop
        | Op::ExtendedArg
        | Op::PopTop
        | Op::ReturnGenerator => Ok(()),
        _ => {
            *prologue = false;
            Ok(())
        }
    }
}

/// What [`stack_depths`] says when depth `d` cannot be recorded at `t`.
#[cold]
fn reach_error(
    depth: &[u32],
    limit: i64,
    instrs: &[Instr],
    from: usize,
    t: usize,
    d: i64,
) -> VerifyError {
    let msg = match depth.get(t) {
        None => "control runs off the end of the code".to_string(),
        Some(_) if d < 0 => "stack underflow".to_string(),
        Some(_) if d > limit => format!("stack depth {d} exceeds co_stacksize {limit}"),
        Some(old) => format!(
            "reaches offset {} with stack depth {d}, elsewhere {old}",
            2 * t
        ),
    };
    VerifyError {
        at: Some((2 * from, instrs[from].op)),
        msg,
    }
}

/// The value-stack depth before every instruction ([`UNREACHED`] where no path goes),
/// checking the stack rules of the module docs. A worklist of entry points, each followed
/// along its fall-through path for as long as that reaches new instructions (so most
/// instructions are never queued).
fn stack_depths(
    raw: &CodeObject,
    instrs: &[Instr],
    exc: &[ExceptionEntry],
) -> Result<Vec<u32>, VerifyError> {
    let n = instrs.len();
    if n == 0 {
        return fail("empty bytecode");
    }
    let limit = raw.stacksize as i64;
    let mut depth = vec![UNREACHED; n];
    // Per code unit: 1 + the index of the exception table entry protecting it, or 0.
    let mut protected = vec![0u32; if exc.is_empty() { 0 } else { n }];
    for (k, e) in exc.iter().enumerate() {
        let end = (e.end as usize).min(n);
        for p in &mut protected[(e.start as usize).min(end)..end] {
            *p = k as u32 + 1;
        }
    }
    // Records depth `d` at `t`, reached from instruction `from`: Ok(true) when `t` is new.
    #[inline(always)]
    fn reach(
        depth: &mut [u32],
        limit: i64,
        instrs: &[Instr],
        from: usize,
        t: usize,
        d: i64,
    ) -> Result<bool, VerifyError> {
        match depth.get(t) {
            Some(&UNREACHED) if (0..=limit).contains(&d) => {
                depth[t] = d as u32;
                Ok(true)
            }
            Some(&old) if old as i64 == d => Ok(false),
            _ => Err(reach_error(depth, limit, instrs, from, t, d)),
        }
    }
    if limit < 0 {
        return fail("negative co_stacksize");
    }
    depth[0] = 0;
    let mut work = vec![0usize];
    while let Some(start) = work.pop() {
        let mut i = start;
        loop {
            let ins = instrs[i];
            let d = depth[i] as i64;
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
            let h = protected.get(i).copied().unwrap_or(0);
            if h != 0 {
                let h = &exc[h as usize - 1];
                if h.depth as i64 > d {
                    return err(
                        i,
                        ins.op,
                        format!("exception handler depth {} above the stack's {d}", h.depth),
                    );
                }
                let hd = h.depth as i64 + h.lasti as i64 + 1;
                if reach(&mut depth, limit, instrs, i, h.target as usize, hd)? {
                    work.push(h.target as usize);
                }
            }
            let (fall, jump) = successors(instrs, i);
            if let Some(t) = jump {
                if reach(
                    &mut depth,
                    limit,
                    instrs,
                    i,
                    t,
                    d + run_effect(ins.op, ins.arg, true),
                )? {
                    work.push(t);
                }
            }
            match fall {
                Some(s)
                    if reach(
                        &mut depth,
                        limit,
                        instrs,
                        i,
                        s,
                        d + run_effect(ins.op, ins.arg, false),
                    )? =>
                {
                    i = s
                }
                _ => break,
            }
        }
    }
    Ok(depth)
}
