//! From a source path to a code object: run a `.pyc` directly, or for a `.py` use cached
//! bytecode when it is fresh per PEP 552, else compile with the host CPython 3.11 (one
//! long-lived compiler process, see `host.rs`) and cache the result.
//!
//! Where bytecode is cached:
//! - an imported module's goes to `__pycache__/<stem>.cpython-311[.opt-N].pyc`, as CPython
//!   writes it, unless writing bytecode is off (`-B`, `PYTHONDONTWRITEBYTECODE`) or the folder
//!   is not writable;
//! - then, and always for the main script (CPython never writes `__pycache__` for
//!   `__main__`), it goes to pycrane's private per-user cache (`private_cache_dir`), one file
//!   per source path and optimization level, validated by the source's hash like a checked
//!   hash-based pyc (PEP 552), so a second run starts as fast as a cached one.
//!
//! Invariants:
//! - The code object's `co_filename` is the path as CPython shows it: for a script,
//!   `python3 <path>`'s path joined onto the current directory, not normalized
//!   (`python3 ./a/../x.py` shows `/cwd/./a/../x.py`). A cached pyc made elsewhere is fixed up
//!   the way `_imp._fix_co_filename` does.
//! - Not being able to write a cache never fails the run.
//! - A compile error is [`LoadError::Compile`] with the exact text `python3 x.py` prints and
//!   the exception's fields, produced by the host Python's own `sys.excepthook`.

use super::header::{self, Validation};
use super::host::{self, HostError};
use super::{load_pyc_bytes, CodeObject, Const, LoadError};
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The PEP 3147 tag of the bytecode we run.
pub const CACHE_TAG: &str = "cpython-311";

/// How sources are compiled and cached; [`ScriptOptions::from_env`] fills it from the
/// environment.
#[derive(Debug, Clone)]
pub struct ScriptOptions {
    /// Write `__pycache__` files (false with `-B` or `PYTHONDONTWRITEBYTECODE`).
    pub write_bytecode: bool,
    /// The host CPython to compile with (`PYCRANE_PYTHON`); `None` searches `python3.11`, then
    /// `python3`.
    pub python: Option<OsString>,
    /// pycrane's private bytecode cache (`None`: no private cache).
    pub private_cache: Option<PathBuf>,
    /// `-O` level: 0, 1 (`opt-1` pycs, asserts removed) or 2 (`opt-2`, docstrings too).
    pub optimize: u8,
}

impl ScriptOptions {
    /// Options from `PYTHONDONTWRITEBYTECODE`, `PYTHONOPTIMIZE` and `PYCRANE_PYTHON`.
    pub fn from_env() -> Self {
        let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        ScriptOptions {
            write_bytecode: set("PYTHONDONTWRITEBYTECODE").is_none(),
            python: set("PYCRANE_PYTHON"),
            private_cache: private_cache_dir(),
            optimize: 0,
        }
    }
}

/// pycrane's per-user bytecode cache: `$PYCRANE_CACHE_DIR`, else `$XDG_CACHE_HOME/pycrane`,
/// else `~/.cache/pycrane`.
pub fn private_cache_dir() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(d) = var("PYCRANE_CACHE_DIR") {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = var("XDG_CACHE_HOME") {
        return Some(Path::new(&d).join("pycrane"));
    }
    var("HOME").map(|h| Path::new(&h).join(".cache").join("pycrane"))
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
    fs::metadata(path).map_err(cant_open)?;
    if path.extension() == Some(OsStr::new("pyc")) {
        return super::load_pyc_file(path);
    }
    let source = fs::read(path).map_err(cant_open)?;
    code_for_source(path, &display, Some(&source), options, true)
}

/// A source file's bytes, read only if needed: fresh timestamp-validated bytecode (the
/// usual case) needs just the file's `stat`, as in CPython.
struct SourceText<'a> {
    path: &'a Path,
    display: &'a str,
    given: Option<&'a [u8]>,
    read: std::cell::OnceCell<Vec<u8>>,
}

