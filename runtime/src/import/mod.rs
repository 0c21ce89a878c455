//! The import system, in Rust, with CPython 3.11's semantics (`Python/import.c` and
//! `importlib._bootstrap`): `IMPORT_NAME`/`__import__` (absolute and relative names,
//! `fromlist`), `IMPORT_FROM` with its submodule fallback and error messages, `import *`,
//! finding modules through `sys.meta_path` (built-in native modules, then the path finder
//! over `sys.path` or a package's `__path__`, then any finder Python code added), loading
//! them from cached bytecode or the host compiler, and the module attributes specs give.
//!
//! Invariants:
//! - `sys.modules` is `Vm::modules`, a real dict: a module is in it while its body runs (so
//!   circular imports see the partial module) and removed again if the body raises.
//! - A spec's `_initializing` is true while its module's body runs; the messages for
//!   circular imports read it.
//! - pycrane runs one thread, so the module locks of `importlib._bootstrap` have nothing to
//!   guard and do not exist.

pub mod finder;
pub mod paths;
pub mod spec;

use crate::object::Obj;
use crate::pyc::{self, LoadError, ScriptOptions};
use crate::value::Value;
use crate::vm::frame::Frame;
use crate::vm::{PyResult, Vm};
use finder::{FileKind, Found};
use std::path::{Path, PathBuf};

/// The import system's state kept by the VM.
#[derive(Default)]
pub struct ImportState {
    pub finder: finder::Finder,
    /// How sources are compiled and where bytecode is cached.
    pub options: Option<ScriptOptions>,
    /// How many times `_imp.acquire_lock` holds the import lock.
    pub lock_depth: usize,
    /// `zipimport` is being imported (for a zip archive on the path).
    pub in_zipimport: bool,
}

impl Vm {
    /// `sys.modules[name] = m`.
    pub(crate) fn sys_modules_set(&mut self, name: &str, m: Value) {
        if let Some(d) = self.modules.as_dict() {
            d.borrow_mut().set_str(name, m);
        }
    }

    fn sys_modules_remove(&mut self, name: &str) -> Option<Value> {
        let key = Value::str(name);
        self.dict_del(&self.modules.clone(), &key).ok().flatten()
    }

    /// An attribute of the `sys` module (None if missing).
    pub fn sys_attr(&self, name: &str) -> Value {
        match self.module("sys").and_then(|m| match m.obj() {
            Some(Obj::Module(m)) => m
                .dict
                .as_dict()
                .and_then(|d| d.borrow().get_str(name).cloned()),
            _ => None,
        }) {
            Some(v) => v,
            None => Value::NONE,
        }
    }

    pub(crate) fn module_not_found(&mut self, msg: &str, name: &str) -> Value {
        let cls = self.exc.module_not_found_error.clone();
        crate::builtins::import_error(self, &cls, msg, name)
    }

    /// `IMPORT_NAME`: calls `builtins.__import__` if Python code replaced it, else imports
    /// directly.
    pub fn import_name_op(
        &mut self,
        f: &Frame,
        name: &Value,
        fromlist: &Value,
        level: &Value,
    ) -> PyResult<Value> {
        let imp = self
            .builtins
            .as_dict()
            .and_then(|d| d.borrow().get_str("__import__").cloned());
        let Some(imp) = imp else {
            return Err(self.new_error(&self.exc.import_error.clone(), "__import__ not found"));
        };
        let is_ours = matches!(imp.obj(), Some(Obj::Builtin(b)) if b.name == "__import__" && b.owner.is_empty());
        if !is_ours {
            let locals = if f.locals.is_null() {
                Value::NONE
            } else {
                f.locals.clone()
            };
            let args = [
                name.clone(),
                f.globals.clone(),
                locals,
                fromlist.clone(),
                level.clone(),
            ];
            return self.call(&imp, &args, &[]);
        }
        let level = level.as_int64().unwrap_or(0);
        self.import_module_level(name, &f.globals, fromlist, level)
    }

