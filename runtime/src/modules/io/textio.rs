//! `_io.TextIOWrapper` (text over a buffered binary stream: decoding, encoding, newline
//! translation, `tell`/`seek` by byte position) and `IncrementalNewlineDecoder`.
//!
//! Written text is encoded and passed to the buffer at once (there is no text-level
//! pending buffer), so ordering with writes to `.buffer` is always kept. `sys.stdout`'s
//! wrapper writes straight into the interpreter's output buffer.

use super::buffered::Buffered;
use super::newline::{self, Mode};
use super::{call_method, closed_error, size_arg, unsupported, Kw};
use crate::builtins::codecs::{self, Codec};
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::cell::{Cell, RefCell};

pub struct TextIO {
    ready: Cell<bool>,
    detached: Cell<bool>,
    buffer: RefCell<Value>,
    encoding: RefCell<String>,
    errors: RefCell<String>,
    codec: Cell<Codec>,
    mode: RefCell<Mode>,
    line_buffering: Cell<bool>,
    write_through: Cell<bool>,
    /// Decoded text not yet returned is `decoded[dpos..]`; `source` is the same text before
    /// newline translation (empty when translation changed nothing), for `tell`.
    decoded: RefCell<String>,
    dpos: Cell<usize>,
    source: RefCell<String>,
    /// The undecoded tail of the last chunk (an incomplete UTF-8 sequence).
    undecoded: RefCell<Vec<u8>>,
    decoder: Cell<newline::Decoder>,
    eof: Cell<bool>,
    chunk_size: Cell<usize>,
    /// 1 or 2: standard output or error (writes go to the interpreter's streams).
    std: Cell<u8>,
    /// What the buffer said at `__init__`: `read`/`write` on a stream that is not is
    /// `UnsupportedOperation: not readable`.
    readable: Cell<bool>,
    writable: Cell<bool>,
    /// For an encoding the runtime does not implement natively: the codec registry's
    /// incremental (encoder, decoder) pair.
    registry: RefCell<Option<(Value, Value)>>,
}

impl crate::object::native::NativeData for TextIO {}

impl TextIO {
    fn new() -> TextIO {
        TextIO {
            ready: Cell::new(false),
            detached: Cell::new(false),
            buffer: RefCell::new(Value::NONE),
            encoding: RefCell::new("utf-8".into()),
            errors: RefCell::new("strict".into()),
            codec: Cell::new(Codec::Utf8),
            mode: RefCell::new(Mode::new(None)),
            line_buffering: Cell::new(false),
            write_through: Cell::new(false),
            decoded: RefCell::default(),
            dpos: Cell::new(0),
            source: RefCell::default(),
            undecoded: RefCell::default(),
            decoder: Cell::default(),
            eof: Cell::new(false),
            chunk_size: Cell::new(8192),
            std: Cell::new(0),
            readable: Cell::new(true),
            writable: Cell::new(true),
            registry: RefCell::new(None),
        }
    }

    fn buffer(&self, vm: &Vm) -> PyResult<Value> {
        if self.detached.get() {
            return Err(vm.value_error("underlying buffer has been detached"));
        }
        if !self.ready.get() {
            return Err(vm.value_error("I/O operation on uninitialized object"));
        }
        Ok(self.buffer.borrow().clone())
    }

    fn open_buffer(&self, vm: &mut Vm) -> PyResult<Value> {
        let b = self.buffer(vm)?;
        if self.std.get() == 0 && super::is_closed(vm, &b)? {
            return Err(closed_error(vm));
        }
        Ok(b)
    }

    fn clear_read_state(&self) {
        self.decoded.borrow_mut().clear();
        self.source.borrow_mut().clear();
        self.dpos.set(0);
        self.undecoded.borrow_mut().clear();
        self.decoder.set(newline::Decoder::default());
        self.eof.set(false);
    }

