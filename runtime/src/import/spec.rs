//! The import system's Python-visible objects: `ModuleSpec`, the loaders
//! (`SourceFileLoader`, `SourcelessFileLoader`, `NamespaceLoader`), `BuiltinImporter` and
//! `PathFinder`, under the module names CPython gives them (`_frozen_importlib`,
//! `_frozen_importlib_external`), and the module attributes set from a spec.
//!
//! Specs and loaders are plain instances whose attributes (`name`, `loader`, `origin`,
//! `submodule_search_locations`, `cached`, `parent`, `has_location`; a loader's `name` and
//! `path`) are set when they are made, so Python code reads and changes them as in CPython.

use crate::builtins::{add_classmethods, add_methods, bind, check_arity};
use crate::object::{Dict, Obj, TypeKind};
use crate::value::Value;
use crate::vm::{PyResult, Types, Vm};

type Kw<'a> = &'a [(Value, Value)];

/// The classes of the import system's objects.
pub struct ImportTypes {
    pub module_spec: Value,
    pub source_loader: Value,
    pub sourceless_loader: Value,
    pub namespace_loader: Value,
    pub builtin_importer: Value,
    pub path_finder: Value,
}

fn new_class(types: &Types, module: &str, name: &str) -> Value {
    crate::vm::native_class(module, name, TypeKind::Instance, &types.object, false)
}

impl ImportTypes {
    pub fn new(vm: &Types) -> ImportTypes {
        const BOOT: &str = "_frozen_importlib";
        const EXT: &str = "_frozen_importlib_external";
        let t = ImportTypes {
            module_spec: new_class(vm, BOOT, "ModuleSpec"),
            source_loader: new_class(vm, EXT, "SourceFileLoader"),
            sourceless_loader: new_class(vm, EXT, "SourcelessFileLoader"),
            namespace_loader: new_class(vm, EXT, "NamespaceLoader"),
            builtin_importer: new_class(vm, BOOT, "BuiltinImporter"),
            path_finder: new_class(vm, EXT, "PathFinder"),
        };
        add_methods(
            &t.module_spec,
            "ModuleSpec",
            &[("__repr__", spec_repr), ("__eq__", spec_eq)],
        );
        for loader in [&t.source_loader, &t.sourceless_loader] {
            add_methods(
                loader,
                "FileLoader",
                &[
                    ("get_filename", loader_get_filename),
                    ("get_data", loader_get_data),
                    ("is_package", loader_is_package),
                    ("get_source", loader_get_source),
                    ("create_module", loader_create_module),
                    ("exec_module", loader_exec_module),
                ],
            );
        }
        add_classmethods(
            &t.builtin_importer,
            &[
                ("find_spec", builtin_find_spec),
                ("create_module", builtin_create_module),
                ("exec_module", builtin_exec_module),
                ("is_package", builtin_no),
                ("get_code", builtin_no),
                ("get_source", builtin_no),
            ],
        );
        add_classmethods(
            &t.path_finder,
            &[
                ("find_spec", path_find_spec),
                ("invalidate_caches", path_invalidate_caches),
            ],
        );
        add_methods(
            &t.namespace_loader,
            "NamespaceLoader",
            &[
                ("create_module", loader_create_module),
                ("exec_module", namespace_exec_module),
                ("is_package", namespace_is_package),
            ],
        );
        t
    }
}

/// Sets attributes on a plain instance.
pub fn set_attrs(obj: &Value, attrs: &[(&str, Value)]) {
    for (k, v) in attrs {
        obj.set_inst_attr(k, v.clone());
    }
}

impl Vm {
    /// A new `ModuleSpec`.
    pub fn new_spec(
        &mut self,
        name: &str,
        loader: Value,
        origin: Value,
        search_locations: Value,
        cached: Value,
        has_location: bool,
    ) -> Value {
        let cls = self.import_types.module_spec.clone();
        let spec = Vm::plain_instance(&cls);
        let parent = if search_locations.is_none() {
            name.rsplit_once('.').map_or("", |(p, _)| p)
        } else {
            name
        };
        set_attrs(
            &spec,
            &[
                ("name", Value::str(name)),
                ("loader", loader),
                ("origin", origin),
                ("loader_state", Value::NONE),
                ("submodule_search_locations", search_locations),
                ("cached", cached),
                ("parent", Value::str(parent)),
                ("has_location", Value::bool(has_location)),
                ("_initializing", Value::FALSE),
            ],
        );
        spec
    }

    /// A new loader of class `cls` for module `name` at `path`.
    pub fn new_loader(&mut self, cls: &Value, name: &str, path: &str) -> Value {
        let l = Vm::plain_instance(cls);
        set_attrs(
            &l,
            &[("name", Value::str(name)), ("path", Value::str(path))],
        );
        l
    }

