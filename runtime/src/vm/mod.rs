//! The virtual machine: global interpreter state (built-in types, modules, the handled
//! exception, recursion depth, output streams) and the entry point that runs a module.

pub mod activation;
pub mod attr;
pub mod attr_site;
pub mod bigrange;
pub mod call;
pub mod class;
pub mod collections;
pub mod convert;
pub mod exc;
pub mod finalize;
pub mod frame;
pub mod interp;
pub mod ops;
pub mod patma;
pub mod range;
pub mod repl;
pub mod run;
pub mod seq;
pub mod signals;
pub mod slots;
pub mod startup;
pub mod suggest;
pub mod tier2;

use crate::object::{Dict, IterKind, Obj, TypeKind, TypeObj};
use crate::value::Value;
use std::cell::RefCell;
use std::io::Write;

/// The highest recursion limit honoured (bounded by the interpreter thread's stack).
pub const MAX_RECURSION: usize = 200_000;

/// Errors are exception instances.
pub type PyResult<T> = Result<T, Value>;

/// Options fixed at start-up.
#[derive(Clone, Debug)]
pub struct Config {
    pub argv: Vec<String>,
    pub recursion_limit: usize,
    pub jit_mode: tier2::JitMode,
    /// Calls or loop back-edges before a code object is compiled (`--jit-threshold`).
    pub jit_threshold: u32,
    /// Command-line flags (`sys.flags`, `sys.path[0]`, `-W`, `-X`...).
    pub flags: startup::Flags,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            argv: vec![],
            recursion_limit: 1000,
            jit_mode: tier2::JitMode::On,
            jit_threshold: 1000,
            flags: startup::Flags {
                int_max_str_digits: -1,
                ..Default::default()
            },
        }
    }
}

macro_rules! builtin_types {
    ($($field:ident: $name:literal $kind:ident;)*) => {
        /// Every built-in (non-exception) type object.
        pub struct Types {
            $(pub $field: Value,)*
        }
        impl Types {
            fn new() -> Types {
                Types { $($field: new_builtin_type($name, TypeKind::$kind),)* }
            }
            fn all(&self) -> Vec<&Value> {
                vec![$(&self.$field,)*]
            }
        }
    };
}

builtin_types! {
    object: "object" Object;
    type_: "type" Type;
    int: "int" Int;
    bool_: "bool" Bool;
    float: "float" Float;
    complex: "complex" Complex;
    str_: "str" Str;
    bytes: "bytes" Bytes;
    bytearray: "bytearray" ByteArray;
    memoryview: "memoryview" MemoryView;
    tuple: "tuple" Tuple;
    list: "list" List;
    dict: "dict" Dict;
    set: "set" Set;
    frozenset: "frozenset" FrozenSet;
    range: "range" Range;
    slice: "slice" Slice;
    none: "NoneType" NoneType;
    not_implemented: "NotImplementedType" NotImplementedType;
    ellipsis: "ellipsis" EllipsisType;
    function: "function" Function;
    builtin: "builtin_function_or_method" Builtin;
    method: "method" Method;
    cell: "cell" Cell;
    code: "code" Code;
    module: "module" Module;
    generator: "generator" Generator;
    dict_keys: "dict_keys" DictView;
    dict_values: "dict_values" DictView;
    dict_items: "dict_items" DictView;
    property: "property" Property;
    staticmethod: "staticmethod" StaticMethod;
    classmethod: "classmethod" ClassMethod;
    super_: "super" Super;
    traceback: "traceback" Instance;
    frame: "frame" Instance;
    union: "UnionType" Instance;
}

macro_rules! exc_parent {
    ($b:ident, base_exception) => {
        $b
    };
    ($b:ident, $p:ident) => {
        &$p
    };
}

macro_rules! exception_types {
    ($($field:ident: $name:literal < $parent:ident;)*) => {
        /// The built-in exception classes, in hierarchy order.
        pub struct ExcTypes {
            pub base_exception: Value,
            $(pub $field: Value,)*
        }
        impl ExcTypes {
            fn new(object: &Value) -> ExcTypes {
                let base_exception = new_class_type("BaseException", TypeKind::BaseException, std::slice::from_ref(object));
                let base_exception_ref = &base_exception;
                $(let $field = new_class_type($name, TypeKind::BaseException, std::slice::from_ref(exc_parent!(base_exception_ref, $parent)));)*
                ExcTypes { base_exception, $($field,)* }
            }
            pub fn all(&self) -> Vec<&Value> {
                vec![&self.base_exception, $(&self.$field,)*]
            }
        }
    };
}

