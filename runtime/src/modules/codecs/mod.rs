//! `_codecs`: the codec registry (search functions, the lookup cache, error handlers) and
//! the built-in codecs' functions that Lib's `codecs` and `encodings` package call
//! (`utf_8_decode`, `charmap_encode`, `unicode_escape_decode`...).
//!
//! The registry works as CPython's: `lookup` normalizes the name, imports `encodings`
//! the first time (which registers its search function), asks each search function in
//! turn and caches the `CodecInfo`. `str.encode`/`bytes.decode` use it for every
//! encoding that the runtime does not implement natively.

mod text;

use crate::builtins::{bind, codecs as native};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    super::new_native_module(
        vm,
        "_codecs",
        &[
            ("register", register),
            ("unregister", unregister),
            ("lookup", lookup),
            ("encode", encode),
            ("decode", decode),
            ("register_error", register_error),
            ("lookup_error", lookup_error),
            ("_forget_codec", forget_codec),
            ("utf_8_encode", text::utf_8_encode),
            ("utf_8_decode", text::utf_8_decode),
            ("latin_1_encode", text::latin_1_encode),
            ("latin_1_decode", text::latin_1_decode),
            ("ascii_encode", text::ascii_encode),
            ("ascii_decode", text::ascii_decode),
            ("charmap_encode", text::charmap_encode),
            ("charmap_decode", text::charmap_decode),
            ("charmap_build", text::charmap_build),
            ("unicode_escape_encode", text::unicode_escape_encode),
            ("unicode_escape_decode", text::unicode_escape_decode),
            ("raw_unicode_escape_encode", text::raw_unicode_escape_encode),
            ("raw_unicode_escape_decode", text::raw_unicode_escape_decode),
            ("escape_encode", text::escape_encode),
            ("escape_decode", text::escape_decode),
            ("readbuffer_encode", text::readbuffer_encode),
            ("utf_16_encode", text::utf_16_encode),
            ("utf_16_le_encode", text::utf_16_le_encode),
            ("utf_16_be_encode", text::utf_16_be_encode),
            ("utf_16_decode", text::utf_16_decode),
            ("utf_16_le_decode", text::utf_16_le_decode),
            ("utf_16_be_decode", text::utf_16_be_decode),
            ("utf_16_ex_decode", text::utf_16_ex_decode),
            ("utf_32_encode", text::utf_32_encode),
            ("utf_32_le_encode", text::utf_32_le_encode),
            ("utf_32_be_encode", text::utf_32_be_encode),
            ("utf_32_decode", text::utf_32_decode),
            ("utf_32_le_decode", text::utf_32_le_decode),
            ("utf_32_be_decode", text::utf_32_be_decode),
            ("utf_32_ex_decode", text::utf_32_ex_decode),
        ],
    );
}

/// The registry's search functions, lookup cache and error handlers (kept in the
/// native-type registry so they live as long as the interpreter).
fn search_functions(vm: &mut Vm) -> Value {
    vm.native_type("_codecs.search", |_| Value::list(vec![]))
}

fn cache(vm: &mut Vm) -> Value {
    vm.native_type("_codecs.cache", |_| Value::dict(crate::object::Dict::new()))
}

fn error_handlers(vm: &mut Vm) -> Value {
    vm.native_type("_codecs.errors", |_| {
        let mut d = crate::object::Dict::new();
        for (name, f) in text::ERROR_HANDLERS {
            d.set_str(name.0, crate::builtins::native(name.1, *f));
        }
        Value::dict(d)
    })
}

fn str_arg(vm: &Vm, v: &Option<Value>, fname: &str, what: &str, default: &str) -> PyResult<String> {
    match v {
        None => Ok(default.to_string()),
        Some(v) => match v.as_str() {
            Some(s) => Ok(s.as_str().to_string()),
            None => {
                let tn = vm.type_name(v);
                Err(vm.type_error(format!("{fname}() argument '{what}' must be str, not {tn}")))
            }
        },
    }
}

/// CPython's name normalization for the registry: lower case, and each run of
/// characters other than letters, digits and dots becomes one underscore.
fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut punct = false;
    for c in name.chars() {
        if c.is_alphanumeric() || c == '.' {
            if punct && !out.is_empty() {
                out.push('_');
            }
            out.extend(c.to_lowercase());
            punct = false;
        } else {
            punct = true;
        }
    }
    out
}

fn register(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [f] = bind(vm, "register", args, kw, ["search_function"], 1)?;
    let f = f.unwrap_or(Value::NONE);
    if !vm.is_callable(&f) {
        return Err(vm.type_error("argument must be callable"));
    }
    let list = search_functions(vm);
    vm.list_append(&list, f)?;
    Ok(Value::NONE)
}

fn unregister(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [f] = bind(vm, "unregister", args, kw, ["search_function"], 1)?;
    let f = f.unwrap_or(Value::NONE);
    let list = search_functions(vm);
    if let Some(l) = list.as_list() {
        l.borrow_mut().retain(|x| !x.is(&f));
    }
    let c = cache(vm);
    if let Some(d) = c.as_dict() {
        *d.borrow_mut() = crate::object::Dict::new();
    }
    Ok(Value::NONE)
}

