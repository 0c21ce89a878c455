//! The `pycrane` command line: run a script (`.py` or `.pyc`), or disassemble one.
//!
//! ```text
//! pycrane [OPTIONS] SCRIPT [ARGS...]   run SCRIPT with sys.argv = [SCRIPT, ARGS...]
//! pycrane dis SCRIPT                   print the disassembly, like `python3 -m dis`
//! ```
//! The options (before SCRIPT) select and inspect the JIT tier; see `USAGE`.

use pycrane_runtime::pyc::{code_for_script, LoadError};
use pycrane_runtime::vm::tier2::JitMode;
use pycrane_runtime::vm::{Config, Vm};
use std::path::Path;
use std::process::ExitCode;

mod alloc;

#[global_allocator]
static GLOBAL: alloc::MiMalloc = alloc::MiMalloc;

/// The interpreter thread's stack: deep Python recursion runs on it.
const STACK_SIZE: usize = 4 << 30;

const USAGE: &str = "usage: pycrane [OPTIONS] SCRIPT [ARGS...]
       pycrane dis SCRIPT

Runs a Python 3.11 program (a .py source, compiled with the host CPython 3.11, or a
.cpython-311.pyc file): an interpreter, plus a Cranelift JIT for hot code.

options:
  --jit=off|on|always   interpreter only; tiered (default); compile every code object
                        on its first call (and check each with Cranelift's verifier)
  --jit-threshold N     calls or loop iterations before compiling (default 1000;
                        env PYCRANE_JIT_THRESHOLD)
  --jit-stats           print what the JIT compiled, its compile time and exits at exit
  --jit-dump=WHAT       print ir (pycrane plan), clif (Cranelift IR) and/or asm (machine
                        code) per compiled function to stderr, e.g. --jit-dump=ir,asm
  --jit-perf-map        write /tmp/perf-<pid>.map so `perf report` names JIT code
  -h, --help            this text
  -V, --version         the version";

/// Options given before the script.
struct Options {
    mode: JitMode,
    threshold: u32,
    jit: pycrane_jit::Options,
}

fn parse_options(args: &mut Vec<String>) -> Result<Options, String> {
    let mut o = Options {
        mode: JitMode::On,
        threshold: 1000,
        jit: pycrane_jit::Options::default(),
    };
    if let Ok(t) = std::env::var("PYCRANE_JIT_THRESHOLD") {
        o.threshold = t
            .parse()
            .map_err(|_| format!("PYCRANE_JIT_THRESHOLD: not a number: {t}"))?;
    }
    while let Some(a) = args.first().cloned() {
        if !a.starts_with("--jit") {
            break;
        }
        args.remove(0);
        let (key, val) = match a.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (a.clone(), None),
        };
        let mut value = || -> Result<String, String> {
            match &val {
                Some(v) => Ok(v.clone()),
                None if !args.is_empty() => Ok(args.remove(0)),
                None => Err(format!("{key} needs a value")),
            }
        };
        match key.as_str() {
            "--jit" => {
                o.mode = match value()?.as_str() {
                    "off" => JitMode::Off,
                    "on" => JitMode::On,
                    "always" => JitMode::Always,
                    m => return Err(format!("--jit: expected off, on or always, not {m}")),
                }
            }
            "--jit-threshold" => {
                let v = value()?;
                o.threshold = v
                    .parse()
                    .map_err(|_| format!("--jit-threshold: not a number: {v}"))?;
            }
            "--jit-stats" => o.jit.stats = true,
            "--jit-perf-map" => o.jit.perf_map = true,
            "--jit-dump" => {
                for w in value()?.split(',') {
                    match w {
                        "ir" => o.jit.dump_ir = true,
                        "clif" => o.jit.dump_clif = true,
                        "asm" => o.jit.dump_asm = true,
                        w => return Err(format!("--jit-dump: expected ir, clif or asm, not {w}")),
                    }
                }
            }
            _ => return Err(format!("unknown option {a}")),
        }
    }
    Ok(o)
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let opts = match parse_options(&mut args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("pycrane: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match args.first().map(String::as_str) {
        None => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
        Some("-h" | "--help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some("-V" | "--version") => {
            println!(
                "pycrane {} (CPython 3.11 bytecode)",
                env!("CARGO_PKG_VERSION")
            );
            ExitCode::SUCCESS
        }
        Some("dis") => match args.get(1) {
            Some(script) => dis(script),
            None => {
                eprintln!("{USAGE}");
                ExitCode::from(2)
            }
        },
        Some(opt) if opt.starts_with('-') => {
            eprintln!("pycrane: unknown option {opt}\n{USAGE}");
            ExitCode::from(2)
        }
        Some(_) => run(args, opts),
    }
}

fn load(script: &str) -> Result<std::rc::Rc<pycrane_runtime::pyc::CodeObject>, ExitCode> {
    code_for_script(Path::new(script)).map_err(|e: LoadError| {
        eprint!("{}", ensure_newline(e.report()));
        let status = e.exit_code().clamp(0, 255) as u8;
        LOAD_STATUS.store(status, std::sync::atomic::Ordering::Relaxed);
        ExitCode::from(status)
    })
}

fn ensure_newline(mut s: String) -> String {
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

fn dis(script: &str) -> ExitCode {
    let code = match load(script) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let mut out = String::new();
    pycrane_runtime::bytecode::dis::disassemble(&code, &mut out);
    print!("{out}");
    ExitCode::SUCCESS
}

fn run(args: Vec<String>, opts: Options) -> ExitCode {
    let script = args[0].clone();
    let worker = std::thread::Builder::new()
        .name("pycrane".into())
        .stack_size(STACK_SIZE)
        .spawn(move || -> i32 {
            let code = match load(&script) {
                Ok(c) => c,
                Err(_) => return -1,
            };
            let config = Config {
                argv: args,
                jit_mode: opts.mode,
                jit_threshold: opts.threshold,
                ..Config::default()
            };
            let mut vm = Vm::new(config);
            if opts.mode != JitMode::Off {
                let mut jit_opts = opts.jit;
                // Compiling everything is for testing: check every function's IR too.
                jit_opts.verify = opts.mode == JitMode::Always || cfg!(debug_assertions);
                match pycrane_jit::Jit::new(jit_opts) {
                    Ok(jit) => vm.tier2 = Some(Box::new(jit)),
                    Err(e) => eprintln!("pycrane: JIT disabled: {e}"),
                }
            }
            let status = vm.run_main(&code);
            vm.finish_tier2();
            // The process is about to exit: skip tearing down the heap object by object
            // (as CPython skips most of it), which also keeps exit fast for large heaps.
            std::mem::forget(vm);
            status
        });
    let handle = match worker {
        Ok(h) => h,
        Err(e) => {
            eprintln!("pycrane: cannot start the interpreter thread: {e}");
            return ExitCode::from(70);
        }
    };
    match handle.join() {
        Ok(-1) => ExitCode::from(load_exit_code()),
        Ok(status) => ExitCode::from((status & 0xff) as u8),
        Err(_) => {
            eprintln!("pycrane: internal error (a bug in pycrane); please report it");
            ExitCode::from(70)
        }
    }
}

/// Exit status used when loading failed (the loader already printed why).
fn load_exit_code() -> u8 {
    LOAD_STATUS.load(std::sync::atomic::Ordering::Relaxed)
}

static LOAD_STATUS: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(1);