    /// `PyImport_ImportModuleLevelObject`: what `__import__(name, globals, locals, fromlist,
    /// level)` returns.
    pub fn import_module_level(
        &mut self,
        name: &Value,
        globals: &Value,
        fromlist: &Value,
        level: i64,
    ) -> PyResult<Value> {
        let Some(n) = name.as_str() else {
            let tn = self.type_name(name);
            let _ = tn;
            return Err(self.type_error("module name must be a string"));
        };
        let n = n.as_str().to_string();
        if level < 0 {
            return Err(self.value_error("level must be >= 0"));
        }
        let abs = if level > 0 {
            self.resolve_name(&n, globals, level)?
        } else {
            if n.is_empty() {
                return Err(self.value_error("Empty module name"));
            }
            n.clone()
        };
        let module = self.import_absolute(&abs)?;
        let has_from = !fromlist.is_none() && self.is_true(fromlist)?;
        if !has_from {
            if level == 0 || !n.is_empty() {
                if let Some(dot) = n.find('.') {
                    if level == 0 {
                        return self.import_absolute(&n[..dot]);
                    }
                    let cut = n.len() - dot;
                    let to_return = &abs[..abs.len() - cut];
                    return match self.module(to_return) {
                        Some(m) => Ok(m),
                        None => Err(self.key_error(Value::string(format!(
                            "'{to_return}' not in sys.modules as expected"
                        )))),
                    };
                }
            }
            return Ok(module);
        }
        if self
            .getattr_opt(&module, &Value::str("__path__"))?
            .is_some()
        {
            self.handle_fromlist(&module, fromlist, false)?;
        }
        Ok(module)
    }

    /// `importlib._bootstrap._gcd_import(name)`: the module `name` (absolute), imported if it
    /// is not in `sys.modules`.
    pub fn import_absolute(&mut self, abs: &str) -> PyResult<Value> {
        match self.module(abs) {
            Some(m) if m.is_none() => {
                Err(self
                    .module_not_found(&format!("import of {abs} halted; None in sys.modules"), abs))
            }
            Some(m) => Ok(m),
            None => self.find_and_load(abs),
        }
    }

    /// `resolve_name` of `import.c`: the absolute name of a relative import.
    fn resolve_name(&mut self, name: &str, globals: &Value, level: i64) -> PyResult<String> {
        if globals.as_dict().is_none() {
            return Err(self.type_error("globals must be a dict"));
        }
        let get = |k: &str| {
            globals
                .as_dict()
                .and_then(|d| d.borrow().get_str(k).cloned())
        };
        let package = get("__package__").filter(|p| !p.is_none());
        let spec = get("__spec__").filter(|s| !s.is_none());
        let package = if let Some(p) = package {
            match p.as_str() {
                Some(s) => s.as_str().to_string(),
                None => return Err(self.type_error("package must be a string")),
            }
        } else if let Some(spec) = spec {
            let parent = self.getattr_str(&spec, "parent")?;
            match parent.as_str() {
                Some(s) => s.as_str().to_string(),
                None => return Err(self.type_error("__spec__.parent must be a string")),
            }
        } else {
            let Some(n) = get("__name__") else {
                return Err(self.key_error(Value::str("'__name__' not in globals")));
            };
            let Some(n) = n.as_str().map(|s| s.as_str().to_string()) else {
                return Err(self.type_error("__name__ must be a string"));
            };
            if get("__path__").is_some() {
                n
            } else {
                n.rsplit_once('.')
                    .map_or(String::new(), |(p, _)| p.to_string())
            }
        };
        if package.is_empty() {
            return Err(self.new_error(
                &self.exc.import_error.clone(),
                "attempted relative import with no known parent package",
            ));
        }
        let mut base = package.as_str();
        for _ in 1..level {
            match base.rsplit_once('.') {
                Some((b, _)) => base = b,
                None => {
                    return Err(self.new_error(
                        &self.exc.import_error.clone(),
                        "attempted relative import beyond top-level package",
                    ))
                }
            }
        }
        Ok(if name.is_empty() {
            base.to_string()
        } else {
            format!("{base}.{name}")
        })
    }

