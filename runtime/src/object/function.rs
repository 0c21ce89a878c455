//! Functions: the runtime's view of a code object (`Code`), Python functions and built-ins.

use crate::bytecode::decode::Instr;
use crate::bytecode::exceptions::ExceptionEntry;
use crate::bytecode::linetable::Position;
use crate::object::Dict;
use crate::pyc::CodeObject;
use crate::value::Value;
use crate::vm::attr_site::AttrSite;
use crate::vm::{PyResult, Vm};
use std::cell::{Cell, OnceCell, RefCell};
use std::rc::Rc;

/// A code object prepared for execution: decoded instructions, constants as values,
/// the parsed exception table, and profiling counters.
pub struct Code {
    pub raw: Rc<CodeObject>,
    pub instrs: Vec<Instr>,
    pub consts: Vec<Value>,
    pub names: Vec<Value>,
    /// `co_localsplusnames` as str values.
    pub varnames: Vec<Value>,
    pub exc_table: Vec<ExceptionEntry>,
    pub positions: OnceCell<Vec<Position>>,
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    /// `co_filename`: `raw.filename` unless `_imp._fix_co_filename` changed it.
    pub filename: RefCell<Rc<str>>,
    pub flags: u32,
    /// Calls so far (profiling).
    pub calls: Cell<u32>,
    /// Loop back-edges taken so far (profiling): every backward jump, including the
    /// conditional one that closes a `while` loop (`Opcode::is_loop_back`).
    pub backedges: Cell<u32>,
    /// Per instruction: which kinds of operands it has seen (`vm::feedback`).
    pub feedback: Box<[Cell<u8>]>,
    /// Native code from tier 2, once compiled.
    pub native: Cell<Option<crate::vm::tier2::NativeCode>>,
    pub jit_state: Cell<crate::vm::tier2::JitState>,
    /// Attribute caches of the `LOAD_ATTR` / `STORE_ATTR` / `LOAD_METHOD` instructions,
    /// found through `site_of`.
    pub attr_sites: Box<[AttrSite]>,
    /// Per instruction: its index in `attr_sites` (`u32::MAX` for other instructions).
    pub site_of: Box<[u32]>,
    /// The deepest the value stack gets (proved by the verifier; at most `co_stacksize`).
    pub max_depth: u32,
    /// The value-stack depth before each instruction (`Verified::depths`).
    pub depths: Box<[u32]>,
}

impl Code {
    pub fn nlocalsplus(&self) -> usize {
        self.varnames.len()
    }
    /// The attribute cache of the attribute instruction at `idx`.
    #[inline]
    pub fn attr_site(&self, idx: usize) -> &AttrSite {
        &self.attr_sites[self.site_of[idx] as usize]
    }
    pub fn filename(&self) -> Rc<str> {
        self.filename.borrow().clone()
    }
    /// A debug build's check of the verifier's proof as the program runs: `depth` values are
    /// on the stack before instruction `idx` (`exact`), or at most `max_depth` (an exception
    /// leaving `idx`, which may have popped some of its operands). `who` names the check. A
    /// mismatch is a bug in the interpreter, the JIT or the verifier: it aborts at once, as a
    /// panic might be caught and turned into a Python exception. Release builds check nothing.
    #[inline(always)]
    pub fn debug_check_depth(&self, idx: usize, depth: usize, exact: bool, who: &str) {
        if cfg!(debug_assertions) {
            let proved = self.depths.get(idx).copied();
            let ok = match proved {
                Some(d) if exact => d as usize == depth,
                Some(d) => {
                    d != crate::bytecode::verify::UNREACHED && depth <= self.max_depth as usize
                }
                None => false,
            };
            if !ok {
                depth_mismatch(self, idx, depth, proved, who);
            }
        }
    }
    /// `_imp._fix_co_filename`: this code and the code objects nested in it that were
    /// compiled from `old` now say they come from `new`.
    pub fn rename_file(&self, old: &str, new: &Rc<str>) {
        if *self.filename.borrow().as_ref() != *old {
            return;
        }
        *self.filename.borrow_mut() = new.clone();
        for c in &self.consts {
            if let Some(crate::object::Obj::Code(inner)) = c.obj() {
                inner.rename_file(old, new);
            }
        }
    }
    /// The code object as marshal writes it (with its current `co_filename`).
    pub fn marshal_form(&self) -> Rc<CodeObject> {
        let r = &self.raw;
        if *self.filename.borrow() == r.filename {
            return r.clone();
        }
        let consts = r
            .consts
            .iter()
            .zip(&self.consts)
            .map(|(c, v)| match v.obj() {
                Some(crate::object::Obj::Code(inner)) => {
                    crate::pyc::Const::Code(inner.marshal_form())
                }
                _ => c.clone(),
            })
            .collect();
        Rc::new(CodeObject {
            argcount: r.argcount,
            posonlyargcount: r.posonlyargcount,
            kwonlyargcount: r.kwonlyargcount,
            stacksize: r.stacksize,
            flags: r.flags,
            code: r.code.clone(),
            consts,
            names: r.names.clone(),
            localsplusnames: r.localsplusnames.clone(),
            localspluskinds: r.localspluskinds.clone(),
            filename: self.filename(),
            name: r.name.clone(),
            qualname: r.qualname.clone(),
            firstlineno: r.firstlineno,
            linetable: r.linetable.clone(),
            exceptiontable: r.exceptiontable.clone(),
        })
    }
    /// Source line of instruction `index`, if known.
    pub fn line_of(&self, index: usize) -> Option<u32> {
        let pos = self
            .positions
            .get_or_init(|| crate::bytecode::linetable::positions(&self.raw));
        pos.get(index).and_then(|p| p.line)
    }
}

pub struct Function {
    pub code: Rc<Code>,
    pub globals: Value,
    pub name: RefCell<Value>,
    pub qualname: RefCell<Value>,
    /// Tuple of positional defaults, or NULL.
    pub defaults: RefCell<Value>,
    /// Dict of keyword-only defaults, or NULL.
    pub kwdefaults: RefCell<Value>,
    /// Tuple of cells, or NULL.
    pub closure: Value,
    pub dict: RefCell<Dict>,
    pub module: Value,
    /// The `__annotations__` dict, or NULL until set or first read.
    pub annotations: RefCell<Value>,
}

/// Signature of every native function: positional args and (name, value) keyword args.
pub type NativeFn = fn(&mut Vm, &[Value], &[(Value, Value)]) -> PyResult<Value>;

pub struct BuiltinFn {
    pub name: &'static str,
    pub func: NativeFn,
    /// The receiver for bound built-in methods (`[].append`), else NULL.
    pub bound: Value,
    /// Owning type name for reprs, e.g. "list"; empty for module-level functions.
    pub owner: &'static str,
}

#[cold]
#[inline(never)]
fn depth_mismatch(code: &Code, idx: usize, depth: usize, proved: Option<u32>, who: &str) -> ! {
    use std::io::Write as _;
    let op = code
        .instrs
        .get(idx)
        .map(|i| i.op.name())
        .unwrap_or("(out of range)");
    let _ = writeln!(
        std::io::stderr(),
        "pycrane: debug check failed ({who}): {depth} values on the stack before instruction \
         {idx} ({op}) of '{}', where the verifier proved {proved:?} (max {})",
        code.qualname,
        code.max_depth
    );
    std::process::abort()
}
