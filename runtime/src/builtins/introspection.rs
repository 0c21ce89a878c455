//! Introspection: the built-ins `globals`, `locals`, `vars` and `dir`, code object
//! attributes (`co_argcount`, ...) and function annotations.
//!
//! `globals()`, `locals()`, `vars()` and `dir()` without arguments read the *calling* frame.
//! Native functions do not see frames, so the interpreter's `CALL` asks
//! [`Vm::frame_builtin_call`] first, the same way it special-cases zero-argument `super()`;
//! reached any other way (e.g. through `map`), they fail with a clear error.

use super::{check_arity, compile, no_kwargs};
use crate::object::{Code, Dict, Function, NativeFn, Obj};
use crate::pyc::code::kinds;
use crate::value::Value;
use crate::vm::frame::Frame;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

pub const FUNCTIONS: &[(&str, NativeFn)] = &[
    ("globals", globals),
    ("locals", locals),
    ("vars", vars),
    ("dir", dir),
];

fn no_frame(vm: &Vm, name: &str) -> Value {
    vm.system_error(format!(
        "pycrane: {name}() without arguments must be called directly from Python code"
    ))
}

fn globals(vm: &mut Vm, _a: &[Value], _k: Kw) -> PyResult<Value> {
    Err(no_frame(vm, "globals"))
}

fn locals(vm: &mut Vm, _a: &[Value], _k: Kw) -> PyResult<Value> {
    Err(no_frame(vm, "locals"))
}

fn vars(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    no_kwargs(vm, "vars", kw)?;
    check_arity(vm, "vars", args, 1, 1)?;
    match args[0].obj() {
        Some(Obj::Instance(_)) => match vm.getattr(&args[0], &Value::str("__dict__")) {
            Ok(d) => Ok(d),
            Err(_) => Err(vm.type_error("vars() argument must have __dict__ attribute")),
        },
        Some(Obj::Module(m)) => Ok(m.dict.clone()),
        Some(Obj::Type(t)) => Ok(Value::dict(t.dict.borrow().clone())),
        _ => Err(vm.type_error("vars() argument must have __dict__ attribute")),
    }
}

fn dir(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    no_kwargs(vm, "dir", kw)?;
    check_arity(vm, "dir", args, 1, 1)?;
    let obj = &args[0];
    if vm.has_user_special(obj, "__dir__") {
        let r = vm.call_special(obj, "__dir__", &[])?.unwrap_or(Value::NONE);
        let names = vm.collect(&r)?;
        return sorted_names(vm, names);
    }
    let mut names = vec![];
    let mut add_dict = |d: &Dict| names.extend(d.iter().map(|e| e.key.clone()));
    match obj.obj() {
        Some(Obj::Module(m)) => {
            if let Some(d) = m.dict.as_dict() {
                add_dict(&d.borrow());
            }
        }
        Some(Obj::Type(t)) => {
            add_dict(&t.dict.borrow());
            for m in t.mro.borrow().iter() {
                if let Some(mt) = m.as_type() {
                    add_dict(&mt.dict.borrow());
                }
            }
        }
        _ => {
            if let Some(i) = obj.as_instance() {
                add_dict(&i.dict.borrow());
            }
            let t = vm.type_of(obj);
            if let Some(t) = t.as_type() {
                add_dict(&t.dict.borrow());
                for m in t.mro.borrow().iter() {
                    if let Some(mt) = m.as_type() {
                        add_dict(&mt.dict.borrow());
                    }
                }
            }
        }
    }
    sorted_names(vm, names)
}

/// The distinct names, sorted, as a list.
fn sorted_names(vm: &mut Vm, names: Vec<Value>) -> PyResult<Value> {
    let mut strs: Vec<String> = names.iter().map(|n| vm.str_value(n)).collect();
    strs.sort();
    strs.dedup();
    Ok(Value::list(strs.iter().map(|s| Value::str(s)).collect()))
}

