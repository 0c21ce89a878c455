//! `_io`: CPython's I/O stack in Rust — raw files (`FileIO`), buffered binary streams
//! (`BufferedReader`/`Writer`/`Random`/`RWPair`), text streams (`TextIOWrapper`), the
//! in-memory streams (`BytesIO`, `StringIO`), `IncrementalNewlineDecoder`, `open()`, and
//! the abstract bases (`_IOBase`...) that Lib's `io` builds its ABCs on.
//!
//! The abstract bases are plain classes whose methods work on any object through its
//! methods (`readline` by `read`, `__next__` by `readline`...), so a Python subclass of
//! `io.RawIOBase` that only defines `readinto` gets the rest, as in CPython. The concrete
//! types are native types with Rust state; between native layers (a text wrapper over a
//! buffered file over a raw file) calls go straight to the Rust state, with no method
//! lookup. `sys.stdout`/`sys.stderr` are text wrappers whose writes go to the
//! interpreter's own output buffer, so `print` stays as fast as before.
//!
//! Data in a buffered writer that nobody flushed reaches its file when the writer is
//! freed, or at exit ([`flush_all`]), as CPython's finalization does.

pub mod buffered;
pub mod bytesio;
pub mod fileio;
mod iobase;
mod newline;
pub mod stringio;
pub mod textio;

use crate::object::NativeFn;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

/// `io.DEFAULT_BUFFER_SIZE`.
pub const DEFAULT_BUFFER_SIZE: usize = 8192;

pub fn install(vm: &mut Vm) {
    let d = super::new_native_module(
        vm,
        "_io",
        &[("open_code", open_code), ("text_encoding", text_encoding)],
    );
    let classes = [
        ("_IOBase", iobase::iobase_type(vm)),
        ("_RawIOBase", iobase::raw_type(vm)),
        ("_BufferedIOBase", iobase::buffered_type(vm)),
        ("_TextIOBase", iobase::text_type(vm)),
        ("FileIO", fileio::file_type(vm)),
        ("BytesIO", bytesio::bytesio_type(vm)),
        ("StringIO", stringio::stringio_type(vm)),
        ("BufferedReader", buffered::reader_type(vm)),
        ("BufferedWriter", buffered::writer_type(vm)),
        ("BufferedRandom", buffered::random_type(vm)),
        ("BufferedRWPair", buffered::rwpair_type(vm)),
        ("TextIOWrapper", textio::wrapper_type(vm)),
        ("IncrementalNewlineDecoder", textio::decoder_type(vm)),
        ("UnsupportedOperation", unsupported_type(vm)),
    ];
    // `io.open is open`: the one function object, made with the built-ins.
    let open_fn = vm
        .builtins
        .as_dict()
        .and_then(|b| b.borrow().get_str("open").cloned())
        .filter(|f| matches!(f.obj(), Some(crate::object::Obj::Builtin(b)) if b.name == "open"))
        .unwrap_or_else(|| crate::builtins::native("open", open));
    if let Some(d) = d.as_dict() {
        let mut d = d.borrow_mut();
        d.set_str("open", open_fn);
        for (name, t) in classes {
            d.set_str(name, t);
        }
        d.set_str(
            "DEFAULT_BUFFER_SIZE",
            Value::int(DEFAULT_BUFFER_SIZE as i64),
        );
        d.set_str("BlockingIOError", vm.exc.blocking_io_error.clone());
    }
}

/// `io.UnsupportedOperation`, deriving from `OSError` and `ValueError`.
pub fn unsupported_type(vm: &mut Vm) -> Value {
    vm.native_type("_io.UnsupportedOperation", |vm| {
        let bases = Value::tuple(vec![vm.exc.os_error.clone(), vm.exc.value_error.clone()]);
        let mut d = crate::object::Dict::new();
        d.set_str("__module__", Value::str("io"));
        let ns = Value::dict(d);
        let args = [Value::str("UnsupportedOperation"), bases, ns];
        vm.call_type_3(&args, &[]).unwrap_or(Value::NONE)
    })
}

