//! Classes as objects: creating them as CPython 3.11 does (`__build_class__`, `__mro_entries__`,
//! metaclass selection and conflicts, `__prepare__`, `type.__new__` with `__classcell__`,
//! `__set_name__` and `__init_subclass__`), calling them through their metaclass
//! (`type.__call__` or an override), looking attributes up on them (the metatype's data
//! descriptors first, then the class's MRO, then the metatype), `isinstance`/`issubclass`
//! hooks, and `__class__` assignment.

use crate::object::{Dict, Obj, TypeKind, TypeObj};
use crate::value::Value;
use crate::vm::frame::Frame;
use crate::vm::{PyResult, Vm};
use std::rc::Rc;

impl Vm {
    /// The `__build_class__` builtin: `__build_class__(func, name, *bases, metaclass=..., **kw)`.
    pub fn build_class(&mut self, args: &[Value], kwargs: &[(Value, Value)]) -> PyResult<Value> {
        if args.len() < 2 {
            return Err(self.type_error("__build_class__: not enough arguments"));
        }
        let Some(Obj::Function(func)) = args[0].obj() else {
            return Err(self.type_error("__build_class__: func must be a function"));
        };
        let name = args[1].clone();
        if name.as_str().is_none() {
            return Err(self.type_error("__build_class__: name is not a string"));
        }
        let orig_bases = args[2..].to_vec();
        let bases = self.resolve_bases(&orig_bases)?;
        let mut meta = None;
        let mut kw = Vec::with_capacity(kwargs.len());
        for (k, v) in kwargs {
            if k.as_str().is_some_and(|s| s.as_str() == "metaclass") {
                meta = Some(v.clone());
            } else {
                kw.push((k.clone(), v.clone()));
            }
        }
        let (meta, is_class) = match meta {
            Some(m) => {
                let is_class = m.as_type().is_some();
                (m, is_class)
            }
            None => match bases.first() {
                Some(b) => (self.type_of(b), true),
                None => (self.types.type_.clone(), true),
            },
        };
        let meta = if is_class {
            self.calculate_meta(&meta, &bases)?
        } else {
            meta
        };
        let bases_t = Value::tuple(bases.clone());
        let ns = self.prepare_namespace(&meta, is_class, &name, &bases_t, &kw)?;
        let frame = Frame::new(
            &mut self.frames,
            func.code.clone(),
            func.globals.clone(),
            self.builtins.clone(),
            ns.clone(),
            func.closure.clone(),
            true,
        );
        let cell = self.run_new_frame(frame)?;
        if bases.len() != orig_bases.len() || bases.iter().zip(&orig_bases).any(|(a, b)| !a.is(b)) {
            let key = Value::str("__orig_bases__");
            self.setitem(&ns, &key, Value::tuple(orig_bases))?;
        }
        let cls = self.call(&meta, &[name, bases_t, ns], &kw)?;
        if let (Some(Obj::Cell(c)), Some(_)) = (cell.obj(), cls.as_type()) {
            let held = c.borrow().clone();
            if !held.is(&cls) {
                let shown = self.repr_of(&cls)?;
                let n = self.repr_of(&args[1])?;
                return Err(if held.is_null() {
                    self.runtime_error(format!(
                        "__class__ not set defining {n} as {shown}. Was __classcell__ \
                         propagated to type.__new__?"
                    ))
                } else {
                    let h = self.repr_of(&held)?;
                    self.type_error(format!("__class__ set to {h} defining {n} as {shown}"))
                });
            }
        }
        Ok(cls)
    }

    /// PEP 560: bases that are not classes but have `__mro_entries__` are replaced by what
    /// it returns.
    fn resolve_bases(&mut self, bases: &[Value]) -> PyResult<Vec<Value>> {
        let mut out = Vec::with_capacity(bases.len());
        for b in bases {
            if b.as_type().is_some() {
                out.push(b.clone());
                continue;
            }
            let entries = self.getattr_opt(b, &Value::str("__mro_entries__"))?;
            let Some(f) = entries else {
                out.push(b.clone());
                continue;
            };
            let r = self.call(&f, &[Value::tuple(bases.to_vec())], &[])?;
            match r.as_tuple() {
                Some(t) => out.extend(t.iter().cloned()),
                None => return Err(self.type_error("__mro_entries__ must return a tuple")),
            }
        }
        Ok(out)
    }

