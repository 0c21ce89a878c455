//! `_sre`: the regular-expression engine under Lib's `re`, as CPython's
//! `Modules/_sre/sre.c`. Lib's `re` parses and compiles patterns to SRE code in Python;
//! `_sre.compile` takes that code, and the matching itself is the `rustpython-sre_engine`
//! crate (CPython's SRE engine in Rust; its opcode, AT and category numbering is 3.11's,
//! checked against `Lib/re/_constants.py`). Positions are code-point indices for str
//! subjects and byte indices for bytes.
//!
//! `re.Pattern`, `re.Match` and `_sre.SRE_Scanner` are native objects (`object::native`).
//! Replacement templates go through Lib's `re._subx` and `re._expand`, as in CPython.

use crate::builtins::add_getters as getters;
use crate::object::native::{no_new, NativeData, NativeIterator};
use crate::object::Obj;
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use rustpython_sre_engine::{Request, State, StrDrive};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

type Kw<'a> = &'a [(Value, Value)];

/// CPython 3.11's `_sre.MAGIC` (`Lib/re/_constants.py` checks it).
const MAGIC: i64 = 20220615;
const MAXREPEAT: i64 = u32::MAX as i64;
const MAXGROUPS: i64 = i32::MAX as i64 / 2;

pub fn install(vm: &mut Vm) {
    let d = super::new_native_module(
        vm,
        "_sre",
        &[
            ("compile", compile),
            ("getcodesize", getcodesize),
            ("ascii_iscased", ascii_iscased),
            ("unicode_iscased", unicode_iscased),
            ("ascii_tolower", ascii_tolower),
            ("unicode_tolower", unicode_tolower),
        ],
    );
    if let Some(d) = d.as_dict() {
        let mut d = d.borrow_mut();
        d.set_str("MAGIC", Value::int(MAGIC));
        d.set_str("CODESIZE", Value::int(4));
        d.set_str("MAXREPEAT", Value::int(MAXREPEAT));
        d.set_str("MAXGROUPS", Value::int(MAXGROUPS));
        d.set_str(
            "copyright",
            Value::str(" SRE 2.2.2 Copyright (c) 1997-2002 by Secret Labs AB "),
        );
    }
}

fn types(vm: &mut Vm) -> (Value, Value, Value) {
    let p = vm.native_type("re.Pattern", |vm| {
        let t = vm.new_native_type(
            "re",
            "Pattern",
            &[
                ("__new__", no_new),
                ("match", p_match),
                ("fullmatch", p_fullmatch),
                ("search", p_search),
                ("findall", p_findall),
                ("finditer", p_finditer),
                ("sub", p_sub),
                ("subn", p_subn),
                ("split", p_split),
                ("scanner", p_scanner),
                ("__repr__", p_repr),
                ("__eq__", p_eq),
                ("__hash__", p_hash),
                ("__copy__", same),
                ("__deepcopy__", same),
            ],
            false,
        );
        getters(
            &t,
            &[
                ("pattern", p_pattern),
                ("flags", p_flags),
                ("groups", p_groups),
                ("groupindex", p_groupindex),
            ],
        );
        t
    });
    let m = vm.native_type("re.Match", |vm| {
        let t = vm.new_native_type(
            "re",
            "Match",
            &[
                ("__new__", no_new),
                ("group", m_group),
                ("__getitem__", m_getitem),
                ("groups", m_groups),
                ("groupdict", m_groupdict),
                ("start", m_start),
                ("end", m_end),
                ("span", m_span),
                ("expand", m_expand),
                ("__repr__", m_repr),
                ("__copy__", same),
                ("__deepcopy__", same),
            ],
            false,
        );
        getters(
            &t,
            &[
                ("string", m_string),
                ("re", m_re),
                ("pos", m_pos),
                ("endpos", m_endpos),
                ("lastindex", m_lastindex),
                ("lastgroup", m_lastgroup),
                ("regs", m_regs),
            ],
        );
        t
    });
    let s = vm.native_type("_sre.SRE_Scanner", |vm| {
        vm.new_native_type(
            "_sre",
            "SRE_Scanner",
            &[
                ("__new__", no_new),
                ("match", s_match),
                ("search", s_search),
            ],
            false,
        )
    });
    (p, m, s)
}

fn same(_vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(args[0].clone())
}

