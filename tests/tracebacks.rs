//! Tracebacks, compared in full: every program in `tests/tracebacks/*.py` ends with an uncaught
//! exception, and `pycrane` must print exactly CPython 3.11's stderr for it (the `File` lines
//! with absolute paths, source lines, caret lines, "[Previous line repeated ...]" summaries and
//! chained-exception separators), the same stdout and the same exit code.
//!
//! The expected output is not stored: CPython runs each program at test time. Both
//! interpreters run from the repository root with the relative path `tests/tracebacks/x.py`,
//! so the absolute path in the `File` lines checks that `co_filename` is made absolute.
//!
//! Environment: `PYCRANE_PYTHON` (the reference, default `python3.11`, else `python3`) and
//! `PYCRANE_TEST_BIN` (the binary under test), as for the differential tests.

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const PROGRAMS_DIR: &str = "tests/tracebacks";

/// Variables that would change CPython's behaviour or output.
const PYTHON_ENV_SCRUB: &[&str] = &[
    "PYTHONOPTIMIZE",
    "PYTHONWARNINGS",
    "PYTHONINSPECT",
    "PYTHONSTARTUP",
    "PYTHONDEVMODE",
    "PYTHONSAFEPATH",
    "PYTHONPATH",
    "PYTHONHOME",
];

fn reference_python() -> OsString {
    let mut candidates: Vec<OsString> = Vec::new();
    if let Some(p) = std::env::var_os("PYCRANE_PYTHON").filter(|p| !p.is_empty()) {
        candidates.push(p);
    }
    candidates.push("python3.11".into());
    candidates.push("python3".into());
    for candidate in candidates {
        let probe = Command::new(&candidate)
            .args(["-c", "import sys; print(*sys.version_info[:2])"])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output();
        if probe.is_ok_and(|out| out.status.success() && out.stdout == b"3 11\n") {
            return candidate;
        }
    }
    panic!("CPython 3.11 not found; install it or set PYCRANE_PYTHON");
}

/// JIT modes each program runs in (as in `tests/differential.rs`): tracebacks must not depend
/// on whether the frames ran natively.
const MODES: &[&[&str]] = &[
    &["--jit=off"],
    &["--jit=on", "--jit-threshold", "2"],
    &["--jit=always"],
];

fn run(program: &OsString, flags: &[&str], rel_path: &str, root: &Path, python: bool) -> Output {
    let mut cmd = Command::new(program);
    cmd.args(flags);
    if python {
        for var in PYTHON_ENV_SCRUB {
            cmd.env_remove(var);
        }
        cmd.env("PYTHONUTF8", "1")
            .env("PYTHONIOENCODING", "utf-8")
            .env("PYTHONDONTWRITEBYTECODE", "1");
    }
    cmd.arg(rel_path)
        .current_dir(root)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.to_string_lossy()))
}

#[test]
fn tracebacks_match_cpython() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = reference_python();
    let pycrane = std::env::var_os("PYCRANE_TEST_BIN")
        .unwrap_or_else(|| OsString::from(env!("CARGO_BIN_EXE_pycrane")));
    let mut programs: Vec<String> = std::fs::read_dir(root.join(PROGRAMS_DIR))
        .expect("tests/tracebacks exists")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".py"))
        .map(|name| format!("{PROGRAMS_DIR}/{name}"))
        .collect();
    programs.sort();
    assert!(!programs.is_empty(), "no programs in {PROGRAMS_DIR}");

    let mut failures = Vec::new();
    for (rel_path, flags) in programs
        .iter()
        .flat_map(|p| MODES.iter().map(move |m| (p, *m)))
    {
        let expected = run(&python, &[], rel_path, root, true);
        let got = run(&pycrane, flags, rel_path, root, false);
        assert!(
            !expected.status.success(),
            "{rel_path} must end with an uncaught exception under CPython"
        );
        let mut problems = Vec::new();
        if got.stdout != expected.stdout {
            problems.push(format!(
                "stdout differs:\n--- CPython\n{}--- pycrane\n{}",
                String::from_utf8_lossy(&expected.stdout),
                String::from_utf8_lossy(&got.stdout)
            ));
        }
        if got.stderr != expected.stderr {
            problems.push(format!(
                "stderr differs:\n--- CPython\n{}--- pycrane\n{}",
                String::from_utf8_lossy(&expected.stderr),
                String::from_utf8_lossy(&got.stderr)
            ));
        }
        if got.status.code() != expected.status.code() {
            problems.push(format!(
                "exit status: CPython {:?}, pycrane {:?}",
                expected.status.code(),
                got.status.code()
            ));
        }
        if !problems.is_empty() {
            failures.push(format!("{rel_path} {flags:?}:\n{}", problems.join("\n")));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}