    /// Decodes bytes (after any undecoded tail), keeping an incomplete UTF-8 sequence at
    /// the end for the next chunk unless `last`.
    fn decode_bytes(&self, vm: &mut Vm, data: &[u8], last: bool) -> PyResult<String> {
        let registry = self.registry.borrow().clone();
        if let Some((_, dec)) = registry {
            let f = vm.getattr_str(&dec, "decode")?;
            let r = vm.call(&f, &[Value::bytes(data.to_vec()), Value::bool(last)], &[])?;
            return match r.as_str() {
                Some(s) => Ok(s.as_str().to_string()),
                None => {
                    let tn = vm.type_name(&r);
                    Err(vm.type_error(format!("decoder should return a string result, not '{tn}'")))
                }
            };
        }
        let mut bytes = std::mem::take(&mut *self.undecoded.borrow_mut());
        bytes.extend_from_slice(data);
        if self.codec.get() == Codec::Utf8 && !last {
            let keep = incomplete_tail(&bytes);
            let tail = bytes.split_off(bytes.len() - keep);
            *self.undecoded.borrow_mut() = tail;
        }
        if self.codec.get() == Codec::Utf8 {
            if let Ok(s) = std::str::from_utf8(&bytes) {
                return Ok(s.to_string());
            }
        }
        codecs::decode(vm, &bytes, &self.encoding.borrow(), &self.errors.borrow())
    }

    /// Appends one chunk of decoded text: false at end of file.
    fn read_chunk(&self, vm: &mut Vm, buffer: &Value) -> PyResult<bool> {
        if self.eof.get() {
            return Ok(false);
        }
        let n = self.chunk_size.get();
        let data = match buffer.native::<Buffered>() {
            Some(b) => b.read1(vm, n as i64)?,
            None => {
                let r = match vm.getattr_opt(buffer, &Value::str("read1"))? {
                    Some(f) => vm.call(&f, &[Value::int(n as i64)], &[])?,
                    None => call_method(vm, buffer, "read", &[Value::int(n as i64)])?,
                };
                if r.is_none() {
                    return Ok(true);
                }
                r.bytes_data().ok_or_else(|| {
                    let tn = vm.type_name(&r);
                    vm.type_error(format!(
                        "underlying read1() should have returned a bytes-like object, not '{tn}'"
                    ))
                })?
            }
        };
        let last = data.is_empty();
        let text = self.decode_bytes(vm, &data, last)?;
        self.append(&text, last);
        self.eof.set(last);
        Ok(!last)
    }

    /// Adds decoded text, translating newlines, dropping what was already returned.
    fn append(&self, text: &str, last: bool) {
        let mode = self.mode.borrow();
        let mut dec = self.decoder.get();
        let out = if mode.universal {
            dec.decode(text, last, mode.translate)
        } else {
            text.to_string()
        };
        // `source` is the untranslated text, kept only while translation changed something.
        let mut d = self.decoded.borrow_mut();
        let mut src = self.source.borrow_mut();
        let dpos = self.dpos.get();
        if dpos > 0 {
            if !src.is_empty() {
                let consumed = d[..dpos].chars().count();
                let cut = source_offset(&src, consumed);
                src.drain(..cut);
            }
            d.drain(..dpos);
            self.dpos.set(0);
        }
        let mut raw = String::new();
        if self.decoder.get().pendingcr {
            raw.push('\r');
        }
        raw.push_str(text);
        if dec.pendingcr {
            raw.pop();
        }
        if out != raw || !src.is_empty() {
            if src.is_empty() {
                src.push_str(&d);
            }
            src.push_str(&raw);
        }
        d.push_str(&out);
        self.decoder.set(dec);
    }

    fn take(&self, chars: usize) -> String {
        let d = self.decoded.borrow();
        let start = self.dpos.get();
        let rest = &d[start..];
        let end = rest
            .char_indices()
            .nth(chars)
            .map_or(rest.len(), |(i, _)| i);
        self.dpos.set(start + end);
        rest[..end].to_string()
    }

    fn readable_buffer(&self, vm: &mut Vm) -> PyResult<Value> {
        let buffer = self.open_buffer(vm)?;
        if !self.readable.get() {
            return Err(unsupported(vm, "not readable"));
        }
        Ok(buffer)
    }

