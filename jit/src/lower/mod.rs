//! Lowering a [`Plan`] to Cranelift IR.
//!
//! Plans are built only for code the verifier accepted (`bytecode::verify`): operands index
//! their tables in range and the stack depths are consistent on every edge and bounded by
//! `Code::max_depth`, which sizes the spill slot and the stack buffers exits fill.
//!
//! Every Python value is an `i64` of NaN-boxed bits (see `pycrane_runtime::value`). Fast
//! locals are Cranelift variables; the value stack is simulated at compile time, so stack
//! slots are SSA values, passed between basic blocks as block parameters. Each slot carries a
//! compile-time [`Kind`] so known ints and floats skip tag checks and reference counting.
//!
//! Every instruction becomes a guarded fast path and a slow path: a helper call, or an exit
//! (see `helpers::exit`), which spills the locals to the caller's locals array and the stack
//! to the spill slot and lets the interpreter finish the invocation.
//!
//! A `for` loop's iterator is virtual (see [`VLoop`]): its state lives in variables, and an
//! iterator object is made only if it leaves native code.
//!
//! Attribute sites come in two forms. A site that has seen one class when the code is
//! compiled is compiled for it ([`Lower::sole_class_load`], [`Lower::sole_class_store`],
//! [`Lower::sole_class_method`]):
//! class, type epoch and dict slot are constants, anything else exits (and an instruction
//! that keeps exiting is compiled again in the other form). What such a check proved about
//! a local's object is kept in [`Lower::facts`] until an instruction that may run Python
//! code or a block boundary, so `a.x * b.x + a.y * b.y` checks `a` and `b` once each. Other
//! sites read up to four (class, slot) findings from the site's memory at run time
//! ([`Lower::site_holds`]) and call a helper when none fits.

use crate::helpers::{
    self, CallCache, CellLayout, ExitKind, GlobalCache, InstLayout, IterLayout, SeqLayout,
    DIRECT_LOCALS, DONE, STEP_ERR,
};
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::types::{F64, I128, I32, I64, I8};
use cranelift_codegen::ir::{
    AbiParam, Block, BlockArg, InstBuilder, InstructionData, MemFlagsData, Opcode as ClifOp,
    SigRef, Signature, StackSlot, StackSlotData, StackSlotKind, Value as CV, ValueDef,
};
use cranelift_codegen::isa::{CallConv, TargetFrontendConfig};
use cranelift_frontend::{FunctionBuilder, Variable};
use pycrane_compiler::{wide_op, Elem, How, Plan, Reject, Spec};
use pycrane_runtime::bytecode::decode::{jump_target, Instr};
use pycrane_runtime::bytecode::opcode::Opcode as Op;
use pycrane_runtime::bytecode::verify::run_effect;
use pycrane_runtime::object::dict::{bloom_bit, Entry, LINEAR};
use pycrane_runtime::object::{layout, Code};
use pycrane_runtime::pyc::code::kinds;
use pycrane_runtime::value::{Value, PAYLOAD_MASK, TAG_BOOL, TAG_INT, TAG_PTR};
use pycrane_runtime::vm::activation::Activation;
use pycrane_runtime::vm::attr_site::AttrSite;
use pycrane_runtime::vm::tier2::{yield_state, NativeEnv, DEOPT, ERR, NO_ENTRY};
use pycrane_runtime::vm::{ops, Vm};
use std::collections::HashMap;
use std::mem::offset_of;

mod arith;
mod builders;
mod calls;
mod instr;
mod subscr;
mod vloop;

/// What the compiler knows about a value's bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Any,
    Int,
    Float,
    Bool,
    /// None, NotImplemented, Ellipsis: no reference count.
    Imm,
    /// The NULL marker (`PUSH_NULL`, `LOAD_GLOBAL` with the low bit set).
    Null,
    /// A heap object.
    Ptr,
    /// An int as a raw machine word, not boxed: the intermediate of a chain of int
    /// operations (`(x * a + c) & m`), which may leave the immediate range on the way. Only
    /// ever on the stack between its producer and the `BINARY_OP` consuming it (see
    /// [`Lower::feeds_wide`]), and boxed (a big int allocated) if an exit must take it.
    I64,
    /// An int as a raw 128-bit word (a Cranelift `i128`): the intermediate of a chain whose
    /// sites have seen ints past 64 bits (`(h * 1000003 + x) & m`), under the same rules as
    /// [`Kind::I64`] (see [`Lower::binop128`]).
    I128,
    /// A float's bits, possibly a NaN that is not a valid value: the intermediate of a
    /// chain of float operations (`dx * dx + dy * dy`). Only ever on the stack between its
    /// producer and the `BINARY_OP` or `COMPARE_OP` consuming it (see
    /// [`Lower::feeds_float`]), and boxed if an exit must take it.
    RawF,
    /// The iterator of virtual loop `n` (see [`VLoop`]): no object, its state lives in
    /// that loop's variables. Made an object only when something else takes the slot.
    Virt(u16),
}

