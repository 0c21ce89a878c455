//! The channel to the host CPython 3.11 that compiles Python source for pycrane: module
//! files (imports and the main script) and the strings given to `compile`/`exec`/`eval`.
//!
//! One compiler process serves the whole run (started on the first request, none at all
//! when every module has fresh bytecode): requests and replies are length-prefixed fields
//! over its stdin/stdout, so compiling a hundred modules costs one process start, not a
//! hundred.
//!
//! Wire format, both ways: a u32 count of fields, then per field a u32 length and the bytes
//! (little-endian). A reply starts with one status byte: 0 = compiled (one field: a pyc image
//! for `file`, `marshal.dumps(code)` for `source`), 1 = the source does not compile (fields:
//! the text `python3 x.py` would print, the exception's type name, `str(exc)`, then the
//! SyntaxError fields filename, lineno, offset, text, end_lineno, end_offset, each empty for
//! None).
//!
//! Invariants: a dead or misbehaving host never panics pycrane: every failure becomes a
//! [`LoadError`] naming the host; the next request starts a fresh process.

use super::LoadError;
use std::cell::RefCell;
use std::ffi::OsString;
use std::io::{self, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// Exit status of the server when the interpreter is not 3.11 (stdout: its version).
const EXIT_WRONG_VERSION: i32 = 87;

/// Run by the host Python with `-I -S -c`: answers requests until its stdin closes.
const SERVER: &str = r#"
import sys
if sys.version_info[:2] != (3, 11):
    sys.stdout.write('%d.%d' % sys.version_info[:2])
    sys.exit(87)
import signal
signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for pycrane, not its compiler
from importlib import _bootstrap_external as be
import marshal, io
rd, wr = sys.stdin.buffer, sys.stdout.buffer
def exact(n):
    b = rd.read(n)
    if len(b) != n:
        sys.exit(0)
    return b
def fields():
    out = []
    for _ in range(int.from_bytes(exact(4), 'little')):
        out.append(exact(int.from_bytes(exact(4), 'little')))
    return out
def reply(status, *parts):
    parts = [bytes(p) if isinstance(p, (bytes, bytearray)) else
             str(p).encode('utf-8', 'surrogatepass') for p in parts]
    wr.write(bytes([status]) + len(parts).to_bytes(4, 'little') +
             b''.join(len(p).to_bytes(4, 'little') + p for p in parts))
    wr.flush()
def opt(v):
    return '' if v is None else v
def failure(e, text):
    fields = [''] * 6
    if isinstance(e, SyntaxError):
        fields = [opt(e.filename), opt(e.lineno), opt(e.offset), opt(e.text),
                  opt(e.end_lineno), opt(e.end_offset)]
        msg = opt(e.msg)
    else:
        msg = str(e)
    reply(1, text, type(e).__name__, msg, *fields)
def excepthook_text(e):
    err, sys.stderr = sys.stderr, io.StringIO()
    try:
        sys.excepthook(type(e), e.with_traceback(None), None)
        return sys.stderr.getvalue()
    finally:
        sys.stderr = err
def file_tokenizer_error(data, display):
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
        line = data.count(b'\n', 0, bad) + 1
        msg = ("Non-UTF-8 code starting with '\\x%02x' in file %s on line %d, but no encoding "
               "declared; see https://peps.python.org/pep-0263/ for details"
               % (data[bad], display, line))
        e = SyntaxError(msg)
        failure(e, 'SyntaxError: ' + msg + '\n')
        return True
    if nul >= 0:
        text = data[data.rfind(b'\n', 0, nul) + 1:nul].decode('utf-8', 'replace')
        e = SyntaxError('source code cannot contain null bytes',
                        (display, data.count(b'\n', 0, nul) + 1, None, text))
        failure(e, excepthook_text(e))
        return True
    return False
while True:
    f = fields()
    kind = f[0]
    try:
        if kind == b'ast':
            import ast
            def ser(n):
                if isinstance(n, ast.AST):
                    return (type(n).__name__,
                            tuple(ser(getattr(n, f, None)) for f in n._fields),
                            tuple(getattr(n, a, None) for a in n._attributes))
                if isinstance(n, list):
                    return [ser(x) for x in n]
                return n
            mode = f[1].decode()
            display = f[2].decode('utf-8', 'surrogateescape')
            flags, is_text = int(f[3]), f[5] == b'1'
            src = f[6].decode('utf-8', 'surrogatepass') if is_text else f[6]
            tree = compile(src, display, mode, flags | ast.PyCF_ONLY_AST, dont_inherit=True)
            reply(0, marshal.dumps(ser(tree)))
        elif kind == b'file':
            display = f[1].decode('utf-8', 'surrogateescape')
            mtime, size, optimize, data = int(f[2]), int(f[3]), int(f[4]), f[5]
            if file_tokenizer_error(data, display):
                continue
            code = compile(data, display, 'exec', dont_inherit=True, optimize=optimize)
            reply(0, be._code_to_timestamp_pyc(code, mtime, size))
        else:
            mode = f[1].decode()
            display = f[2].decode('utf-8', 'surrogateescape')
            flags, optimize, is_text = int(f[3]), int(f[4]), f[5] == b'1'
            src = f[6].decode('utf-8', 'surrogatepass') if is_text else f[6]
            code = compile(src, display, mode, flags, dont_inherit=True, optimize=optimize)
            reply(0, marshal.dumps(code))
    except BaseException as e:
        failure(e, excepthook_text(e))
"#;

/// Why the host did not compile a source.
#[derive(Debug, Clone)]
pub struct CompileFailure {
    /// What `python3 x.py` prints to stderr for this error (newline-terminated).
    pub text: String,
    /// The exception's type name (`SyntaxError`, `IndentationError`, `ValueError`...).
    pub exc_type: String,
    /// `SyntaxError.msg`, or `str(exc)` for other exceptions.
    pub msg: String,
    /// filename, lineno, offset, text, end_lineno, end_offset (None when absent).
    pub location: [Option<String>; 6],
}

/// What a request may end in.
pub enum HostError {
    /// The source does not compile.
    Compile(Box<CompileFailure>),
    /// No usable host, or it failed (the error says which).
    Host(LoadError),
}

struct Server {
    child: Child,
    input: ChildStdin,
    output: ChildStdout,
}

thread_local! {
    /// The running compiler process of this thread, if one was started.
    static SERVER_PROCESS: RefCell<Option<Server>> = const { RefCell::new(None) };
}

/// The interpreters to try: `PYCRANE_PYTHON` if set, else `python3.11`, then `python3`.
pub fn candidates(python: &Option<OsString>) -> Vec<OsString> {
    match python {
        Some(p) => vec![p.clone()],
        None => vec!["python3.11".into(), "python3".into()],
    }
}

fn start(python: &Option<OsString>, what: &str) -> Result<Server, LoadError> {
    let mut tried = Vec::new();
    for exe in candidates(python) {
        let shown = exe.to_string_lossy().into_owned();
        let mut cmd = Command::new(&exe);
        match crate::object::siphash::fixed_seed() {
            Some(n) => cmd.env("PYTHONHASHSEED", n.to_string()),
            None => cmd.env_remove("PYTHONHASHSEED"),
        };
        let mut child = match cmd
            .args(["-I", "-S", "-c", SERVER])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
        {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::NotFound && python.is_none() => {
                tried.push(format!("{shown} (not found)"));
                continue;
            }
            Err(e) => {
                return Err(LoadError::NoHostPython {
                    detail: format!(
                        "can't run the host Python '{shown}' (PYCRANE_PYTHON) to compile \
                         '{what}': {e}"
                    ),
                })
            }
        };
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(LoadError::HostPython {
                detail: format!("the host Python '{shown}' has no pipes"),
            });
        };
        let mut server = Server {
            child,
            input,
            output,
        };
        // A ping: a wrong version answers by exiting with its version on stdout.
        match server.request(&[b"source", b"exec", b"<ping>", b"0", b"0", b"1", b""]) {
            Ok(_) => return Ok(server),
            Err(_) => {
                let mut version = String::new();
                let _ = server.output.read_to_string(&mut version);
                let status = server.child.wait().ok().and_then(|s| s.code());
                if status == Some(EXIT_WRONG_VERSION) {
                    if python.is_some() {
                        return Err(LoadError::NoHostPython {
                            detail: format!(
                                "PYCRANE_PYTHON='{shown}' is Python {version}, but pycrane \
                                 needs CPython 3.11 to compile '{what}'; point PYCRANE_PYTHON \
                                 at a CPython 3.11 interpreter"
                            ),
                        });
                    }
                    tried.push(format!("{shown} (is Python {version})"));
                    continue;
                }
                return Err(LoadError::HostPython {
                    detail: format!("the host Python '{shown}' failed to start its compiler"),
                });
            }
        }
    }
    Err(LoadError::NoHostPython {
        detail: format!(
            "no CPython 3.11 found to compile '{what}' (tried {}); install python3.11 or set \
             PYCRANE_PYTHON to the path of a CPython 3.11 interpreter",
            tried.join(", ")
        ),
    })
}