    fn read(&self, vm: &mut Vm, n: i64) -> PyResult<String> {
        let buffer = self.readable_buffer(vm)?;
        if n < 0 {
            let data = match buffer.native::<Buffered>() {
                Some(b) => b.read(vm, -1)?.unwrap_or_default(),
                None => {
                    let r = call_method(vm, &buffer, "read", &[])?;
                    r.bytes_data().unwrap_or_default()
                }
            };
            let text = self.decode_bytes(vm, &data, true)?;
            self.append(&text, true);
            self.eof.set(true);
            let out = self.take(usize::MAX);
            self.decoded.borrow_mut().clear();
            self.source.borrow_mut().clear();
            self.dpos.set(0);
            return Ok(out);
        }
        let n = n as usize;
        loop {
            let have = self.decoded.borrow()[self.dpos.get()..]
                .chars()
                .take(n)
                .count();
            if have >= n || !self.read_chunk(vm, &buffer)? {
                return Ok(self.take(n));
            }
        }
    }

    fn readline(&self, vm: &mut Vm, limit: i64) -> PyResult<String> {
        let buffer = self.readable_buffer(vm)?;
        let mut scanned = 0;
        loop {
            let found = {
                let d = self.decoded.borrow();
                let rest = &d[self.dpos.get()..];
                let mode = self.mode.borrow();
                let from = scanned.min(rest.len());
                let from = (0..=from)
                    .rev()
                    .find(|&i| rest.is_char_boundary(i))
                    .unwrap_or(0);
                let end = mode
                    .line_end(&rest[from..], self.eof.get())
                    .map(|e| from + e);
                scanned = rest.len().saturating_sub(1);
                match end {
                    Some(e) => Some(rest[..e].chars().count()),
                    None if limit >= 0 && rest.chars().count() >= limit as usize => {
                        Some(limit as usize)
                    }
                    None => None,
                }
            };
            if let Some(chars) = found {
                let chars = if limit >= 0 {
                    chars.min(limit as usize)
                } else {
                    chars
                };
                return Ok(self.take(chars));
            }
            if !self.read_chunk(vm, &buffer)? {
                let d = self.decoded.borrow();
                let rest = &d[self.dpos.get()..];
                let mode = self.mode.borrow();
                let chars = match mode.line_end(rest, true) {
                    Some(e) => rest[..e].chars().count(),
                    None => rest.chars().count(),
                };
                drop((d, mode));
                let chars = if limit >= 0 {
                    chars.min(limit as usize)
                } else {
                    chars
                };
                return Ok(self.take(chars));
            }
        }
    }

    fn write(&self, vm: &mut Vm, s: &str) -> PyResult<()> {
        let mode_nl = self.mode.borrow().clone();
        let text = mode_nl.for_output(s);
        match self.std.get() {
            1 if !self.detached.get() => return vm.write_stdout(&text),
            2 if !self.detached.get() => {
                vm.write_stderr(&text);
                return Ok(());
            }
            _ => {}
        }
        let buffer = self.open_buffer(vm)?;
        if !self.writable.get() {
            return Err(unsupported(vm, "not writable"));
        }
        let registry = self.registry.borrow().clone();
        let bytes = match (registry, self.codec.get()) {
            (Some((enc, _)), _) => {
                let f = vm.getattr_str(&enc, "encode")?;
                let r = vm.call(&f, &[Value::string(text.to_string())], &[])?;
                r.bytes_data().ok_or_else(|| {
                    let tn = vm.type_name(&r);
                    vm.type_error(format!("encoder should return a bytes object, not '{tn}'"))
                })?
            }
            (None, Codec::Utf8) => text.as_bytes().to_vec(),
            (None, _) => codecs::encode(vm, &text, &self.encoding.borrow(), &self.errors.borrow())?,
        };
        if !self.decoded.borrow().is_empty() || !self.undecoded.borrow().is_empty() {
            self.clear_read_state();
        }
        match buffer.native::<Buffered>() {
            Some(b) => {
                b.write(vm, &bytes)?;
            }
            None => {
                call_method(vm, &buffer, "write", &[Value::bytes(bytes)])?;
            }
        }
        if self.line_buffering.get() && (text.contains('\n') || text.contains('\r')) {
            self.flush(vm)?;
        }
        Ok(())
    }

    fn flush(&self, vm: &mut Vm) -> PyResult<()> {
        match self.std.get() {
            1 => return vm.try_flush_stdout(),
            2 => return Ok(()),
            _ => {}
        }
        let buffer = self.open_buffer(vm)?;
        match buffer.native::<Buffered>() {
            Some(b) => b.flush(vm),
            None => call_method(vm, &buffer, "flush", &[]).map(|_| ()),
        }
    }