// ----- subjects -----------------------------------------------------------------------------

/// The string a pattern runs on: the text of a str (with whether it is ASCII, when code
/// points and bytes coincide) or the bytes of a bytes-like object.
enum Subject {
    Str { text: String, ascii: bool },
    Bytes(Vec<u8>),
}

impl Subject {
    fn of(vm: &Vm, v: &Value, bytes_pattern: bool) -> PyResult<Subject> {
        let s = if let Some(s) = v.str_or_subclass() {
            Subject::Str {
                ascii: s.as_str().is_ascii(),
                text: s.as_str().to_string(),
            }
        } else {
            match v.obj() {
                Some(Obj::Bytes(b)) => Subject::Bytes(b.to_vec()),
                Some(Obj::ByteArray(b)) => Subject::Bytes(b.borrow().clone()),
                Some(Obj::MemoryView(m)) => Subject::Bytes(m.bytes()),
                _ => {
                    let tn = vm.type_name(v);
                    return Err(
                        vm.type_error(format!("expected string or bytes-like object, got '{tn}'"))
                    );
                }
            }
        };
        match (&s, bytes_pattern) {
            (Subject::Str { .. }, true) => {
                Err(vm.type_error("cannot use a bytes pattern on a string-like object"))
            }
            (Subject::Bytes(_), false) => {
                Err(vm.type_error("cannot use a string pattern on a bytes-like object"))
            }
            _ => Ok(s),
        }
    }

    fn len(&self) -> usize {
        match self {
            Subject::Str { text, ascii: true } => text.len(),
            Subject::Str { text, .. } => text.chars().count(),
            Subject::Bytes(b) => b.len(),
        }
    }

    /// Runs the engine, turning a failure of the engine on malformed code (`_sre.compile`
    /// does not validate what it is given, and the crate panics on bad opcodes) into
    /// CPython's `RuntimeError: invalid SRE code`.
    fn run_checked(
        &self,
        vm: &Vm,
        code: &[u32],
        start: usize,
        end: usize,
        how: How,
        advance: bool,
    ) -> PyResult<Option<Regs>> {
        quiet_panic_hook();
        ENGINE_RUNNING.set(true);
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.run(code, start, end, how, advance)
        }));
        ENGINE_RUNNING.set(false);
        r.map_err(|_| vm.runtime_error("invalid SRE code"))
    }

    /// Runs the engine: `search` or a match anchored at `start` (`full`: to `end`).
    fn run(&self, code: &[u32], start: usize, end: usize, how: How, advance: bool) -> Option<Regs> {
        match self {
            Subject::Str { text, ascii: true } => {
                run(text.as_bytes(), code, start, end, how, advance)
            }
            Subject::Str { text, .. } => run(text.as_str(), code, start, end, how, advance),
            Subject::Bytes(b) => run(b.as_slice(), code, start, end, how, advance),
        }
    }

    /// The slice from code point (or byte) `a` to `b` as a Python object.
    fn slice(&self, a: usize, b: usize) -> Value {
        match self {
            Subject::Str { text, ascii: true } => Value::str(&text[a..b]),
            Subject::Str { text, .. } => {
                let s: String = text.chars().skip(a).take(b - a).collect();
                Value::string(s)
            }
            Subject::Bytes(v) => Value::bytes(v[a..b].to_vec()),
        }
    }
}

thread_local! {
    /// Set while the engine runs, so a panic inside it is not reported as a pycrane bug
    /// (it becomes a Python exception instead).
    static ENGINE_RUNNING: Cell<bool> = const { Cell::new(false) };
}

/// Installs, once, a panic hook that stays silent for panics inside the engine and
/// reports every other panic as before.
fn quiet_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !ENGINE_RUNNING.try_with(Cell::get).unwrap_or(false) {
                previous(info);
            }
        }));
    });
}

#[derive(Clone, Copy, PartialEq)]
enum How {
    Match,
    Full,
    Search,
}

/// A match: each group's span (None where it did not take part; group 0 is the whole
/// match) and the group that closed last (`lastindex`).
struct Regs {
    spans: Vec<Option<(usize, usize)>>,
    last: Option<usize>,
}

