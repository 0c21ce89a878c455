//! The built-ins that turn source into code and run it: `compile`, `exec`, `eval`, and
//! `__import__`.
//!
//! Source is compiled by the host CPython 3.11 through the one compiler channel
//! (`pyc::host`); the code objects it returns are kept by (source, filename, mode, flags,
//! optimize), so `eval` of the same string in a loop asks the host once.
//!
//! `exec`/`eval` without namespaces use the calling frame's globals and locals, and
//! `compile` inherits the caller's `from __future__` flags: like `globals()`, they are
//! special-cased by the interpreter's `CALL` (see `Vm::frame_builtin_call`), which passes
//! the caller's frame here.

use super::{check_arity, kwarg};
use crate::object::{NativeFn, Obj};
use crate::pyc::host::{self, HostError};
use crate::pyc::{marshal, CodeObject, LoadError};
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::rc::Rc;

type Kw<'a> = &'a [(Value, Value)];

pub const FUNCTIONS: &[(&str, NativeFn)] = &[
    ("compile", compile),
    ("exec", exec),
    ("eval", eval),
    ("__import__", import),
];

/// `co_flags` bits of `from __future__` features that `compile` passes on (`PyCF_MASK`).
const FUTURE_FLAGS: i64 = 0x1fe0000;
use crate::modules::ast::ONLY_AST;

/// Compiled sources kept for reuse (cleared when it grows past this).
const CACHE_LIMIT: usize = 512;

/// What the caller's frame lends the frame-aware built-ins.
pub struct Caller {
    pub globals: Value,
    pub locals: Value,
    pub flags: i64,
}

fn kw_or(vm: &Vm, args: &[Value], kw: Kw, i: usize, name: &str) -> Option<Value> {
    args.get(i).cloned().or_else(|| kwarg(vm, kw, name))
}

/// Which frame-aware built-in `f` is, if it is one.
pub fn frame_builtin(f: NativeFn) -> Option<&'static str> {
    let is = |g: NativeFn| std::ptr::fn_addr_eq(f, g);
    if is(compile) {
        Some("compile")
    } else if is(exec) {
        Some("exec")
    } else if is(eval) {
        Some("eval")
    } else {
        None
    }
}

/// `compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1)`.
fn compile(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    compile_from(vm, args, kw, None)
}

pub fn compile_from(
    vm: &mut Vm,
    args: &[Value],
    kw: Kw,
    caller: Option<&Caller>,
) -> PyResult<Value> {
    check_arity(vm, "compile", args, 0, 6)?;
    let (Some(source), Some(filename), Some(mode)) = (
        kw_or(vm, args, kw, 0, "source"),
        kw_or(vm, args, kw, 1, "filename"),
        kw_or(vm, args, kw, 2, "mode"),
    ) else {
        return Err(vm.type_error("compile() missing required argument 'source' (pos 1)"));
    };
    let flags = match kw_or(vm, args, kw, 3, "flags") {
        Some(f) => vm
            .to_i64(&f)
            .ok_or_else(|| vm.type_error("'flags' must be an int"))?,
        None => 0,
    };
    let dont_inherit = match kw_or(vm, args, kw, 4, "dont_inherit") {
        Some(d) => vm.is_true(&d)?,
        None => false,
    };
    let optimize = match kw_or(vm, args, kw, 5, "optimize") {
        Some(o) => vm.to_i64(&o).unwrap_or(-1),
        None => -1,
    };
    let mode = vm.str_value(&mode);
    if !matches!(mode.as_str(), "exec" | "eval" | "single") {
        return Err(vm.value_error("compile() mode must be 'exec', 'eval' or 'single'"));
    }
    if flags & ONLY_AST != 0 {
        return parse_to_ast(vm, &source, &filename, &mode, flags);
    }
    let ast_base = vm
        .import_absolute("_ast")
        .and_then(|m| vm.getattr_str(&m, "AST"));
    if ast_base.is_ok_and(|b| vm.isinstance(&source, &b)) {
        return Err(vm.new_error(
            &vm.exc.not_implemented_error.clone(),
            "pycrane cannot compile an AST object to code; compile the source text instead",
        ));
    }
    if source.as_code().is_some() {
        return Ok(source);
    }
    let filename = filename_of(vm, &filename)?;
    let inherited = match (dont_inherit, caller) {
        (false, Some(c)) => c.flags & FUTURE_FLAGS,
        _ => 0,
    };
    let code = compile_value(
        vm,
        &source,
        &filename,
        &mode,
        flags | inherited,
        optimize,
        "compile",
    )?;
    Ok(code)
}

