//! From a script path to a code object: run a `.pyc` directly, or for a `.py` use the PEP 3147
//! cache (`__pycache__/<stem>.cpython-311.pyc`) when it is fresh per PEP 552, else compile with
//! the host CPython 3.11 and write the cache where CPython would.
//!
//! Invariants:
//! - The code object's `co_filename` is the script path as CPython would show it for
//!   `python3 <path>`: the path joined onto the current directory, not normalized
//!   (`python3 ./a/../x.py` shows `/cwd/./a/../x.py`). A cached pyc made elsewhere is fixed up
//!   the way `_imp._fix_co_filename` does.
//! - Not being able to write the cache (read-only folder, `PYTHONDONTWRITEBYTECODE`) never
//!   fails the run: the host Python hands the compiled pyc image back on stdout and we load
//!   it from memory.
//! - A compile error is returned as [`LoadError::Compile`] with the exact text `python3 x.py`
//!   prints, produced by the host Python's own `sys.excepthook`.
//!
//! `python3 x.py` parses with CPython's *file* tokenizer while we can only call `compile()` (the
//! *string* tokenizer); the two word source-decoding errors differently. The compile script
//! reproduces the file tokenizer's text for NUL bytes and undeclared non-UTF-8 bytes.
//! NYI: the other decoding errors (unknown codec in a coding cookie, bytes invalid for a
//! declared codec) keep `compile()`'s wording; they are still reported as compile errors.

use super::header::{self, Validation};
use super::{load_pyc_bytes, CodeObject, Const, LoadError};
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::rc::Rc;

/// The PEP 3147 tag of the bytecode we run.
pub const CACHE_TAG: &str = "cpython-311";

/// Exit status of [`COMPILE_SCRIPT`] when the source does not compile.
const EXIT_COMPILE_ERROR: i32 = 86;
/// Exit status of [`COMPILE_SCRIPT`] when the interpreter is not 3.11 (stdout: its version).
const EXIT_WRONG_VERSION: i32 = 87;

/// Run by the host Python with `-I -S -c`. argv: display name, cache file ("" = don't write),
/// source mtime, source size, source mode; the source bytes come on stdin. Writes the pyc image
/// (header + marshal) to stdout, and to the cache file atomically when asked and possible.
const COMPILE_SCRIPT: &str = r#"
import sys
if sys.version_info[:2] != (3, 11):
    sys.stdout.write('%d.%d' % sys.version_info[:2])
    sys.exit(87)
from importlib import _bootstrap_external as be
display, cfile = sys.argv[1], sys.argv[2]
mtime, size, mode = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
data = sys.stdin.buffer.read()
def file_tokenizer_error():
    # `python3 x.py` reads the file with the file tokenizer, whose wording for NUL bytes and
    # undeclared non-UTF-8 differs from compile()'s string tokenizer: reproduce it.
    import re
    nul, bad = data.find(b'\0'), -1
    if not data.startswith(b'\xef\xbb\xbf'):
        head = data.split(b'\n', 2)[:2]
        if not any(re.match(rb'^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)', l) for l in head):
            try:
                data.decode('utf-8')
            except UnicodeDecodeError as e:
                bad = e.start
    if bad >= 0 and (nul < 0 or bad < nul):
        sys.stderr.write("SyntaxError: Non-UTF-8 code starting with '\\x%02x' in file %s on "
                         "line %d, but no encoding declared; see "
                         "https://peps.python.org/pep-0263/ for details\n"
                         % (data[bad], display, data.count(b'\n', 0, bad) + 1))
        return True
    if nul >= 0:
        text = data[data.rfind(b'\n', 0, nul) + 1:nul].decode('utf-8', 'replace')
        e = SyntaxError('source code cannot contain null bytes',
                        (display, data.count(b'\n', 0, nul) + 1, None, text))
        sys.excepthook(SyntaxError, e, None)
        return True
    return False
if file_tokenizer_error():
    sys.stderr.flush()
    sys.exit(86)
try:
    code = compile(data, display, 'exec', dont_inherit=True)
except BaseException as e:
    sys.excepthook(type(e), e.with_traceback(None), None)
    sys.stderr.flush()
    sys.exit(86)
pyc = be._code_to_timestamp_pyc(code, mtime, size)
if cfile:
    try:
        import os
        os.makedirs(os.path.dirname(cfile), exist_ok=True)
        be._write_atomic(cfile, pyc, mode)
    except OSError:
        pass
sys.stdout.buffer.write(pyc)
"#;