fn run<S: StrDrive>(
    s: S,
    code: &[u32],
    start: usize,
    end: usize,
    how: How,
    advance: bool,
) -> Option<Regs> {
    let mut req = Request::new(s, start, end, code, how == How::Full);
    req.must_advance = advance;
    let mut state = State::default();
    let found = match how {
        How::Search => state.search(req),
        _ => state.pymatch(&req),
    };
    if !found {
        return None;
    }
    let mut spans = vec![Some((state.start, state.cursor.position))];
    let raw = state.marks.raw();
    let mut g = 0;
    while 2 * g + 1 < raw.len() {
        let (a, b) = (raw[2 * g], raw[2 * g + 1]);
        spans.push(match (a.into_option(), b.into_option()) {
            (Some(a), Some(b)) if a <= b => Some((a, b)),
            _ => None,
        });
        g += 1;
    }
    let last = usize::try_from(state.marks.last_index()).ok();
    Some(Regs { spans, last })
}

// ----- patterns -----------------------------------------------------------------------------

struct Pattern {
    code: Vec<u32>,
    pattern: Value,
    flags: i64,
    groups: usize,
    groupindex: Value,
    indexgroup: Value,
    bytes: bool,
}

impl NativeData for Pattern {}

fn pat<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a Pattern> {
    v.native::<Pattern>()
        .ok_or_else(|| vm.type_error("descriptor requires a 're.Pattern' object"))
}

/// `_sre.compile(pattern, flags, code, groups, groupindex, indexgroup)`.
fn compile(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "compile", args, 6, 6)?;
    let flags = vm.to_i64(&args[1]).unwrap_or(0);
    let mut code = Vec::new();
    for c in vm.collect(&args[2])? {
        let n = vm.to_i64(&c).unwrap_or(-1);
        let Ok(n) = u32::try_from(n) else {
            return Err(vm.overflow_error("regular expression code size limit exceeded"));
        };
        code.push(n);
    }
    let groups = vm.to_i64(&args[3]).unwrap_or(0).max(0) as usize;
    let bytes = !args[0].is_none() && args[0].str_or_subclass().is_none();
    let p = Pattern {
        code,
        pattern: args[0].clone(),
        flags,
        groups,
        groupindex: args[4].clone(),
        indexgroup: args[5].clone(),
        bytes,
    };
    let (t, _, _) = types(vm);
    Ok(vm.new_native(&t, &t, p))
}

/// The `(string, pos=0, endpos=sys.maxsize)` arguments, with the bounds clamped as
/// CPython clamps them.
fn subject_args(
    vm: &mut Vm,
    p: &Pattern,
    fname: &str,
    args: &[Value],
    kw: Kw,
) -> PyResult<(Value, Subject, usize, usize)> {
    let mut slots: [Option<Value>; 3] = [
        args.get(1).cloned(),
        args.get(2).cloned(),
        args.get(3).cloned(),
    ];
    if args.len() > 4 {
        return Err(vm.type_error(format!(
            "{fname}() takes at most 3 arguments ({} given)",
            args.len() - 1
        )));
    }
    for (k, v) in kw {
        let i = match vm.str_value(k).as_str() {
            "string" => 0,
            "pos" => 1,
            "endpos" => 2,
            k => {
                return Err(vm.type_error(format!(
                    "{fname}() got an unexpected keyword argument '{k}'"
                )))
            }
        };
        slots[i] = Some(v.clone());
    }
    let Some(string) = slots[0].clone() else {
        return Err(vm.type_error(format!(
            "{fname}() missing required argument 'string' (pos 1)"
        )));
    };
    let subject = Subject::of(vm, &string, p.bytes)?;
    let len = subject.len() as i64;
    let mut bound = |v: &Option<Value>, default: i64| -> PyResult<usize> {
        let n = match v {
            Some(v) => {
                let i = vm.index_int(v)?;
                vm.to_i64(&i).unwrap_or(i64::MAX)
            }
            None => default,
        };
        Ok(n.clamp(0, len) as usize)
    };
    let pos = bound(&slots[1], 0)?;
    let endpos = bound(&slots[2], len)?;
    Ok((string, subject, pos, endpos))
}

fn run_pattern(vm: &mut Vm, args: &[Value], kw: Kw, fname: &str, how: How) -> PyResult<Value> {
    let me = args[0].clone();
    let p = pat(vm, &me)?;
    let (string, subject, pos, endpos) = subject_args(vm, p, fname, args, kw)?;
    match subject.run_checked(vm, &p.code, pos, endpos, how, false)? {
        Some(regs) => Ok(new_match(
            vm,
            &me,
            string,
            Rc::new(subject),
            pos,
            endpos,
            regs,
        )),
        None => Ok(Value::NONE),
    }
}