fn filename_of(vm: &mut Vm, v: &Value) -> PyResult<String> {
    if let Some(s) = v.as_str() {
        return Ok(s.as_str().to_string());
    }
    if let Some(b) = v.bytes_data() {
        return Ok(String::from_utf8_lossy(&b).into_owned());
    }
    let tn = vm.type_name(v);
    Err(vm.type_error(format!(
        "expected str, bytes or os.PathLike object, not {tn}"
    )))
}

/// Compiles a str or bytes `source`; `what` names the built-in in type errors.
fn compile_value(
    vm: &mut Vm,
    source: &Value,
    filename: &str,
    mode: &str,
    flags: i64,
    optimize: i64,
    what: &str,
) -> PyResult<Value> {
    let (bytes, text) = if let Some(s) = source.as_str() {
        (s.as_str().as_bytes().to_vec(), true)
    } else if let Some(b) = source.bytes_data() {
        (b, false)
    } else {
        let msg = match what {
            "compile" => "compile() arg 1 must be a string, bytes or AST object".to_string(),
            w => format!("{w}() arg 1 must be a string, bytes or code object"),
        };
        return Err(vm.type_error(msg));
    };
    let optimize = if optimize < 0 {
        vm.script_options().optimize as i64
    } else {
        optimize
    };
    let key = (
        bytes,
        text,
        filename.to_string(),
        mode.to_string(),
        flags,
        optimize,
    );
    if let Some(code) = vm.compile_cache.get(&key).cloned() {
        let code = vm.prepare_code(&code).map_err(|e| vm.system_error(e))?;
        return Ok(Value::new_obj(Obj::Code(code)));
    }
    let python = vm.script_options().python;
    let raw = match host::compile_source(&python, &key.0, text, filename, mode, flags, optimize) {
        Ok(data) => {
            marshal::read_code(&data, 0).map_err(|e| vm.system_error(format!("compile(): {e}")))?
        }
        Err(HostError::Compile(failure)) => return Err(vm.compile_failure_exception(&failure)),
        Err(HostError::Host(e)) => return Err(host_error(vm, &e)),
    };
    if vm.compile_cache.len() >= CACHE_LIMIT {
        vm.compile_cache.clear();
    }
    vm.compile_cache.insert(key, raw.clone());
    let code = vm.prepare_code(&raw).map_err(|e| vm.system_error(e))?;
    Ok(Value::new_obj(Obj::Code(code)))
}

/// `compile(source, filename, mode, PyCF_ONLY_AST)`: the tree the host CPython parses.
fn parse_to_ast(
    vm: &mut Vm,
    source: &Value,
    filename: &Value,
    mode: &str,
    flags: i64,
) -> PyResult<Value> {
    let filename = filename_of(vm, filename)?;
    let (bytes, text) = if let Some(s) = source.as_str() {
        (s.as_str().as_bytes().to_vec(), true)
    } else if let Some(b) = source.bytes_data() {
        (b, false)
    } else {
        return Err(vm.type_error("compile() arg 1 must be a string, bytes or AST object"));
    };
    let python = vm.script_options().python;
    let data = match host::parse_source(&python, &bytes, text, &filename, mode, flags) {
        Ok(d) => d,
        Err(HostError::Compile(failure)) => return Err(vm.compile_failure_exception(&failure)),
        Err(HostError::Host(e)) => return Err(host_error(vm, &e)),
    };
    let tree =
        marshal::read_object(&data, 0).map_err(|e| vm.system_error(format!("compile(): {e}")))?;
    vm.import_absolute("_ast")?;
    crate::modules::ast::build(vm, &tree)
}

fn host_error(vm: &mut Vm, e: &LoadError) -> Value {
    vm.system_error(format!("pycrane: {e}"))
}

fn exec(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    run_source(vm, args, kw, None, "exec")
}

fn eval(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    run_source(vm, args, kw, None, "eval")
}