/// How [`code_for_script_with`] behaves; [`code_for_script`] fills it from the environment.
#[derive(Debug, Clone)]
pub struct ScriptOptions {
    /// Write `__pycache__` files (false when `PYTHONDONTWRITEBYTECODE` is set).
    pub write_bytecode: bool,
    /// The host CPython to compile with (`PYCRANE_PYTHON`); `None` searches `python3.11`, then
    /// `python3`.
    pub python: Option<OsString>,
}

impl ScriptOptions {
    /// Options from `PYTHONDONTWRITEBYTECODE` and `PYCRANE_PYTHON`.
    pub fn from_env() -> Self {
        let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        ScriptOptions {
            write_bytecode: set("PYTHONDONTWRITEBYTECODE").is_none(),
            python: set("PYCRANE_PYTHON"),
        }
    }
}

/// The code object for the script `path` as given on the command line (`.py` or `.pyc`).
pub fn code_for_script(path: &Path) -> Result<Rc<CodeObject>, LoadError> {
    code_for_script_with(path, &ScriptOptions::from_env())
}

/// [`code_for_script`] with explicit options.
pub fn code_for_script_with(
    path: &Path,
    options: &ScriptOptions,
) -> Result<Rc<CodeObject>, LoadError> {
    let display = display_path(path);
    let cant_open = |error| LoadError::CantOpen {
        path: display.clone(),
        error,
    };
    let metadata = fs::metadata(path).map_err(cant_open)?;
    if path.extension() == Some(OsStr::new("pyc")) {
        return super::load_pyc_file(path);
    }
    let source = fs::read(path).map_err(cant_open)?;
    let mtime = mtime_seconds(&metadata);
    let size = metadata.len();
    let cache = cache_path(path);
    if let Some(cache) = &cache {
        if let Some(code) = load_fresh_cache(cache, &source, mtime, size) {
            return Ok(fix_filename(&code, &Rc::from(display.as_str())));
        }
    }
    let write_to = if options.write_bytecode {
        cache.as_deref()
    } else {
        None
    };
    let pyc = compile_with_host(options, &source, &display, write_to, mtime, size, &metadata)?;
    load_pyc_bytes(&pyc, &display)
}

/// `python3 x.py` shows `x.py` joined onto the current directory, without normalizing.
fn display_path(path: &Path) -> String {
    let full = if path.is_absolute() {
        path.to_path_buf()
    } else {
        match std::env::current_dir() {
            Ok(cwd) => cwd.join(path),
            Err(_) => path.to_path_buf(),
        }
    };
    full.to_string_lossy().into_owned()
}

/// Where CPython caches the bytecode of `source` (`importlib.util.cache_from_source`); `None`
/// for a file not named `*.py`, which CPython never caches.
pub fn cache_path(source: &Path) -> Option<PathBuf> {
    if source.extension() != Some(OsStr::new("py")) {
        return None;
    }
    let stem = source.file_stem()?.to_str()?;
    let dir = source.parent().unwrap_or(Path::new(""));
    Some(
        dir.join("__pycache__")
            .join(format!("{stem}.{CACHE_TAG}.pyc")),
    )
}

#[cfg(unix)]
fn mtime_seconds(metadata: &fs::Metadata) -> i64 {
    use std::os::unix::fs::MetadataExt;
    metadata.mtime()
}

#[cfg(not(unix))]
fn mtime_seconds(metadata: &fs::Metadata) -> i64 {
    metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs() as i64)
}

#[cfg(unix)]
fn file_mode(metadata: &fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode()
}

#[cfg(not(unix))]
fn file_mode(_metadata: &fs::Metadata) -> u32 {
    0o666
}

/// The cached code if the cache file exists, is a valid 3.11 pyc and matches `source` (PEP 552).
/// Anything else (missing, stale, corrupt, other version) means "recompile", as in importlib.
fn load_fresh_cache(cache: &Path, source: &[u8], mtime: i64, size: u64) -> Option<Rc<CodeObject>> {
    let data = fs::read(cache).ok()?;
    let header = header::parse_header(&data).ok()?;
    let fresh = match header.validation {
        Validation::Timestamp {
            mtime: m,
            source_size,
        } => m == mtime as u32 && source_size == size as u32,
        Validation::Hash {
            check_source: false,
            ..
        } => true,
        Validation::Hash {
            check_source: true,
            source_hash,
        } => source_hash == header::source_hash(source),
    };
    if !fresh {
        return None;
    }
    load_pyc_bytes(&data, &cache.display().to_string()).ok()
}

