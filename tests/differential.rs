//! Differential tests: every program in `tests/cases/**.py`, and every benchmark in `bench/`
//! at its small size, is run under CPython 3.11 and under
//! the `pycrane` binary, once per JIT mode, and the two runs must agree.
//!
//! Each case x mode is its own named test (`basics/loops.py [default]`), so the usual
//! libtest command line works: a name filter, `--exact`, `--list`, `--ignored`,
//! `--test-threads`, `--nocapture`.
//!
//! What is compared, per run:
//! - stdout, byte for byte;
//! - the exit code (a death by signal is reported as such and never matches);
//! - the last non-empty line of stderr (the exception line of a traceback, the message of
//!   `sys.exit("...")`), so traceback bodies may differ while the error itself must not.
//!
//! The expected results are not stored: they come from running CPython on the same file at
//! test time, once per case, shared by all modes of that case. Both interpreters run with the
//! repository root as working directory and the case's path relative to it
//! (`tests/cases/basics/loops.py`), so tracebacks name the same file.
//!
//! A folder named `*.tree` is one case made of several files: its `main.py` is run, and the
//! other files are the modules and packages it imports (named `imports/x.tree/main.py`).
//!
//! Sidecar files next to a case (all optional):
//! - `name.args`  - whitespace-separated command-line arguments appended after the path;
//! - `name.stdin` - bytes fed to standard input (the default stdin is empty).
//!
//! Environment:
//! - `PYCRANE_PYTHON`       - the reference interpreter; else `python3.11`, else `python3`. It
//!   must be CPython 3.11, or every test fails saying so.
//! - `PYCRANE_TEST_BIN`     - run this binary instead of the `pycrane` built by cargo (for
//!   example a release build).
//! - `PYCRANE_TEST_TIMEOUT` - per-run timeout in seconds (default 60); a run that exceeds it
//!   is killed and the test fails.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use libtest_mimic::{Arguments, Failed, Trial};

/// The modes every case runs in: a name (shown in the test name) and the flags passed before
/// the script. `on` uses a low threshold so tier-up, OSR and exits happen even in short
/// programs; `default` is what users run (tier-up after 1000 calls or loop iterations, when
/// the profile and the attribute sites are warm, so speculation on them is tested);
/// `always` compiles every code object on its first call.
const MODES: &[(&str, &[&str])] = &[
    ("off", &["--jit=off"]),
    ("on", &["--jit=on", "--jit-threshold", "2"]),
    ("default", &["--jit=on"]),
    ("always", &["--jit=always"]),
];

/// Where the cases live, relative to the repository root.
const CASES_DIR: &str = "tests/cases";
const BENCH_DIR: &str = "bench";

/// Default per-run timeout; override with `PYCRANE_TEST_TIMEOUT` (seconds).
const DEFAULT_TIMEOUT_SECS: u64 = 60;

/// Lines of context shown around the first differing stdout line.
const DIFF_CONTEXT: usize = 3;

/// Lines of stderr shown (from the end) in a failure message.
const STDERR_TAIL_LINES: usize = 8;

/// Variables that would change CPython's behaviour (e.g. strip asserts) and are removed from
/// the reference run's environment.
const PYTHON_ENV_SCRUB: &[&str] = &[
    "PYTHONOPTIMIZE",
    "PYTHONWARNINGS",
    "PYTHONINSPECT",
    "PYTHONSTARTUP",
    "PYTHONDEVMODE",
    "PYTHONSAFEPATH",
    "PYTHONPATH",
    "PYTHONHOME",
    "PYTHONVERBOSE",
    "PYTHONDEBUG",
];

