//! Methods of the built-in exception classes beyond `BaseException`'s basics: `add_note`,
//! and the per-class state CPython keeps (`StopIteration.value`, `SystemExit.code`, the
//! `OSError` fields and its errno-to-subclass mapping, `KeyError`'s repr-style `str`).
//!
//! Class-specific attributes live in the instance dict, set by the class's `__init__`.

use super::{add_methods, check_arity};
use crate::object::Obj;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    let e = &vm.exc;
    // Attributes failed lookups fill in (see `Vm::undefined_name`, `Vm::no_attribute`).
    for (cls, names) in [
        (&e.name_error, &["name"][..]),
        (&e.attribute_error, &["name", "obj"][..]),
    ] {
        if let Some(t) = cls.as_type() {
            for n in names {
                t.dict.borrow_mut().set_str(n, Value::NONE);
            }
        }
    }
    add_methods(
        &e.base_exception,
        "BaseException",
        &[("add_note", add_note)],
    );
    add_methods(
        &e.stop_iteration,
        "StopIteration",
        &[("__init__", stop_iteration_init)],
    );
    add_methods(
        &e.system_exit,
        "SystemExit",
        &[("__init__", system_exit_init)],
    );
    add_methods(&e.key_error, "KeyError", &[("__str__", key_error_str)]);
    add_methods(
        &e.syntax_error,
        "SyntaxError",
        &[
            ("__init__", syntax_error_init),
            ("__str__", syntax_error_str),
        ],
    );
    add_methods(
        &e.import_error,
        "ImportError",
        &[("__init__", import_error_init)],
    );
    add_methods(
        &e.os_error,
        "OSError",
        &[("__init__", os_error_init), ("__str__", os_error_str)],
    );
    for (cls, owner) in [
        (&e.unicode_encode_error, "UnicodeEncodeError"),
        (&e.unicode_decode_error, "UnicodeDecodeError"),
        (&e.unicode_translate_error, "UnicodeTranslateError"),
    ] {
        add_methods(
            cls,
            owner,
            &[
                ("__init__", unicode_error_init),
                ("__str__", unicode_error_str),
            ],
        );
    }
}

const UNICODE_FIELDS: [&str; 5] = ["encoding", "object", "start", "end", "reason"];

/// A `UnicodeEncodeError`/`UnicodeDecodeError` with its fields (encoding, object, start,
/// end, reason), as codecs raise it.
pub fn unicode_error(vm: &Vm, cls: &Value, fields: [Value; 5]) -> Value {
    let e = vm.new_exception(cls, fields.to_vec());
    for (name, v) in UNICODE_FIELDS.iter().zip(fields) {
        e.set_inst_attr(name, v);
    }
    e
}

fn unicode_error_init(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let (obj, a) = (&args[0], &args[1..]);
    let translate = vm.isinstance(obj, &vm.exc.unicode_translate_error.clone());
    let want = if translate { 4 } else { 5 };
    if a.len() != want {
        return Err(vm.type_error(format!(
            "function takes exactly {want} arguments ({} given)",
            a.len()
        )));
    }
    set_args(obj, a);
    let names: &[&str] = if translate {
        &UNICODE_FIELDS[1..]
    } else {
        &UNICODE_FIELDS
    };
    if translate {
        obj.set_inst_attr("encoding", Value::NONE);
    }
    for (name, v) in names.iter().zip(a) {
        obj.set_inst_attr(name, v.clone());
    }
    Ok(Value::NONE)
}