    /// `_find_and_load`: imports the parent package first, then finds and loads `name`.
    fn find_and_load(&mut self, name: &str) -> PyResult<Value> {
        // CPython's frozen bootstrap modules are Lib's `importlib._bootstrap` and
        // `_bootstrap_external` (`zipimport` imports them by the frozen names); pycrane has
        // them once Lib's `importlib` has set them up.
        let lib = match name {
            "_frozen_importlib" => Some("importlib._bootstrap"),
            "_frozen_importlib_external" => Some("importlib._bootstrap_external"),
            _ => None,
        };
        if let Some(m) = lib.and_then(|l| self.module(l)) {
            self.sys_modules_set(name, m.clone());
            return Ok(m);
        }
        let mut path = Value::NONE;
        let parent = name
            .rsplit_once('.')
            .map(|(p, c)| (p.to_string(), c.to_string()));
        if let Some((parent, _)) = &parent {
            if self.module(parent).is_none() {
                self.import_absolute(parent)?;
            }
            if let Some(m) = self.module(name) {
                return Ok(m);
            }
            let parent_module = self.module(parent).unwrap_or(Value::NONE);
            match self.getattr_opt(&parent_module, &Value::str("__path__"))? {
                Some(p) => path = p,
                None => {
                    return Err(self.module_not_found(
                        &format!("No module named '{name}'; '{parent}' is not a package"),
                        name,
                    ))
                }
            }
        }
        let Some(spec) = self.find_spec(name, &path)? else {
            return Err(self.module_not_found(&format!("No module named '{name}'"), name));
        };
        let module = self.load_spec(&spec)?;
        if let Some((parent, child)) = parent {
            if let Some(pm) = self.module(&parent) {
                let _ = self.setattr(&pm, &Value::string(child), module.clone());
            }
        }
        Ok(module)
    }

    /// `_find_spec`: asks each finder on `sys.meta_path`.
    pub fn find_spec(&mut self, name: &str, path: &Value) -> PyResult<Option<Value>> {
        let meta_path = self.sys_attr("meta_path");
        let finders = match meta_path.as_list() {
            Some(l) => l.borrow().clone(),
            None => self.collect(&meta_path)?,
        };
        for finder in finders {
            let spec = if finder.is(&self.import_types.builtin_importer) {
                self.builtin_spec(name)
            } else if finder.is(&self.import_types.path_finder) {
                self.path_spec(name, path)?
            } else {
                let Some(find) = self.getattr_opt(&finder, &Value::str("find_spec"))? else {
                    continue;
                };
                let s = self.call(&find, &[Value::str(name), path.clone(), Value::NONE], &[])?;
                (!s.is_none()).then_some(s)
            };
            if spec.is_some() {
                return Ok(spec);
            }
        }
        Ok(None)
    }

    /// The spec of a built-in (native) module, if `name` is one.
    pub(crate) fn builtin_spec(&mut self, name: &str) -> Option<Value> {
        if !crate::modules::is_builtin(name) {
            return None;
        }
        let loader = self.import_types.builtin_importer.clone();
        Some(self.new_spec(
            name,
            loader,
            Value::str("built-in"),
            Value::NONE,
            Value::NONE,
            false,
        ))
    }

