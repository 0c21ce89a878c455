//! Creating exceptions, matching them, and printing tracebacks the way CPython 3.11 does.

use crate::object::{Dict, ExcData, Instance, Obj, TracebackEntry};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::RefCell;

mod traceback;
mod wide;

impl Vm {
    /// A new instance of exception class `cls` with the given args tuple contents.
    pub fn new_exception(&self, cls: &Value, args: Vec<Value>) -> Value {
        Value::new_typed(
            Obj::Instance(Instance {
                dict: RefCell::new(Dict::new()),
                exc: Some(Box::new(RefCell::new(ExcData {
                    args: Value::tuple(args),
                    cause: Value::NONE,
                    context: Value::NONE,
                    ..Default::default()
                }))),
                base_value: Value::NULL,
            }),
            cls,
        )
    }
    /// The `OSError` (subclass by errno) for a failed system call on `filename`.
    pub fn os_error_from(&mut self, e: &std::io::Error, filename: Option<&str>) -> Value {
        self.os_error_with(e, filename.map(Value::str))
    }

    /// [`Vm::os_error_from`] with any filename object (str, bytes, an int descriptor...).
    pub fn os_error_with(&mut self, e: &std::io::Error, filename: Option<Value>) -> Value {
        let cls = self.exc.os_error.clone();
        let mut args = vec![];
        match e.raw_os_error() {
            Some(code) => {
                let shown = e.to_string();
                let suffix = format!(" (os error {code})");
                let text = shown.strip_suffix(&suffix).unwrap_or(&shown).to_string();
                args.push(Value::int(code as i64));
                args.push(Value::string(text));
                if let Some(f) = filename {
                    args.push(f);
                }
            }
            None => args.push(Value::string(e.to_string())),
        }
        match self.call_type(&cls, &args, &[]) {
            Ok(v) | Err(v) => v,
        }
    }

    /// The exception for source the host compiler rejected (`SyntaxError` with its
    /// location, or whatever else `compile` raised there).
    pub fn compile_failure_exception(&mut self, f: &crate::pyc::host::CompileFailure) -> Value {
        let cls = self
            .builtins
            .as_dict()
            .and_then(|d| d.borrow().get_str(&f.exc_type).cloned())
            .filter(|c| c.as_type().is_some() && self.is_subclass(c, &self.exc.base_exception))
            .unwrap_or_else(|| self.exc.syntax_error.clone());
        let args = if self.is_subclass(&cls, &self.exc.syntax_error) {
            let [file, line, off, text, eline, eoff] = &f.location;
            let s = |v: &Option<String>| v.as_deref().map_or(Value::NONE, Value::str);
            let n = |v: &Option<String>| {
                v.as_deref()
                    .and_then(|x| x.parse::<i64>().ok())
                    .map_or(Value::NONE, Value::int)
            };
            let info = vec![s(file), n(line), n(off), s(text), n(eline), n(eoff)];
            if f.location.iter().all(Option::is_none) {
                vec![Value::str(&f.msg)]
            } else {
                vec![Value::str(&f.msg), Value::tuple(info)]
            }
        } else {
            vec![Value::str(&f.msg)]
        };
        match self.call_type(&cls, &args, &[]) {
            Ok(v) | Err(v) => v,
        }
    }

    /// `cls(msg)`.
    pub fn new_error(&self, cls: &Value, msg: &str) -> Value {
        self.new_exception(cls, vec![Value::str(msg)])
    }
    /// `MemoryError()`, without arguments, as CPython raises it for a failed allocation.
    pub fn memory_error(&self) -> Value {
        self.new_exception(&self.exc.memory_error, vec![])
    }
    pub fn type_error(&self, msg: impl AsRef<str>) -> Value {
        self.new_error(&self.exc.type_error, msg.as_ref())
    }
    pub fn value_error(&self, msg: impl AsRef<str>) -> Value {
        self.new_error(&self.exc.value_error, msg.as_ref())
    }
    pub fn index_error(&self, msg: impl AsRef<str>) -> Value {
        self.new_error(&self.exc.index_error, msg.as_ref())
    }
    pub fn attribute_error(&self, msg: impl AsRef<str>) -> Value {
        self.new_error(&self.exc.attribute_error, msg.as_ref())
    }
    pub fn name_error(&self, msg: impl AsRef<str>) -> Value {
        self.new_error(&self.exc.name_error, msg.as_ref())
    }
    /// `NameError: name 'x' is not defined`, with its `name` attribute and the globals it
    /// was looked up in (the traceback suggests a near name from them).
    pub fn undefined_name(&self, name: &Value, globals: &Value) -> Value {
        let n = self.str_value(name);
        let e = self.name_error(format!("name '{n}' is not defined"));
        if let Some(i) = e.as_instance() {
            i.dict.borrow_mut().set_str("name", name.clone());
        }
        if let Some(d) = e.exc_data() {
            d.borrow_mut().scope = globals.clone();
        }
        e
    }
    pub fn zero_division(&self, msg: impl AsRef<str>) -> Value {
        self.new_error(&self.exc.zero_division_error, msg.as_ref())
    }
    pub fn overflow_error(&self, msg: impl AsRef<str>) -> Value {
        self.new_error(&self.exc.overflow_error, msg.as_ref())
    }
    pub fn runtime_error(&self, msg: impl AsRef<str>) -> Value {
        self.new_error(&self.exc.runtime_error, msg.as_ref())
    }
    pub fn key_error(&self, key: Value) -> Value {
        self.new_exception(&self.exc.key_error, vec![key])
    }
    pub fn stop_iteration(&self, value: Value) -> Value {
        let e = self.new_exception(
            &self.exc.stop_iteration,
            if value.is_none() {
                vec![]
            } else {
                vec![value.clone()]
            },
        );
        if let Some(i) = e.as_instance() {
            i.dict.borrow_mut().set_str("value", value);
        }
        e
    }
    /// Internal errors that should never happen in a correct runtime, as SystemError.
    pub fn system_error(&self, msg: impl AsRef<str>) -> Value {
        self.new_error(&self.exc.system_error, msg.as_ref())
    }
    pub fn borrow_error(&self) -> Value {
        self.runtime_error("container modified during a re-entrant operation")
    }