impl Kind {
    fn of(v: &Value) -> Kind {
        if v.is_small_int() {
            Kind::Int
        } else if v.is_float() {
            Kind::Float
        } else if v.is_bool() {
            Kind::Bool
        } else if v.is_ptr() {
            Kind::Ptr
        } else {
            Kind::Imm
        }
    }
}

#[derive(Clone, Copy)]
struct Slot {
    v: CV,
    k: Kind,
    /// Borrowed from this local: the slot holds no reference of its own (see
    /// [`Lower::own`]). None: the slot owns a reference (for heap values).
    from: Option<usize>,
    /// The name (a `co_names` index) of the global or attribute this value was loaded as:
    /// a call then only checks for the built-ins it compiles inline that have that name.
    origin: Option<u32>,
    /// Borrowed from what keeps it while no Python code runs — the dict a `LOAD_GLOBAL`
    /// found it in, the cell a `LOAD_DEREF` read, the compiled code (a sole class's
    /// method) — by the one instruction that takes it: the callable of a call, or the
    /// object of a guarded subscript, reached through instructions that run no Python code
    /// (see [`Lower::kept_until`]).
    kept: bool,
}

impl Slot {
    /// Whether the slot holds no reference of its own (borrowed from a local, or kept).
    fn borrowed(&self) -> bool {
        self.from.is_some() || self.kept
    }

    fn new(v: CV, k: Kind) -> Slot {
        Slot {
            v,
            k,
            from: None,
            origin: None,
            kept: false,
        }
    }
}

/// What is known, at this point of the lowering, about the objects some locals hold:
/// proved by a check that exits when it fails, and valid until anything that can run
/// Python code, a store to the local or a block boundary (see
/// [`Lower::clear_facts_unless_pure`]). So `a.x * b.x + a.y * b.y` checks `a` and `b`
/// once each, and `b[0] - c[0]` then `b[3] -= d` check that `b` is a list once.
#[derive(Default)]
struct Facts {
    /// An instance of a class (bits) in a type epoch whose attribute dict is free to read
    /// (checked by an attribute access compiled for one class).
    class: HashMap<usize, (u64, u64)>,
    /// A list or tuple indexed by a guarded subscript.
    seq: HashMap<usize, SeqFact>,
}

impl Facts {
    fn clear(&mut self) {
        self.class.clear();
        self.seq.clear();
    }

    /// Local `i` changes.
    fn forget(&mut self, i: usize) {
        self.class.remove(&i);
        self.seq.remove(&i);
    }
}

/// What an access to a list or tuple needs (see [`Lower::seq_parts`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    /// A list not mutably borrowed, or a tuple.
    Read,
    /// A list not borrowed at all, or a tuple: read now, perhaps written later.
    Free,
    /// A list not borrowed at all.
    Write,
}

/// A list not borrowed at all (so it may be read and written), or a tuple.
#[derive(Clone, Copy)]
struct SeqFact {
    /// Its items and their number.
    data: CV,
    len: CV,
    /// Whether it is a list, when not known to be one.
    is_list: Option<CV>,
    /// How many leading items are known to exist (checked for constant indexes).
    proven: u64,
}

/// Kinds assumed for locals at every block entry (flow-insensitive local typing).
///
/// A local that only ever receives small ints (or only floats) — a loop counter, an
/// accumulator of float-guarded arithmetic — keeps that kind across blocks, so loads,
/// stores and arithmetic on it need no tag checks or reference counts. The assumption is
/// checked, not trusted: lowering records the kind of every value stored into each local,
/// and [`Assumed::refine`] drops any assumption a store contradicts and asks for another
/// round; values that enter from outside (arguments, cells, an OSR entry) are excluded or
/// checked at the entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assumed(Vec<Kind>);

/// Lowering rounds before giving up on local kinds (each round only removes assumptions).
const MAX_KIND_ROUNDS: usize = 4;

impl Assumed {
    /// Nothing assumed.
    pub fn none(nlocals: usize) -> Assumed {
        Assumed(vec![Kind::Any; nlocals])
    }

    /// The next assumption after a round that saw `stored` (per local: the join of the kinds
    /// stored into it, None if never stored), or None when this round's code is valid.
    pub fn refine(
        &self,
        stored: &Stored,
        code: &Code,
        plan: &Plan,
        round: usize,
    ) -> Option<Assumed> {
        if round >= MAX_KIND_ROUNDS {
            return (*self != Assumed::none(self.0.len())).then(|| Assumed::none(self.0.len()));
        }
        if round == 0 {
            let cellish = kinds::CELL | kinds::FREE;
            let next: Vec<Kind> = (0..self.0.len())
                .map(|i| match stored.0[i] {
                    Some(k @ (Kind::Int | Kind::Float))
                        if i >= plan.nargs
                            && code
                                .raw
                                .localspluskinds
                                .get(i)
                                .is_some_and(|&f| f & cellish == 0) =>
                    {
                        k
                    }
                    _ => Kind::Any,
                })
                .collect();
            let next = Assumed(next);
            return (next != *self).then_some(next);
        }
        let next: Vec<Kind> = self
            .0
            .iter()
            .zip(&stored.0)
            .map(|(&a, &s)| if s == Some(a) { a } else { Kind::Any })
            .collect();
        let next = Assumed(next);
        (next != *self).then_some(next)
    }
}

