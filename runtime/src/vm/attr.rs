//! Attribute access: the MRO walk, descriptors (functions, properties, static/class
//! methods), instance dicts, special attributes of built-in objects, and `__getattr__`.

use crate::bytecode::opcode::Opcode;
use crate::object::str::hash_str;
use crate::object::{BuiltinFn, Generator, Obj};
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::cell::RefCell;

/// Entries in the type attribute cache (a power of two).
pub const TYPE_CACHE_SIZE: usize = 4096;

/// One remembered `lookup_type` result. Holding the class keeps its address from being
/// reused by another class while the entry exists.
pub struct TypeCacheEntry {
    class: Value,
    name: Box<str>,
    hash: u64,
    epoch: u64,
    value: Option<Value>,
}

impl Vm {
    /// Finds `name` in the type's MRO (the type itself first).
    pub fn lookup_type(&self, t: &Value, name: &str) -> Option<Value> {
        self.lookup_type_hashed(t, name, hash_str(name))
    }

    /// `lookup_type` with the name's hash computed once for the whole MRO walk. Results are
    /// remembered in the type attribute cache (as CPython's method cache does) until any
    /// class's namespace changes.
    pub fn lookup_type_hashed(&self, t: &Value, name: &str, hash: u64) -> Option<Value> {
        let slot = ((t.addr() >> 4) ^ hash) as usize & (TYPE_CACHE_SIZE - 1);
        let epoch = self.type_epoch.get();
        if let Some(e) = &self.type_cache.borrow()[slot] {
            if e.epoch == epoch && e.hash == hash && e.class.is(t) && &*e.name == name {
                return e.value.clone();
            }
        }
        let found = self.lookup_type_uncached(t, name, hash);
        self.type_cache.borrow_mut()[slot] = Some(TypeCacheEntry {
            class: t.clone(),
            name: name.into(),
            hash,
            epoch,
            value: found.clone(),
        });
        found
    }

    /// A class namespace changed: forget every cached type attribute lookup.
    pub fn type_changed(&self) {
        self.type_epoch.set(self.type_epoch.get() + 1);
    }

    fn lookup_type_uncached(&self, t: &Value, name: &str, hash: u64) -> Option<Value> {
        let ty = t.as_type()?;
        if let Some(v) = ty.dict.borrow().get_str_hashed(name, hash) {
            return Some(v.clone());
        }
        for m in ty.mro.borrow().iter() {
            if let Some(mt) = m.as_type() {
                if let Some(v) = mt.dict.borrow().get_str_hashed(name, hash) {
                    return Some(v.clone());
                }
            }
        }
        None
    }

    /// Binds a class attribute found on `obj`'s type, as the descriptor protocol does.
    pub fn bind(&mut self, attr: Value, obj: &Value, cls: &Value) -> PyResult<Value> {
        Ok(match attr.obj() {
            Some(Obj::Function(_)) => Value::new_obj(Obj::Method(obj.clone(), attr.clone())),
            Some(Obj::Builtin(b)) if is_method_descriptor(&attr) => bind_builtin(b, obj),
            Some(Obj::StaticMethod(f)) => f.clone(),
            Some(Obj::ClassMethod(f)) => Value::new_obj(Obj::Method(cls.clone(), f.clone())),
            Some(Obj::Property(p)) => {
                let getter = p[0].clone();
                if getter.is_none() {
                    return Err(self.attribute_error("property has no getter"));
                }
                self.call(&getter, std::slice::from_ref(obj), &[])?
            }
            Some(Obj::Instance(_)) => {
                let t = self.type_of(&attr);
                match self.lookup_type_hashed(&t, "__get__", self.name_hashes.get) {
                    Some(g) => self.call(&g, &[attr.clone(), obj.clone(), cls.clone()], &[])?,
                    None => attr,
                }
            }
            _ => attr,
        })
    }

