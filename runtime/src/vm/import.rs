//! Preparing code objects for execution, running the main module, and `import` of the
//! built-in modules.

use crate::bytecode::decode::{check_jumps, decode};
use crate::bytecode::exceptions::parse_exception_table;
use crate::bytecode::opcode::Opcode as Op;
use crate::object::{Code, Dict, Obj};
use crate::pyc::{CodeObject, Const};
use crate::value::Value;
use crate::vm::attr_site::AttrSite;
use crate::vm::frame::{Frame, FrameExit};
use crate::vm::{PyResult, Vm};
use std::cell::{Cell, OnceCell};
use std::rc::Rc;

impl Vm {
    /// Converts a loaded code object (and nested ones) into executable form.
    pub fn prepare_code(&mut self, raw: &Rc<CodeObject>) -> Result<Rc<Code>, String> {
        let instrs =
            decode(&raw.code).map_err(|e| format!("{}: bad bytecode: {e}", raw.qualname))?;
        check_jumps(&instrs).map_err(|e| format!("{}: bad bytecode: {e}", raw.qualname))?;
        let n_instrs = instrs.len();
        let exc_table = parse_exception_table(&raw.exceptiontable)
            .map_err(|e| format!("{}: bad exception table: {e}", raw.qualname))?;
        if raw.localspluskinds.len() != raw.localsplusnames.len() {
            return Err(format!(
                "{}: locals kinds and names differ in length",
                raw.qualname
            ));
        }
        let mut consts = Vec::with_capacity(raw.consts.len());
        for c in &raw.consts {
            consts.push(self.const_value(c)?);
        }
        let names = raw.names.iter().map(|n| self.intern(n)).collect();
        let varnames = raw.localsplusnames.iter().map(|n| self.intern(n)).collect();
        let mut nsites = 0;
        let site_of = instrs
            .iter()
            .map(|i| {
                if matches!(i.op, Op::LoadAttr | Op::StoreAttr | Op::LoadMethod) {
                    nsites += 1;
                    nsites - 1
                } else {
                    u32::MAX
                }
            })
            .collect();
        Ok(Rc::new(Code {
            raw: raw.clone(),
            instrs,
            consts,
            names,
            varnames,
            exc_table,
            positions: OnceCell::new(),
            name: raw.name.clone(),
            qualname: raw.qualname.clone(),
            flags: raw.flags,
            calls: Cell::new(0),
            backedges: Cell::new(0),
            feedback: (0..n_instrs).map(|_| Cell::new(0)).collect(),
            native: Cell::new(None),
            jit_state: Cell::new(Default::default()),
            attr_sites: (0..nsites).map(|_| AttrSite::default()).collect(),
            site_of,
        }))
    }

    fn const_value(&mut self, c: &Const) -> Result<Value, String> {
        Ok(match c {
            Const::None => Value::NONE,
            Const::StopIteration => self.exc.stop_iteration.clone(),
            Const::Ellipsis => Value::ELLIPSIS,
            Const::Bool(b) => Value::bool(*b),
            Const::Int(i) => Value::int(*i),
            Const::BigInt(b) => Value::bigint((**b).clone()),
            Const::Float(x) => Value::float(*x),
            Const::Complex(r, i) => Value::new_obj(Obj::Complex(*r, *i)),
            Const::Str(s) => Value::str(s),
            Const::Bytes(b) => Value::bytes(b.to_vec()),
            Const::Tuple(items) | Const::List(items) => {
                let mut v = Vec::with_capacity(items.len());
                for it in items.iter() {
                    v.push(self.const_value(it)?);
                }
                if matches!(c, Const::List(_)) {
                    Value::list(v)
                } else {
                    Value::tuple(v)
                }
            }
            Const::Set(items) | Const::FrozenSet(items) => {
                let s = self.new_set(false);
                for it in items.iter() {
                    let v = self.const_value(it)?;
                    self.set_add(&s, v)
                        .map_err(|_| "unhashable constant in a set".to_string())?;
                }
                if matches!(c, Const::FrozenSet(_)) {
                    self.set_from(&s, true)
                        .map_err(|_| "bad frozenset constant".to_string())?
                } else {
                    s
                }
            }
            Const::Dict(pairs) => {
                let d = Value::dict(Dict::new());
                for (k, v) in pairs.iter() {
                    let (k, v) = (self.const_value(k)?, self.const_value(v)?);
                    self.dict_set(&d, k, v)
                        .map_err(|_| "unhashable dict key constant".to_string())?;
                }
                d
            }
            Const::Code(code) => Value::new_obj(Obj::Code(self.prepare_code(code)?)),
        })
    }