impl SourceText<'_> {
    fn get(&self) -> Result<&[u8], LoadError> {
        if let Some(s) = self.given {
            return Ok(s);
        }
        if self.read.get().is_none() {
            let data = fs::read(self.path).map_err(|error| LoadError::Io {
                file: self.display.to_string(),
                error,
            })?;
            let _ = self.read.set(data);
        }
        Ok(self.read.get().map_or(&[][..], Vec::as_slice))
    }
}

/// The code object of the module source `path` (its bytes `source` if already read),
/// named `display` in tracebacks; `main` for the `__main__` script (never cached in
/// `__pycache__`).
pub fn code_for_source(
    path: &Path,
    display: &str,
    source: Option<&[u8]>,
    options: &ScriptOptions,
    main: bool,
) -> Result<Rc<CodeObject>, LoadError> {
    let source = SourceText {
        path,
        display,
        given: source,
        read: Default::default(),
    };
    let metadata = fs::metadata(path).map_err(|error| LoadError::Io {
        file: display.to_string(),
        error,
    })?;
    let mtime = mtime_seconds(&metadata);
    let size = metadata.len();
    let pycache = if main {
        None
    } else {
        cache_path_opt(path, options.optimize)
    };
    let private = options
        .private_cache
        .as_ref()
        .and_then(|dir| private_cache_file(dir, path, options.optimize));
    if let Some(c) = &pycache {
        if let Some((code, _)) = load_fresh_cache(c, &source, mtime, size) {
            return Ok(fix_filename(&code, &Rc::from(display)));
        }
    }
    if let Some(p) = &private {
        if let Some((code, data)) = load_fresh_cache(p, &source, mtime, size) {
            // Bytecode may be written again (no `-B` this time): put it where CPython would.
            if options.write_bytecode {
                if let Some(c) = &pycache {
                    write_atomic(c, &data, file_mode(&metadata));
                }
            }
            return Ok(fix_filename(&code, &Rc::from(display)));
        }
    }
    let pyc = host::compile_file(
        &options.python,
        source.get()?,
        display,
        mtime,
        size,
        options.optimize,
    )
    .map_err(|e| match e {
        HostError::Compile(failure) => LoadError::Compile { failure },
        HostError::Host(e) => e,
    })?;
    let mode = file_mode(&metadata);
    let written = options.write_bytecode
        && pycache
            .as_deref()
            .is_some_and(|c| write_atomic(c, &pyc, mode));
    if !written {
        if let Some(p) = &private {
            // Validated by the source's hash, not its mtime: a file rewritten within the same
            // second at the same size must not run stale code (CPython, writing no
            // bytecode, always compiles afresh).
            let mut checked = pyc.clone();
            if checked.len() >= 16 {
                checked[4..8].copy_from_slice(&3u32.to_le_bytes());
                checked[8..16].copy_from_slice(&header::source_hash(source.get()?));
            }
            write_atomic(p, &checked, 0o600);
        }
    }
    load_pyc_bytes(&pyc, display)
}

/// The private cache file for `source` at optimization level `optimize`: the stem (for
/// people looking) and a hash of the absolute path.
fn private_cache_file(dir: &Path, source: &Path, optimize: u8) -> Option<PathBuf> {
    let abs = if source.is_absolute() {
        source.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(source)
    };
    let stem = source.file_stem()?.to_string_lossy().into_owned();
    let h = cache_key(&[abs.as_os_str().as_encoded_bytes()]);
    let opt = match optimize {
        0 => String::new(),
        n => format!(".opt-{n}"),
    };
    // Under a fixed PYTHONHASHSEED the host compiles with that seed (the order of constant
    // sets in the bytecode depends on it), so each seed has its own entries.
    let seed = match crate::object::siphash::fixed_seed() {
        Some(n) => format!(".seed-{n}"),
        None => String::new(),
    };
    Some(
        dir.join("bytecode")
            .join(format!("{stem}-{h:016x}{seed}.{CACHE_TAG}{opt}.pyc")),
    )
}