fn unicode_error_str(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let obj = &args[0];
    let (start, end) = (obj.inst_attr("start"), obj.inst_attr("end"));
    let (Some(start), Some(end)) = (start.as_small_int(), end.as_small_int()) else {
        let a = vm.exc_args(obj);
        return Ok(Value::string(match a.as_tuple() {
            Some([]) => String::new(),
            Some([x]) => vm.str_of(x)?,
            _ => vm.repr_of(&a)?,
        }));
    };
    let reason = vm.str_of(&obj.inst_attr("reason"))?;
    let object = obj.inst_attr("object");
    let enc = obj.inst_attr("encoding");
    let single = end == start + 1;
    let head = if enc.is_none() {
        String::new()
    } else {
        format!("'{}' codec ", vm.str_of(&enc)?)
    };
    let text = if let Some(b) = object.bytes_data().filter(|_| object.as_str().is_none()) {
        match b.get(start as usize) {
            Some(x) if single => {
                format!("{head}can't decode byte 0x{x:02x} in position {start}: {reason}")
            }
            _ => format!(
                "{head}can't decode bytes in position {start}-{}: {reason}",
                end - 1
            ),
        }
    } else {
        let verb = if enc.is_none() { "translate" } else { "encode" };
        let c = object
            .as_str()
            .and_then(|s| s.as_str().chars().nth(start as usize));
        match c {
            Some(c) if single => {
                let esc = super::codecs::char_escape(c);
                format!("{head}can't {verb} character '{esc}' in position {start}: {reason}")
            }
            _ => format!(
                "{head}can't {verb} characters in position {start}-{}: {reason}",
                end - 1
            ),
        }
    };
    Ok(Value::string(text))
}

/// The class `OSError(errno, ...)` really creates: CPython maps well-known errno values
/// to subclasses when the class called is `OSError` itself.
pub fn os_error_subclass(vm: &Vm, cls: &Value, args: &[Value]) -> Value {
    if !cls.is(&vm.exc.os_error) || args.len() < 2 {
        return cls.clone();
    }
    let e = &vm.exc;
    let sub = match vm.to_i64(&args[0]) {
        Some(11 | 114 | 115) => &e.blocking_io_error,
        Some(10) => &e.child_process_error,
        Some(32 | 108) => &e.broken_pipe_error,
        Some(103) => &e.connection_aborted_error,
        Some(111) => &e.connection_refused_error,
        Some(104) => &e.connection_reset_error,
        Some(17) => &e.file_exists_error,
        Some(2) => &e.file_not_found_error,
        Some(4) => &e.interrupted_error,
        Some(21) => &e.is_a_directory_error,
        Some(20) => &e.not_a_directory_error,
        Some(1 | 13) => &e.permission_error,
        Some(3) => &e.process_lookup_error,
        Some(110) => &e.timeout_error,
        _ => cls,
    };
    sub.clone()
}

fn set_args(obj: &Value, args: &[Value]) {
    if let Some(d) = obj.exc_data() {
        d.borrow_mut().args = Value::tuple(args.to_vec());
    }
}

fn add_note(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "add_note", args, 2, 2)?;
    if args[1].as_str().is_none() {
        let tn = vm.type_name(&args[1]);
        return Err(vm.type_error(format!("note must be a str, not '{tn}'")));
    }
    let notes = match vm.getattr_opt(&args[0], &Value::str("__notes__"))? {
        Some(n) => n,
        None => {
            let n = Value::list(vec![]);
            vm.setattr(&args[0], &Value::str("__notes__"), n.clone())?;
            n
        }
    };
    match notes.as_list() {
        Some(l) => l.borrow_mut().push(args[1].clone()),
        None => return Err(vm.type_error("Cannot add note: __notes__ is not a list")),
    }
    Ok(Value::NONE)
}

fn stop_iteration_init(_vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    set_args(&args[0], &args[1..]);
    args[0].set_inst_attr("value", args.get(1).cloned().unwrap_or(Value::NONE));
    Ok(Value::NONE)
}

fn system_exit_init(_vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    set_args(&args[0], &args[1..]);
    let code = match &args[1..] {
        [] => Value::NONE,
        [c] => c.clone(),
        more => Value::tuple(more.to_vec()),
    };
    args[0].set_inst_attr("code", code);
    Ok(Value::NONE)
}

fn import_error_init(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    set_args(&args[0], &args[1..]);
    let msg = match &args[1..] {
        [m] => m.clone(),
        _ => Value::NONE,
    };
    args[0].set_inst_attr("msg", msg);
    args[0].set_inst_attr("name", Value::NONE);
    args[0].set_inst_attr("path", Value::NONE);
    for (k, v) in kw {
        let k = vm.str_value(k);
        if k != "name" && k != "path" {
            return Err(vm.type_error(format!(
                "'{k}' is an invalid keyword argument for ImportError()"
            )));
        }
        args[0].set_inst_attr(&k, v.clone());
    }
    Ok(Value::NONE)
}

