//! Start-up configuration: the command-line flags CPython exposes in `sys.flags`, and the
//! parts of `sys` the import system and library read (`sys.path`, `meta_path`,
//! `path_hooks`, `path_importer_cache`, `builtin_module_names`, `implementation`,
//! `executable`, `orig_argv`, `prefix`...), filled once before the main module runs.

use super::{PyResult, Vm};
use crate::builtins::{add_methods, check_arity};

use crate::import::paths::{self, HostPaths, PathOptions};
use crate::modules::structseq;
use crate::object::{Dict, Obj, TypeKind};
use crate::value::Value;

type Kw<'a> = &'a [(Value, Value)];

/// The interpreter flags set by options and `PYTHON*` variables (`sys.flags`).
#[derive(Clone, Debug, Default)]
pub struct Flags {
    pub inspect: bool,
    pub optimize: u8,
    pub dont_write_bytecode: bool,
    pub no_user_site: bool,
    pub no_site: bool,
    pub ignore_environment: bool,
    pub verbose: u8,
    pub bytes_warning: u8,
    pub quiet: bool,
    pub isolated: bool,
    pub safe_path: bool,
    pub unbuffered: bool,
    /// `-X int_max_str_digits` / `PYTHONINTMAXSTRDIGITS` (-1: the default).
    pub int_max_str_digits: i64,
    /// `-W` options, in order.
    pub warnoptions: Vec<String>,
    /// `-X` options, in order.
    pub xoptions: Vec<String>,
    /// The process's own command line (`sys.orig_argv`).
    pub orig_argv: Vec<String>,
    /// `-x`: the script's first line is skipped (its newline kept, so line numbers hold).
    pub skip_first_line: bool,
    /// `PYTHONHASHSEED` as a number (`None`: random).
    pub hash_seed: Option<u32>,
    /// `sys.path[0]`: the script's folder, `''`, or `None` (safe path).
    pub path_first: Option<String>,
}

const FLAG_FIELDS: [&str; 18] = [
    "debug",
    "inspect",
    "interactive",
    "optimize",
    "dont_write_bytecode",
    "no_user_site",
    "no_site",
    "ignore_environment",
    "verbose",
    "bytes_warning",
    "quiet",
    "hash_randomization",
    "isolated",
    "dev_mode",
    "utf8_mode",
    "warn_default_encoding",
    "safe_path",
    "int_max_str_digits",
];