    /// The byte position of the next character to read.
    fn tell(&self, vm: &mut Vm) -> PyResult<i64> {
        let buffer = self.open_buffer(vm)?;
        let seekable = call_method(vm, &buffer, "seekable", &[])?;
        if !vm.is_true(&seekable)? {
            return Err(unsupported(vm, "underlying stream is not seekable"));
        }
        self.flush(vm)?;
        let pos = call_method(vm, &buffer, "tell", &[])?;
        let pos = vm.index_value(&pos, "tell")?;
        let d = self.decoded.borrow();
        let src = self.source.borrow();
        let rest_src: &str = if src.is_empty() {
            &d[self.dpos.get()..]
        } else {
            let consumed = d[..self.dpos.get()].chars().count();
            &src[source_offset(&src, consumed)..]
        };
        let rest_bytes = match (self.registry.borrow().is_some(), self.codec.get()) {
            (true, _) if rest_src.is_empty() => 0,
            (true, _) => {
                return Err(unsupported(
                    vm,
                    "tell() in the middle of decoded text needs a natively decoded encoding (utf-8, latin-1, ascii)",
                ))
            }
            (false, Codec::Utf8) => rest_src.len(),
            _ => rest_src.chars().count(),
        };
        let pending = self.undecoded.borrow().len() + usize::from(self.decoder.get().pendingcr);
        Ok(pos - (rest_bytes + pending) as i64)
    }

    /// A registry codec's decoder starts afresh after a seek.
    fn reset_registry_decoder(&self, vm: &mut Vm) -> PyResult<()> {
        let registry = self.registry.borrow().clone();
        if let Some((_, dec)) = registry {
            call_method(vm, &dec, "reset", &[])?;
        }
        Ok(())
    }

    fn seek(&self, vm: &mut Vm, cookie: &Value, whence: i64) -> PyResult<i64> {
        let buffer = self.open_buffer(vm)?;
        let seekable = call_method(vm, &buffer, "seekable", &[])?;
        if !vm.is_true(&seekable)? {
            return Err(unsupported(vm, "underlying stream is not seekable"));
        }
        let pos = super::fileio::pos_arg(vm, cookie)?;
        match whence {
            1 => {
                if pos != 0 {
                    return Err(unsupported(vm, "can't do nonzero cur-relative seeks"));
                }
                return self.tell(vm);
            }
            2 => {
                if pos != 0 {
                    return Err(unsupported(vm, "can't do nonzero end-relative seeks"));
                }
                self.flush(vm)?;
                self.clear_read_state();
                self.reset_registry_decoder(vm)?;
                let r = call_method(vm, &buffer, "seek", &[Value::int(0), Value::int(2)])?;
                return vm.index_value(&r, "seek");
            }
            0 => {}
            _ => {
                return Err(
                    vm.value_error(format!("invalid whence ({whence}, should be 0, 1 or 2)"))
                )
            }
        }
        if pos < 0 {
            let r = vm.repr_of(cookie)?;
            return Err(vm.value_error(format!("negative seek position {r}")));
        }
        self.flush(vm)?;
        self.clear_read_state();
        self.reset_registry_decoder(vm)?;
        call_method(vm, &buffer, "seek", &[Value::int(pos)])?;
        Ok(pos)
    }
}

/// How many bytes at the end of `b` start a UTF-8 sequence that is not complete yet.
pub fn incomplete_tail(b: &[u8]) -> usize {
    for back in 1..=b.len().min(3) {
        let c = b[b.len() - back];
        if c & 0xC0 == 0x80 {
            continue;
        }
        let need = match c {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => return 0,
        };
        return if need > back { back } else { 0 };
    }
    0
}

/// The byte offset in untranslated text after `chars` translated characters (`\r\n`
/// counts as one).
fn source_offset(src: &str, chars: usize) -> usize {
    let b = src.as_bytes();
    let (mut i, mut n) = (0, 0);
    while n < chars && i < b.len() {
        if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
            i += 2;
        } else {
            i += src[i..].chars().next().map_or(1, char::len_utf8);
        }
        n += 1;
    }
    i
}