    /// `PathFinder.find_spec`: searches `path` (a package's `__path__`) or `sys.path`.
    pub(crate) fn path_spec(&mut self, name: &str, path: &Value) -> PyResult<Option<Value>> {
        let entries = if path.is_none() {
            self.sys_attr("path")
        } else {
            path.clone()
        };
        let entries = match entries.as_list() {
            Some(l) => l.borrow().clone(),
            None => self.collect(&entries)?,
        };
        let dirs: Vec<PathBuf> = entries
            .iter()
            .filter_map(|e| e.as_str())
            .map(|s| match s.as_str() {
                "" => std::env::current_dir().unwrap_or_default(),
                p => PathBuf::from(p),
            })
            .collect();
        let tail = name.rsplit('.').next().unwrap_or(name);
        // Folders are searched together (a namespace package spans them); a zip archive on
        // the path is asked in its turn, through Lib's `zipimport`.
        let mut portions = vec![];
        let mut run: Vec<PathBuf> = vec![];
        for (i, d) in dirs.iter().enumerate() {
            let last = i + 1 == dirs.len();
            let zip = self.import_state.finder.in_zip(d);
            if !zip {
                run.push(d.clone());
            }
            if zip || last {
                match self.import_state.finder.find(tail, &run) {
                    Found::NotFound => {}
                    Found::Namespace(p) => portions.extend(p),
                    found => return self.spec_for(name, found).map(Some),
                }
                run.clear();
            }
            if zip {
                if let Some(spec) = self.zip_spec(name, d)? {
                    return Ok(Some(spec));
                }
            }
        }
        if portions.is_empty() {
            return Ok(None);
        }
        self.spec_for(name, Found::Namespace(portions)).map(Some)
    }

    /// The spec `zipimport.zipimporter(entry)` finds for `name`, if any (the importer is
    /// kept in `sys.path_importer_cache`).
    fn zip_spec(&mut self, name: &str, entry: &Path) -> PyResult<Option<Value>> {
        let key = Value::string(entry.display().to_string());
        let cache = self.sys_attr("path_importer_cache");
        let importer = match cache.as_dict().map(|_| ()) {
            Some(()) => self.dict_get(&cache, &key)?,
            None => None,
        };
        let importer = match importer {
            Some(i) => i,
            // Importing `zipimport` (and `importlib`, which it needs) searches the path
            // too: archives are skipped meanwhile.
            None if self.import_state.in_zipimport => return Ok(None),
            None => {
                self.import_state.in_zipimport = true;
                let r = self
                    .import_absolute("importlib")
                    .and_then(|_| self.import_absolute("zipimport"));
                self.import_state.in_zipimport = false;
                let zipimport = r?;
                let cls = self.getattr_str(&zipimport, "zipimporter")?;
                let made = match self.call(&cls, std::slice::from_ref(&key), &[]) {
                    Ok(i) => i,
                    Err(e) => {
                        let bad = self.getattr_str(&zipimport, "ZipImportError")?;
                        if !self.exc_matches(&e, &bad) {
                            return Err(e);
                        }
                        Value::NONE
                    }
                };
                if cache.as_dict().is_some() {
                    self.dict_set(&cache, key, made.clone())?;
                }
                made
            }
        };
        if importer.is_none() {
            return Ok(None);
        }
        let find = self.getattr_str(&importer, "find_spec")?;
        let spec = self.call(&find, &[Value::str(name)], &[])?;
        Ok((!spec.is_none()).then_some(spec))
    }

    /// The spec for what the folder search found.
    fn spec_for(&mut self, name: &str, found: Found) -> PyResult<Value> {
        match found {
            Found::NotFound => Err(self.system_error("spec_for(NotFound)")),
            Found::Namespace(portions) => {
                let locations = portions
                    .iter()
                    .map(|p| Value::string(p.display().to_string()))
                    .collect();
                let cls = self.import_types.namespace_loader.clone();
                let loader = self.new_loader(&cls, name, "");
                Ok(self.new_spec(
                    name,
                    loader,
                    Value::NONE,
                    Value::list(locations),
                    Value::NONE,
                    false,
                ))
            }
            Found::File {
                origin,
                kind,
                package,
            } => {
                let shown = origin.display().to_string();
                if kind == FileKind::Extension {
                    return Err(self.extension_error(name, &shown));
                }
                let (cls, cached) = match kind {
                    FileKind::Source => {
                        let optimize = self.script_options().optimize;
                        let cached = pyc::source::cache_path_opt(&origin, optimize)
                            .map(|c| Value::string(c.display().to_string()))
                            .unwrap_or(Value::NONE);
                        (self.import_types.source_loader.clone(), cached)
                    }
                    _ => (
                        self.import_types.sourceless_loader.clone(),
                        Value::str(&shown),
                    ),
                };
                let loader = self.new_loader(&cls, name, &shown);
                let locations = match package {
                    Some(p) => Value::list(vec![Value::string(p.display().to_string())]),
                    None => Value::NONE,
                };
                Ok(self.new_spec(name, loader, Value::str(&shown), locations, cached, true))
            }
        }
    }