/// `UnsupportedOperation(msg)`.
pub fn unsupported(vm: &mut Vm, msg: &str) -> Value {
    let cls = unsupported_type(vm);
    match vm.call_type(&cls, &[Value::str(msg)], &[]) {
        Ok(e) | Err(e) => e,
    }
}

/// `ValueError: I/O operation on closed file.`
pub fn closed_error(vm: &Vm) -> Value {
    vm.value_error("I/O operation on closed file.")
}

/// `obj.name(*args)`.
pub fn call_method(vm: &mut Vm, obj: &Value, name: &str, args: &[Value]) -> PyResult<Value> {
    let f = vm.getattr_str(obj, name)?;
    vm.call(&f, args, &[])
}

/// A size argument: -1 for absent or `None`, else an index.
pub fn size_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<i64> {
    match v {
        None => Ok(-1),
        Some(v) if v.is_none() => Ok(-1),
        Some(v) => {
            let t = vm.type_of(v);
            if !v.is_int() && !v.is_bool() && vm.lookup_type(&t, "__index__").is_none() {
                let tn = vm.type_name(v);
                return Err(
                    vm.type_error(format!("argument should be integer or None, not '{tn}'"))
                );
            }
            vm.index_value(v, "size")
        }
    }
}

/// Read-only attributes as properties with a native getter.
pub fn getters(t: &Value, list: &[(&'static str, NativeFn)]) {
    crate::builtins::add_getters(t, list);
}

/// Whether `obj.closed` is true.
pub fn is_closed(vm: &mut Vm, obj: &Value) -> PyResult<bool> {
    let c = vm.getattr_str(obj, "closed")?;
    vm.is_true(&c)
}

/// Retries a system call interrupted by a signal, unless a signal handler raises
/// (PEP 475): Ctrl-C during a blocking read is a `KeyboardInterrupt`.
pub fn retry<T>(
    vm: &mut Vm,
    mut f: impl FnMut() -> std::io::Result<T>,
) -> PyResult<std::io::Result<T>> {
    loop {
        match f() {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                if crate::vm::signals::pending() {
                    vm.take_signals()?;
                }
            }
            r => return Ok(r),
        }
    }
}

/// Flushes every buffered writer still alive (at exit).
pub fn flush_all() {
    buffered::flush_registered();
}

/// `sys.stdin`, `sys.stdout` and `sys.stderr` as CPython makes them at start-up: text
/// wrappers over buffered streams over `FileIO`s for descriptors 0, 1 and 2 (with `-u`,
/// the output streams' buffer is the raw file itself).
pub fn std_streams(vm: &mut Vm) -> [Value; 3] {
    // PYTHONIOENCODING=encoding[:errors] sets both for stdin and stdout (errors become
    // strict when only the encoding is given); stderr keeps backslashreplace.
    let io_env = std::env::var("PYTHONIOENCODING").unwrap_or_default();
    let (env_enc, env_err) = match io_env.split_once(':') {
        Some((e, r)) => (e.to_string(), Some(r.to_string())),
        None => (io_env.clone(), None),
    };
    let stdio_errors = match (&env_err, env_enc.is_empty()) {
        (Some(r), _) if !r.is_empty() => r.clone(),
        (_, false) => "strict".to_string(),
        _ if locale().stdio_surrogateescape => "surrogateescape".to_string(),
        _ => "strict".to_string(),
    };
    let encoding = if env_enc.is_empty() {
        "utf-8".to_string()
    } else {
        env_enc
    };
    let mut out = vec![];
    for (fdn, name) in [(0u8, "<stdin>"), (1, "<stdout>"), (2, "<stderr>")] {
        let raw = fileio::std_file(vm, i32::from(fdn), name, fdn != 0);
        let buffer = if fdn != 0 && vm.stdout_unbuffered {
            raw
        } else {
            buffered::std_buffer(vm, raw, fdn)
        };
        let errors = if fdn == 2 {
            "backslashreplace"
        } else {
            &stdio_errors
        };
        let line_buffering = !vm.stdout_unbuffered
            && match fdn {
                1 => vm.stdout_line_buffered,
                2 => true,
                _ => false,
            };
        let errors = errors.to_string();
        out.push(textio::std_stream(
            vm,
            buffer,
            fdn,
            &encoding,
            &errors,
            line_buffering,
        ));
    }
    [out[0].clone(), out[1].clone(), out[2].clone()]
}

/// What the locale decides for text I/O, as CPython 3.11 decides it at start-up.
struct Locale {
    /// The encoding `open()` uses when given none: "utf-8" in UTF-8 mode (`PYTHONUTF8=1`,
    /// or the C/POSIX locale), else the locale's character set.
    encoding: String,
    /// stdin/stdout use `surrogateescape`: UTF-8 mode or a C.UTF-8-like locale.
    stdio_surrogateescape: bool,
}

fn locale() -> &'static Locale {
    static LOCALE: std::sync::OnceLock<Locale> = std::sync::OnceLock::new();
    LOCALE.get_or_init(|| {
        let name = crate::os::ctype_locale();
        let utf8_mode = match std::env::var("PYTHONUTF8").as_deref() {
            Ok("1") => true,
            Ok("0") => false,
            _ => name == "C" || name == "POSIX",
        };
        let codeset = crate::os::locale_codeset();
        Locale {
            encoding: if utf8_mode || codeset.is_empty() {
                "utf-8".to_string()
            } else {
                codeset
            },
            stdio_surrogateescape: utf8_mode
                || ["C.UTF-8", "C.utf8", "UTF-8"].contains(&name.as_str()),
        }
    })
}