/// `exec`/`eval`: `which` says which.
pub fn run_source(
    vm: &mut Vm,
    args: &[Value],
    kw: Kw,
    caller: Option<&Caller>,
    which: &str,
) -> PyResult<Value> {
    check_arity(vm, which, args, 1, 3)?;
    let kw_globals = kwarg(vm, kw, "globals");
    let kw_locals = kwarg(vm, kw, "locals");
    let mut globals = args.get(1).cloned().or(kw_globals).unwrap_or(Value::NONE);
    let mut locals = args.get(2).cloned().or(kw_locals).unwrap_or(Value::NONE);
    if !globals.is_none() && globals.as_dict().is_none() {
        let tn = vm.type_name(&globals);
        return Err(vm.type_error(if which == "exec" {
            format!("exec() globals must be a dict, not {tn}")
        } else {
            "globals must be a dict".to_string()
        }));
    }
    if !locals.is_none() && !is_mapping(vm, &locals) {
        return Err(vm.type_error("locals must be a mapping"));
    }
    if globals.is_none() {
        let Some(c) = caller else {
            return Err(vm.system_error(format!(
                "pycrane: {which}() without globals must be called directly from Python code"
            )));
        };
        globals = c.globals.clone();
        if locals.is_none() {
            locals = c.locals.clone();
        }
    } else if locals.is_none() {
        locals = globals.clone();
    }
    if let Some(d) = globals.as_dict() {
        if d.borrow().get_str("__builtins__").is_none() {
            let b = vm.builtins.clone();
            d.borrow_mut().set_str("__builtins__", b);
        }
    }
    let source = &args[0];
    let code = if source.as_code().is_some() {
        source.clone()
    } else {
        let src = if which == "eval" {
            strip_leading_blanks(vm, source)
        } else {
            source.clone()
        };
        let flags = caller.map_or(0, |c| c.flags & FUTURE_FLAGS);
        compile_value(vm, &src, "<string>", which, flags, -1, which)?
    };
    let Some(code) = code.as_code().cloned() else {
        return Err(vm.system_error("compile did not return code"));
    };
    if !code.raw.localspluskinds.is_empty()
        && code
            .raw
            .localspluskinds
            .iter()
            .any(|k| k & crate::pyc::code::kinds::FREE != 0)
    {
        return Err(vm.type_error(format!(
            "code object passed to {which}() may not contain free variables"
        )));
    }
    let r = vm.run_code_value(code, globals, locals)?;
    Ok(if which == "eval" { r } else { Value::NONE })
}

/// `eval` ignores leading spaces and tabs of a str or bytes source.
fn strip_leading_blanks(vm: &mut Vm, source: &Value) -> Value {
    if let Some(s) = source.as_str() {
        let t = s.as_str().trim_start_matches([' ', '\t']);
        return vm.substr(source, t);
    }
    if let Some(b) = source.bytes_data() {
        let start = b
            .iter()
            .position(|c| *c != b' ' && *c != b'\t')
            .unwrap_or(b.len());
        return Value::bytes(b[start..].to_vec());
    }
    source.clone()
}

fn is_mapping(vm: &mut Vm, v: &Value) -> bool {
    v.as_dict().is_some()
        || vm
            .getattr_opt(v, &Value::str("__getitem__"))
            .ok()
            .flatten()
            .is_some()
}

/// `__import__(name, globals=None, locals=None, fromlist=(), level=0)`.
fn import(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__import__", args, 0, 5)?;
    let Some(name) = kw_or(vm, args, kw, 0, "name") else {
        return Err(vm.type_error("__import__() missing required argument 'name' (pos 1)"));
    };
    let globals = kw_or(vm, args, kw, 1, "globals").unwrap_or(Value::NONE);
    let fromlist = kw_or(vm, args, kw, 3, "fromlist").unwrap_or(Value::NONE);
    let level = match kw_or(vm, args, kw, 4, "level") {
        Some(l) => vm
            .to_i64(&l)
            .ok_or_else(|| vm.type_error("'level' must be an int"))?,
        None => 0,
    };
    let globals = if globals.as_dict().is_some() {
        globals
    } else if level > 0 {
        return Err(vm.key_error(Value::str("'__name__' not in globals")));
    } else {
        Value::NONE
    };
    vm.import_module_level(&name, &globals, &fromlist, level)
}

/// The key of a compiled source: (source, is text, filename, mode, flags, optimize).
pub type SourceKey = (Vec<u8>, bool, String, String, i64, i64);

/// Sources compiled so far (see [`CACHE_LIMIT`]).
pub type CompileCache = std::collections::HashMap<SourceKey, Rc<CodeObject>>;
