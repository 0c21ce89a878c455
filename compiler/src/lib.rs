//! pycrane-compiler: the front end of tier 2. It turns a code object's bytecode into a
//! [`Plan`] — the IR the jit crate lowers to Cranelift:
//!
//! - the **control-flow graph** of normally reachable instructions (exception handlers are
//!   reached only through exits to the interpreter, so they are never compiled);
//! - the **abstract value stack**: its depth before every instruction — the verifier's
//!   (`Code::depths`, from the one stack analysis in `bytecode::verify`) — so stack slots become SSA
//!   values and block parameters instead of memory;
//! - **definitely assigned locals** at every instruction (a `LOAD_FAST` of one needs no
//!   unbound check);
//! - **how each instruction is run**: natively, by the interpreter's own implementation of
//!   that one instruction ([`How::Step`], for the long tail), or by leaving for the
//!   interpreter ([`How::Exit`]);
//! - **speculation** from the interpreter's type feedback for arithmetic and comparisons
//!   ([`Spec`]): which fast paths to emit and whether a miss exits (a guard) or calls the
//!   generic helper.
//!
//! A plan prints itself (`--jit-dump=ir`). The design keeps the bytecode as the IR's
//! instruction stream, annotated, rather than building a second instruction set: each
//! bytecode instruction maps to one lowering in the jit crate, and exits resume at bytecode
//! indices, so nothing needs translating back.

use pycrane_runtime::bytecode::opcode::Opcode as Op;
use pycrane_runtime::bytecode::verify::{self, UNREACHED};
use pycrane_runtime::object::Code;
use pycrane_runtime::pyc::code::flags;
use pycrane_runtime::vm::tier2::seen;
use std::collections::{BTreeSet, HashMap};
use std::fmt;

/// How one reachable instruction runs in native code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// Lowered by the jit crate.
    Native,
    /// The interpreter's implementation of this one instruction, called on the spilled
    /// stack (instructions that only touch the value stack and the frame's namespaces).
    Step,
    /// Leave for the interpreter before this instruction (a terminal exit).
    Exit,
}

/// Speculation for a `BINARY_OP` / `COMPARE_OP`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    /// Emit the small-int fast path.
    pub int: bool,
    /// Emit the float fast path (int operands mixed in are converted).
    pub float: bool,
    /// On a miss, exit to the interpreter (a guard) instead of calling the generic helper.
    pub guard: bool,
    /// Ints past the immediate range have been seen (within 128 bits): operands may be big
    /// ints, read as 128-bit words, for the operations that take them (see [`wide_op`]).
    pub wide: bool,
    /// Ints past 64 bits have been seen: the operation works on 128-bit words.
    pub huge: bool,
}

/// Whether `BINARY_OP` `op` takes 128-bit operands in native code: `+ - * & | ^ >>`.
pub fn wide_op(op: u32) -> bool {
    use pycrane_runtime::vm::ops::*;
    matches!(
        op % 13,
        NB_ADD | NB_SUBTRACT | NB_MULTIPLY | NB_AND | NB_OR | NB_XOR | NB_RSHIFT
    )
}

impl Spec {
    /// What the feedback bits `fb` ask for; `general` forbids guards.
    pub fn from_feedback(fb: u8, general: bool) -> Spec {
        if fb == 0 {
            // Never ran (e.g. `--jit=always`): every fast path, generic fallback.
            return Spec {
                int: true,
                float: true,
                guard: false,
                wide: false,
                huge: false,
            };
        }
        Spec {
            // Ints past the immediate range (within 128 bits) are ints to native code.
            int: fb & (seen::INT | seen::WIDE | seen::HUGE) != 0,
            float: fb & seen::FLOAT != 0,
            guard: fb & seen::OTHER == 0 && !general,
            wide: fb & (seen::WIDE | seen::HUGE) != 0,
            huge: fb & seen::HUGE != 0,
        }
    }
}

/// What the items a `BINARY_SUBSCR` read were, when they were all of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Elem {
    Any,
    Int,
    Float,
    Bool,
}