impl Vm {
    /// The one `CALL` hook for built-ins that read the calling frame `f`: zero-argument
    /// `super()`, `globals()`, `locals()`, `vars()`, `dir()` without arguments, and
    /// `type(name, bases, ns)` (the new class's `__module__` is the caller's `__name__`).
    /// None for every other call.
    pub fn frame_builtin_call(
        &mut self,
        f: &Frame,
        callable: &Value,
        args: &[Value],
        kw_names: &Value,
    ) -> PyResult<Option<Value>> {
        let nargs = args.len();
        if nargs == 0 && callable.is(&self.types.super_) {
            return self.zero_arg_super(f).map(Some);
        }
        if nargs == 3
            && callable.is(&self.types.type_)
            && kw_names.as_tuple().is_none_or(|t| t.is_empty())
        {
            let mut args = args.to_vec();
            if let Some(d) = args[2].as_dict() {
                if d.borrow().get_str("__module__").is_none() {
                    let mut ns = d.borrow().clone();
                    let module = f
                        .globals
                        .as_dict()
                        .and_then(|g| g.borrow().get_str("__name__").cloned());
                    if let Some(m) = module {
                        ns.set_str("__module__", m);
                    }
                    args[2] = Value::dict(ns);
                }
            }
            return self.call_type_3(&args, &[]).map(Some);
        }
        let Some(Obj::Builtin(b)) = callable.obj() else {
            return Ok(None);
        };
        if !b.bound.is_null() {
            return Ok(None);
        }
        let is = |g: NativeFn| std::ptr::fn_addr_eq(b.func, g);
        if let Some(which) = compile::frame_builtin(b.func) {
            let caller = compile::Caller {
                globals: f.globals.clone(),
                locals: self.frame_locals(f)?,
                flags: f.code.flags as i64,
            };
            let nkw = kw_names.as_tuple().map_or(0, |t| t.len());
            let (pos, kwv) = args.split_at(nargs - nkw);
            let kw: Vec<(Value, Value)> = kw_names
                .as_tuple()
                .unwrap_or(&[])
                .iter()
                .cloned()
                .zip(kwv.iter().cloned())
                .collect();
            return match which {
                "compile" => compile::compile_from(self, pos, &kw, Some(&caller)).map(Some),
                w => compile::run_source(self, pos, &kw, Some(&caller), w).map(Some),
            };
        }
        if nargs != 0 {
            return Ok(None);
        }
        if is(globals) {
            Ok(Some(f.globals.clone()))
        } else if is(locals) || is(vars) {
            self.frame_locals(f).map(Some)
        } else if is(dir) {
            let l = self.frame_locals(f)?;
            let keys = self.collect(&l)?;
            sorted_names(self, keys).map(Some)
        } else {
            Ok(None)
        }
    }

    /// True if calling `callable` with no arguments reads the calling frame (see
    /// [`Vm::frame_builtin_call`]); native code leaves such calls to the interpreter.
    pub fn is_frame_builtin(&self, callable: &Value, nargs: usize) -> bool {
        if callable.is(&self.types.super_) {
            return nargs == 0;
        }
        if callable.is(&self.types.type_) {
            return nargs == 3;
        }
        let Some(Obj::Builtin(b)) = callable.obj() else {
            return false;
        };
        let is = |g: NativeFn| std::ptr::fn_addr_eq(b.func, g);
        b.bound.is_null()
            && (compile::frame_builtin(b.func).is_some()
                || (nargs == 0 && (is(globals) || is(locals) || is(vars) || is(dir))))
    }

    /// The frame's local namespace: the namespace dict of a module or class body, else a
    /// fresh dict of the bound fast locals (cells and free variables included).
    fn frame_locals(&mut self, f: &Frame) -> PyResult<Value> {
        if !f.locals.is_null() {
            return Ok(f.locals.clone());
        }
        let kinds_of = &f.code.raw.localspluskinds;
        let mut d = Dict::new();
        for (i, name) in f.code.varnames.iter().enumerate() {
            let Some(v) = f.fast.get(i) else { break };
            let is_cell = kinds_of
                .get(i)
                .is_some_and(|k| k & (kinds::CELL | kinds::FREE) != 0);
            let v = match v.obj() {
                Some(Obj::Cell(c)) if is_cell => c.borrow().clone(),
                _ => v.clone(),
            };
            if !v.is_null() {
                d.set_str_value(name, v);
            }
        }
        Ok(Value::dict(d))
    }
}

