//! `_io.StringIO`: a text stream over a string in memory. Positions count code points;
//! the text is kept as UTF-8 with the byte offset of the position cached, so reading and
//! appending stay linear.

use super::newline::{self, Mode};
use super::{size_arg, Kw};
use crate::object::Obj;
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::cell::{Cell, RefCell};

pub struct StringIO {
    text: RefCell<String>,
    /// Length of `text` in code points.
    len: Cell<usize>,
    /// The position in code points, and its byte offset when within the text.
    pos: Cell<usize>,
    byte_pos: Cell<usize>,
    closed: Cell<bool>,
    ready: Cell<bool>,
    mode: RefCell<Mode>,
    decoder: Cell<newline::Decoder>,
}

impl crate::object::native::NativeData for StringIO {}

fn byte_offset(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}

impl StringIO {
    fn check(&self, vm: &Vm) -> PyResult<()> {
        if !self.ready.get() {
            return Err(vm.value_error("I/O operation on uninitialized object"));
        }
        if self.closed.get() {
            return Err(vm.value_error("I/O operation on closed file"));
        }
        Ok(())
    }

    fn set_pos(&self, pos: usize) {
        self.pos.set(pos);
        let t = self.text.borrow();
        self.byte_pos.set(if pos >= self.len.get() {
            t.len()
        } else {
            byte_offset(&t, pos)
        });
    }

    /// Writes `s` (already translated) at the position.
    fn write_raw(&self, s: &str) {
        let n = s.chars().count();
        let (pos, len) = (self.pos.get(), self.len.get());
        let mut t = self.text.borrow_mut();
        if pos >= len {
            t.extend(std::iter::repeat_n('\0', pos - len));
            t.push_str(s);
            self.len.set(pos + n);
        } else {
            let start = self.byte_pos.get();
            let end_chars = (pos + n).min(len);
            let end = start + byte_offset(&t[start..], end_chars - pos);
            t.replace_range(start..end, s);
            self.len.set(len - (end_chars - pos) + n);
        }
        self.pos.set(pos + n);
        self.byte_pos.set(if pos >= len {
            t.len()
        } else {
            self.byte_pos.get() + s.len()
        });
    }

    fn write(&self, s: &str) -> usize {
        let n = s.chars().count();
        let mode = self.mode.borrow().clone();
        let mut dec = self.decoder.get();
        let text = if mode.universal {
            let t = dec.decode(s, true, mode.translate);
            self.decoder.set(dec);
            std::borrow::Cow::Owned(t)
        } else {
            std::borrow::Cow::Borrowed(s)
        };
        let out = mode.for_output(&text);
        if !out.is_empty() {
            self.write_raw(&out);
        }
        n
    }

    /// Up to `n` code points (all for negative `n`) from the position on.
    fn take(&self, n: i64) -> String {
        let (pos, len) = (self.pos.get(), self.len.get());
        if pos >= len {
            return String::new();
        }
        let t = self.text.borrow();
        let start = self.byte_pos.get();
        let count = if n < 0 {
            len - pos
        } else {
            (n as usize).min(len - pos)
        };
        let end = start + byte_offset(&t[start..], count);
        self.pos.set(pos + count);
        self.byte_pos.set(end);
        t[start..end].to_string()
    }

    fn line(&self, limit: i64) -> String {
        let (pos, len) = (self.pos.get(), self.len.get());
        if pos >= len {
            return String::new();
        }
        let t = self.text.borrow();
        let rest = &t[self.byte_pos.get()..];
        let end = self
            .mode
            .borrow()
            .line_end(rest, true)
            .unwrap_or(rest.len());
        let mut count = rest[..end].chars().count();
        if limit >= 0 {
            count = count.min(limit as usize);
        }
        drop(t);
        self.take(count as i64)
    }
}

pub fn stringio_type(vm: &mut Vm) -> Value {
    vm.native_type("_io.StringIO", |vm| {
        let base = super::iobase::text_type(vm);
        let t = vm.new_native_subtype(
            "_io",
            "StringIO",
            &base,
            &[
                ("__new__", new),
                ("__init__", init),
                ("__next__", next),
                ("__getstate__", getstate),
                ("__setstate__", setstate),
                ("getvalue", getvalue),
                ("read", read),
                ("readline", readline),
                ("write", write),
                ("seek", seek),
                ("tell", tell),
                ("truncate", truncate),
                ("close", close),
                ("readable", true_if_open),
                ("writable", true_if_open),
                ("seekable", true_if_open),
            ],
            false,
        );
        super::getters(
            &t,
            &[
                ("closed", closed),
                ("newlines", newlines),
                ("line_buffering", line_buffering),
            ],
        );
        t
    })
}

fn state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a StringIO> {
    v.native::<StringIO>()
        .ok_or_else(|| vm.type_error("descriptor requires a '_io.StringIO' object"))
}

fn open_state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a StringIO> {
    let s = state(vm, v)?;
    s.check(vm)?;
    Ok(s)
}

fn new(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let base = vm.native_base(&args[0], "StringIO")?;
    let st = StringIO {
        text: RefCell::default(),
        len: Cell::new(0),
        pos: Cell::new(0),
        byte_pos: Cell::new(0),
        closed: Cell::new(false),
        ready: Cell::new(false),
        mode: RefCell::new(Mode::new(Some("\n".into()))),
        decoder: Cell::default(),
    };
    Ok(vm.new_native(&args[0], &base, st))
}