    /// The most derived metaclass among `meta` and the bases' types.
    pub fn calculate_meta(&mut self, meta: &Value, bases: &[Value]) -> PyResult<Value> {
        let mut winner = meta.clone();
        for b in bases {
            let t = self.type_of(b);
            if self.is_subclass(&winner, &t) {
                continue;
            }
            if self.is_subclass(&t, &winner) {
                winner = t;
                continue;
            }
            return Err(self.type_error(
                "metaclass conflict: the metaclass of a derived class must be a (non-strict) \
                 subclass of the metaclasses of all its bases",
            ));
        }
        Ok(winner)
    }

    /// The class body's namespace: `meta.__prepare__(name, bases, **kw)`, or a new dict.
    fn prepare_namespace(
        &mut self,
        meta: &Value,
        is_class: bool,
        name: &Value,
        bases: &Value,
        kw: &[(Value, Value)],
    ) -> PyResult<Value> {
        let prep = match self.getattr_opt(meta, &Value::str("__prepare__"))? {
            Some(p) if !is_type_builtin(&p, "__prepare__") => p,
            _ => return Ok(Value::dict(Dict::new())),
        };
        let ns = self.call(&prep, &[name.clone(), bases.clone()], kw)?;
        if !self.is_mapping(&ns) {
            let who = if is_class {
                meta.as_type()
                    .map(|t| t.name().to_string())
                    .unwrap_or_default()
            } else {
                "<metaclass>".into()
            };
            let tn = self.type_name(&ns);
            return Err(self.type_error(format!(
                "{who}.__prepare__() must return a mapping, not {tn}"
            )));
        }
        Ok(ns)
    }

    fn is_mapping(&self, v: &Value) -> bool {
        if v.as_dict().is_some() {
            return true;
        }
        let t = self.type_of(v);
        self.lookup_type(&t, "__getitem__").is_some()
    }

    /// `type.__new__(meta, name, bases, ns, **kw)`: a new class whose type is `meta` (or
    /// the most derived metaclass of its bases).
    pub fn type_new(
        &mut self,
        meta: &Value,
        args: &[Value],
        kw: &[(Value, Value)],
    ) -> PyResult<Value> {
        if args.len() != 3 {
            return Err(self.type_error("type.__new__() takes exactly 3 arguments"));
        }
        let what = ["str", "tuple", "dict"];
        let ok = [
            args[0].as_str().is_some(),
            args[1].as_tuple().is_some(),
            args[2].as_dict().is_some(),
        ];
        if let Some(i) = ok.iter().position(|ok| !ok) {
            let tn = self.type_name(&args[i]);
            return Err(self.type_error(format!(
                "type.__new__() argument {} must be {}, not {tn}",
                i + 1,
                what[i]
            )));
        }
        let name = self.str_value(&args[0]);
        let mut bases = args[1].as_tuple().map(|t| t.to_vec()).unwrap_or_default();
        let winner = self.calculate_meta(meta, &bases)?;
        if !winner.is(meta) {
            // A base's metaclass is more derived: it makes the class, with its own
            // `__new__` if it has one.
            if let Some(new) = self.lookup_type(&winner, "__new__") {
                if !is_type_builtin(&new, "__new__") {
                    let f = match new.obj() {
                        Some(Obj::StaticMethod(f)) => f.clone(),
                        _ => new,
                    };
                    let mut full = vec![winner.clone()];
                    full.extend_from_slice(args);
                    return self.call(&f, &full, kw);
                }
            }
        }
        let meta = winner;
        if bases.is_empty() {
            bases.push(self.types.object.clone());
        }
        let kind = self.layout_kind(&bases)?;
        let mut dict = args[2]
            .as_dict()
            .map(|d| d.borrow().clone())
            .unwrap_or_default();
        let qualname = match dict.get_str("__qualname__").cloned() {
            Some(q) if q.as_str().is_none() => {
                let tn = self.type_name(&q);
                return Err(self.type_error(format!("type __qualname__ must be a str, not {tn}")));
            }
            Some(q) => {
                dict.remove_str("__qualname__");
                self.str_value(&q)
            }
            None => name.clone(),
        };
        if dict.get_str("__module__").is_none() {
            // CPython takes the calling frame's `__name__`; a direct `type(...)` call gets
            // it from the interpreter (see `Vm::frame_builtin_call`).
            dict.set_str("__module__", Value::str("builtins"));
        }
        let module = dict
            .get_str("__module__")
            .map(|m| self.str_value(m))
            .unwrap_or_default();
        let class_cell = dict.get_str("__classcell__").cloned();
        if let Some(c) = &class_cell {
            if !matches!(c.obj(), Some(Obj::Cell(_))) {
                let tn = self.type_name(c);
                return Err(self.type_error(format!(
                    "__classcell__ must be a nonlocal cell, not <class '{tn}'>"
                )));
            }
            dict.remove_str("__classcell__");
        }
        // The conversions CPython makes implicitly.
        for special in ["__init_subclass__", "__class_getitem__"] {
            if let Some(f) = dict.get_str(special).cloned() {
                if matches!(f.obj(), Some(Obj::Function(_))) {
                    dict.set_str(special, Value::new_obj(Obj::ClassMethod(f)));
                }
            }
        }
        if let Some(f) = dict.get_str("__new__").cloned() {
            if matches!(f.obj(), Some(Obj::Function(_))) {
                dict.set_str("__new__", Value::new_obj(Obj::StaticMethod(f)));
            }
        }
        if dict.get_str("__eq__").is_some() && dict.get_str("__hash__").is_none() {
            dict.set_str("__hash__", Value::NONE);
        }
        if dict.get_str("__doc__").is_none() {
            dict.set_str("__doc__", Value::NONE);
        }
        let t = TypeObj::new(&name, &module, kind, false, dict);
        *t.qualname.borrow_mut() = Rc::from(qualname.as_str());
        let cls = Value::new_typed(Obj::Type(Box::new(t)), &meta);
        if !crate::vm::set_bases(&cls, bases.clone()) {
            let names: Vec<String> = bases
                .iter()
                .map(|b| {
                    b.as_type()
                        .map(|t| t.name().to_string())
                        .unwrap_or_default()
                })
                .collect();
            return Err(self.type_error(format!(
                "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                names.join(", ")
            )));
        }
        if let Some(Obj::Cell(c)) = class_cell.as_ref().and_then(|c| c.obj()) {
            *c.borrow_mut() = cls.clone();
        }
        self.type_changed();
        self.set_names(&cls)?;
        self.init_subclass(&cls, kw)?;
        Ok(cls)
    }