exception_types! {
    exception: "Exception" < base_exception;
    generator_exit: "GeneratorExit" < base_exception;
    keyboard_interrupt: "KeyboardInterrupt" < base_exception;
    system_exit: "SystemExit" < base_exception;
    arithmetic_error: "ArithmeticError" < exception;
    floating_point_error: "FloatingPointError" < arithmetic_error;
    overflow_error: "OverflowError" < arithmetic_error;
    zero_division_error: "ZeroDivisionError" < arithmetic_error;
    assertion_error: "AssertionError" < exception;
    attribute_error: "AttributeError" < exception;
    buffer_error: "BufferError" < exception;
    eof_error: "EOFError" < exception;
    import_error: "ImportError" < exception;
    module_not_found_error: "ModuleNotFoundError" < import_error;
    lookup_error: "LookupError" < exception;
    index_error: "IndexError" < lookup_error;
    key_error: "KeyError" < lookup_error;
    memory_error: "MemoryError" < exception;
    name_error: "NameError" < exception;
    unbound_local_error: "UnboundLocalError" < name_error;
    os_error: "OSError" < exception;
    blocking_io_error: "BlockingIOError" < os_error;
    child_process_error: "ChildProcessError" < os_error;
    connection_error: "ConnectionError" < os_error;
    broken_pipe_error: "BrokenPipeError" < connection_error;
    connection_aborted_error: "ConnectionAbortedError" < connection_error;
    connection_refused_error: "ConnectionRefusedError" < connection_error;
    connection_reset_error: "ConnectionResetError" < connection_error;
    file_exists_error: "FileExistsError" < os_error;
    file_not_found_error: "FileNotFoundError" < os_error;
    interrupted_error: "InterruptedError" < os_error;
    is_a_directory_error: "IsADirectoryError" < os_error;
    not_a_directory_error: "NotADirectoryError" < os_error;
    permission_error: "PermissionError" < os_error;
    process_lookup_error: "ProcessLookupError" < os_error;
    timeout_error: "TimeoutError" < os_error;
    reference_error: "ReferenceError" < exception;
    runtime_error: "RuntimeError" < exception;
    not_implemented_error: "NotImplementedError" < runtime_error;
    recursion_error: "RecursionError" < runtime_error;
    stop_async_iteration: "StopAsyncIteration" < exception;
    stop_iteration: "StopIteration" < exception;
    syntax_error: "SyntaxError" < exception;
    indentation_error: "IndentationError" < syntax_error;
    tab_error: "TabError" < indentation_error;
    system_error: "SystemError" < exception;
    type_error: "TypeError" < exception;
    value_error: "ValueError" < exception;
    unicode_error: "UnicodeError" < value_error;
    unicode_decode_error: "UnicodeDecodeError" < unicode_error;
    unicode_encode_error: "UnicodeEncodeError" < unicode_error;
    unicode_translate_error: "UnicodeTranslateError" < unicode_error;
    warning: "Warning" < exception;
    bytes_warning: "BytesWarning" < warning;
    deprecation_warning: "DeprecationWarning" < warning;
    encoding_warning: "EncodingWarning" < warning;
    future_warning: "FutureWarning" < warning;
    import_warning: "ImportWarning" < warning;
    pending_deprecation_warning: "PendingDeprecationWarning" < warning;
    resource_warning: "ResourceWarning" < warning;
    runtime_warning: "RuntimeWarning" < warning;
    syntax_warning: "SyntaxWarning" < warning;
    unicode_warning: "UnicodeWarning" < warning;
    user_warning: "UserWarning" < warning;
}

fn new_builtin_type(name: &str, kind: TypeKind) -> Value {
    let t = TypeObj::new(name, "builtins", kind, true, Dict::new());
    t.collection.set(patma::builtin_collection(kind));
    Value::new_obj(Obj::Type(Box::new(t)))
}

/// A class made by native code: `module.name` of kind `kind` deriving from `base`, with an
/// empty namespace (the caller adds methods). `builtin` classes are constructed by
/// `builtins::construct`; others like user classes (instances with a dict).
pub fn native_class(
    module: &str,
    name: &str,
    kind: TypeKind,
    base: &Value,
    builtin: bool,
) -> Value {
    let t = Value::new_obj(Obj::Type(Box::new(TypeObj::new(
        name,
        module,
        kind,
        builtin,
        Dict::new(),
    ))));
    set_bases(&t, vec![base.clone()]);
    t
}

