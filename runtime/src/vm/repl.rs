//! The interactive prompt (`pycrane` with a terminal on stdin, or `-i`): reads statements,
//! compiles each in `single` mode through the host compiler (so expression values go to
//! `sys.displayhook`), and runs it in `__main__`.
//!
//! Whether more lines are needed is decided as `codeop` decides it: the source compiles;
//! or it fails but compiles with a newline added, or fails with "incomplete input" (the
//! compiler's `PyCF_ALLOW_INCOMPLETE_INPUT`): read another line with the `...` prompt.
//! Prompts and the banner go to stderr, as CPython writes them without GNU readline.

use super::{PyResult, Vm};
use crate::object::Obj;
use crate::pyc::host::{self, HostError};
use crate::value::Value;
use std::io::{BufRead, Write};

/// `PyCF_DONT_IMPLY_DEDENT | PyCF_ALLOW_INCOMPLETE_INPUT`, as `codeop.Compile` uses.
const INTERACTIVE_FLAGS: i64 = 0x200 | 0x4000;
const NO_INCOMPLETE: i64 = 0x200;

/// What compiling the lines so far gave.
enum Attempt {
    Code(Value),
    More,
    Error(Value),
}

impl Vm {
    /// Runs the prompt in `__main__` (made if no program ran first); returns the exit
    /// status (`SystemExit`'s, or 0 at end of input).
    pub fn run_interactive(&mut self, banner: bool) -> i32 {
        let globals = match self.module("__main__").and_then(|m| match m.obj() {
            Some(Obj::Module(m)) => Some(m.dict.clone()),
            _ => None,
        }) {
            Some(g) => g,
            None => self.main_globals(),
        };
        for (k, v) in [("ps1", ">>> "), ("ps2", "... ")] {
            if self.sys_attr(k).is_none() {
                if let Some(Obj::Module(m)) = self.module("sys").as_ref().and_then(|s| s.obj()) {
                    if let Some(d) = m.dict.as_dict() {
                        d.borrow_mut().set_str(k, Value::str(v));
                    }
                }
            }
        }
        if banner {
            self.write_stderr(&format!(
                "Python 3.11.7 (pycrane {}, a Cranelift JIT for CPython 3.11 bytecode)\n\
                 Type \"help\", \"copyright\", \"credits\" or \"license\" for more information.\n",
                env!("CARGO_PKG_VERSION")
            ));
        }
        let stdin = std::io::stdin();
        let mut source = String::new();
        loop {
            let prompt = if source.is_empty() { "ps1" } else { "ps2" };
            let prompt = self.sys_attr(prompt);
            let prompt = match prompt.as_str() {
                Some(s) => s.as_str().to_string(),
                None if source.is_empty() => ">>> ".to_string(),
                None => "... ".to_string(),
            };
            self.write_stderr(&prompt);
            let _ = std::io::stderr().flush();
            let mut line = String::new();
            let read = stdin.lock().read_line(&mut line);
            if super::signals::pending() {
                let _ = self.take_signals();
                self.write_stderr("\nKeyboardInterrupt\n");
                source.clear();
                continue;
            }
            match read {
                Ok(0) | Err(_) => {
                    self.write_stderr("\n");
                    return if self.flush_at_exit() { 0 } else { 120 };
                }
                Ok(_) => {}
            }
            source.push_str(&line);
            let attempt = self.interactive_compile(&source);
            let code = match attempt {
                Attempt::More => continue,
                Attempt::Error(e) => {
                    source.clear();
                    let text = self.format_exception(&e);
                    self.write_stderr(&text);
                    continue;
                }
                Attempt::Code(c) => c,
            };
            source.clear();
            let Some(code) = code.as_code().cloned() else {
                continue;
            };
            if let Err(e) = self.run_code_in(code, globals.clone(), globals.clone()) {
                if self.exc_matches(&e, &self.exc.system_exit.clone()) {
                    let status = self.handle_uncaught(&e);
                    return if self.flush_at_exit() { status } else { 120 };
                }
                self.flush_stdout();
                let text = self.format_exception(&e);
                self.write_stderr(&text);
            }
        }
    }

    /// `codeop._maybe_compile` for the lines read so far (joined as `code` joins them:
    /// without the last newline, so a compound statement needs a blank line to end).
    fn interactive_compile(&mut self, source: &str) -> Attempt {
        let source = source.strip_suffix('\n').unwrap_or(source);
        let blank = source
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
        let src = if blank { "pass" } else { source };
        if let Ok(c) = self.compile_single(src, INTERACTIVE_FLAGS) {
            return Attempt::Code(c);
        }
        match self.compile_single(&format!("{src}\n"), INTERACTIVE_FLAGS) {
            Ok(_) => return Attempt::More,
            Err(e) => {
                let msg = self.str_of(&e).unwrap_or_default();
                if msg.contains("incomplete input") {
                    return Attempt::More;
                }
            }
        }
        match self.compile_single(src, NO_INCOMPLETE) {
            Ok(c) => Attempt::Code(c),
            Err(e) => Attempt::Error(e),
        }
    }

    fn compile_single(&mut self, src: &str, flags: i64) -> PyResult<Value> {
        let python = self.script_options().python;
        let optimize = self.script_options().optimize as i64;
        match host::compile_source(
            &python,
            src.as_bytes(),
            true,
            "<stdin>",
            "single",
            flags,
            optimize,
        ) {
            Ok(data) => {
                let raw = crate::pyc::marshal::read_code(&data, 0)
                    .map_err(|e| self.system_error(format!("compile(): {e}")))?;
                let code = self.prepare_code(&raw).map_err(|e| self.system_error(e))?;
                Ok(Value::new_obj(Obj::Code(code)))
            }
            Err(HostError::Compile(f)) => Err(self.compile_failure_exception(&f)),
            Err(HostError::Host(e)) => Err(self.system_error(format!("pycrane: {e}"))),
        }
    }
}