/// Speculation for a `BINARY_SUBSCR` / `STORE_SUBSCR`: Some when it has only indexed
/// lists (or, reading, tuples) by small ints, so anything else may exit; the kind of the
/// items read (always [`Elem::Any`] for a store).
pub fn index_spec(fb: u8, store: bool, general: bool) -> Option<Elem> {
    if general || fb & seen::INDEX == 0 || fb & seen::KEYED != 0 {
        return None;
    }
    let item = fb & (seen::INT | seen::FLOAT | seen::OTHER | seen::WIDE | seen::BOOL);
    Some(match item {
        _ if store => Elem::Any,
        seen::INT => Elem::Int,
        seen::FLOAT => Elem::Float,
        seen::BOOL => Elem::Bool,
        _ => Elem::Any,
    })
}

/// Facts about one reachable instruction.
#[derive(Clone, Debug)]
pub struct Step {
    /// Value-stack depth before it runs.
    pub depth: u32,
    pub how: How,
    pub spec: Option<Spec>,
    /// See [`index_spec`].
    pub index: Option<Elem>,
    /// It exited too often at a guard: compile it without speculation.
    pub general: bool,
    /// Locals definitely bound before it runs (bit per `co_localsplusnames` slot).
    pub assigned: BitSet,
}

/// A small fixed-size bit set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BitSet(Vec<u64>);

impl BitSet {
    pub fn new(n: usize) -> BitSet {
        BitSet(vec![0; n.div_ceil(64)])
    }
    pub fn full(n: usize) -> BitSet {
        let mut b = BitSet::new(n);
        for i in 0..n {
            b.insert(i);
        }
        b
    }
    pub fn contains(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
    pub fn insert(&mut self, i: usize) {
        if let Some(w) = self.0.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }
    pub fn remove(&mut self, i: usize) {
        if let Some(w) = self.0.get_mut(i / 64) {
            *w &= !(1 << (i % 64));
        }
    }
    /// Intersects with `other`; true if anything changed.
    fn meet(&mut self, other: &BitSet) -> bool {
        let mut changed = false;
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            let n = *a & b;
            changed |= n != *a;
            *a = n;
        }
        changed
    }
}

/// The compiled view of one code object.
pub struct Plan {
    pub name: String,
    pub nlocals: usize,
    /// Locals bound by a call (positional, keyword-only, `*args`, `**kwargs`); the others
    /// start unbound.
    pub nargs: usize,
    /// Per instruction index: None when not normally reachable.
    pub steps: Vec<Option<Step>>,
    /// Instruction indices that start a basic block (jump targets and branch fall-throughs).
    pub blocks: BTreeSet<usize>,
    /// Loop headers (targets of reachable `JUMP_BACKWARD`s): on-stack replacement entries.
    pub loop_headers: BTreeSet<usize>,
    /// For generator code: where a resumed generator continues (after `RETURN_GENERATOR`
    /// and after each `YIELD_VALUE`), the sent value on the stack. These are its entries;
    /// it has no call entry.
    pub resume_points: BTreeSet<usize>,
    /// Blocks entered only from the instruction just before them (a branch's fall-through,
    /// no entry): what held at that branch still holds at their start.
    pub fall_only: BTreeSet<usize>,
    /// Largest stack depth reached.
    pub max_depth: u32,
}

/// Why a code object is left to the interpreter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reject(pub String);

impl fmt::Display for Reject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How `op` runs natively (see [`How`]).
pub fn how(op: Op) -> How {
    use Op::*;
    match op {
        Nop
        | Resume
        | Precall
        | Cache
        | ExtendedArg
        | PopTop
        | PushNull
        | Copy
        | Swap
        | LoadConst
        | LoadFast
        | StoreFast
        | DeleteFast
        | LoadGlobal
        | UnaryNot
        | BinaryOp
        | CompareOp
        | IsOp
        | JumpForward
        | JumpBackward
        | JumpBackwardNoInterrupt
        | PopJumpForwardIfFalse
        | PopJumpBackwardIfFalse
        | PopJumpForwardIfTrue
        | PopJumpBackwardIfTrue
        | PopJumpForwardIfNone
        | PopJumpBackwardIfNone
        | PopJumpForwardIfNotNone
        | PopJumpBackwardIfNotNone
        | JumpIfFalseOrPop
        | JumpIfTrueOrPop
        | ForIter
        | ReturnValue
        | KwNames
        | Call
        | LoadAttr
        | StoreAttr
        | LoadMethod
        | BinarySubscr
        | StoreSubscr
        | GetIter
        | UnpackSequence
        | BuildTuple
        | BuildList
        | MakeCell
        | CopyFreeVars
        | LoadClosure
        | LoadDeref
        | StoreDeref
        | ContainsOp
        | UnaryNegative
        | UnaryPositive
        | UnaryInvert
        | ListAppend
        | BuildSlice
        | YieldValue
        | LoadName
        | StoreName
        | Send
        | BuildSet
        | DeleteSubscr
        | GetYieldFromIter
        | BuildMap
        | BuildConstKeyMap
        | BuildString
        | FormatValue
        | SetAdd
        | MapAdd
        | ListExtend
        | ListToTuple => How::Native,
        SetUpdate | DictUpdate | DictMerge | UnpackEx | GetLen | DeleteAttr | StoreGlobal
        | DeleteGlobal | DeleteName | CallFunctionEx | MakeFunction | ImportName | ImportFrom
        | LoadBuildClass | SetupAnnotations | PrintExpr | LoadAssertionError | BeforeWith
        | MatchMapping | MatchSequence | MatchKeys | MatchClass | CheckEgMatch
        | PrepReraiseStar => How::Step,
        // Everything else, including DELETE_DEREF (it empties a cell held in a fast local,
        // which a step's frame does not have).
        _ => How::Exit,
    }
}