fn p_match(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    run_pattern(vm, args, kw, "match", How::Match)
}

fn p_fullmatch(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    run_pattern(vm, args, kw, "fullmatch", How::Full)
}

fn p_search(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    run_pattern(vm, args, kw, "search", How::Search)
}

/// Every non-overlapping match from `pos` to `endpos`, in order (at most `limit`; 0: all).
fn all_matches(
    vm: &Vm,
    p: &Pattern,
    subject: &Subject,
    pos: usize,
    endpos: usize,
    limit: usize,
) -> PyResult<Vec<Regs>> {
    let mut out = Vec::new();
    let mut start = pos;
    let mut advance = false;
    while start <= endpos && (limit == 0 || out.len() < limit) {
        let Some(regs) = subject.run_checked(vm, &p.code, start, endpos, How::Search, advance)?
        else {
            break;
        };
        let (a, b) = regs.spans[0].unwrap_or((start, start));
        advance = a == b;
        start = b;
        out.push(regs);
    }
    Ok(out)
}

fn group_value(subject: &Subject, regs: &Regs, g: usize, default: &Value) -> Value {
    match regs.spans.get(g).copied().flatten() {
        Some((a, b)) => subject.slice(a, b),
        None => default.clone(),
    }
}

fn p_findall(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let p = pat(vm, &args[0])?;
    let (_, subject, pos, endpos) = subject_args(vm, p, "findall", args, kw)?;
    let empty = if p.bytes {
        Value::bytes(vec![])
    } else {
        Value::str("")
    };
    let mut out = Vec::new();
    for regs in all_matches(vm, p, &subject, pos, endpos, 0)? {
        out.push(match p.groups {
            0 => group_value(&subject, &regs, 0, &empty),
            1 => group_value(&subject, &regs, 1, &empty),
            n => Value::tuple(
                (1..=n)
                    .map(|g| group_value(&subject, &regs, g, &empty))
                    .collect(),
            ),
        });
    }
    Ok(Value::list(out))
}

fn p_split(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let me = &args[0];
    let (string, maxsplit) = two_args(vm, "split", args, kw, ["string", "maxsplit"])?;
    let p = pat(vm, me)?;
    let subject = Subject::of(vm, &string, p.bytes)?;
    let maxsplit = match maxsplit {
        Some(m) => vm.to_i64(&m).unwrap_or(0),
        None => 0,
    };
    if maxsplit < 0 {
        return Ok(Value::list(vec![string]));
    }
    let len = subject.len();
    let mut out = Vec::new();
    let mut last = 0;
    for regs in all_matches(vm, p, &subject, 0, len, maxsplit as usize)? {
        let (a, b) = regs.spans[0].unwrap_or((last, last));
        out.push(subject.slice(last, a));
        for g in 1..=p.groups {
            out.push(group_value(&subject, &regs, g, &Value::NONE));
        }
        last = b;
    }
    out.push(subject.slice(last, len));
    Ok(Value::list(out))
}

/// Two arguments by position or name; the first required.
fn two_args(
    vm: &mut Vm,
    fname: &str,
    args: &[Value],
    kw: Kw,
    names: [&str; 2],
) -> PyResult<(Value, Option<Value>)> {
    let mut a = args.get(1).cloned();
    let mut b = args.get(2).cloned();
    if args.len() > 3 {
        return Err(vm.type_error(format!(
            "{fname}() takes at most 2 arguments ({} given)",
            args.len() - 1
        )));
    }
    for (k, v) in kw {
        let k = vm.str_value(k);
        if k == names[0] && a.is_none() {
            a = Some(v.clone());
        } else if k == names[1] && b.is_none() {
            b = Some(v.clone());
        } else {
            return Err(vm.type_error(format!(
                "{fname}() got an unexpected keyword argument '{k}'"
            )));
        }
    }
    let Some(a) = a else {
        return Err(vm.type_error(format!(
            "{fname}() missing required argument '{}' (pos 1)",
            names[0]
        )));
    };
    Ok((a, b))
}

