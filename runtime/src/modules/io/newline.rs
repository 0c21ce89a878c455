//! Newline handling shared by `TextIOWrapper`, `StringIO` and `IncrementalNewlineDecoder`:
//! the `newline` argument's meaning, universal-newline translation, line ends, and the
//! `newlines` attribute.

use crate::value::Value;
use crate::vm::{PyResult, Vm};

pub const SEEN_LF: u8 = 1;
pub const SEEN_CR: u8 = 2;
pub const SEEN_CRLF: u8 = 4;

/// What a stream's `newline` argument means for reading and writing.
#[derive(Clone, Debug)]
pub struct Mode {
    /// The `newline` argument (`None`: universal newlines with translation).
    pub arg: Option<String>,
    /// Lines may end in `\n`, `\r` or `\r\n` (`newline` is `None` or `''`).
    pub universal: bool,
    /// `\r` and `\r\n` become `\n` on input (`newline` is `None`).
    pub translate: bool,
    /// What `\n` becomes on output (`None`: left alone).
    pub writenl: Option<String>,
}

impl Mode {
    /// The mode for `newline`; `os_linesep_on_none` gives `None` its text-file meaning
    /// (write `os.linesep`, which is `\n` here).
    pub fn new(arg: Option<String>) -> Mode {
        let universal = arg.as_deref().is_none_or(str::is_empty);
        let translate = arg.is_none();
        let writenl = match arg.as_deref() {
            Some("\r") | Some("\r\n") => arg.clone(),
            _ => None,
        };
        Mode {
            arg,
            universal,
            translate,
            writenl,
        }
    }

    /// The newline a line read must end in when not universal.
    pub fn readnl(&self) -> &str {
        self.arg
            .as_deref()
            .filter(|s| !s.is_empty())
            .unwrap_or("\n")
    }

    /// Text as written: `\n` replaced by the output newline.
    pub fn for_output<'a>(&self, s: &'a str) -> std::borrow::Cow<'a, str> {
        match &self.writenl {
            Some(nl) if s.contains('\n') => std::borrow::Cow::Owned(s.replace('\n', nl)),
            _ => std::borrow::Cow::Borrowed(s),
        }
    }

    /// Where the first line of `s` ends (one past its newline), if it has one. A `\r` at
    /// the very end of universal-mode text counts as an end only when `at_eof` (more
    /// text could make it `\r\n`).
    pub fn line_end(&self, s: &str, at_eof: bool) -> Option<usize> {
        if self.translate {
            return s.find('\n').map(|i| i + 1);
        }
        if !self.universal {
            let nl = self.readnl();
            return s.find(nl).map(|i| i + nl.len());
        }
        let b = s.as_bytes();
        let i = b.iter().position(|&c| c == b'\n' || c == b'\r')?;
        if b[i] == b'\n' {
            return Some(i + 1);
        }
        match b.get(i + 1) {
            Some(b'\n') => Some(i + 2),
            Some(_) => Some(i + 1),
            None if at_eof => Some(i + 1),
            None => None,
        }
    }
}

/// Parses a `newline` argument: `None` or one of `''`, `'\n'`, `'\r'`, `'\r\n'`.
/// `quoted`: the error shows the value's repr (`StringIO`) rather than the value itself
/// (`open`, `TextIOWrapper`), as in CPython.
pub fn parse(
    vm: &mut Vm,
    v: Option<&Value>,
    default: Option<&str>,
    quoted: bool,
) -> PyResult<Option<String>> {
    let Some(v) = v else {
        return Ok(default.map(str::to_string));
    };
    if v.is_none() {
        return Ok(None);
    }
    let Some(s) = v.as_str() else {
        let tn = vm.type_name(v);
        return Err(vm.type_error(format!("newline must be str or None, not {tn}")));
    };
    match s.as_str() {
        "" | "\n" | "\r" | "\r\n" => Ok(Some(s.as_str().to_string())),
        other => {
            let r = if quoted {
                vm.repr_of(v)?
            } else {
                other.to_string()
            };
            Err(vm.value_error(format!("illegal newline value: {r}")))
        }
    }
}

/// The state of universal-newline decoding across chunks.
#[derive(Default, Clone, Copy)]
pub struct Decoder {
    /// The last chunk ended in `\r` (held back: it may start a `\r\n`).
    pub pendingcr: bool,
    pub seen: u8,
}

impl Decoder {
    /// Decodes one chunk: notes which newlines occur and, if `translate`, turns `\r\n`
    /// and `\r` into `\n`. Unless `last`, a final `\r` is held back for the next chunk.
    pub fn decode(&mut self, input: &str, last: bool, translate: bool) -> String {
        let mut s = String::with_capacity(input.len() + 1);
        if self.pendingcr {
            s.push('\r');
            self.pendingcr = false;
        }
        s.push_str(input);
        if !last && s.ends_with('\r') {
            s.pop();
            self.pendingcr = true;
        }
        let b = s.as_bytes();
        let mut i = 0;
        let mut has_cr = false;
        while i < b.len() {
            match b[i] {
                b'\n' => self.seen |= SEEN_LF,
                b'\r' => {
                    has_cr = true;
                    if b.get(i + 1) == Some(&b'\n') {
                        self.seen |= SEEN_CRLF;
                        i += 1;
                    } else {
                        self.seen |= SEEN_CR;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        if translate && has_cr {
            s = s.replace("\r\n", "\n").replace('\r', "\n");
        }
        s
    }
}

/// The `newlines` attribute for the kinds seen.
pub fn newlines_value(seen: u8) -> Value {
    let s = Value::str;
    match seen {
        0 => Value::NONE,
        SEEN_LF => s("\n"),
        SEEN_CR => s("\r"),
        SEEN_CRLF => s("\r\n"),
        3 => Value::tuple(vec![s("\r"), s("\n")]),
        5 => Value::tuple(vec![s("\n"), s("\r\n")]),
        6 => Value::tuple(vec![s("\r"), s("\r\n")]),
        _ => Value::tuple(vec![s("\r"), s("\n"), s("\r\n")]),
    }
}