/// Where control goes after `instrs[i]`. Exception edges are not followed (handlers run in
/// the interpreter), nor is anything after an exit.
fn successors(code: &Code, i: usize, how: How) -> Vec<usize> {
    if how == How::Exit {
        return vec![];
    }
    let (fall, jump) = verify::successors(&code.instrs, i);
    fall.into_iter().chain(jump).collect()
}

impl Plan {
    /// Analyses `code`. `general(i)` says instruction `i` exited too often: no guards there.
    pub fn build(code: &Code, general: &dyn Fn(usize) -> bool) -> Result<Plan, Reject> {
        let coroutine = flags::COROUTINE | flags::ITERABLE_COROUTINE | flags::ASYNC_GENERATOR;
        if code.flags & coroutine != 0 {
            return Err(Reject("coroutine code".into()));
        }
        let generator = code.flags & flags::GENERATOR != 0;
        let n = code.instrs.len();
        let nlocals = code.nlocalsplus();
        let mut steps: Vec<Option<Step>> = vec![None; n];
        let mut blocks = BTreeSet::from([0]);
        let mut loop_headers = BTreeSet::new();
        let mut max_depth = 0;
        // Arguments are bound on entry.
        let raw = &code.raw;
        let mut nargs = raw.argcount as usize + raw.kwonlyargcount as usize;
        nargs += (code.flags & flags::VARARGS != 0) as usize;
        nargs += (code.flags & flags::VARKEYWORDS != 0) as usize;
        let mut entry = BitSet::new(nlocals);
        for i in 0..nargs.min(nlocals) {
            entry.insert(i);
        }
        let mut resume_points = BTreeSet::new();
        // The verifier's depths (the code passed it when it was loaded).
        let depths = &code.depths;
        let mut work = vec![(0usize, entry)];
        if generator {
            // The interpreter runs the code up to RETURN_GENERATOR when the generator is
            // made; native code starts where the first resume continues.
            let start = code
                .instrs
                .iter()
                .position(|i| i.op == Op::ReturnGenerator)
                .map(|i| i + 1)
                .ok_or_else(|| Reject("generator code without RETURN_GENERATOR".into()))?;
            resume_points.insert(start);
            blocks.insert(start);
            work[0].0 = start;
        }
        while let Some((i, assigned)) = work.pop() {
            let depth = depths[i];
            if depth == UNREACHED {
                return Err(Reject(format!("instruction {i} is unreachable")));
            }
            match &mut steps[i] {
                Some(s) => {
                    if !s.assigned.meet(&assigned) {
                        continue;
                    }
                }
                slot => {
                    let ins = code.instrs[i];
                    let h = how(ins.op);
                    let fb = code.feedback.get(i).map_or(0, |c| c.get());
                    // Ints past 64 bits are other objects to operations that do not take them.
                    let huge_other = match ins.op {
                        Op::BinaryOp => !wide_op(ins.arg),
                        _ => true,
                    };
                    let fb = if huge_other && fb & seen::HUGE != 0 {
                        fb | seen::OTHER
                    } else {
                        fb
                    };
                    let spec = matches!(ins.op, Op::BinaryOp | Op::CompareOp)
                        .then(|| Spec::from_feedback(fb, general(i)));
                    let index = match ins.op {
                        Op::BinarySubscr => index_spec(fb, false, general(i)),
                        Op::StoreSubscr => index_spec(fb, true, general(i)),
                        _ => None,
                    };
                    *slot = Some(Step {
                        depth,
                        how: h,
                        spec,
                        index,
                        general: general(i),
                        assigned: assigned.clone(),
                    });
                }
            }
            let step = steps[i].as_ref().expect("just set");
            let ins = code.instrs[i];
            let mut after = step.assigned.clone();
            match ins.op {
                Op::StoreFast | Op::MakeCell => after.insert(ins.arg as usize),
                Op::DeleteFast => after.remove(ins.arg as usize),
                Op::CopyFreeVars => {
                    for k in nlocals.saturating_sub(ins.arg as usize)..nlocals {
                        after.insert(k);
                    }
                }
                Op::LoadFast => after.insert(ins.arg as usize),
                _ => {}
            }
            let succ = successors(code, i, step.how);
            let branches = succ.len() > 1 || ins.op.is_jump();
            for s in succ {
                max_depth = max_depth.max(depths[s]);
                if branches {
                    blocks.insert(s);
                }
                if ins.op.is_loop_back()
                    && Some(s) == pycrane_runtime::bytecode::decode::jump_target(i, &ins)
                {
                    loop_headers.insert(s);
                }
                if ins.op == Op::YieldValue {
                    resume_points.insert(s);
                    blocks.insert(s);
                }
                work.push((s, after.clone()));
            }
        }
        let first = resume_points.first().copied().unwrap_or(0);
        if steps[first].as_ref().is_some_and(|s| s.how == How::Exit) {
            return Err(Reject("first instruction is not compiled".into()));
        }
        // Per block: how many edges enter it, and from where (the last one seen).
        let mut preds: HashMap<usize, (u32, usize)> = HashMap::new();
        for (i, step) in steps.iter().enumerate() {
            let Some(step) = step else { continue };
            for t in successors(code, i, step.how) {
                if blocks.contains(&t) {
                    let e = preds.entry(t).or_insert((0, i));
                    *e = (e.0 + 1, i);
                }
            }
        }
        let fall_only = blocks
            .iter()
            .copied()
            .filter(|&b| {
                b != 0
                    && !loop_headers.contains(&b)
                    && !resume_points.contains(&b)
                    && preds.get(&b).is_some_and(|&(count, p)| {
                        count == 1 && p + 1 + code.instrs[p].op.cache_entries() as usize == b
                    })
            })
            .collect();
        Ok(Plan {
            name: code.qualname.to_string(),
            nlocals,
            nargs: nargs.min(nlocals),
            steps,
            blocks,
            loop_headers,
            resume_points,
            fall_only,
            max_depth,
        })
    }