/// Per local, the join of the kinds of the values stored into it during lowering.
pub struct Stored(Vec<Option<Kind>>);

impl Stored {
    fn add(&mut self, i: usize, k: Kind) {
        let slot = &mut self.0[i];
        *slot = match *slot {
            None => Some(k),
            Some(old) if old == k => Some(k),
            Some(_) => Some(Kind::Any),
        };
    }
}

/// The inline caches a compiled function points into; they must live as long as its code.
/// Only held, never read from Rust: boxed so their addresses (baked into the machine code)
/// stay put.
#[derive(Default)]
#[allow(dead_code, clippy::vec_box)]
pub struct Caches {
    pub globals: Vec<Box<GlobalCache>>,
    pub calls: Vec<Box<CallCache>>,
    pub ops: Vec<Box<helpers::OpCache>>,
    /// Objects whose bits the machine code compares with (classes of attribute sites
    /// compiled for one class): held so that no other object can take their address.
    pub held: Vec<Value>,
}

/// The native function's own parameters.
pub fn signature(call_conv: CallConv) -> Signature {
    let mut sig = Signature::new(call_conv);
    for _ in 0..5 {
        sig.params.push(AbiParam::new(I64));
    }
    sig.returns.push(AbiParam::new(I64));
    sig
}

#[allow(clippy::vec_box)] // boxed caches: machine code holds their addresses
struct Lower<'a, 'b> {
    b: FunctionBuilder<'a>,
    code: &'b Code,
    plan: &'b Plan,
    call_conv: CallConv,
    vm: CV,
    /// This activation's record (`Vm::top` on entry), where `lasti` is stored.
    rec: CV,
    env: CV,
    locals: CV,
    /// The stack buffer an entry reads its stack from (a generator's, which a yield fills).
    stackp: CV,
    vars: Vec<Variable>,
    kinds: Vec<Kind>,
    /// Kinds of locals at block entries (see [`Assumed`]).
    assumed: &'b Assumed,
    /// Kinds stored into each local (checked against `assumed` after lowering).
    stored: Stored,
    stack: Vec<Slot>,
    blocks: HashMap<usize, Block>,
    sbuf: StackSlot,
    sigs: HashMap<(usize, bool), SigRef>,
    /// `KW_NAMES` seen for the next `CALL`: (its index, the names tuple's bits).
    kw: Option<(usize, u64)>,
    /// The current block ended (jump, return, exit).
    done: bool,
    /// Call-site caches (owned by the compiled function).
    call_caches: Vec<Box<CallCache>>,
    op_caches: Vec<Box<helpers::OpCache>>,
    /// See [`Caches::held`].
    held: Vec<Value>,
    /// See [`Facts`].
    facts: Facts,
    /// No attribute site of the code has been generalized (see [`Lower::sole_site`]).
    sole_sites: bool,
    lslot: Option<StackSlot>,
    /// The activation record of direct calls (see `runtime::vm::activation`), once made.
    rec_slot: Option<StackSlot>,
    /// The instruction being lowered (stored as the activation's `lasti` before calls out).
    cur: usize,
    /// The parts of a `BUILD_SLICE` whose slice the next instruction subscripts with: no
    /// slice object is made unless that takes its slow path (see [`Lower::fused_slice`]).
    slice_parts: Option<Vec<Slot>>,
    /// The `CALL` before has left the iterator `GET_ITER` would make (see
    /// [`Lower::range_iter_call`]).
    iter_made: bool,
    native_sigref: Option<SigRef>,
    /// The block every exit jumps to (see [`Lower::emit_exit`]), once one is emitted.
    exit_blk: Option<Block>,
    /// A fused `COMPARE_OP`'s bool (bits) and the condition it was made from, which the
    /// jump that follows branches on directly.
    cond: Option<(CV, CV)>,
    /// List/tuple layout for inline indexing, if the probe succeeded.
    seq: Option<SeqLayout>,
    /// Caches the code reads (owned by the compiled function).
    caches: Vec<Box<GlobalCache>>,
    /// See [`Target::builtins`].
    builtins: Builtins,
    /// See [`Target::inst`].
    inst: Option<InstLayout>,
    /// See [`Target::iter`].
    iter: Option<IterLayout>,
    /// See [`Target::cell`].
    cell: Option<CellLayout>,
    /// Loops whose range iterator lives in variables (see [`VLoop`]), and per loop its
    /// variables: the next value, the count left and the step, as machine words.
    vloops: Vec<VLoop>,
    viters: Vec<[Variable; 3]>,
    /// An edge carried virtual iterators other than its target block expects (see
    /// [`Lower::check_edge`]): the lowering is rejected and done again without them.
    virt_broken: bool,
}

