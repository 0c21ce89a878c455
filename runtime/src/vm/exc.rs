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

    /// Formats an uncaught exception with its chain, like CPython's default excepthook
    /// (Python/pythonrun.c `print_exception_recursive`), exception groups in boxes.
    pub fn format_exception(&mut self, exc: &Value) -> String {
        let mut out = String::new();
        let mut p = Printer::default();
        self.print_recursive(exc, &mut out, &mut p);
        out
    }

    fn print_recursive(&mut self, exc: &Value, out: &mut String, p: &mut Printer) {
        self.print_cause_and_context(exc, out, p);
        match crate::builtins::exc_group::members(self, exc) {
            Some(members) => self.print_group(exc, &members, out, p),
            None => self.print_one(exc, false, out, p),
        }
    }

    /// The exception `exc` was raised from or while handling, first, unless already shown.
    fn print_cause_and_context(&mut self, exc: &Value, out: &mut String, p: &mut Printer) {
        p.seen.push(exc.addr());
        let Some(d) = exc.exc_data() else {
            return;
        };
        let (cause, context, suppress) = {
            let d = d.borrow();
            (d.cause.clone(), d.context.clone(), d.suppress_context)
        };
        let shown = |v: &Value, p: &Printer| v.exc_data().is_none() || p.seen.contains(&v.addr());
        if !cause.is_none() {
            if !shown(&cause, p) {
                self.print_chained(&cause, CAUSE_MESSAGE, out, p);
            }
        } else if !suppress && !context.is_none() && !shown(&context, p) {
            self.print_chained(&context, CONTEXT_MESSAGE, out, p);
        }
    }

    fn print_chained(&mut self, exc: &Value, message: &str, out: &mut String, p: &mut Printer) {
        let need_close = p.need_close;
        self.print_recursive(exc, out, p);
        p.need_close = need_close;
        let margin = p.margin();
        out.push_str(&format!("{margin}\n{margin}{message}{margin}\n"));
    }

    /// A group: itself, then each member in a box (at most `MAX_GROUP_WIDTH` of them, and
    /// `MAX_GROUP_DEPTH` levels deep).
    fn print_group(&mut self, exc: &Value, members: &[Value], out: &mut String, p: &mut Printer) {
        if p.depth > MAX_GROUP_DEPTH {
            out.push_str(&format!(
                "{}... (max_group_depth is {MAX_GROUP_DEPTH})\n",
                p.margin()
            ));
            return;
        }
        if p.depth == 0 {
            p.depth += 1;
        }
        self.print_one(exc, true, out, p);
        let n = members.len().min(MAX_GROUP_WIDTH + 1);
        p.need_close = false;
        for (i, member) in members.iter().take(n).enumerate() {
            let last = i == n - 1;
            if last {
                // A nested group may close the box itself.
                p.need_close = true;
            }
            let corner = if i == 0 { "+-" } else { "  " };
            let truncated = i >= MAX_GROUP_WIDTH;
            let title = if truncated {
                "...".to_string()
            } else {
                (i + 1).to_string()
            };
            out.push_str(&format!(
                "{}{corner}+---------------- {title} ----------------\n",
                p.indent()
            ));
            p.depth += 1;
            if truncated {
                let more = members.len() - MAX_GROUP_WIDTH;
                let s = if more > 1 { "s" } else { "" };
                out.push_str(&format!("{}and {more} more exception{s}\n", p.margin()));
            } else {
                self.print_recursive(member, out, p);
            }
            if last && p.need_close {
                out.push_str(&format!(
                    "{}+------------------------------------\n",
                    p.indent()
                ));
                p.need_close = false;
            }
            p.depth -= 1;
        }
        if p.depth == 1 {
            p.depth -= 1;
        }
    }

    /// One exception: its traceback, its `Type: message` line and its notes, each line
    /// behind the group margin.
    fn print_one(&mut self, exc: &Value, group: bool, out: &mut String, p: &mut Printer) {
        let margin = p.margin();
        let tb: Vec<TracebackEntry> = exc
            .exc_data()
            .map(|d| d.borrow().traceback.clone())
            .unwrap_or_default();
        if !tb.is_empty() {
            let header_margin = if group && p.depth == 1 {
                format!("{}+ ", p.indent())
            } else {
                margin.clone()
            };
            let what = if group {
                "Exception Group Traceback"
            } else {
                "Traceback"
            };
            out.push_str(&format!("{header_margin}{what} (most recent call last):\n"));
            let mut entries = String::new();
            format_entries(&tb, &mut entries);
            push_lines(out, &margin, &entries);
        }
        out.push_str(&margin);
        out.push_str(&self.exception_only(exc));
        if let Some(hint) = self.suggestion(exc) {
            out.push_str(&hint);
        }
        out.push('\n');
        for note in crate::builtins::exc_notes(self, exc) {
            push_lines(out, &margin, &note);
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

const CAUSE_MESSAGE: &str =
    "The above exception was the direct cause of the following exception:\n";
const CONTEXT_MESSAGE: &str =
    "During handling of the above exception, another exception occurred:\n";
/// The most members of a group shown, and the deepest nesting (`traceback`'s defaults).
const MAX_GROUP_WIDTH: usize = 15;
const MAX_GROUP_DEPTH: usize = 10;

/// Where the printer stands (CPython's `exception_print_context`): the exceptions shown so
/// far, how deep inside groups, and whether the innermost box still needs its bottom line.
#[derive(Default)]
struct Printer {
    seen: Vec<u64>,
    depth: usize,
    need_close: bool,
}

impl Printer {
    fn indent(&self) -> String {
        " ".repeat(2 * self.depth)
    }
    /// What starts each line inside a group's box ("" outside groups).
    fn margin(&self) -> String {
        if self.depth == 0 {
            String::new()
        } else {
            format!("{}| ", self.indent())
        }
    }
}

/// `text` with `margin` before each of its lines.
fn push_lines(out: &mut String, margin: &str, text: &str) {
    for line in text.split_inclusive('\n') {
        out.push_str(margin);
        out.push_str(line);
    }
}

/// The entries of a traceback, as `tb_printinternal` prints them: the last TRACEBACK_LIMIT,
/// oldest first, with runs of identical (file, line, name) entries cut after
/// RECURSIVE_CUTOFF.
fn format_entries(tb: &[TracebackEntry], out: &mut String) {
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

/// "[Previous line repeated N more times]" after a run of `count` identical entries, if it was
/// cut.
fn repeated_line(out: &mut String, count: usize) {
    if count > traceback::RECURSIVE_CUTOFF {
        let n = count - traceback::RECURSIVE_CUTOFF;
        let s = if n > 1 { "s" } else { "" };
        out.push_str(&format!("  [Previous line repeated {n} more time{s}]\n"));
    }
}