    /// The ImportError for a C extension module `name` found at `path`, which pycrane
    /// cannot run.
    pub fn extension_error(&mut self, name: &str, path: &str) -> Value {
        let msg = format!("pycrane cannot load C extension module '{name}' ({path})");
        let cls = self.exc.import_error.clone();
        let e = crate::builtins::import_error(self, &cls, &msg, name);
        if let Some(i) = e.as_instance() {
            i.dict.borrow_mut().set_str("path", Value::str(path));
        }
        e
    }

    /// The source options (from the environment unless the CLI set them).
    pub fn script_options(&mut self) -> ScriptOptions {
        self.import_state
            .options
            .get_or_insert_with(ScriptOptions::from_env)
            .clone()
    }

    /// `_load_unlocked`: creates the module for `spec`, registers it in `sys.modules` and
    /// runs its body; on failure it leaves `sys.modules`.
    pub fn load_spec(&mut self, spec: &Value) -> PyResult<Value> {
        let name = self.getattr_str(spec, "name")?;
        let name = self.str_value(&name);
        let loader = self.getattr_str(spec, "loader")?;
        if loader.is(&self.import_types.builtin_importer) {
            let module = crate::modules::create_builtin(self, &name)?;
            self.init_module_attrs(&module, spec)?;
            self.sys_modules_set(&name, module.clone());
            return Ok(module);
        }
        let own_loader = [
            &self.import_types.source_loader,
            &self.import_types.sourceless_loader,
            &self.import_types.namespace_loader,
        ]
        .iter()
        .any(|c| self.isinstance(&loader, c));
        let mut module = Value::NONE;
        if !own_loader {
            if let Some(create) = self.getattr_opt(&loader, &Value::str("create_module"))? {
                module = self.call(&create, std::slice::from_ref(spec), &[])?;
            }
        }
        if module.is_none() {
            module = self.bare_module(&name);
        }
        if self.isinstance(&loader, &self.import_types.namespace_loader.clone()) {
            // CPython gives a namespace package `__file__ = None` (bpo-32305).
            self.setattr(&module, &Value::str("__file__"), Value::NONE)?;
        }
        self.init_module_attrs(&module, spec)?;
        spec::set_attrs(spec, &[("_initializing", Value::TRUE)]);
        self.sys_modules_set(&name, module.clone());
        let r = if loader.is_none()
            || self.isinstance(&loader, &self.import_types.namespace_loader.clone())
        {
            Ok(())
        } else if own_loader {
            let path = loader.inst_attr("path");
            let path = self.str_value(&path);
            self.exec_file_module(&module, &name, &path)
        } else {
            match self.getattr_opt(&loader, &Value::str("exec_module"))? {
                Some(exec) => self
                    .call(&exec, std::slice::from_ref(&module), &[])
                    .map(|_| ()),
                None => Err(self.new_error(
                    &self.exc.import_error.clone(),
                    "loader has no exec_module()",
                )),
            }
        };
        spec::set_attrs(spec, &[("_initializing", Value::FALSE)]);
        if let Err(e) = r {
            self.sys_modules_remove(&name);
            return Err(e);
        }
        // The body may have replaced the module in sys.modules; that one is the result.
        match self.sys_modules_remove(&name) {
            Some(m) => {
                self.sys_modules_set(&name, m.clone());
                Ok(m)
            }
            None => Err(self.key_error(Value::string(name))),
        }
    }