/// An `ImportError` (or subclass `cls`) about module `module`, as the import machinery
/// raises it.
pub fn import_error(vm: &mut Vm, cls: &Value, msg: &str, module: &str) -> Value {
    let kw = [(Value::str("name"), Value::str(module))];
    match vm.call_type(cls, &[Value::str(msg)], &kw) {
        Ok(e) | Err(e) => e,
    }
}

fn key_error_str(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = vm.exc_args(&args[0]);
    match a.as_tuple() {
        Some([k]) => Ok(Value::string(vm.repr_of(k)?)),
        Some([]) => Ok(Value::str("")),
        _ => Ok(Value::string(vm.str_of(&a)?)),
    }
}

fn os_error_init(_vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let (obj, a) = (&args[0], &args[1..]);
    set_args(obj, a);
    let field = |i: usize| a.get(i).cloned().unwrap_or(Value::NONE);
    let parsed = (2..=5).contains(&a.len());
    for (i, name) in ["errno", "strerror", "filename"].into_iter().enumerate() {
        obj.set_inst_attr(name, if parsed { field(i) } else { Value::NONE });
    }
    obj.set_inst_attr("filename2", if parsed { field(4) } else { Value::NONE });
    if parsed && a.len() >= 3 && !a[2].is_none() {
        set_args(obj, &a[..2]);
    }
    Ok(Value::NONE)
}

fn os_error_str(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let obj = &args[0];
    let (errno, strerror) = (obj.inst_attr("errno"), obj.inst_attr("strerror"));
    let (filename, filename2) = (obj.inst_attr("filename"), obj.inst_attr("filename2"));
    if !filename.is_none() {
        let head = format!("[Errno {}] {}", vm.str_of(&errno)?, vm.str_of(&strerror)?);
        let f1 = vm.repr_of(&filename)?;
        return Ok(Value::string(if filename2.is_none() {
            format!("{head}: {f1}")
        } else {
            format!("{head}: {f1} -> {}", vm.repr_of(&filename2)?)
        }));
    }
    if !errno.is_none() && !strerror.is_none() {
        return Ok(Value::string(format!(
            "[Errno {}] {}",
            vm.str_of(&errno)?,
            vm.str_of(&strerror)?
        )));
    }
    let a = vm.exc_args(obj);
    Ok(Value::string(match a.as_tuple() {
        Some([]) => String::new(),
        Some([x]) => vm.str_of(x)?,
        _ => vm.repr_of(&a)?,
    }))
}

/// The exception's traceback as a chain of `traceback` objects (outermost first, linked
/// by `tb_next`, with `tb_lineno` and `tb_lasti`), or None before it was raised.
/// NYI: `tb_frame` (pycrane has no frame objects).
pub fn traceback_object(vm: &mut Vm, exc: &Value) -> PyResult<Value> {
    let entries = exc
        .exc_data()
        .map(|d| d.borrow().traceback.clone())
        .unwrap_or_default();
    let cls = vm.types.traceback.clone();
    let mut next = Value::NONE;
    for e in &entries {
        let tb = vm.new_instance(&cls, &[])?;
        let line = e
            .code
            .line_of(e.index)
            .map_or(Value::NONE, |l| Value::int(l as i64));
        tb.set_inst_attr("tb_lineno", line);
        tb.set_inst_attr("tb_lasti", Value::int(2 * e.index as i64));
        let frame = vm.frame_snapshot(e.code.clone(), e.index, e.globals.clone())?;
        tb.set_inst_attr("tb_frame", frame);
        tb.set_inst_attr("tb_next", next);
        next = tb;
    }
    Ok(next)
}

/// The `__notes__` of an exception, for traceback printing.
pub fn notes(vm: &mut Vm, exc: &Value) -> Vec<String> {
    let notes = match exc.obj() {
        Some(Obj::Instance(i)) => i.dict.borrow().get_str("__notes__").cloned(),
        _ => None,
    };
    let Some(notes) = notes else {
        return vec![];
    };
    let items = notes
        .as_list()
        .map(|l| l.borrow().clone())
        .unwrap_or_default();
    items
        .iter()
        .map(|n| match n.as_str() {
            Some(s) => s.as_str().to_string(),
            None => vm
                .str_of(n)
                .unwrap_or_else(|_| "<note str() failed>".to_string()),
        })
        .collect()
}