impl Server {
    /// Sends one request; the reply's status byte and fields.
    fn request(&mut self, fields: &[&[u8]]) -> io::Result<(u8, Vec<Vec<u8>>)> {
        let mut msg = Vec::with_capacity(64 + fields.iter().map(|f| f.len() + 4).sum::<usize>());
        msg.extend_from_slice(&(fields.len() as u32).to_le_bytes());
        for f in fields {
            msg.extend_from_slice(&(f.len() as u32).to_le_bytes());
            msg.extend_from_slice(f);
        }
        self.input.write_all(&msg)?;
        self.input.flush()?;
        let mut status = [0u8; 1];
        self.output.read_exact(&mut status)?;
        let n = read_u32(&mut self.output)?;
        let mut out = Vec::with_capacity(n.min(16) as usize);
        for _ in 0..n {
            let len = read_u32(&mut self.output)? as usize;
            let mut buf = vec![0u8; len];
            self.output.read_exact(&mut buf)?;
            out.push(buf);
        }
        Ok((status[0], out))
    }
}

fn read_u32(r: &mut impl Read) -> io::Result<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_le_bytes(b))
}

/// Runs one request on this thread's compiler process (starting it if needed).
fn call(python: &Option<OsString>, what: &str, fields: &[&[u8]]) -> Result<Vec<u8>, HostError> {
    SERVER_PROCESS.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = Some(start(python, what).map_err(HostError::Host)?);
        }
        let server = slot.as_mut().expect("started above");
        match server.request(fields) {
            Ok((0, mut f)) if f.len() == 1 => Ok(f.pop().unwrap_or_default()),
            Ok((1, f)) if f.len() == 9 => {
                let s = |i: usize| String::from_utf8_lossy(&f[i]).into_owned();
                let o = |i: usize| (!f[i].is_empty()).then(|| s(i));
                Err(HostError::Compile(Box::new(CompileFailure {
                    text: s(0),
                    exc_type: s(1),
                    msg: s(2),
                    location: [o(3), o(4), o(5), o(6), o(7), o(8)],
                })))
            }
            other => {
                let why = match other {
                    Err(e) => e.to_string(),
                    Ok(_) => "a malformed reply".to_string(),
                };
                if let Some(mut dead) = slot.take() {
                    let _ = dead.child.kill();
                    let _ = dead.child.wait();
                }
                Err(HostError::Host(LoadError::HostPython {
                    detail: format!("the host Python's compiler failed on '{what}': {why}"),
                }))
            }
        }
    })
}