fn new_class_type(name: &str, kind: TypeKind, bases: &[Value]) -> Value {
    let t = new_builtin_type(name, kind);
    set_bases(&t, bases.to_vec());
    t
}

/// Sets `bases` and computes the MRO (C3 linearization).
pub fn set_bases(t: &Value, bases: Vec<Value>) -> bool {
    let ty = t.as_type().expect("type");
    let mro = match c3_mro(&bases) {
        Some(m) => m,
        None => return false,
    };
    for b in &bases {
        if let Some(bt) = b.as_type() {
            bt.add_subclass(t);
        }
    }
    *ty.bases.borrow_mut() = bases;
    *ty.mro.borrow_mut() = mro;
    true
}

/// C3 linearization of the bases' MROs (the class itself excluded).
fn c3_mro(bases: &[Value]) -> Option<Vec<Value>> {
    let mut seqs: Vec<Vec<Value>> = bases
        .iter()
        .map(|b| {
            let mut v = vec![b.clone()];
            v.extend(
                b.as_type()
                    .map(|t| t.mro.borrow().clone())
                    .unwrap_or_default(),
            );
            v
        })
        .collect();
    seqs.push(bases.to_vec());
    let mut out: Vec<Value> = vec![];
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Some(out);
        }
        let mut found = None;
        for s in &seqs {
            let head = &s[0];
            if !seqs.iter().any(|t| t[1..].iter().any(|x| x.is(head))) {
                found = Some(head.clone());
                break;
            }
        }
        let head = found?;
        for s in seqs.iter_mut() {
            if s[0].is(&head) {
                s.remove(0);
            }
        }
        out.push(head);
    }
}

pub struct Vm {
    pub config: Config,
    pub types: Types,
    /// The iterator types, indexed by `IterKind as usize`.
    pub iter_types: Vec<Value>,
    pub exc: ExcTypes,
    pub builtins: Value,
    /// Loaded modules by name; this dict is `sys.modules`.
    pub modules: Value,
    /// The exception currently being handled (`sys.exc_info()`), or None.
    pub handled: Value,
    pub depth: usize,
    /// The current `contextvars.Context` (NULL until first used).
    pub context: Value,
    /// The innermost running activation's record (see `activation`), or null.
    pub top: *mut activation::Activation,
    pub recursion_limit: usize,
    /// The lowest native stack address deep recursion may use (a margin above the end of
    /// the interpreter thread's stack; 0 when unknown): past it, a call raises
    /// RecursionError instead of overflowing the stack. See [`Vm::set_native_stack`].
    pub stack_floor: usize,
    /// Buffered standard output; flushed before anything goes to stderr and at exit.
    pub stdout: std::io::BufWriter<std::io::Stdout>,
    /// Reusable frame buffers.
    pub frames: frame::FramePool,
    /// Containers whose repr is being computed (to print `[...]` for cycles).
    pub repr_stack: Vec<u64>,
    /// The compiler tier, if one is installed and enabled.
    pub tier2: Option<Box<dyn tier2::Tier2>>,
    /// Calls (or back-edges) before tier-up; 0 with `--jit=always`, MAX when off.
    pub jit_threshold: u32,
    /// The exception a native helper raised (see `tier2::ERR`).
    pub native_err: Value,
    /// Where compiled generator code left its frame (see `Vm::resume_native`).
    pub gen_exit: Option<tier2::GenExit>,
    /// An empty buffer for the next `GenExit::stack` (generator frames trade stacks with it).
    pub gen_spare: Vec<Value>,
    /// Set by native generator code that yielded (see `tier2::yield_state`), else 0.
    pub gen_yield: u64,
    /// The frame native code runs single interpreter instructions in (see the jit crate's
    /// `step` helper), kept between steps; taken while one runs (steps may nest).
    pub step_frame: Option<Box<frame::Frame>>,
    /// Type attribute lookups (see `Vm::lookup_type_hashed`), valid for `type_epoch`.
    pub type_cache: RefCell<Box<[Option<attr::TypeCacheEntry>]>>,
    pub type_epoch: std::cell::Cell<u64>,
    /// Names of code objects (`co_names`, `co_varnames`), one str object per distinct name
    /// so that attribute and keyword lookups mostly compare pointers.
    pub interned: std::collections::HashMap<Box<str>, Value>,
    /// One str object per Latin-1 character, made on first use: indexing or iterating a str
    /// and `chr()` return these, as CPython does, instead of allocating a new str each time.
    latin1: Vec<Value>,
    /// The classes of specs, loaders and finders (see `import::spec`).
    pub import_types: crate::import::spec::ImportTypes,
    /// The finder's caches and the source options (see `import`).
    pub import_state: crate::import::ImportState,
    /// `-u`/`PYTHONUNBUFFERED`: every write to stdout goes out at once.
    pub stdout_unbuffered: bool,
    /// stdout is a terminal: flushed at each newline.
    pub stdout_line_buffered: bool,
    /// The int/str conversion limit in decimal digits (`sys.set_int_max_str_digits`;
    /// 0: none).
    pub int_max_str_digits: usize,
    /// Set when the run ended by an uncaught `KeyboardInterrupt` (the process then ends by
    /// SIGINT, see `signals::die_by_sigint`).
    pub interrupted: bool,
    /// Sources `compile`/`exec`/`eval` compiled (see `builtins::compile`).
    pub compile_cache: crate::builtins::compile::CompileCache,
    /// The types native modules define, made once per run by their module's first import
    /// (a re-import makes a new module with the same types, as in CPython).
    pub native_types: std::collections::HashMap<&'static str, Value>,
    /// The hashes of the descriptor protocol's names, which attribute lookup asks about
    /// for every descriptor it finds.
    pub name_hashes: NameHashes,
    /// `atexit.register`ed calls, oldest first.
    pub atexit: Vec<crate::modules::atexit::ExitCall>,
}

