//! The command line and the process, compared with `python3`: each test runs the same
//! command line (options, environment, standard input, files in a temporary folder) under
//! CPython 3.11 and under `pycrane`, and compares stdout, the exit status and the last
//! stderr line (with the interpreter's own path, which differs, replaced by `PROG`).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

fn pycrane() -> OsString {
    std::env::var_os("PYCRANE_TEST_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_pycrane").into())
}

fn python() -> OsString {
    std::env::var_os("PYCRANE_PYTHON")
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "python3".into())
}

struct Dir(PathBuf);

impl Dir {
    fn new(tag: &str) -> Dir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let d = std::env::temp_dir().join(format!("pycrane-cli-{}-{tag}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Dir(d)
    }
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.0.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[derive(Debug, PartialEq)]
struct Outcome {
    stdout: String,
    status: Option<i32>,
    last_err: String,
}

fn run(prog: &OsString, args: &[&str], cwd: &Path, env: &[(&str, &str)], stdin: &str) -> Outcome {
    let mut cmd = Command::new(prog);
    for v in [
        "PYTHONPATH",
        "PYTHONSAFEPATH",
        "PYTHONOPTIMIZE",
        "PYTHONWARNINGS",
        "PYTHONINSPECT",
        "PYTHONSTARTUP",
        "PYTHONNOUSERSITE",
        "PYTHONHASHSEED",
    ] {
        cmd.env_remove(v);
    }
    cmd.env("PYTHONDONTWRITEBYTECODE", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut i = child.stdin.take().unwrap();
        let _ = i.write_all(stdin.as_bytes());
    }
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let last = err
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_string();
    let shown = prog.to_string_lossy().into_owned();
    let last = match last.split_once(": ") {
        Some((head, tail))
            if head == shown || head.ends_with("python3") || head.ends_with("pycrane") =>
        {
            format!("PROG: {tail}")
        }
        _ => last,
    };
    Outcome {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        status: out.status.code(),
        last_err: last
            .replace("Try `python -h'", "Try `PROG -h'")
            .replace("Try `pycrane -h'", "Try `PROG -h'"),
    }
}

/// Runs `args` under both interpreters in `cwd` and compares.
fn same(args: &[&str], cwd: &Path, env: &[(&str, &str)], stdin: &str) {
    let theirs = run(&python(), args, cwd, env, stdin);
    let ours = run(&pycrane(), args, cwd, env, stdin);
    assert_eq!(ours, theirs, "pycrane {args:?} (env {env:?})");
}

const SHOW: &str = "import sys\n\
print(sys.argv)\n\
print(repr(sys.path[0]) if sys.path else None)\n\
print(__name__, __debug__)\n\
print(sys.flags.optimize, sys.flags.dont_write_bytecode, sys.flags.no_site, sys.flags.isolated, \
sys.flags.ignore_environment, sys.flags.no_user_site, sys.flags.safe_path, sys.flags.quiet)\n\
print(sys.warnoptions, sys._xoptions)\n";

#[test]
fn command_module_stdin_and_script_modes() {
    let d = Dir::new("modes");
    d.write("show.py", SHOW);
    d.write("pkg/__init__.py", "");
    d.write(
        "pkg/__main__.py",
        "import sys\nprint('pkg main', __name__, __package__, sys.argv[1:])\n",
    );
    d.write("pkg/mod.py", SHOW);
    d.write("nomain/__init__.py", "");
    d.write("dis", "print('a script named dis')\n");
    d.write(
        "appdir/__main__.py",
        "import sys\nprint('dir main', __name__, sys.argv[1:])\n",
    );
    let cwd = &d.0;
    same(&["-c", SHOW, "a", "-b"], cwd, &[], "");
    same(&["show.py", "x", "--y"], cwd, &[], "");
    same(&["-m", "show", "q"], cwd, &[], "");
    same(&["-m", "pkg", "arg"], cwd, &[], "");
    same(&["-m", "pkg.mod"], cwd, &[], "");
    same(&["-m", "nomain"], cwd, &[], "");
    same(&["-m", "no_such_module_here"], cwd, &[], "");
    same(&["-m", "show.py"], cwd, &[], "");
    same(&["-m", "nosuchpkg.mod"], cwd, &[], "");
    same(&["-m", "pkg.nosuch"], cwd, &[], "");
    same(&["-m", "pkg.__main__"], cwd, &[], "");
    d.write("broken/__init__.py", "raise TypeError('broken package')\n");
    same(&["-m", "broken"], cwd, &[], "");
    same(&["-m", "broken.sub"], cwd, &[], "");
    same(&["-", "s1"], cwd, &[], SHOW);
    same(&[], cwd, &[], SHOW);
    same(&["./dis"], cwd, &[], "");
    same(&["-cprint('glued')"], cwd, &[], "");
    same(&["-mshow"], cwd, &[], "");
    same(&["appdir", "z"], cwd, &[], "");
    // A zip application (made by CPython's zipapp): its `__main__`, modules and packages
    // come from the archive through Lib's zipimport.
    d.write(
        "appzip/__main__.py",
        "import sys, helper, pkg.sub\nprint('zip main', __name__, sys.argv[1:], helper.V, \
         pkg.sub.X, type(__loader__).__name__, __file__.endswith('app.pyz/__main__.py'))\n",
    );
    d.write("appzip/helper.py", "V = 42\n");
    d.write("appzip/pkg/__init__.py", "");
    d.write("appzip/pkg/sub.py", "X = 'sub'\n");
    let made = std::process::Command::new(python())
        .args(["-m", "zipapp", "appzip", "-o", "app.pyz"])
        .current_dir(cwd)
        .status()
        .expect("python3 runs");
    assert!(made.success());
    same(&["app.pyz", "z"], cwd, &[], "");
    same(&["missing.py"], cwd, &[], "");
    same(&["-c", "import sys; sys.exit(3)"], cwd, &[], "");
    same(&["-c", "raise SystemExit('bye')"], cwd, &[], "");
    same(&["-c", "x = ("], cwd, &[], "");
    same(&["-c"], cwd, &[], "");
    same(&["-z"], cwd, &[], "");
    same(&["--nonsense"], cwd, &[], "");
}

#[test]
fn flags_and_environment() {
    let d = Dir::new("flags");
    d.write("show.py", SHOW);
    d.write("lib/extra.py", "print('extra imported')\n");
    d.write(
        "opt.py",
        "def f():\n    'doc'\nassert False, 'asserts on'\nprint('asserts off', __debug__, f.__doc__)\n",
    );
    let cwd = &d.0;
    let lib = d.0.join("lib").display().to_string();
    for flags in [
        &["-B"][..],
        &["-E"],
        &["-I"],
        &["-s"],
        &["-S"],
        &["-q"],
        &["-P"],
        &["-u"],
        &["-bb"],
        &["-O"],
        &["-OO"],
        &["-W", "error", "-Wignore::DeprecationWarning"],
        &["-X", "foo", "-Xbar=1"],
        &["-X", "int_max_str_digits=1000"],
        &["-uBsq"],
    ] {
        let mut args = flags.to_vec();
        args.push("show.py");
        same(&args, cwd, &[], "");
    }
    same(&["opt.py"], cwd, &[], "");
    same(&["-O", "opt.py"], cwd, &[], "");
    same(&["-OO", "opt.py"], cwd, &[], "");
    same(&["opt.py"], cwd, &[("PYTHONOPTIMIZE", "2")], "");
    let import_extra = "import sys; print(sys.path[1] == sys.argv[1]); import extra";
    same(
        &["-c", import_extra, &lib],
        cwd,
        &[("PYTHONPATH", &lib)],
        "",
    );
    same(
        &["-E", "-c", import_extra, &lib],
        cwd,
        &[("PYTHONPATH", &lib)],
        "",
    );
    same(&["show.py"], cwd, &[("PYTHONSAFEPATH", "1")], "");
    same(&["show.py"], cwd, &[("PYTHONWARNINGS", "once,error")], "");
    same(&["-S", "-c", "exit(4)"], cwd, &[], "");
    same(&["-c", "exit(4)"], cwd, &[], "");
    same(&["-c", "quit('gone')"], cwd, &[], "");
    let site = "print(repr(exit), repr(quit), type(exit).__name__, type(exit).__module__, help)";
    same(&["-c", site], cwd, &[], "");
    same(&["-S", "-c", "help"], cwd, &[], "");
    same(&["-V"], cwd, &[], "");
    same(&["--version"], cwd, &[], "");
}

#[test]
fn dont_write_bytecode_never_writes_pycache() {
    let d = Dir::new("nowrite");
    d.write("main.py", "import helper\nprint(helper.X)\n");
    d.write("helper.py", "X = 5\n");
    let cache = Dir::new("private");
    let env = [("PYCRANE_CACHE_DIR", cache.0.to_str().unwrap())];
    let out = run(&pycrane(), &["-B", "main.py"], &d.0, &env, "");
    assert_eq!(out.stdout, "5\n");
    assert!(!d.0.join("__pycache__").exists());
    // Written bytecode goes to __pycache__ for the module, never for __main__.
    let mut cmd = Command::new(pycrane());
    let out = cmd
        .arg("main.py")
        .current_dir(&d.0)
        .env_remove("PYTHONDONTWRITEBYTECODE")
        .env("PYCRANE_CACHE_DIR", &cache.0)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "5\n");
    let names: Vec<String> = std::fs::read_dir(d.0.join("__pycache__"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["helper.cpython-311.pyc"]);
}

// ---- signals and output errors, with real processes --------------------------------------

/// A loop, then a sleep, interrupted by SIGINT twice: `except` and `finally` run, and the
/// process ends by SIGINT after printing the traceback.
/// Each line is printed inside the `try` it announces, so a signal sent after reading it
/// lands there however slow the machine.
const INTERRUPTED: &str = "import time\n\
def spin():\n    print('start', flush=True)\n    n = 0\n    while True:\n        n += 1\n\
try:\n    spin()\nexcept KeyboardInterrupt:\n    print('caught', flush=True)\n\
try:\n    print('sleeping', flush=True)\n    time.sleep(30)\nfinally:\n    print('finally ran')\n";

fn interrupted(prog: &OsString, mode: &[&str], script: &Path) -> (String, Option<i32>, String) {
    use std::io::{BufRead, BufReader, Read};
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    let mut cmd = Command::new(prog);
    cmd.args(mode)
        .arg(script)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: only async-signal-safe calls between fork and exec: the test may itself run
    // with SIGINT ignored (a background job), which the child would inherit.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut text = String::new();
    let send = |child: &std::process::Child| {
        // SAFETY: kill(2) on our own child's pid.
        unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    };
    out.read_line(&mut text).unwrap();
    // Let the loop get hot (compiled, in the JIT modes) before interrupting it.
    std::thread::sleep(std::time::Duration::from_millis(300));
    send(&child);
    out.read_line(&mut text).unwrap();
    out.read_line(&mut text).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(100));
    send(&child);
    out.read_to_string(&mut text).unwrap();
    let (status, last) = finish(child);
    (text, status.signal(), last)
}

/// Waits for `child`: its exit status and the last line of its stderr.
fn finish(mut child: std::process::Child) -> (std::process::ExitStatus, String) {
    use std::io::Read;
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    (status, err.lines().last().unwrap_or("").to_string())
}

#[test]
fn sigint_raises_keyboard_interrupt_in_every_mode() {
    let d = Dir::new("sigint");
    let script = d.write("spin.py", INTERRUPTED);
    let theirs = interrupted(&python(), &[], &script);
    assert_eq!(theirs.0, "start\ncaught\nsleeping\nfinally ran\n");
    assert_eq!(theirs.1, Some(libc::SIGINT));
    for mode in ["--jit=off", "--jit=on", "--jit=always"] {
        let ours = interrupted(&pycrane(), &[mode, "--jit-threshold", "2"], &script);
        assert_eq!(ours, theirs, "{mode}");
    }
}

/// Runs `code` with stdout piped to a reader that takes one line and closes the pipe.
fn endless_into_head(
    prog: &OsString,
    code: &str,
    unbuffered: bool,
) -> (String, Option<i32>, String) {
    use std::io::{BufRead, BufReader};
    let mut cmd = Command::new(prog);
    if !unbuffered {
        cmd.env_remove("PYTHONUNBUFFERED");
    } else {
        cmd.env("PYTHONUNBUFFERED", "1");
    }
    let mut child = cmd
        .args(["-c", code])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    {
        let mut out = BufReader::new(child.stdout.take().unwrap());
        out.read_line(&mut first).unwrap();
    }
    let (status, last) = finish(child);
    (first, status.code(), last)
}

#[test]
fn closed_pipe_is_broken_pipe_error() {
    let endless = "while True: print('y')";
    let guarded = "try:\n    while True: print('y')\nexcept BrokenPipeError as e:\n    \
                   import sys; sys.stderr.write('caught %s\\n' % e.errno)";
    for unbuffered in [false, true] {
        for code in [endless, guarded] {
            let theirs = endless_into_head(&python(), code, unbuffered);
            let ours = endless_into_head(&pycrane(), code, unbuffered);
            assert_eq!(ours, theirs, "{code:?} unbuffered={unbuffered}");
        }
    }
}

#[test]
fn full_disk_is_an_error() {
    let dev_full = Path::new("/dev/full");
    if !dev_full.exists() {
        return;
    }
    for unbuffered in [false, true] {
        for code in ["print('hi')", "for i in range(100000): print('line', i)"] {
            let outcome = |prog: &OsString| {
                let mut cmd = Command::new(prog);
                if unbuffered {
                    cmd.env("PYTHONUNBUFFERED", "1");
                } else {
                    cmd.env_remove("PYTHONUNBUFFERED");
                }
                let out = cmd
                    .args(["-c", code])
                    .stdout(std::fs::File::create(dev_full).unwrap())
                    .output()
                    .unwrap();
                let err = String::from_utf8_lossy(&out.stderr).into_owned();
                (
                    out.status.code(),
                    err.lines().last().unwrap_or("").to_string(),
                )
            };
            assert_eq!(
                outcome(&pycrane()),
                outcome(&python()),
                "{code} unbuffered={unbuffered}"
            );
        }
    }
}

#[test]
fn string_hashes_are_cpythons_under_pythonhashseed() {
    let d = Dir::new("hashseed");
    let prog = "import sys\n\
print(hash('abc'), hash(b'abc'), hash(''), hash('\\xe9t\\xe9'), hash('\\u20acx'), hash('\\U0001f600'))\n\
words = 'apple pear fig kiwi plum lime date'.split()\n\
print(list(set(words)), list({'ab', 'cd'}))\n\
s = set()\n\
for w in words: s.add(w * 2)\n\
print(s, {w: len(w) for w in s})\n\
print(set('abcdefghij'), frozenset(['x', 'yy', 'zzz']))\n\
print(hash(('a', 1)), sys.flags.hash_randomization)\n";
    for seed in ["0", "1", "42", "4294967295"] {
        same(&["-c", prog], &d.0, &[("PYTHONHASHSEED", seed)], "");
    }
    same(
        &["-c", "print(1)"],
        &d.0,
        &[("PYTHONHASHSEED", "nonsense")],
        "",
    );
    same(&["-c", "print(hash('abc') == hash(b'abc'))"], &d.0, &[], "");
    // Random by default: two runs disagree (with overwhelming probability).
    let a = run(&pycrane(), &["-c", "print(hash('abc'))"], &d.0, &[], "");
    let b = run(&pycrane(), &["-c", "print(hash('abc'))"], &d.0, &[], "");
    assert_ne!(a.stdout, b.stdout);
}

#[test]
fn interactive_prompt_with_dash_i() {
    let d = Dir::new("repl");
    d.write(
        "prog.py",
        "x = 20\ndef g():\n    return 'from the script'\n",
    );
    let session = "1+1\nx = 5\nx * 2\ndef f(a):\n    return a + 1\n\nf(x)\n\
for i in range(2):\n    print(i)\n\nNone\n_\nif x:\n    'nested'\n\n\
raise ValueError('boom')\n'after'\n(1,\n 2)\nimport sys; sys.ps1\n";
    same(&["-i"], &d.0, &[], session);
    same(&["-q", "-i"], &d.0, &[], session);
    same(&["-i", "prog.py"], &d.0, &[], "x\ng()\n");
    same(&["-i", "-c", "y = 7"], &d.0, &[], "y * 6\nexit(5)\n");
    same(&["-i"], &d.0, &[], "def broken(:\n'still running'\n");
}

#[test]
fn c_extension_modules_are_reported_clearly() {
    let d = Dir::new("ext");
    d.write(
        "fake.cpython-311-x86_64-linux-gnu.so",
        "not really a shared object",
    );
    let out = run(&pycrane(), &["-c", "import fake"], &d.0, &[], "");
    assert_eq!(out.status, Some(1));
    assert!(
        out.last_err
            .starts_with("ImportError: pycrane cannot load C extension module 'fake' ("),
        "{}",
        out.last_err
    );
    let guarded = "try:\n    import fake\nexcept ImportError as e:\n    print(type(e).__name__, e.name, e.path.endswith('.so'))";
    let out = run(&pycrane(), &["-c", guarded], &d.0, &[], "");
    assert_eq!(out.stdout, "ImportError fake True\n");
}

#[test]
fn skip_first_line_with_dash_x() {
    let d = Dir::new("skipx");
    d.write(
        "x.py",
        "this line is not python\nimport sys\nprint(sys.argv)\nraise ValueError('line 4')\n",
    );
    same(&["-x", "x.py", "a"], &d.0, &[], "");
    same(&["x.py"], &d.0, &[], "");
    same(&["-x", "x.py"], &d.0, &[], "");
}

/// A `.pyc` whose bytecode breaks the verifier's rules (here: a `POP_TOP` on an empty stack)
/// is a clear error naming the file, code object, offset and rule, in every JIT mode: exit
/// status 1 as the main program, an `ImportError` when imported, output so far flushed.
#[test]
fn malformed_bytecode_is_a_clear_error() {
    let d = Dir::new("badpyc");
    let make = "import marshal, importlib.util, sys\n\
c = compile('x = 1\\n', 'bad.py', 'exec')\n\
code = bytearray(c.co_code)\n\
code[2:4] = bytes([1, 0])\n\
data = importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(c.replace(co_code=bytes(code)))\n\
open(sys.argv[1], 'wb').write(data)\n";
    let out = run(&python(), &["-c", make, "bad.pyc"], &d.0, &[], "");
    assert_eq!(out.status, Some(0), "{}", out.last_err);
    d.write("main.py", "print('before')\nimport bad\nprint('after')\n");
    let rule = "bad bytecode in code object '<module>' of bad.py: offset 2 (POP_TOP): \
                stack underflow: reads 1 values, the stack has 0";
    for mode in ["--jit=off", "--jit=always", "--jit=on"] {
        let out = run(&pycrane(), &[mode, "bad.pyc"], &d.0, &[], "");
        assert_eq!(out.status, Some(1));
        assert!(
            out.last_err.starts_with("PROG: ")
                && out.last_err.ends_with(&format!("bad.pyc: {rule}")),
            "{}",
            out.last_err
        );
        let out = run(&pycrane(), &[mode, "main.py"], &d.0, &[], "");
        assert_eq!((out.stdout.as_str(), out.status), ("before\n", Some(1)));
        assert_eq!(out.last_err, format!("ImportError: {rule}"));
    }
}

/// Under `ulimit -v 4000000` pycrane starts, runs a program, and turns huge allocations
/// asked for by Python code into MemoryError (output so far kept), as CPython does.
#[test]
fn huge_allocations_are_memory_errors_under_ulimit() {
    let d = Dir::new("ulimit");
    let limited = |prog: &OsString, code: &str| {
        let sh: OsString = "sh".into();
        let prog = prog.to_str().unwrap();
        let script = "ulimit -v 4000000 && exec \"$0\" \"$@\"";
        run(&sh, &["-c", script, prog, "-c", code], &d.0, &[], "")
    };
    for expr in [
        "'x' * 10**10",
        "[None] * 2**62",
        "bytearray(2**40)",
        "bytes(2**40)",
        "list(range(2**40))",
        "'ab'.ljust(2**40)",
        "b'ab'.center(2**40)",
        "'x'.zfill(2**40)",
        "'%*d' % (2**40, 1)",
        "format(1, '>99999999999')",
    ] {
        let code = format!("print(sum(range(10)))\nx = {expr}\nprint('not reached')");
        let ours = limited(&pycrane(), &code);
        assert_eq!(ours, limited(&python(), &code), "{expr}");
        assert_eq!(ours.last_err, "MemoryError", "{expr}");
    }
}
