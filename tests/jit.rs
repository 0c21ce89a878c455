//! The JIT's observable behaviour beyond program output (which `differential.rs` checks in
//! every mode): `--jit-stats` reports compilation, guard exits and recompilation; the dump
//! options print each representation; bad options are clear errors.

use std::process::{Command, Output};

fn pycrane(args: &[&str]) -> Output {
    let bin = std::env::var_os("PYCRANE_TEST_BIN")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_pycrane").into());
    Command::new(bin)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("pycrane runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The number after `label` on its line of the stats report.
fn count_after(report: &str, label: &str) -> u64 {
    let line = report
        .lines()
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("no '{label}' line in:\n{report}"));
    line.trim_start()[label.len()..]
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in '{line}'"))
}

#[test]
fn guard_failures_exit_then_recompile() {
    let o = pycrane(&[
        "--jit-stats",
        "--jit-threshold",
        "10",
        "tests/jit/guard_recompile.py",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = stderr(&o);
    let f_compiles = report
        .lines()
        .filter(|l| l.split_whitespace().next() == Some("f"))
        .count();
    assert!(
        f_compiles >= 2,
        "f should be compiled, then recompiled:\n{report}"
    );
    assert!(
        count_after(&report, "exits to the interpreter:") > 0,
        "{report}"
    );
    assert!(report.contains("guard failed"), "{report}");
    assert!(
        report.contains("f @"),
        "exits are reported by instruction:\n{report}"
    );
}

#[test]
fn off_compiles_nothing_and_always_compiles_everything_it_can() {
    let off = pycrane(&["--jit=off", "--jit-stats", "tests/jit/guard_recompile.py"]);
    assert!(off.status.success());
    assert!(
        stderr(&off).is_empty(),
        "no JIT, no report: {}",
        stderr(&off)
    );
    let always = pycrane(&[
        "--jit=always",
        "--jit-stats",
        "tests/jit/guard_recompile.py",
    ]);
    let report = stderr(&always);
    assert!(count_after(&report, "compiled:") >= 1, "{report}");
    assert_eq!(always.stdout, off.stdout);
}

#[test]
fn dumps_print_plan_clif_and_machine_code() {
    let o = pycrane(&[
        "--jit=always",
        "--jit-dump=ir,clif,asm",
        "tests/jit/guard_recompile.py",
    ]);
    assert!(o.status.success());
    let err = stderr(&o);
    assert!(err.contains("plan f (locals 2):"), "{err}");
    assert!(err.contains("BINARY_OP"), "{err}");
    assert!(err.contains("; Cranelift IR for f"), "{err}");
    assert!(err.contains("function u0:"), "{err}");
    assert!(err.contains("; machine code for f"), "{err}");
}

#[test]
fn bad_options_are_clear_errors() {
    for (args, needle) in [
        (
            &["--jit=sometimes", "x.py"][..],
            "expected off, on or always",
        ),
        (&["--jit-threshold", "many", "x.py"][..], "not a number"),
        (
            &["--jit-dump=bytes", "x.py"][..],
            "expected ir, clif or asm",
        ),
    ] {
        let o = pycrane(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn a_looping_frame_reenters_after_a_guard_exit() {
    let o = pycrane(&["--jit-stats", "tests/jit/guard_reentry.py"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = stderr(&o);
    let main_compiles = report
        .lines()
        .filter(|l| l.split_whitespace().next() == Some("main"))
        .count();
    assert_eq!(
        main_compiles, 2,
        "compiled, then recompiled unguarded:\n{report}"
    );
    assert_eq!(
        count_after(&report, "exits to the interpreter:"),
        1,
        "one guard exit, then native code to the end:\n{report}"
    );
    let py = Command::new("python3")
        .arg("tests/jit/guard_reentry.py")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("python3 runs");
    assert_eq!(o.stdout, py.stdout);
}

/// Every program of the differential corpus and every benchmark (small size) compiles under
/// `--jit=always` without Cranelift rejecting the IR: a lowering bug that makes invalid
/// IR leaves code interpreted, which output comparison alone cannot see.
#[test]
fn cranelift_accepts_everything_lowered() {
    let mut files = vec![];
    let mut dirs = vec![std::path::PathBuf::from("tests/cases")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(&d))
            .expect("corpus directory")
        {
            let e = e.expect("entry");
            let p = d.join(e.file_name());
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "py") {
                files.push(p);
            }
        }
    }
    assert!(files.len() > 100, "corpus found: {}", files.len());
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut runs: Vec<(String, String)> = files
        .iter()
        .map(|f| (f.to_string_lossy().into_owned(), String::new()))
        .collect();
    for e in std::fs::read_dir(root.join("bench")).expect("bench directory") {
        let p = e.expect("entry").path();
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        // Benchmarks say their small size on the first line: `# bench: default=N small=M`.
        if let Some(small) = text.lines().next().and_then(|l| l.split("small=").nth(1)) {
            let name = p.file_name().expect("file").to_string_lossy();
            runs.push((format!("bench/{name}"), small.trim().to_string()));
        }
    }
    let mut rejected = vec![];
    for (f, arg) in &runs {
        let mut args = vec!["--jit=always", "--jit-stats", f];
        if !arg.is_empty() {
            args.push(arg);
        }
        let o = pycrane(&args);
        for line in stderr(&o).lines().filter(|l| l.contains("cranelift:")) {
            rejected.push(format!("{f}: {line}"));
        }
    }
    assert!(rejected.is_empty(), "{}", rejected.join("\n"));
}

/// A `while` loop's back edge is a conditional jump: code that runs once still enters native
/// code mid-loop at the default threshold.
#[test]
fn conditional_back_edges_enter_native_code() {
    let o = pycrane(&["--jit-stats", "tests/cases/jit/while_loops.py"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = stderr(&o);
    for name in ["logistic", "until_none", "while_not", "walk_until_not_none"] {
        assert!(
            report
                .lines()
                .any(|l| l.split_whitespace().next() == Some(name)),
            "{name} should be compiled on a back edge:\n{report}"
        );
    }
}