/// A `for` loop whose iterator is virtual: while native code runs the loop, the iterator is
/// three machine words in variables, not an object (see [`VKind`]). Over a range `FOR_ITER`
/// is a compare and two adds giving an immediate int; over a list or tuple it is a bounds
/// check and a load. The slot `depth` holds it (as [`Kind::Virt`]) in every block of
/// `header..end` entered with a deeper stack. It becomes an object
/// ([`helpers::virt_range`], [`helpers::virt_seq`]) only for an exit or anything else that
/// takes it, and an entry at a loop header in the body takes the interpreter's iterator
/// over ([`helpers::devirt_range`], which may refuse, and [`helpers::devirt_seq`]).
///
/// CPython's code for a `for` loop keeps its iterator in that slot from `GET_ITER` until
/// `FOR_ITER` runs out, a `break` pops it or a `return` drops it; [`Lower::check_edge`]
/// verifies every edge agrees, so any other shape only costs the optimization.
#[derive(Clone, Copy, Debug)]
struct VLoop {
    header: usize,
    end: usize,
    depth: usize,
    kind: VKind,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum VKind {
    /// `for x in range(...)`: the variables are the next value, the count left and the
    /// step. `unit_step`: `range(stop)` or `range(start, stop)`, whose step is the constant 1
    /// (no variable kept live through the loop).
    Range { unit_step: bool },
    /// `for x in e`: the variables are `e` (owned) and the position in it when it is a list
    /// (mode 0) or a tuple (mode 1), else the iterator `iter(e)` (mode 2) stepped by the
    /// helper `FOR_ITER` uses.
    Seq,
}

/// Whether instruction `call` is a `CALL` of the global `name`: the last instruction before
/// it that starts at the call's base depth loads the callable, a `LOAD_GLOBAL` (with NULL)
/// of that name or, in module code, `PUSH_NULL` then `LOAD_NAME` of it.
fn calls_global(code: &Code, plan: &Plan, call: usize, name: &str) -> bool {
    let ins = code.instrs[call];
    let Some(depth) = plan.steps[call].as_ref().map(|s| s.depth as usize) else {
        return false;
    };
    if ins.op != Op::Call || depth < ins.arg as usize + 2 {
        return false;
    }
    let base = depth - ins.arg as usize - 2;
    let callee = (0..call).rev().find(|&j| {
        plan.steps[j]
            .as_ref()
            .is_some_and(|s| s.depth as usize == base)
    });
    let named = |i: u32| {
        code.names
            .get(i as usize)
            .and_then(|n| n.as_str())
            .map(|n| n.as_str())
            == Some(name)
    };
    callee.is_some_and(|j| {
        let g = code.instrs[j];
        match g.op {
            Op::LoadGlobal => g.arg & 1 == 1 && named(g.arg >> 1),
            // Module code: `PUSH_NULL; LOAD_NAME name`.
            Op::PushNull => code
                .instrs
                .get(j + 1)
                .is_some_and(|n| n.op == Op::LoadName && named(n.arg)),
            _ => false,
        }
    })
}

/// Why a lowering with virtual loops was rejected (it is done again without them).
pub const VIRT_ESCAPES: &str = "a virtual loop iterator escapes its loop";

/// The `for` loops in `code` whose iterators can be virtual (over a call of `range`, or,
/// with `seqs`, over anything): not in a generator (a yield would have to keep the
/// iterator), the body `header..end` entered only through its `FOR_ITER`.
fn virtual_loops(code: &Code, plan: &Plan, seqs: bool) -> Vec<VLoop> {
    if !plan.resume_points.is_empty() {
        return vec![];
    }
    let mut out = vec![];
    for &h in &plan.loop_headers {
        let (Some(ins), Some(step)) = (code.instrs.get(h), plan.steps[h].as_ref()) else {
            continue;
        };
        let call = code.instrs[..h.saturating_sub(1)]
            .iter()
            .rposition(|i| i.op != Op::Cache);
        let from_range_call = h >= 2 && call.is_some_and(|c| calls_global(code, plan, c, "range"));
        let kind = if from_range_call {
            VKind::Range {
                unit_step: call.is_some_and(|c| code.instrs[c].arg <= 2),
            }
        } else {
            VKind::Seq
        };
        let Some(end) = jump_target(h, ins) else {
            continue;
        };
        let after_get_iter = h >= 1 && code.instrs[h - 1].op == Op::GetIter;
        if ins.op != Op::ForIter
            || !after_get_iter
            || (kind == VKind::Seq && !seqs)
            || step.depth == 0
            || end <= h
        {
            continue;
        }
        let enters = code.instrs.iter().enumerate().any(|(j, i)| {
            !(h..end).contains(&j) && jump_target(j, i).is_some_and(|t| (h..end).contains(&t))
        });
        if !enters {
            out.push(VLoop {
                header: h,
                end,
                depth: step.depth as usize - 1,
                kind,
            });
        }
    }
    out
}

/// Bits of the built-in functions whose calls are compiled inline (the JIT holds a reference
/// to each, so no other object can take its address while code compares against it).
#[derive(Clone, Copy, Default)]
pub struct Builtins {
    /// `math.sqrt`, once `math` is imported.
    pub sqrt: Option<u64>,
    /// `len`.
    pub len: Option<u64>,
    /// `list.append`.
    pub append: Option<u64>,
    /// `list.pop`.
    pub pop: Option<u64>,
    /// `set.add`, and the tag of set objects.
    pub set_add: Option<(u64, u8)>,
    /// `dict.get`, and the tag of dict objects.
    pub dict_get: Option<(u64, u8)>,
    /// The `range` type.
    pub range: Option<u64>,
}

/// Facts about the host that lowering needs (fixed for the life of the JIT).
#[derive(Clone, Copy)]
pub struct Target {
    pub call_conv: CallConv,
    pub frontend: TargetFrontendConfig,
    /// List/tuple layout for inline indexing (see `helpers::seq_layout`).
    pub seq: Option<SeqLayout>,
    /// Built-ins whose calls are compiled inline.
    pub builtins: Builtins,
    /// Instance layout for inline attribute access, if the probe succeeded.
    pub inst: Option<InstLayout>,
    /// Iterator layout for stepping list, tuple and range iterators inline.
    pub iter: Option<IterLayout>,
    /// Cell layout for closure variables inline.
    pub cell: Option<CellLayout>,
    /// Keep `for` loops' iterators in variables (see [`VLoop`]).
    pub virt: bool,
}

/// Emits the function for `plan` into `b`, assuming `assumed` of its locals.
pub fn lower(
    b: FunctionBuilder<'_>,
    code: &Code,
    plan: &Plan,
    target: Target,
    assumed: &Assumed,
) -> Result<(Caches, Stored), Reject> {
    let Target {
        call_conv,
        frontend,
        seq,
        builtins,
        inst,
        iter,
        cell,
        virt,
    } = target;
    let mut b = b;
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let p = b.block_params(entry).to_vec();
    // This activation's record (see `runtime::vm::activation`): innermost on entry.
    let rec = b.ins().load(
        I64,
        MemFlagsData::trusted(),
        p[0],
        offset_of!(Vm, top) as i32,
    );
    let vars = (0..plan.nlocals).map(|_| b.declare_var(I64)).collect();
    let slot_bytes = (plan.max_depth + 4) * 8;
    let sbuf = b.create_sized_stack_slot(StackSlotData::new(
        StackSlotKind::ExplicitSlot,
        slot_bytes,
        3,
    ));
    let mut l = Lower {
        b,
        code,
        plan,
        call_conv,
        vm: p[0],
        rec,
        env: p[1],
        locals: p[2],
        stackp: p[4],
        vars,
        kinds: vec![Kind::Any; plan.nlocals],
        assumed,
        stored: Stored(vec![None; plan.nlocals]),
        stack: vec![],
        blocks: HashMap::new(),
        sbuf,
        sigs: HashMap::new(),
        kw: None,
        done: false,
        caches: vec![],
        call_caches: vec![],
        op_caches: vec![],
        held: vec![],
        facts: Facts::default(),
        sole_sites: !plan.steps.iter().zip(&code.instrs).any(|(s, ins)| {
            s.as_ref().is_some_and(|s| s.general)
                && matches!(ins.op, Op::LoadAttr | Op::StoreAttr | Op::LoadMethod)
        }),
        lslot: None,
        rec_slot: None,
        cur: 0,
        slice_parts: None,
        iter_made: false,
        native_sigref: None,
        exit_blk: None,
        cond: None,
        seq,
        builtins,
        inst,
        iter,
        cell,
        vloops: vec![],
        viters: vec![],
        virt_broken: false,
    };
    if virt && builtins.range.is_some() {
        l.vloops = virtual_loops(code, plan, seq.is_some());
        l.viters = (0..l.vloops.len())
            .map(|_| std::array::from_fn(|_| l.b.declare_var(I64)))
            .collect();
    }
    for &i in &plan.blocks {
        let Some(step) = &plan.steps[i] else { continue };
        let blk = l.b.create_block();
        // Virtual iterators are no block parameters: their variables carry them.
        let virts = l.virt_expected(i, step.depth as usize).len();
        for _ in virts..step.depth as usize {
            l.b.append_block_param(blk, I64);
        }
        l.blocks.insert(i, blk);
    }
    l.entries(p[3]);
    l.done = true;
    for i in 0..code.instrs.len() {
        let Some(step) = &plan.steps[i] else { continue };
        if let Some(&blk) = l.blocks.get(&i) {
            if !l.done {
                l.jump_to(i, l.stack.len());
            }
            l.b.switch_to_block(blk);
            // Facts hold on in a block only the branch before it enters.
            if !plan.fall_only.contains(&i) {
                l.facts.clear();
            }
            l.stack =
                l.b.block_params(blk)
                    .iter()
                    .map(|&v| Slot::new(v, Kind::Any))
                    .collect();
            l.kinds.clone_from(&l.assumed.0);
            for (at, id) in l.virt_expected(i, step.depth as usize) {
                let none = l.c(0);
                l.stack.insert(at, Slot::new(none, Kind::Virt(id)));
            }
            l.done = false;
        } else if l.done {
            return Err(Reject(format!("instruction {i} follows a block end")));
        }
        if l.stack.len() != step.depth as usize {
            return Err(Reject(format!("stack depth mismatch at {i}")));
        }
        l.cur = i;
        l.instr(i, code.instrs[i], step.how, step.spec)?;
    }
    if !l.done {
        return Err(Reject("control falls off the end of the code".into()));
    }
    if l.virt_broken {
        return Err(Reject(VIRT_ESCAPES.into()));
    }
    l.exit_tail();
    l.b.seal_all_blocks();
    l.b.finalize(frontend);
    Ok((
        Caches {
            globals: l.caches,
            calls: l.call_caches,
            ops: l.op_caches,
            held: l.held,
        },
        l.stored,
    ))
}

const NB_ADD: u32 = ops::NB_ADD;
const NB_SUB: u32 = ops::NB_SUBTRACT;
const NB_AND: u32 = 1;
const NB_FLOOR_DIV: u32 = 2;
const NB_MUL: u32 = 5;
const NB_REM: u32 = 6;
const NB_OR: u32 = 7;
const NB_RSHIFT: u32 = 9;
const NB_TRUE_DIV: u32 = 11;
const NB_XOR: u32 = 12;

impl Lower<'_, '_> {
    // ---- entries and exits ----