/// `sub`/`subn`: the new string and the number of replacements.
fn substitute(vm: &mut Vm, args: &[Value], kw: Kw, fname: &str) -> PyResult<(Value, usize)> {
    let me = args[0].clone();
    let mut slots: [Option<Value>; 3] = [
        args.get(1).cloned(),
        args.get(2).cloned(),
        args.get(3).cloned(),
    ];
    for (k, v) in kw {
        let i = match vm.str_value(k).as_str() {
            "repl" => 0,
            "string" => 1,
            "count" => 2,
            k => {
                return Err(vm.type_error(format!(
                    "{fname}() got an unexpected keyword argument '{k}'"
                )))
            }
        };
        slots[i] = Some(v.clone());
    }
    let (Some(repl), Some(string)) = (slots[0].clone(), slots[1].clone()) else {
        return Err(vm.type_error(format!("{fname}() missing required argument")));
    };
    let count = match &slots[2] {
        Some(c) => vm.to_i64(c).unwrap_or(0).max(0) as usize,
        None => 0,
    };
    let p = pat(vm, &me)?;
    let subject = Subject::of(vm, &string, p.bytes)?;
    // A template with no backslash is literal; otherwise `re._subx` makes the filter.
    let filter = if vm.is_callable(&repl) {
        repl.clone()
    } else {
        let literal = match (repl.str_or_subclass(), repl.obj()) {
            (Some(s), _) => !s.as_str().contains('\\'),
            (None, Some(Obj::Bytes(b))) => !b.contains(&b'\\'),
            _ => false,
        };
        if literal {
            repl.clone()
        } else {
            let subx = re_function(vm, "_subx")?;
            vm.call(&subx, &[me.clone(), repl.clone()], &[])?
        }
    };
    let call_it = vm.is_callable(&filter);
    let len = subject.len();
    let matches = all_matches(vm, pat(vm, &me)?, &subject, 0, len, count)?;
    let n = matches.len();
    let subject = Rc::new(subject);
    let mut pieces = Vec::with_capacity(2 * n + 1);
    let mut last = 0;
    for regs in matches {
        let (a, b) = regs.spans[0].unwrap_or((last, last));
        pieces.push(subject.slice(last, a));
        let piece = if call_it {
            let m = new_match(vm, &me, string.clone(), subject.clone(), 0, len, regs);
            vm.call(&filter, &[m], &[])?
        } else {
            filter.clone()
        };
        pieces.push(piece);
        last = b;
    }
    pieces.push(subject.slice(last, len));
    let empty = if pat(vm, &me)?.bytes {
        Value::bytes(vec![])
    } else {
        Value::str("")
    };
    let join = vm.getattr(&empty, &Value::str("join"))?;
    let out = vm.call(&join, &[Value::list(pieces)], &[])?;
    Ok((out, n))
}

fn p_sub(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    substitute(vm, args, kw, "sub").map(|(s, _)| s)
}

fn p_subn(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let (s, n) = substitute(vm, args, kw, "subn")?;
    Ok(Value::tuple(vec![s, Value::int(n as i64)]))
}

/// A function of Lib's `re` (`_subx`, `_expand`).
fn re_function(vm: &mut Vm, name: &str) -> PyResult<Value> {
    let globals = Value::dict(Default::default());
    let m = vm.import_module_level(&Value::str("re"), &globals, &Value::NONE, 0)?;
    vm.getattr(&m, &Value::str(name))
}

const FLAG_NAMES: [(i64, &str); 9] = [
    (1, "re.TEMPLATE"),
    (2, "re.IGNORECASE"),
    (4, "re.LOCALE"),
    (8, "re.MULTILINE"),
    (16, "re.DOTALL"),
    (32, "re.UNICODE"),
    (64, "re.VERBOSE"),
    (128, "re.DEBUG"),
    (256, "re.ASCII"),
];

fn p_repr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let p = pat(vm, &args[0])?;
    let mut text = vm.repr_of(&p.pattern)?;
    if text.chars().count() > 200 {
        text = text.chars().take(200).collect();
    }
    let mut flags = p.flags;
    // A str pattern's UNICODE flag is the default and not shown.
    if !p.bytes {
        flags &= !32;
    }
    let mut names = Vec::new();
    for (bit, name) in FLAG_NAMES {
        if flags & bit != 0 {
            names.push(name.to_string());
            flags &= !bit;
        }
    }
    if flags != 0 {
        names.push(format!("{flags:#x}"));
    }
    Ok(Value::string(if names.is_empty() {
        format!("re.compile({text})")
    } else {
        format!("re.compile({text}, {})", names.join("|"))
    }))
}