    /// A new module named `name` (not registered anywhere) with CPython's initial attributes
    /// (`__name__`, `__doc__`, `__package__`, `__loader__`, `__spec__`).
    pub fn bare_module(&mut self, name: &str) -> Value {
        let mut d = Dict::new();
        d.set_str("__name__", Value::str(name));
        for k in ["__doc__", "__package__", "__loader__", "__spec__"] {
            d.set_str(k, Value::NONE);
        }
        Value::new_obj(Obj::Module(crate::object::Module {
            name: name.into(),
            dict: Value::dict(d),
        }))
    }

    /// `repr(module)`, as `importlib._bootstrap._module_repr` makes it from the module's
    /// spec, `__file__` or `__loader__`.
    pub fn module_repr(&mut self, module: &Value) -> PyResult<String> {
        let get = |k: &str| match module.obj() {
            Some(Obj::Module(m)) => m
                .dict
                .as_dict()
                .and_then(|d| d.borrow().get_str(k).cloned())
                .filter(|v| !v.is_none()),
            _ => None,
        };
        let fallback_name = match module.obj() {
            Some(Obj::Module(m)) => m.name.to_string(),
            _ => "?".to_string(),
        };
        if let Some(spec) = get("__spec__") {
            let name = self.getattr_str(&spec, "name")?;
            let name = self.repr_of(&name)?;
            let origin = self.getattr_str(&spec, "origin")?;
            let loader = self.getattr_str(&spec, "loader")?;
            if origin.is_none() {
                if loader.is_none() {
                    return Ok(format!("<module {name}>"));
                }
                return Ok(format!("<module {name} ({})>", self.repr_of(&loader)?));
            }
            let has_location = self.getattr_str(&spec, "has_location")?;
            if self.is_true(&has_location)? {
                return Ok(format!("<module {name} from {}>", self.repr_of(&origin)?));
            }
            return Ok(format!("<module {name} ({})>", self.str_of(&origin)?));
        }
        let name = match get("__name__") {
            Some(n) => self.repr_of(&n)?,
            None => self.repr_of(&Value::string(fallback_name))?,
        };
        if let Some(file) = get("__file__") {
            return Ok(format!("<module {name} from {}>", self.repr_of(&file)?));
        }
        match get("__loader__") {
            Some(l) => Ok(format!("<module {name} ({})>", self.repr_of(&l)?)),
            None => Ok(format!("<module {name}>")),
        }
    }

    /// `importlib._bootstrap._init_module_attrs`: the module's attributes from its spec.
    pub fn init_module_attrs(&mut self, module: &Value, spec: &Value) -> PyResult<()> {
        let set = |k: &str, v: Value| {
            if let Some(Obj::Module(m)) = module.obj() {
                if let Some(d) = m.dict.as_dict() {
                    d.borrow_mut().set_str(k, v);
                }
            }
        };
        set("__name__", self.getattr_str(spec, "name")?);
        set("__loader__", self.getattr_str(spec, "loader")?);
        set("__package__", self.getattr_str(spec, "parent")?);
        set("__spec__", spec.clone());
        let locations = self.getattr_str(spec, "submodule_search_locations")?;
        if !locations.is_none() {
            set("__path__", locations);
        }
        let has_location = self.getattr_str(spec, "has_location")?;
        if self.is_true(&has_location)? {
            set("__file__", self.getattr_str(spec, "origin")?);
            let cached = self.getattr_str(spec, "cached")?;
            if !cached.is_none() {
                set("__cached__", cached);
            }
        }
        Ok(())
    }
}

fn spec_repr(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "__repr__", a, 1, 1)?;
    let s = &a[0];
    let name = vm.getattr_str(s, "name")?;
    let loader = vm.getattr_str(s, "loader")?;
    let mut out = format!(
        "ModuleSpec(name={}, loader={}",
        vm.repr_of(&name)?,
        vm.repr_of(&loader)?
    );
    let origin = vm.getattr_str(s, "origin")?;
    if !origin.is_none() {
        out.push_str(&format!(", origin={}", vm.repr_of(&origin)?));
    }
    let locations = vm.getattr_str(s, "submodule_search_locations")?;
    if !locations.is_none() {
        out.push_str(&format!(
            ", submodule_search_locations={}",
            vm.repr_of(&locations)?
        ));
    }
    out.push(')');
    Ok(Value::string(out))
}

fn spec_eq(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "__eq__", a, 2, 2)?;
    let (x, y) = (&a[0], &a[1]);
    if !vm.isinstance(y, &vm.import_types.module_spec.clone()) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    for k in [
        "name",
        "loader",
        "origin",
        "submodule_search_locations",
        "cached",
        "has_location",
    ] {
        let (p, q) = (vm.getattr_str(x, k)?, vm.getattr_str(y, k)?);
        let eq = vm.eq(&p, &q)?;
        if !eq {
            return Ok(Value::FALSE);
        }
    }
    Ok(Value::TRUE)
}