    /// The entry block: a call (entry 0) or an OSR entry at a loop header.
    fn entries(&mut self, entry: CV) {
        let stackp = self.stackp;
        // Generator code is entered where a resume continues; other code by a call or at a
        // loop header.
        let (mut targets, headers) = if self.plan.resume_points.is_empty() {
            let headers: Vec<usize> = self.plan.loop_headers.iter().copied().collect();
            (vec![(0usize, self.blocks[&0])], headers)
        } else {
            (vec![], self.plan.resume_points.iter().copied().collect())
        };
        for h in headers {
            if let Some(&blk) = self.blocks.get(&h) {
                targets.push((h, blk));
            }
        }
        for (h, blk) in targets {
            let depth = self.plan.steps[h].as_ref().map_or(0, |s| s.depth) as u64;
            let key = if h == 0 { 0 } else { h as u64 | (depth << 32) };
            let take = self.b.create_block();
            let next = self.b.create_block();
            let hit = self.is_eq(entry, key);
            self.b.ins().brif(hit, take, &[], next, &[]);
            self.b.switch_to_block(take);
            let assigned = self.plan.steps[h].as_ref().map(|s| s.assigned.clone());
            let mut bad = None;
            for i in 0..self.plan.nlocals {
                // A call binds only the arguments; the other locals start unbound.
                let v = if h == 0 && i >= self.plan.nargs {
                    self.c(Value::NULL.bits())
                } else {
                    self.b
                        .ins()
                        .load(I64, MemFlagsData::trusted(), self.locals, (8 * i) as i32)
                };
                self.b.def_var(self.vars[i], v);
                if h != 0 && assigned.as_ref().is_some_and(|a| a.contains(i)) {
                    let null = self.is_eq(v, Value::NULL.bits());
                    bad = Some(match bad {
                        Some(b) => self.or(b, null),
                        None => null,
                    });
                }
                // A local assumed to be an int or a float must be one (or unbound) on entry.
                if h != 0 && matches!(self.assumed.0[i], Kind::Int | Kind::Float) {
                    let s = Slot::new(v, Kind::Any);
                    let ok = if self.assumed.0[i] == Kind::Int {
                        self.is_int(s)
                    } else {
                        self.is_float(s)
                    }
                    .expect("an unknown kind is checked");
                    let null = self.is_eq(v, Value::NULL.bits());
                    let fine = self.or(ok, null);
                    let wrong = self.b.ins().bxor_imm_s(fine, 1);
                    bad = Some(match bad {
                        Some(b) => self.or(b, wrong),
                        None => wrong,
                    });
                }
            }
            let mut args = vec![];
            for k in 0..depth as i32 {
                let v = self
                    .b
                    .ins()
                    .load(I64, MemFlagsData::trusted(), stackp, 8 * k);
                args.push(BlockArg::Value(v));
            }
            let virts = if h == 0 {
                vec![]
            } else {
                self.virt_expected(h, depth as usize)
            };
            let [refuse, go] = self.new_blocks();
            match bad {
                Some(bad) => self.b.ins().brif(bad, refuse, &[], go, &[]),
                None => self.b.ins().jump(go, &[]),
            };
            self.b.switch_to_block(go);
            // The interpreter's iterators of virtual loops are taken over: ranges are checked
            // first (entry refused unless all can be), and only then anything consumed.
            let out = self.b.create_sized_stack_slot(StackSlotData::new(
                StackSlotKind::ExplicitSlot,
                24,
                3,
            ));
            let iter_at = |args: &[BlockArg], at: usize| match args[at] {
                BlockArg::Value(v) => v,
                _ => unreachable!("entry arguments are values"),
            };
            for &(at, id) in &virts {
                let VKind::Range { unit_step } = self.vloops[id as usize].kind else {
                    continue;
                };
                let addr = self.b.ins().stack_addr(I64, out, 0);
                let unit = self.c(unit_step as u64);
                let it = iter_at(&args, at);
                let took = self.call(helpers::devirt_range as *const (), &[it, addr, unit]);
                let ok = self.b.create_block();
                self.b.ins().brif(took, ok, &[], refuse, &[]);
                self.b.switch_to_block(ok);
                self.load_viter(id, out);
            }
            for &(at, id) in &virts {
                let it = iter_at(&args, at);
                if self.vloops[id as usize].kind == VKind::Seq {
                    self.take_seq_iter(id, it);
                } else {
                    self.rc_dec(it);
                }
            }
            for &(at, _) in virts.iter().rev() {
                args.remove(at);
            }
            self.b.ins().jump(blk, &args);
            self.b.switch_to_block(refuse);
            let r = self.c(NO_ENTRY);
            self.b.ins().return_(&[r]);
            self.b.switch_to_block(next);
        }
        let r = self.c(NO_ENTRY);
        self.b.ins().return_(&[r]);
    }

