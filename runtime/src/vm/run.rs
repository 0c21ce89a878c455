//! Preparing code objects for execution, and running the `__main__` module (a script, `-c`
//! command, standard input or `-m` module) and module bodies.

use crate::bytecode::decode::decode;
use crate::bytecode::exceptions::parse_exception_table;
use crate::bytecode::opcode::Opcode as Op;
use crate::bytecode::verify::verify;
use crate::object::{Code, Dict, Obj};
use crate::pyc::{CodeObject, Const};
use crate::value::Value;
use crate::vm::attr_site::AttrSite;
use crate::vm::frame::{Frame, FrameExit};
use crate::vm::{PyResult, Vm};
use std::cell::{Cell, OnceCell, RefCell};
use std::rc::Rc;

impl Vm {
    /// Converts a loaded code object (and nested ones) into executable form, after the
    /// verifier (`bytecode::verify`) has accepted it.
    pub fn prepare_code(&mut self, raw: &Rc<CodeObject>) -> Result<Rc<Code>, String> {
        let bad = |what: &str, e: &dyn std::fmt::Display| {
            format!(
                "bad {what} in code object '{}' of {}: {e}",
                raw.qualname, raw.filename
            )
        };
        let instrs = decode(&raw.code).map_err(|e| bad("bytecode", &e))?;
        let n_instrs = instrs.len();
        let exc_table =
            parse_exception_table(&raw.exceptiontable).map_err(|e| bad("exception table", &e))?;
        let facts = verify(raw, &instrs, &exc_table).map_err(|e| bad("bytecode", &e))?;
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
            filename: RefCell::new(raw.filename.clone()),
            flags: raw.flags,
            calls: Cell::new(0),
            backedges: Cell::new(0),
            feedback: (0..n_instrs).map(|_| Cell::new(0)).collect(),
            native: Cell::new(None),
            jit_state: Cell::new(Default::default()),
            attr_sites: (0..nsites).map(|_| AttrSite::default()).collect(),
            site_of,
            max_depth: facts.max_depth,
            depths: facts.depths,
        }))
    }

    pub(crate) fn const_value(&mut self, c: &Const) -> Result<Value, String> {
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
                match (c, s.obj()) {
                    // Marshal adds the items to the frozenset itself (no copy, which could
                    // lay the table out differently and so change iteration order).
                    (Const::FrozenSet(_), Some(Obj::Set(cell))) => {
                        let data = std::mem::take(&mut *cell.borrow_mut());
                        Value::new_obj(Obj::FrozenSet(data))
                    }
                    _ => s,
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

    /// The `__main__` module's namespace, made as CPython makes it: `__name__`, `__doc__`,
    /// `__package__`, `__loader__`, `__spec__`, `__annotations__`, `__builtins__`.
    pub(crate) fn main_globals(&mut self) -> Value {
        let main = self.bare_module("__main__");
        self.sys_modules_set("__main__", main.clone());
        let globals = match main.obj() {
            Some(Obj::Module(m)) => m.dict.clone(),
            _ => unreachable!("bare_module returns a module"),
        };
        if let Some(d) = globals.as_dict() {
            let mut d = d.borrow_mut();
            d.set_str("__loader__", self.import_types.builtin_importer.clone());
            d.set_str("__annotations__", Value::dict(Dict::new()));
            d.set_str(
                "__builtins__",
                self.module("builtins").unwrap_or(Value::NONE),
            );
        }
        globals
    }

    /// Runs `raw` as the `__main__` module; returns the process exit status (0 on success,
    /// `sys.exit(n)`'s n, 1 after an uncaught exception). `file` is the script's path
    /// (`__file__`, with a `SourceFileLoader`), `<stdin>` for standard input, `None` for `-c`.
    pub fn run_main(&mut self, raw: &Rc<CodeObject>, file: Option<&str>) -> i32 {
        let globals = self.main_globals();
        if let (Some(file), Some(d)) = (file, globals.as_dict()) {
            if file != "<stdin>" {
                let cls = self.import_types.source_loader.clone();
                let loader = self.new_loader(&cls, "__main__", file);
                d.borrow_mut().set_str("__loader__", loader);
            }
            let mut d = d.borrow_mut();
            d.set_str("__file__", Value::str(file));
            d.set_str("__cached__", Value::NONE);
        }
        let r = match self.prepare_code(raw) {
            Ok(code) => self.run_code_in(code, globals.clone(), globals.clone()),
            Err(e) => {
                let shown = file.unwrap_or(&raw.filename);
                self.write_stderr(&format!("pycrane: {shown}: {e}\n"));
                return 1;
            }
        };
        self.finish_main(r, &globals)
    }

    /// `python -m name`: runs module `name` (or package `name`'s `__main__`) as `__main__`,
    /// as `runpy._run_module_as_main` does; `sys.argv[0]` becomes its file.
    pub fn run_module_main(&mut self, name: &str) -> i32 {
        self.run_module_main_as(name, true, None)
    }

    /// `python dir` (a folder with `__main__.py`, `dir_shown` being its path as CPython
    /// shows it): runs `__main__` from `sys.path[0]`, keeping `sys.argv[0]`.
    pub fn run_dir_main(&mut self, dir_shown: &str) -> i32 {
        self.run_module_main_as("__main__", false, Some(dir_shown))
    }

    fn run_module_main_as(&mut self, name: &str, set_argv0: bool, dir: Option<&str>) -> i32 {
        let globals = self.main_globals();
        let r = self.run_module_main_in(name, &globals, set_argv0);
        let r = match (r, dir) {
            (Ok(Err(_)), Some(dir)) => Ok(Err(format!("can't find '__main__' module in '{dir}'"))),
            (r, _) => r,
        };
        match r {
            Ok(Ok(())) => self.finish_main(Ok(()), &globals),
            Ok(Err(msg)) => {
                let exe = self.sys_attr("executable");
                let exe = self.str_value(&exe);
                self.write_stderr(&format!("{exe}: {msg}\n"));
                1
            }
            Err(e) => self.finish_main(Err(e), &globals),
        }
    }

    /// The body of [`Vm::run_module_main`]: `Ok(Err(msg))` when there is nothing to run.
    fn run_module_main_in(
        &mut self,
        name: &str,
        globals: &Value,
        set_argv0: bool,
    ) -> PyResult<Result<(), String>> {
        let (name, spec) = match self.module_details(name)? {
            Ok(found) => found,
            Err(msg) => return Ok(Err(msg)),
        };
        let origin = self.getattr_str(&spec, "origin")?;
        let origin_s = self.str_value(&origin);
        if let Some(d) = globals.as_dict() {
            let mut d = d.borrow_mut();
            d.set_str("__file__", origin.clone());
            d.set_str("__cached__", self.getattr_str(&spec, "cached")?);
            d.set_str("__loader__", self.getattr_str(&spec, "loader")?);
            d.set_str("__package__", self.getattr_str(&spec, "parent")?);
            d.set_str("__spec__", spec.clone());
        }
        if set_argv0 {
            if let Some(l) = self.sys_attr("argv").as_list() {
                if let Some(first) = l.borrow_mut().first_mut() {
                    *first = origin.clone();
                }
            }
        }
        let loader = self.getattr_str(&spec, "loader")?;
        let own = [
            &self.import_types.source_loader,
            &self.import_types.sourceless_loader,
        ]
        .iter()
        .any(|c| self.isinstance(&loader, c));
        let code = if own {
            let raw = self.load_module_code(&name, &origin_s)?;
            self.prepare_code(&raw)
                .map_err(|e| self.new_error(&self.exc.import_error.clone(), &e))?
        } else {
            // Another loader (a zip archive's `zipimporter`...) gives the code object.
            let get_code = self.getattr_str(&loader, "get_code")?;
            let c = self.call(&get_code, &[Value::str(&name)], &[])?;
            match c.obj() {
                Some(Obj::Code(code)) => code.clone(),
                _ => {
                    let msg = format!("No code object available for {name}");
                    return Ok(Err(msg));
                }
            }
        };
        self.run_code_in(code, globals.clone(), globals.clone())?;
        Ok(Ok(()))
    }

    /// `runpy._get_module_details`: the module `-m name` runs (a package's `__main__`) and
    /// its spec; `Ok(Err(message))` for what runpy reports as its `_Error`.
    fn module_details(&mut self, name: &str) -> PyResult<Result<(String, Value), String>> {
        if name.starts_with('.') {
            return Ok(Err("Relative module names not supported".into()));
        }
        let mut path = Value::NONE;
        // `importlib.util.find_spec` imports the parent again: a missing one is its error.
        let mut parent_error = None;
        if let Some((parent, _)) = name.rsplit_once('.') {
            // Import the parent first, so its own errors are not taken for "not found".
            match self.import_absolute(parent) {
                Ok(pm) => match self.getattr_opt(&pm, &Value::str("__path__"))? {
                    Some(p) => path = p,
                    None => {
                        let msg = format!(
                            "__path__ attribute not found on '{parent}' while trying to find \
                             '{name}'"
                        );
                        parent_error = Some(self.module_not_found(&msg, name));
                    }
                },
                Err(e) => {
                    let missing = self.exc_matches(&e, &self.exc.import_error.clone()) && {
                        let n = self.getattr_opt(&e, &Value::str("name"))?;
                        n.and_then(|n| n.as_str().map(|s| s.as_str().to_string()))
                            .is_some_and(|n| n == parent || parent.starts_with(&format!("{n}.")))
                    };
                    if !missing {
                        return Err(e);
                    }
                    parent_error = Some(e);
                }
            }
        }
        let found = match parent_error {
            Some(e) => Err(e),
            None => self.find_spec(name, &path),
        };
        let spec = match found {
            Ok(Some(s)) => s,
            Ok(None) => return Ok(Err(format!("No module named {name}"))),
            Err(e) => {
                let finding = [
                    &self.exc.import_error,
                    &self.exc.attribute_error,
                    &self.exc.type_error,
                    &self.exc.value_error,
                ]
                .iter()
                .any(|c| self.exc_matches(&e, c));
                if !finding {
                    return Err(e);
                }
                let msg = self.str_of(&e).unwrap_or_default();
                let tn = self.type_name(&e);
                let mut text =
                    format!("Error while finding module specification for '{name}' ({tn}: {msg})");
                if let Some(stem) = name.strip_suffix(".py") {
                    text.push_str(&format!(
                        ". Try using '{stem}' instead of '{name}' as the module name."
                    ));
                }
                return Ok(Err(text));
            }
        };
        let locations = self.getattr_str(&spec, "submodule_search_locations")?;
        if locations.is_none() {
            return Ok(Ok((name.to_string(), spec)));
        }
        if name == "__main__" || name.ends_with(".__main__") {
            return Ok(Err("Cannot use package as __main__ module".into()));
        }
        match self.module_details(&format!("{name}.__main__"))? {
            Ok(found) => Ok(Ok(found)),
            Err(msg) if self.module(name).is_some() => Ok(Err(format!(
                "{msg}; '{name}' is a package and cannot be directly executed"
            ))),
            Err(msg) => Ok(Err(msg)),
        }
    }

    /// Ends a run of `__main__`: reports an uncaught exception, closes generators, flushes.
    fn finish_main(&mut self, r: PyResult<()>, globals: &Value) -> i32 {
        let mut status = match r {
            Ok(()) => 0,
            Err(exc) => self.handle_uncaught(&exc),
        };
        self.run_atexit();
        self.release_main_generators(globals);
        if !self.flush_at_exit() {
            status = 120;
        }
        status
    }

    /// Runs a module-level code object with the given namespaces.
    pub fn run_code_in(&mut self, code: Rc<Code>, globals: Value, locals: Value) -> PyResult<()> {
        self.run_code_value(code, globals, locals).map(|_| ())
    }

    /// Runs a module-level code object and returns what it returns (`eval`); a recursion
    /// level, like any call.
    pub fn run_code_value(
        &mut self,
        code: Rc<Code>,
        globals: Value,
        locals: Value,
    ) -> PyResult<Value> {
        let mut frame = Frame::new(
            &mut self.frames,
            code,
            globals,
            self.builtins.clone(),
            locals,
            Value::NULL,
            true,
        );
        self.enter_as("")?;
        let r = self.run_frame_pushed(&mut frame);
        self.depth -= 1;
        match r? {
            FrameExit::Return(v) => Ok(v),
            _ => Err(self.system_error("module body yielded")),
        }
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
        let hook = self.sys_attr("excepthook");
        let original = self.sys_attr("__excepthook__");
        if !hook.is_none() && !hook.is(&original) {
            // A program's own sys.excepthook reports the exception.
            let t = self.type_of(exc);
            let tb = crate::builtins::traceback_object(self, exc).unwrap_or(Value::NONE);
            if let Err(e) = self.call(&hook, &[t, exc.clone(), tb], &[]) {
                let text = self.format_exception(&e);
                self.write_stderr(&format!(
                    "Error in sys.excepthook:\n{text}\nOriginal exception was:\n"
                ));
                let text = self.format_exception(exc);
                self.write_stderr(&text);
            }
        } else {
            let text = self.format_exception(exc);
            self.write_stderr(&text);
        }
        if self.exc_matches(exc, &self.exc.keyboard_interrupt.clone()) {
            self.interrupted = true;
        }
        1
    }
}

impl Vm {
    /// The code of a program given as text (`-c`, standard input), named `filename`.
    pub fn program_text(
        &mut self,
        source: &[u8],
        filename: &str,
    ) -> Result<Rc<CodeObject>, crate::pyc::LoadError> {
        let options = self.script_options();
        crate::pyc::code_for_program_text(source, filename, &options)
    }
}