/// The fields `SyntaxError(msg, (filename, lineno, offset, text[, end_lineno, end_offset]))`
/// sets, in order.
const SYNTAX_FIELDS: [&str; 6] = [
    "filename",
    "lineno",
    "offset",
    "text",
    "end_lineno",
    "end_offset",
];

fn syntax_error_init(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let (obj, a) = (&args[0], &args[1..]);
    set_args(obj, a);
    obj.set_inst_attr("msg", a.first().cloned().unwrap_or(Value::NONE));
    for f in SYNTAX_FIELDS {
        obj.set_inst_attr(f, Value::NONE);
    }
    obj.set_inst_attr("print_file_and_line", Value::NONE);
    if a.len() == 2 {
        let info = vm.collect(&a[1])?;
        if info.len() != 4 && info.len() != 6 {
            return Err(vm.index_error("tuple index out of range"));
        }
        for (f, v) in SYNTAX_FIELDS.iter().zip(info) {
            obj.set_inst_attr(f, v);
        }
    }
    Ok(Value::NONE)
}

/// `msg (file.py, line N)`: CPython shows the file's base name.
fn syntax_error_str(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let obj = &args[0];
    let msg = vm.str_of(&obj.inst_attr("msg"))?;
    let filename = obj.inst_attr("filename");
    let lineno = obj.inst_attr("lineno").as_int64();
    let file = filename
        .as_str()
        .map(|s| s.as_str().rsplit('/').next().unwrap_or("").to_string());
    Ok(Value::string(match (file, lineno) {
        (Some(f), Some(l)) => format!("{msg} ({f}, line {l})"),
        (Some(f), None) => format!("{msg} ({f})"),
        (None, Some(l)) => format!("{msg} (line {l})"),
        (None, None) => msg,
    }))
}

/// The location block CPython prints above a SyntaxError's last line (`  File "x.py", line
/// 3` / the source line / carets), and the suffix of that last line; `None` for other
/// exceptions.
pub fn syntax_error_location(vm: &mut Vm, exc: &Value) -> Option<(String, String)> {
    if !vm.exc_matches(exc, &vm.exc.syntax_error.clone()) {
        return None;
    }
    let mut out = String::new();
    let mut suffix = String::new();
    let filename = exc.inst_attr("filename");
    let lineno = exc.inst_attr("lineno");
    if let Some(l) = lineno.as_int64() {
        let f = match filename.as_str() {
            Some(s) if !s.as_str().is_empty() => s.as_str().to_string(),
            _ => "<string>".to_string(),
        };
        out.push_str(&format!("  File \"{f}\", line {l}\n"));
    } else if let Some(f) = filename.as_str() {
        suffix = format!(" ({})", f.as_str());
    }
    if let Some(text) = exc.inst_attr("text").as_str() {
        let rtext = text.as_str().trim_end_matches('\n');
        let ltext = rtext.trim_start_matches([' ', '\n', '\x0c']);
        let spaces = rtext.chars().count() - ltext.chars().count();
        out.push_str(&format!("    {ltext}\n"));
        if let Some(offset) = exc.inst_attr("offset").as_int64() {
            let mut end = exc.inst_attr("end_offset").as_int64().unwrap_or(0);
            if end == 0 {
                end = offset;
            }
            if offset == end || end == -1 {
                end = offset + 1;
            }
            let col = offset - 1 - spaces as i64;
            let end_col = end - 1 - spaces as i64;
            if col >= 0 {
                let pad: String = ltext
                    .chars()
                    .take(col as usize)
                    .map(|c| if c.is_whitespace() { c } else { ' ' })
                    .collect();
                let carets = "^".repeat((end_col - col).max(0) as usize);
                out.push_str(&format!("    {pad}{carets}\n"));
            }
        }
    }
    Some((out, suffix))
}
