//! `_ast`: CPython 3.11's AST node classes (from the generated [`nodes`] table) under
//! Lib's `ast`, and the trees `compile(..., PyCF_ONLY_AST)` returns: the host CPython
//! parses the source (it already compiles pycrane's bytecode) and sends the tree back
//! as nested tuples (`(name, fields, attributes)`), which become instances of these
//! classes.

mod nodes;

use crate::pyc::Const;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

/// `PyCF_ONLY_AST`, `PyCF_TYPE_COMMENTS`, `PyCF_ALLOW_TOP_LEVEL_AWAIT`.
pub const ONLY_AST: i64 = 0x400;

pub fn install(vm: &mut Vm) {
    let classes = node_classes(vm);
    let d = super::new_native_module(vm, "_ast", &[]);
    if let Some(d) = d.as_dict() {
        let mut d = d.borrow_mut();
        if let Some(list) = classes.as_list() {
            for c in list.borrow().iter() {
                if let Some(t) = c.as_type() {
                    d.set_str(&t.name(), c.clone());
                }
            }
        }
        d.set_str("PyCF_ONLY_AST", Value::int(ONLY_AST));
        d.set_str("PyCF_TYPE_COMMENTS", Value::int(0x1000));
        d.set_str("PyCF_ALLOW_TOP_LEVEL_AWAIT", Value::int(0x2000));
    }
}

fn str_tuple(names: &[&str]) -> Value {
    Value::tuple(names.iter().map(|n| Value::str(n)).collect())
}

/// `AST` and every node class, made once (bases before subclasses).
fn node_classes(vm: &mut Vm) -> Value {
    if let Some(c) = vm.native_types.get("_ast.classes") {
        return c.clone();
    }
    let object = vm.types.object.clone();
    let ast = crate::vm::native_class(
        "ast",
        "AST",
        crate::object::TypeKind::Instance,
        &object,
        false,
    );
    crate::builtins::add_methods(
        &ast,
        "AST",
        &[("__init__", ast_init), ("__reduce__", ast_reduce)],
    );
    if let Some(t) = ast.as_type() {
        let mut d = t.dict.borrow_mut();
        d.set_str("_fields", Value::tuple(vec![]));
        d.set_str("_attributes", Value::tuple(vec![]));
        d.set_str("__match_args__", Value::tuple(vec![]));
    }
    let mut made: Vec<Value> = vec![ast.clone()];
    for &(name, base, fields, attrs, optional) in nodes::NODES {
        let base_cls = made
            .iter()
            .find(|c| c.as_type().is_some_and(|t| *t.name() == *base))
            .cloned()
            .unwrap_or_else(|| ast.clone());
        let mut ns = crate::object::Dict::new();
        ns.set_str("__module__", Value::str("ast"));
        ns.set_str("_fields", str_tuple(fields));
        ns.set_str("_attributes", str_tuple(attrs));
        ns.set_str("__match_args__", str_tuple(fields));
        for o in optional {
            ns.set_str(o, Value::NONE);
        }
        let args = [
            Value::str(name),
            Value::tuple(vec![base_cls]),
            Value::dict(ns),
        ];
        if let Ok(c) = vm.call_type_3(&args, &[]) {
            made.push(c);
        }
    }
    let list = Value::list(made);
    vm.native_types.insert("_ast.classes", list.clone());
    list
}

/// `AST(*args, **kwargs)`: positional arguments fill `_fields` in order, keywords set
/// any attribute.
fn ast_init(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let this = &args[0];
    let cls = vm.type_of(this);
    let fields = vm.getattr_str(&cls, "_fields")?;
    let names = vm.collect(&fields)?;
    let given = &args[1..];
    if given.len() > names.len() {
        let tn = cls
            .as_type()
            .map_or(String::new(), |t| t.name().to_string());
        let n = names.len();
        let s = if n == 1 { "" } else { "s" };
        return Err(vm.type_error(format!(
            "{tn} constructor takes at most {n} positional argument{s}"
        )));
    }
    for (name, v) in names.iter().zip(given) {
        vm.setattr(this, name, v.clone())?;
    }
    for (k, v) in kw {
        vm.setattr(this, k, v.clone())?;
    }
    Ok(Value::NONE)
}

/// `node.__reduce__()`: (type, (), __dict__).
fn ast_reduce(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let this = &args[0];
    let cls = vm.type_of(this);
    let dict = match this.as_instance() {
        Some(i) => Value::dict(i.dict.borrow().clone()),
        None => Value::NONE,
    };
    Ok(Value::tuple(vec![cls, Value::tuple(vec![]), dict]))
}

/// The node objects for a tree the host serialized: a tuple is a node
/// `(name, field values, attribute values)`, a list a list, anything else a value.
pub fn build(vm: &mut Vm, c: &Const) -> PyResult<Value> {
    match c {
        Const::Tuple(parts) if parts.len() == 3 => {
            let Const::Str(name) = &parts[0] else {
                return Err(vm.system_error("malformed AST from the host compiler"));
            };
            let Some(&(_, _, fields, attrs, _)) = nodes::NODES.iter().find(|n| n.0 == &**name)
            else {
                return Err(vm.system_error(format!("unknown AST node {name}")));
            };
            let classes = node_classes(vm);
            let cls = classes
                .as_list()
                .and_then(|l| {
                    l.borrow()
                        .iter()
                        .find(|c| c.as_type().is_some_and(|t| *t.name() == **name))
                        .cloned()
                })
                .unwrap_or(Value::NONE);
            let obj = vm.new_instance(&cls, &[])?;
            let (Const::Tuple(fv), Const::Tuple(av)) = (&parts[1], &parts[2]) else {
                return Err(vm.system_error("malformed AST from the host compiler"));
            };
            for (n, v) in fields
                .iter()
                .zip(fv.iter())
                .chain(attrs.iter().zip(av.iter()))
            {
                let value = build(vm, v)?;
                vm.setattr(&obj, &Value::str(n), value)?;
            }
            Ok(obj)
        }
        Const::List(items) => {
            let mut out = Vec::with_capacity(items.len());
            for it in items.iter() {
                out.push(build(vm, it)?);
            }
            Ok(Value::list(out))
        }
        other => vm.const_value(other).map_err(|e| vm.system_error(e)),
    }
}
