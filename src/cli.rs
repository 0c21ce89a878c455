//! The command line, parsed as `python3` parses it (`Modules/main.c`, `Python/getopt.c`),
//! plus pycrane's own `--jit...` options and the `dis` subcommand:
//!
//! ```text
//! pycrane [--jit...] [option] ... [-c cmd | -m mod | file | -] [arg] ...
//! pycrane [--jit...] dis FILE
//! ```
//! Short options may be grouped (`-uB`), `-c`/`-m`/`-W`/`-X` take the rest of their group or
//! the next argument, and `-c`/`-m` end the options. The `PYTHON*` variables are read here
//! unless `-E`/`-I`.

use pycrane_runtime::object::siphash::HashSeed;
use pycrane_runtime::vm::startup::Flags;
use pycrane_runtime::vm::tier2::JitMode;

/// What to run.
#[derive(Debug, Clone)]
pub enum Target {
    Script(String),
    Command(String),
    Module(String),
    /// The program on standard input (`-`, or no script and stdin is not a terminal).
    Stdin,
    /// No script and stdin is a terminal.
    Interactive,
    Dis(String),
    Help,
    /// `-V` (1) or `-VV` (2).
    Version(u8),
}

/// The parsed command line.
pub struct Cli {
    pub target: Target,
    /// `sys.argv`.
    pub argv: Vec<String>,
    pub flags: Flags,
    pub mode: JitMode,
    pub threshold: u32,
    pub jit: pycrane_jit::Options,
}

pub const USAGE_LINE: &str = "usage: pycrane [option] ... [-c cmd | -m mod | file | -] [arg] ...";

pub const HELP: &str = "usage: pycrane [option] ... [-c cmd | -m mod | file | -] [arg] ...
       pycrane dis FILE      disassemble, like `python3 -m dis FILE`

Runs Python 3.11 programs (.py sources, compiled by the host CPython 3.11, or
.cpython-311.pyc files) with an interpreter plus a Cranelift JIT for hot code.

Options (and corresponding environment variables), as for python3:
-b     : issue warnings about str(bytes_instance) and comparing bytes with str (-bb: errors)
-B     : don't write .pyc files on import; also PYTHONDONTWRITEBYTECODE=x
-c cmd : program passed in as string (terminates option list)
-d     : parser debugging (accepted, no effect)
-E     : ignore PYTHON* environment variables (such as PYTHONPATH)
-h     : print this help message and exit (also -? or --help)
-i     : inspect interactively after running script; also PYTHONINSPECT=x
-I     : isolate from the user's environment (implies -E, -P and -s)
-m mod : run library module as a script (terminates option list)
-O     : remove assert and __debug__-dependent statements; use .opt-1.pyc files
-OO    : do -O changes and also discard docstrings; use .opt-2.pyc files
-P     : don't prepend a potentially unsafe path to sys.path; also PYTHONSAFEPATH
-q     : don't print version and copyright messages on interactive startup
-s     : don't add user site directory to sys.path; also PYTHONNOUSERSITE
-S     : don't add site-packages to sys.path (nor exit/quit to builtins)
-u     : force the stdout and stderr streams to be unbuffered; also PYTHONUNBUFFERED=x
-v     : verbose (accepted; sys.flags.verbose); also PYTHONVERBOSE=x
-V     : print the Python version number and exit (also --version); -VV: more
-W arg : warning control (sys.warnoptions); also PYTHONWARNINGS=arg
-x     : skip first line of source, allowing use of non-Unix forms of #!cmd
-X opt : set implementation-specific option (int_max_str_digits=N; others are kept in
         sys._xoptions)
file   : program read from script file
-      : program read from stdin (default; interactive mode if a tty)
arg ...: arguments passed to program in sys.argv[1:]