    /// The built-in layout instances of a class with these bases have (CPython's
    /// `best_base`), or CPython's error for bases that cannot be combined or subclassed.
    fn layout_kind(&mut self, bases: &[Value]) -> PyResult<TypeKind> {
        let mut kind = TypeKind::Instance;
        for b in bases {
            let Some(t) = b.as_type() else {
                let tn = self.type_name(b);
                return Err(self.type_error(format!("bases must be types, not {tn}")));
            };
            let bk = t.kind;
            match bk {
                TypeKind::Object | TypeKind::Instance => {}
                TypeKind::BaseException
                | TypeKind::List
                | TypeKind::Dict
                | TypeKind::Set
                | TypeKind::Int
                | TypeKind::Float
                | TypeKind::Complex
                | TypeKind::Str
                | TypeKind::Bytes
                | TypeKind::Tuple
                | TypeKind::FrozenSet
                | TypeKind::Property
                | TypeKind::ClassMethod
                | TypeKind::StaticMethod
                | TypeKind::Native
                | TypeKind::Module
                | TypeKind::Type => {
                    if kind != TypeKind::Instance && kind != bk {
                        return Err(
                            self.type_error("multiple bases have instance lay-out conflict")
                        );
                    }
                    kind = bk;
                }
                TypeKind::Bool
                | TypeKind::Range
                | TypeKind::Slice
                | TypeKind::NoneType
                | TypeKind::NotImplementedType
                | TypeKind::EllipsisType
                | TypeKind::Function
                | TypeKind::Builtin
                | TypeKind::Method
                | TypeKind::Cell
                | TypeKind::Code
                | TypeKind::Generator
                | TypeKind::Iterator
                | TypeKind::DictView
                | TypeKind::MemoryView => {
                    return Err(self.type_error(format!(
                        "type '{}' is not an acceptable base type",
                        t.name()
                    )));
                }
                _ => {
                    return Err(self.type_error(format!(
                        "pycrane does not support subclassing the built-in type '{}' yet",
                        t.name()
                    )));
                }
            }
        }
        Ok(kind)
    }