fn main() {
    let args = Arguments::from_args();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let cases = match discover_cases(&root).and_then(|mut c| {
        c.extend(discover_benchmarks(&root)?);
        Ok(c)
    }) {
        Ok(cases) => cases,
        Err(e) => {
            eprintln!("differential: {e}");
            std::process::exit(101);
        }
    };
    let mut trials = Vec::with_capacity(cases.len() * MODES.len());
    for case in &cases {
        for &(mode, flags) in MODES {
            let case = Arc::clone(case);
            trials.push(Trial::test(format!("{} [{mode}]", case.name), move || {
                run_trial(&case, flags)
            }));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}

/// One program of the corpus, plus its CPython result once computed.
struct Case {
    /// Path relative to `tests/cases`, with `/` separators: the test name's stem.
    name: String,
    /// Path relative to the repository root, as passed to both interpreters.
    rel_path: String,
    /// Absolute repository root (the working directory of both runs).
    root: PathBuf,
    /// Extra command-line arguments from the `.args` sidecar.
    args: Vec<String>,
    /// Standard input from the `.stdin` sidecar (empty if none).
    stdin: Vec<u8>,
    /// CPython's result, computed by the first mode that needs it.
    expected: OnceLock<Result<RunResult, String>>,
}

/// What a finished run produced.
#[derive(Debug)]
struct RunResult {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    status: ExitStatus,
}

fn discover_cases(root: &Path) -> Result<Vec<Arc<Case>>, String> {
    let dir = root.join(CASES_DIR);
    let mut files = Vec::new();
    collect_py_files(&dir, &mut files)?;
    files.sort();
    let mut cases = Vec::with_capacity(files.len());
    for file in files {
        let rel = file
            .strip_prefix(root)
            .map_err(|_| format!("{} is outside {}", file.display(), root.display()))?;
        let rel_path = path_to_slash(rel);
        let name = path_to_slash(rel.strip_prefix(CASES_DIR).unwrap_or(rel));
        let args = match read_optional(&file.with_extension("args"))? {
            Some(bytes) => String::from_utf8(bytes)
                .map_err(|_| format!("{}.args is not UTF-8", file.display()))?
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            None => Vec::new(),
        };
        let stdin = read_optional(&file.with_extension("stdin"))?.unwrap_or_default();
        cases.push(Arc::new(Case {
            name,
            rel_path,
            root: root.to_path_buf(),
            args,
            stdin,
            expected: OnceLock::new(),
        }));
    }
    if cases.is_empty() {
        return Err(format!("no cases found under {}", dir.display()));
    }
    Ok(cases)
}

/// The benchmark programs, each run at the small size its `# bench: ... small=N` header
/// names (timing is the harness's job; here only the output is compared).
fn discover_benchmarks(root: &Path) -> Result<Vec<Arc<Case>>, String> {
    let dir = root.join(BENCH_DIR);
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| format!("reading {}: {e}", dir.display()))? {
        let path = entry
            .map_err(|e| format!("reading {}: {e}", dir.display()))?
            .path();
        if path.extension().is_some_and(|x| x == "py") {
            files.push(path);
        }
    }
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let header = text.lines().next().unwrap_or("");
        let Some(spec) = header.strip_prefix("# bench:") else {
            continue; // the harness itself, or a helper module
        };
        let small = spec
            .split_whitespace()
            .find_map(|kv| kv.strip_prefix("small="))
            .ok_or_else(|| format!("{}: bench header without small=", file.display()))?;
        let rel = file.strip_prefix(root).unwrap_or(&file);
        cases.push(Arc::new(Case {
            name: format!("{} small", path_to_slash(rel)),
            rel_path: path_to_slash(rel),
            root: root.to_path_buf(),
            args: vec![small.to_string()],
            stdin: Vec::new(),
            expected: OnceLock::new(),
        }));
    }
    Ok(cases)
}

fn collect_py_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("reading {}: {e}", dir.display()))?;
        let path = entry.path();
        let file_type = entry
            .file_type()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if file_type.is_dir() {
            if path.extension().is_some_and(|x| x == "tree") {
                // A multi-file case: its `main.py` runs; the rest are its modules.
                out.push(path.join("main.py"));
            } else if path.file_name().is_some_and(|n| n != "__pycache__") {
                collect_py_files(&path, out)?;
            }
        } else if path.extension().is_some_and(|ext| ext == "py") {
            out.push(path);
        }
    }
    Ok(())
}

fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, String> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("reading {}: {e}", path.display())),
    }
}