    /// Runs the module file `path` (source or bytecode) in `module`'s namespace.
    pub fn exec_file_module(&mut self, module: &Value, name: &str, path: &str) -> PyResult<()> {
        let raw = self.load_module_code(name, path)?;
        let code = self
            .prepare_code(&raw)
            .map_err(|e| self.new_error(&self.exc.import_error.clone(), &e))?;
        let Some(Obj::Module(m)) = module.obj() else {
            return Err(self.type_error("exec_module() needs a module"));
        };
        let globals = m.dict.clone();
        if let Some(d) = globals.as_dict() {
            let mut d = d.borrow_mut();
            if d.get_str("__builtins__").is_none() {
                // A module's `__builtins__` is the builtins dict (only `__main__`'s is the
                // module), as in CPython.
                d.set_str("__builtins__", self.builtins.clone());
            }
        }
        self.run_code_in(code, globals.clone(), globals)
    }

    /// The code object of module `name` from its file `path`.
    pub(crate) fn load_module_code(
        &mut self,
        name: &str,
        path: &str,
    ) -> PyResult<std::rc::Rc<pyc::CodeObject>> {
        let p = Path::new(path);
        let r = if path.ends_with(".pyc") {
            pyc::load_pyc_file(p)
        } else {
            let options = self.script_options();
            pyc::code_for_source(p, path, None, &options, false)
        };
        r.map_err(|e| match e {
            LoadError::Compile { failure } => self.compile_failure_exception(&failure),
            other => {
                let msg = other.to_string();
                crate::builtins::import_error(self, &self.exc.import_error.clone(), &msg, name)
            }
        })
    }

    /// `_handle_fromlist`: imports the submodules a `from package import a, b` names that are
    /// not attributes of the package yet.
    fn handle_fromlist(
        &mut self,
        module: &Value,
        fromlist: &Value,
        recursive: bool,
    ) -> PyResult<()> {
        let items = self.collect(fromlist)?;
        for x in items {
            let Some(s) = x.as_str().map(|s| s.as_str().to_string()) else {
                let where_ = if recursive {
                    let n = self.getattr_str(module, "__name__")?;
                    format!("{}.__all__", self.str_value(&n))
                } else {
                    "``from list''".to_string()
                };
                let tn = self.type_name(&x);
                return Err(self.type_error(format!("Item in {where_} must be str, not {tn}")));
            };
            if s == "*" {
                if !recursive {
                    if let Some(all) = self.getattr_opt(module, &Value::str("__all__"))? {
                        self.handle_fromlist(module, &all, true)?;
                    }
                }
                continue;
            }
            if self.getattr_opt(module, &x)?.is_some() {
                continue;
            }
            let mname = self.getattr_str(module, "__name__")?;
            let from_name = format!("{}.{s}", self.str_value(&mname));
            if let Err(e) = self.import_absolute(&from_name) {
                if self.exc_matches(&e, &self.exc.module_not_found_error.clone()) {
                    let en = self.getattr_opt(&e, &Value::str("name"))?;
                    let named_it =
                        en.is_some_and(|n| n.as_str().is_some_and(|n| n.as_str() == from_name));
                    let blocked = self.module(&from_name).is_some_and(|m| m.is_none());
                    if named_it && !blocked {
                        continue;
                    }
                }
                return Err(e);
            }
        }
        Ok(())
    }