/// A `co_*` attribute of a code object, if `name` is one.
pub fn code_attr(c: &Code, name: &str) -> Option<Value> {
    let raw = &c.raw;
    let names_of = |mask: u8| {
        let names = c
            .varnames
            .iter()
            .zip(&raw.localspluskinds)
            .filter(|(_, k)| *k & mask != 0)
            .map(|(n, _)| n.clone());
        Value::tuple(names.collect())
    };
    Some(match name {
        "co_argcount" => Value::int(raw.argcount as i64),
        "co_posonlyargcount" => Value::int(raw.posonlyargcount as i64),
        "co_kwonlyargcount" => Value::int(raw.kwonlyargcount as i64),
        "co_stacksize" => Value::int(raw.stacksize as i64),
        "co_flags" => Value::int(raw.flags as i64),
        "co_nlocals" => Value::int(names_of(kinds::LOCAL).as_tuple().map_or(0, |t| t.len()) as i64),
        "co_varnames" => names_of(kinds::LOCAL),
        "co_cellvars" => names_of(kinds::CELL),
        "co_freevars" => names_of(kinds::FREE),
        "co_names" => Value::tuple(c.names.clone()),
        "co_consts" => Value::tuple(c.consts.clone()),
        "co_name" => Value::str(&c.name),
        "co_qualname" => Value::str(&c.qualname),
        "co_filename" => Value::str(&c.filename()),
        "co_firstlineno" => Value::int(raw.firstlineno as i64),
        "co_code" => Value::bytes(raw.code.to_vec()),
        _ => return None,
    })
}

/// A function's `__annotations__`, created empty on first read as CPython does.
pub fn annotations_of(f: &Function) -> Value {
    let mut a = f.annotations.borrow_mut();
    if a.is_null() {
        *a = Value::dict(Dict::new());
    }
    a.clone()
}

impl Vm {
    /// Stores `MAKE_FUNCTION`'s annotations, a flat tuple `(name, value, name, value...)`,
    /// as the function's `__annotations__` dict.
    pub fn set_annotations(&mut self, func: &Value, pairs: &Value) -> PyResult<()> {
        let Some(f) = func.as_function() else {
            return Ok(());
        };
        let items = self.collect(pairs)?;
        let mut d = Dict::new();
        for kv in items.chunks(2) {
            if let [k, v] = kv {
                d.set_str_value(k, v.clone());
            }
        }
        *f.annotations.borrow_mut() = Value::dict(d);
        Ok(())
    }
}

/// The methods of code objects: `co_positions()` and `co_lines()`.
pub fn install(vm: &mut Vm) {
    super::add_methods(
        &vm.types.code.clone(),
        "code",
        &[("co_positions", co_positions), ("co_lines", co_lines)],
    );
}

fn code_of<'a>(vm: &Vm, a: &'a [Value], name: &str) -> PyResult<&'a Code> {
    match a.first().and_then(|c| c.obj()) {
        Some(Obj::Code(c)) if a.len() == 1 => Ok(c),
        _ => Err(vm.type_error(format!("{name}() takes no arguments"))),
    }
}

/// `co_positions()`: (line, end line, column, end column) per code unit, None where unknown.
fn co_positions(vm: &mut Vm, a: &[Value], _k: &[(Value, Value)]) -> PyResult<Value> {
    let code = code_of(vm, a, "co_positions")?;
    let opt = |x: Option<u32>| x.map_or(Value::NONE, |v| Value::int(i64::from(v)));
    let items = crate::bytecode::linetable::positions(&code.raw)
        .into_iter()
        .map(|p| {
            Value::tuple(vec![
                opt(p.line),
                opt(p.end_line),
                opt(p.col),
                opt(p.end_col),
            ])
        })
        .collect();
    vm.get_iter(&Value::list(items))
}

/// `co_lines()`: (start, end, line) byte ranges of the location table's entries.
fn co_lines(vm: &mut Vm, a: &[Value], _k: &[(Value, Value)]) -> PyResult<Value> {
    let code = code_of(vm, a, "co_lines")?;
    let items = crate::bytecode::linetable::lines(&code.raw)
        .into_iter()
        .map(|(start, end, line)| {
            Value::tuple(vec![
                Value::int(2 * i64::from(start)),
                Value::int(2 * i64::from(end)),
                line.map_or(Value::NONE, |l| Value::int(i64::from(l))),
            ])
        })
        .collect();
    vm.get_iter(&Value::list(items))
}
