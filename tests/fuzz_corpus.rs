//! The fuzzers' smoke pass, run by CI: every input the fuzzers ever found failing
//! (`fuzz/corpus/regressions/`, one per distinct crash site of the runs in `fuzz/README.md`)
//! goes through the fuzz targets' loader and verifier in-process and through the `pycrane`
//! binary in both JIT modes; then short runs of the mutation fuzzer and the differential
//! fuzzer with fixed seeds. A panic, a signal or a run that Ctrl-C does not stop fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn pycrane() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_pycrane"))
}

/// Runs `pycrane --jit=<mode> file`; after `patience` it gets SIGINT, which must stop it.
/// Returns what went wrong, if anything.
fn run(mode: &str, file: &Path, patience: Duration) -> Option<String> {
    let mut child = Command::new(pycrane())
        .arg(format!("--jit={mode}"))
        .arg(file)
        .current_dir(std::env::temp_dir())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let mut interrupted = false;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        let waited = start.elapsed();
        if waited > patience + Duration::from_secs(5) {
            let _ = child.kill();
            let _ = child.wait();
            return Some("does not stop at SIGINT".into());
        }
        if waited > patience && !interrupted {
            // SAFETY: kill(2) on our own child's pid.
            unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
            interrupted = true;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (_, Some(sig)) if sig != libc::SIGINT => Some(format!("killed by signal {sig}")),
        (Some(70), _) => Some(format!("internal error: {err}")),
        _ if err.contains("panicked at") => Some(format!("panic: {err}")),
        _ => None,
    }
}

#[test]
fn regression_inputs_fail_cleanly() {
    let dir = root().join("fuzz/corpus/regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pyc"))
        .collect();
    files.sort();
    assert!(files.len() >= 30, "{} inputs", files.len());
    let mut failures = vec![];
    for f in &files {
        let data = std::fs::read(f).unwrap();
        pycrane_runtime::fuzzing::load(&data);
        pycrane_runtime::fuzzing::verify(&data);
        for mode in ["off", "always"] {
            if let Some(why) = run(mode, f, Duration::from_secs(5)) {
                failures.push(format!("{} --jit={mode}: {why}", f.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn fuzzer(script: &str, args: &[&str]) {
    let out = std::env::temp_dir().join(format!("pycrane-{script}-{}", std::process::id()));
    let r = Command::new("python3")
        .arg(root().join("fuzz").join(script))
        .arg("--pycrane")
        .arg(pycrane())
        .arg("--out")
        .arg(&out)
        .args(args)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&out);
    assert!(
        r.status.success(),
        "{script} {args:?}:\n{}{}",
        String::from_utf8_lossy(&r.stdout),
        String::from_utf8_lossy(&r.stderr)
    );
}

#[test]
fn mutation_fuzzer_smoke() {
    fuzzer("pyc_fuzz.py", &["--count", "150", "--seed", "1"]);
}

#[test]
fn differential_fuzzer_smoke() {
    fuzzer("diff_fuzz.py", &["--count", "60", "--seed", "2"]);
}