    /// The plan as text, one line per reachable instruction.
    pub fn render(&self, code: &Code) -> String {
        let mut out = format!("plan {} (locals {}):\n", self.name, self.nlocals);
        for (i, s) in self.steps.iter().enumerate() {
            let Some(s) = s else { continue };
            let ins = code.instrs[i];
            if self.blocks.contains(&i) {
                let tag = if self.resume_points.contains(&i) {
                    " (generator resume point)"
                } else if self.loop_headers.contains(&i) {
                    " (loop header, OSR entry)"
                } else {
                    ""
                };
                out.push_str(&format!("block @{i} depth {}{tag}:\n", s.depth));
            }
            let how = match s.how {
                How::Native => "",
                How::Step => "  [interpreter step]",
                How::Exit => "  [exit]",
            };
            let spec = match s.spec {
                Some(sp) => format!(
                    "  [{}{}{}{}]",
                    if sp.int { "int " } else { "" },
                    if sp.wide { "wide " } else { "" },
                    if sp.float { "float " } else { "" },
                    if sp.guard { "guard" } else { "generic" }
                ),
                None => String::new(),
            };
            let spec = match s.index {
                Some(e) => format!("{spec}  [index guard, {e:?} items]"),
                None => spec,
            };
            out.push_str(&format!(
                "  {i:>4} {:<24} {:>4} depth {}{how}{spec}\n",
                ins.op.name(),
                ins.arg,
                s.depth
            ));
        }
        out
    }
}