fn path_to_slash(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn run_trial(case: &Case, flags: &[&str]) -> Result<(), Failed> {
    let expected = case
        .expected
        .get_or_init(|| run_cpython(case))
        .as_ref()
        .map_err(|e| format!("reference run failed: {e}"))?;

    let mut cmd = Command::new(pycrane_bin());
    // The locale settings the reference run gets (pycrane honours them as CPython does).
    cmd.env("PYTHONUTF8", "1")
        .env("PYTHONIOENCODING", "utf-8")
        .args(flags)
        .arg(&case.rel_path)
        .args(&case.args);
    let actual = run_with_timeout(cmd, &case.root, &case.stdin)
        .map_err(|e| format!("pycrane run failed: {e}"))?;

    let mut problems = String::new();
    if expected.status.code() != actual.status.code() || actual.status.code().is_none() {
        let _ = writeln!(
            problems,
            "exit status: expected {}, got {}",
            describe_status(expected.status),
            describe_status(actual.status)
        );
    }
    if expected.stdout != actual.stdout {
        problems.push_str("stdout differs:\n");
        problems.push_str(&diff_text(
            &String::from_utf8_lossy(&expected.stdout),
            &String::from_utf8_lossy(&actual.stdout),
        ));
    }
    let expected_last = last_nonempty_line(&expected.stderr);
    let actual_last = last_nonempty_line(&actual.stderr);
    if expected_last != actual_last {
        let _ = writeln!(
            problems,
            "last stderr line differs:\n  expected: {expected_last:?}\n  actual:   {actual_last:?}"
        );
    }
    if problems.is_empty() {
        return Ok(());
    }
    let _ = write!(
        problems,
        "--- CPython stderr (tail) ---\n{}--- pycrane stderr (tail) ---\n{}",
        tail(&expected.stderr, STDERR_TAIL_LINES),
        tail(&actual.stderr, STDERR_TAIL_LINES),
    );
    Err(problems.into())
}

fn run_cpython(case: &Case) -> Result<RunResult, String> {
    let python = reference_python()?;
    let mut cmd = Command::new(python);
    for var in PYTHON_ENV_SCRUB {
        cmd.env_remove(var);
    }
    cmd.env("PYTHONUTF8", "1")
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .arg(&case.rel_path)
        .args(&case.args);
    run_with_timeout(cmd, &case.root, &case.stdin)
}

/// The binary under test: `PYCRANE_TEST_BIN`, else the `pycrane` cargo built for this test.
fn pycrane_bin() -> OsString {
    std::env::var_os("PYCRANE_TEST_BIN")
        .unwrap_or_else(|| OsString::from(env!("CARGO_BIN_EXE_pycrane")))
}

/// Finds CPython 3.11 once: `$PYCRANE_PYTHON`, else `python3.11`, else `python3`.
fn reference_python() -> Result<&'static OsString, String> {
    static PYTHON: OnceLock<Result<OsString, String>> = OnceLock::new();
    PYTHON
        .get_or_init(|| {
            let mut candidates: Vec<OsString> = Vec::new();
            if let Some(p) = std::env::var_os("PYCRANE_PYTHON").filter(|p| !p.is_empty()) {
                candidates.push(p);
            }
            candidates.push("python3.11".into());
            candidates.push("python3".into());
            let mut tried = Vec::new();
            for candidate in candidates {
                let probe = Command::new(&candidate)
                    .args([
                        "-c",
                        "import sys; print(sys.implementation.name, *sys.version_info[:2])",
                    ])
                    .stdin(Stdio::null())
                    .stderr(Stdio::null())
                    .output();
                let found = match probe {
                    Ok(out) if out.status.success() => {
                        String::from_utf8_lossy(&out.stdout).trim().to_owned()
                    }
                    Ok(out) => format!("exit {}", describe_status(out.status)),
                    Err(e) => e.to_string(),
                };
                if found == "cpython 3 11" {
                    return Ok(candidate);
                }
                tried.push(format!("{} ({found})", candidate.to_string_lossy()));
            }
            Err(format!(
                "CPython 3.11 not found (tried: {}); install it or set PYCRANE_PYTHON",
                tried.join(", ")
            ))
        })
        .as_ref()
        .map_err(Clone::clone)
}

fn timeout() -> Duration {
    let secs = std::env::var("PYCRANE_TEST_TIMEOUT")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or(DEFAULT_TIMEOUT_SECS);
    Duration::from_secs(secs)
}