fn p_eq(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = pat(vm, &args[0])?;
    let Some(b) = args.get(1).and_then(|b| b.native::<Pattern>()) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    if std::ptr::eq(a, b) {
        return Ok(Value::TRUE);
    }
    if a.flags != b.flags || a.bytes != b.bytes || a.code != b.code {
        return Ok(Value::FALSE);
    }
    let (x, y) = (a.pattern.clone(), b.pattern.clone());
    Ok(Value::bool(vm.eq(&x, &y)?))
}

fn p_hash(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let p = pat(vm, &args[0])?;
    let (pattern, flags) = (p.pattern.clone(), p.flags);
    let h = vm.hash(&pattern)? as i64;
    Ok(Value::int(
        (h ^ flags.wrapping_mul(1_000_003)) & 0x7fff_ffff_ffff,
    ))
}

fn p_pattern(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(pat(vm, &args[0])?.pattern.clone())
}

fn p_flags(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(pat(vm, &args[0])?.flags))
}

fn p_groups(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(pat(vm, &args[0])?.groups as i64))
}

fn p_groupindex(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let g = pat(vm, &args[0])?.groupindex.clone();
    // CPython gives a read-only proxy; a copy keeps the pattern's own mapping unchanged.
    match g.as_dict() {
        Some(d) => Ok(Value::dict(d.borrow().clone())),
        None => Ok(Value::dict(Default::default())),
    }
}

// ----- scanners and finditer ----------------------------------------------------------------

struct Scanner {
    pattern: Value,
    string: Value,
    subject: Rc<Subject>,
    next: Cell<usize>,
    end: usize,
    advance: Cell<bool>,
    done: Cell<bool>,
}

impl NativeData for Scanner {}

/// `finditer`'s iterator: a scanner's `search` until it finds nothing.
struct FindIter(Scanner);

impl NativeIterator for FindIter {
    fn next(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let m = self.0.step(vm, How::Search)?;
        Ok((!m.is_none()).then_some(m))
    }
}

impl Scanner {
    fn step(&self, vm: &mut Vm, how: How) -> PyResult<Value> {
        if self.done.get() || self.next.get() > self.end {
            return Ok(Value::NONE);
        }
        let Some(p) = self.pattern.native::<Pattern>() else {
            return Ok(Value::NONE);
        };
        let start = self.next.get();
        let found =
            self.subject
                .run_checked(vm, &p.code, start, self.end, how, self.advance.get())?;
        Ok(match found {
            Some(regs) => {
                let (a, b) = regs.spans[0].unwrap_or((start, start));
                self.advance.set(a == b);
                self.next.set(b);
                new_match(
                    vm,
                    &self.pattern,
                    self.string.clone(),
                    self.subject.clone(),
                    start,
                    self.end,
                    regs,
                )
            }
            None => {
                self.done.set(true);
                Value::NONE
            }
        })
    }
}

fn new_scanner(
    vm: &mut Vm,
    args: &[Value],
    kw: Kw,
    fname: &str,
    iterator: bool,
) -> PyResult<Value> {
    let me = args[0].clone();
    let p = pat(vm, &me)?;
    let (string, subject, pos, endpos) = subject_args(vm, p, fname, args, kw)?;
    let s = Scanner {
        pattern: me,
        string,
        subject: Rc::new(subject),
        next: Cell::new(pos),
        end: endpos,
        advance: Cell::new(false),
        done: Cell::new(false),
    };
    if iterator {
        let t = vm.native_type("_sre.finditer", |vm| {
            vm.new_native_type("_sre", "callable_iterator", &[], true)
        });
        return Ok(vm.new_native(&t, &t, FindIter(s)));
    }
    let t = types(vm).2;
    Ok(vm.new_native(&t, &t, s))
}

fn p_scanner(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    new_scanner(vm, args, kw, "scanner", false)
}

fn p_finditer(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    new_scanner(vm, args, kw, "finditer", true)
}

