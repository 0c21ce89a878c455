//! What tier 2 did, for `--jit-stats` and for recompilation: compiled and rejected code
//! objects, compile time, and every exit to the interpreter by reason and instruction.
//!
//! Exits at one guard are counted per code object; past [`GUARD_LIMIT`] the guard's
//! instruction is marked *general* and the code object is sent back to be recompiled (at
//! most [`MAX_RECOMPILES`] times), so the next compile emits the generic path there.

use crate::helpers::ExitKind;
use pycrane_runtime::object::Code;
use pycrane_runtime::vm::tier2::JitState;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::time::Duration;

/// Guard exits at one instruction before it is compiled without the guard.
pub const GUARD_LIMIT: u32 = 16;
/// Recompilations per code object.
pub const MAX_RECOMPILES: u32 = 4;

pub struct Compiled {
    pub name: String,
    pub bytes: usize,
    pub time: Duration,
}

#[derive(Default)]
pub struct Stats {
    pub compiled: Vec<Compiled>,
    pub rejected: Vec<(String, String)>,
    /// (reason, code name, instruction index, opcode name) -> count.
    pub exits: HashMap<(ExitKind, String, usize, &'static str), u64>,
    guard_exits: HashMap<(usize, usize), u32>,
    general: HashMap<usize, HashSet<usize>>,
    recompiles: HashMap<usize, u32>,
}

thread_local! {
    static STATS: RefCell<Stats> = RefCell::new(Stats::default());
}

pub fn with<R>(f: impl FnOnce(&mut Stats) -> R) -> R {
    STATS.with(|s| f(&mut s.borrow_mut()))
}

fn key(code: &Rc<Code>) -> usize {
    Rc::as_ptr(code) as usize
}

/// Instructions of `code` that must not be guarded.
pub fn general(code: &Rc<Code>) -> HashSet<usize> {
    with(|s| s.general.get(&key(code)).cloned().unwrap_or_default())
}

pub fn record_exit(code: &Rc<Code>, idx: usize, kind: ExitKind) {
    with(|s| {
        let op = code.instrs.get(idx).map_or("?", |i| i.op.name());
        *s.exits
            .entry((kind, code.qualname.to_string(), idx, op))
            .or_default() += 1;
        if kind != ExitKind::Guard {
            return;
        }
        let k = key(code);
        let n = s.guard_exits.entry((k, idx)).or_default();
        *n += 1;
        if *n < GUARD_LIMIT {
            return;
        }
        *n = 0;
        s.make_general(code, idx);
    });
}

/// Compiles `idx` of `code` unguarded from now on (see `Tier2::generalize`).
pub fn generalize(code: &Rc<Code>, idx: usize) -> bool {
    with(|s| {
        s.general.get(&key(code)).is_some_and(|g| g.contains(&idx)) || s.make_general(code, idx)
    })
}

impl Stats {
    /// Marks `idx` general and sends `code` back to be recompiled, unless it was recompiled
    /// too often already (false).
    fn make_general(&mut self, code: &Rc<Code>, idx: usize) -> bool {
        let k = key(code);
        let r = self.recompiles.entry(k).or_default();
        if *r >= MAX_RECOMPILES {
            return false;
        }
        *r += 1;
        self.general.entry(k).or_default().insert(idx);
        code.native.set(None);
        code.jit_state.set(JitState::Cold);
        true
    }
}

/// The `--jit-stats` report.
pub fn report() -> String {
    with(|s| {
        let mut out = String::from("pycrane JIT statistics\n");
        let total: Duration = s.compiled.iter().map(|c| c.time).sum();
        let bytes: usize = s.compiled.iter().map(|c| c.bytes).sum();
        out.push_str(&format!(
            "compiled: {} code objects, {} bytes of machine code, {:.3} ms compiling\n",
            s.compiled.len(),
            bytes,
            total.as_secs_f64() * 1e3
        ));
        for c in &s.compiled {
            out.push_str(&format!(
                "  {:<40} {:>7} bytes {:>9.3} ms\n",
                c.name,
                c.bytes,
                c.time.as_secs_f64() * 1e3
            ));
        }
        out.push_str(&format!("left interpreted: {}\n", s.rejected.len()));
        for (name, why) in &s.rejected {
            out.push_str(&format!("  {name:<40} {why}\n"));
        }
        let n: u64 = s.exits.values().sum();
        out.push_str(&format!("exits to the interpreter: {n}\n"));
        let mut by_kind: HashMap<ExitKind, u64> = HashMap::new();
        for ((k, ..), c) in &s.exits {
            *by_kind.entry(*k).or_default() += c;
        }
        let mut kinds: Vec<_> = by_kind.into_iter().collect();
        kinds.sort_by_key(|(k, c)| (std::cmp::Reverse(*c), *k));
        for (k, c) in kinds {
            out.push_str(&format!("  {c:>10}  {}\n", k.name()));
        }
        let mut sites: Vec<_> = s.exits.iter().collect();
        sites.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        if !sites.is_empty() {
            out.push_str("exits by instruction:\n");
        }
        for ((k, name, idx, op), c) in sites.into_iter().take(20) {
            out.push_str(&format!("  {c:>10}  {name} @{idx} {op} ({})\n", k.name()));
        }
        out
    })
}