pub fn wrapper_type(vm: &mut Vm) -> Value {
    vm.native_type("_io.TextIOWrapper", |vm| {
        let base = super::iobase::text_type(vm);
        let t = vm.new_native_subtype(
            "_io",
            "TextIOWrapper",
            &base,
            &[
                ("__new__", new),
                ("__init__", init),
                ("__repr__", repr),
                ("__next__", next),
                ("__getstate__", getstate),
                ("detach", detach),
                ("reconfigure", reconfigure),
                ("write", write),
                ("read", read),
                ("readline", readline),
                ("flush", flush),
                ("close", close),
                ("fileno", fileno),
                ("seekable", seekable),
                ("readable", readable),
                ("writable", writable),
                ("isatty", isatty),
                ("seek", seek),
                ("tell", tell),
                ("truncate", truncate),
            ],
            false,
        );
        super::getters(
            &t,
            &[
                ("encoding", encoding),
                ("buffer", buffer),
                ("line_buffering", line_buffering),
                ("write_through", write_through),
                ("name", name),
                ("closed", closed),
                ("newlines", newlines),
                ("errors", errors),
                ("_CHUNK_SIZE", chunk_size),
            ],
        );
        t
    })
}

fn state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a TextIO> {
    v.native::<TextIO>()
        .ok_or_else(|| vm.type_error("descriptor requires a '_io.TextIOWrapper' object"))
}

fn new(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let base = vm.native_base(&args[0], "TextIOWrapper")?;
    Ok(vm.new_native(&args[0], &base, TextIO::new()))
}

/// A text stream for a standard descriptor, as CPython makes at start-up.
pub fn std_stream(
    vm: &mut Vm,
    buffer: Value,
    fdn: u8,
    encoding: &str,
    errors: &str,
    line_buffering: bool,
) -> Value {
    let t = wrapper_type(vm);
    let st = TextIO::new();
    *st.buffer.borrow_mut() = buffer;
    *st.errors.borrow_mut() = errors.to_string();
    // Another encoding than UTF-8 (PYTHONIOENCODING) takes the general path: encode, then
    // write to the buffer (which still goes to the interpreter's output buffer).
    let codec = codecs::lookup_codec(vm, encoding).unwrap_or(Codec::Utf8);
    *st.encoding.borrow_mut() = encoding.to_string();
    st.codec.set(codec);
    let fast = if codec == Codec::Utf8 { fdn } else { 0 };
    *st.mode.borrow_mut() = Mode::new(Some("\n".into()));
    st.line_buffering.set(line_buffering);
    st.write_through.set(fdn != 0 && vm.stdout_unbuffered);
    st.std.set(fast);
    st.readable.set(fdn == 0);
    st.writable.set(fdn != 0);
    st.ready.set(true);
    let v = vm.new_native(&t, &t, st);
    let mode = if fdn == 0 { "r" } else { "w" };
    let _ = vm.setattr(&v, &Value::str("mode"), Value::str(mode));
    v
}

/// 1 or 2 when `v` is the standard output or error stream made at start-up, else 0.
pub fn std_of(v: &Value) -> u8 {
    v.native::<TextIO>().map_or(0, |t| t.std.get())
}

fn opt_str(vm: &Vm, v: &Option<Value>, what: &str) -> PyResult<Option<String>> {
    match v {
        Some(v) if !v.is_none() => match v.as_str() {
            Some(s) => Ok(Some(s.as_str().to_string())),
            None => {
                let tn = vm.type_name(v);
                Err(vm.type_error(format!(
                    "TextIOWrapper() argument '{what}' must be str or None, not {tn}"
                )))
            }
        },
        _ => Ok(None),
    }
}