pycrane's options (before the others):
--jit=off|on|always   interpreter only; tiered (default); compile every code object on its
                      first call (and check each with Cranelift's verifier)
--jit-threshold N     calls or loop iterations before compiling (default 1000; env
                      PYCRANE_JIT_THRESHOLD)
--jit-stats           print what the JIT compiled, its compile time and exits at exit
--jit-dump=WHAT       print ir (pycrane plan), clif (Cranelift IR) and/or asm (machine code)
                      per compiled function to stderr, e.g. --jit-dump=ir,asm
--jit-perf-map        write /tmp/perf-<pid>.map so `perf report` names JIT code

Environment: PYTHONPATH, PYTHONHOME, PYTHONSAFEPATH, PYTHONNOUSERSITE,
PYTHONDONTWRITEBYTECODE, PYTHONUNBUFFERED, PYTHONOPTIMIZE, PYTHONWARNINGS,
PYTHONHASHSEED, PYTHONINTMAXSTRDIGITS, PYTHONVERBOSE; PYCRANE_PYTHON (the host CPython
3.11), PYCRANE_STDLIB (its Lib folder), PYCRANE_CACHE_DIR (the private bytecode cache).";

/// A usage error: the message and exit status 2.
pub struct UsageError(pub String);

fn unknown(opt: &str) -> UsageError {
    UsageError(format!(
        "Unknown option: {opt}\n{USAGE_LINE}\nTry `pycrane -h' for more information."
    ))
}

fn jit_option(cli: &mut Cli, a: &str, args: &[String], i: &mut usize) -> Result<(), UsageError> {
    let (key, val) = match a.split_once('=') {
        Some((k, v)) => (k.to_string(), Some(v.to_string())),
        None => (a.to_string(), None),
    };
    let mut value = || -> Result<String, UsageError> {
        match &val {
            Some(v) => Ok(v.clone()),
            None if *i + 1 < args.len() => {
                *i += 1;
                Ok(args[*i].clone())
            }
            None => Err(UsageError(format!("pycrane: {key} needs a value"))),
        }
    };
    match key.as_str() {
        "--jit" => {
            cli.mode = match value()?.as_str() {
                "off" => JitMode::Off,
                "on" => JitMode::On,
                "always" => JitMode::Always,
                m => {
                    return Err(UsageError(format!(
                        "pycrane: --jit: expected off, on or always, not {m}"
                    )))
                }
            }
        }
        "--jit-threshold" => {
            let v = value()?;
            cli.threshold = v
                .parse()
                .map_err(|_| UsageError(format!("pycrane: --jit-threshold: not a number: {v}")))?;
        }
        "--jit-stats" => cli.jit.stats = true,
        "--jit-perf-map" => cli.jit.perf_map = true,
        "--jit-dump" => {
            for w in value()?.split(',') {
                match w {
                    "ir" => cli.jit.dump_ir = true,
                    "clif" => cli.jit.dump_clif = true,
                    "asm" => cli.jit.dump_asm = true,
                    w => {
                        return Err(UsageError(format!(
                            "pycrane: --jit-dump: expected ir, clif or asm, not {w}"
                        )))
                    }
                }
            }
        }
        _ => return Err(unknown(a)),
    }
    Ok(())
}

/// Parses `args` (without the program name); `stdin_tty` says whether standard input is a
/// terminal.
pub fn parse(args: &[String], stdin_tty: bool) -> Result<Cli, UsageError> {
    let mut cli = Cli {
        target: Target::Stdin,
        argv: vec![],
        flags: Flags {
            int_max_str_digits: -1,
            ..Default::default()
        },
        mode: JitMode::On,
        threshold: 1000,
        jit: pycrane_jit::Options::default(),
    };
    if let Ok(t) = std::env::var("PYCRANE_JIT_THRESHOLD") {
        cli.threshold = t.parse().map_err(|_| {
            UsageError(format!("pycrane: PYCRANE_JIT_THRESHOLD: not a number: {t}"))
        })?;
    }
    let mut i = 0;
    let mut versions = 0u8;
    let mut help = false;
    let mut target = None;
    let mut optimize = 0u8;
    let mut env_off = false;
    let mut first_arg = true;
    while i < args.len() {
        let a = args[i].clone();
        if a.starts_with("--jit") {
            jit_option(&mut cli, &a, args, &mut i)?;
            i += 1;
            continue;
        }
        if first_arg && a == "dis" {
            let Some(f) = args.get(i + 1) else {
                return Err(UsageError(format!(
                    "pycrane dis: a file is needed\n{USAGE_LINE}"
                )));
            };
            cli.target = Target::Dis(f.clone());
            return Ok(cli);
        }
        first_arg = false;
        if a == "--" {
            i += 1;
            break;
        }
        if !a.starts_with('-') || a == "-" {
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            match long {
                "help" | "help-all" | "help-env" | "help-xoptions" => help = true,
                "version" => versions += 1,
                "check-hash-based-pycs" => i += 1,
                _ => return Err(unknown(&a)),
            }
            i += 1;
            continue;
        }
        let chars: Vec<char> = a[1..].chars().collect();
        let mut j = 0;
        while j < chars.len() {
            let c = chars[j];
            let rest: String = chars[j + 1..].iter().collect();
            // The option's value: the rest of this group, else the next argument.
            let take_value = |i: &mut usize| -> Result<String, UsageError> {
                if !rest.is_empty() {
                    return Ok(rest.clone());
                }
                *i += 1;
                args.get(*i).cloned().ok_or_else(|| {
                    UsageError(format!(
                        "Argument expected for the -{c} option\n{USAGE_LINE}\nTry `pycrane -h' \
                         for more information."
                    ))
                })
            };
            match c {
                'c' => {
                    target = Some(Target::Command(take_value(&mut i)?));
                    break;
                }
                'm' => {
                    target = Some(Target::Module(take_value(&mut i)?));
                    break;
                }
                'W' => {
                    let v = take_value(&mut i)?;
                    cli.flags.warnoptions.push(v);
                    break;
                }
                'X' => {
                    let v = take_value(&mut i)?;
                    if let Some(n) = v.strip_prefix("int_max_str_digits=") {
                        cli.flags.int_max_str_digits = parse_digits(n).ok_or_else(|| {
                            UsageError(
                                "-X int_max_str_digits: invalid limit; must be >= 640 or 0 for \
                                 unlimited."
                                    .to_string(),
                            )
                        })?;
                    }
                    cli.flags.xoptions.push(v);
                    break;
                }
                'b' => cli.flags.bytes_warning += 1,
                'B' => cli.flags.dont_write_bytecode = true,
                'd' => {}
                'E' => env_off = true,
                'h' | '?' => help = true,
                'i' => cli.flags.inspect = true,
                'I' => {
                    cli.flags.isolated = true;
                    cli.flags.safe_path = true;
                    cli.flags.no_user_site = true;
                    env_off = true;
                }
                'O' => optimize += 1,
                'P' => cli.flags.safe_path = true,
                'q' => cli.flags.quiet = true,
                's' => cli.flags.no_user_site = true,
                'S' => cli.flags.no_site = true,
                'u' => cli.flags.unbuffered = true,
                'v' => cli.flags.verbose += 1,
                'x' => cli.flags.skip_first_line = true,
                'V' => versions += 1,
                _ => return Err(unknown(&format!("-{c}"))),
            }
            j += 1;
        }
        i += 1;
        if target.is_some() {
            break;
        }
    }
    if help {
        cli.target = Target::Help;
        return Ok(cli);
    }
    if versions > 0 {
        cli.target = Target::Version(versions.min(2));
        return Ok(cli);
    }
    cli.flags.ignore_environment = env_off;
    if !env_off {
        read_environment(&mut cli.flags, &mut optimize)?;
    }
    cli.flags.optimize = optimize.min(2);
    match cli.flags.bytes_warning {
        0 => {}
        1 => cli.flags.warnoptions.push("default::BytesWarning".into()),
        _ => cli.flags.warnoptions.push("error::BytesWarning".into()),
    }
    let rest = &args[i.min(args.len())..];
    let (target, argv0) = match target {
        Some(Target::Command(c)) => (Target::Command(c), "-c".to_string()),
        Some(Target::Module(m)) => (Target::Module(m), "-m".to_string()),
        _ => match rest.first() {
            Some(s) if s == "-" => (Target::Stdin, "-".to_string()),
            Some(s) => (Target::Script(s.clone()), s.clone()),
            None if stdin_tty || cli.flags.inspect => (Target::Interactive, String::new()),
            None => (Target::Stdin, String::new()),
        },
    };
    let tail = match target {
        Target::Script(_) => &rest[1..],
        Target::Stdin if !rest.is_empty() => &rest[1..],
        _ => rest,
    };
    cli.argv = std::iter::once(argv0).chain(tail.iter().cloned()).collect();
    cli.flags.path_first = if cli.flags.safe_path {
        None
    } else {
        Some(match &target {
            Target::Script(s) if runs_main_module(s) => std::env::current_dir()
                .map(|d| d.join(s).display().to_string())
                .unwrap_or_else(|_| s.clone()),
            Target::Script(s) => script_dir(s),
            Target::Module(_) => std::env::current_dir()
                .map(|d| d.display().to_string())
                .unwrap_or_default(),
            _ => String::new(),
        })
    };
    cli.target = target;
    Ok(cli)
}

/// Whether script argument `s` is a folder or a zip archive, whose `__main__` module runs.
pub fn runs_main_module(s: &str) -> bool {
    let p = std::path::Path::new(s);
    p.is_dir() || (p.is_file() && pycrane_runtime::import::finder::is_zip_file(p))
}

fn parse_digits(s: &str) -> Option<i64> {
    let n: i64 = s.trim().parse().ok()?;
    (n == 0 || n >= 640).then_some(n)
}

/// The folder of the script, absolute and with symbolic links resolved, as CPython puts it
/// at `sys.path[0]`.
fn script_dir(script: &str) -> String {
    let p = std::path::Path::new(script);
    let real = std::fs::canonicalize(p).unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    });
    real.parent()
        .map(|d| d.display().to_string())
        .unwrap_or_default()
}