/// Hashes of names the runtime looks up by text on hot paths (computed once: str hashes
/// are keyed per process).
pub struct NameHashes {
    pub get: u64,
    pub set: u64,
    pub delete: u64,
}

impl NameHashes {
    fn new() -> NameHashes {
        use crate::object::str::hash_str;
        NameHashes {
            get: hash_str("__get__"),
            set: hash_str("__set__"),
            delete: hash_str("__delete__"),
        }
    }
}

impl Vm {
    pub fn new(config: Config) -> Vm {
        let types = Types::new();
        for t in types.all() {
            if !t.is(&types.object) {
                let base = if t.is(&types.bool_) {
                    types.int.clone()
                } else {
                    types.object.clone()
                };
                set_bases(t, vec![base]);
            }
        }
        let iter_types: Vec<Value> = IterKind::ALL
            .iter()
            .map(|k| {
                new_class_type(
                    k.name(),
                    TypeKind::Iterator,
                    std::slice::from_ref(&types.object),
                )
            })
            .collect();

        let exc = ExcTypes::new(&types.object);
        let recursion_limit = config.recursion_limit;
        let jit_threshold = match config.jit_mode {
            tier2::JitMode::Off => u32::MAX,
            tier2::JitMode::Always => 0,
            tier2::JitMode::On => config.jit_threshold,
        };
        let import_types = crate::import::spec::ImportTypes::new(&types);
        let mut vm = Vm {
            config,
            types,
            iter_types,
            exc,
            builtins: Value::dict(Dict::new()),
            modules: Value::dict(Dict::new()),
            handled: Value::NONE,
            depth: 0,
            context: Value::NULL,
            stack_floor: 0,
            top: std::ptr::null_mut(),
            recursion_limit,
            stdout: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()),
            frames: frame::FramePool::default(),
            repr_stack: vec![],
            tier2: None,
            jit_threshold,
            native_err: Value::NULL,
            gen_exit: None,
            gen_spare: Vec::new(),
            gen_yield: 0,
            step_frame: None,
            type_cache: RefCell::new((0..attr::TYPE_CACHE_SIZE).map(|_| None).collect()),
            type_epoch: std::cell::Cell::new(0),
            interned: Default::default(),
            latin1: vec![Value::NONE; 256],
            import_types,
            import_state: Default::default(),
            native_types: Default::default(),
            atexit: Vec::new(),
            name_hashes: NameHashes::new(),
            compile_cache: Default::default(),
            stdout_unbuffered: false,
            stdout_line_buffered: std::io::IsTerminal::is_terminal(&std::io::stdout()),
            interrupted: false,
            int_max_str_digits: 4300,
        };
        if vm.config.flags.int_max_str_digits >= 0 {
            vm.int_max_str_digits = vm.config.flags.int_max_str_digits as usize;
        }
        vm.stdout_unbuffered = vm.config.flags.unbuffered;
        crate::builtins::install(&mut vm);
        // Installing built-ins filled type namespaces: start with an empty type cache.
        vm.type_changed();
        vm
    }

    /// The one str object for the identifier `name` (see [`Vm::interned`]).
    pub fn intern(&mut self, name: &str) -> Value {
        if let Some(v) = self.interned.get(name) {
            return v.clone();
        }
        let v = Value::str(name);
        self.interned.insert(name.into(), v.clone());
        v
    }

    /// The str of one character (shared for Latin-1 characters, see `latin1`).
    #[inline]
    pub fn char_str(&mut self, c: char) -> Value {
        let mut buf = [0u8; 4];
        let Some(slot) = self.latin1.get_mut(c as usize) else {
            return Value::str(c.encode_utf8(&mut buf));
        };
        if slot.is_none() {
            *slot = Value::str(c.encode_utf8(&mut buf));
        }
        slot.clone()
    }

    /// The str for `part`, a substring of the str `whole`: `whole` itself when `part` is all
    /// of it (CPython gives back an unchanged exact str rather than a copy: `s.strip()`,
    /// `s[:]`, `s.replace(a, b)` without an `a`), the shared str of a Latin-1 character, else
    /// a new str.
    pub fn substr(&mut self, whole: &Value, part: &str) -> Value {
        if whole
            .as_str()
            .is_some_and(|w| w.as_str().len() == part.len())
        {
            return whole.clone();
        }
        let mut cs = part.chars();
        match (cs.next(), cs.next()) {
            (Some(c), None) => self.char_str(c),
            _ => Value::str(part),
        }
    }

    /// Flushes stdout where an error cannot be reported (before writing to stderr): what
    /// could not be written stays buffered, so the next write or the flush at exit reports
    /// it.
    pub fn flush_stdout(&mut self) {
        let _ = self.stdout.flush();
    }

    /// Flushes stdout, raising `OSError` (`BrokenPipeError`...) if that fails.
    pub fn try_flush_stdout(&mut self) -> PyResult<()> {
        match self.stdout.flush() {
            Ok(()) => Ok(()),
            Err(e) => Err(self.stdout_failed(&e)),
        }
    }

    /// Writes text to stdout: block-buffered, line-buffered on a terminal, written through
    /// with `-u`. A failed write raises `OSError` and drops what was buffered, as CPython's
    /// buffered writer does.
    pub fn write_stdout(&mut self, s: &str) -> PyResult<()> {
        self.write_stdout_bytes(s.as_bytes())
    }

    /// [`Vm::write_stdout`] for bytes (`sys.stdout.buffer.write`).
    pub fn write_stdout_bytes(&mut self, s: &[u8]) -> PyResult<()> {
        let mut r = self.stdout.write_all(s);
        if r.is_ok()
            && (self.stdout_unbuffered || (self.stdout_line_buffered && s.contains(&b'\n')))
        {
            r = self.stdout.flush();
        }
        match r {
            Ok(()) => Ok(()),
            Err(e) => Err(self.stdout_failed(&e)),
        }
    }

    fn stdout_failed(&mut self, e: &std::io::Error) -> Value {
        let fresh = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
        let failed = std::mem::replace(&mut self.stdout, fresh);
        // Drops the unwritten bytes without another attempt to write them.
        let _ = failed.into_parts();
        self.os_error_from(e, None)
    }

    /// The flush at exit: on failure prints CPython's "Exception ignored" report and returns
    /// false (the process then exits with status 120).
    pub fn flush_at_exit(&mut self) -> bool {
        match self.try_flush_stdout() {
            Ok(()) => true,
            Err(e) => {
                let line = self.exception_only(&e);
                let _ = std::io::stderr().write_all(
                    format!(
                        "Exception ignored in: <_io.TextIOWrapper name='<stdout>' mode='w' \
                         encoding='utf-8'>\n{line}\n"
                    )
                    .as_bytes(),
                );
                false
            }
        }
    }

    pub fn write_stderr(&mut self, s: &str) {
        self.write_stderr_bytes(s.as_bytes());
    }

    /// Writes to stderr (unbuffered), after what stdout holds.
    pub fn write_stderr_bytes(&mut self, s: &[u8]) {
        self.flush_stdout();
        let _ = std::io::stderr().write_all(s);
    }

    /// Looks up a registered module by name.
    pub fn module(&self, name: &str) -> Option<Value> {
        self.modules
            .as_dict()
            .and_then(|d| d.borrow().get_str(name).cloned())
    }

    /// A new module (see [`Vm::bare_module`]) registered in `sys.modules`.
    pub fn new_module(&mut self, name: &str) -> Value {
        let m = self.bare_module(name);
        if let Some(d) = self.modules.as_dict() {
            d.borrow_mut().set_str(name, m.clone());
        }
        m
    }
}