fn init(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let names = [
        "buffer",
        "encoding",
        "errors",
        "newline",
        "line_buffering",
        "write_through",
    ];
    let [buffer, enc, errs, nl, lb, wt] =
        crate::builtins::bind(vm, "TextIOWrapper", &args[1..], kw, names, 1)?;
    let st = state(vm, &args[0])?;
    let encoding = match opt_str(vm, &enc, "encoding")? {
        None => super::locale_encoding().to_string(),
        Some(e) if e == "locale" => super::locale_encoding().to_string(),
        Some(e) => e,
    };
    let errors = opt_str(vm, &errs, "errors")?.unwrap_or_else(|| "strict".into());
    let (codec, registry) = text_codec(vm, &encoding, &errors)?;
    let nl = newline::parse(vm, nl.as_ref(), None, false)?;
    let flag = |vm: &mut Vm, v: Option<Value>| -> PyResult<bool> {
        match v {
            Some(v) => vm.is_true(&v),
            None => Ok(false),
        }
    };
    let lb = flag(vm, lb)?;
    let wt = flag(vm, wt)?;
    let buffer = buffer.unwrap_or(Value::NONE);
    let r = call_method(vm, &buffer, "readable", &[])?;
    st.readable.set(vm.is_true(&r)?);
    let w = call_method(vm, &buffer, "writable", &[])?;
    st.writable.set(vm.is_true(&w)?);
    *st.buffer.borrow_mut() = buffer;
    *st.encoding.borrow_mut() = encoding;
    *st.errors.borrow_mut() = errors;
    st.codec.set(codec);
    *st.registry.borrow_mut() = registry;
    *st.mode.borrow_mut() = Mode::new(nl);
    st.line_buffering.set(lb);
    st.write_through.set(wt);
    st.clear_read_state();
    st.detached.set(false);
    st.ready.set(true);
    Ok(Value::NONE)
}

/// The native codec for `encoding`, or else the codec registry's incremental encoder and
/// decoder for it (`LookupError` when neither knows it).
fn text_codec(
    vm: &mut Vm,
    encoding: &str,
    errors: &str,
) -> PyResult<(Codec, Option<(Value, Value)>)> {
    if let Ok(c) = codecs::lookup_codec(vm, encoding) {
        return Ok((c, None));
    }
    let info = crate::modules::codecs::lookup_codec(vm, encoding)?;
    let mut pair = vec![];
    for name in ["incrementalencoder", "incrementaldecoder"] {
        let cls = vm.getattr_str(&info, name)?;
        pair.push(vm.call(&cls, &[Value::str(errors)], &[])?);
    }
    Ok((Codec::Utf8, Some((pair[0].clone(), pair[1].clone()))))
}

fn repr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let this = &args[0];
    let st = state(vm, this)?;
    let tn = vm.type_name(this);
    if !st.ready.get() {
        return Ok(Value::string(format!("<{tn}>")));
    }
    let mut out = format!("<{tn}");
    for attr in ["name", "mode"] {
        match vm.getattr_str(this, attr) {
            Ok(v) => {
                let r = vm.repr_of(&v)?;
                out.push_str(&format!(" {attr}={r}"));
            }
            Err(e) => {
                let ok = [vm.exc.attribute_error.clone(), vm.exc.value_error.clone()];
                if !ok.iter().any(|c| vm.isinstance(&e, c)) {
                    return Err(e);
                }
            }
        }
    }
    let enc = st.encoding.borrow().clone();
    out.push_str(&format!(" encoding='{enc}'>"));
    Ok(Value::string(out))
}

fn next(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    let line = st.readline(vm, -1)?;
    if line.is_empty() {
        return Err(vm.new_exception(&vm.exc.stop_iteration.clone(), vec![]));
    }
    Ok(Value::string(line))
}

fn getstate(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let tn = vm.type_name(&args[0]);
    Err(vm.type_error(format!("cannot pickle '{tn}' object")))
}

fn detach(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    let b = st.buffer(vm)?;
    st.flush(vm)?;
    st.detached.set(true);
    Ok(b)
}

fn reconfigure(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "reconfigure", args, 1, 1)?;
    let names = [
        "encoding",
        "errors",
        "newline",
        "line_buffering",
        "write_through",
    ];
    let [enc, errs, nl, lb, wt] = crate::builtins::bind(vm, "reconfigure", &[], kw, names, 0)?;
    let st = state(vm, &args[0])?;
    let enc_s = opt_str(vm, &enc, "encoding")?;
    let errs_s = opt_str(vm, &errs, "errors")?;
    if (enc_s.is_some() || nl.is_some()) && !st.decoded.borrow().is_empty() {
        return Err(unsupported(
            vm,
            "It is not possible to set the encoding or newline of stream after the first read",
        ));
    }
    st.flush(vm)?;
    if let Some(e) = enc_s {
        let e = if e == "locale" {
            super::locale_encoding().to_string()
        } else {
            e
        };
        let errors = errs_s.clone().unwrap_or_else(|| "strict".into());
        let (codec, registry) = text_codec(vm, &e, &errors)?;
        st.codec.set(codec);
        *st.registry.borrow_mut() = registry;
        *st.encoding.borrow_mut() = e;
        *st.errors.borrow_mut() = errors;
    }
    if let Some(e) = errs_s {
        *st.errors.borrow_mut() = e;
    }
    if let Some(n) = nl {
        let n = newline::parse(vm, Some(&n), None, false)?;
        *st.mode.borrow_mut() = Mode::new(n);
    }
    if let Some(v) = lb.filter(|v| !v.is_none()) {
        st.line_buffering.set(vm.is_true(&v)?);
        if st.std.get() == 1 {
            vm.stdout_line_buffered = st.line_buffering.get();
        }
    }
    if let Some(v) = wt.filter(|v| !v.is_none()) {
        st.write_through.set(vm.is_true(&v)?);
        if st.std.get() == 1 {
            vm.stdout_unbuffered = st.write_through.get();
        }
    }
    Ok(Value::NONE)
}