    /// Calls `__set_name__(cls, name)` on each attribute of the new class that has one.
    fn set_names(&mut self, cls: &Value) -> PyResult<()> {
        let items: Vec<(Value, Value)> = cls
            .as_type()
            .map(|t| {
                t.dict
                    .borrow()
                    .iter()
                    .map(|e| (e.key.clone(), e.value.clone()))
                    .collect()
            })
            .unwrap_or_default();
        for (k, v) in items {
            let t = self.type_of(&v);
            if let Some(f) = self.lookup_type(&t, "__set_name__") {
                if let Err(e) = self.call(&f, &[v.clone(), cls.clone(), k.clone()], &[]) {
                    let (tn, kn, cn) = (
                        self.type_name(&v),
                        self.repr_of(&k)?,
                        self.repr_of(&Value::str(
                            &cls.as_type()
                                .map_or(String::new(), |t| t.name().to_string()),
                        ))?,
                    );
                    let err = self.runtime_error(format!(
                        "Error calling __set_name__ on '{tn}' instance {kn} in {cn}"
                    ));
                    if let Some(Some(d)) = err.as_instance().map(|i| i.exc.as_ref()) {
                        let mut d = d.borrow_mut();
                        d.cause = e;
                        d.suppress_context = true;
                    }
                    return Err(err);
                }
            }
        }
        Ok(())
    }

    /// `super(cls, cls).__init_subclass__(**kw)`.
    fn init_subclass(&mut self, cls: &Value, kw: &[(Value, Value)]) -> PyResult<()> {
        let sup = Value::new_obj(Obj::Super(cls.clone(), cls.clone()));
        let f = self.getattr(&sup, &Value::str("__init_subclass__"))?;
        self.call(&f, &[], kw)?;
        Ok(())
    }

    /// `type(name, bases, ns, **kw)`: [`Vm::type_new`], then the new class's metaclass's
    /// `__init__` when a base's metaclass made it.
    pub fn call_type_3(&mut self, args: &[Value], kw: &[(Value, Value)]) -> PyResult<Value> {
        let t = self.types.type_.clone();
        let cls = self.type_new(&t, args, kw)?;
        if cls.as_type().is_some() && !self.metaclass_is_type(&cls) {
            let meta = self.type_of(&cls);
            if let Some(init) = self.lookup_type(&meta, "__init__") {
                if !is_type_builtin(&init, "__init__") {
                    let mut full = vec![cls.clone()];
                    full.extend_from_slice(args);
                    self.call(&init, &full, kw)?;
                }
            }
        }
        Ok(cls)
    }

    /// Calls a class: through its metaclass's `__call__` when that is not `type`'s.
    pub fn call_class(
        &mut self,
        cls: &Value,
        args: &[Value],
        kwargs: &[(Value, Value)],
    ) -> PyResult<Value> {
        if !self.metaclass_is_type(cls) {
            let meta = self.type_of(cls);
            if let Some(c) = self.lookup_type(&meta, "__call__") {
                if !is_type_builtin(&c, "__call__") {
                    let mut full = Vec::with_capacity(args.len() + 1);
                    full.push(cls.clone());
                    full.extend_from_slice(args);
                    return self.call(&c, &full, kwargs);
                }
            }
        }
        self.call_type(cls, args, kwargs)
    }

    /// Whether `cls`'s type is `type` itself (a built-in type's header names none).
    #[inline]
    pub fn metaclass_is_type(&self, cls: &Value) -> bool {
        cls.has_variant_type() || cls.has_header_type(&self.types.type_)
    }

    /// Whether calling `cls` runs `type.__call__` (no metaclass override).
    pub fn plain_metaclass_call(&self, cls: &Value) -> bool {
        if self.metaclass_is_type(cls) {
            return true;
        }
        let meta = self.type_of(cls);
        self.lookup_type(&meta, "__call__")
            .is_some_and(|c| is_type_builtin(&c, "__call__"))
    }