/// The `PYTHON*` variables (skipped with `-E`/`-I`).
fn read_environment(f: &mut Flags, optimize: &mut u8) -> Result<(), UsageError> {
    let var = |n: &str| std::env::var(n).ok().filter(|v| !v.is_empty());
    let level = |v: String| v.parse::<u8>().unwrap_or(1).max(1);
    if var("PYTHONDONTWRITEBYTECODE").is_some() {
        f.dont_write_bytecode = true;
    }
    if var("PYTHONUNBUFFERED").is_some() {
        f.unbuffered = true;
    }
    if var("PYTHONSAFEPATH").is_some() {
        f.safe_path = true;
    }
    if var("PYTHONNOUSERSITE").is_some() {
        f.no_user_site = true;
    }
    if var("PYTHONINSPECT").is_some() {
        f.inspect = true;
    }
    if let Some(v) = var("PYTHONOPTIMIZE") {
        *optimize = (*optimize).max(level(v));
    }
    if let Some(v) = var("PYTHONVERBOSE") {
        f.verbose = f.verbose.max(level(v));
    }
    if let Some(v) = var("PYTHONWARNINGS") {
        let env: Vec<String> = v
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        f.warnoptions.splice(0..0, env);
    }
    if let Some(v) = var("PYTHONHASHSEED") {
        match HashSeed::parse(&v) {
            Ok(HashSeed::Fixed(n)) => f.hash_seed = Some(n),
            Ok(HashSeed::Random) => {}
            Err(msg) => {
                return Err(UsageError(format!(
                    "Fatal Python error: config_init_hash_seed: {msg}\nPython runtime state: \
                     preinitialized"
                )))
            }
        }
    }
    if let Some(v) = var("PYTHONINTMAXSTRDIGITS") {
        if f.int_max_str_digits < 0 {
            f.int_max_str_digits = parse_digits(&v).ok_or_else(|| {
                UsageError(
                    "PYTHONINTMAXSTRDIGITS: invalid limit; must be >= 640 or 0 for unlimited."
                        .to_string(),
                )
            })?;
        }
    }
    Ok(())
}