fn write(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "write", args, 2, 2)?;
    let st = state(vm, &args[0])?;
    let Some(s) = args[1].as_str() else {
        let tn = vm.type_name(&args[1]);
        return Err(vm.type_error(format!("write() argument must be str, not {tn}")));
    };
    let text = s.as_str().to_string();
    st.write(vm, &text)?;
    Ok(Value::int(s.char_len() as i64))
}

fn read(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    let n = size_arg(vm, args.get(1))?;
    Ok(Value::string(st.read(vm, n)?))
}

fn readline(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    let n = size_arg(vm, args.get(1))?;
    Ok(Value::string(st.readline(vm, n)?))
}

fn flush(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    let b = st.buffer(vm)?;
    if st.std.get() == 0 && super::is_closed(vm, &b)? {
        return Err(closed_error(vm));
    }
    st.flush(vm)?;
    Ok(Value::NONE)
}

fn close(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    let b = st.buffer(vm)?;
    if super::is_closed(vm, &b)? {
        return Ok(Value::NONE);
    }
    let flushed = st.flush(vm);
    let closed = call_method(vm, &b, "close", &[]);
    flushed?;
    closed.map(|_| Value::NONE)
}

fn delegate(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<Value> {
    let b = state(vm, &args[0])?.buffer(vm)?;
    call_method(vm, &b, name, &[])
}

fn fileno(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    delegate(vm, args, "fileno")
}
fn seekable(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    delegate(vm, args, "seekable")
}
fn readable(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    delegate(vm, args, "readable")
}
fn writable(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    delegate(vm, args, "writable")
}
fn isatty(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    delegate(vm, args, "isatty")
}

fn seek(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "seek", args, 2, 3)?;
    let st = state(vm, &args[0])?;
    let whence = match args.get(2) {
        Some(w) => vm.index_value(w, "whence")?,
        None => 0,
    };
    Ok(Value::int(st.seek(vm, &args[1], whence)?))
}

fn tell(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(state(vm, &args[0])?.tell(vm)?))
}

fn truncate(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    let b = st.open_buffer(vm)?;
    st.flush(vm)?;
    let pos = args.get(1).cloned().unwrap_or(Value::NONE);
    call_method(vm, &b, "truncate", &[pos])
}

fn encoding(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::string(
        state(vm, &args[0])?.encoding.borrow().clone(),
    ))
}
fn errors(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::string(state(vm, &args[0])?.errors.borrow().clone()))
}
fn buffer(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    state(vm, &args[0])?.buffer(vm)
}
fn line_buffering(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::bool(state(vm, &args[0])?.line_buffering.get()))
}
fn write_through(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::bool(state(vm, &args[0])?.write_through.get()))
}
fn name(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let b = state(vm, &args[0])?.buffer(vm)?;
    vm.getattr_str(&b, "name")
}
fn closed(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let b = state(vm, &args[0])?.buffer(vm)?;
    vm.getattr_str(&b, "closed")
}
fn newlines(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?;
    if !st.mode.borrow().universal {
        return Ok(Value::NONE);
    }
    Ok(newline::newlines_value(st.decoder.get().seen))
}
fn chunk_size(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(state(vm, &args[0])?.chunk_size.get() as i64))
}

/// `IncrementalNewlineDecoder(decoder, translate, errors='strict')`.
struct NlDecoder {
    decoder: RefCell<Value>,
    translate: Cell<bool>,
    state: Cell<newline::Decoder>,
}

impl crate::object::native::NativeData for NlDecoder {}