/// The `CodecInfo` for `encoding`, or `LookupError: unknown encoding: X`.
pub fn lookup_codec(vm: &mut Vm, encoding: &str) -> PyResult<Value> {
    let key = Value::string(normalize(encoding));
    let c = cache(vm);
    if let Some(hit) = vm.dict_get(&c, &key)? {
        return Ok(hit);
    }
    let list = search_functions(vm);
    if vm.len(&list)? == 0 {
        vm.import_absolute("encodings")?;
    }
    for f in vm.collect(&list)? {
        let r = vm.call(&f, std::slice::from_ref(&key), &[])?;
        if r.is_none() {
            continue;
        }
        if tuple_items(&r).is_none_or(|t| t.len() != 4) {
            return Err(vm.type_error("codec search functions must return 4-tuples"));
        }
        vm.dict_set(&c, key, r.clone())?;
        return Ok(r);
    }
    Err(vm.new_error(
        &vm.exc.lookup_error.clone(),
        &format!("unknown encoding: {encoding}"),
    ))
}

/// The items of a tuple or of an instance of a tuple subclass (`CodecInfo`).
fn tuple_items(v: &Value) -> Option<Vec<Value>> {
    if let Some(t) = v.as_tuple() {
        return Some(t.to_vec());
    }
    v.as_instance()
        .and_then(|i| i.base_value.as_tuple().map(<[Value]>::to_vec))
}

fn lookup(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [e] = bind(vm, "lookup", args, kw, ["encoding"], 1)?;
    let e = str_arg(vm, &e, "lookup", "encoding", "")?;
    lookup_codec(vm, &e)
}

fn forget_codec(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [e] = bind(vm, "_forget_codec", args, kw, ["encoding"], 1)?;
    let e = str_arg(vm, &e, "_forget_codec", "encoding", "")?;
    let c = cache(vm);
    vm.dict_del(&c, &Value::string(normalize(&e)))?;
    Ok(Value::NONE)
}

/// Encodes or decodes `obj` with the registered codec (`which`: 0 encoder, 1 decoder).
pub fn run_codec(
    vm: &mut Vm,
    obj: &Value,
    encoding: &str,
    errors: &str,
    which: usize,
) -> PyResult<Value> {
    let info = lookup_codec(vm, encoding)?;
    let f = tuple_items(&info).map_or(Value::NONE, |t| t[which].clone());
    let r = vm.call(&f, &[obj.clone(), Value::str(errors)], &[])?;
    match tuple_items(&r).as_deref() {
        Some(t) if t.len() == 2 => Ok(t[0].clone()),
        _ => Err(vm.type_error(if which == 0 {
            "encoder must return a tuple (object, integer)"
        } else {
            "decoder must return a tuple (object, integer)"
        })),
    }
}

fn encode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [obj, e, r] = bind(vm, "encode", args, kw, ["obj", "encoding", "errors"], 1)?;
    let obj = obj.unwrap_or(Value::NONE);
    let e = str_arg(vm, &e, "encode", "encoding", "utf-8")?;
    let r = str_arg(vm, &r, "encode", "errors", "strict")?;
    if let (Some(s), Ok(_)) = (obj.as_str(), native::lookup_codec(vm, &e)) {
        let text = s.as_str().to_string();
        return Ok(Value::bytes(native::encode(vm, &text, &e, &r)?));
    }
    run_codec(vm, &obj, &e, &r, 0)
}

fn decode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [obj, e, r] = bind(vm, "decode", args, kw, ["obj", "encoding", "errors"], 1)?;
    let obj = obj.unwrap_or(Value::NONE);
    let e = str_arg(vm, &e, "decode", "encoding", "utf-8")?;
    let r = str_arg(vm, &r, "decode", "errors", "strict")?;
    if let (Some(b), Ok(_)) = (obj.bytes_data(), native::lookup_codec(vm, &e)) {
        return Ok(Value::string(native::decode(vm, &b, &e, &r)?));
    }
    run_codec(vm, &obj, &e, &r, 1)
}

fn register_error(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [n, h] = bind(vm, "register_error", args, kw, ["errors", "handler"], 2)?;
    let n = str_arg(vm, &n, "register_error", "errors", "")?;
    let h = h.unwrap_or(Value::NONE);
    if !vm.is_callable(&h) {
        return Err(vm.type_error("handler must be callable"));
    }
    let d = error_handlers(vm);
    vm.dict_set(&d, Value::string(n), h)?;
    Ok(Value::NONE)
}

fn lookup_error(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [n] = bind(vm, "lookup_error", args, kw, ["name"], 1)?;
    let n = str_arg(vm, &n, "lookup_error", "name", "")?;
    let d = error_handlers(vm);
    match vm.dict_get(&d, &Value::str(&n))? {
        Some(h) => Ok(h),
        None => Err(vm.new_error(
            &vm.exc.lookup_error.clone(),
            &format!("unknown error handler name '{n}'"),
        )),
    }
}