fn scanner_step(vm: &mut Vm, args: &[Value], how: How) -> PyResult<Value> {
    let s = args[0]
        .native::<Scanner>()
        .ok_or_else(|| vm.type_error("descriptor requires a '_sre.SRE_Scanner' object"))?;
    s.step(vm, how)
}

fn s_match(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    scanner_step(vm, args, How::Match)
}

fn s_search(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    scanner_step(vm, args, How::Search)
}

// ----- matches ------------------------------------------------------------------------------

struct Match {
    pattern: Value,
    string: Value,
    subject: Rc<Subject>,
    pos: usize,
    endpos: usize,
    regs: Regs,
    lastindex: RefCell<Option<usize>>,
}

impl NativeData for Match {}

fn new_match(
    vm: &mut Vm,
    pattern: &Value,
    string: Value,
    subject: Rc<Subject>,
    pos: usize,
    endpos: usize,
    regs: Regs,
) -> Value {
    let groups = pattern.native::<Pattern>().map_or(0, |p| p.groups);
    let mut regs = regs;
    regs.spans.resize(groups + 1, None);
    let lastindex = regs.last.filter(|&i| i <= groups);
    let (_, t, _) = types(vm);
    let m = Match {
        pattern: pattern.clone(),
        string,
        subject,
        pos,
        endpos,
        regs,
        lastindex: RefCell::new(lastindex),
    };
    vm.new_native(&t, &t, m)
}

fn mat<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a Match> {
    v.native::<Match>()
        .ok_or_else(|| vm.type_error("descriptor requires a 're.Match' object"))
}

/// The group number `g` names (an int or a group name).
fn group_index(vm: &mut Vm, m: &Match, g: &Value) -> PyResult<usize> {
    let n = if g.is_int() && !g.is_bool() || g.is_bool() {
        vm.to_i64(g)
    } else if let Some(p) = m.pattern.native::<Pattern>() {
        let gi = p.groupindex.clone();
        match vm.dict_get(&gi, g) {
            Ok(Some(i)) => vm.to_i64(&i),
            _ => None,
        }
    } else {
        None
    };
    match n {
        Some(n) if n >= 0 && (n as usize) < m.regs.spans.len() => Ok(n as usize),
        _ => Err(vm.index_error("no such group")),
    }
}

fn m_group(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let m = mat(vm, &args[0])?;
    let one = |vm: &mut Vm, g: &Value| -> PyResult<Value> {
        let i = group_index(vm, m, g)?;
        Ok(group_value(&m.subject, &m.regs, i, &Value::NONE))
    };
    match args.len() {
        1 => one(vm, &Value::int(0)),
        2 => one(vm, &args[1]),
        _ => {
            let mut out = Vec::with_capacity(args.len() - 1);
            for g in &args[1..] {
                out.push(one(vm, g)?);
            }
            Ok(Value::tuple(out))
        }
    }
}

fn m_getitem(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "__getitem__", &args[1..], 1, 1)?;
    m_group(vm, args, &[])
}

fn default_arg(vm: &mut Vm, fname: &str, args: &[Value], kw: Kw) -> PyResult<Value> {
    let mut d = args.get(1).cloned();
    for (k, v) in kw {
        if vm.str_value(k) == "default" && d.is_none() {
            d = Some(v.clone());
        } else {
            let k = vm.str_value(k);
            return Err(vm.type_error(format!(
                "{fname}() got an unexpected keyword argument '{k}'"
            )));
        }
    }
    Ok(d.unwrap_or(Value::NONE))
}

fn m_groups(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let d = default_arg(vm, "groups", args, kw)?;
    let m = mat(vm, &args[0])?;
    let out = (1..m.regs.spans.len())
        .map(|g| group_value(&m.subject, &m.regs, g, &d))
        .collect();
    Ok(Value::tuple(out))
}

fn m_groupdict(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let d = default_arg(vm, "groupdict", args, kw)?;
    let m = mat(vm, &args[0])?;
    let gi = m
        .pattern
        .native::<Pattern>()
        .map(|p| p.groupindex.clone())
        .unwrap_or(Value::NONE);
    let out = Value::dict(Default::default());
    let Some(gd) = gi.as_dict() else {
        return Ok(out);
    };
    let entries: Vec<(Value, Value)> = gd
        .borrow()
        .iter()
        .map(|e| (e.key.clone(), e.value.clone()))
        .collect();
    for (name, idx) in entries {
        let i = vm.to_i64(&idx).unwrap_or(0) as usize;
        let v = group_value(&m.subject, &m.regs, i, &d);
        vm.setitem(&out, &name, v)?;
    }
    Ok(out)
}