pub fn decoder_type(vm: &mut Vm) -> Value {
    vm.native_type("_io.IncrementalNewlineDecoder", |vm| {
        let t = vm.new_native_type(
            "_io",
            "IncrementalNewlineDecoder",
            &[
                ("__new__", dec_new),
                ("__init__", dec_init),
                ("decode", dec_decode),
                ("getstate", dec_getstate),
                ("setstate", dec_setstate),
                ("reset", dec_reset),
            ],
            false,
        );
        super::getters(&t, &[("newlines", dec_newlines)]);
        t
    })
}

fn dec_state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a NlDecoder> {
    v.native::<NlDecoder>().ok_or_else(|| {
        vm.type_error("descriptor requires a '_io.IncrementalNewlineDecoder' object")
    })
}

fn dec_new(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let base = vm.native_base(&args[0], "IncrementalNewlineDecoder")?;
    let st = NlDecoder {
        decoder: RefCell::new(Value::NONE),
        translate: Cell::new(false),
        state: Cell::default(),
    };
    Ok(vm.new_native(&args[0], &base, st))
}

fn dec_init(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let names = ["decoder", "translate", "errors"];
    let [d, t, _e] =
        crate::builtins::bind(vm, "IncrementalNewlineDecoder", &args[1..], kw, names, 2)?;
    let st = dec_state(vm, &args[0])?;
    *st.decoder.borrow_mut() = d.unwrap_or(Value::NONE);
    let t = t.unwrap_or(Value::FALSE);
    st.translate.set(vm.is_true(&t)?);
    st.state.set(newline::Decoder::default());
    Ok(Value::NONE)
}

fn dec_decode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let [input, fin] = crate::builtins::bind(vm, "decode", &args[1..], kw, ["input", "final"], 1)?;
    let st = dec_state(vm, &args[0])?;
    let input = input.unwrap_or(Value::NONE);
    let last = match &fin {
        Some(f) => vm.is_true(f)?,
        None => false,
    };
    let inner = st.decoder.borrow().clone();
    let out = if inner.is_none() {
        input
    } else {
        let f = vm.getattr_str(&inner, "decode")?;
        vm.call(&f, &[input], &[(Value::str("final"), Value::bool(last))])?
    };
    let Some(text) = out.as_str().map(|s| s.as_str().to_string()) else {
        let tn = vm.type_name(&out);
        return Err(vm.type_error(format!("decoder should return a string result, not '{tn}'")));
    };
    let mut d = st.state.get();
    let r = d.decode(&text, last, st.translate.get());
    st.state.set(d);
    Ok(Value::string(r))
}

fn dec_getstate(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = dec_state(vm, &args[0])?;
    let inner = st.decoder.borrow().clone();
    let pending = i64::from(st.state.get().pendingcr);
    if inner.is_none() {
        return Ok(Value::tuple(vec![
            Value::bytes(vec![]),
            Value::int(pending),
        ]));
    }
    let s = call_method(vm, &inner, "getstate", &[])?;
    let parts = vm.unpack(&s, 2)?;
    let flag = vm.index_value(&parts[1], "flag")?;
    Ok(Value::tuple(vec![
        parts[0].clone(),
        Value::int((flag << 1) | pending),
    ]))
}

fn dec_setstate(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "setstate", args, 2, 2)?;
    let st = dec_state(vm, &args[0])?;
    let parts = vm.unpack(&args[1], 2)?;
    let flag = vm.index_value(&parts[1], "flag")?;
    let mut d = st.state.get();
    d.pendingcr = flag & 1 == 1;
    st.state.set(d);
    let inner = st.decoder.borrow().clone();
    if !inner.is_none() {
        let s = Value::tuple(vec![parts[0].clone(), Value::int(flag >> 1)]);
        call_method(vm, &inner, "setstate", &[s])?;
    }
    Ok(Value::NONE)
}

fn dec_reset(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = dec_state(vm, &args[0])?;
    st.state.set(newline::Decoder::default());
    let inner = st.decoder.borrow().clone();
    if !inner.is_none() {
        call_method(vm, &inner, "reset", &[])?;
    }
    Ok(Value::NONE)
}

fn dec_newlines(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(newline::newlines_value(
        dec_state(vm, &args[0])?.state.get().seen,
    ))
}
