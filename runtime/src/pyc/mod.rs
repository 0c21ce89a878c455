//! Loading code objects: the `.pyc` header, the marshal format, and finding or producing the
//! `.pyc` for a `.py` source.
//!
//! Entry points: [`load_pyc_file`], [`load_pyc_bytes`] and [`code_for_script`]. Every failure is
//! a [`LoadError`] naming the file and what is wrong; [`LoadError::report`] and
//! [`LoadError::exit_code`] give the exact stderr text and exit status the CLI should use.

pub mod code;
pub mod header;
pub mod host;
pub mod marshal;
pub mod marshal_write;
pub mod source;

pub use code::{CodeObject, Const};
pub use header::{HeaderError, PycHeader, Validation};
pub use marshal::MarshalError;
pub use source::{code_for_program_text, code_for_script, code_for_source, ScriptOptions};

use std::fmt;
use std::fs::File;
use std::io;
use std::path::Path;
use std::rc::Rc;

/// Why no code object could be produced.
#[derive(Debug)]
pub enum LoadError {
    /// The script named on the command line cannot be opened (CPython exits with status 2).
    /// `path` is absolute, as CPython prints it.
    CantOpen { path: String, error: io::Error },
    /// Reading a pyc (or anything else the loader needed) failed.
    Io { file: String, error: io::Error },
    /// The 16-byte header is wrong (bad magic, truncated, unknown flags).
    Header { file: String, error: HeaderError },
    /// The marshal data after the header is malformed.
    Marshal { file: String, error: MarshalError },
    /// No CPython 3.11 to compile a `.py` with.
    NoHostPython { detail: String },
    /// The host CPython failed in a way that is not a compile error of the script.
    HostPython { detail: String },
    /// The source does not compile: `failure.text` is exactly what `python3 x.py` prints to
    /// stderr (`  File "x.py", line 1` / source line / carets / `SyntaxError: ...`),
    /// newline-terminated; the other fields make the exception for an import.
    Compile { failure: Box<host::CompileFailure> },
}

impl LoadError {
    /// The full text to write to stderr (with trailing newline).
    pub fn report(&self) -> String {
        match self {
            LoadError::Compile { failure } => failure.text.clone(),
            other => format!("pycrane: {other}\n"),
        }
    }

    /// The process exit status CPython would use for the same failure.
    pub fn exit_code(&self) -> i32 {
        match self {
            LoadError::CantOpen { .. } => 2,
            _ => 1,
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::CantOpen { path, error } => {
                write!(f, "can't open file '{path}': {}", errno_text(error))
            }
            LoadError::Io { file, error } => write!(f, "can't read '{file}': {error}"),
            LoadError::Header {
                file,
                error: HeaderError::BadMagic { magic },
            } => {
                write!(
                    f,
                    "bad magic number in '{file}': {}",
                    header::describe_magic(*magic)
                )
            }
            LoadError::Header { file, error } => write!(f, "'{file}': {error}"),
            LoadError::Marshal { file, error } => write!(f, "'{file}': {error}"),
            LoadError::NoHostPython { detail } | LoadError::HostPython { detail } => {
                f.write_str(detail)
            }
            LoadError::Compile { failure } => f.write_str(failure.text.trim_end_matches('\n')),
        }
    }
}

impl std::error::Error for LoadError {}

/// `[Errno 2] No such file or directory`, as CPython formats an `OSError`.
fn errno_text(error: &io::Error) -> String {
    let shown = error.to_string();
    match error.raw_os_error() {
        Some(code) => {
            // io::Error shows "<strerror> (os error N)"; CPython shows "[Errno N] <strerror>".
            let suffix = format!(" (os error {code})");
            let message = shown.strip_suffix(&suffix).unwrap_or(&shown);
            format!("[Errno {code}] {message}")
        }
        None => shown,
    }
}

/// Load a `.pyc` file: map it, check the header, unmarshal the code object.
pub fn load_pyc_file(path: &Path) -> Result<Rc<CodeObject>, LoadError> {
    let file_name = path.display().to_string();
    let io_err = |error| LoadError::Io {
        file: file_name.clone(),
        error,
    };
    let file = File::open(path).map_err(io_err)?;
    let len = file.metadata().map_err(io_err)?.len();
    if len == 0 {
        // Mapping an empty file fails on some platforms; it is simply too short.
        return load_pyc_bytes(&[], &file_name);
    }
    // SAFETY: the file may change under us while mapped (another process rewriting the cache);
    // we only ever read through the slice, never hand it out, and copy everything we keep into
    // owned values, so a concurrent change can at worst produce a marshal error, not
    // dangling data. Truncation by another process could raise SIGBUS, which CPython's own
    // importer avoids by reading; pyc writers replace files atomically (rename), which leaves
    // our mapping of the old inode intact.
    let map = unsafe { memmap2::Mmap::map(&file) }.map_err(io_err)?;
    load_pyc_bytes(&map, &file_name)
}

/// Load a `.pyc` image already in memory; `display_name` is used in error messages.
pub fn load_pyc_bytes(data: &[u8], display_name: &str) -> Result<Rc<CodeObject>, LoadError> {
    header::parse_header(data).map_err(|error| LoadError::Header {
        file: display_name.to_string(),
        error,
    })?;
    marshal::read_code(&data[header::HEADER_LEN..], header::HEADER_LEN).map_err(|error| {
        LoadError::Marshal {
            file: display_name.to_string(),
            error,
        }
    })
}

#[cfg(test)]
mod tests;