/// The locale's encoding, which `open()` uses when given none.
pub fn locale_encoding() -> &'static str {
    &locale().encoding
}

/// `open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None,
/// closefd=True, opener=None)`.
pub fn open(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let names = [
        "file",
        "mode",
        "buffering",
        "encoding",
        "errors",
        "newline",
        "closefd",
        "opener",
    ];
    let [file, mode, buffering, encoding, errors, newline, closefd, opener] =
        crate::builtins::bind(vm, "open", args, kw, names, 1)?;
    let file = file.unwrap_or(Value::NONE);
    let mode_s = match &mode {
        None => "r".to_string(),
        Some(m) => match m.as_str() {
            Some(s) => s.as_str().to_string(),
            None => {
                let tn = vm.type_name(m);
                return Err(vm.type_error(format!("open() argument 'mode' must be str, not {tn}")));
            }
        },
    };
    let opt_str = |vm: &Vm, v: &Option<Value>, what: &str| -> PyResult<Option<String>> {
        match v {
            None => Ok(None),
            Some(v) if v.is_none() => Ok(None),
            Some(v) => match v.as_str() {
                Some(s) => Ok(Some(s.as_str().to_string())),
                None => {
                    let tn = vm.type_name(v);
                    Err(vm.type_error(format!(
                        "open() argument '{what}' must be str or None, not {tn}"
                    )))
                }
            },
        }
    };
    let encoding_s = opt_str(vm, &encoding, "encoding")?;
    let errors_s = opt_str(vm, &errors, "errors")?;
    let newline_s = opt_str(vm, &newline, "newline")?;
    let buffering = match &buffering {
        None => -1,
        Some(b) => vm.index_value(b, "buffering")?,
    };
    let closefd = match &closefd {
        None => true,
        Some(c) => vm.is_true(c)?,
    };
    let (mut reading, mut writing, mut creating, mut appending, mut updating) =
        (false, false, false, false, false);
    let (mut text, mut binary) = (false, false);
    let mut seen = String::new();
    for c in mode_s.chars() {
        if seen.contains(c) || !"rwxabt+".contains(c) {
            return Err(vm.value_error(format!("invalid mode: '{mode_s}'")));
        }
        seen.push(c);
        match c {
            'r' => reading = true,
            'w' => writing = true,
            'x' => creating = true,
            'a' => appending = true,
            '+' => updating = true,
            't' => text = true,
            _ => binary = true,
        }
    }
    if text && binary {
        return Err(vm.value_error("can't have text and binary mode at once"));
    }
    if [reading, writing, creating, appending]
        .iter()
        .filter(|&&b| b)
        .count()
        > 1
    {
        return Err(vm.value_error("must have exactly one of create/read/write/append mode"));
    }
    if binary && encoding_s.is_some() {
        return Err(vm.value_error("binary mode doesn't take an encoding argument"));
    }
    if binary && errors_s.is_some() {
        return Err(vm.value_error("binary mode doesn't take an errors argument"));
    }
    if binary && newline_s.is_some() {
        return Err(vm.value_error("binary mode doesn't take a newline argument"));
    }
    if binary && buffering == 1 {
        let cls = vm.exc.runtime_warning.clone();
        crate::builtins::warn(
            vm,
            &cls,
            "line buffering (buffering=1) isn't supported in binary mode, the default buffer size will be used",
        )?;
    }
    let mut rawmode = String::new();
    for (flag, c) in [
        (creating, 'x'),
        (reading, 'r'),
        (writing, 'w'),
        (appending, 'a'),
        (updating, '+'),
    ] {
        if flag {
            rawmode.push(c);
        }
    }
    let fio = fileio::file_type(vm);
    let mut raw_kw = vec![(Value::str("closefd"), Value::bool(closefd))];
    if let Some(o) = opener {
        raw_kw.push((Value::str("opener"), o));
    }
    let raw = vm.call(&fio, &[file, Value::str(&rawmode)], &raw_kw)?;
    let result = (|| -> PyResult<Value> {
        let mut line_buffering = false;
        let mut size = buffering;
        if buffering == 1 || buffering < 0 {
            let tty = call_method(vm, &raw, "isatty", &[])?;
            if vm.is_true(&tty)? {
                line_buffering = true;
            }
        }
        if buffering == 1 || buffering < 0 {
            size = raw
                .native::<fileio::FileIO>()
                .map_or(DEFAULT_BUFFER_SIZE as i64, |f| f.blksize());
        }
        if size < 0 {
            return Err(vm.value_error("invalid buffering size"));
        }
        if size == 0 {
            if binary {
                return Ok(raw.clone());
            }
            return Err(vm.value_error("can't have unbuffered text I/O"));
        }
        let cls = if updating {
            buffered::random_type(vm)
        } else if creating || writing || appending {
            buffered::writer_type(vm)
        } else {
            buffered::reader_type(vm)
        };
        let buffer = vm.call(&cls, &[raw.clone(), Value::int(size)], &[])?;
        if binary {
            return Ok(buffer);
        }
        let s = |o: Option<String>| o.map_or(Value::NONE, Value::string);
        let wrapper_t = textio::wrapper_type(vm);
        let wrapper = vm.call(
            &wrapper_t,
            &[
                buffer,
                s(encoding_s.clone()),
                s(errors_s.clone()),
                s(newline_s.clone()),
                Value::bool(line_buffering),
            ],
            &[],
        )?;
        vm.setattr(&wrapper, &Value::str("mode"), Value::str(&mode_s))?;
        Ok(wrapper)
    })();
    if result.is_err() {
        let _ = call_method(vm, &raw, "close", &[]);
    }
    result
}

/// `open_code(path)`: opens a file of code for reading, in binary.
fn open_code(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [path] = crate::builtins::bind(vm, "open_code", args, kw, ["path"], 1)?;
    let path = path.unwrap_or(Value::NONE);
    if path.as_str().is_none() {
        let tn = vm.type_name(&path);
        return Err(vm.type_error(format!("open_code() argument 'path' must be str, not {tn}")));
    }
    open(vm, &[path, Value::str("rb")], &[])
}

/// `text_encoding(encoding, stacklevel=2)`: "locale" for `None`.
fn text_encoding(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [enc, _level] =
        crate::builtins::bind(vm, "text_encoding", args, kw, ["encoding", "stacklevel"], 1)?;
    let enc = enc.unwrap_or(Value::NONE);
    if enc.is_none() {
        return Ok(Value::str("locale"));
    }
    Ok(enc)
}
