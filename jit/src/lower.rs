//! Lowering a [`Plan`] to Cranelift IR.
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
use pycrane_compiler::{stack_effect, wide_op, Elem, How, Plan, Reject, Spec};
use pycrane_runtime::bytecode::decode::{jump_target, Instr};
use pycrane_runtime::bytecode::opcode::Opcode as Op;
use pycrane_runtime::object::dict::{bloom_bit, Entry, LINEAR};
use pycrane_runtime::object::Code;
use pycrane_runtime::pyc::code::kinds;
use pycrane_runtime::value::{Value, PAYLOAD_MASK, TAG_BOOL, TAG_INT, TAG_PTR};
use pycrane_runtime::vm::attr_site::AttrSite;
use pycrane_runtime::vm::tier2::{yield_state, NativeEnv, DEOPT, ERR, NO_ENTRY};
use pycrane_runtime::vm::{ops, Vm};
use std::collections::HashMap;
use std::mem::offset_of;

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
    /// Reference counts are updated inline (the layout check passed).
    inline_rc: bool,
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
    /// Reference counts are updated inline (see `helpers::rc_layout_ok`).
    pub inline_rc: bool,
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
        inline_rc,
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
        slice_parts: None,
        iter_made: false,
        native_sigref: None,
        exit_blk: None,
        cond: None,
        inline_rc,
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
    // ---- small builders ----

    /// `N` new blocks.
    fn new_blocks<const N: usize>(&mut self) -> [Block; N] {
        std::array::from_fn(|_| self.b.create_block())
    }

    fn c(&mut self, x: u64) -> CV {
        self.b.ins().iconst(I64, x as i64)
    }

    /// Whether the `RefCell` whose borrow flag is at `p + off` may be read (not mutably
    /// borrowed) or, with `write`, written (not borrowed at all).
    fn refcell_free(&mut self, p: CV, off: i32, write: bool) -> CV {
        let borrow = self.b.ins().load(I64, MemFlagsData::trusted(), p, off);
        if write {
            self.b.ins().icmp_imm_s(IntCC::Equal, borrow, 0)
        } else {
            self.b
                .ins()
                .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, borrow, 0)
        }
    }

    /// `FOR_ITER`'s inline step of a list, tuple or range iterator that has an item left:
    /// jumps to `got` with the item (a new reference; the iterator advanced). Branches to
    /// `slow` for any other iterator, a borrowed state or list, a range element past the
    /// immediate int range, and the end of the sequence (the helper finishes it exactly as
    /// the interpreter does). False when the layouts are unknown (nothing emitted).
    fn next_item_inline(&mut self, it: Slot, got: Block, slow: Block) -> bool {
        let (Some(il), Some(sl)) = (self.iter, self.seq) else {
            return false;
        };
        let flags = MemFlagsData::trusted();
        let p = self.heap_object(it, il.tag, slow);
        let free = self.refcell_free(p, il.borrow, true);
        let free_blk = self.b.create_block();
        self.b.ins().brif(free, free_blk, &[], slow, &[]);
        self.b.switch_to_block(free_blk);
        let st = self.b.ins().uload8(I64, flags, p, il.state);
        let [seq_blk, range_blk, other] = self.new_blocks();
        let is_seq = self.is_eq(st, 0);
        self.b.ins().brif(is_seq, seq_blk, &[], other, &[]);
        self.b.switch_to_block(other);
        let is_range = self.is_eq(st, il.range_tag as u64);
        self.b.ins().brif(is_range, range_blk, &[], slow, &[]);

        // A range: the next value while any are left, when it is an immediate int.
        self.b.switch_to_block(range_blk);
        let left = self.b.ins().load(I64, flags, p, il.range_left);
        let next = self.b.ins().load(I64, flags, p, il.range_next);
        let any = self.b.ins().icmp_imm_s(IntCC::NotEqual, left, 0);
        let small = self.fits48(next);
        let ok = self.b.ins().band(any, small);
        let step_blk = self.b.create_block();
        self.b.ins().brif(ok, step_blk, &[], slow, &[]);
        self.b.switch_to_block(step_blk);
        let step = self.b.ins().load(I64, flags, p, il.range_step);
        let after = self.b.ins().iadd(next, step);
        self.b.ins().store(flags, after, p, il.range_next);
        let left = self.b.ins().iadd_imm_s(left, -1);
        self.b.ins().store(flags, left, p, il.range_left);
        let item = self.box_int(next);
        self.b.ins().jump(got, &[BlockArg::Value(item)]);

        // A list or tuple: the item at the index, while it is in bounds.
        self.b.switch_to_block(seq_blk);
        let seq = self.b.ins().load(I64, flags, p, il.seq);
        let index = self.b.ins().load(I64, flags, p, il.index);
        let sp = self.b.ins().band_imm_s(seq, PAYLOAD_MASK as i64);
        let (data, len) = self.seq_parts(sl, sp, Access::Read, slow);
        let more = self.b.ins().icmp(IntCC::UnsignedLessThan, index, len);
        let item_blk = self.b.create_block();
        self.b.ins().brif(more, item_blk, &[], slow, &[]);
        self.b.switch_to_block(item_blk);
        let off = self.b.ins().ishl_imm_s(index, 3);
        let at = self.b.ins().iadd(data, off);
        let item = self.b.ins().load(I64, flags, at, 0);
        self.incref(Slot::new(item, Kind::Any));
        let next = self.b.ins().iadd_imm_s(index, 1);
        self.b.ins().store(flags, next, p, il.index);
        self.b.ins().jump(got, &[BlockArg::Value(item)]);
        true
    }

    /// The address of the cell `cell` (a variable shared with closures) and its layout, in
    /// a block reached when it is a cell whose value may be read (or, with `write`, written);
    /// else branches to `slow`. None when the layout is unknown (nothing emitted).
    fn cell_value(&mut self, cell: CV, write: bool, slow: Block) -> Option<(CV, CellLayout)> {
        let l = self.cell?;
        let p = self.heap_object(Slot::new(cell, Kind::Any), l.tag, slow);
        let free = self.refcell_free(p, l.borrow, write);
        let ok = self.b.create_block();
        self.b.ins().brif(free, ok, &[], slow, &[]);
        self.b.switch_to_block(ok);
        Some((p, l))
    }

    /// The slow half of an instruction with an inline fast path: calls helper `f`, which
    /// borrows `lent`, and joins the fast path at `join` (one parameter: the result, pushed).
    fn lending_call_to(&mut self, idx: usize, f: *const (), args: &[CV], lent: Slot, join: Block) {
        let r = self.call(f, args);
        self.release(lent);
        self.check(r, idx);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(join);
        let r = self.b.block_params(join)[0];
        self.push(r, Kind::Any);
    }

    /// The inline half of an attribute cache hit: when `obj` is an instance of a class in
    /// the site's fast words, no class namespace changed since, its dict is not borrowed
    /// (mutably; `write`: at all) and the dict slot holds the attribute's name, continues
    /// with the address of that dict entry; otherwise branches to `slow`. None when the
    /// object's kind or the missing layout rules it out (nothing emitted).
    ///
    /// With `write`, a dict that ends before the slot (a new instance that does not have the
    /// attribute yet) branches instead to the block returned with the slot number.
    fn inline_slot(
        &mut self,
        idx: usize,
        obj: Slot,
        write: bool,
        slow: Block,
    ) -> Option<(CV, Option<(Block, CV)>)> {
        let (name, _) = self.attr_bits(idx);
        let (l, p, sp) = self.site_holds(idx, obj, write, slow)?;
        let flags = MemFlagsData::trusted();
        let slot = self
            .b
            .ins()
            .load(I64, flags, sp, AttrSite::FAST_SLOT as i32);
        let len = self.b.ins().load(I64, flags, p, l.entries_len);
        let inb = self.b.ins().icmp(IntCC::UnsignedLessThan, slot, len);
        let keyck = self.b.create_block();
        let absent = write.then(|| (self.b.create_block(), slot));
        let past_end = absent.map_or(slow, |(b, _)| b);
        self.b.ins().brif(inb, keyck, &[], past_end, &[]);
        self.b.switch_to_block(keyck);
        let entry = self.entry_at(p, slot);
        let key = self
            .b
            .ins()
            .load(I64, flags, entry, offset_of!(Entry, key) as i32);
        let same_key = self.is_eq(key, name);
        let hit = self.b.create_block();
        self.b.ins().brif(same_key, hit, &[], slow, &[]);
        self.b.switch_to_block(hit);
        Some((entry, absent))
    }

    /// The address of entry `i` of the attribute dict of the instance at `p`.
    fn entry_at(&mut self, p: CV, i: CV) -> CV {
        let l = self.inst.expect("callers checked the layout");
        let data = self
            .b
            .ins()
            .load(I64, MemFlagsData::trusted(), p, l.entries_ptr);
        let off = self
            .b
            .ins()
            .imul_imm_s(i, std::mem::size_of::<Entry>() as i64);
        self.b.ins().iadd(data, off)
    }

    /// Forgets what [`Lower::facts`] says unless instruction `idx` cannot run Python code
    /// nor change a local (a store forgets what was known of its local only): then what
    /// held before it still holds after it. Helpers called by the others' slow paths
    /// forget it too ([`Lower::call`]); freeing an object runs no Python code.
    fn clear_facts_unless_pure(&mut self, idx: usize, ins: Instr, spec: Option<Spec>) {
        let pure = match ins.op {
            Op::Nop
            | Op::Resume
            | Op::Precall
            | Op::Cache
            | Op::ExtendedArg
            | Op::LoadFast
            | Op::LoadConst
            | Op::LoadGlobal
            | Op::LoadAttr
            | Op::StoreAttr
            | Op::LoadMethod
            | Op::PopTop
            | Op::Copy
            | Op::Swap => true,
            Op::StoreFast => {
                self.facts.forget(ins.arg as usize);
                true
            }
            // Guarded: their fast paths run no code and anything else exits.
            Op::BinaryOp | Op::CompareOp => spec.is_some_and(|s| s.guard),
            Op::BinarySubscr | Op::StoreSubscr => self.index_spec(idx).is_some(),
            _ => false,
        };
        if !pure {
            self.facts.clear();
        }
    }

    /// The finding of the attribute site at `idx` when it can be compiled for one class
    /// (see [`Lower::sole_class_load`]): the class's bits, the type epoch, and the dict
    /// slot or (with `method`) the method's bits.
    ///
    /// Once any attribute site of the code has exited too often, none is compiled this way:
    /// sites that stay with one class during warm-up and meet others later (subclasses used
    /// in a later phase) tend to come together, and recompiling for each in turn costs more
    /// compile time than the checks save.
    fn sole_site(&self, idx: usize, obj: Slot, method: bool) -> Option<(u64, u64, u64)> {
        if !self.sole_sites || self.inst.is_none() || !matches!(obj.k, Kind::Any | Kind::Ptr) {
            return None;
        }
        let (class, epoch, slot, m) = self.code.attr_site(idx).sole_finding()?;
        if obj.from == Some(0) && self.inherited(class) {
            return None;
        }
        match method {
            false if slot < LINEAR as u64 => Some((class, epoch, slot)),
            true if slot == u64::MAX && m != 0 => Some((class, epoch, m)),
            _ => None,
        }
    }

    /// Whether the code is a method of another class than `class` (bits), which has seen it
    /// run for its first argument: an inherited method, whose `self` is in general of
    /// several classes, so speculating on the first one seen only costs recompilations.
    fn inherited(&self, class: u64) -> bool {
        let class = std::mem::ManuallyDrop::new(Value::from_bits(class));
        let Some(t) = class.as_type() else {
            return true;
        };
        // A method's qualified name is its class's and its own; a nested function's owner
        // ends in `<locals>` instead.
        match self.code.qualname.rsplit_once('.') {
            Some((owner, _)) if !owner.ends_with("<locals>") => {
                *t.qualname.borrow().as_ref() != *owner
            }
            _ => false,
        }
    }

    /// Takes a reference to the object with `bits` for the compiled code to hold (see
    /// [`Caches::held`]).
    fn hold(&mut self, bits: u64) {
        let v = std::mem::ManuallyDrop::new(Value::from_bits(bits));
        self.held.push((*v).clone());
    }

    /// The address of `obj`'s heap object once it is known to be an instance of `class` in
    /// type `epoch` whose dict is free to read, and a new cold block for the exit when
    /// anything is not as compiled for: checked (else branches there) unless
    /// [`Lower::facts`] already says so for the local it was loaded from, and then noted.
    fn sole_class_check(&mut self, obj: Slot, class: u64, epoch: u64) -> (CV, Block) {
        let l = self.inst.expect("sole_site checked the layout");
        let flags = MemFlagsData::trusted();
        let ex = self.b.create_block();
        self.b.set_cold_block(ex);
        if obj.from.and_then(|i| self.facts.class.get(&i)) == Some(&(class, epoch)) {
            return (self.b.ins().band_imm_s(obj.v, PAYLOAD_MASK as i64), ex);
        }
        // The site holds the class only while it keeps the finding.
        self.hold(class);
        let p = self.heap_object(obj, l.tag, ex);
        let cls = self.b.ins().load(I64, flags, p, l.class);
        let same_class = self.is_eq(cls, class);
        let now = self
            .b
            .ins()
            .load(I64, flags, self.vm, offset_of!(Vm, type_epoch) as i32);
        let same_epoch = self.is_eq(now, epoch);
        let borrow = self.b.ins().load(I64, flags, p, l.dict_borrow);
        let readable = self
            .b
            .ins()
            .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, borrow, 0);
        let ok = self.b.ins().band(same_class, same_epoch);
        let ok = self.b.ins().band(ok, readable);
        let cont = self.b.create_block();
        self.b.ins().brif(ok, cont, &[], ex, &[]);
        self.b.switch_to_block(cont);
        if let Some(i) = obj.from {
            self.facts.class.insert(i, (class, epoch));
        }
        (p, ex)
    }

    /// Where entry `slot` of the dict of the instance at `p` is, once its key is the
    /// attribute name of instruction `idx` (else branches to `ex`).
    fn sole_slot_entry(&mut self, idx: usize, p: CV, slot: u64, ex: Block) -> CV {
        let l = self.inst.expect("sole_site checked the layout");
        let flags = MemFlagsData::trusted();
        let (name, _) = self.attr_bits(idx);
        let len = self.b.ins().load(I64, flags, p, l.entries_len);
        let inb = self
            .b
            .ins()
            .icmp_imm_u(IntCC::UnsignedGreaterThan, len, slot as i64);
        let [keyck, hit] = self.new_blocks();
        self.b.ins().brif(inb, keyck, &[], ex, &[]);
        self.b.switch_to_block(keyck);
        let data = self.b.ins().load(I64, flags, p, l.entries_ptr);
        let entry = self
            .b
            .ins()
            .iadd_imm_s(data, (slot as usize * std::mem::size_of::<Entry>()) as i64);
        let key = self
            .b
            .ins()
            .load(I64, flags, entry, offset_of!(Entry, key) as i32);
        let same_key = self.is_eq(key, name);
        self.b.ins().brif(same_key, hit, &[], ex, &[]);
        self.b.switch_to_block(hit);
        entry
    }

    /// `LOAD_ATTR` (of `obj`, borrowed) at a site that has seen one class, compiled for it:
    /// the class, the type epoch and the attribute's dict slot are constants and anything
    /// else exits (a guard; an instruction that keeps failing is compiled again without).
    /// The class, epoch and dict checks are made once per local until something could
    /// change them ([`Lower::facts`]). False, with nothing emitted, when the site does not
    /// qualify.
    fn sole_class_load(&mut self, idx: usize, obj: Slot) -> bool {
        let Some((class, epoch, slot)) = self.sole_site(idx, obj, false) else {
            return false;
        };
        let (p, ex) = self.sole_class_check(obj, class, epoch);
        let entry = self.sole_slot_entry(idx, p, slot, ex);
        let hit = self.b.current_block().expect("in a block");
        self.b.switch_to_block(ex);
        self.guard_exit(idx, &[obj]);
        self.b.switch_to_block(hit);
        let flags = MemFlagsData::trusted();
        let v = self
            .b
            .ins()
            .load(I64, flags, entry, offset_of!(Entry, value) as i32);
        self.incref(Slot::new(v, Kind::Any));
        self.release(obj);
        self.push(v, Kind::Any);
        true
    }

    /// `STORE_ATTR` of `v` (taken) to `obj` (borrowed) at a site that has seen one class,
    /// compiled for it as [`Lower::sole_class_load`]: the value replaces the one in the
    /// site's dict slot, or becomes a new entry there when the dict ends just before it
    /// (inline, or by the append helper, which runs no Python code). Anything else exits.
    fn sole_class_store(&mut self, idx: usize, obj: Slot, v: Slot) -> bool {
        let Some((class, epoch, slot)) = self.sole_site(idx, obj, false) else {
            return false;
        };
        let l = self.inst.expect("sole_site checked the layout");
        let flags = MemFlagsData::trusted();
        let (p, ex) = self.sole_class_check(obj, class, epoch);
        let borrow = self.b.ins().load(I64, flags, p, l.dict_borrow);
        let free = self.b.ins().icmp_imm_s(IntCC::Equal, borrow, 0);
        let len = self.b.ins().load(I64, flags, p, l.entries_len);
        let [writable, replace, other, append, helper, done] = self.new_blocks();
        self.b.ins().brif(free, writable, &[], ex, &[]);
        self.b.switch_to_block(writable);
        let inb = self
            .b
            .ins()
            .icmp_imm_u(IntCC::UnsignedGreaterThan, len, slot as i64);
        self.b.ins().brif(inb, replace, &[], other, &[]);
        // The slot exists: its key must be the name.
        self.b.switch_to_block(replace);
        let entry = self.sole_slot_entry(idx, p, slot, ex);
        let old = self
            .b
            .ins()
            .load(I64, flags, entry, offset_of!(Entry, value) as i32);
        self.b
            .ins()
            .store(flags, v.v, entry, offset_of!(Entry, value) as i32);
        let ver = self.b.ins().load(I64, flags, p, l.version);
        let ver = self.b.ins().iadd_imm_s(ver, 1);
        self.b.ins().store(flags, ver, p, l.version);
        self.decref(Slot::new(old, Kind::Any));
        self.b.ins().jump(done, &[]);
        // The dict ends just before the slot: a new attribute.
        self.b.switch_to_block(other);
        let at_end = self.b.ins().icmp_imm_u(IntCC::Equal, len, slot as i64);
        self.b.ins().brif(at_end, append, &[], ex, &[]);
        self.b.switch_to_block(append);
        let at = self.c(slot);
        self.inline_append(idx, obj, at, v.v, helper);
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(helper);
        self.b.set_cold_block(helper);
        let (name, _) = self.attr_operands(idx);
        let r = self.call_pure(helpers::append_attr as *const (), &[obj.v, at, name, v.v]);
        // Not appended: `v` is still ours.
        self.b.ins().brif(r, ex, &[], done, &[]);
        self.b.switch_to_block(ex);
        self.guard_exit(idx, &[v, obj]);
        self.b.switch_to_block(done);
        self.release(obj);
        true
    }

    /// `LOAD_METHOD` on `obj` (taken) at a site that has seen one class, whose class has a
    /// plain function for the name, compiled for it as [`Lower::sole_class_load`]: when the
    /// instance's dict lacks the name, pushes the function (a constant) and `obj`; anything
    /// else exits.
    fn sole_class_method(&mut self, idx: usize, obj: Slot) -> bool {
        let Some((class, epoch, method)) = self.sole_site(idx, obj, true) else {
            return false;
        };
        let (name, _) = self.attr_bits(idx);
        let name_v = std::mem::ManuallyDrop::new(Value::from_bits(name));
        let Some(bit) = name_v.as_str().map(|s| bloom_bit(s.hash())) else {
            return false;
        };
        let l = self.inst.expect("sole_site checked the layout");
        let flags = MemFlagsData::trusted();
        let (p, ex) = self.sole_class_check(obj, class, epoch);
        let bloom = self.b.ins().uload32(flags, p, l.bloom);
        let seen = self.b.ins().band_imm_s(bloom, bit as i64);
        let absent = self.b.ins().icmp_imm_s(IntCC::NotEqual, seen, bit as i64);
        let [exact, hit] = self.new_blocks();
        self.b.ins().brif(absent, hit, &[], exact, &[]);
        // The filter cannot rule the name out: look it up (no Python code runs).
        self.b.switch_to_block(exact);
        self.b.set_cold_block(exact);
        let namev = self.c(name);
        let lacks = self.call_pure(helpers::dict_lacks as *const (), &[obj.v, namev]);
        self.b.ins().brif(lacks, hit, &[], ex, &[]);
        self.b.switch_to_block(ex);
        self.guard_exit(idx, &[obj]);
        self.b.switch_to_block(hit);
        // The site holds the method only while it keeps the finding; the compiled code
        // holds it from now on, so a call that takes it at once needs no reference.
        self.hold(method);
        let m = self.c(method);
        let base = self.stack.len();
        let kept = self.kept_until(idx, base, |i, depth| {
            let ins = self.code.instrs[i];
            ins.op == Op::Call && depth == base + ins.arg as usize + 2
        });
        if !kept {
            self.incref(Slot::new(m, Kind::Ptr));
        }
        self.stack.push(Slot {
            kept,
            ..Slot::new(m, Kind::Ptr)
        });
        self.stack.push(obj);
        true
    }

    /// Appends the attribute named by instruction `idx` with the value `v` (taken) to the dict of
    /// the instance `obj`, whose write access `site_holds` has checked, as entry `at`: inline
    /// when the dict has `at` entries, room for one more without growing, no hash index to
    /// update and a key filter that proves `name` absent (what `Dict::push_new_at` and
    /// `Dict::push` do then). Otherwise branches to `helper` with nothing changed.
    fn inline_append(&mut self, idx: usize, obj: Slot, at: CV, v: CV, helper: Block) {
        let name = &self.code.names[self.code.instrs[idx].arg as usize];
        let Some(hash) = name.as_str().map(|s| s.hash()) else {
            self.b.ins().jump(helper, &[]);
            return;
        };
        let name = name.bits();
        let l = self.inst.expect("site_holds needs the layout");
        let flags = MemFlagsData::trusted();
        let p = self.b.ins().band_imm_s(obj.v, PAYLOAD_MASK as i64);
        let len = self.b.ins().load(I64, flags, p, l.entries_len);
        let cap = self.b.ins().load(I64, flags, p, l.entries_cap);
        let index = self.b.ins().load(I64, flags, p, l.index);
        let bloom = self.b.ins().load(I32, flags, p, l.bloom);
        let bits = bloom_bit(hash);
        let at_end = self.b.ins().icmp(IntCC::Equal, at, len);
        let room = self.b.ins().icmp(IntCC::UnsignedLessThan, len, cap);
        let linear = self
            .b
            .ins()
            .icmp_imm_u(IntCC::UnsignedLessThan, len, LINEAR as i64);
        let unindexed = self.b.ins().icmp_imm_u(IntCC::Equal, index, 0);
        let seen = self.b.ins().band_imm_u(bloom, bits as i64);
        let absent = self.b.ins().icmp_imm_u(IntCC::NotEqual, seen, bits as i64);
        let ok = self.b.ins().band(at_end, room);
        let ok = self.b.ins().band(ok, linear);
        let ok = self.b.ins().band(ok, unindexed);
        let ok = self.b.ins().band(ok, absent);
        let fast = self.b.create_block();
        self.b.ins().brif(ok, fast, &[], helper, &[]);
        self.b.switch_to_block(fast);
        let entry = self.entry_at(p, len);
        let h = self.c(hash);
        self.b
            .ins()
            .store(flags, h, entry, offset_of!(Entry, hash) as i32);
        let key = self.c(name);
        self.rc_inc(key);
        self.b
            .ins()
            .store(flags, key, entry, offset_of!(Entry, key) as i32);
        self.b
            .ins()
            .store(flags, v, entry, offset_of!(Entry, value) as i32);
        let len = self.b.ins().iadd_imm_s(len, 1);
        self.b.ins().store(flags, len, p, l.entries_len);
        let live = self.b.ins().load(I32, flags, p, l.live);
        let live = self.b.ins().iadd_imm_s(live, 1);
        self.b.ins().store(flags, live, p, l.live);
        let bloom = self.b.ins().bor_imm_u(bloom, bits as i64);
        self.b.ins().store(flags, bloom, p, l.bloom);
        let ver = self.b.ins().load(I64, flags, p, l.version);
        let ver = self.b.ins().iadd_imm_s(ver, 1);
        self.b.ins().store(flags, ver, p, l.version);
    }

    /// For the attribute instruction at `idx` on `obj`: continues, in a block reached when
    /// `obj` is an instance whose class has a fast finding at the site made in the current
    /// type epoch and whose dict is free to read (or, with `write`, to write), with the
    /// layout, the object's address and the address of that finding (as if it were the
    /// first). Otherwise branches to `slow`. The newest finding is checked first, so a
    /// monomorphic site costs one comparison of class, and a polymorphic one a comparison
    /// per class; the epoch is checked once, on the finding for the class.
    fn site_holds(
        &mut self,
        idx: usize,
        obj: Slot,
        write: bool,
        slow: Block,
    ) -> Option<(InstLayout, CV, CV)> {
        let l = self.inst?;
        if !matches!(obj.k, Kind::Any | Kind::Ptr) {
            return None;
        }
        let (_, site) = self.attr_bits(idx);
        let flags = MemFlagsData::trusted();
        let p = self.heap_object(obj, l.tag, slow);
        let sp = self.c(site);
        let cls = self.b.ins().load(I64, flags, p, l.class);
        let found = self.b.create_block();
        self.b.append_block_param(found, I64);
        for k in 0..AttrSite::FAST_WAYS {
            let at = (k * AttrSite::FAST_STRIDE) as i32;
            let want = self
                .b
                .ins()
                .load(I64, flags, sp, AttrSite::FAST_CLASS as i32 + at);
            let same_class = self.b.ins().icmp(IntCC::Equal, cls, want);
            let wp = self.b.ins().iadd_imm_s(sp, at as i64);
            let next = if k + 1 < AttrSite::FAST_WAYS {
                self.b.create_block()
            } else {
                slow
            };
            self.b
                .ins()
                .brif(same_class, found, &[BlockArg::Value(wp)], next, &[]);
            if next != slow {
                self.b.switch_to_block(next);
            }
        }
        // A site keeps one finding per class: made in an older epoch, it is stale.
        self.b.switch_to_block(found);
        let wp = self.b.block_params(found)[0];
        let epoch = self
            .b
            .ins()
            .load(I64, flags, self.vm, offset_of!(Vm, type_epoch) as i32);
        let made = self
            .b
            .ins()
            .load(I64, flags, wp, AttrSite::FAST_EPOCH as i32);
        let same_epoch = self.b.ins().icmp(IntCC::Equal, epoch, made);
        let current = self.b.create_block();
        self.b.ins().brif(same_epoch, current, &[], slow, &[]);
        self.b.switch_to_block(current);
        let free = self.refcell_free(p, l.dict_borrow, write);
        let ok = self.b.create_block();
        self.b.ins().brif(free, ok, &[], slow, &[]);
        self.b.switch_to_block(ok);
        Some((l, p, wp))
    }

    /// `LOAD_METHOD` of a plain function the site found on `obj`'s class: the method (borrowed
    /// from the site), in a block reached when the site's method finding holds for `obj` —
    /// same class and epoch, and the instance dict's key filter rules the name out of it.
    /// Else branches to `slow`.
    fn inline_method(&mut self, idx: usize, obj: Slot, slow: Block) -> Option<CV> {
        let (name, _) = self.attr_bits(idx);
        let name = std::mem::ManuallyDrop::new(Value::from_bits(name));
        let bit = pycrane_runtime::object::dict::bloom_bit(name.as_str()?.hash());
        let (l, p, sp) = self.site_holds(idx, obj, false, slow)?;
        let flags = MemFlagsData::trusted();
        let method = self
            .b
            .ins()
            .load(I64, flags, sp, AttrSite::FAST_METHOD as i32);
        let has_method = self.b.ins().icmp_imm_s(IntCC::NotEqual, method, 0);
        let [filter, exact, hit] = self.new_blocks();
        self.b.ins().brif(has_method, filter, &[], slow, &[]);
        self.b.switch_to_block(filter);
        let bloom = self.b.ins().uload32(flags, p, l.bloom);
        let hit_bits = self.b.ins().band_imm_s(bloom, bit as i64);
        let absent = self
            .b
            .ins()
            .icmp_imm_s(IntCC::NotEqual, hit_bits, bit as i64);
        self.b.ins().brif(absent, hit, &[], exact, &[]);
        // The filter cannot rule the name out (other keys share its bits): look it up.
        self.b.switch_to_block(exact);
        let namev = self.c(name.bits());
        let lacks = self.call(helpers::dict_lacks as *const (), &[obj.v, namev]);
        self.b.ins().brif(lacks, hit, &[], slow, &[]);
        self.b.switch_to_block(hit);
        Some(method)
    }

    /// `LOAD_METHOD` on a built-in object of the kind the site found a method for (a list's
    /// `append`): jumps to `join` with the method and the object. Otherwise continues in a
    /// new block (non-heap values branch to `slow`).
    fn builtin_method(&mut self, idx: usize, obj: Slot, join: Block, slow: Block) {
        if !matches!(obj.k, Kind::Any | Kind::Ptr) {
            return;
        }
        let (_, site) = self.attr_bits(idx);
        let flags = MemFlagsData::trusted();
        let p = self.heap_addr(obj, slow);
        let tag = self.b.ins().uload8(I64, flags, p, 0);
        let sp = self.c(site);
        let want = self.b.ins().load(I64, flags, sp, AttrSite::TAG_FAST as i32);
        let tag1 = self.b.ins().iadd_imm_s(tag, 1);
        let same = self.b.ins().icmp(IntCC::Equal, tag1, want);
        let [hit, other] = self.new_blocks();
        self.b.ins().brif(same, hit, &[], other, &[]);
        self.b.switch_to_block(hit);
        let method = self
            .b
            .ins()
            .load(I64, flags, sp, AttrSite::TAG_METHOD as i32);
        self.incref(Slot::new(method, Kind::Ptr));
        let args = [BlockArg::Value(method), BlockArg::Value(obj.v)];
        self.b.ins().jump(join, &args);
        self.b.switch_to_block(other);
    }

    /// The name (borrowed bits) and attribute cache address of the attribute instruction at
    /// `idx`, as constants: both live in the code object, which outlives its native code.
    fn attr_operands(&mut self, idx: usize) -> (CV, CV) {
        let (name, site) = self.attr_bits(idx);
        (self.c(name), self.c(site))
    }

    fn attr_bits(&self, idx: usize) -> (u64, u64) {
        let name = self.code.names[self.code.instrs[idx].arg as usize].bits();
        (name, self.code.attr_site(idx) as *const AttrSite as u64)
    }

    /// The address of `s`'s heap object, in a block reached when it is one of kind `tag`
    /// (its first byte); else branches to `slow`.
    fn heap_object(&mut self, s: Slot, tag: u8, slow: Block) -> CV {
        let p = self.heap_addr(s, slow);
        let t = self.b.ins().uload8(I64, MemFlagsData::trusted(), p, 0);
        let same = self.is_eq(t, tag as u64);
        let hit = self.b.create_block();
        self.b.ins().brif(same, hit, &[], slow, &[]);
        self.b.switch_to_block(hit);
        p
    }

    /// The address of `s`'s heap object; branches to `slow` when `s` is not a heap value.
    fn heap_addr(&mut self, s: Slot, slow: Block) -> CV {
        if s.k != Kind::Ptr {
            let isptr = self.tag_is(s.v, TAG_PTR);
            let next = self.b.create_block();
            self.b.ins().brif(isptr, next, &[], slow, &[]);
            self.b.switch_to_block(next);
        }
        self.b.ins().band_imm_s(s.v, PAYLOAD_MASK as i64)
    }

    /// Calls the helper `f` (which may run Python code: what is known about locals' objects
    /// is forgotten).
    fn call(&mut self, f: *const (), args: &[CV]) -> CV {
        self.facts.clear();
        self.call_pure(f, args)
    }

    /// Calls the helper `f`, which runs no Python code (it allocates, looks up or frees):
    /// what [`Lower::facts`] says still holds after it.
    fn call_pure(&mut self, f: *const (), args: &[CV]) -> CV {
        let sig = self.sig(args.len(), true);
        let callee = self.c(f as usize as u64);
        let inst = self.b.ins().call_indirect(sig, callee, args);
        self.b.inst_results(inst)[0]
    }

    fn call0(&mut self, f: *const (), args: &[CV]) {
        let sig = self.sig(args.len(), false);
        let callee = self.c(f as usize as u64);
        self.b.ins().call_indirect(sig, callee, args);
    }

    fn sig(&mut self, n: usize, ret: bool) -> SigRef {
        if let Some(&s) = self.sigs.get(&(n, ret)) {
            return s;
        }
        let mut sig = Signature::new(self.call_conv);
        for _ in 0..n {
            sig.params.push(AbiParam::new(I64));
        }
        if ret {
            sig.returns.push(AbiParam::new(I64));
        }
        let s = self.b.import_signature(sig);
        self.sigs.insert((n, ret), s);
        s
    }

    fn is_eq(&mut self, v: CV, bits: u64) -> CV {
        self.b.ins().icmp_imm_s(IntCC::Equal, v, bits as i64)
    }

    fn tag_is(&mut self, v: CV, tag: u64) -> CV {
        let t = self.b.ins().ushr_imm_s(v, 48);
        self.b.ins().icmp_imm_s(IntCC::Equal, t, (tag >> 48) as i64)
    }

    fn is_int(&mut self, s: Slot) -> Option<CV> {
        match s.k {
            Kind::Int | Kind::I64 => None,
            _ => Some(self.tag_is(s.v, TAG_INT)),
        }
    }

    fn is_float(&mut self, s: Slot) -> Option<CV> {
        match s.k {
            Kind::Float | Kind::RawF => None,
            _ => Some(
                self.b
                    .ins()
                    .icmp_imm_s(IntCC::UnsignedLessThan, s.v, TAG_PTR as i64),
            ),
        }
    }

    fn and(&mut self, a: Option<CV>, b: Option<CV>) -> Option<CV> {
        match (a, b) {
            (Some(a), Some(b)) => Some(self.b.ins().band(a, b)),
            (x, None) | (None, x) => x,
        }
    }

    fn or(&mut self, a: CV, b: CV) -> CV {
        self.b.ins().bor(a, b)
    }

    fn unbox_int(&mut self, v: CV) -> CV {
        let x = self.b.ins().ishl_imm_s(v, 16);
        self.b.ins().sshr_imm_s(x, 16)
    }

    fn box_int(&mut self, r: CV) -> CV {
        let x = self.b.ins().band_imm_s(r, PAYLOAD_MASK as i64);
        self.b.ins().bor_imm_s(x, TAG_INT as i64)
    }

    fn fits48(&mut self, r: CV) -> CV {
        let x = self.unbox_int(r);
        self.b.ins().icmp(IntCC::Equal, x, r)
    }

    fn box_bool(&mut self, c: CV) -> CV {
        let c = self.b.ins().uextend(I64, c);
        self.b.ins().bor_imm_s(c, TAG_BOOL as i64)
    }

    fn float_of(&mut self, s: Slot) -> CV {
        match s.k {
            Kind::Float | Kind::RawF => self.b.ins().bitcast(F64, MemFlagsData::new(), s.v),
            Kind::Int => {
                let i = self.unbox_int(s.v);
                self.b.ins().fcvt_from_sint(F64, i)
            }
            _ => {
                let f = self.b.ins().bitcast(F64, MemFlagsData::new(), s.v);
                let i = self.unbox_int(s.v);
                let fi = self.b.ins().fcvt_from_sint(F64, i);
                let isf = self.is_float(s).expect("not a known float");
                self.b.ins().select(isf, f, fi)
            }
        }
    }

    /// The value bits of a double; a NaN becomes a new NaN object (out of line, as rare).
    fn box_float(&mut self, r: CV) -> CV {
        let nan = self.b.ins().fcmp(FloatCC::Unordered, r, r);
        let bits = self.b.ins().bitcast(I64, MemFlagsData::new(), r);
        let cold = self.b.create_block();
        let join = self.b.create_block();
        self.b.append_block_param(join, I64);
        self.b.set_cold_block(cold);
        self.b
            .ins()
            .brif(nan, cold, &[], join, &[BlockArg::Value(bits)]);
        self.b.switch_to_block(cold);
        let fresh = self.call_pure(helpers::fresh_nan as *const (), &[]);
        self.b.ins().jump(join, &[BlockArg::Value(fresh)]);
        self.b.switch_to_block(join);
        self.b.block_params(join)[0]
    }

    fn incref(&mut self, s: Slot) {
        match s.k {
            Kind::Ptr => self.rc_inc(s.v),
            Kind::Any => self.if_ptr(s.v, Self::rc_inc),
            // Immediates, raw words and virtual iterators hold no reference.
            _ => {}
        }
    }

    fn decref(&mut self, s: Slot) {
        match s.k {
            Kind::Int
            | Kind::Float
            | Kind::RawF
            | Kind::Bool
            | Kind::Imm
            | Kind::Null
            | Kind::I64
            | Kind::I128 => {}
            // A virtual loop over a sequence holds the sequence.
            Kind::Virt(id) => {
                if self.vloops[id as usize].kind == VKind::Seq {
                    let obj = self.b.use_var(self.viters[id as usize][0]);
                    self.rc_dec(obj);
                }
            }
            Kind::Ptr => self.rc_dec(s.v),
            Kind::Any => self.if_ptr(s.v, Self::rc_dec),
        }
    }

    fn if_ptr(&mut self, v: CV, f: fn(&mut Self, CV)) {
        let isptr = self.tag_is(v, TAG_PTR);
        let yes = self.b.create_block();
        let cont = self.b.create_block();
        self.b.ins().brif(isptr, yes, &[], cont, &[]);
        self.b.switch_to_block(yes);
        f(self, v);
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// The address of a heap value's strong count (see `helpers::rc_layout_ok`).
    fn rc_addr(&mut self, v: CV) -> CV {
        let p = self.b.ins().band_imm_s(v, PAYLOAD_MASK as i64);
        let off = self.c((-(helpers::RC_STRONG_BEFORE as i64)) as u64);
        self.b.ins().iadd(p, off)
    }

    fn rc_inc(&mut self, v: CV) {
        if !self.inline_rc {
            self.call0(helpers::incref as *const (), &[v]);
            return;
        }
        let a = self.rc_addr(v);
        let n = self.b.ins().load(I64, MemFlagsData::trusted(), a, 0);
        let one = self.c(1);
        let n1 = self.b.ins().iadd(n, one);
        self.b.ins().store(MemFlagsData::trusted(), n1, a, 0);
    }

    /// Drops a reference: inline unless it is the last one (then the helper frees).
    fn rc_dec(&mut self, v: CV) {
        if !self.inline_rc {
            self.call0(helpers::decref as *const (), &[v]);
            return;
        }
        let a = self.rc_addr(v);
        let n = self.b.ins().load(I64, MemFlagsData::trusted(), a, 0);
        let last = self.b.ins().icmp_imm_s(IntCC::Equal, n, 1);
        let free = self.b.create_block();
        let dec = self.b.create_block();
        let cont = self.b.create_block();
        self.b.ins().brif(last, free, &[], dec, &[]);
        self.b.switch_to_block(free);
        self.call0(helpers::decref as *const (), &[v]);
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(dec);
        let one = self.c(1);
        let n1 = self.b.ins().isub(n, one);
        self.b.ins().store(MemFlagsData::trusted(), n1, a, 0);
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(cont);
    }

    fn push(&mut self, v: CV, k: Kind) {
        self.stack.push(Slot::new(v, k));
    }

    /// The top `n` slots were loaded as the name `co_names[name]` (see [`Slot::origin`]).
    fn name_top(&mut self, n: usize, name: u32) {
        let len = self.stack.len();
        for s in &mut self.stack[len - n..] {
            s.origin = Some(name);
        }
    }

    /// The name the callable of the call whose stack starts at `base` was loaded under, if
    /// known (see [`Slot::origin`]).
    fn callee_name(&self, base: usize) -> Option<&str> {
        let origin = self.stack[base + 1].origin.or(self.stack[base].origin)?;
        Some(self.code.names[origin as usize].as_str()?.as_str())
    }

    /// The top of the stack, owning its reference.
    fn pop(&mut self) -> Slot {
        let s = self.pop_ref();
        self.own(s)
    }

    /// The top of the stack, possibly borrowed from a local: the caller either gives it to
    /// [`Lower::own`] on paths that keep or pass on the value, or [`Lower::release`]s it.
    fn pop_ref(&mut self) -> Slot {
        let s = self.stack.pop().expect("plan checked the stack depth");
        self.materialized(s)
    }

    /// A slot with a reference of its own: a borrowed one takes a new reference.
    ///
    /// Borrowing: `LOAD_FAST` of a heap value pushes the local's value without a new
    /// reference, valid while the local keeps it. Whatever keeps or passes on a value (a
    /// store, a call, a block edge, an exit, a helper that takes ownership) owns it first;
    /// before a local changes, the stack's borrows of it are owned ([`Lower::own_borrows_of`]).
    /// Reads that keep nothing (an index, an arithmetic fast path) skip both reference-count
    /// updates.
    fn own(&mut self, s: Slot) -> Slot {
        if s.borrowed() {
            self.incref(s);
        }
        Slot::new(s.v, s.k)
    }

    /// Drops `s`'s reference, if it has one.
    fn release(&mut self, s: Slot) {
        if !s.borrowed() {
            self.decref(s);
        }
    }

    /// Local `i` is about to change: stack slots borrowed from it take their own references.
    fn own_borrows_of(&mut self, i: usize) {
        for k in 0..self.stack.len() {
            if self.stack[k].from == Some(i) {
                self.stack[k] = self.own(self.stack[k]);
            }
        }
    }

    /// Owns the kept slots (see [`Slot::kept`]) before an instruction whose every path may
    /// run Python code. Instructions `Lower::kept_until` passes over run none, but for
    /// operators and subscripts that is only known when they are lowered.
    fn own_kept(&mut self) {
        for k in 0..self.stack.len() {
            if self.stack[k].kept {
                self.stack[k] = self.own(self.stack[k]);
            }
        }
    }

    /// Owns every slot from `from` up.
    fn own_stack(&mut self, from: usize) {
        for k in from..self.stack.len() {
            self.stack[k] = self.own(self.stack[k]);
        }
    }

    /// The block arguments for stack values `vals` (virtual iterators are none).
    fn args(vals: &[Slot]) -> Vec<BlockArg> {
        vals.iter()
            .filter(|s| !matches!(s.k, Kind::Virt(_)))
            .map(|s| BlockArg::Value(s.v))
            .collect()
    }

    fn jump_to(&mut self, target: usize, depth: usize) {
        self.check_edge(target, depth);
        let blk = self.blocks[&target];
        // Block parameters own their values.
        for k in 0..depth {
            self.stack[k] = self.own(self.stack[k]);
        }
        let args = Self::args(&self.stack[..depth]);
        self.b.ins().jump(blk, &args);
        self.done = true;
    }

    /// Stores `vals` in the spill slot for a helper or an exit, which takes them over (so
    /// borrowed ones take their own references).
    fn spill(&mut self, vals: &[Slot]) -> CV {
        for (k, &s) in vals.iter().enumerate() {
            let s = self.materialized(s);
            let s = self.boxed(s);
            let s = self.own(s);
            self.b
                .ins()
                .stack_store(I64, s.v, self.sbuf, (8 * k) as i32);
        }
        self.b.ins().stack_addr(I64, self.sbuf, 0)
    }

    fn reload(&mut self, n: usize) -> Vec<Slot> {
        (0..n)
            .map(|k| {
                let v = self.b.ins().stack_load(I64, I64, self.sbuf, (8 * k) as i32);
                Slot::new(v, Kind::Any)
            })
            .collect()
    }

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

    // ---- instructions ----

    fn instr(
        &mut self,
        idx: usize,
        ins: Instr,
        how: How,
        spec: Option<Spec>,
    ) -> Result<(), Reject> {
        let arg = ins.arg;
        match how {
            How::Exit => {
                let stack = self.stack.clone();
                self.emit_exit(idx, ExitKind::Unsupported, Some(&stack), None);
                self.done = true;
                return Ok(());
            }
            How::Step => {
                self.generic(idx, ins);
                return Ok(());
            }
            How::Native => {}
        }
        if self.plan.loop_headers.contains(&idx) {
            self.poll_signals(idx);
        }
        self.clear_facts_unless_pure(idx, ins, spec);
        let next = idx + 1 + ins.op.cache_entries() as usize;
        let target = jump_target(idx, &ins);
        match ins.op {
            Op::Nop | Op::Resume | Op::Precall | Op::Cache | Op::ExtendedArg => {}
            Op::PopTop => {
                // A virtual iterator (`break`, `return` in a loop) is dropped as it is.
                if let Some(
                    &s @ Slot {
                        k: Kind::Virt(_), ..
                    },
                ) = self.stack.last()
                {
                    self.stack.pop();
                    self.decref(s);
                } else {
                    let s = self.pop();
                    self.decref(s);
                }
            }
            Op::PushNull => {
                let v = self.c(Value::NULL.bits());
                self.push(v, Kind::Null);
            }
            Op::Copy => {
                let at = self.stack.len() - arg as usize;
                // A kept slot is for its one consumer: copied, it takes a reference.
                if self.stack[at].kept {
                    self.stack[at] = self.own(self.stack[at]);
                }
                let s = self.stack[at];
                if matches!(s.k, Kind::Virt(_)) {
                    // Two slots cannot share one iterator's registers.
                    self.virt_broken = true;
                }
                // A copy of a borrow is another borrow of the same local.
                if s.from.is_none() {
                    self.incref(s);
                }
                self.stack.push(s);
            }
            Op::Swap => {
                let n = self.stack.len();
                self.stack.swap(n - 1, n - arg as usize);
            }
            Op::LoadConst => {
                let c = &self.code.consts[arg as usize];
                let s = Slot::new(self.c(c.bits()), Kind::of(c));
                self.incref(s);
                self.stack.push(s);
            }
            Op::LoadFast => {
                let i = arg as usize;
                let v = self.b.use_var(self.vars[i]);
                if !self.assigned(idx, i) {
                    let ok = self
                        .b
                        .ins()
                        .icmp_imm_s(IntCC::NotEqual, v, Value::NULL.bits() as i64);
                    let stack = self.stack.clone();
                    self.guard(ok, idx, ExitKind::Deopt, &stack);
                }
                let k = self.kinds[i];
                let from = matches!(k, Kind::Any | Kind::Ptr).then_some(i);
                self.stack.push(Slot {
                    from,
                    ..Slot::new(v, k)
                });
            }
            Op::StoreFast => {
                let s = self.pop();
                let i = arg as usize;
                self.own_borrows_of(i);
                let old = Slot::new(self.b.use_var(self.vars[i]), self.kinds[i]);
                self.b.def_var(self.vars[i], s.v);
                self.kinds[i] = s.k;
                self.stored.add(i, s.k);
                self.decref(old);
            }
            Op::DeleteFast => {
                let i = arg as usize;
                let v = self.b.use_var(self.vars[i]);
                if !self.assigned(idx, i) {
                    let ok = self
                        .b
                        .ins()
                        .icmp_imm_s(IntCC::NotEqual, v, Value::NULL.bits() as i64);
                    let stack = self.stack.clone();
                    self.guard(ok, idx, ExitKind::Deopt, &stack);
                }
                self.own_borrows_of(i);
                let null = self.c(Value::NULL.bits());
                self.b.def_var(self.vars[i], null);
                let k = std::mem::replace(&mut self.kinds[i], Kind::Imm);
                self.decref(Slot::new(v, k));
            }
            Op::LoadGlobal => {
                let global = arg & 1 == 1 && self.call_borrows_global(idx);
                let r = self.load_global(idx, arg >> 1, global);
                if arg & 1 == 1 {
                    let null = self.c(Value::NULL.bits());
                    self.push(null, Kind::Null);
                }
                self.stack.push(Slot {
                    kept: global,
                    ..Slot::new(r, Kind::Any)
                });
                self.name_top(1, arg >> 1);
            }
            Op::LoadName => {
                let namev = self.c(arg as u64);
                let r = self.call(helpers::load_name as *const (), &[self.vm, self.env, namev]);
                self.check(r, idx);
                self.push(r, Kind::Any);
            }
            Op::StoreName => {
                let v = self.pop();
                let namev = self.c(arg as u64);
                let r = self.call(
                    helpers::store_name as *const (),
                    &[self.vm, self.env, namev, v.v],
                );
                self.check(r, idx);
            }
            Op::UnaryNot => {
                let s = self.pop();
                let t = self.truth(idx, s, true);
                let f = self.b.ins().bxor_imm_s(t, 1);
                let v = self.b.ins().bor_imm_s(f, TAG_BOOL as i64);
                self.push(v, Kind::Bool);
            }
            Op::BinaryOp => self.binop(idx, arg, spec.expect("plan gives a spec")),
            Op::CompareOp => {
                let spec = spec.expect("plan gives a spec");
                let fuse = self.code.instrs.get(next).copied().filter(|n| {
                    !self.plan.blocks.contains(&next)
                        && matches!(
                            n.op,
                            Op::PopJumpForwardIfFalse
                                | Op::PopJumpForwardIfTrue
                                | Op::PopJumpBackwardIfFalse
                                | Op::PopJumpBackwardIfTrue
                        )
                });
                let r = self.compare(idx, arg, spec, fuse.is_some());
                match fuse {
                    Some(_) => {
                        // The jump that follows tests this condition directly.
                        let t = self.b.ins().uextend(I64, r);
                        let v = self.b.ins().bor_imm_s(t, TAG_BOOL as i64);
                        self.cond = Some((v, r));
                        self.push(v, Kind::Bool);
                    }
                    None => self.push(r, if spec.guard { Kind::Bool } else { Kind::Any }),
                }
            }
            Op::IsOp => {
                let b = self.pop();
                let a = self.pop();
                let cc = if arg == 1 {
                    IntCC::NotEqual
                } else {
                    IntCC::Equal
                };
                let c = self.b.ins().icmp(cc, a.v, b.v);
                self.decref(a);
                self.decref(b);
                let v = self.box_bool(c);
                self.push(v, Kind::Bool);
            }
            Op::JumpForward | Op::JumpBackward | Op::JumpBackwardNoInterrupt => {
                let t = target.expect("jump has a target");
                self.jump_to(t, self.stack.len());
            }
            Op::PopJumpForwardIfFalse
            | Op::PopJumpBackwardIfFalse
            | Op::PopJumpForwardIfTrue
            | Op::PopJumpBackwardIfTrue => {
                let s = self.pop();
                let t = self.truth(idx, s, true);
                let jump_if_true =
                    matches!(ins.op, Op::PopJumpForwardIfTrue | Op::PopJumpBackwardIfTrue);
                self.branch(t, jump_if_true, target.expect("jump"), next);
            }
            Op::PopJumpForwardIfNone
            | Op::PopJumpBackwardIfNone
            | Op::PopJumpForwardIfNotNone
            | Op::PopJumpBackwardIfNotNone => {
                let s = self.pop();
                let c = self.is_eq(s.v, Value::NONE.bits());
                self.decref(s);
                let jump_if_none =
                    matches!(ins.op, Op::PopJumpForwardIfNone | Op::PopJumpBackwardIfNone);
                self.branch(c, jump_if_none, target.expect("jump"), next);
            }
            Op::JumpIfFalseOrPop | Op::JumpIfTrueOrPop => {
                let s = *self.stack.last().expect("depth checked");
                let t = self.truth(idx, s, false);
                let pop_blk = self.b.create_block();
                let tblk = self.blocks[&target.expect("jump")];
                self.own_stack(0);
                self.check_edge(target.expect("jump"), self.stack.len());
                let args = Self::args(&self.stack);
                if ins.op == Op::JumpIfTrueOrPop {
                    self.b.ins().brif(t, tblk, &args, pop_blk, &[]);
                } else {
                    self.b.ins().brif(t, pop_blk, &[], tblk, &args);
                }
                self.b.switch_to_block(pop_blk);
                let s = self.pop();
                self.decref(s);
                self.jump_to(next, self.stack.len());
            }
            Op::ForIter if matches!(self.stack.last().map(|s| s.k), Some(Kind::Virt(_))) => {
                self.virtual_step(idx, target.expect("jump"));
            }
            Op::ForIter => {
                let it = *self.stack.last().expect("depth checked");
                let got = self.b.create_block();
                self.b.append_block_param(got, I64);
                let slow = self.b.create_block();
                if !self.next_item_inline(it, got, slow) {
                    self.b.ins().jump(slow, &[]);
                }
                self.b.switch_to_block(slow);
                let r = self.call(helpers::for_iter as *const (), &[self.vm, it.v]);
                self.check(r, idx);
                self.when_done(r, target.expect("jump"), None);
                self.b.ins().jump(got, &[BlockArg::Value(r)]);
                self.b.switch_to_block(got);
                self.done = false;
                let item = self.b.block_params(got)[0];
                self.push(item, Kind::Any);
            }
            Op::ReturnValue => {
                // A local's value returned takes the local's reference with it.
                let r = self.pop_ref();
                let r = if r.kept { self.own(r) } else { r };
                let moved = r.from;
                let r = match moved {
                    Some(_) => Slot::new(r.v, r.k),
                    None => r,
                };
                while let Some(s) = self.stack.pop() {
                    self.decref(s);
                }
                for i in 0..self.plan.nlocals {
                    if moved == Some(i) {
                        continue;
                    }
                    let v = self.b.use_var(self.vars[i]);
                    self.decref(Slot::new(v, self.kinds[i]));
                }
                self.b.ins().return_(&[r.v]);
                self.done = true;
            }
            Op::Send => {
                let v = self.pop();
                let v = self.own(v);
                let recv = *self.stack.last().expect("depth checked");
                let out = self.b.ins().stack_addr(I64, self.sbuf, 0);
                let r = self.call(helpers::send as *const (), &[self.vm, recv.v, v.v, out]);
                self.check(r, idx);
                // Finished: the receiver goes, its return value replaces it.
                self.when_done(r, target.expect("jump"), Some(out));
                self.done = false;
                self.push(r, Kind::Any);
            }
            Op::YieldValue => {
                self.yield_value(idx);
                self.done = true;
            }
            Op::KwNames => self.kw = Some((idx, self.code.consts[arg as usize].bits())),
            Op::Call => {
                if !self.range_iter_call(idx, arg as usize, next) {
                    self.call_op(idx, arg as usize);
                }
            }
            Op::LoadAttr => {
                // The helper borrows the object (`self.x` takes no reference to `self`).
                let obj = self.pop_ref();
                if self.sole_class_load(idx, obj) {
                    return Ok(());
                }
                let (name, site) = self.attr_operands(idx);
                let join = self.b.create_block();
                self.b.append_block_param(join, I64);
                let slow = self.b.create_block();
                if let Some((entry, _)) = self.inline_slot(idx, obj, false, slow) {
                    let flags = MemFlagsData::trusted();
                    let value = offset_of!(Entry, value) as i32;
                    let v = self.b.ins().load(I64, flags, entry, value);
                    self.incref(Slot::new(v, Kind::Any));
                    self.release(obj);
                    self.b.ins().jump(join, &[BlockArg::Value(v)]);
                } else {
                    self.b.ins().jump(slow, &[]);
                }
                self.b.switch_to_block(slow);
                let f = helpers::getattr as *const ();
                self.lending_call_to(idx, f, &[self.vm, obj.v, name, site], obj, join);
            }
            Op::StoreAttr => {
                // The helper borrows the object and takes the value.
                let obj = self.pop_ref();
                let v = self.pop();
                if self.sole_class_store(idx, obj, v) {
                    return Ok(());
                }
                let (name, site) = self.attr_operands(idx);
                let join = self.b.create_block();
                let slow = self.b.create_block();
                if let Some((entry, absent)) = self.inline_slot(idx, obj, true, slow) {
                    let flags = MemFlagsData::trusted();
                    let value = offset_of!(Entry, value) as i32;
                    let old = self.b.ins().load(I64, flags, entry, value);
                    self.b.ins().store(flags, v.v, entry, value);
                    let l = self.inst.expect("inline_slot needs the layout");
                    let p = self.b.ins().band_imm_s(obj.v, PAYLOAD_MASK as i64);
                    let ver = self.b.ins().load(I64, flags, p, l.version);
                    let ver = self.b.ins().iadd_imm_s(ver, 1);
                    self.b.ins().store(flags, ver, p, l.version);
                    self.decref(Slot::new(old, Kind::Any));
                    self.release(obj);
                    self.b.ins().jump(join, &[]);
                    // A new attribute, stored where the site has seen it: appended inline
                    // or by a helper when the dict lacks it, else the general path.
                    let (append, at) = absent.expect("a write returns the append block");
                    self.b.switch_to_block(append);
                    let done = self.b.create_block();
                    let helper = self.b.create_block();
                    self.inline_append(idx, obj, at, v.v, helper);
                    self.b.ins().jump(done, &[]);
                    self.b.switch_to_block(helper);
                    let f = helpers::append_attr as *const ();
                    let r = self.call(f, &[obj.v, at, name, v.v]);
                    self.b.ins().brif(r, slow, &[], done, &[]);
                    self.b.switch_to_block(done);
                    self.release(obj);
                    self.b.ins().jump(join, &[]);
                } else {
                    self.b.ins().jump(slow, &[]);
                }
                self.b.switch_to_block(slow);
                let r = self.call(
                    helpers::setattr as *const (),
                    &[self.vm, obj.v, v.v, name, site],
                );
                self.release(obj);
                self.check(r, idx);
                self.b.ins().jump(join, &[]);
                self.b.switch_to_block(join);
            }
            Op::LoadMethod => {
                let obj = self.pop();
                if self.sole_class_method(idx, obj) {
                    self.name_top(2, arg);
                    return Ok(());
                }
                let join = self.b.create_block();
                self.b.append_block_param(join, I64);
                self.b.append_block_param(join, I64);
                let slow = self.b.create_block();
                self.b.set_cold_block(slow);
                // Sites that have only seen instances so far check only for those.
                if self.code.attr_site(idx).has_tag_finding() {
                    self.builtin_method(idx, obj, join, slow);
                }
                match self.inline_method(idx, obj, slow) {
                    Some(method) => {
                        self.incref(Slot::new(method, Kind::Ptr));
                        let args = [BlockArg::Value(method), BlockArg::Value(obj.v)];
                        self.b.ins().jump(join, &args);
                    }
                    None => {
                        self.b.ins().jump(slow, &[]);
                    }
                }
                self.b.switch_to_block(slow);
                let (name, site) = self.attr_operands(idx);
                let out = self.b.ins().stack_addr(I64, self.sbuf, 0);
                let r = self.call(
                    helpers::load_method as *const (),
                    &[self.vm, obj.v, name, site, out],
                );
                self.check(r, idx);
                let pair = Self::args(&self.reload(2));
                self.b.ins().jump(join, &pair);
                self.b.switch_to_block(join);
                for k in 0..2 {
                    let v = self.b.block_params(join)[k];
                    self.push(v, Kind::Any);
                }
                self.name_top(2, arg);
            }
            Op::ContainsOp => {
                let b = self.pop_ref();
                let a = self.pop_ref();
                let inv = self.c(arg as u64);
                let r = self.call(helpers::contains as *const (), &[self.vm, a.v, b.v, inv]);
                self.release(a);
                self.release(b);
                self.check(r, idx);
                self.push(r, Kind::Bool);
            }
            Op::UnaryNegative | Op::UnaryPositive | Op::UnaryInvert => {
                let v = self.pop_ref();
                if ins.op == Op::UnaryNegative && v.k == Kind::Float {
                    let x = self.b.ins().bitcast(F64, MemFlagsData::new(), v.v);
                    let neg = self.b.ins().fneg(x);
                    let bits = self.box_float(neg);
                    self.push(bits, Kind::Float);
                    return Ok(());
                }
                let join = self.b.create_block();
                self.b.append_block_param(join, I64);
                let slow = self.b.create_block();
                if ins.op == Op::UnaryNegative {
                    // -x of a float inline.
                    let isf = self.is_float(v).expect("not a known float");
                    let fast = self.b.create_block();
                    self.b.ins().brif(isf, fast, &[], slow, &[]);
                    self.b.switch_to_block(fast);
                    let x = self.b.ins().bitcast(F64, MemFlagsData::new(), v.v);
                    let neg = self.b.ins().fneg(x);
                    let bits = self.box_float(neg);
                    self.b.ins().jump(join, &[BlockArg::Value(bits)]);
                } else {
                    self.b.ins().jump(slow, &[]);
                }
                self.b.switch_to_block(slow);
                let opv = self.c(ins.op.number() as u64);
                let f = helpers::unary as *const ();
                self.lending_call_to(idx, f, &[self.vm, v.v, opv], v, join);
            }
            Op::ListAppend => {
                let v = self.pop();
                let list = self.stack[self.stack.len() - arg as usize];
                let r = self.call(helpers::list_append as *const (), &[self.vm, list.v, v.v]);
                self.check(r, idx);
            }
            Op::BinarySubscr => {
                let key = self.pop();
                let obj = self.pop_ref();
                let index = self.index_spec(idx).filter(|_| self.indexable(obj, key));
                if index.is_none() {
                    self.own_kept();
                }
                let r = match (self.slice_parts.take(), index) {
                    (Some(parts), _) => self.slice_subscr(idx, obj, None, parts),
                    (None, Some(elem)) => {
                        self.index_load(idx, obj, key, elem);
                        return Ok(());
                    }
                    (None, None) => self.subscr(idx, obj, key),
                };
                self.push(r, Kind::Any);
            }
            Op::StoreSubscr => {
                let key = self.pop();
                let obj = self.pop_ref();
                let v = self.pop();
                let index = self.index_spec(idx).filter(|_| self.indexable(obj, key));
                if index.is_none() {
                    self.own_kept();
                }
                match (self.slice_parts.take(), index) {
                    (Some(parts), _) => {
                        self.slice_subscr(idx, obj, Some(v), parts);
                    }
                    (None, Some(_)) => self.index_store(idx, v, obj, key),
                    (None, None) => self.store_subscr(idx, v, obj, key),
                }
            }
            Op::BuildSlice if self.fused_slice(idx) => {
                let at = self.stack.len() - arg as usize;
                self.slice_parts = Some(self.stack.split_off(at));
                // A stand-in the subscript consumes without looking at it.
                let none = self.c(Value::NONE.bits());
                self.push(none, Kind::Imm);
            }
            Op::GetIter if self.iter_made => self.iter_made = false,
            Op::GetIter => match self.vloop_at(idx + 1) {
                Some(id) => self.virtual_seq(idx, id),
                None => {
                    let v = self.pop();
                    let r = self.call(helpers::get_iter as *const (), &[self.vm, v.v]);
                    self.check(r, idx);
                    self.push(r, Kind::Ptr);
                }
            },
            Op::UnpackSequence => {
                let seq = self.pop();
                self.unpack(idx, seq, arg as usize);
            }
            Op::BuildTuple | Op::BuildList | Op::BuildSlice => {
                let n = arg as usize;
                let at = self.stack.len() - n;
                let items = self.stack.split_off(at);
                let addr = self.spill(&items);
                let nv = self.c(n as u64);
                let f = match ins.op {
                    Op::BuildTuple => helpers::build_tuple as *const (),
                    Op::BuildList => helpers::build_list as *const (),
                    _ => helpers::build_slice as *const (),
                };
                let r = self.call(f, &[addr, nv]);
                self.push(r, Kind::Ptr);
            }
            Op::BuildSet | Op::BuildMap | Op::BuildConstKeyMap | Op::BuildString => {
                // The helpers take the values (`n` stack slots) and the instruction's count.
                let (n, f) = match ins.op {
                    Op::BuildSet => (arg as usize, helpers::build_set as *const ()),
                    Op::BuildMap => (2 * arg as usize, helpers::build_map as *const ()),
                    Op::BuildConstKeyMap => {
                        (arg as usize + 1, helpers::build_const_key_map as *const ())
                    }
                    _ => (arg as usize, helpers::build_string as *const ()),
                };
                let at = self.stack.len() - n;
                let items = self.stack.split_off(at);
                let addr = self.spill(&items);
                let nv = self.c(arg as u64);
                if ins.op == Op::BuildString {
                    let r = self.call(f, &[addr, nv]);
                    self.push(r, Kind::Ptr);
                } else {
                    let r = self.call(f, &[self.vm, addr, nv]);
                    self.check(r, idx);
                    self.push(r, Kind::Ptr);
                }
            }
            Op::FormatValue => {
                let spec = if arg & 0x04 != 0 {
                    self.pop()
                } else {
                    Slot::new(self.c(Value::NULL.bits()), Kind::Null)
                };
                let v = self.pop();
                let flags = self.c(arg as u64);
                let f = helpers::format_value as *const ();
                let r = self.call(f, &[self.vm, v.v, spec.v, flags]);
                self.check(r, idx);
                self.push(r, Kind::Ptr);
            }
            Op::SetAdd | Op::MapAdd | Op::ListExtend => {
                let v = self.pop();
                let (f, args) = if ins.op == Op::MapAdd {
                    let k = self.pop();
                    let d = self.stack[self.stack.len() - arg as usize];
                    (helpers::map_add as *const (), vec![self.vm, d.v, k.v, v.v])
                } else {
                    let c = self.stack[self.stack.len() - arg as usize];
                    let f = match ins.op {
                        Op::SetAdd => helpers::set_add as *const (),
                        _ => helpers::list_extend as *const (),
                    };
                    (f, vec![self.vm, c.v, v.v])
                };
                let r = self.call(f, &args);
                self.check(r, idx);
            }
            Op::ListToTuple => {
                let l = self.pop();
                let r = self.call(helpers::list_to_tuple as *const (), &[l.v]);
                self.push(r, Kind::Ptr);
            }
            Op::DeleteSubscr => {
                let key = self.pop();
                let obj = self.pop();
                let f = helpers::delete_subscr as *const ();
                let r = self.call(f, &[self.vm, obj.v, key.v]);
                self.check(r, idx);
            }
            Op::GetYieldFromIter => {
                let v = self.pop();
                let r = self.call(helpers::yield_from_iter as *const (), &[self.vm, v.v]);
                self.check(r, idx);
                self.push(r, Kind::Ptr);
            }
            Op::MakeCell => {
                let i = arg as usize;
                self.own_borrows_of(i);
                let v = self.b.use_var(self.vars[i]);
                let cell = self.call(helpers::make_cell as *const (), &[v]);
                self.b.def_var(self.vars[i], cell);
                self.kinds[i] = Kind::Ptr;
            }
            Op::CopyFreeVars => {
                let n = arg as usize;
                let cells = self.closure_cells(n);
                for (k, cell) in cells.into_iter().enumerate() {
                    let i = self.plan.nlocals - n + k;
                    self.own_borrows_of(i);
                    self.b.def_var(self.vars[i], cell);
                    self.kinds[i] = Kind::Any;
                }
            }
            Op::LoadClosure => {
                let v = self.b.use_var(self.vars[arg as usize]);
                let s = Slot::new(v, Kind::Any);
                self.incref(s);
                self.stack.push(s);
            }
            Op::LoadDeref => {
                let kept = self.borrows_cell(idx);
                let cell = self.b.use_var(self.vars[arg as usize]);
                let join = self.b.create_block();
                self.b.append_block_param(join, I64);
                let slow = self.b.create_block();
                self.b.set_cold_block(slow);
                match self.cell_value(cell, false, slow) {
                    Some((p, l)) => {
                        let flags = MemFlagsData::trusted();
                        let v = self.b.ins().load(I64, flags, p, l.value);
                        let bound =
                            self.b
                                .ins()
                                .icmp_imm_s(IntCC::NotEqual, v, Value::NULL.bits() as i64);
                        let hit = self.b.create_block();
                        self.b.ins().brif(bound, hit, &[], slow, &[]);
                        self.b.switch_to_block(hit);
                        if !kept {
                            self.incref(Slot::new(v, Kind::Any));
                        }
                        self.b.ins().jump(join, &[BlockArg::Value(v)]);
                    }
                    None => {
                        self.b.ins().jump(slow, &[]);
                    }
                }
                self.b.switch_to_block(slow);
                let r = self.call(helpers::load_deref as *const (), &[cell]);
                let ok = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, DEOPT as i64);
                let stack = self.stack.clone();
                self.guard(ok, idx, ExitKind::Deopt, &stack);
                if kept {
                    // The cell keeps it: nothing ran since.
                    self.decref(Slot::new(r, Kind::Any));
                }
                self.b.ins().jump(join, &[BlockArg::Value(r)]);
                self.b.switch_to_block(join);
                let r = self.b.block_params(join)[0];
                self.stack.push(Slot {
                    kept,
                    ..Slot::new(r, Kind::Any)
                });
            }
            Op::StoreDeref => {
                let v = self.pop();
                let cell = self.b.use_var(self.vars[arg as usize]);
                let join = self.b.create_block();
                let slow = self.b.create_block();
                self.b.set_cold_block(slow);
                match self.cell_value(cell, true, slow) {
                    Some((p, l)) => {
                        let flags = MemFlagsData::trusted();
                        let old = self.b.ins().load(I64, flags, p, l.value);
                        self.b.ins().store(flags, v.v, p, l.value);
                        // An unbound cell holds NULL, which is not a heap value.
                        self.decref(Slot::new(old, Kind::Any));
                        self.b.ins().jump(join, &[]);
                    }
                    None => {
                        self.b.ins().jump(slow, &[]);
                    }
                }
                self.b.switch_to_block(slow);
                self.call0(helpers::store_deref as *const (), &[cell, v.v]);
                self.b.ins().jump(join, &[]);
                self.b.switch_to_block(join);
            }
            op => return Err(Reject(format!("no lowering for {}", op.name()))),
        }
        Ok(())
    }

    /// Where `obj` (a heap value) keeps its tag byte, and whether `obj`/`key` may be a heap
    /// value and a small int: None when the kinds rule the fast path out.
    fn seq_guard(&mut self, obj: Slot, key: Option<Slot>) -> Option<(SeqLayout, CV)> {
        let layout = self.seq?;
        let obj_ok = matches!(obj.k, Kind::Any | Kind::Ptr);
        let key_ok = key.is_none_or(|k| matches!(k.k, Kind::Any | Kind::Int));
        if !obj_ok || !key_ok {
            return None;
        }
        let isptr = match obj.k {
            Kind::Ptr => None,
            _ => Some(self.tag_is(obj.v, TAG_PTR)),
        };
        let isint = key.and_then(|k| self.is_int(k));
        let c = self.and(isptr, isint);
        Some((layout, c.unwrap_or_else(|| self.c(1))))
    }

    /// The items pointer and length of the list or tuple at `p` (a heap object's address);
    /// branches to `slow` for any other object or a list `access` refuses.
    fn seq_parts(&mut self, l: SeqLayout, p: CV, access: Access, slow: Block) -> (CV, CV) {
        let tag = self.b.ins().uload8(I64, MemFlagsData::trusted(), p, 0);
        let is_list = self.is_eq(tag, l.list_tag as u64);
        self.seq_parts_if(l, p, is_list, Some(tag), access, slow)
    }

    /// [`Lower::seq_parts`] where `is_list` tells a list from anything else: `tag` is the
    /// object's tag when that may be neither (then checked for a tuple), None when it is
    /// known to be a tuple unless a list.
    fn seq_parts_if(
        &mut self,
        l: SeqLayout,
        p: CV,
        is_list: CV,
        tag: Option<CV>,
        access: Access,
        slow: Block,
    ) -> (CV, CV) {
        let flags = MemFlagsData::trusted();
        let list_blk = self.b.create_block();
        let tuple_chk = self.b.create_block();
        let found = self.b.create_block();
        self.b.append_block_param(found, I64);
        self.b.append_block_param(found, I64);
        self.b.ins().brif(is_list, list_blk, &[], tuple_chk, &[]);
        self.b.switch_to_block(list_blk);
        let free = self.refcell_free(p, l.list_borrow, access != Access::Read);
        let len = self.b.ins().load(I64, flags, p, l.list_len);
        let data = self.b.ins().load(I64, flags, p, l.list_ptr);
        let args = [BlockArg::Value(data), BlockArg::Value(len)];
        self.b.ins().brif(free, found, &args, slow, &[]);
        self.b.switch_to_block(tuple_chk);
        if access == Access::Write {
            self.b.ins().jump(slow, &[]);
        } else {
            let tblk = self.b.create_block();
            match tag {
                Some(tag) => {
                    let is_tuple = self.is_eq(tag, l.tuple_tag as u64);
                    self.b.ins().brif(is_tuple, tblk, &[], slow, &[]);
                }
                None => {
                    self.b.ins().jump(tblk, &[]);
                }
            }
            self.b.switch_to_block(tblk);
            let len = self.b.ins().load(I64, flags, p, l.tuple_len);
            let data = self.b.ins().load(I64, flags, p, l.tuple_ptr);
            self.b
                .ins()
                .jump(found, &[BlockArg::Value(data), BlockArg::Value(len)]);
        }
        self.b.switch_to_block(found);
        (self.b.block_params(found)[0], self.b.block_params(found)[1])
    }

    /// Element `key` (a small int, negative from the end) of the list or tuple at `p`:
    /// branches to `slow` unless it is one (in bounds, the list not mutably borrowed).
    /// Returns the element's address; `write` also requires the list to be unborrowed and
    /// refuses tuples.
    fn seq_elem(&mut self, l: SeqLayout, p: CV, key: CV, access: Access, slow: Block) -> CV {
        let (data, len) = self.seq_parts(l, p, access, slow);
        let i = self.unbox_int(key);
        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
        let wrapped = self.b.ins().iadd(i, len);
        let j = self.b.ins().select(neg, wrapped, i);
        let inb = self.b.ins().icmp(IntCC::UnsignedLessThan, j, len);
        let at = self.b.create_block();
        self.b.ins().brif(inb, at, &[], slow, &[]);
        self.b.switch_to_block(at);
        let off = self.b.ins().ishl_imm_s(j, 3);
        self.b.ins().iadd(data, off)
    }

    fn subscr(&mut self, idx: usize, obj: Slot, key: Slot) -> CV {
        let join = self.b.create_block();
        self.b.append_block_param(join, I64);
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        if let Some((l, c)) = self.seq_guard(obj, Some(key)) {
            let fast = self.b.create_block();
            self.b.ins().brif(c, fast, &[], slow, &[]);
            self.b.switch_to_block(fast);
            let p = self.b.ins().band_imm_s(obj.v, PAYLOAD_MASK as i64);
            let a = self.seq_elem(l, p, key.v, Access::Read, slow);
            let v = self.b.ins().load(I64, MemFlagsData::trusted(), a, 0);
            self.incref(Slot::new(v, Kind::Any));
            self.release(Slot {
                k: Kind::Ptr,
                ..obj
            });
            self.b.ins().jump(join, &[BlockArg::Value(v)]);
        } else {
            self.b.ins().jump(slow, &[]);
        }
        self.b.switch_to_block(slow);
        let obj = self.own(obj);
        let r = self.call(helpers::subscr as *const (), &[self.vm, obj.v, key.v]);
        self.check(r, idx);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(join);
        self.b.block_params(join)[0]
    }

    fn store_subscr(&mut self, idx: usize, v: Slot, obj: Slot, key: Slot) {
        let join = self.b.create_block();
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        if let Some((l, c)) = self.seq_guard(obj, Some(key)) {
            let fast = self.b.create_block();
            self.b.ins().brif(c, fast, &[], slow, &[]);
            self.b.switch_to_block(fast);
            let p = self.b.ins().band_imm_s(obj.v, PAYLOAD_MASK as i64);
            let a = self.seq_elem(l, p, key.v, Access::Write, slow);
            let old = self.b.ins().load(I64, MemFlagsData::trusted(), a, 0);
            self.b.ins().store(MemFlagsData::trusted(), v.v, a, 0);
            self.decref(Slot::new(old, Kind::Any));
            self.release(Slot {
                k: Kind::Ptr,
                ..obj
            });
            self.b.ins().jump(join, &[]);
        } else {
            self.b.ins().jump(slow, &[]);
        }
        self.b.switch_to_block(slow);
        let obj = self.own(obj);
        let r = self.call(
            helpers::store_subscr as *const (),
            &[self.vm, v.v, obj.v, key.v],
        );
        self.check(r, idx);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
    }

    /// The speculation for the subscript at `idx` (see [`pycrane_compiler::index_spec`]).
    fn index_spec(&self, idx: usize) -> Option<Elem> {
        self.plan.steps[idx].as_ref().and_then(|s| s.index)
    }

    /// Whether a guarded subscript ([`Lower::index_load`]) can be compiled for `obj[key]`.
    fn indexable(&self, obj: Slot, key: Slot) -> bool {
        self.seq.is_some()
            && matches!(obj.k, Kind::Any | Kind::Ptr)
            && matches!(key.k, Kind::Any | Kind::Int)
    }

    /// What [`Lower::facts`] knows of the list or tuple `obj` (borrowed) when it is one:
    /// else checked now (branching to `ex` for anything else, or a list borrowed at all)
    /// and noted for its local.
    fn seq_fact(&mut self, obj: Slot, ex: Block) -> SeqFact {
        if let Some(f) = obj.from.and_then(|i| self.facts.seq.get(&i)) {
            return *f;
        }
        let l = self.seq.expect("indexable checked the layout");
        let p = self.heap_addr(obj, ex);
        let tag = self.b.ins().uload8(I64, MemFlagsData::trusted(), p, 0);
        let is_list = self.is_eq(tag, l.list_tag as u64);
        let (data, len) = self.seq_parts_if(l, p, is_list, Some(tag), Access::Free, ex);
        let f = SeqFact {
            data,
            len,
            is_list: Some(is_list),
            proven: 0,
        };
        self.note_seq(obj, f);
        f
    }

    fn note_seq(&mut self, obj: Slot, f: SeqFact) {
        if let Some(i) = obj.from {
            self.facts.seq.insert(i, f);
        }
    }

    /// The small int a constant key stands for.
    fn const_index(&self, key: Slot) -> Option<i64> {
        self.const_value(key)?.as_small_int()
    }

    /// The value of a slot that holds a constant (a `LOAD_CONST`'s, borrowed from the code).
    fn const_value(&self, s: Slot) -> Option<std::mem::ManuallyDrop<Value>> {
        if !matches!(s.k, Kind::Any | Kind::Ptr | Kind::Int) {
            return None;
        }
        let ValueDef::Result(inst, 0) = self.b.func.dfg.value_def(s.v) else {
            return None;
        };
        match self.b.func.dfg.insts[inst] {
            InstructionData::UnaryImm {
                opcode: ClifOp::Iconst,
                imm,
            } => Some(std::mem::ManuallyDrop::new(Value::from_bits(
                imm.bits() as u64
            ))),
            _ => None,
        }
    }

    /// The address of item `key` (a small int, negative from the end) of the sequence `f`
    /// describes; branches to `ex` for any other key. A constant index known to be in
    /// bounds is not checked again.
    fn fact_item(&mut self, f: &mut SeqFact, key: Slot, ex: Block) -> CV {
        if let Some(k) = self.const_index(key).filter(|&k| k >= 0) {
            let k = k as u64;
            if k >= f.proven {
                let inb = self
                    .b
                    .ins()
                    .icmp_imm_u(IntCC::UnsignedGreaterThan, f.len, k as i64);
                let cont = self.b.create_block();
                self.b.ins().brif(inb, cont, &[], ex, &[]);
                self.b.switch_to_block(cont);
                f.proven = k + 1;
            }
            return self.b.ins().iadd_imm_s(f.data, 8 * k as i64);
        }
        if let Some(isint) = self.is_int(key) {
            let cont = self.b.create_block();
            self.b.ins().brif(isint, cont, &[], ex, &[]);
            self.b.switch_to_block(cont);
        }
        let i = self.unbox_int(key.v);
        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
        let wrapped = self.b.ins().iadd(i, f.len);
        let j = self.b.ins().select(neg, wrapped, i);
        let inb = self.b.ins().icmp(IntCC::UnsignedLessThan, j, f.len);
        let at = self.b.create_block();
        self.b.ins().brif(inb, at, &[], ex, &[]);
        self.b.switch_to_block(at);
        let off = self.b.ins().ishl_imm_s(j, 3);
        self.b.ins().iadd(f.data, off)
    }

    /// `BINARY_SUBSCR` of `obj` (borrowed) by `key` at a site that has only indexed lists
    /// and tuples by small ints: anything else, an index out of bounds, or an item not of
    /// the kind `elem` says the site has read, exits (a guard: an instruction that keeps
    /// exiting is compiled again in the general form, [`Lower::subscr`]). What the check
    /// of `obj` proves is kept in [`Lower::facts`].
    fn index_load(&mut self, idx: usize, obj: Slot, key: Slot, elem: Elem) {
        let ex = self.b.create_block();
        self.b.set_cold_block(ex);
        let mut f = self.seq_fact(obj, ex);
        let a = self.fact_item(&mut f, key, ex);
        self.note_seq(obj, f);
        let v = self.b.ins().load(I64, MemFlagsData::trusted(), a, 0);
        let (ok, kind) = match elem {
            Elem::Float => (self.is_float(Slot::new(v, Kind::Any)), Kind::Float),
            Elem::Int => (self.is_int(Slot::new(v, Kind::Any)), Kind::Int),
            Elem::Bool => (Some(self.tag_is(v, TAG_BOOL)), Kind::Bool),
            Elem::Any => (None, Kind::Any),
        };
        if let Some(ok) = ok {
            let cont = self.b.create_block();
            self.b.ins().brif(ok, cont, &[], ex, &[]);
            self.b.switch_to_block(cont);
        }
        let hit = self.b.current_block().expect("in a block");
        self.b.switch_to_block(ex);
        self.guard_exit(idx, &[obj, key]);
        self.b.switch_to_block(hit);
        self.incref(Slot::new(v, kind));
        self.release(obj);
        self.push(v, kind);
    }

    /// `STORE_SUBSCR` of `v` (taken) to `obj` (borrowed) by `key` at a site that has only
    /// indexed lists by small ints, compiled as [`Lower::index_load`].
    fn index_store(&mut self, idx: usize, v: Slot, obj: Slot, key: Slot) {
        let ex = self.b.create_block();
        self.b.set_cold_block(ex);
        let mut f = self.seq_fact(obj, ex);
        if let Some(is_list) = f.is_list.take() {
            let cont = self.b.create_block();
            self.b.ins().brif(is_list, cont, &[], ex, &[]);
            self.b.switch_to_block(cont);
        }
        let a = self.fact_item(&mut f, key, ex);
        self.note_seq(obj, f);
        let hit = self.b.current_block().expect("in a block");
        self.b.switch_to_block(ex);
        self.guard_exit(idx, &[v, obj, key]);
        self.b.switch_to_block(hit);
        let flags = MemFlagsData::trusted();
        let old = self.b.ins().load(I64, flags, a, 0);
        self.b.ins().store(flags, v.v, a, 0);
        self.decref(Slot::new(old, Kind::Any));
        self.release(obj);
    }

    /// Whether the slice `BUILD_SLICE` at `idx` builds is only the key of the
    /// `BINARY_SUBSCR` or `STORE_SUBSCR` right after it (not a jump target), as in
    /// `a[i:j]` and `a[i:j] = v`.
    fn fused_slice(&self, idx: usize) -> bool {
        let next = idx + 1;
        let op = self.code.instrs.get(next).map(|i| i.op);
        matches!(op, Some(Op::BinarySubscr | Op::StoreSubscr))
            && !self.blocks.contains_key(&next)
            && self.plan.steps[next]
                .as_ref()
                .is_some_and(|s| s.how == How::Native)
    }

    /// `obj[parts]` (or, with `v`, `obj[parts] = v`) for a fused slice (see
    /// [`Lower::fused_slice`]): a list or tuple with plain bounds is sliced by a helper
    /// that makes no slice object; anything else builds the slice and subscripts as usual.
    /// The value read (or 0 for a store).
    fn slice_subscr(&mut self, idx: usize, obj: Slot, v: Option<Slot>, parts: Vec<Slot>) -> CV {
        let parts: Vec<Slot> = parts.into_iter().map(|p| self.boxed(p)).collect();
        let none = self.c(Value::NONE.bits());
        let step = parts.get(2).map_or(none, |p| p.v);
        let r = match v {
            Some(v) => self.call(
                helpers::slice_assign as *const (),
                &[obj.v, parts[0].v, parts[1].v, step, v.v],
            ),
            None => self.call(
                helpers::slice_of as *const (),
                &[obj.v, parts[0].v, parts[1].v, step],
            ),
        };
        let [fast, slow, join] = self.new_blocks();
        self.b.append_block_param(join, I64);
        self.b.set_cold_block(slow);
        let handled = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, DEOPT as i64);
        self.b.ins().brif(handled, fast, &[], slow, &[]);
        self.b.switch_to_block(fast);
        for &s in v.iter().chain([&obj]).chain(&parts) {
            self.release(s);
        }
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(slow);
        let addr = self.spill(&parts);
        let n = self.c(parts.len() as u64);
        let key = self.call(helpers::build_slice as *const (), &[addr, n]);
        let obj = self.own(obj);
        let r = match v {
            Some(v) => self.call(
                helpers::store_subscr as *const (),
                &[self.vm, v.v, obj.v, key],
            ),
            None => self.call(helpers::subscr as *const (), &[self.vm, obj.v, key]),
        };
        self.check(r, idx);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(join);
        self.b.block_params(join)[0]
    }

    /// `UNPACK_SEQUENCE n`: a tuple or list of exactly n items is unpacked inline.
    fn unpack(&mut self, idx: usize, seq: Slot, n: usize) {
        let join = self.b.create_block();
        for _ in 0..n {
            self.b.append_block_param(join, I64);
        }
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        if let Some((l, c)) = self.seq_guard(seq, None) {
            let fast = self.b.create_block();
            self.b.ins().brif(c, fast, &[], slow, &[]);
            self.b.switch_to_block(fast);
            let p = self.b.ins().band_imm_s(seq.v, PAYLOAD_MASK as i64);
            // Index -1 reaches the last element only when the length is exactly n.
            let last = self.c(Value::int(-1).bits());
            let _ = self.seq_elem(l, p, last, Access::Read, slow);
            let flags = MemFlagsData::trusted();
            let tag = self.b.ins().uload8(I64, flags, p, 0);
            let is_list = self
                .b
                .ins()
                .icmp_imm_s(IntCC::Equal, tag, l.list_tag as i64);
            let (lp, ll, tp, tl) = (l.list_ptr, l.list_len, l.tuple_ptr, l.tuple_len);
            let list_len = self.b.ins().load(I64, flags, p, ll);
            let tuple_len = self.b.ins().load(I64, flags, p, tl);
            let len = self.b.ins().select(is_list, list_len, tuple_len);
            let exact = self.b.ins().icmp_imm_s(IntCC::Equal, len, n as i64);
            let take = self.b.create_block();
            self.b.ins().brif(exact, take, &[], slow, &[]);
            self.b.switch_to_block(take);
            let list_data = self.b.ins().load(I64, flags, p, lp);
            let tuple_data = self.b.ins().load(I64, flags, p, tp);
            let data = self.b.ins().select(is_list, list_data, tuple_data);
            let mut vals = vec![];
            // Stack order: the last item is pushed first (deepest).
            for k in (0..n).rev() {
                let v = self.b.ins().load(I64, flags, data, (8 * k) as i32);
                self.incref(Slot::new(v, Kind::Any));
                vals.push(BlockArg::Value(v));
            }
            self.decref(Slot::new(seq.v, Kind::Ptr));
            self.b.ins().jump(join, &vals);
        } else {
            self.b.ins().jump(slow, &[]);
        }
        self.b.switch_to_block(slow);
        let nv = self.c(n as u64);
        let out = self.b.ins().stack_addr(I64, self.sbuf, 0);
        let r = self.call(helpers::unpack as *const (), &[self.vm, seq.v, nv, out]);
        self.check(r, idx);
        let vals: Vec<BlockArg> = self
            .reload(n)
            .iter()
            .map(|s| BlockArg::Value(s.v))
            .collect();
        self.b.ins().jump(join, &vals);
        self.b.switch_to_block(join);
        let params = self.b.block_params(join).to_vec();
        for v in params {
            self.push(v, Kind::Any);
        }
    }

    /// `LOAD_GLOBAL` through this site's [`GlobalCache`]: a hit is a few loads and compares.
    /// With `borrow`, the value is left borrowed from the dict it was found in.
    fn load_global(&mut self, idx: usize, name: u32, borrow: bool) -> CV {
        let mut cache = Box::new(GlobalCache::empty());
        let cp = self.c(&mut *cache as *mut GlobalCache as usize as u64);
        self.caches.push(cache);
        let flags = MemFlagsData::trusted();
        let load =
            |l: &mut Self, base: CV, off: usize| l.b.ins().load(I64, flags, base, off as i32);
        let genv = load(self, self.env, offset_of!(NativeEnv, globals));
        let gbits = load(self, genv, 0);
        let cg = load(self, cp, offset_of!(GlobalCache, globals));
        let mut ok = self.b.ins().icmp(IntCC::Equal, gbits, cg);
        for (p, v) in [
            (
                offset_of!(GlobalCache, gver_ptr),
                offset_of!(GlobalCache, gver),
            ),
            (
                offset_of!(GlobalCache, bver_ptr),
                offset_of!(GlobalCache, bver),
            ),
        ] {
            let vp = load(self, cp, p);
            let now = load(self, vp, 0);
            let then = load(self, cp, v);
            let same = self.b.ins().icmp(IntCC::Equal, now, then);
            ok = self.b.ins().band(ok, same);
        }
        let join = self.b.create_block();
        self.b.append_block_param(join, I64);
        let hit = self.b.create_block();
        let miss = self.b.create_block();
        self.b.ins().brif(ok, hit, &[], miss, &[]);
        self.b.switch_to_block(hit);
        let v = load(self, cp, offset_of!(GlobalCache, value));
        if !borrow {
            self.incref(Slot::new(v, Kind::Any));
        }
        self.b.ins().jump(join, &[BlockArg::Value(v)]);
        self.b.set_cold_block(miss);
        self.b.switch_to_block(miss);
        let n = self.c(name as u64);
        let r = self.call(
            helpers::load_global_fill as *const (),
            &[self.vm, self.env, n, cp],
        );
        self.check(r, idx);
        if borrow {
            // The helper found it in a dict, which keeps it: nothing ran since.
            self.decref(Slot::new(r, Kind::Any));
        }
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(join);
        self.b.block_params(join)[0]
    }

    /// Whether the value the instruction at `idx` leaves at stack position `at` (from a
    /// dict or a cell, which keep it while no Python code runs) may stay borrowed: the same
    /// block gets to the instruction that takes it through nothing that runs Python code
    /// (loads and guarded operators, whose exits own it), and `takes` accepts that one
    /// (given its index and stack depth).
    fn kept_until(&self, idx: usize, at: usize, takes: impl Fn(usize, usize) -> bool) -> bool {
        let code = self.code;
        let after = |i: usize| i + 1 + code.instrs[i].op.cache_entries() as usize;
        let mut i = after(idx);
        for _ in 0..32 {
            if i >= code.instrs.len() || self.plan.blocks.contains(&i) {
                return false;
            }
            let ins = code.instrs[i];
            let Some(step) = self.plan.steps[i].as_ref() else {
                return false;
            };
            let depth = step.depth as usize;
            let pops = match ins.op {
                Op::LoadFast | Op::LoadConst | Op::LoadDeref | Op::Precall | Op::Nop => 0,
                Op::ExtendedArg => 0,
                Op::BinaryOp | Op::CompareOp if step.spec.is_some_and(|s| s.guard) => 2,
                Op::BinarySubscr if step.index.is_some() => 2,
                Op::StoreSubscr if step.index.is_some() => 3,
                Op::Call => ins.arg as usize + 2,
                _ => return false,
            };
            if step.how != How::Native || depth < pops {
                return false;
            }
            if depth - pops <= at {
                return takes(i, depth);
            }
            if ins.op == Op::Call {
                return false;
            }
            i = after(i);
        }
        false
    }

    /// Whether the global the `LOAD_GLOBAL` at `idx` pushes (after a NULL) may stay borrowed
    /// (see [`Lower::kept_until`]) by the plain `CALL` that calls it: that call's
    /// [`CallCache`] holds the function it calls directly (see [`Lower::call_op`]). So a
    /// call of a global function makes no reference to it.
    fn call_borrows_global(&self, idx: usize) -> bool {
        self.plan.steps[idx]
            .as_ref()
            .is_some_and(|s| self.call_keeps(idx, s.depth as usize))
    }

    /// Whether the plain call whose stack starts at `base` (a NULL) keeps the callable the
    /// instruction at `idx` pushes at `base + 1` (see [`Lower::call_borrows_global`]).
    fn call_keeps(&self, idx: usize, base: usize) -> bool {
        self.kept_until(idx, base + 1, |i, depth| {
            self.code.instrs[i].op == Op::Call
                && depth == base + self.code.instrs[i].arg as usize + 2
        })
    }

    /// Whether the value the `LOAD_DEREF` at `idx` pushes may stay borrowed from its cell
    /// (see [`Lower::kept_until`]): a guarded subscript indexes it, or a plain call calls
    /// it (after a NULL).
    fn borrows_cell(&self, idx: usize) -> bool {
        let Some(at) = self.plan.steps[idx].as_ref().map(|s| s.depth as usize) else {
            return false;
        };
        if at > 0 && self.stack.last().is_some_and(|s| s.k == Kind::Null) {
            return self.call_keeps(idx, at - 1);
        }
        // The object of `BINARY_SUBSCR` and of `STORE_SUBSCR` is the second from the top.
        self.kept_until(idx, at, |i, depth| {
            matches!(self.code.instrs[i].op, Op::BinarySubscr | Op::StoreSubscr) && depth == at + 2
        })
    }

    fn assigned(&self, idx: usize, local: usize) -> bool {
        self.plan.steps[idx]
            .as_ref()
            .is_some_and(|s| s.assigned.contains(local))
    }

    /// Conditional branch on `c` (an int 0/1) to `target` or `next` with the current stack.
    fn branch(&mut self, c: CV, jump_if_true: bool, target: usize, next: usize) {
        // Block parameters own their values.
        self.own_stack(0);
        self.check_edge(target, self.stack.len());
        self.check_edge(next, self.stack.len());
        let args = Self::args(&self.stack);
        let (tb, nb) = (self.blocks[&target], self.blocks[&next]);
        if jump_if_true {
            self.b.ins().brif(c, tb, &args, nb, &args);
        } else {
            self.b.ins().brif(c, nb, &args, tb, &args);
        }
        self.done = true;
    }

    /// Truthiness of `s` as an i64 0/1. `consume`: `s` is already off the stack and is
    /// dropped here (on the error path too).
    fn truth(&mut self, idx: usize, s: Slot, consume: bool) -> CV {
        match s.k {
            Kind::Bool => {
                if let Some((_, c)) = self.cond.filter(|&(v, _)| v == s.v) {
                    return c;
                }
                let c = self.b.ins().band_imm_s(s.v, 1);
                return c;
            }
            Kind::Int => {
                let p = self.b.ins().band_imm_s(s.v, PAYLOAD_MASK as i64);
                let c = self.b.ins().icmp_imm_s(IntCC::NotEqual, p, 0);
                return self.b.ins().uextend(I64, c);
            }
            _ => {}
        }
        let join = self.b.create_block();
        self.b.append_block_param(join, I64);
        // bool
        let isb = self.tag_is(s.v, TAG_BOOL);
        let bool_blk = self.b.create_block();
        let not_bool = self.b.create_block();
        self.b.ins().brif(isb, bool_blk, &[], not_bool, &[]);
        self.b.switch_to_block(bool_blk);
        let c = self.b.ins().band_imm_s(s.v, 1);
        self.b.ins().jump(join, &[BlockArg::Value(c)]);
        // int
        self.b.switch_to_block(not_bool);
        let isi = self.tag_is(s.v, TAG_INT);
        let int_blk = self.b.create_block();
        let slow = self.b.create_block();
        self.b.ins().brif(isi, int_blk, &[], slow, &[]);
        self.b.switch_to_block(int_blk);
        let p = self.b.ins().band_imm_s(s.v, PAYLOAD_MASK as i64);
        let c = self.b.ins().icmp_imm_s(IntCC::NotEqual, p, 0);
        let c = self.b.ins().uextend(I64, c);
        self.b.ins().jump(join, &[BlockArg::Value(c)]);
        // anything else
        self.b.switch_to_block(slow);
        let r = self.call(helpers::truthy as *const (), &[self.vm, s.v]);
        if consume {
            self.decref(s);
        }
        let ok = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 2);
        let stack = self.stack.clone();
        self.guard(ok, idx, ExitKind::Raise, &stack);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(join);
        self.b.block_params(join)[0]
    }

    fn binop(&mut self, idx: usize, op: u32, spec: Spec) {
        // Borrowed operands: the fast paths keep nothing, the slow paths own them.
        let b = self.pop_ref();
        let a = self.pop_ref();
        let base = op % 13;
        let int_ok = spec.int
            && matches!(
                base,
                NB_ADD
                    | NB_SUB
                    | NB_MUL
                    | NB_AND
                    | NB_OR
                    | NB_XOR
                    | NB_FLOOR_DIV
                    | NB_REM
                    | NB_RSHIFT
            );
        let float_ok = matches!(base, NB_ADD | NB_SUB | NB_MUL | NB_TRUE_DIV)
            && (spec.float || (spec.int && base == NB_TRUE_DIV));
        let join = self.b.create_block();
        self.b.append_block_param(join, I64);
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        let guarded = spec.guard && (int_ok || float_ok);
        if !guarded {
            // Its helper may run Python code.
            self.own_kept();
        }
        if guarded && int_ok && !float_ok && wide_op(op) && self.on128(idx, spec, a, b) {
            self.binop128(idx, base, a, b);
            return;
        }
        // A guarded int-only operation whose result feeds the next one stays a raw word.
        let wide = guarded
            && int_ok
            && !float_ok
            && base != NB_TRUE_DIV
            && self.wide_capable(idx, op)
            && self.feeds_wide(idx);
        // Likewise a guarded float-only one: no NaN check before the next one.
        let raw_float = guarded && float_ok && !int_ok && self.feeds_float(idx);
        // Operands that may be instances: their class's operator method, called directly,
        // where the number paths miss.
        let methods = !guarded && self.inst.is_some() && matches!(a.k, Kind::Any | Kind::Ptr);
        let miss = if methods { self.b.create_block() } else { slow };
        if int_ok {
            let int_blk = self.b.create_block();
            let after = if float_ok {
                self.b.create_block()
            } else {
                miss
            };
            self.branch_if_ints(a, b, int_blk, after);
            self.b.switch_to_block(int_blk);
            let (r, ok) = self.int_op(base, a, b, wide);
            let boxed = if wide { r } else { self.box_int(r) };
            match ok {
                Some(ok) => {
                    self.b
                        .ins()
                        .brif(ok, join, &[BlockArg::Value(boxed)], miss, &[]);
                }
                None => {
                    self.b.ins().jump(join, &[BlockArg::Value(boxed)]);
                }
            }
            if float_ok {
                self.b.switch_to_block(after);
            }
        }
        if float_ok {
            // Unless true division, at least one operand must be a float.
            let (x, y) = self.branch_if_floats(a, b, !spec.int, base != NB_TRUE_DIV, miss);
            let r = match base {
                NB_ADD => self.b.ins().fadd(x, y),
                NB_SUB => self.b.ins().fsub(x, y),
                NB_MUL => self.b.ins().fmul(x, y),
                _ => self.b.ins().fdiv(x, y),
            };
            let bits = if raw_float {
                self.b.ins().bitcast(I64, MemFlagsData::new(), r)
            } else {
                self.box_float(r)
            };
            if base == NB_TRUE_DIV {
                let zero = self.b.ins().f64const(0.0);
                let nz = self.b.ins().fcmp(FloatCC::NotEqual, y, zero);
                self.b
                    .ins()
                    .brif(nz, join, &[BlockArg::Value(bits)], miss, &[]);
            } else {
                self.b.ins().jump(join, &[BlockArg::Value(bits)]);
            }
        }
        if !int_ok && !float_ok {
            self.b.ins().jump(miss, &[]);
        }
        let cache = methods.then(|| {
            self.b.switch_to_block(miss);
            self.op_method(idx, op, a, b, join, slow)
        });
        self.b.switch_to_block(slow);
        if guarded {
            self.guard_exit(idx, &[a, b]);
        } else {
            // `s += t` then `s = ...`: the helper may grow a string only the local holds
            // (no other stack slot may borrow it: those would see the change).
            let local_add = op == ops::NB_INPLACE_ADD
                && self.stored_next(idx).is_some_and(|i| {
                    a.from == Some(i)
                        && b.from != Some(i)
                        && self.stack.iter().all(|s| s.from != Some(i))
                });
            let a = if local_add { a } else { self.own(a) };
            let b = self.own(b);
            let opv = self.c(op as u64);
            let r = match cache {
                _ if local_add => self.call(
                    helpers::inplace_add_local as *const (),
                    &[self.vm, a.v, b.v],
                ),
                Some(cp) => self.call(
                    helpers::binary_op_fill as *const (),
                    &[self.vm, a.v, b.v, opv, cp],
                ),
                None => self.call(helpers::binary_op as *const (), &[self.vm, a.v, b.v, opv]),
            };
            self.check(r, idx);
            self.b.ins().jump(join, &[BlockArg::Value(r)]);
        }
        self.b.switch_to_block(join);
        let r = self.b.block_params(join)[0];
        let kind = match (guarded, int_ok, float_ok) {
            (true, true, false) if wide => Kind::I64,
            (true, true, false) if base != NB_TRUE_DIV => Kind::Int,
            // Only the float path: it returns a float or exits.
            (true, false, true) if raw_float => Kind::RawF,
            (true, false, true) => Kind::Float,
            (true, true, true) if base == NB_TRUE_DIV => Kind::Float,
            _ => Kind::Any,
        };
        self.push(r, kind);
    }

    /// The operator-method half of `a op b` (borrowed operands), emitted in the current
    /// block (which the int and float fast paths left): when `a` is an instance of the class
    /// in the site's [`OpCache`], in the same type epoch, and `b` is an immediate or an
    /// instance of that class, calls the cached method's native code directly and jumps to
    /// `join` with its result (the rest of the dispatch runs in a helper if it returned
    /// NotImplemented). Anything else branches to `slow`. Gives the cache's address.
    fn op_method(&mut self, idx: usize, op: u32, a: Slot, b: Slot, join: Block, slow: Block) -> CV {
        let l = self.inst.expect("checked by the caller");
        let mut cache = Box::new(helpers::OpCache::empty());
        let cp = self.c(&mut *cache as *mut helpers::OpCache as usize as u64);
        self.op_caches.push(cache);
        let flags = MemFlagsData::trusted();
        let p = self.heap_object(a, l.tag, slow);
        let cls = self.b.ins().load(I64, flags, p, l.class);
        let want = self
            .b
            .ins()
            .load(I64, flags, cp, offset_of!(helpers::OpCache, class) as i32);
        let made = self
            .b
            .ins()
            .load(I64, flags, cp, offset_of!(helpers::OpCache, epoch) as i32);
        let now = self
            .b
            .ins()
            .load(I64, flags, self.vm, offset_of!(Vm, type_epoch) as i32);
        let same_class = self.b.ins().icmp(IntCC::Equal, cls, want);
        let same_epoch = self.b.ins().icmp(IntCC::Equal, made, now);
        let holds = self.b.ins().band(same_class, same_epoch);
        let [b_heap, b_check, go] = self.new_blocks();
        self.b.ins().brif(holds, b_check, &[], slow, &[]);
        // `b`: an immediate, or an instance of the same class.
        self.b.switch_to_block(b_check);
        if b.k == Kind::Ptr || b.k == Kind::Any {
            let is_ptr = self.tag_is(b.v, TAG_PTR);
            self.b.ins().brif(is_ptr, b_heap, &[], go, &[]);
            self.b.switch_to_block(b_heap);
            let q = self.b.ins().band_imm_s(b.v, PAYLOAD_MASK as i64);
            let t = self.b.ins().uload8(I64, flags, q, 0);
            let inst = self.is_eq(t, l.tag as u64);
            let same_blk = self.b.create_block();
            self.b.ins().brif(inst, same_blk, &[], slow, &[]);
            self.b.switch_to_block(same_blk);
            let bcls = self.b.ins().load(I64, flags, q, l.class);
            let same = self.b.ins().icmp(IntCC::Equal, bcls, cls);
            self.b.ins().brif(same, go, &[], slow, &[]);
        } else {
            self.b.ins().jump(go, &[]);
        }
        self.b.switch_to_block(go);
        let call = self
            .b
            .ins()
            .iadd_imm_s(cp, offset_of!(helpers::OpCache, call) as i64);
        let yes = self.b.ins().iconst(I8, 1);
        let native = self.direct_native(call, yes, slow);
        // The method takes references of its own; ours stay for NotImplemented.
        self.incref(a);
        self.incref(b);
        let r = self.call_direct(call, native, &[a.v, b.v]);
        let ni = self.is_eq(r, Value::NOT_IMPLEMENTED.bits());
        let [done, rest] = self.new_blocks();
        self.b.set_cold_block(rest);
        self.b.ins().brif(ni, rest, &[], done, &[]);
        self.b.switch_to_block(done);
        self.release(a);
        self.release(b);
        self.check(r, idx);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(rest);
        let (a, b) = (self.own(a), self.own(b));
        let opv = self.c(op as u64);
        let r = self.call(
            helpers::binary_op_rest as *const (),
            &[self.vm, a.v, b.v, opv, cp],
        );
        self.check(r, idx);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        cp
    }

    /// Branches to `yes` when both operands are small ints (known kinds need no test), else
    /// to `no`.
    fn branch_if_ints(&mut self, a: Slot, b: Slot, yes: Block, no: Block) {
        let ia = self.is_int(a);
        let ib = self.is_int(b);
        let c = self.and(ia, ib);
        self.branch_unless_known(c, yes, no);
    }

    /// Branches to `yes` when `c` holds (None: it is known to), else to `no`.
    fn branch_unless_known(&mut self, c: Option<CV>, yes: Block, no: Block) {
        match c {
            Some(c) => {
                self.b.ins().brif(c, yes, &[], no, &[]);
            }
            None => {
                self.b.ins().jump(yes, &[]);
            }
        }
    }

    /// Continues (in a new block) with both operands as doubles when the float path takes
    /// them, else branches to `no`. The path takes ints and floats, converting ints — or,
    /// when `floats_only` (the feedback saw no ints), floats alone, with no conversion code.
    /// With `need_float`, at least one operand must be a float.
    fn branch_if_floats(
        &mut self,
        a: Slot,
        b: Slot,
        floats_only: bool,
        need_float: bool,
        no: Block,
    ) -> (CV, CV) {
        let floats_only = floats_only && a.k != Kind::Int && b.k != Kind::Int;
        let fa = self.is_float(a);
        let fb = self.is_float(b);
        let cond = if floats_only {
            self.and(fa, fb)
        } else {
            let ia = self.is_int(a);
            let ib = self.is_int(b);
            let num_a = match (fa, ia) {
                (Some(f), Some(i)) => Some(self.or(f, i)),
                _ => None,
            };
            let num_b = match (fb, ib) {
                (Some(f), Some(i)) => Some(self.or(f, i)),
                _ => None,
            };
            let mut cond = self.and(num_a, num_b);
            if need_float {
                let any_float = match (fa, fb) {
                    (Some(x), Some(y)) => Some(self.or(x, y)),
                    _ => None,
                };
                cond = self.and(cond, any_float);
            }
            cond
        };
        let yes = self.b.create_block();
        self.branch_unless_known(cond, yes, no);
        self.b.switch_to_block(yes);
        if floats_only {
            let x = self.b.ins().bitcast(F64, MemFlagsData::new(), a.v);
            let y = self.b.ins().bitcast(F64, MemFlagsData::new(), b.v);
            (x, y)
        } else {
            (self.float_of(a), self.float_of(b))
        }
    }

    /// An int operation on two boxed small ints: (raw result, Some(ok) if it can fail).
    /// `a op b` on ints (small boxed ints or raw [`Kind::I64`] words): the raw result, and
    /// the condition under which it is right. With `wide` the result stays raw, so only
    /// 64-bit overflow fails; otherwise it must also fit a small int, to be boxed.
    fn int_op(&mut self, base: u32, a: Slot, b: Slot, wide: bool) -> (CV, Option<CV>) {
        let x = self.raw_int(a);
        let y = self.raw_int(b);
        // Raw operands may be anywhere in 64 bits, so operations that cannot overflow on
        // small ints can leave the small range, and additions can wrap.
        let any_raw = a.k == Kind::I64 || b.k == Kind::I64;
        let (r, ok) = match base {
            NB_ADD | NB_SUB => {
                let (r, flip) = if base == NB_ADD {
                    let r = self.b.ins().iadd(x, y);
                    let (xr, yr) = (self.b.ins().bxor(x, r), self.b.ins().bxor(y, r));
                    (r, self.b.ins().band(xr, yr))
                } else {
                    let r = self.b.ins().isub(x, y);
                    let (xy, xr) = (self.b.ins().bxor(x, y), self.b.ins().bxor(x, r));
                    (r, self.b.ins().band(xy, xr))
                };
                // Small operands never wrap 64 bits.
                let ok = any_raw.then(|| {
                    self.b
                        .ins()
                        .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, flip, 0)
                });
                (r, ok)
            }
            NB_MUL => {
                let lo = self.b.ins().imul(x, y);
                let hi = self.b.ins().smulhi(x, y);
                let sign = self.b.ins().sshr_imm_s(lo, 63);
                (lo, Some(self.b.ins().icmp(IntCC::Equal, hi, sign)))
            }
            NB_AND => (self.b.ins().band(x, y), None),
            NB_OR => (self.b.ins().bor(x, y), None),
            NB_XOR => (self.b.ins().bxor(x, y), None),
            NB_RSHIFT => {
                let ok = self
                    .b
                    .ins()
                    .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, y, 0);
                let max = self.c(63);
                let sh = self.b.ins().umin(y, max);
                (self.b.ins().sshr(x, sh), Some(ok))
            }
            _ => {
                // Floor division and modulo, rounding toward negative infinity.
                let nz = self.b.ins().icmp_imm_s(IntCC::NotEqual, y, 0);
                let one = self.c(1);
                let d = self.b.ins().select(nz, y, one);
                let q = self.b.ins().sdiv(x, d);
                let m = self.b.ins().srem(x, d);
                let m_nz = self.b.ins().icmp_imm_s(IntCC::NotEqual, m, 0);
                let sx = self.b.ins().bxor(m, d);
                let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, sx, 0);
                let adj = self.b.ins().band(m_nz, neg);
                let adj64 = self.b.ins().uextend(I64, adj);
                let r = if base == NB_FLOOR_DIV {
                    self.b.ins().isub(q, adj64)
                } else {
                    let zero = self.c(0);
                    let add = self.b.ins().select(adj, d, zero);
                    self.b.ins().iadd(m, add)
                };
                (r, Some(nz))
            }
        };
        // Results of small operands that can leave the small range: sums, differences,
        // products and (negated) floor quotients.
        let may_grow = any_raw || matches!(base, NB_ADD | NB_SUB | NB_MUL | NB_FLOOR_DIV);
        let ok = match (ok, !wide && may_grow) {
            (ok, false) => ok,
            (None, true) => Some(self.fits48(r)),
            (Some(ok), true) => {
                let fits = self.fits48(r);
                Some(self.b.ins().band(ok, fits))
            }
        };
        (r, ok)
    }

    /// A guarded int operation of a site that has seen ints past the immediate range (or
    /// that takes a [`Kind::I128`]), on 128-bit words: small ints and big ints within 128
    /// bits (read by a helper) are taken; the result stays a raw [`Kind::I128`] when it
    /// feeds the next such operation, else is boxed (a big int allocated if it must be).
    /// Anything else, and a result past 128 bits, exits.
    fn binop128(&mut self, idx: usize, base: u32, a: Slot, b: Slot) {
        let raw = self.feeds_wide(idx);
        let join = self.b.create_block();
        self.b
            .append_block_param(join, if raw { I128 } else { I64 });
        let miss = self.b.create_block();
        self.b.set_cold_block(miss);
        let x = self.int128_of(a, miss);
        let y = self.int128_of(b, miss);
        let (r, ok) = self.int_op128(base, x, y);
        let cont = self.b.create_block();
        self.branch_unless_known(ok, cont, miss);
        self.b.switch_to_block(cont);
        // Big-int operands may be objects of their own.
        self.release(a);
        self.release(b);
        let v = if raw { r } else { self.box_i128(r) };
        self.b.ins().jump(join, &[BlockArg::Value(v)]);
        self.b.switch_to_block(miss);
        self.guard_exit(idx, &[a, b]);
        self.b.switch_to_block(join);
        let r = self.b.block_params(join)[0];
        self.push(r, if raw { Kind::I128 } else { Kind::Any });
    }

    /// Whether the guarded int operation at `idx` works on 128-bit words: it takes one, it
    /// or the operation its result feeds has seen ints past 64 bits, or it may meet a big
    /// int as an operand (else raw operands stay 64-bit [`Kind::I64`] words).
    fn on128(&self, idx: usize, spec: Spec, a: Slot, b: Slot) -> bool {
        let boxed = |s: Slot| matches!(s.k, Kind::Any | Kind::Ptr);
        let feeds_huge = || {
            self.feeds_wide(idx)
                && self
                    .consumer(idx)
                    .and_then(|i| self.plan.steps[i].as_ref()?.spec)
                    .is_some_and(|s| s.huge)
        };
        a.k == Kind::I128
            || b.k == Kind::I128
            || spec.huge
            || (spec.wide && (boxed(a) || boxed(b)))
            || feeds_huge()
    }

    /// The int `s` as a 128-bit word; anything else (or an int past 128 bits) branches to
    /// `miss`.
    fn int128_of(&mut self, s: Slot, miss: Block) -> CV {
        match s.k {
            Kind::I128 => return s.v,
            Kind::I64 => return self.b.ins().sextend(I128, s.v),
            Kind::Int => {
                let x = self.unbox_int(s.v);
                return self.b.ins().sextend(I128, x);
            }
            _ => {}
        }
        if let Some(i) = self.const_value(s).and_then(|v| v.as_int128()) {
            let lo = self.c(i as u64);
            let hi = self.c((i >> 64) as u64);
            return self.b.ins().iconcat(lo, hi);
        }
        let [small, big, read, done] = self.new_blocks();
        self.b.append_block_param(done, I128);
        self.b.set_cold_block(big);
        self.b.set_cold_block(read);
        let is_int = self.tag_is(s.v, TAG_INT);
        self.b.ins().brif(is_int, small, &[], big, &[]);
        self.b.switch_to_block(small);
        let x = self.unbox_int(s.v);
        let x = self.b.ins().sextend(I128, x);
        self.b.ins().jump(done, &[BlockArg::Value(x)]);
        self.b.switch_to_block(big);
        let addr = self.b.ins().stack_addr(I64, self.sbuf, 0);
        let ok = self.call_pure(helpers::int_to_i128 as *const (), &[s.v, addr]);
        self.b.ins().brif(ok, read, &[], miss, &[]);
        self.b.switch_to_block(read);
        let lo = self.b.ins().stack_load(I64, I64, self.sbuf, 0);
        let hi = self.b.ins().stack_load(I64, I64, self.sbuf, 8);
        let x = self.b.ins().iconcat(lo, hi);
        self.b.ins().jump(done, &[BlockArg::Value(x)]);
        self.b.switch_to_block(done);
        self.b.block_params(done)[0]
    }

    /// `x op y` on 128-bit words: the result, and the condition under which it is right
    /// (a product needs both operands within 64 bits, so that it is exact).
    fn int_op128(&mut self, base: u32, x: CV, y: CV) -> (CV, Option<CV>) {
        let sign_clear = |l: &mut Self, v: CV| {
            let (_, hi) = l.b.ins().isplit(v);
            l.b.ins().icmp_imm_s(IntCC::SignedGreaterThanOrEqual, hi, 0)
        };
        let within64 = |l: &mut Self, v: CV| {
            let (lo, hi) = l.b.ins().isplit(v);
            let sign = l.b.ins().sshr_imm_s(lo, 63);
            (lo, l.b.ins().icmp(IntCC::Equal, hi, sign))
        };
        match base {
            NB_ADD => {
                let r = self.b.ins().iadd(x, y);
                let (xr, yr) = (self.b.ins().bxor(x, r), self.b.ins().bxor(y, r));
                let flip = self.b.ins().band(xr, yr);
                (r, Some(sign_clear(self, flip)))
            }
            NB_SUB => {
                let r = self.b.ins().isub(x, y);
                let (xy, xr) = (self.b.ins().bxor(x, y), self.b.ins().bxor(x, r));
                let flip = self.b.ins().band(xy, xr);
                (r, Some(sign_clear(self, flip)))
            }
            NB_MUL => {
                let (xl, xok) = within64(self, x);
                let (yl, yok) = within64(self, y);
                let lo = self.b.ins().imul(xl, yl);
                let hi = self.b.ins().smulhi(xl, yl);
                let r = self.b.ins().iconcat(lo, hi);
                (r, Some(self.b.ins().band(xok, yok)))
            }
            NB_AND => (self.b.ins().band(x, y), None),
            NB_OR => (self.b.ins().bor(x, y), None),
            NB_XOR => (self.b.ins().bxor(x, y), None),
            _ => {
                // `>>` by a non-negative count; past 127 only the sign is left.
                let ok = sign_clear(self, y);
                let (lo, hi) = self.b.ins().isplit(y);
                let max = self.c(127);
                let small = self.b.ins().umin(lo, max);
                let far = self.b.ins().icmp_imm_s(IntCC::NotEqual, hi, 0);
                let sh = self.b.ins().select(far, max, small);
                (self.b.ins().sshr(x, sh), Some(ok))
            }
        }
    }

    /// A 128-bit int word boxed: a small int, or a big int allocated on a cold path.
    fn box_i128(&mut self, r: CV) -> CV {
        let (lo, hi) = self.b.ins().isplit(r);
        let sign = self.b.ins().sshr_imm_s(lo, 63);
        let within64 = self.b.ins().icmp(IntCC::Equal, hi, sign);
        let fits = self.fits48(lo);
        let small = self.b.ins().band(within64, fits);
        let f = helpers::int_from_i128 as *const ();
        self.box_raw_int(small, lo, f, &[lo, hi])
    }

    /// The local a `STORE_FAST` right after instruction `idx` (in the same block) stores to.
    fn stored_next(&self, idx: usize) -> Option<usize> {
        let next = idx + 1 + self.code.instrs[idx].op.cache_entries() as usize;
        let ins = self.code.instrs.get(next)?;
        (ins.op == Op::StoreFast && !self.plan.blocks.contains(&next)).then_some(ins.arg as usize)
    }

    /// The machine word of an int slot (a small int, or a raw [`Kind::I64`]).
    fn raw_int(&mut self, s: Slot) -> CV {
        match s.k {
            Kind::I64 => s.v,
            _ => self.unbox_int(s.v),
        }
    }

    /// `s` as a value: a raw [`Kind::I64`] word boxed (a small int, or a big int allocated
    /// on a cold path); any other slot as it is.
    fn boxed(&mut self, s: Slot) -> Slot {
        if s.k == Kind::RawF {
            let f = self.b.ins().bitcast(F64, MemFlagsData::new(), s.v);
            return Slot::new(self.box_float(f), Kind::Float);
        }
        if s.k == Kind::I128 {
            return Slot::new(self.box_i128(s.v), Kind::Any);
        }
        if s.k != Kind::I64 {
            return s;
        }
        let small = self.fits48(s.v);
        let f = helpers::int_from_i64 as *const ();
        Slot::new(self.box_raw_int(small, s.v, f, &[s.v]), Kind::Any)
    }

    /// A raw int boxed: a small int from the word `lo` when `small` holds, else a big int
    /// the helper `make` makes from `args` (on a cold path).
    fn box_raw_int(&mut self, small: CV, lo: CV, make: *const (), args: &[CV]) -> CV {
        let [yes, no, join] = self.new_blocks();
        self.b.append_block_param(join, I64);
        self.b.set_cold_block(no);
        self.b.ins().brif(small, yes, &[], no, &[]);
        self.b.switch_to_block(yes);
        let v = self.box_int(lo);
        self.b.ins().jump(join, &[BlockArg::Value(v)]);
        self.b.switch_to_block(no);
        let v = self.call_pure(make, args);
        self.b.ins().jump(join, &[BlockArg::Value(v)]);
        self.b.switch_to_block(join);
        self.b.block_params(join)[0]
    }

    /// The `BINARY_OP` or `COMPARE_OP` that takes the value the instruction at `idx` pushes
    /// as an operand, when the same basic block gets there through nothing but
    /// `LOAD_CONST`s, `LOAD_FAST`s of bound locals, `LOAD_ATTR`s of what those loaded and
    /// other such operations (which cannot leave the value anywhere else; their exits box
    /// it, see [`Lower::spill`]).
    fn consumer(&self, idx: usize) -> Option<usize> {
        let code = self.code;
        let after = |i: usize| i + 1 + code.instrs[i].op.cache_entries() as usize;
        let ins = code.instrs[idx];
        let depth = self.plan.steps[idx].as_ref()?.depth as i32;
        let at = depth + stack_effect(ins.op, ins.arg, false) - 1;
        let mut i = after(idx);
        for _ in 0..32 {
            if i >= code.instrs.len() || self.plan.blocks.contains(&i) {
                return None;
            }
            let ins = code.instrs[i];
            let depth = self.plan.steps[i].as_ref()?.depth as i32;
            match ins.op {
                Op::BinaryOp | Op::CompareOp if depth - 2 <= at => return Some(i),
                Op::BinaryOp | Op::CompareOp | Op::LoadConst => {}
                // An attribute of an object loaded above the value.
                Op::LoadAttr if depth - 1 > at => {}
                Op::LoadFast if self.assigned(i, ins.arg as usize) => {}
                _ => return None,
            }
            i = after(i);
        }
        None
    }

    /// Whether the result of the int `BINARY_OP` at `idx` may stay a raw word: its
    /// [`Lower::consumer`] is an int-only guarded operation able to take raw operands.
    fn feeds_wide(&self, idx: usize) -> bool {
        self.consumer(idx).is_some_and(|i| {
            let ins = self.code.instrs[i];
            ins.op == Op::BinaryOp && self.wide_capable(i, ins.arg)
        })
    }

    /// Whether the result of the float `BINARY_OP` at `idx` may stay a raw double's bits
    /// ([`Kind::RawF`]): its [`Lower::consumer`] runs only the guarded float path.
    fn feeds_float(&self, idx: usize) -> bool {
        self.consumer(idx).is_some_and(|i| {
            let ins = self.code.instrs[i];
            let Some(step) = self.plan.steps[i].as_ref() else {
                return false;
            };
            let spec = step.spec.expect("plan gives a spec");
            let float_op = ins.op == Op::CompareOp
                || matches!(ins.arg % 13, NB_ADD | NB_SUB | NB_MUL | NB_TRUE_DIV);
            step.how == How::Native && spec.float && !spec.int && spec.guard && float_op
        })
    }

    /// Whether the `BINARY_OP` at `idx` with oparg `op` runs only the guarded int path on an
    /// operation that takes raw words.
    fn wide_capable(&self, idx: usize, op: u32) -> bool {
        let Some(step) = self.plan.steps[idx].as_ref() else {
            return false;
        };
        let spec = step.spec.expect("plan gives a spec");
        step.how == How::Native
            && spec.int
            && !spec.float
            && spec.guard
            && matches!(
                op % 13,
                NB_ADD | NB_SUB | NB_MUL | NB_AND | NB_OR | NB_XOR | NB_RSHIFT
            )
    }

    /// `COMPARE_OP`: with `fused`, an i8 truth for the jump that follows; otherwise the
    /// result value's bits.
    fn compare(&mut self, idx: usize, op: u32, spec: Spec, fused: bool) -> CV {
        const ICC: [IntCC; 6] = [
            IntCC::SignedLessThan,
            IntCC::SignedLessThanOrEqual,
            IntCC::Equal,
            IntCC::NotEqual,
            IntCC::SignedGreaterThan,
            IntCC::SignedGreaterThanOrEqual,
        ];
        const FCC: [FloatCC; 6] = [
            FloatCC::LessThan,
            FloatCC::LessThanOrEqual,
            FloatCC::Equal,
            FloatCC::NotEqual,
            FloatCC::GreaterThan,
            FloatCC::GreaterThanOrEqual,
        ];
        // Borrowed operands: the fast paths keep nothing, the slow paths own them.
        let b = self.pop_ref();
        let a = self.pop_ref();
        let opi = (op as usize).min(5);
        if !(spec.guard && (spec.int || spec.float)) {
            // Its helper may run Python code.
            self.own_kept();
        }
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        if fused && spec.guard && spec.int != spec.float {
            // One fast path, and a miss exits: the exit is emitted first, so the condition
            // is made in the block of the jump that follows (which branches on it).
            let start = self.b.create_block();
            self.b.ins().jump(start, &[]);
            self.b.switch_to_block(slow);
            self.guard_exit(idx, &[a, b]);
            self.b.switch_to_block(start);
            if spec.int {
                let int_blk = self.b.create_block();
                self.branch_if_ints(a, b, int_blk, slow);
                self.b.switch_to_block(int_blk);
                let x = self.unbox_int(a.v);
                let y = self.unbox_int(b.v);
                return self.b.ins().icmp(ICC[opi], x, y);
            }
            let (x, y) = self.branch_if_floats(a, b, true, false, slow);
            return self.b.ins().fcmp(FCC[opi], x, y);
        }
        let join = self.b.create_block();
        self.b.append_block_param(join, I64);
        let finish = |l: &mut Self, c: CV| -> CV {
            let c = l.b.ins().uextend(I64, c);
            if fused {
                c
            } else {
                l.b.ins().bor_imm_s(c, TAG_BOOL as i64)
            }
        };
        let mut after_int = None;
        if spec.int {
            let int_blk = self.b.create_block();
            let after = if spec.float {
                self.b.create_block()
            } else {
                slow
            };
            self.branch_if_ints(a, b, int_blk, after);
            self.b.switch_to_block(int_blk);
            let x = self.unbox_int(a.v);
            let y = self.unbox_int(b.v);
            let c = self.b.ins().icmp(ICC[opi], x, y);
            let r = finish(self, c);
            self.b.ins().jump(join, &[BlockArg::Value(r)]);
            after_int = Some(after);
        }
        if spec.float {
            if let Some(after) = after_int {
                self.b.switch_to_block(after);
            }
            let (x, y) = self.branch_if_floats(a, b, !spec.int, false, slow);
            let c = self.b.ins().fcmp(FCC[opi], x, y);
            let r = finish(self, c);
            self.b.ins().jump(join, &[BlockArg::Value(r)]);
        }
        if !spec.int && !spec.float {
            self.b.ins().jump(slow, &[]);
        }
        self.b.switch_to_block(slow);
        if spec.guard && (spec.int || spec.float) {
            self.guard_exit(idx, &[a, b]);
        } else {
            let (a, b) = (self.own(a), self.own(b));
            let opv = self.c(op as u64);
            let r = self.call(helpers::compare as *const (), &[self.vm, a.v, b.v, opv]);
            self.check(r, idx);
            let out = if fused {
                self.truth(idx, Slot::new(r, Kind::Any), true)
            } else {
                r
            };
            self.b.ins().jump(join, &[BlockArg::Value(out)]);
        }
        self.b.switch_to_block(join);
        let r = self.b.block_params(join)[0];
        if fused {
            // Hand the truth to the POP_JUMP as an already-tested bool.
            self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0)
        } else {
            r
        }
    }

    /// `CALL n`. A plain call (`NULL, callable, args`) goes through a call-site
    /// [`CallCache`]: when the callable is the cached function and it has native code, its
    /// arguments are stored into a locals array in this frame and its native code is called
    /// directly, with no interpreter frame and no helper. Everything else calls
    /// `helpers::call`.
    fn call_op(&mut self, idx: usize, n: usize) {
        let (kw_idx, kw) = self.kw.take().unwrap_or((idx, Value::NULL.bits()));
        let base = self.stack.len() - n - 2;
        // Built-ins compiled inline are looked for only under their own names.
        let name = self.callee_name(base).unwrap_or("").to_owned();
        let plain_args = kw == Value::NULL.bits();
        let intrinsic = matches!(
            name.as_str(),
            "sqrt" | "len" | "append" | "add" | "pop" | "get"
        );
        // A plain call `[NULL, f, args...]`, or (unless NULL is known to be there) a method
        // call `[f, self, args...]` whose `self` is the first argument.
        let plain = self.stack[base].k == Kind::Null;
        let (at, nargs) = if plain { (base + 1, n) } else { (base, n + 1) };
        let direct = plain_args && nargs <= DIRECT_LOCALS;
        // Every path passes the callable and arguments on (or, inline, drops them), except
        // that a direct call of a kept callable leaves it borrowed: its cache holds it.
        let keep = self.stack[at].kept && direct && !intrinsic;
        for k in base..self.stack.len() {
            if !(keep && k == at) {
                self.stack[k] = self.own(self.stack[k]);
            }
        }
        let join = self.b.create_block();
        self.b.append_block_param(join, I64);
        let slow = self.b.create_block();
        match name.as_str() {
            "sqrt" if n == 1 && plain_args => self.sqrt_intrinsic(base, join),
            "len" if n == 1 && plain_args => self.len_intrinsic(base, join),
            "append" if n == 1 && plain_args => self.append_intrinsic(base, join),
            "add" if n == 1 && plain_args => self.set_add_intrinsic(base, join),
            "pop" if n <= 1 && plain_args => self.pop_intrinsic(base, n, join),
            "get" if (1..=2).contains(&n) && plain_args => self.dict_get_intrinsic(base, n, join),
            _ => {}
        }
        let mut cache_ptr = None;
        if direct {
            let mut cache = Box::new(CallCache::empty());
            let cp = self.c(&mut *cache as *mut CallCache as usize as u64);
            self.call_caches.push(cache);
            cache_ptr = Some(cp);
            let callable = self.stack[at];
            let flags = MemFlagsData::trusted();
            let cached = self
                .b
                .ins()
                .load(I64, flags, cp, offset_of!(CallCache, func) as i32);
            let same = self.b.ins().icmp(IntCC::Equal, cached, callable.v);
            let check = self.b.create_block();
            self.b.ins().brif(same, check, &[], slow, &[]);
            self.b.switch_to_block(check);
            let args: Vec<CV> = (0..nargs).map(|k| self.stack[at + 1 + k].v).collect();
            if plain {
                // The cache may hold a class whose instances are made plainly: a new
                // instance, then its `__init__`'s native code called directly.
                let epoch =
                    self.b
                        .ins()
                        .load(I64, flags, cp, offset_of!(CallCache, ctor_epoch) as i32);
                let is_ctor = self.b.ins().icmp_imm_s(IntCC::NotEqual, epoch, -1);
                let [ctor, func] = self.new_blocks();
                self.b.ins().brif(is_ctor, ctor, &[], func, &[]);
                self.b.switch_to_block(ctor);
                let now = self
                    .b
                    .ins()
                    .load(I64, flags, self.vm, offset_of!(Vm, type_epoch) as i32);
                let same_epoch = self.b.ins().icmp(IntCC::Equal, epoch, now);
                let native = self.direct_native(cp, same_epoch, slow);
                let obj = self.call(helpers::new_instance as *const (), &[callable.v]);
                // The callee takes one reference as `self`; the other is the result.
                self.incref(Slot::new(obj, Kind::Ptr));
                let mut full = vec![obj];
                full.extend(&args);
                let r = self.call_direct(cp, native, &full);
                self.release(callable);
                let fine = self.is_eq(r, Value::NONE.bits());
                let failed = self.b.create_block();
                self.b.set_cold_block(failed);
                self.b
                    .ins()
                    .brif(fine, join, &[BlockArg::Value(obj)], failed, &[]);
                self.b.switch_to_block(failed);
                let e = self.call(helpers::init_failed as *const (), &[self.vm, r, obj]);
                self.b.ins().jump(join, &[BlockArg::Value(e)]);
                self.b.switch_to_block(func);
            }
            let yes = self.b.ins().iconst(I8, 1);
            let native = self.direct_native(cp, yes, slow);
            let r = self.call_direct(cp, native, &args);
            self.release(callable);
            self.b.ins().jump(join, &[BlockArg::Value(r)]);
        } else {
            self.b.ins().jump(slow, &[]);
        }
        self.b.switch_to_block(slow);
        let vals: Vec<Slot> = self.stack[base..].to_vec();
        let addr = self.spill(&vals);
        // The spill took a reference to a kept callable for the helper (which gives it
        // back on DEOPT, for the exit).
        self.stack[at].kept = false;
        let nv = self.c(n as u64);
        let kwv = self.c(kw);
        let r = match cache_ptr {
            Some(cp) => self.call(
                helpers::call_fill as *const (),
                &[self.vm, addr, nv, kwv, cp],
            ),
            None => self.call(helpers::call as *const (), &[self.vm, addr, nv, kwv]),
        };
        let ok = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, DEOPT as i64);
        let stack = self.stack.clone();
        self.guard(ok, kw_idx, ExitKind::Deopt, &stack);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(join);
        let r = self.b.block_params(join)[0];
        self.stack.truncate(base);
        self.check(r, idx);
        self.push(r, Kind::Any);
    }

    /// The native code of the function in call cache `cp`, in a block reached when `ok`
    /// holds, the function is compiled and a recursion level is left; else branches to
    /// `slow`.
    fn direct_native(&mut self, cp: CV, ok: CV, slow: Block) -> CV {
        let flags = MemFlagsData::trusted();
        let slotp = self
            .b
            .ins()
            .load(I64, flags, cp, offset_of!(CallCache, native) as i32);
        let native = self.b.ins().load(I64, flags, slotp, 0);
        let has = self.b.ins().icmp_imm_s(IntCC::NotEqual, native, 0);
        let depth = self
            .b
            .ins()
            .load(I64, flags, self.vm, offset_of!(Vm, depth) as i32);
        let limit = self
            .b
            .ins()
            .load(I64, flags, self.vm, offset_of!(Vm, recursion_limit) as i32);
        let room = self.b.ins().icmp(IntCC::UnsignedLessThan, depth, limit);
        let ok = self.b.ins().band(ok, has);
        let ok = self.b.ins().band(ok, room);
        let fast = self.b.create_block();
        self.b.ins().brif(ok, fast, &[], slow, &[]);
        self.b.switch_to_block(fast);
        native
    }

    /// Calls `native` (see [`Lower::direct_native`]) with `args` (given up) as its first
    /// locals, one recursion level deeper: its result.
    fn call_direct(&mut self, cp: CV, native: CV, args: &[CV]) -> CV {
        let flags = MemFlagsData::trusted();
        let depth_at = offset_of!(Vm, depth) as i32;
        let depth = self.b.ins().load(I64, flags, self.vm, depth_at);
        let d1 = self.b.ins().iadd_imm_s(depth, 1);
        self.b.ins().store(flags, d1, self.vm, depth_at);
        let lslot = self.callee_locals();
        for (k, &v) in args.iter().enumerate() {
            self.b.ins().stack_store(I64, v, lslot, (8 * k) as i32);
        }
        let la = self.b.ins().stack_addr(I64, lslot, 0);
        let envp = self
            .b
            .ins()
            .iadd_imm_s(cp, offset_of!(CallCache, env) as i64);
        let zero = self.c(0);
        let sig = self.native_sig();
        let inst = self
            .b
            .ins()
            .call_indirect(sig, native, &[self.vm, envp, la, zero, zero]);
        let r = self.b.inst_results(inst)[0];
        let d = self.b.ins().load(I64, flags, self.vm, depth_at);
        let d0 = self.b.ins().iadd_imm_s(d, -1);
        self.b.ins().store(flags, d0, self.vm, depth_at);
        r
    }

    /// The virtual loop whose `FOR_ITER` is at `header`, if any.
    fn vloop_at(&self, header: usize) -> Option<u16> {
        let id = self.vloops.iter().position(|l| l.header == header)?;
        Some(id as u16)
    }

    /// `range(...)` for virtual loop `id` (the stack ends `[NULL, range, args...]`, `cond`
    /// holds when the call is of the built-in with small-int arguments): the loop's
    /// variables get the iterator's state and a [`Kind::Virt`] slot stands for it. Any other
    /// call is made as usual and the loop left to the interpreter (an exit at its
    /// `FOR_ITER` with the iterator made).
    fn virtual_range(&mut self, idx: usize, n: usize, base: usize, cond: CV, id: u16) {
        let [fast, general] = self.new_blocks();
        self.b.set_cold_block(general);
        let (start, stop, step) = {
            let a: Vec<CV> = (0..n).map(|k| self.stack[base + 2 + k].v).collect();
            let one = self.c(1);
            let zero = self.c(0);
            match n {
                1 => (zero, a[0], one),
                2 => (a[0], a[1], one),
                _ => (a[0], a[1], a[2]),
            }
        };
        let cond = if n == 3 {
            let nonzero = self
                .b
                .ins()
                .icmp_imm_s(IntCC::NotEqual, step, TAG_INT as i64);
            self.b.ins().band(cond, nonzero)
        } else {
            cond
        };
        self.b.ins().brif(cond, fast, &[], general, &[]);
        self.b.switch_to_block(fast);
        let start = if n == 1 { start } else { self.unbox_int(start) };
        let stop = self.unbox_int(stop);
        let (left, step) = if n == 3 {
            // The count of values from `start` towards `stop` by `step` (not 0).
            let step = self.unbox_int(step);
            let up = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, step, 0);
            let fwd = self.b.ins().isub(stop, start);
            let back = self.b.ins().isub(start, stop);
            let dist = self.b.ins().select(up, fwd, back);
            let neg = self.b.ins().ineg(step);
            let by = self.b.ins().select(up, step, neg);
            let d1 = self.b.ins().iadd_imm_s(dist, -1);
            let q = self.b.ins().udiv(d1, by);
            let q = self.b.ins().iadd_imm_s(q, 1);
            let any = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, dist, 0);
            let zero = self.c(0);
            (self.b.ins().select(any, q, zero), step)
        } else {
            let fwd = self.b.ins().isub(stop, start);
            let any = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, fwd, 0);
            let zero = self.c(0);
            (self.b.ins().select(any, fwd, zero), step)
        };
        let [vn, vl, vs] = self.viters[id as usize];
        self.b.def_var(vn, start);
        self.b.def_var(vl, left);
        if self.vloops[id as usize].kind != (VKind::Range { unit_step: true }) {
            self.b.def_var(vs, step);
        }
        let saved = self.stack.clone();
        for s in self.stack.split_off(base) {
            self.release(s);
        }
        let dummy = self.c(0);
        self.push(dummy, Kind::Virt(id));
        let cont = self.b.create_block();
        self.b.ins().jump(cont, &[]);
        // Anything else: the call as usual, then the interpreter runs the loop.
        self.b.switch_to_block(general);
        let rest = std::mem::replace(&mut self.stack, saved);
        self.call_op(idx, n);
        let v = self.pop();
        let it = self.call(helpers::get_iter as *const (), &[self.vm, v.v]);
        let header = self.vloops[id as usize].header;
        self.check(it, header - 1);
        let mut stack = self.stack.clone();
        stack.push(Slot::new(it, Kind::Ptr));
        self.emit_exit(header, ExitKind::Deopt, Some(&stack), None);
        self.stack = rest;
        self.b.switch_to_block(cont);
        self.iter_made = true;
    }

    /// The slot `s`, made an object if it is a virtual iterator (something other than its
    /// loop's `FOR_ITER` takes it).
    fn materialized(&mut self, s: Slot) -> Slot {
        let Kind::Virt(id) = s.k else {
            return s;
        };
        if self.vloops[id as usize].kind == VKind::Seq {
            let vals = self.viters[id as usize].map(|v| self.b.use_var(v));
            let it = self.call(helpers::virt_seq as *const (), &vals);
            return Slot::new(it, Kind::Ptr);
        }
        let [vn, vl, _] = self.viters[id as usize];
        let (n, l) = (self.b.use_var(vn), self.b.use_var(vl));
        let st = self.vstep(id);
        let it = self.call(helpers::virt_range as *const (), &[n, l, st]);
        Slot::new(it, Kind::Ptr)
    }

    /// Virtual loop `id` takes over iterator `it` (owned; see [`helpers::devirt_seq`]).
    fn take_seq_iter(&mut self, id: u16, it: CV) {
        let out =
            self.b
                .create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, 24, 3));
        let addr = self.b.ins().stack_addr(I64, out, 0);
        self.call0(helpers::devirt_seq as *const (), &[it, addr]);
        self.load_viter(id, out);
    }

    /// `GET_ITER` at `idx` for virtual loop `id` (over anything but a `range` call): a list
    /// or tuple is kept with a position (no iterator made), anything else as `iter()` of it.
    fn virtual_seq(&mut self, idx: usize, id: u16) {
        let v = self.pop();
        let l = self.seq.expect("sequence loops need the layout");
        let [vars_o, vars_i, vars_m] = self.viters[id as usize];
        let [heap, seq, other, join] = self.new_blocks();
        let isptr = self.tag_is(v.v, TAG_PTR);
        self.b.ins().brif(isptr, heap, &[], other, &[]);
        self.b.switch_to_block(heap);
        let p = self.b.ins().band_imm_s(v.v, PAYLOAD_MASK as i64);
        let tag = self.b.ins().uload8(I64, MemFlagsData::trusted(), p, 0);
        let is_list = self.is_eq(tag, l.list_tag as u64);
        let is_tuple = self.is_eq(tag, l.tuple_tag as u64);
        let either = self.b.ins().bor(is_list, is_tuple);
        self.b.ins().brif(either, seq, &[], other, &[]);
        self.b.switch_to_block(seq);
        let mode = self.b.ins().uextend(I64, is_tuple);
        let zero = self.c(0);
        self.b.def_var(vars_o, v.v);
        self.b.def_var(vars_i, zero);
        self.b.def_var(vars_m, mode);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(other);
        let it = self.call(helpers::get_iter as *const (), &[self.vm, v.v]);
        self.check(it, idx);
        let (zero, two) = (self.c(0), self.c(2));
        self.b.def_var(vars_o, it);
        self.b.def_var(vars_i, zero);
        self.b.def_var(vars_m, two);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
        let none = self.c(0);
        self.push(none, Kind::Virt(id));
    }

    /// `FOR_ITER` at `idx` of sequence loop `id`: the item at the position of a list or
    /// tuple while in bounds (a new reference), else the iterator's next value; when none is
    /// left the sequence or iterator is dropped and control goes to `target`.
    fn virtual_seq_step(&mut self, idx: usize, id: u16, target: usize) {
        let l = self.seq.expect("sequence loops need the layout");
        let [vo, vi, vm] = self.viters[id as usize];
        let (obj, pos, mode) = (self.b.use_var(vo), self.b.use_var(vi), self.b.use_var(vm));
        let [seq, iter, item_blk, got, done, borrowed] = self.new_blocks();
        self.b.append_block_param(got, I64);
        let is_iter = self.b.ins().icmp_imm_s(IntCC::Equal, mode, 2);
        self.b.ins().brif(is_iter, iter, &[], seq, &[]);
        // A list or tuple: bounds checked against its length now (a list may have changed).
        self.b.switch_to_block(seq);
        let p = self.b.ins().band_imm_s(obj, PAYLOAD_MASK as i64);
        let is_list = self.b.ins().icmp_imm_s(IntCC::Equal, mode, 0);
        let (data, len) = self.seq_parts_if(l, p, is_list, None, Access::Read, borrowed);
        let more = self.b.ins().icmp(IntCC::UnsignedLessThan, pos, len);
        self.b.ins().brif(more, item_blk, &[], done, &[]);
        self.b.switch_to_block(item_blk);
        let off = self.b.ins().ishl_imm_s(pos, 3);
        let at = self.b.ins().iadd(data, off);
        let item = self.b.ins().load(I64, MemFlagsData::trusted(), at, 0);
        self.incref(Slot::new(item, Kind::Any));
        let pos1 = self.b.ins().iadd_imm_s(pos, 1);
        self.b.def_var(vi, pos1);
        self.b.ins().jump(got, &[BlockArg::Value(item)]);
        // A list borrowed by Rust code up the stack: the interpreter steps it.
        self.b.set_cold_block(borrowed);
        self.b.switch_to_block(borrowed);
        let stack = self.stack.clone();
        self.emit_exit(idx, ExitKind::Deopt, Some(&stack), None);
        // Any other iterator: the helper.
        self.b.switch_to_block(iter);
        let r = self.call(helpers::for_iter as *const (), &[self.vm, obj]);
        self.check(r, idx);
        let fin = self.is_eq(r, DONE);
        self.b
            .ins()
            .brif(fin, done, &[], got, &[BlockArg::Value(r)]);
        self.b.switch_to_block(done);
        self.leave_loop(target);
        self.b.switch_to_block(got);
        self.done = false;
        let item = self.b.block_params(got)[0];
        self.push(item, Kind::Any);
    }

    /// Defines virtual loop `id`'s variables from the three words in `out`.
    fn load_viter(&mut self, id: u16, out: StackSlot) {
        for (k, var) in self.viters[id as usize].into_iter().enumerate() {
            let w = self.b.ins().stack_load(I64, I64, out, 8 * k as i32);
            self.b.def_var(var, w);
        }
    }

    /// Virtual loop `id`'s step.
    fn vstep(&mut self, id: u16) -> CV {
        if self.vloops[id as usize].kind == (VKind::Range { unit_step: true }) {
            self.c(1)
        } else {
            self.b.use_var(self.viters[id as usize][2])
        }
    }

    /// `FOR_ITER` of a virtual loop's iterator: the next value as an immediate int, or (none
    /// left) the slot dropped and a jump to `target`.
    fn virtual_step(&mut self, idx: usize, target: usize) {
        let Some(Slot {
            k: Kind::Virt(id), ..
        }) = self.stack.last().copied()
        else {
            unreachable!("the caller checked for a virtual iterator");
        };
        if self.vloops[id as usize].kind == VKind::Seq {
            self.virtual_seq_step(idx, id, target);
            return;
        }
        let [vn, vl, _] = self.viters[id as usize];
        let left = self.b.use_var(vl);
        let [more, done] = self.new_blocks();
        let any = self.b.ins().icmp_imm_s(IntCC::NotEqual, left, 0);
        self.b.ins().brif(any, more, &[], done, &[]);
        self.b.switch_to_block(done);
        self.leave_loop(target);
        self.b.switch_to_block(more);
        self.done = false;
        let next = self.b.use_var(vn);
        let step = self.vstep(id);
        let after = self.b.ins().iadd(next, step);
        self.b.def_var(vn, after);
        let left = self.b.ins().iadd_imm_s(left, -1);
        self.b.def_var(vl, left);
        let item = self.box_int(next);
        self.push(item, Kind::Int);
    }

    /// A virtual loop's iterator ran out: it is dropped (the slot on top) and control goes to
    /// `target`; the compile-time stack keeps the slot for the path that goes on.
    fn leave_loop(&mut self, target: usize) {
        let it = self.stack.pop().expect("the iterator");
        self.decref(it);
        self.jump_to(target, self.stack.len());
        self.stack.push(it);
    }

    /// The virtual iterators block `target` (entered with `depth` values) expects: (stack
    /// position, loop) for each virtual loop whose body holds it.
    fn virt_expected(&self, target: usize, depth: usize) -> Vec<(usize, u16)> {
        self.vloops
            .iter()
            .enumerate()
            .filter(|(_, l)| (l.header..l.end).contains(&target) && depth > l.depth)
            .map(|(id, l)| (l.depth, id as u16))
            .collect()
    }

    /// An edge to block `target` with the first `depth` stack values must carry exactly the
    /// virtual iterators that block expects; else this lowering is abandoned (see
    /// [`Lower::virt_broken`]).
    fn check_edge(&mut self, target: usize, depth: usize) {
        let want = self.virt_expected(target, depth);
        let have: Vec<(usize, u16)> = self.stack[..depth]
            .iter()
            .enumerate()
            .filter_map(|(k, s)| match s.k {
                Kind::Virt(id) => Some((k, id)),
                _ => None,
            })
            .collect();
        if want != have {
            self.virt_broken = true;
        }
    }

    /// `CALL n` at `idx` whose result goes only to the `GET_ITER` at `next`, as in
    /// `for i in range(...)`: a call of `range` with small-int arguments makes the iterator
    /// directly (no range object, no call); anything else is called and then iterated as
    /// usual. False (having emitted nothing) when the pattern does not apply.
    fn range_iter_call(&mut self, idx: usize, n: usize, next: usize) -> bool {
        let Some(range) = self.builtins.range else {
            return false;
        };
        let fused = self.code.instrs.get(next).map(|i| i.op) == Some(Op::GetIter)
            && !self.blocks.contains_key(&next)
            && self.plan.steps[next]
                .as_ref()
                .is_some_and(|s| s.how == How::Native);
        if !fused || self.kw.is_some() || !(1..=3).contains(&n) {
            return false;
        }
        let vloop = self.vloop_at(next + 1);
        if vloop.is_some_and(|id| self.vloops[id as usize].kind == VKind::Seq) {
            // Not a call of `range` by name: its loop is a sequence loop.
            return false;
        }
        let base = self.stack.len() - n - 2;
        for k in base + 2..self.stack.len() {
            self.stack[k] = self.boxed(self.stack[k]);
        }
        let mut cond = Some(self.calls_builtin(base, range));
        for k in base + 2..self.stack.len() {
            let int = self.is_int(self.stack[k]);
            cond = self.and(cond, int);
        }
        let cond = cond.expect("the callable is checked");
        if let Some(id) = vloop {
            self.virtual_range(idx, n, base, cond, id);
            return true;
        }
        let [fast, made, general, join] = self.new_blocks();
        self.b.append_block_param(join, I64);
        self.b.set_cold_block(general);
        self.b.ins().brif(cond, fast, &[], general, &[]);
        self.b.switch_to_block(fast);
        let none = self.c(Value::NONE.bits());
        let mut args = vec![self.c(n as u64)];
        for k in 0..3 {
            args.push(self.stack.get(base + 2 + k).map_or(none, |s| s.v));
        }
        let it = self.call(helpers::range_iter as *const (), &args);
        let ok = self.b.ins().icmp_imm_s(IntCC::NotEqual, it, DEOPT as i64);
        self.b.ins().brif(ok, made, &[], general, &[]);
        self.b.switch_to_block(made);
        let saved = self.stack.clone();
        for s in self.stack.split_off(base) {
            self.release(s);
        }
        self.b.ins().jump(join, &[BlockArg::Value(it)]);
        self.b.switch_to_block(general);
        self.stack = saved;
        self.call_op(idx, n);
        let v = self.pop();
        let it = self.call(helpers::get_iter as *const (), &[self.vm, v.v]);
        self.check(it, next);
        self.b.ins().jump(join, &[BlockArg::Value(it)]);
        self.b.switch_to_block(join);
        let it = self.b.block_params(join)[0];
        self.push(it, Kind::Ptr);
        self.iter_made = true;
        true
    }

    /// `math.sqrt(x)` (the stack is `[NULL, sqrt, x]`) for an int or float `x` that is not
    /// negative: the square root, inline, to `join`. Anything else carries on to the call.
    fn sqrt_intrinsic(&mut self, base: usize, join: Block) {
        let Some(sqrt) = self.builtins.sqrt else {
            return;
        };
        let (callable, x) = (self.stack[base + 1], self.stack[base + 2]);
        let mut cond = self.calls_builtin(base, sqrt);
        if let (Some(f), Some(i)) = (self.is_float(x), self.is_int(x)) {
            let num = self.or(f, i);
            cond = self.b.ins().band(cond, num);
        }
        let fast = self.b.create_block();
        let next = self.b.create_block();
        self.b.ins().brif(cond, fast, &[], next, &[]);
        self.b.switch_to_block(fast);
        let v = self.float_of(x);
        let zero = self.b.ins().f64const(0.0);
        // sqrt(-0.0) is -0.0 and sqrt(nan) is nan, as in CPython; x < 0 raises (the call).
        let neg = self.b.ins().fcmp(FloatCC::LessThan, v, zero);
        let root = self.b.create_block();
        self.b.ins().brif(neg, next, &[], root, &[]);
        self.b.switch_to_block(root);
        let r = self.b.ins().sqrt(v);
        let bits = self.box_float(r);
        // The callable's reference (a built-in the JIT also holds: never the last one).
        self.decref(callable);
        self.b.ins().jump(join, &[BlockArg::Value(bits)]);
        self.b.switch_to_block(next);
    }

    /// Whether the call whose stack starts at `base` is a plain call of the built-in `bits`.
    fn calls_builtin(&mut self, base: usize, bits: u64) -> CV {
        let (first, callable) = (self.stack[base], self.stack[base + 1]);
        let cond = self.is_eq(callable.v, bits);
        if first.k == Kind::Null {
            return cond;
        }
        let null = self.is_eq(first.v, Value::NULL.bits());
        self.b.ins().band(cond, null)
    }

    /// `len(x)` (the stack is `[NULL, len, x]`) of a list or tuple: its length, inline, to
    /// `join`. Anything else carries on to the call.
    fn len_intrinsic(&mut self, base: usize, join: Block) {
        let (Some(len), Some(l)) = (self.builtins.len, self.seq) else {
            return;
        };
        let (callable, x) = (self.stack[base + 1], self.stack[base + 2]);
        if !matches!(x.k, Kind::Any | Kind::Ptr) {
            return;
        }
        let mut cond = self.calls_builtin(base, len);
        if x.k != Kind::Ptr {
            let isptr = self.tag_is(x.v, TAG_PTR);
            cond = self.b.ins().band(cond, isptr);
        }
        let check = self.b.create_block();
        let next = self.b.create_block();
        self.b.ins().brif(cond, check, &[], next, &[]);
        self.b.switch_to_block(check);
        let p = self.b.ins().band_imm_s(x.v, PAYLOAD_MASK as i64);
        let (_, n) = self.seq_parts(l, p, Access::Read, next);
        // Lengths are far below the small-int limit (2**47).
        let r = self.box_int(n);
        self.decref(Slot::new(x.v, Kind::Ptr));
        // The callable's reference (a built-in the JIT also holds: never the last one).
        self.decref(callable);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(next);
    }

    /// `items.append(x)` (the stack is `[list.append, items, x]`) on a list: appended by a
    /// direct helper call, to `join` with None (or the error). Anything else carries on to
    /// the call.
    fn append_intrinsic(&mut self, base: usize, join: Block) {
        if let (Some(append), Some(l)) = (self.builtins.append, self.seq) {
            let helper = helpers::list_append as *const ();
            self.one_arg_method(base, join, append, l.list_tag, helper);
        }
    }

    /// `s.add(x)` (the stack is `[set.add, s, x]`) on a set: as [`Lower::append_intrinsic`].
    fn set_add_intrinsic(&mut self, base: usize, join: Block) {
        if let Some((add, set_tag)) = self.builtins.set_add {
            let helper = helpers::set_add as *const ();
            self.one_arg_method(base, join, add, set_tag, helper);
        }
    }

    /// A call of the built-in method `method` on an object of kind `tag` with one argument:
    /// `helper(vm, this, x)` (borrowing `this`, taking `x`) returns None or [`ERR`].
    fn one_arg_method(
        &mut self,
        base: usize,
        join: Block,
        method: u64,
        tag: u8,
        helper: *const (),
    ) {
        let Some(next) = self.calls_method_on(base, method, tag) else {
            return;
        };
        let (callable, this, x) = (self.stack[base], self.stack[base + 1], self.stack[base + 2]);
        let r = self.call(helper, &[self.vm, this.v, x.v]);
        self.decref(this);
        // The method's reference (a built-in the JIT also holds: never the last one).
        self.decref(callable);
        let none = self.c(Value::NONE.bits());
        let ok = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, ERR as i64);
        let r = self.b.ins().select(ok, none, r);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(next);
    }

    /// For the method call whose stack starts at `base` (`[method, this, args...]`):
    /// continues in a block reached when the method is the built-in `method` and `this` an
    /// object of kind `tag`, and gives the block where anything else goes on. None (nothing
    /// emitted) when the slots' kinds rule it out.
    fn calls_method_on(&mut self, base: usize, method: u64, tag: u8) -> Option<Block> {
        let (callable, this) = (self.stack[base], self.stack[base + 1]);
        if !matches!(callable.k, Kind::Any | Kind::Ptr) || !matches!(this.k, Kind::Any | Kind::Ptr)
        {
            return None;
        }
        let next = self.b.create_block();
        let is_method = self.is_eq(callable.v, method);
        let check = self.b.create_block();
        self.b.ins().brif(is_method, check, &[], next, &[]);
        self.b.switch_to_block(check);
        self.heap_object(this, tag, next);
        Some(next)
    }

    /// `d.get(key)` or `d.get(key, default)` (the stack is `[dict.get, d, key]` or
    /// `[dict.get, d, key, default]`) on a dict: a direct helper call, to `join` with the
    /// value (or the error). Anything else carries on to the call.
    fn dict_get_intrinsic(&mut self, base: usize, n: usize, join: Block) {
        let Some((get, dict_tag)) = self.builtins.dict_get else {
            return;
        };
        let Some(next) = self.calls_method_on(base, get, dict_tag) else {
            return;
        };
        let this = self.stack[base + 1];
        let key = self.stack[base + 2];
        let default = match n {
            2 => self.stack[base + 3].v,
            _ => self.c(Value::NULL.bits()),
        };
        let r = self.call(
            helpers::dict_get as *const (),
            &[self.vm, this.v, key.v, default],
        );
        // The helper borrows everything: every value of the call is dropped (the method's
        // reference is a built-in's the JIT also holds: never the last one).
        for k in base..base + n + 2 {
            self.decref(self.stack[k]);
        }
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(next);
    }

    /// `items.pop()` or `items.pop(i)` with an int `i` (the stack is `[list.pop, items]` or
    /// `[list.pop, items, i]`) on a list: a direct helper call, to `join` with the item (or
    /// the error). Anything else carries on to the call.
    fn pop_intrinsic(&mut self, base: usize, n: usize, join: Block) {
        let (Some(pop), Some(l)) = (self.builtins.pop, self.seq) else {
            return;
        };
        let (method, this) = (self.stack[base], self.stack[base + 1]);
        let index = (n == 1).then(|| self.stack[base + 2]);
        if index.is_some_and(|i| !matches!(i.k, Kind::Any | Kind::Int)) {
            return;
        }
        let Some(next) = self.calls_method_on(base, pop, l.list_tag) else {
            return;
        };
        if let Some(is_int) = index.and_then(|i| self.is_int(i)) {
            let int = self.b.create_block();
            self.b.ins().brif(is_int, int, &[], next, &[]);
            self.b.switch_to_block(int);
        }
        let (i, has) = match index {
            Some(i) => (self.unbox_int(i.v), self.c(1)),
            None => (self.c(0), self.c(0)),
        };
        let r = self.call(helpers::list_pop as *const (), &[self.vm, this.v, i, has]);
        self.decref(this);
        // The method's reference (a built-in the JIT also holds: never the last one).
        self.decref(method);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(next);
    }

    /// The first `n` cells of the closure (new references), for `COPY_FREE_VARS`: read from
    /// the closure tuple inline when it is one of at least `n` items, else by a helper each.
    fn closure_cells(&mut self, n: usize) -> Vec<CV> {
        let [inline, slow, join] = self.new_blocks();
        for _ in 0..n {
            self.b.append_block_param(join, I64);
        }
        match self.seq {
            Some(l) => {
                let flags = MemFlagsData::trusted();
                let at = offset_of!(NativeEnv, closure) as i32;
                let cp = self.b.ins().load(I64, flags, self.env, at);
                let bits = self.b.ins().load(I64, flags, cp, 0);
                let tuple = Slot::new(bits, Kind::Any);
                let p = self.heap_object(tuple, l.tuple_tag, slow);
                let len = self.b.ins().load(I64, flags, p, l.tuple_len);
                let enough =
                    self.b
                        .ins()
                        .icmp_imm_s(IntCC::UnsignedGreaterThanOrEqual, len, n as i64);
                self.b.ins().brif(enough, inline, &[], slow, &[]);
                self.b.switch_to_block(inline);
                let data = self.b.ins().load(I64, flags, p, l.tuple_ptr);
                let mut cells = vec![];
                for k in 0..n {
                    let cell = self.b.ins().load(I64, flags, data, (8 * k) as i32);
                    self.incref(Slot::new(cell, Kind::Any));
                    cells.push(BlockArg::Value(cell));
                }
                self.b.ins().jump(join, &cells);
            }
            None => {
                self.b.ins().jump(slow, &[]);
                self.b.switch_to_block(inline);
                self.b.ins().jump(slow, &[]);
            }
        }
        self.b.switch_to_block(slow);
        let mut cells = vec![];
        for k in 0..n {
            let kv = self.c(k as u64);
            let cell = self.call(helpers::free_var as *const (), &[self.env, kv]);
            cells.push(BlockArg::Value(cell));
        }
        self.b.ins().jump(join, &cells);
        self.b.switch_to_block(join);
        self.b.block_params(join).to_vec()
    }

    /// The locals array direct calls hand to their callee (created on first use).
    fn callee_locals(&mut self) -> StackSlot {
        if let Some(s) = self.lslot {
            return s;
        }
        let s = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            (DIRECT_LOCALS * 8) as u32,
            3,
        ));
        self.lslot = Some(s);
        s
    }

    fn native_sig(&mut self) -> SigRef {
        if let Some(s) = self.native_sigref {
            return s;
        }
        let s = self.b.import_signature(signature(self.call_conv));
        self.native_sigref = Some(s);
        s
    }

    /// An instruction run by the interpreter's implementation (`helpers::step`).
    fn generic(&mut self, idx: usize, ins: Instr) {
        let mut vals = std::mem::take(&mut self.stack);
        // Virtual iterators go to the interpreter as objects; the step leaves them be, so
        // after it they are virtual again (the objects dropped).
        let mut virts = vec![];
        for (k, s) in vals.iter_mut().enumerate() {
            if let Kind::Virt(id) = s.k {
                *s = self.materialized(*s);
                virts.push((k, id, s.v));
            }
        }
        let addr = self.spill(&vals);
        let i = self.c(idx as u64);
        let sp = self.c(vals.len() as u64);
        let r = self.call(
            helpers::step as *const (),
            &[self.vm, self.env, i, addr, sp],
        );
        let err = self.b.ins().band_imm_s(r, STEP_ERR as i64);
        let ok = self.b.ins().icmp_imm_s(IntCC::Equal, err, 0);
        let cont = self.b.create_block();
        let ex = self.b.create_block();
        self.b.ins().brif(ok, cont, &[], ex, &[]);
        self.b.set_cold_block(ex);
        self.b.switch_to_block(ex);
        let depth = self.b.ins().band_imm_s(r, 0xFFFF_FFFF);
        self.emit_exit(idx, ExitKind::Raise, None, Some(depth));
        self.b.switch_to_block(cont);
        let depth = vals.len() as i32 + stack_effect(ins.op, ins.arg, false);
        self.stack = self.reload(depth.max(0) as usize);
        for (k, id, it) in virts {
            let same = self
                .stack
                .get(k)
                .map(|s| self.b.ins().icmp(IntCC::Equal, s.v, it));
            let Some(same) = same else {
                self.virt_broken = true;
                continue;
            };
            let next = idx + 1 + ins.op.cache_entries() as usize;
            let stack = self.stack.clone();
            self.guard(same, next, ExitKind::Deopt, &stack);
            if self.vloops[id as usize].kind == VKind::Seq {
                self.take_seq_iter(id, it);
            } else {
                self.rc_dec(it);
            }
            self.stack[k] = Slot::new(self.c(0), Kind::Virt(id));
        }
    }
}
