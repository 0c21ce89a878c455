//! `_string`: the `str.format` parser for Lib's `string.Formatter` — `formatter_parser`
//! and `formatter_field_name_split`, over the same grammar as `str.format`
//! (`numfmt::markup`).

use crate::numfmt::markup::{parse, split_name, Key};
use crate::object::native::NativeIterator;
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::cell::RefCell;
use std::collections::VecDeque;

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    super::new_native_module(
        vm,
        "_string",
        &[
            ("formatter_parser", formatter_parser),
            ("formatter_field_name_split", formatter_field_name_split),
        ],
    );
}

/// Yields prepared items, then raises the error that ended parsing (if any), as CPython's
/// lazy iterators do.
struct Items {
    items: RefCell<VecDeque<Value>>,
    error: RefCell<Option<&'static str>>,
}

impl NativeIterator for Items {
    fn next(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        if let Some(v) = self.items.borrow_mut().pop_front() {
            return Ok(Some(v));
        }
        match self.error.borrow_mut().take() {
            Some(e) => Err(vm.value_error(e)),
            None => Ok(None),
        }
    }
}

fn items(
    vm: &mut Vm,
    key: &'static str,
    name: &'static str,
    items: Vec<Value>,
    error: Option<&'static str>,
) -> Value {
    let t = vm.native_type(key, |vm| vm.new_native_type("builtins", name, &[], true));
    let data = Items {
        items: RefCell::new(items.into()),
        error: RefCell::new(error),
    };
    vm.new_native(&t, &t, data)
}

fn the_str(vm: &Vm, args: &[Value], fname: &str) -> PyResult<String> {
    crate::builtins::check_arity(vm, fname, args, 1, 1)?;
    match args[0].str_or_subclass() {
        Some(s) => Ok(s.as_str().to_string()),
        None => {
            let tn = vm.type_name(&args[0]);
            Err(vm.type_error(format!("{fname}() argument must be str, not {tn}")))
        }
    }
}

/// `formatter_parser(s)`: `(literal, field_name, format_spec, conversion)` per piece.
fn formatter_parser(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = the_str(vm, args, "formatter_parser")?;
    let (pieces, error) = parse(&s);
    let out = pieces
        .into_iter()
        .map(|p| {
            let (name, spec, conv) = match p.field {
                Some(f) => (
                    Value::string(f.name),
                    Value::string(f.spec),
                    f.conversion
                        .map_or(Value::NONE, |c| Value::string(c.to_string())),
                ),
                None => (Value::NONE, Value::NONE, Value::NONE),
            };
            Value::tuple(vec![Value::string(p.literal), name, spec, conv])
        })
        .collect();
    Ok(items(
        vm,
        "_string.formatteriterator",
        "formatteriterator",
        out,
        error,
    ))
}

fn key_value(k: Key) -> Value {
    match k {
        Key::Index(n) => Value::int(n as i64),
        Key::Name(s) => Value::string(s),
    }
}

/// `formatter_field_name_split(name)`: `(first, iterator of (is_attribute, key))`.
fn formatter_field_name_split(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = the_str(vm, args, "formatter_field_name_split")?;
    // The first part splits off at once; errors in the rest come from the iterator.
    let end = s.find(['.', '[']).unwrap_or(s.len());
    let (first, rest, error) = match split_name(&s) {
        Ok((first, rest)) => (first, rest, None),
        Err(e) => (
            split_name(&s[..end])
                .map(|r| r.0)
                .unwrap_or(Key::Name(String::new())),
            vec![],
            Some(e),
        ),
    };
    let rest = rest
        .into_iter()
        .map(|(attr, k)| Value::tuple(vec![Value::bool(attr), key_value(k)]))
        .collect();
    let it = items(
        vm,
        "_string.fieldnameiterator",
        "fieldnameiterator",
        rest,
        error,
    );
    Ok(Value::tuple(vec![key_value(first), it]))
}
