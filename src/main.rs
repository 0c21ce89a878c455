//! The `pycrane` command line: run a script (`.py` or `.pyc`), or disassemble one.
//!
//! ```text
//! pycrane [OPTIONS] SCRIPT [ARGS...]   run SCRIPT with sys.argv = [SCRIPT, ARGS...]
//! pycrane dis SCRIPT                   print the disassembly, like `python3 -m dis`
//! ```

use pycrane_runtime::pyc::{code_for_script, LoadError};
use pycrane_runtime::vm::{Config, Vm};
use std::path::Path;
use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The interpreter thread's stack: deep Python recursion runs on it.
const STACK_SIZE: usize = 4 << 30;

const USAGE: &str = "usage: pycrane [--version] [--help] SCRIPT [ARGS...]
       pycrane dis SCRIPT

Runs a Python 3.11 program (a .py source, compiled with the host CPython 3.11, or a
.cpython-311.pyc file) with pycrane's interpreter.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
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
        Some(_) => run(args),
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

fn run(args: Vec<String>) -> ExitCode {
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
                ..Config::default()
            };
            let mut vm = Vm::new(config);
            let status = vm.run_main(&code);
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