/// `code` with `co_filename` replaced by `filename` in it and in the code objects nested in its
/// constants that had the same old name (what `_imp._fix_co_filename` does).
pub fn fix_filename(code: &Rc<CodeObject>, filename: &Rc<str>) -> Rc<CodeObject> {
    if code.filename == *filename {
        return code.clone();
    }
    let old = code.filename.clone();
    rename(code, &old, filename)
}

fn rename(code: &Rc<CodeObject>, old: &Rc<str>, new: &Rc<str>) -> Rc<CodeObject> {
    if code.filename != *old {
        return code.clone();
    }
    let consts = code
        .consts
        .iter()
        .map(|c| match c {
            Const::Code(inner) => Const::Code(rename(inner, old, new)),
            other => other.clone(),
        })
        .collect();
    Rc::new(CodeObject {
        argcount: code.argcount,
        posonlyargcount: code.posonlyargcount,
        kwonlyargcount: code.kwonlyargcount,
        stacksize: code.stacksize,
        flags: code.flags,
        code: code.code.clone(),
        consts,
        names: code.names.clone(),
        localsplusnames: code.localsplusnames.clone(),
        localspluskinds: code.localspluskinds.clone(),
        filename: new.clone(),
        name: code.name.clone(),
        qualname: code.qualname.clone(),
        firstlineno: code.firstlineno,
        linetable: code.linetable.clone(),
        exceptiontable: code.exceptiontable.clone(),
    })
}

/// Compile `source` with the host CPython 3.11 and return the pyc image it produced.
fn compile_with_host(
    options: &ScriptOptions,
    source: &[u8],
    display: &str,
    write_to: Option<&Path>,
    mtime: i64,
    size: u64,
    metadata: &fs::Metadata,
) -> Result<Vec<u8>, LoadError> {
    let candidates: Vec<OsString> = match &options.python {
        Some(p) => vec![p.clone()],
        None => vec!["python3.11".into(), "python3".into()],
    };
    let mut tried = Vec::new();
    for python in &candidates {
        let shown = python.to_string_lossy().into_owned();
        let mut child = match Command::new(python)
            .args(["-I", "-S", "-c", COMPILE_SCRIPT, display])
            .arg(write_to.map_or(OsStr::new(""), |p| p.as_os_str()))
            .arg(mtime.to_string())
            .arg(size.to_string())
            .arg(file_mode(metadata).to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
        {
            Ok(child) => child,
            Err(e) if e.kind() == io::ErrorKind::NotFound && options.python.is_none() => {
                tried.push(format!("{shown} (not found)"));
                continue;
            }
            Err(e) => {
                return Err(LoadError::NoHostPython {
                    detail: format!(
                        "can't run the host Python '{shown}' (PYCRANE_PYTHON) to compile \
                         '{display}': {e}"
                    ),
                })
            }
        };
        // The child reads all of stdin before writing much, so writing first cannot deadlock.
        // A child that exits early closes the pipe; its exit status below says why.
        if let Some(mut stdin) = child.stdin.take() {
            let _ = stdin.write_all(source);
        }
        let output = child
            .wait_with_output()
            .map_err(|e| LoadError::HostPython {
                detail: format!("waiting for the host Python '{shown}' failed: {e}"),
            })?;
        match output.status.code() {
            Some(0) => return Ok(output.stdout),
            Some(EXIT_COMPILE_ERROR) => {
                return Err(LoadError::Compile {
                    text: String::from_utf8_lossy(&output.stderr).into_owned(),
                })
            }
            Some(EXIT_WRONG_VERSION) => {
                let version = String::from_utf8_lossy(&output.stdout).into_owned();
                if options.python.is_some() {
                    return Err(LoadError::NoHostPython {
                        detail: format!(
                            "PYCRANE_PYTHON='{shown}' is Python {version}, but pycrane needs \
                             CPython 3.11 to compile '{display}'; point PYCRANE_PYTHON at a \
                             CPython 3.11 interpreter"
                        ),
                    });
                }
                tried.push(format!("{shown} (is Python {version})"));
            }
            _ => {
                return Err(LoadError::HostPython {
                    detail: format!(
                        "the host Python '{shown}' failed to compile '{display}' ({}): {}",
                        output.status,
                        String::from_utf8_lossy(&output.stderr).trim_end()
                    ),
                })
            }
        }
    }
    Err(LoadError::NoHostPython {
        detail: format!(
            "no CPython 3.11 found to compile '{display}' (tried {}); install python3.11 or set \
             PYCRANE_PYTHON to the path of a CPython 3.11 interpreter",
            tried.join(", ")
        ),
    })
}