    /// `cls.name` for a class: a data descriptor of the metatype, else the class's own
    /// MRO (descriptors get `(None, cls)`), else the metatype's attribute bound to `cls`.
    pub fn type_getattr(&mut self, cls: &Value, name: &str) -> PyResult<Option<Value>> {
        let meta = self.type_of(cls);
        let meta_attr = self.lookup_type(&meta, name);
        if let Some(ma) = &meta_attr {
            if self.is_data_descriptor(ma) {
                return self.bind(ma.clone(), cls, &meta).map(Some);
            }
        }
        if let Some(a) = self.lookup_type(cls, name) {
            return self.class_attr_get(a, cls).map(Some);
        }
        match meta_attr {
            Some(ma) => self.bind(ma, cls, &meta).map(Some),
            None => Ok(None),
        }
    }

    /// A class attribute read through the class itself: `descr.__get__(None, cls)`.
    fn class_attr_get(&mut self, a: Value, cls: &Value) -> PyResult<Value> {
        Ok(match a.obj() {
            Some(Obj::ClassMethod(f)) => Value::new_obj(Obj::Method(cls.clone(), f.clone())),
            Some(Obj::StaticMethod(f)) => f.clone(),
            Some(Obj::Instance(_)) => {
                let t = self.type_of(&a);
                match self.lookup_type(&t, "__get__") {
                    Some(g) => self.call(&g, &[a.clone(), Value::NONE, cls.clone()], &[])?,
                    None => a,
                }
            }
            _ => a,
        })
    }

    /// Whether `a` (found on a type) is a data descriptor: a property, or an object whose
    /// type defines `__set__` or `__delete__`.
    pub fn is_data_descriptor(&self, a: &Value) -> bool {
        match a.obj() {
            Some(Obj::Property(_)) => true,
            Some(Obj::Instance(_)) => {
                let t = self.type_of(a);
                let h = &self.name_hashes;
                self.lookup_type_hashed(&t, "__set__", h.set).is_some()
                    || self
                        .lookup_type_hashed(&t, "__delete__", h.delete)
                        .is_some()
            }
            _ => false,
        }
    }

    /// `isinstance(v, cls)` for one class: the metaclass's `__instancecheck__` when it has
    /// its own, else the type relation.
    pub fn instance_check(&mut self, v: &Value, cls: &Value) -> PyResult<bool> {
        let t = self.type_of(v);
        if t.is(cls) {
            return Ok(true);
        }
        if let Some(r) = self.class_hook(cls, "__instancecheck__", v)? {
            return Ok(r);
        }
        Ok(self.is_subclass(&t, cls))
    }

    /// `issubclass(c, cls)` for one class, with the metaclass's `__subclasscheck__`.
    pub fn subclass_check(&mut self, c: &Value, cls: &Value) -> PyResult<bool> {
        if let Some(r) = self.class_hook(cls, "__subclasscheck__", c)? {
            return Ok(r);
        }
        Ok(self.is_subclass(c, cls))
    }

