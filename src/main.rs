//! The `pycrane` command line: `python3`'s options and modes (a script, `-c`, `-m`, `-`,
//! standard input, the interactive prompt) plus the JIT's options and `pycrane dis`; see
//! `cli.rs` for the parsing and `HELP` for the text.

use pycrane_runtime::object::siphash;
use pycrane_runtime::pyc::{code_for_script, source::code_for_script_with, LoadError};
use pycrane_runtime::vm::signals;
use pycrane_runtime::vm::tier2::JitMode;
use pycrane_runtime::vm::{Config, Vm};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

mod alloc;
mod cli;

use cli::Target;

#[global_allocator]
static GLOBAL: alloc::MiMalloc = alloc::MiMalloc;

/// The interpreter thread's stack: deep Python recursion runs on it. Under an address-space
/// limit (`ulimit -v`) it takes at most a quarter of it (the heap needs the rest); the Vm
/// raises RecursionError before it runs out.
fn stack_size() -> usize {
    const MAX: u64 = 4 << 30;
    let size = match pycrane_runtime::os::proc::address_space_limit() {
        Some(limit) => (limit / 4).clamp(16 << 20, MAX),
        None => MAX,
    };
    size as usize
}

fn main() -> ExitCode {
    let all: Vec<String> = std::env::args().collect();
    let cli = match cli::parse(&all[1..], std::io::stdin().is_terminal()) {
        Ok(c) => c,
        Err(cli::UsageError(msg)) => {
            eprintln!("{msg}");
            let fatal = msg.starts_with("Fatal Python error");
            return ExitCode::from(if fatal { 1 } else { 2 });
        }
    };
    siphash::init_hash_seed(match cli.flags.hash_seed {
        Some(n) => siphash::HashSeed::Fixed(n),
        None => siphash::HashSeed::Random,
    });
    match &cli.target {
        Target::Help => {
            println!("{}", cli::HELP);
            ExitCode::SUCCESS
        }
        Target::Version(n) => {
            if *n == 1 {
                println!("Python 3.11.7");
            } else {
                println!(
                    "Python 3.11.7 (pycrane {}, a Cranelift JIT for CPython 3.11 bytecode)",
                    env!("CARGO_PKG_VERSION")
                );
            }
            ExitCode::SUCCESS
        }
        Target::Dis(script) => dis(script),
        _ => run(cli, all),
    }
}

/// `-x`: the script without its first line (the newline kept, so line numbers hold),
/// compiled each time (the private cache is keyed by file, not by this variant).
fn skip_first_line(
    vm: &mut Vm,
    script: &str,
) -> Result<std::rc::Rc<pycrane_runtime::pyc::CodeObject>, LoadError> {
    let display = display_path(script);
    let source = std::fs::read(script).map_err(|error| LoadError::CantOpen {
        path: display.clone(),
        error,
    })?;
    let rest = source
        .iter()
        .position(|&b| b == b'\n')
        .map_or(&[][..], |i| &source[i..]);
    let mut options = vm.script_options();
    options.private_cache = None;
    pycrane_runtime::pyc::code_for_source(Path::new(script), &display, Some(rest), &options, true)
}

/// Prints a load error as CPython would and gives its exit status.
fn report(e: &LoadError) -> i32 {
    eprint!("{}", ensure_newline(e.report()));
    e.exit_code()
}

/// `python3 x.py` shows `x.py` joined onto the current directory, without normalizing.
fn display_path(script: &str) -> String {
    let p = Path::new(script);
    if p.is_absolute() {
        return script.to_string();
    }
    match std::env::current_dir() {
        Ok(cwd) => cwd.join(p).display().to_string(),
        Err(_) => script.to_string(),
    }
}

fn load(script: &str) -> Result<std::rc::Rc<pycrane_runtime::pyc::CodeObject>, ExitCode> {
    code_for_script(Path::new(script)).map_err(|e: LoadError| {
        eprint!("{}", ensure_newline(e.report()));
        ExitCode::from(e.exit_code().clamp(0, 255) as u8)
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

fn run(cli: cli::Cli, orig_argv: Vec<String>) -> ExitCode {
    let stack = stack_size();
    let worker = std::thread::Builder::new()
        .name("pycrane".into())
        .stack_size(stack)
        .spawn(move || -> i32 {
            let mut flags = cli.flags.clone();
            flags.orig_argv = orig_argv;
            let config = Config {
                argv: cli.argv.clone(),
                jit_mode: cli.mode,
                jit_threshold: cli.threshold,
                flags,
                ..Config::default()
            };
            let mut vm = Vm::new(config);
            vm.set_native_stack(stack);
            vm.configure_sys();
            signals::install();
            let program = match &cli.target {
                Target::Script(dir) if cli::runs_main_module(dir) => None,
                Target::Script(script) if cli.flags.skip_first_line => {
                    match skip_first_line(&mut vm, script) {
                        Ok(c) => Some((c, Some(display_path(script)))),
                        Err(e) => return report(&e),
                    }
                }
                Target::Script(script) => {
                    match code_for_script_with(Path::new(script), &vm.script_options()) {
                        Ok(c) => Some((c, Some(display_path(script)))),
                        Err(e) => return report(&e),
                    }
                }
                Target::Command(cmd) => match vm.program_text(cmd.as_bytes(), "<string>") {
                    Ok(c) => Some((c, None)),
                    Err(e) => return report(&e),
                },
                Target::Stdin => {
                    let mut src = Vec::new();
                    if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin(), &mut src) {
                        eprintln!("pycrane: can't read standard input: {e}");
                        return 1;
                    }
                    match vm.program_text(&src, "<stdin>") {
                        Ok(c) => Some((c, Some("<stdin>".to_string()))),
                        Err(e) => return report(&e),
                    }
                }
                _ => None,
            };
            if cli.mode != JitMode::Off {
                let mut jit_opts = cli.jit;
                // Compiling everything is for testing: check every function's IR too.
                jit_opts.verify = cli.mode == JitMode::Always || cfg!(debug_assertions);
                match pycrane_jit::Jit::new(jit_opts) {
                    Ok(jit) => vm.tier2 = Some(Box::new(jit)),
                    Err(e) => eprintln!("pycrane: JIT disabled: {e}"),
                }
            }
            let mut status = match (&program, &cli.target) {
                (Some((code, file)), _) => vm.run_main(code, file.as_deref()),
                (None, Target::Module(m)) => vm.run_module_main(m),
                (None, Target::Script(dir)) => vm.run_dir_main(&display_path(dir)),
                (None, Target::Interactive) => vm.run_interactive(!cli.flags.quiet),
                (None, _) => 0,
            };
            if cli.flags.inspect && !matches!(cli.target, Target::Interactive) {
                // `-i`: the prompt after the program, in its namespace.
                status = vm.run_interactive(false);
            }
            vm.finish_tier2();
            if vm.interrupted {
                signals::die_by_sigint();
            }
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
    // Signals sent to the process go to the interpreter's thread from here on.
    pycrane_runtime::os::proc::block_signals_here();
    match handle.join() {
        Ok(status) => ExitCode::from((status & 0xff) as u8),
        Err(_) => {
            eprintln!("pycrane: internal error (a bug in pycrane); please report it");
            ExitCode::from(70)
        }
    }
}