/// Compiles a module file's source to a timestamp pyc image (what `py_compile` writes).
pub fn compile_file(
    python: &Option<OsString>,
    source: &[u8],
    display: &str,
    mtime: i64,
    size: u64,
    optimize: u8,
) -> Result<Vec<u8>, HostError> {
    let (m, s, o) = (mtime.to_string(), size.to_string(), optimize.to_string());
    call(
        python,
        display,
        &[
            b"file",
            display.as_bytes(),
            m.as_bytes(),
            s.as_bytes(),
            o.as_bytes(),
            source,
        ],
    )
}

/// What `compile(source, filename, mode, flags, dont_inherit=True, optimize=...)` makes, as
/// `marshal.dumps` of the code object. `text` says whether `source` is a str's UTF-8
/// (surrogates allowed) rather than bytes.
pub fn compile_source(
    python: &Option<OsString>,
    source: &[u8],
    text: bool,
    filename: &str,
    mode: &str,
    flags: i64,
    optimize: i64,
) -> Result<Vec<u8>, HostError> {
    let (fl, op) = (flags.to_string(), optimize.to_string());
    call(
        python,
        filename,
        &[
            b"source",
            mode.as_bytes(),
            filename.as_bytes(),
            fl.as_bytes(),
            op.as_bytes(),
            if text { b"1" } else { b"0" },
            source,
        ],
    )
}

/// The AST of a source, as `compile(source, filename, mode, flags | PyCF_ONLY_AST)`
/// makes it on the host, marshalled as nested `(name, fields, attributes)` tuples.
pub fn parse_source(
    python: &Option<OsString>,
    source: &[u8],
    text: bool,
    filename: &str,
    mode: &str,
    flags: i64,
) -> Result<Vec<u8>, HostError> {
    let fl = flags.to_string();
    call(
        python,
        filename,
        &[
            b"ast",
            mode.as_bytes(),
            filename.as_bytes(),
            fl.as_bytes(),
            b"0",
            if text { b"1" } else { b"0" },
            source,
        ],
    )
}