fn loader_path(vm: &mut Vm, a: &[Value]) -> PyResult<String> {
    let p = vm.getattr_str(&a[0], "path")?;
    Ok(vm.str_value(&p))
}

fn loader_get_filename(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "get_filename", a, 1, 2)?;
    vm.getattr_str(&a[0], "path")
}

fn loader_get_data(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "get_data", a, 2, 2)?;
    let path = vm.str_value(&a[1]);
    match std::fs::read(&path) {
        Ok(b) => Ok(Value::bytes(b)),
        Err(e) => Err(vm.os_error_from(&e, Some(&path))),
    }
}

fn loader_is_package(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "is_package", a, 2, 2)?;
    let path = loader_path(vm, a)?;
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let name = vm.str_value(&a[1]);
    let tail = name.rsplit('.').next().unwrap_or("");
    Ok(Value::bool(stem == "__init__" && tail != "__init__"))
}

fn loader_get_source(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "get_source", a, 2, 2)?;
    let path = loader_path(vm, a)?;
    if !path.ends_with(".py") {
        return Ok(Value::NONE);
    }
    match std::fs::read(&path) {
        Ok(b) => {
            let text = String::from_utf8_lossy(&b).replace("\r\n", "\n");
            Ok(Value::string(text.replace('\r', "\n")))
        }
        Err(e) => Err(vm.os_error_from(&e, Some(&path))),
    }
}

fn loader_create_module(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "create_module", a, 2, 2)?;
    Ok(Value::NONE)
}

fn loader_exec_module(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "exec_module", a, 2, 2)?;
    let path = loader_path(vm, a)?;
    let name = vm.getattr_str(&a[0], "name")?;
    let name = vm.str_value(&name);
    vm.exec_file_module(&a[1], &name, &path)?;
    Ok(Value::NONE)
}

fn namespace_exec_module(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "exec_module", a, 2, 2)?;
    Ok(Value::NONE)
}

fn namespace_is_package(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "is_package", a, 2, 2)?;
    Ok(Value::TRUE)
}

/// `find_spec(name, path=None, target=None)`'s name, as a str.
fn find_spec_name(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<(String, Value)> {
    let [_, name, path, _] = bind(
        vm,
        "find_spec",
        a,
        k,
        ["cls", "fullname", "path", "target"],
        2,
    )?;
    let name = name.unwrap_or(Value::NONE);
    match name.as_str() {
        Some(s) => Ok((s.as_str().to_string(), path.unwrap_or(Value::NONE))),
        None => {
            let tn = vm.type_name(&name);
            Err(vm.type_error(format!("module name must be str, not {tn}")))
        }
    }
}

/// `BuiltinImporter.find_spec`: the spec of a built-in module, else None.
fn builtin_find_spec(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let (name, _) = find_spec_name(vm, a, k)?;
    Ok(vm.builtin_spec(&name).unwrap_or(Value::NONE))
}

/// `BuiltinImporter.create_module(spec)`.
fn builtin_create_module(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "create_module", a, 2, 2)?;
    let name = vm.getattr_str(&a[1], "name")?;
    let name = vm.str_value(&name);
    match (name.as_str(), vm.module(&name)) {
        ("sys" | "builtins", Some(m)) => Ok(m),
        _ => crate::modules::create_builtin(vm, &name),
    }
}

/// `BuiltinImporter.exec_module(module)`: a native module is complete once made.
fn builtin_exec_module(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "exec_module", a, 2, 2)?;
    Ok(Value::NONE)
}

/// `is_package` (False), `get_code` and `get_source` (None) of built-in modules.
fn builtin_no(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "is_package", a, 2, 2)?;
    let name = vm.str_value(&a[1]);
    if !crate::modules::is_builtin(&name) {
        let cls = vm.exc.import_error.clone();
        let msg = format!("{name} is not a built-in module");
        return Err(crate::builtins::import_error(vm, &cls, &msg, &name));
    }
    Ok(Value::NONE)
}

/// `PathFinder.find_spec`: searches `path`, or `sys.path` when it is None.
fn path_find_spec(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    let (name, path) = find_spec_name(vm, a, k)?;
    Ok(vm.path_spec(&name, &path)?.unwrap_or(Value::NONE))
}

/// `PathFinder.invalidate_caches`: folders are listed again on the next search.
fn path_invalidate_caches(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "invalidate_caches", a, 1, 1)?;
    vm.import_state.finder.invalidate();
    Ok(Value::NONE)
}