fn span_of(vm: &mut Vm, args: &[Value]) -> PyResult<(i64, i64)> {
    crate::builtins::check_arity(vm, "span", &args[1..], 0, 1)?;
    let m = mat(vm, &args[0])?;
    let g = match args.get(1) {
        Some(g) => group_index(vm, m, g)?,
        None => 0,
    };
    Ok(match m.regs.spans[g] {
        Some((a, b)) => (a as i64, b as i64),
        None => (-1, -1),
    })
}

fn m_start(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(span_of(vm, args)?.0))
}

fn m_end(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(span_of(vm, args)?.1))
}

fn m_span(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let (a, b) = span_of(vm, args)?;
    Ok(Value::tuple(vec![Value::int(a), Value::int(b)]))
}

fn m_expand(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "expand", &args[1..], 1, 1)?;
    let p = mat(vm, &args[0])?.pattern.clone();
    let f = re_function(vm, "_expand")?;
    vm.call(&f, &[p, args[0].clone(), args[1].clone()], &[])
}

fn m_repr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let m = mat(vm, &args[0])?;
    let (a, b) = m.regs.spans[0].unwrap_or((0, 0));
    let g0 = group_value(&m.subject, &m.regs, 0, &Value::NONE);
    let r = vm.repr_of(&g0)?;
    Ok(Value::string(format!(
        "<re.Match object; span=({a}, {b}), match={r}>"
    )))
}

fn m_string(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(mat(vm, &args[0])?.string.clone())
}

fn m_re(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(mat(vm, &args[0])?.pattern.clone())
}

fn m_pos(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(mat(vm, &args[0])?.pos as i64))
}

fn m_endpos(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(mat(vm, &args[0])?.endpos as i64))
}

fn m_lastindex(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let m = mat(vm, &args[0])?;
    let li = *m.lastindex.borrow();
    Ok(li.map_or(Value::NONE, |i| Value::int(i as i64)))
}

fn m_lastgroup(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let m = mat(vm, &args[0])?;
    let Some(li) = *m.lastindex.borrow() else {
        return Ok(Value::NONE);
    };
    let ig = m
        .pattern
        .native::<Pattern>()
        .map(|p| p.indexgroup.clone())
        .unwrap_or(Value::NONE);
    match ig.as_tuple().and_then(|t| t.get(li)) {
        Some(name) => Ok(name.clone()),
        None => Ok(Value::NONE),
    }
}

fn m_regs(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let m = mat(vm, &args[0])?;
    let out = m
        .regs
        .spans
        .iter()
        .map(|r| {
            let (a, b) = r.map_or((-1, -1), |(a, b)| (a as i64, b as i64));
            Value::tuple(vec![Value::int(a), Value::int(b)])
        })
        .collect();
    Ok(Value::tuple(out))
}

// ----- character helpers --------------------------------------------------------------------

fn char_arg(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<u32> {
    crate::builtins::check_arity(vm, name, args, 1, 1)?;
    let n = vm.index_int(&args[0])?;
    Ok(vm.to_i64(&n).unwrap_or(0).clamp(0, u32::MAX as i64) as u32)
}

fn getcodesize(_vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(4))
}

fn ascii_iscased(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let c = char_arg(vm, args, "ascii_iscased")?;
    Ok(Value::bool(c < 128 && (c as u8).is_ascii_alphabetic()))
}

fn unicode_iscased(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let c = char_arg(vm, args, "unicode_iscased")?;
    let lower = rustpython_sre_engine::string::lower_unicode(c);
    let upper = rustpython_sre_engine::string::upper_unicode(c);
    Ok(Value::bool(c != lower || c != upper))
}

fn ascii_tolower(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let c = char_arg(vm, args, "ascii_tolower")?;
    Ok(Value::int(
        rustpython_sre_engine::string::lower_ascii(c) as i64
    ))
}

fn unicode_tolower(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let c = char_arg(vm, args, "unicode_tolower")?;
    Ok(Value::int(
        rustpython_sre_engine::string::lower_unicode(c) as i64
    ))
}