impl Vm {
    /// Fills `sys` from the flags and the host's paths; adds `exit`/`quit` (which CPython's
    /// `site` adds) unless `-S`.
    pub fn configure_sys(&mut self) {
        let f = self.config.flags.clone();
        let mut options = self.script_options();
        options.write_bytecode = !f.dont_write_bytecode;
        options.optimize = f.optimize;
        self.import_state.options = Some(options.clone());
        let host = HostPaths::discover(&options.python, options.private_cache.as_deref());
        let path = paths::initial_sys_path(
            host.as_ref(),
            &PathOptions {
                first: f.path_first.clone(),
                ignore_environment: f.ignore_environment,
                no_user_site: f.no_user_site,
                no_site: f.no_site,
            },
        );
        let host = host.unwrap_or_default();
        let b = |x: bool| Value::int(x as i64);
        let flag_values = vec![
            Value::int(0),
            b(f.inspect),
            b(f.inspect),
            Value::int(f.optimize as i64),
            b(f.dont_write_bytecode || !options.write_bytecode),
            b(f.no_user_site),
            b(f.no_site),
            b(f.ignore_environment),
            Value::int(f.verbose as i64),
            Value::int(f.bytes_warning as i64),
            b(f.quiet),
            b(f.hash_seed != Some(0)),
            b(f.isolated),
            Value::FALSE,
            Value::int(0),
            Value::int(0),
            Value::bool(f.safe_path),
            Value::int(f.int_max_str_digits),
        ];
        let flags_type = structseq::new_type(self, "sys", "flags", &FLAG_FIELDS);
        let flags = structseq::new(&flags_type, flag_values);
        let namespace = namespace_type(self);
        let implementation = Vm::plain_instance(&namespace);
        let version_info = self.sys_attr("version_info");
        crate::import::spec::set_attrs(
            &implementation,
            &[
                ("name", Value::str("pycrane")),
                ("cache_tag", Value::str(crate::pyc::source::CACHE_TAG)),
                ("version", version_info),
                ("hexversion", Value::int(0x030B07F0)),
                ("_multiarch", Value::str("x86_64-linux-gnu")),
            ],
        );
        let strs = |v: &[String]| Value::list(v.iter().map(|s| Value::str(s)).collect());
        let exe = std::env::current_exe()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let mut xopts = crate::object::Dict::new();
        for x in &f.xoptions {
            match x.split_once('=') {
                Some((k, v)) => xopts.set_str(k, Value::str(v)),
                None => xopts.set_str(x, Value::TRUE),
            }
        }
        let builtin_names = Value::tuple(
            crate::modules::builtin_names()
                .into_iter()
                .map(Value::str)
                .collect(),
        );
        let meta_path = Value::list(vec![
            self.import_types.builtin_importer.clone(),
            self.import_types.path_finder.clone(),
        ]);
        let Some(sys) = self.module("sys") else {
            return;
        };
        let Some(Obj::Module(m)) = sys.obj() else {
            return;
        };
        if let Some(d) = m.dict.as_dict() {
            let mut d = d.borrow_mut();
            d.set_str("path", strs(&path));
            d.set_str("flags", flags);
            d.set_str("implementation", implementation);
            d.set_str("executable", Value::string(exe.clone()));
            d.set_str("_base_executable", Value::string(exe));
            d.set_str("orig_argv", strs(&f.orig_argv));
            d.set_str("warnoptions", strs(&f.warnoptions));
            d.set_str("_xoptions", Value::dict(xopts));
            d.set_str("builtin_module_names", builtin_names);
            d.set_str("meta_path", meta_path);
            d.set_str("path_hooks", Value::list(vec![]));
            d.set_str("path_importer_cache", Value::dict(Dict::new()));
            d.set_str("dont_write_bytecode", Value::bool(!options.write_bytecode));
            d.set_str("pycache_prefix", Value::NONE);
            let hook =
                crate::builtins::native("breakpointhook", crate::builtins::site::breakpointhook);
            d.set_str("breakpointhook", hook.clone());
            d.set_str("__breakpointhook__", hook);
            if let Some(dh) = d.get_str("displayhook").cloned() {
                d.set_str("__displayhook__", dh);
            }
            for (k, v) in [
                ("prefix", &host.prefix),
                ("base_prefix", &host.base_prefix),
                ("exec_prefix", &host.exec_prefix),
                ("base_exec_prefix", &host.exec_prefix),
            ] {
                d.set_str(k, Value::str(v));
            }
            d.set_str("platlibdir", Value::str("lib"));
        }
        for name in ["sys", "builtins"] {
            if let (Some(spec), Some(m)) = (self.builtin_spec(name), self.module(name)) {
                let _ = self.init_module_attrs(&m, &spec);
            }
        }
        if let Some(b) = self.builtins.as_dict() {
            b.borrow_mut()
                .set_str("__debug__", Value::bool(f.optimize == 0));
        }
        if !f.no_site {
            crate::builtins::site::install_site_builtins(self);
        }
    }
}

/// `types.SimpleNamespace` (the type of `sys.implementation`).
fn namespace_type(vm: &Vm) -> Value {
    let t = super::native_class(
        "types",
        "SimpleNamespace",
        TypeKind::Instance,
        &vm.types.object,
        false,
    );
    add_methods(
        &t,
        "SimpleNamespace",
        &[
            ("__init__", namespace_init),
            ("__repr__", namespace_repr),
            ("__eq__", namespace_eq),
        ],
    );
    t
}

fn namespace_init(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    if a.len() > 1 {
        return Err(vm.type_error("no positional arguments expected"));
    }
    for (k, v) in kw {
        vm.setattr(&a[0], k, v.clone())?;
    }
    Ok(Value::NONE)
}

fn namespace_repr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__repr__", a, 1, 1)?;
    let pairs = a[0]
        .as_instance()
        .map(|i| {
            i.dict
                .borrow()
                .iter()
                .map(|e| (e.key.clone(), e.value.clone()))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let tn = vm.type_name(&a[0]);
    let name = if tn == "SimpleNamespace" {
        "namespace".to_string()
    } else {
        tn
    };
    let mut parts = vec![];
    for (k, v) in pairs {
        parts.push(format!("{}={}", vm.str_value(&k), vm.repr_of(&v)?));
    }
    Ok(Value::string(format!("{name}({})", parts.join(", "))))
}

fn namespace_eq(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_arity(vm, "__eq__", a, 2, 2)?;
    let (Some(x), Some(y)) = (a[0].as_instance(), a[1].as_instance()) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    if !a[1].has_header_type(&a[0].class()) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let (dx, dy) = (
        Value::dict(x.dict.borrow().clone()),
        Value::dict(y.dict.borrow().clone()),
    );
    Ok(Value::bool(vm.eq(&dx, &dy)?))
}