    pub fn getattr_str(&mut self, obj: &Value, name: &str) -> PyResult<Value> {
        self.getattr(obj, &Value::str(name))
    }

    /// `getattr(obj, name)`, or None if it raises AttributeError.
    pub fn getattr_opt(&mut self, obj: &Value, name: &Value) -> PyResult<Option<Value>> {
        match self.getattr(obj, name) {
            Ok(v) => Ok(Some(v)),
            Err(e) if self.exc_matches(&e, &self.exc.attribute_error.clone()) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub fn getattr(&mut self, obj: &Value, name: &Value) -> PyResult<Value> {
        let (n, hash) = match name.as_str() {
            Some(s) => (s.as_str(), s.hash()),
            None => ("", hash_str("")),
        };
        match self.getattr_inner(obj, n, hash)? {
            Some(v) => Ok(v),
            None => {
                if obj.as_instance().is_some() || is_module_subclass_instance(obj) {
                    let t = self.type_of(obj);
                    if let Some(ga) = self.lookup_type(&t, "__getattr__") {
                        return self.call(&ga, &[obj.clone(), name.clone()], &[]);
                    }
                }
                if n == "__doc__" {
                    // Every type has a `__doc__` (pycrane keeps no docstrings of built-ins).
                    return Ok(Value::NONE);
                }
                if let Some(Obj::Module(m)) = obj.obj() {
                    // PEP 562: a module's own `__getattr__`.
                    let ga = m
                        .dict
                        .as_dict()
                        .and_then(|d| d.borrow().get_str("__getattr__").cloned());
                    if let Some(ga) = ga {
                        return self.call(&ga, std::slice::from_ref(name), &[]);
                    }
                }
                Err(self.no_attribute(obj, n))
            }
        }
    }

    pub fn no_attribute(&self, obj: &Value, name: &str) -> Value {
        let msg = match obj.obj() {
            Some(Obj::Type(t)) => format!("type object '{}' has no attribute '{name}'", t.name()),
            Some(Obj::Module(m)) => {
                let mname = m
                    .dict
                    .as_dict()
                    .and_then(|d| d.borrow().get_str("__name__").cloned())
                    .and_then(|n| n.as_str().map(|s| s.as_str().to_string()))
                    .unwrap_or_else(|| m.name.to_string());
                if self.module_initializing(obj) {
                    format!(
                        "partially initialized module '{mname}' has no attribute '{name}' \
                         (most likely due to a circular import)"
                    )
                } else {
                    format!("module '{mname}' has no attribute '{name}'")
                }
            }
            _ => format!("'{}' object has no attribute '{name}'", self.type_name(obj)),
        };
        let e = self.attribute_error(msg);
        if let Some(i) = e.as_instance() {
            let mut d = i.dict.borrow_mut();
            d.set_str("name", Value::str(name));
            d.set_str("obj", obj.clone());
        }
        e
    }

    fn getattr_inner(&mut self, obj: &Value, name: &str, hash: u64) -> PyResult<Option<Value>> {
        if name == "__class__" {
            return Ok(Some(self.type_of(obj)));
        }
        match obj.obj() {
            Some(Obj::Instance(inst)) => {
                let cls = obj.class();
                let attr = self.lookup_type_hashed(&cls, name, hash);
                if let Some(a) = &attr {
                    if self.is_data_descriptor(a) {
                        return self.bind(a.clone(), obj, &cls).map(Some);
                    }
                }
                if let Some(v) = inst.dict.borrow().get_str_hashed(name, hash) {
                    return Ok(Some(v.clone()));
                }
                if let Some(d) = &inst.exc {
                    let d = d.borrow();
                    match name {
                        "args" => return Ok(Some(d.args.clone())),
                        "__cause__" => return Ok(Some(d.cause.clone())),
                        "__context__" => return Ok(Some(d.context.clone())),
                        "__suppress_context__" => return Ok(Some(Value::bool(d.suppress_context))),
                        "__traceback__" => {
                            drop(d);
                            return crate::builtins::traceback_object(self, obj).map(Some);
                        }
                        _ => {}
                    }
                }
                if name == "__dict__" && self.slot_names(&cls)?.is_none() {
                    return Ok(Some(Value::new_obj(Obj::InstDict(obj.clone()))));
                }
                match attr {
                    Some(a) => self.bind(a, obj, &cls).map(Some),
                    // The built-in's own attributes (`real`, `imag`, `numerator`...).
                    None if !inst.base_value.is_null() => {
                        let inner = inst.base_value.clone();
                        self.getattr_inner(&inner, name, hash)
                    }
                    None => Ok(None),
                }
            }
            Some(Obj::Type(t)) => {
                match name {
                    "__name__" => return Ok(Some(Value::str(&t.name()))),
                    "__qualname__" => return Ok(Some(Value::str(&t.qualname.borrow()))),
                    "__module__" => return Ok(Some(Value::str(&t.module.borrow()))),
                    "__bases__" => return Ok(Some(Value::tuple(t.bases.borrow().clone()))),
                    "__base__" => {
                        return Ok(Some(
                            t.bases.borrow().first().cloned().unwrap_or(Value::NONE),
                        ));
                    }
                    "__mro__" => {
                        let mut v = vec![obj.clone()];
                        v.extend(t.mro.borrow().iter().cloned());
                        return Ok(Some(Value::tuple(v)));
                    }
                    "__dict__" => {
                        let d = t.dict.borrow().clone();
                        return Ok(Some(Value::dict(d)));
                    }
                    _ => {}
                }
                self.type_getattr(obj, name)
            }
            Some(Obj::Module(m)) => {
                if name == "__dict__" {
                    return Ok(Some(m.dict.clone()));
                }
                // An instance of a subclass of `module`: its class's data descriptors come
                // before the module's namespace.
                let cls = (!obj.has_variant_type()).then(|| obj.class());
                let attr = match &cls {
                    Some(c) => self.lookup_type_hashed(c, name, hash),
                    None => None,
                };
                if let (Some(a), Some(c)) = (&attr, &cls) {
                    if self.is_data_descriptor(a) {
                        return self.bind(a.clone(), obj, c).map(Some);
                    }
                }
                let own = m
                    .dict
                    .as_dict()
                    .and_then(|d| d.borrow().get_str_hashed(name, hash).cloned());
                match (own, attr, cls) {
                    (Some(v), _, _) => Ok(Some(v)),
                    (None, Some(a), Some(c)) => self.bind(a, obj, &c).map(Some),
                    _ => self.generic_type_attr(obj, name),
                }
            }
            Some(Obj::Function(f)) => Ok(match name {
                "__name__" => Some(f.name.borrow().clone()),
                "__qualname__" => Some(f.qualname.borrow().clone()),
                "__module__" => Some(f.module.clone()),
                "__defaults__" => Some(none_if_null(f.defaults.borrow().clone())),
                "__kwdefaults__" => Some(none_if_null(f.kwdefaults.borrow().clone())),
                "__closure__" => Some(none_if_null(f.closure.clone())),
                "__globals__" => Some(f.globals.clone()),
                "__code__" => Some(Value::new_obj(Obj::Code(f.code.clone()))),
                "__annotations__" => Some(crate::builtins::annotations_of(f)),
                "__dict__" => Some(Value::dict(f.dict.borrow().clone())),
                "__doc__" => Some(f.dict.borrow().get_str("__doc__").cloned().unwrap_or_else(
                    || match f.code.consts.first() {
                        Some(c) if c.as_str().is_some() => c.clone(),
                        _ => Value::NONE,
                    },
                )),
                _ => match f.dict.borrow().get_str(name) {
                    Some(v) => Some(v.clone()),
                    None => self.generic_type_attr(obj, name)?,
                },
            }),
            Some(Obj::Method(s, func)) => Ok(match name {
                "__self__" => Some(s.clone()),
                "__func__" => Some(func.clone()),
                _ => self.getattr_inner(&func.clone(), name, hash)?,
            }),
            Some(Obj::Builtin(b)) => Ok(match name {
                "__name__" => Some(Value::str(b.name)),
                "__qualname__" => Some(Value::string(if b.owner.is_empty() {
                    b.name.to_string()
                } else {
                    format!("{}.{}", b.owner, b.name)
                })),
                "__self__" => Some(none_if_null(b.bound.clone())),
                _ => self.generic_type_attr(obj, name)?,
            }),
            Some(Obj::Complex(re, im)) => Ok(match name {
                "real" => Some(Value::float(*re)),
                "imag" => Some(Value::float(*im)),
                _ => self.generic_type_attr(obj, name)?,
            }),
            Some(Obj::Code(c)) => match crate::builtins::code_attr(c, name) {
                Some(v) => Ok(Some(v)),
                None => self.generic_type_attr(obj, name),
            },
            Some(Obj::Slice(s)) => Ok(match name {
                "start" => Some(s[0].clone()),
                "stop" => Some(s[1].clone()),
                "step" => Some(s[2].clone()),
                _ => self.generic_type_attr(obj, name)?,
            }),
            Some(Obj::BigRange(r)) => match Vm::bigrange_attr(r, name) {
                Some(v) => Ok(Some(v)),
                None => self.generic_type_attr(obj, name),
            },
            Some(Obj::Range(r)) => match Vm::range_attr(r, name) {
                Some(v) => Ok(Some(v)),
                None => self.generic_type_attr(obj, name),
            },
            Some(Obj::Generator(g)) => match name {
                "__name__" => Ok(Some(Value::str(&g.borrow().name))),
                "__qualname__" => Ok(Some(Value::str(&g.borrow().qualname))),
                "gi_running" => Ok(Some(Value::bool(g.borrow().running))),
                "gi_suspended" => {
                    let g = g.borrow();
                    let started = g.frame.as_ref().is_some_and(|f| {
                        f.code
                            .instrs
                            .get(f.lasti)
                            .is_some_and(|i| i.op != Opcode::ReturnGenerator)
                    });
                    Ok(Some(Value::bool(!g.running && started)))
                }
                "gi_frame" => self.generator_frame(g).map(Some),
                "gi_code" => {
                    let code = g.borrow().frame.as_ref().map(|f| f.code.clone());
                    Ok(Some(
                        code.map_or(Value::NONE, |c| Value::new_obj(Obj::Code(c))),
                    ))
                }
                _ => self.generic_type_attr(obj, name),
            },
            Some(Obj::Property(p)) => Ok(match name {
                "fget" => Some(p[0].clone()),
                "fset" => Some(p[1].clone()),
                "fdel" => Some(p[2].clone()),
                _ => self.generic_type_attr(obj, name)?,
            }),
            Some(Obj::StaticMethod(f) | Obj::ClassMethod(f)) if name == "__func__" => {
                Ok(Some(f.clone()))
            }
            Some(Obj::Super(cls, o)) => self.super_getattr(cls, o, name),
            _ => {
                if obj.is_int() || obj.is_float() {
                    match name {
                        "real" => {
                            return Ok(Some(if obj.is_bool() {
                                Value::int(obj.as_bool().unwrap_or(false) as i64)
                            } else {
                                obj.clone()
                            }))
                        }
                        "imag" => {
                            return Ok(Some(if obj.is_float() {
                                Value::float(0.0)
                            } else {
                                Value::int(0)
                            }))
                        }
                        "numerator" if obj.is_int() => {
                            return Ok(Some(Value::bigint(self.to_bigint(obj).unwrap_or_default())))
                        }
                        "denominator" if obj.is_int() => return Ok(Some(Value::int(1))),
                        _ => {}
                    }
                }
                self.generic_type_attr(obj, name)
            }
        }
    }

    /// Looks `name` up on the object's type and binds it.
    /// `gen.gi_frame`: None once the generator finished; else a snapshot `frame` object
    /// (`f_code`, `f_lineno`, `f_globals`, `f_back`) of where it is paused. pycrane has no
    /// live frame objects, so a later step of the generator does not update it.
    fn generator_frame(&mut self, g: &RefCell<Generator>) -> PyResult<Value> {
        let (code, lasti, globals) = match &g.borrow().frame {
            Some(f) => (f.code.clone(), f.lasti, f.globals.clone()),
            None => return Ok(Value::NONE),
        };
        self.frame_snapshot(code, lasti, globals)
    }

    /// A `frame` object describing code `code` at instruction `lasti` run with `globals`:
    /// `f_code`, `f_lineno`, `f_lasti`, `f_globals`, `f_back` (None). pycrane has no live
    /// frame objects, so it does not change as that frame runs on.
    pub fn frame_snapshot(
        &mut self,
        code: std::rc::Rc<crate::object::Code>,
        lasti: usize,
        globals: Value,
    ) -> PyResult<Value> {
        let frame = self.new_instance(&self.types.frame.clone(), &[])?;
        if let Some(i) = frame.as_instance() {
            let mut d = i.dict.borrow_mut();
            let line = code
                .line_of(lasti)
                .map_or(Value::NONE, |l| Value::int(l as i64));
            d.set_str("f_code", Value::new_obj(Obj::Code(code)));
            d.set_str("f_lineno", line);
            d.set_str("f_globals", globals);
            d.set_str("f_lasti", Value::int(2 * lasti as i64));
            d.set_str("f_back", Value::NONE);
            d.set_str("f_builtins", self.builtins.clone());
            d.set_str("f_trace", Value::NONE);
            d.set_str("f_trace_lines", Value::TRUE);
            d.set_str("f_trace_opcodes", Value::FALSE);
        }
        Ok(frame)
    }

    fn generic_type_attr(&mut self, obj: &Value, name: &str) -> PyResult<Option<Value>> {
        let t = self.type_of(obj);
        match self.lookup_type(&t, name) {
            Some(a) => self.bind(a, obj, &t).map(Some),
            None => Ok(None),
        }
    }

    fn super_getattr(&mut self, cls: &Value, obj: &Value, name: &str) -> PyResult<Option<Value>> {
        let start_type = if obj.as_type().is_some() && self.is_subclass(obj, cls) {
            obj.clone()
        } else {
            self.type_of(obj)
        };
        let mut mro = vec![start_type.clone()];
        if let Some(t) = start_type.as_type() {
            mro.extend(t.mro.borrow().iter().cloned());
        }
        let pos = mro
            .iter()
            .position(|m| m.is(cls))
            .map(|p| p + 1)
            .unwrap_or(mro.len());
        for m in &mro[pos..] {
            let found = m
                .as_type()
                .and_then(|t| t.dict.borrow().get_str(name).cloned());
            if let Some(a) = found {
                if obj.as_type().is_some() && obj.is(&start_type) {
                    return Ok(Some(match a.obj() {
                        Some(Obj::ClassMethod(f)) => {
                            Value::new_obj(Obj::Method(obj.clone(), f.clone()))
                        }
                        Some(Obj::StaticMethod(f)) => f.clone(),
                        _ => a,
                    }));
                }
                return self.bind(a, obj, &start_type).map(Some);
            }
        }
        Ok(None)
    }

    pub fn setattr(&mut self, obj: &Value, name: &Value, v: Value) -> PyResult<()> {
        if obj.as_instance().is_some() || is_module_subclass_instance(obj) {
            let cls = obj.class();
            if let Some(sa) = self.lookup_type(&cls, "__setattr__") {
                if !matches!(sa.obj(), Some(Obj::Builtin(b)) if b.owner == "object") {
                    self.call(&sa, &[obj.clone(), name.clone(), v], &[])?;
                    return Ok(());
                }
            }
        }
        self.generic_setattr(obj, name, v)
    }

    /// `object.__setattr__`: `__class__`, data descriptors of the type (property setters,
    /// `__set__`), then the instance (or type, function, module) dict.
    pub fn generic_setattr(&mut self, obj: &Value, name: &Value, v: Value) -> PyResult<()> {
        let n = self.str_value(name);
        if n == "__class__" {
            return self.set_class(obj, &v);
        }
        match obj.obj() {
            Some(Obj::Instance(inst)) => {
                let cls = obj.class();
                let mut v = v;
                if let Some(a) = self.lookup_type(&cls, &n) {
                    match self.property_set(obj, &n, &a, v)? {
                        Ok(()) => return Ok(()),
                        Err(back) => v = back,
                    }
                    if a.as_instance().is_some() {
                        let at = self.type_of(&a);
                        if let Some(set) = self.lookup_type(&at, "__set__") {
                            self.call(&set, &[a, obj.clone(), v], &[])?;
                            return Ok(());
                        }
                    }
                }
                if let Some(d) = &inst.exc {
                    let mut d = d.borrow_mut();
                    match n.as_str() {
                        "args" => {
                            d.args = v;
                            return Ok(());
                        }
                        "__cause__" => {
                            d.cause = v;
                            d.suppress_context = true;
                            return Ok(());
                        }
                        "__context__" => {
                            d.context = v;
                            return Ok(());
                        }
                        "__suppress_context__" => {
                            d.suppress_context = v.as_bool() == Some(true);
                            return Ok(());
                        }
                        _ => {}
                    }
                }
                if let Some(e) = self.slots_forbid(obj, &cls, &n)? {
                    return Err(e);
                }
                if n == "__dict__" {
                    // `obj.__dict__ = d`: the attributes become a copy of dict `d`'s.
                    let Some(d) = v.as_dict() else {
                        let tn = self.type_name(&v);
                        return Err(self.type_error(format!(
                            "__dict__ must be set to a dictionary, not a '{tn}'"
                        )));
                    };
                    let attrs = d.borrow().clone();
                    *inst
                        .dict
                        .try_borrow_mut()
                        .map_err(|_| self.borrow_error())? = attrs;
                    return Ok(());
                }
                inst.dict
                    .try_borrow_mut()
                    .map_err(|_| self.borrow_error())?
                    .set_str_value(name, v);
                Ok(())
            }
            Some(Obj::Type(t)) if !t.builtin => {
                match n.as_str() {
                    "__name__" | "__qualname__" => {
                        let what = if n == "__name__" { "name" } else { "qualname" };
                        let Some(text) = v.as_str().map(|s| s.as_str().to_string()) else {
                            return Err(self.type_error(format!(
                                "can only assign string to {}.__{what}__, not '{}'",
                                t.name(),
                                self.type_name(&v)
                            )));
                        };
                        if n == "__name__" {
                            if text.contains('\0') {
                                return Err(
                                    self.value_error("type name must not contain null characters")
                                );
                            }
                            *t.name.borrow_mut() = text.into();
                        } else {
                            *t.qualname.borrow_mut() = text.into();
                        }
                        return Ok(());
                    }
                    "__module__" => {
                        *t.module.borrow_mut() = self.str_value(&v).into();
                    }
                    "__abstractmethods__" => {
                        let abstract_ = self.is_true(&v)?;
                        t.abstract_.set(abstract_);
                    }
                    _ => {}
                }
                t.dict.borrow_mut().set_str_value(name, v);
                self.type_changed();
                Ok(())
            }
            Some(Obj::Type(t)) => Err(self.type_error(format!(
                "cannot set '{n}' attribute of immutable type '{}'",
                t.name()
            ))),
            Some(Obj::Function(f)) => {
                match n.as_str() {
                    "__name__" => *f.name.borrow_mut() = v,
                    "__qualname__" => *f.qualname.borrow_mut() = v,
                    "__defaults__" => {
                        *f.defaults.borrow_mut() = if v.is_none() { Value::NULL } else { v }
                    }
                    "__kwdefaults__" => {
                        *f.kwdefaults.borrow_mut() = if v.is_none() { Value::NULL } else { v }
                    }
                    "__annotations__" => *f.annotations.borrow_mut() = v,
                    _ => f.dict.borrow_mut().set_str_value(name, v),
                }
                Ok(())
            }
            Some(Obj::Module(m)) => {
                let mut v = v;
                if is_module_subclass_instance(obj) {
                    let cls = obj.class();
                    if let Some(a) = self.lookup_type(&cls, &n) {
                        match self.property_set(obj, &n, &a, v)? {
                            Ok(()) => return Ok(()),
                            Err(back) => v = back,
                        }
                    }
                }
                if let Some(d) = m.dict.as_dict() {
                    d.borrow_mut().set_str_value(name, v);
                }
                Ok(())
            }
            _ => Err(self.no_attribute(obj, &n)),
        }
    }

    /// `obj.n = v` through the class attribute `a` when it is a property (its setter, or
    /// CPython's error for one without); `Err(v)` gives `v` back when `a` is no property.
    fn property_set(
        &mut self,
        obj: &Value,
        n: &str,
        a: &Value,
        v: Value,
    ) -> PyResult<Result<(), Value>> {
        let Some(Obj::Property(p)) = a.obj() else {
            return Ok(Err(v));
        };
        let setter = p[1].clone();
        if setter.is_none() {
            return Err(self.attribute_error(format!(
                "property '{n}' of '{}' object has no setter",
                self.type_name(obj)
            )));
        }
        self.call(&setter, &[obj.clone(), v], &[])?;
        Ok(Ok(()))
    }

    /// `del obj.name`: a user-defined `__delattr__`, else [`Vm::generic_delattr`].
    pub fn delattr(&mut self, obj: &Value, name: &Value) -> PyResult<()> {
        if obj.as_instance().is_some() {
            let cls = obj.class();
            if let Some(da) = self.lookup_type(&cls, "__delattr__") {
                if !matches!(da.obj(), Some(Obj::Builtin(b)) if b.owner == "object") {
                    self.call(&da, &[obj.clone(), name.clone()], &[])?;
                    return Ok(());
                }
            }
        }
        self.generic_delattr(obj, name)
    }

    /// `object.__delattr__`: properties' deleters, then the instance (or type, function,
    /// module) dict.
    pub fn generic_delattr(&mut self, obj: &Value, name: &Value) -> PyResult<()> {
        let n = self.str_value(name);
        let removed = match obj.obj() {
            Some(Obj::Instance(inst)) => {
                let cls = obj.class();
                if let Some(a) = self.lookup_type(&cls, &n) {
                    if let Some(Obj::Property(p)) = a.obj() {
                        let deleter = p[2].clone();
                        if deleter.is_none() {
                            return Err(self.attribute_error(format!(
                                "property '{n}' of '{}' object has no deleter",
                                self.type_name(obj)
                            )));
                        }
                        self.call(&deleter, std::slice::from_ref(obj), &[])?;
                        return Ok(());
                    }
                    if a.as_instance().is_some() {
                        let at = self.type_of(&a);
                        if let Some(del) = self.lookup_type(&at, "__delete__") {
                            self.call(&del, &[a, obj.clone()], &[])?;
                            return Ok(());
                        }
                    }
                }
                inst.dict.borrow_mut().remove_str(&n).is_some()
            }
            Some(Obj::Type(t)) if !t.builtin => {
                self.type_changed();
                t.dict.borrow_mut().remove_str(&n).is_some()
            }
            Some(Obj::Function(f)) => f.dict.borrow_mut().remove_str(&n).is_some(),
            Some(Obj::Module(m)) => m
                .dict
                .as_dict()
                .is_some_and(|d| d.borrow_mut().remove_str(&n).is_some()),
            _ => false,
        };
        if removed {
            Ok(())
        } else {
            Err(self.no_attribute(obj, &n))
        }
    }

    /// `LOAD_METHOD`: (function, self) when the attribute is a plain method on the type,
    /// else (NULL, attribute).
    pub fn load_method(&mut self, obj: Value, name: &Value) -> PyResult<(Value, Value)> {
        let (n, hash) = match name.as_str() {
            Some(s) => (s.as_str(), s.hash()),
            None => ("", hash_str("")),
        };
        let plain = match obj.obj() {
            Some(Obj::Instance(inst)) => {
                inst.dict.borrow().get_str_hashed(n, hash).is_none() && inst.exc.is_none()
            }
            Some(Obj::Type(_) | Obj::Module(_) | Obj::Function(_) | Obj::Super(..)) => false,
            _ => true,
        };
        if plain {
            let t = self.type_of(&obj);
            if let Some(a) = self.lookup_type_hashed(&t, n, hash) {
                if is_method_descriptor(&a) {
                    return Ok((a, obj));
                }
            }
        }
        let v = self.getattr(&obj, name)?;
        Ok((Value::NULL, v))
    }

    /// Calls the special method `name` looked up on `obj`'s type; None if it has none.
    pub fn call_special(
        &mut self,
        obj: &Value,
        name: &str,
        args: &[Value],
    ) -> PyResult<Option<Value>> {
        let t = self.type_of(obj);
        let Some(m) = self.lookup_type(&t, name) else {
            return Ok(None);
        };
        let mut full = Vec::with_capacity(args.len() + 1);
        full.push(obj.clone());
        full.extend_from_slice(args);
        match m.obj() {
            Some(Obj::Function(_) | Obj::Builtin(_)) => self.call(&m, &full, &[]).map(Some),
            _ => {
                let bound = self.bind(m, obj, &t)?;
                self.call(&bound, args, &[]).map(Some)
            }
        }
    }

    /// The special method bound to `obj`, if its type has it.
    pub fn lookup_special_bound(&mut self, obj: &Value, name: &str) -> PyResult<Option<Value>> {
        let t = self.type_of(obj);
        match self.lookup_type(&t, name) {
            Some(m) => self.bind(m, obj, &t).map(Some),
            None => Ok(None),
        }
    }

    /// Does the object's type define `name` outside the built-in `object`?
    pub fn has_user_special(&self, obj: &Value, name: &str) -> bool {
        let t = self.type_of(obj);
        matches!(self.lookup_type(&t, name), Some(m) if !matches!(m.obj(), Some(Obj::Builtin(_))))
    }
}

fn bind_builtin(b: &BuiltinFn, obj: &Value) -> Value {
    Value::new_obj(Obj::Builtin(BuiltinFn {
        name: b.name,
        func: b.func,
        bound: obj.clone(),
        owner: b.owner,
    }))
}

fn none_if_null(v: Value) -> Value {
    if v.is_null() {
        Value::NONE
    } else {
        v
    }
}

/// Whether a class attribute binds its instance as the first argument: a Python function,
/// or an unbound method of a built-in type. `LOAD_METHOD` skips making a bound method for
/// these.
pub fn is_method_descriptor(a: &Value) -> bool {
    match a.obj() {
        Some(Obj::Function(_)) => true,
        Some(Obj::Builtin(b)) => b.bound.is_null() && !b.owner.is_empty(),
        _ => false,
    }
}

/// Whether `v` is a module whose class is a subclass of `module` (its class can define
/// descriptors, `__getattr__` and `__setattr__`).
pub fn is_module_subclass_instance(v: &Value) -> bool {
    matches!(v.obj(), Some(Obj::Module(_))) && !v.has_variant_type()
}