    /// Runs `code` as the `__main__` module; returns the process exit status (0 on success,
    /// `sys.exit(n)`'s n, 1 after an uncaught exception).
    pub fn run_main(&mut self, raw: &Rc<CodeObject>) -> i32 {
        let code = match self.prepare_code(raw) {
            Ok(c) => c,
            Err(e) => {
                self.write_stderr(&format!("pycrane: {}: {e}\n", raw.filename));
                return 1;
            }
        };
        let main = self.new_module("__main__");
        let globals = match main.obj() {
            Some(Obj::Module(m)) => m.dict.clone(),
            _ => unreachable!("new_module returns a module"),
        };
        if let Some(d) = globals.as_dict() {
            let mut d = d.borrow_mut();
            d.set_str(
                "__builtins__",
                self.module("builtins").unwrap_or(Value::NONE),
            );
            d.set_str("__file__", Value::str(raw.filename.as_ref()));
            d.set_str("__doc__", Value::NONE);
        }
        let frame = Frame::new(
            &mut self.frames,
            code,
            globals.clone(),
            self.builtins.clone(),
            globals.clone(),
            Value::NULL,
            true,
        );
        let r = self.run_module_frame(frame);
        let status = match r {
            Ok(()) => 0,
            Err(exc) => self.handle_uncaught(&exc),
        };
        self.release_main_generators(&globals);
        self.flush_stdout();
        status
    }

    /// At exit CPython clears `__main__`'s globals (names starting with `_` first), which
    /// closes the generators they held. pycrane frees nothing else at exit, so it releases
    /// just the generators there, in that order, and closes those that need it.
    fn release_main_generators(&mut self, globals: &Value) {
        let Some(d) = globals.as_dict() else {
            return;
        };
        let underscore = |e: &crate::object::dict::Entry| {
            e.key.as_str().is_some_and(|s| s.as_str().starts_with('_'))
        };
        for first in [true, false] {
            let slots = d.borrow().slots();
            for i in 0..slots {
                let is_gen = d.borrow().slot(i).is_some_and(|e| {
                    underscore(e) == first && matches!(e.value.obj(), Some(Obj::Generator(_)))
                });
                if is_gen {
                    let old = d.borrow_mut().set_value_at(i, Value::NONE);
                    drop(old);
                    if super::finalize::pending() {
                        self.run_finalizers();
                    }
                }
            }
        }
    }

    fn run_module_frame(&mut self, mut frame: Frame) -> PyResult<()> {
        self.depth += 1;
        let r = self.run_frame(&mut frame);
        self.depth -= 1;
        match r? {
            FrameExit::Return(_) => Ok(()),
            _ => Err(self.system_error("module body yielded")),
        }
    }

    /// Prints an uncaught exception (or honours SystemExit); returns the exit status.
    pub fn handle_uncaught(&mut self, exc: &Value) -> i32 {
        if self.exc_matches(exc, &self.exc.system_exit.clone()) {
            let args = self.exc_args(exc);
            let code = match args.as_tuple() {
                Some([]) | None => Value::NONE,
                Some([c]) => c.clone(),
                Some(_) => args.clone(),
            };
            if code.is_none() {
                return 0;
            }
            if let Some(i) = self.to_i64(&code) {
                return i as i32;
            }
            let s = self.str_of(&code).unwrap_or_default();
            self.write_stderr(&format!("{s}\n"));
            return 1;
        }
        let text = self.format_exception(exc);
        self.write_stderr(&text);
        1
    }

    pub fn import_module(&mut self, name: &Value) -> PyResult<Value> {
        let n = self.str_value(name);
        if let Some(m) = self.module(&n) {
            return Ok(m);
        }
        let top = n.split('.').next().unwrap_or("").to_string();
        if let Some(m) = self.module(&top) {
            return Ok(m);
        }
        let cls = self.exc.module_not_found_error.clone();
        Err(crate::builtins::import_error(
            self,
            &cls,
            &format!("No module named '{n}'"),
            &n,
        ))
    }

    pub fn import_star(&mut self, f: &mut Frame, m: &Value) -> PyResult<()> {
        let Some(Obj::Module(module)) = m.obj() else {
            return Err(self.type_error("import * from a non-module"));
        };
        let items = module.dict.dict_pairs();
        let target = if f.locals.is_null() {
            f.globals.clone()
        } else {
            f.locals.clone()
        };
        for (k, v) in items {
            if !self.str_value(&k).starts_with('_') {
                self.setitem(&target, &k, v)?;
            }
        }
        Ok(())
    }
}