    /// Calls `type(cls).hook(cls, arg)` when the metaclass defines the hook itself.
    fn class_hook(&mut self, cls: &Value, hook: &str, arg: &Value) -> PyResult<Option<bool>> {
        if self.metaclass_is_type(cls) || cls.as_type().is_none() {
            return Ok(None);
        }
        let meta = self.type_of(cls);
        match self.lookup_type(&meta, hook) {
            Some(f) if !is_type_builtin(&f, hook) => {
                let r = self.call(&f, &[cls.clone(), arg.clone()], &[])?;
                self.is_true(&r).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// `obj.__class__ = new`, with CPython's rules: both classes must be user classes of the
    /// same layout.
    pub fn set_class(&mut self, obj: &Value, new: &Value) -> PyResult<()> {
        let Some(nt) = new.as_type() else {
            let tn = self.type_name(new);
            return Err(self.type_error(format!(
                "__class__ must be set to a class, not '{tn}' object"
            )));
        };
        let old = self.type_of(obj);
        let ot = old.as_type().expect("types are types");
        if matches!(obj.obj(), Some(Obj::Module(_))) && nt.kind == TypeKind::Module {
            // Modules may take any subclass of `module` as their class.
            obj.set_header_type(new);
            return Ok(());
        }
        let mutable = |t: &TypeObj| !t.builtin || t.kind == TypeKind::BaseException;
        if obj.as_instance().is_none() || !mutable(ot) || !mutable(nt) {
            return Err(self.type_error(
                "__class__ assignment only supported for mutable types or ModuleType subclasses",
            ));
        }
        let same_slots = self.slot_names(&old)? == self.slot_names(new)?;
        if ot.kind != nt.kind || !same_slots {
            return Err(self.type_error(format!(
                "__class__ assignment: '{}' object layout differs from '{}'",
                nt.name(),
                ot.name()
            )));
        }
        obj.set_header_type(new);
        Ok(())
    }
}

/// Whether `f` is the built-in `type.<name>` (so calling it is the default behaviour).
fn is_type_builtin(f: &Value, name: &str) -> bool {
    matches!(f.obj(), Some(Obj::Builtin(b)) if b.owner == "type" && b.name == name)
}

// ----- the built-in methods of `type` and `object.__init_subclass__` ----------------------

/// Installs `type.__new__`, `__init__`, `__call__`, `__prepare__`, `__instancecheck__`,
/// `__subclasscheck__` and `object.__init_subclass__`.
pub fn install(vm: &mut Vm) {
    use crate::builtins::add_methods;
    add_methods(
        &vm.types.type_,
        "type",
        &[
            ("__new__", type_dunder_new),
            ("__init__", type_dunder_init),
            ("__call__", type_dunder_call),
            ("__prepare__", type_prepare),
            ("__instancecheck__", type_instancecheck),
            ("__subclasscheck__", type_subclasscheck),
            ("__subclasses__", type_subclasses),
        ],
    );
    let class_methods: [(&'static str, crate::object::NativeFn); 2] = [
        ("__init_subclass__", object_init_subclass),
        ("__subclasshook__", object_subclasshook),
    ];
    if let Some(t) = vm.types.object.as_type() {
        for (name, f) in class_methods {
            let m = Value::new_obj(Obj::ClassMethod(crate::builtins::native(name, f)));
            t.dict.borrow_mut().set_str(name, m);
        }
    }
}

/// `object.__subclasshook__(cls, sub)`: no opinion (abc's hook protocol).
fn object_subclasshook(_vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::NOT_IMPLEMENTED)
}

type Kw<'a> = &'a [(Value, Value)];

fn type_dunder_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let Some(meta) = args.first().filter(|m| m.as_type().is_some()) else {
        return Err(vm.type_error("type.__new__(X): X is not a type object"));
    };
    if !vm.is_subclass(meta, &vm.types.type_.clone()) {
        let n = meta
            .as_type()
            .map_or(String::new(), |t| t.name().to_string());
        return Err(vm.type_error(format!("type.__new__({n}): {n} is not a subtype of type")));
    }
    if args.len() == 2 && kw.is_empty() && meta.is(&vm.types.type_) {
        return Ok(vm.type_of(&args[1]));
    }
    if args.len() != 4 && args.len() != 2 {
        return Err(vm.type_error("type() takes 1 or 3 arguments"));
    }
    let meta = meta.clone();
    vm.type_new(&meta, &args[1..], kw)
}

fn type_dunder_init(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    if args.len() != 2 && args.len() != 4 {
        return Err(vm.type_error("type.__init__() takes 1 or 3 arguments"));
    }
    Ok(Value::NONE)
}

fn type_dunder_call(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    match args.first() {
        Some(cls) if cls.as_type().is_some() => {
            let cls = cls.clone();
            vm.call_type(&cls, &args[1..], kw)
        }
        _ => Err(vm.type_error("descriptor '__call__' of 'type' object needs an argument")),
    }
}

fn type_prepare(_vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::dict(Dict::new()))
}

fn type_instancecheck(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "__instancecheck__", args, 2, 2)?;
    Ok(Value::bool(vm.isinstance(&args[1], &args[0])))
}

fn type_subclasscheck(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "__subclasscheck__", args, 2, 2)?;
    if args[1].as_type().is_none() {
        return Err(vm.type_error("issubclass() arg 1 must be a class"));
    }
    Ok(Value::bool(vm.is_subclass(&args[1], &args[0])))
}

fn type_subclasses(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "__subclasses__", args, 1, 1)?;
    match args[0].as_type() {
        Some(t) => Ok(Value::list(t.subclass_list())),
        None => Err(vm.type_error("descriptor '__subclasses__' requires a 'type' object")),
    }
}

fn object_init_subclass(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    if !kw.is_empty() {
        let n = args
            .first()
            .and_then(|c| c.as_type().map(|t| t.name().to_string()))
            .unwrap_or_default();
        return Err(vm.type_error(format!(
            "{n}.__init_subclass__() takes no keyword arguments"
        )));
    }
    Ok(Value::NONE)
}