fn init(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let names = ["initial_value", "newline"];
    let [initial, nl] = crate::builtins::bind(vm, "StringIO", &args[1..], kw, names, 0)?;
    let st = state(vm, &args[0])?;
    let nl = newline::parse(vm, nl.as_ref(), Some("\n"), true)?;
    let initial = match initial.filter(|v| !v.is_none()) {
        None => String::new(),
        Some(v) => match v.as_str() {
            Some(s) => s.as_str().to_string(),
            None => {
                let tn = vm.type_name(&v);
                return Err(vm.type_error(format!("initial_value must be str or None, not {tn}")));
            }
        },
    };
    *st.mode.borrow_mut() = Mode::new(nl);
    st.decoder.set(newline::Decoder::default());
    st.text.borrow_mut().clear();
    st.len.set(0);
    st.set_pos(0);
    st.closed.set(false);
    st.ready.set(true);
    if !initial.is_empty() {
        st.write(&initial);
        st.set_pos(0);
    }
    Ok(Value::NONE)
}

fn next(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = open_state(vm, &args[0])?;
    let line = if args[0].class().is(&stringio_type(vm)) {
        st.line(-1)
    } else {
        let l = super::call_method(vm, &args[0], "readline", &[])?;
        match l.as_str() {
            Some(s) => s.as_str().to_string(),
            None => {
                let tn = vm.type_name(&l);
                return Err(vm.new_error(
                    &vm.exc.os_error.clone(),
                    &format!("readline() should have returned a str object, not '{tn}'"),
                ));
            }
        }
    };
    if line.is_empty() {
        return Err(vm.new_exception(&vm.exc.stop_iteration.clone(), vec![]));
    }
    Ok(Value::string(line))
}

fn getstate(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = open_state(vm, &args[0])?;
    let nl = st.mode.borrow().arg.clone();
    let dict = match args[0].as_instance() {
        Some(i) if !i.dict.borrow().is_empty() => Value::dict(i.dict.borrow().clone()),
        _ => Value::NONE,
    };
    Ok(Value::tuple(vec![
        Value::string(st.text.borrow().clone()),
        nl.map_or(Value::NONE, Value::string),
        Value::int(st.pos.get() as i64),
        dict,
    ]))
}

fn setstate(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "__setstate__", args, 2, 2)?;
    let st = open_state(vm, &args[0])?;
    let items = match args[1].obj() {
        Some(Obj::Tuple(t)) if t.len() >= 4 => t.to_vec(),
        _ => {
            let tn = vm.type_name(&args[0]);
            return Err(vm.type_error(format!(
                "{tn}.__setstate__ argument should be 4-tuple, got {}",
                vm.type_name(&args[1])
            )));
        }
    };
    let nl = newline::parse(vm, Some(&items[1]), None, true)?;
    let Some(text) = items[0].as_str().map(|s| s.as_str().to_string()) else {
        return Err(vm.type_error("initial_value must be str"));
    };
    let pos = vm.index_value(&items[2], "position")?;
    if pos < 0 {
        return Err(vm.value_error("position value cannot be negative"));
    }
    *st.mode.borrow_mut() = Mode::new(nl);
    st.len.set(text.chars().count());
    *st.text.borrow_mut() = text;
    st.set_pos(pos as usize);
    if items[3].as_dict().is_some() {
        for (k, v) in vm.kwargs_pairs(&items[3])? {
            vm.setattr(&args[0], &k, v)?;
        }
    }
    Ok(Value::NONE)
}

fn getvalue(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = open_state(vm, &args[0])?;
    Ok(Value::string(st.text.borrow().clone()))
}

fn read(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = open_state(vm, &args[0])?;
    let n = size_arg(vm, args.get(1))?;
    Ok(Value::string(st.take(n)))
}

fn readline(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = open_state(vm, &args[0])?;
    let n = size_arg(vm, args.get(1))?;
    Ok(Value::string(st.line(n)))
}

fn write(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "write", args, 2, 2)?;
    let st = open_state(vm, &args[0])?;
    let Some(s) = args[1].as_str() else {
        let tn = vm.type_name(&args[1]);
        return Err(vm.type_error(format!("string argument expected, got '{tn}'")));
    };
    Ok(Value::int(st.write(s.as_str()) as i64))
}

fn seek(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = open_state(vm, &args[0])?;
    let target = super::bytesio::seek_target(vm, args, st.pos.get(), st.len.get(), true)?;
    st.set_pos(target);
    Ok(Value::int(target as i64))
}

fn tell(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = open_state(vm, &args[0])?;
    Ok(Value::int(st.pos.get() as i64))
}

fn truncate(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = open_state(vm, &args[0])?;
    let size = match args.get(1) {
        Some(s) if !s.is_none() => vm.index_value(s, "size")?,
        _ => st.pos.get() as i64,
    };
    if size < 0 {
        return Err(vm.value_error(format!("Negative size value {size}")));
    }
    let size = size as usize;
    if size < st.len.get() {
        let mut t = st.text.borrow_mut();
        let b = byte_offset(&t, size);
        t.truncate(b);
        st.len.set(size);
        drop(t);
        st.set_pos(st.pos.get());
    }
    Ok(Value::int(size as i64))
}

fn close(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    st.closed.set(true);
    st.text.borrow_mut().clear();
    Ok(Value::NONE)
}

fn true_if_open(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    open_state(vm, &args[0])?;
    Ok(Value::TRUE)
}

fn closed(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    if !st.ready.get() {
        return Err(vm.value_error("I/O operation on uninitialized object"));
    }
    Ok(Value::bool(st.closed.get()))
}

fn newlines(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = open_state(vm, &args[0])?;
    if !st.mode.borrow().universal {
        return Ok(Value::NONE);
    }
    Ok(newline::newlines_value(st.decoder.get().seen))
}

fn line_buffering(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    open_state(vm, &args[0])?;
    Ok(Value::FALSE)
}