/// Writes `data` to `path` through a temporary file and a rename, creating the folder; false
/// if anything fails (a cache that cannot be written is simply not written).
fn write_atomic(path: &Path, data: &[u8], mode: u32) -> bool {
    let Some(dir) = path.parent() else {
        return false;
    };
    if fs::create_dir_all(dir).is_err() {
        return false;
    }
    let tmp = dir.join(format!(
        "{}.{}.tmp",
        path.file_name().map_or("x".into(), |n| n.to_string_lossy()),
        std::process::id()
    ));
    let ok = (|| -> std::io::Result<()> {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(data)?;
        set_mode(&tmp, mode & 0o666);
        fs::rename(&tmp, path)
    })();
    if ok.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    ok.is_ok()
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let _ = fs::set_permissions(path, fs::Permissions::from_mode(mode | 0o200));
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) {}

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
    cache_path_opt(source, 0)
}

/// [`cache_path`] at optimization level `optimize` (`.opt-1.pyc`, `.opt-2.pyc`).
pub fn cache_path_opt(source: &Path, optimize: u8) -> Option<PathBuf> {
    if source.extension() != Some(OsStr::new("py")) {
        return None;
    }
    let stem = source.file_stem()?.to_str()?;
    let dir = source.parent().unwrap_or(Path::new(""));
    let opt = match optimize {
        0 => String::new(),
        n => format!(".opt-{n}"),
    };
    Some(
        dir.join("__pycache__")
            .join(format!("{stem}.{CACHE_TAG}{opt}.pyc")),
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
fn load_fresh_cache(
    cache: &Path,
    source: &SourceText,
    mtime: i64,
    size: u64,
) -> Option<(Rc<CodeObject>, Vec<u8>)> {
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
        } => source_hash == header::source_hash(source.get().ok()?),
    };
    if !fresh {
        return None;
    }
    let code = load_pyc_bytes(&data, &cache.display().to_string()).ok()?;
    Some((code, data))
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

/// The code object of source text run as a whole program (`-c`, standard input), named
/// `filename` (`<string>`, `<stdin>`); kept in the private cache by the text's hash, so a
/// repeated `pycrane -c ...` starts without the host compiler.
pub fn code_for_program_text(
    source: &[u8],
    filename: &str,
    options: &ScriptOptions,
) -> Result<Rc<CodeObject>, LoadError> {
    // The seed: see `private_cache_file`.
    let seed = crate::object::siphash::fixed_seed()
        .map_or(u64::MAX, u64::from)
        .to_le_bytes();
    let h = cache_key(&[source, filename.as_bytes(), &[options.optimize], &seed]);
    let cached = options.private_cache.as_ref().map(|d| {
        d.join("bytecode")
            .join(format!("text-{h:016x}-{}.marshal", source.len()))
    });
    if let Some(c) = &cached {
        if let Ok(data) = fs::read(c) {
            if let Ok(code) = super::marshal::read_code(&data, 0) {
                return Ok(code);
            }
        }
    }
    let data = host::compile_source(
        &options.python,
        source,
        false,
        filename,
        "exec",
        0,
        options.optimize as i64,
    )
    .map_err(|e| match e {
        HostError::Compile(failure) => LoadError::Compile { failure },
        HostError::Host(e) => e,
    })?;
    let code = super::marshal::read_code(&data, 0).map_err(|error| LoadError::Marshal {
        file: filename.to_string(),
        error,
    })?;
    if let Some(c) = &cached {
        write_atomic(c, &data, 0o600);
    }
    Ok(code)
}

/// The name key of a private cache entry: FNV-1a over the parts, each ended by a NUL (a file
/// name, not a security boundary: entries are validated by their contents).
pub fn cache_key(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.iter().chain(b"\0") {
            h = (h ^ *b as u64).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}