    /// Emits an exit in the current (open) block: spills `stack` (or, with `dyn_sp`, takes
    /// the stack already in the spill slot) and jumps to the function's one exit block with
    /// the instruction, the exit kind and the locals; it stores the locals back and returns
    /// what the interpreter returns (see [`Lower::exit_tail`]).
    fn emit_exit(
        &mut self,
        idx: usize,
        kind: ExitKind,
        stack: Option<&[Slot]>,
        dyn_sp: Option<CV>,
    ) {
        // Native code ends on this path: what is known about locals still holds on the
        // path that goes on (whatever this path's helpers do).
        let facts = std::mem::take(&mut self.facts);
        let (addr, sp) = match stack {
            Some(vals) => {
                let vals = vals.to_vec();
                let a = self.spill(&vals);
                let n = self.c(vals.len() as u64);
                (a, n)
            }
            None => {
                let a = self.b.ins().stack_addr(I64, self.sbuf, 0);
                (a, dyn_sp.expect("dynamic stack depth"))
            }
        };
        let i = self.c(idx as u64);
        let k = self.c(kind as u64);
        let mut args = vec![
            BlockArg::Value(i),
            BlockArg::Value(k),
            BlockArg::Value(addr),
            BlockArg::Value(sp),
        ];
        for v in 0..self.plan.nlocals {
            args.push(BlockArg::Value(self.b.use_var(self.vars[v])));
        }
        let blk = match self.exit_blk {
            Some(blk) => blk,
            None => {
                let blk = self.b.create_block();
                self.b.set_cold_block(blk);
                for _ in 0..args.len() {
                    self.b.append_block_param(blk, I64);
                }
                self.exit_blk = Some(blk);
                blk
            }
        };
        self.b.ins().jump(blk, &args);
        self.facts = facts;
    }