/// Runs `cmd` in `cwd` with `stdin` as its input, collecting stdout and stderr; kills it if
/// it runs longer than [`timeout`].
fn run_with_timeout(mut cmd: Command, cwd: &Path, stdin: &[u8]) -> Result<RunResult, String> {
    let program = cmd.get_program().to_string_lossy().into_owned();
    let mut child = cmd
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {program}: {e}"))?;

    let mut child_stdin = child.stdin.take().expect("stdin is piped");
    let input = stdin.to_vec();
    // A program that exits without reading its input closes the pipe: ignore that error.
    let writer = thread::spawn(move || {
        let _ = child_stdin.write_all(&input);
    });
    let stdout_reader = spawn_reader(child.stdout.take().expect("stdout is piped"));
    let stderr_reader = spawn_reader(child.stderr.take().expect("stderr is piped"));

    let limit = timeout();
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{program} timed out after {}s and was killed",
                    limit.as_secs()
                ));
            }
            Ok(None) => thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("waiting for {program}: {e}")),
        }
    };
    let _ = writer.join();
    let stdout = stdout_reader.join().expect("stdout reader panicked");
    let stderr = stderr_reader.join().expect("stderr reader panicked");
    Ok(RunResult {
        stdout,
        stderr,
        status,
    })
}

fn spawn_reader(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = pipe.read_to_end(&mut buf);
        buf
    })
}

fn describe_status(status: ExitStatus) -> String {
    if let Some(code) = status.code() {
        return code.to_string();
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("killed by signal {signal}");
        }
    }
    status.to_string()
}

fn last_nonempty_line(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("")
        .to_owned()
}

fn tail(bytes: &[u8], n: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    if lines.is_empty() {
        return "(empty)\n".to_owned();
    }
    let mut out = String::new();
    if lines.len() > n {
        let _ = writeln!(out, "[... {} earlier lines]", lines.len() - n);
    }
    for line in &lines[lines.len().saturating_sub(n)..] {
        let _ = writeln!(out, "{line}");
    }
    out
}

/// A short unified-style diff: the first differing line with [`DIFF_CONTEXT`] lines around
/// it, expected lines marked `-` and actual lines `+`.
fn diff_text(expected: &str, actual: &str) -> String {
    // split_inclusive keeps the line endings, so a missing final newline is a difference too.
    let exp: Vec<&str> = expected.split_inclusive('\n').collect();
    let act: Vec<&str> = actual.split_inclusive('\n').collect();
    let first = exp
        .iter()
        .zip(&act)
        .position(|(a, b)| a != b)
        .unwrap_or(exp.len().min(act.len()));
    let start = first.saturating_sub(DIFF_CONTEXT);
    let mut out = format!(
        "@@ first difference at line {} (expected {} lines, got {}) @@\n",
        first + 1,
        exp.len(),
        act.len()
    );
    for line in &exp[start..first] {
        let _ = writeln!(out, "  {}", show_line(line));
    }
    let end_exp = (first + DIFF_CONTEXT + 1).min(exp.len());
    let end_act = (first + DIFF_CONTEXT + 1).min(act.len());
    for line in &exp[first..end_exp] {
        let _ = writeln!(out, "- {}", show_line(line));
    }
    if exp.len() > end_exp {
        let _ = writeln!(out, "- [... {} more]", exp.len() - end_exp);
    }
    for line in &act[first..end_act] {
        let _ = writeln!(out, "+ {}", show_line(line));
    }
    if act.len() > end_act {
        let _ = writeln!(out, "+ [... {} more]", act.len() - end_act);
    }
    out
}

/// A line for display: without its newline, with a visible marker when it had none.
/// Lines holding control characters (other than tab) are shown escaped.
fn show_line(line: &str) -> String {
    let (body, note) = match line.strip_suffix('\n') {
        Some(body) => (body, ""),
        None => (line, " \\ (no newline at end)"),
    };
    if body.chars().any(|c| c.is_control() && c != '\t') {
        format!("{body:?}{note}")
    } else {
        format!("{body}{note}")
    }
}