    /// `IMPORT_FROM`: `from module import name`, falling back to the submodule
    /// `module.name` in `sys.modules` (circular imports of packages).
    pub fn import_from(&mut self, module: &Value, name: &Value) -> PyResult<Value> {
        match self.getattr(module, name) {
            Ok(v) => return Ok(v),
            Err(e) if !self.exc_matches(&e, &self.exc.attribute_error.clone()) => return Err(e),
            Err(_) => {}
        }
        let n = self.str_value(name);
        let pkgname = self
            .getattr_opt(module, &Value::str("__name__"))
            .ok()
            .flatten()
            .and_then(|v| v.as_str().map(|s| s.as_str().to_string()));
        if let Some(p) = &pkgname {
            if let Some(m) = self.module(&format!("{p}.{n}")) {
                return Ok(m);
            }
        }
        let pkgpath = match module.obj() {
            Some(Obj::Module(m)) => m
                .dict
                .as_dict()
                .and_then(|d| d.borrow().get_str("__file__").cloned())
                .and_then(|f| f.as_str().map(|s| s.as_str().to_string())),
            _ => None,
        };
        let shown = pkgname
            .clone()
            .unwrap_or_else(|| "<unknown module name>".into());
        let initializing = self.module_initializing(module);
        let msg = match (&pkgpath, initializing) {
            (p, true) => format!(
                "cannot import name '{n}' from partially initialized module '{shown}' (most \
                 likely due to a circular import) ({})",
                p.as_deref().unwrap_or("unknown location")
            ),
            (None, false) => format!("cannot import name '{n}' from '{shown}' (unknown location)"),
            (Some(p), false) => format!("cannot import name '{n}' from '{shown}' ({p})"),
        };
        let e = crate::builtins::import_error(
            self,
            &self.exc.import_error.clone(),
            &msg,
            pkgname.as_deref().unwrap_or(""),
        );
        if let (Some(i), Some(p)) = (e.as_instance(), pkgpath) {
            i.dict.borrow_mut().set_str("path", Value::string(p));
        }
        if pkgname.is_none() {
            if let Some(i) = e.as_instance() {
                i.dict.borrow_mut().set_str("name", Value::NONE);
            }
        }
        Err(e)
    }

    /// Whether `module`'s spec says its body is still running.
    pub fn module_initializing(&self, module: &Value) -> bool {
        let Some(Obj::Module(m)) = module.obj() else {
            return false;
        };
        let spec = m
            .dict
            .as_dict()
            .and_then(|d| d.borrow().get_str("__spec__").cloned());
        spec.is_some_and(|s| {
            s.as_instance()
                .and_then(|i| i.dict.borrow().get_str("_initializing").cloned())
                .is_some_and(|v| v.as_bool() == Some(true))
        })
    }

    /// `IMPORT_STAR`: binds the module's public names (`__all__`, or every name not starting
    /// with `_`) in the frame's namespace.
    pub fn import_star(&mut self, f: &mut Frame, m: &Value) -> PyResult<()> {
        let target = if f.locals.is_null() {
            f.globals.clone()
        } else {
            f.locals.clone()
        };
        let (names, skip_private) = match self.getattr_opt(m, &Value::str("__all__"))? {
            Some(all) => (self.collect(&all)?, false),
            None => {
                let Some(dict) = self.getattr_opt(m, &Value::str("__dict__"))? else {
                    return Err(self.new_error(
                        &self.exc.import_error.clone(),
                        "from-import-* object has no __dict__ and no __all__",
                    ));
                };
                (self.collect(&dict)?, true)
            }
        };
        for name in names {
            let Some(s) = name.as_str() else {
                let mn = self.getattr_opt(m, &Value::str("__name__"))?;
                let mn = mn.map(|v| self.str_value(&v)).unwrap_or_default();
                let tn = self.type_name(&name);
                let msg = if skip_private {
                    format!("Key in {mn}.__dict__ must be str, not {tn}")
                } else {
                    format!("Item in {mn}.__all__ must be str, not {tn}")
                };
                return Err(self.type_error(msg));
            };
            if skip_private && s.as_str().starts_with('_') {
                continue;
            }
            let v = self.getattr(m, &name)?;
            self.setitem(&target, &name, v)?;
        }
        Ok(())
    }
}