    /// The exit block [`Lower::emit_exit`] jumps to, if any: its parameters are the
    /// instruction, the exit kind, the spilled stack's address and depth, then the locals.
    fn exit_tail(&mut self) {
        let Some(blk) = self.exit_blk else {
            return;
        };
        self.b.switch_to_block(blk);
        let params = self.b.block_params(blk).to_vec();
        for (i, &v) in params[4..].iter().enumerate() {
            self.b
                .ins()
                .store(MemFlagsData::trusted(), v, self.locals, (8 * i) as i32);
        }
        let [idx, kind, addr, sp] = [params[0], params[1], params[2], params[3]];
        let args = [self.vm, self.env, idx, self.locals, addr, sp, kind];
        let r = self.call(helpers::exit as *const (), &args);
        self.b.ins().return_(&[r]);
    }

    /// `YIELD_VALUE`: a suspension, not an exit. The locals go back to the generator
    /// frame's buffer and the values under the yielded one to its stack buffer; the state
    /// goes to `Vm::gen_yield` and the yielded value is returned (see `Vm::resume_native`).
    fn yield_value(&mut self, idx: usize) {
        self.own_stack(0);
        let top = self.pop();
        for i in 0..self.plan.nlocals {
            let v = self.b.use_var(self.vars[i]);
            self.b
                .ins()
                .store(MemFlagsData::trusted(), v, self.locals, (8 * i) as i32);
        }
        let rest = self.stack.clone();
        for (k, &s) in rest.iter().enumerate() {
            let s = self.boxed(s);
            self.b
                .ins()
                .store(MemFlagsData::trusted(), s.v, self.stackp, (8 * k) as i32);
        }
        let state = self.c(yield_state(idx, rest.len()));
        self.b.ins().store(
            MemFlagsData::trusted(),
            state,
            self.vm,
            offset_of!(Vm, gen_yield) as i32,
        );
        let top = self.boxed(top);
        self.b.ins().return_(&[top.v]);
    }