    /// Is `exc` an instance of exception class `cls` (or a subclass)?
    pub fn exc_matches(&self, exc: &Value, cls: &Value) -> bool {
        let t = self.type_of(exc);
        self.is_subclass(&t, cls)
    }

    /// Appends a traceback entry for the frame executing `code` at `index` with `globals`.
    pub fn add_traceback(
        &self,
        exc: &Value,
        code: &std::rc::Rc<crate::object::Code>,
        index: usize,
        globals: &Value,
    ) {
        if let Some(d) = exc.exc_data() {
            d.borrow_mut().traceback.push(TracebackEntry {
                code: code.clone(),
                index,
                globals: globals.clone(),
            });
        }
    }

    /// The `args` tuple of an exception.
    pub fn exc_args(&self, exc: &Value) -> Value {
        exc.exc_data()
            .map(|d| d.borrow().args.clone())
            .unwrap_or_else(|| Value::tuple(vec![]))
    }

    /// Formats an uncaught exception with its chain, like CPython's default excepthook.
    pub fn format_exception(&mut self, exc: &Value) -> String {
        let mut out = String::new();
        let mut seen = vec![];
        self.format_chain(exc, &mut out, &mut seen);
        out
    }

    fn format_chain(&mut self, exc: &Value, out: &mut String, seen: &mut Vec<u64>) {
        seen.push(exc.addr());
        if let Some(d) = exc.exc_data() {
            let (cause, context, suppress) = {
                let d = d.borrow();
                (d.cause.clone(), d.context.clone(), d.suppress_context)
            };
            if !cause.is_none() && cause.exc_data().is_some() && !seen.contains(&cause.addr()) {
                self.format_chain(&cause, out, seen);
                out.push_str(
                    "\nThe above exception was the direct cause of the following exception:\n\n",
                );
            } else if !suppress
                && !context.is_none()
                && context.exc_data().is_some()
                && !seen.contains(&context.addr())
            {
                self.format_chain(&context, out, seen);
                out.push_str(
                    "\nDuring handling of the above exception, another exception occurred:\n\n",
                );
            }
        }
        self.format_one(exc, out);
    }

    fn format_one(&mut self, exc: &Value, out: &mut String) {
        let tb: Vec<TracebackEntry> = exc
            .exc_data()
            .map(|d| d.borrow().traceback.clone())
            .unwrap_or_default();
        if !tb.is_empty() {
            out.push_str("Traceback (most recent call last):\n");
            // Like `tb_printinternal`: the last TRACEBACK_LIMIT entries, oldest first, with runs
            // of identical (file, line, name) entries cut after RECURSIVE_CUTOFF.
            let shown = tb.len().min(traceback::TRACEBACK_LIMIT);
            let mut last: Option<(std::rc::Rc<str>, u32, &str)> = None;
            let mut count = 0usize;
            for e in tb.iter().rev().skip(tb.len() - shown) {
                let pos = e
                    .code
                    .positions
                    .get_or_init(|| crate::bytecode::linetable::positions(&e.code.raw))
                    .get(e.index)
                    .copied()
                    .unwrap_or_default();
                let line = e.code.line_of(e.index).unwrap_or(0);
                let key = (e.code.filename(), line, &*e.code.name);
                if last.as_ref() != Some(&key) {
                    repeated_line(out, count);
                    last = Some(key.clone());
                    count = 0;
                }
                count += 1;
                if count <= traceback::RECURSIVE_CUTOFF {
                    traceback::format_entry(out, &key.0, key.1, key.2, pos);
                }
            }
            repeated_line(out, count);
        }
        out.push_str(&self.exception_only(exc));
        if let Some(hint) = self.suggestion(exc) {
            out.push_str(&hint);
        }
        out.push('\n');
        for note in crate::builtins::exc_notes(self, exc) {
            out.push_str(&note);
            out.push('\n');
        }
    }

    /// The last line of a traceback: `Type: message` (or just `Type`).
    pub fn exception_only(&mut self, exc: &Value) -> String {
        let t = self.type_of(exc);
        let ty = t.as_type().expect("type");
        let module = ty.module.borrow().to_string();
        let mut name = ty.qualname.borrow().to_string();
        if module != "builtins" && module != "__main__" {
            name = format!("{module}.{name}");
        }
        if let Some((block, suffix)) = crate::builtins::syntax_error_location(self, exc) {
            let msg = self
                .getattr_str(exc, "msg")
                .ok()
                .filter(|m| !m.is_none())
                .and_then(|m| self.str_of(&m).ok())
                .unwrap_or_else(|| "<no detail available>".to_string());
            return format!("{block}{name}: {msg}{suffix}");
        }
        let msg = match self.str_of(exc) {
            Ok(s) => s,
            Err(_) => "<exception str() failed>".to_string(),
        };
        if msg.is_empty() {
            name
        } else {
            format!("{name}: {msg}")
        }
    }
}

/// "[Previous line repeated N more times]" after a run of `count` identical entries, if it was
/// cut.
fn repeated_line(out: &mut String, count: usize) {
    if count > traceback::RECURSIVE_CUTOFF {
        let n = count - traceback::RECURSIVE_CUTOFF;
        let s = if n > 1 { "s" } else { "" };
        out.push_str(&format!("  [Previous line repeated {n} more time{s}]\n"));
    }
}