    /// After `FOR_ITER` / `SEND`'s helper: when it returned [`DONE`], drops the iterator on
    /// top of the stack, pushes the value at `result` (if any) and jumps to `target`;
    /// otherwise continues (in a new block) with the stack unchanged.
    fn when_done(&mut self, r: CV, target: usize, result: Option<CV>) {
        let done = self.is_eq(r, DONE);
        let done_blk = self.b.create_block();
        let more = self.b.create_block();
        self.b.ins().brif(done, done_blk, &[], more, &[]);
        self.b.switch_to_block(done_blk);
        let it = self.pop();
        self.decref(it);
        if let Some(at) = result {
            let v = self.b.ins().load(I64, MemFlagsData::trusted(), at, 0);
            self.push(v, Kind::Any);
        }
        self.jump_to(target, self.stack.len());
        if result.is_some() {
            self.pop();
        }
        self.stack.push(it);
        self.b.switch_to_block(more);
    }

    /// Continues only if `ok`; otherwise exits at `idx` with `stack`.
    fn guard(&mut self, ok: CV, idx: usize, kind: ExitKind, stack: &[Slot]) {
        let cont = self.b.create_block();
        let ex = self.b.create_block();
        self.b.ins().brif(ok, cont, &[], ex, &[]);
        self.b.set_cold_block(ex);
        self.b.switch_to_block(ex);
        self.emit_exit(idx, kind, Some(stack), None);
        self.b.switch_to_block(cont);
    }

    /// A failed guard of instruction `idx`: exits with the stack and `operands` (the values
    /// it popped, boxed if raw) on top.
    fn guard_exit(&mut self, idx: usize, operands: &[Slot]) {
        let mut stack = self.stack.clone();
        stack.extend_from_slice(operands);
        self.emit_exit(idx, ExitKind::Guard, Some(&stack), None);
    }

    /// Emits the guard exit `ex` that checks made so far branch to (the stack plus
    /// `operands`), then goes on in a new block after the current one: Cranelift wants a
    /// block ended before the builder leaves it (its debug build checks that), and the jump
    /// costs nothing once blocks are laid out.
    fn guard_exit_aside(&mut self, ex: Block, idx: usize, operands: &[Slot]) {
        let cont = self.b.create_block();
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(ex);
        self.guard_exit(idx, operands);
        self.b.switch_to_block(cont);
    }

    /// After a helper: raise at `idx` if it returned ERR (the current stack is the state).
    fn check(&mut self, r: CV, idx: usize) {
        let ok = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, ERR as i64);
        let stack = self.stack.clone();
        self.guard(ok, idx, ExitKind::Raise, &stack);
    }

    /// At a loop header: if a SIGINT is waiting, exit to the interpreter here, which raises
    /// `KeyboardInterrupt` at its next back edge (see `vm::signals`). One byte load and a
    /// branch per iteration (mandelbrot 200: +3% instructions, the tightest loop measured;
    /// the address stays an immediate: Cranelift rematerializes constants at their uses).
    fn poll_signals(&mut self, idx: usize) {
        let addr = self.c(pycrane_runtime::vm::signals::pending_flag_address());
        let flag = self.b.ins().load(I8, MemFlagsData::trusted(), addr, 0);
        let cont = self.b.create_block();
        let ex = self.b.create_block();
        self.b.ins().brif(flag, ex, &[], cont, &[]);
        self.b.set_cold_block(ex);
        self.b.switch_to_block(ex);
        let stack = self.stack.clone();
        self.emit_exit(idx, ExitKind::Deopt, Some(&stack), None);
        self.b.switch_to_block(cont);
    }
}
