//! One traceback entry as CPython 3.11's default excepthook prints it (`Python/traceback.c`:
//! `tb_displayline`, `display_source_line_with_margin`, `extract_anchors_from_line`,
//! `print_error_location_carets`):
//!
//! ```text
//!   File "/tmp/x.py", line 3, in f
//!     return a / b
//!            ~~^~~
//! ```
//!
//! The caret line marks the failing instruction's span (`Position`, UTF-8 byte columns). It is
//! left out when positions are missing or the span covers the whole stripped line. A span on
//! one line is re-parsed: when it is a binary operation or a subscript, the operands get `~`
//! and the operator (or the `[...]`) gets `^`. CPython uses its real parser for that; here a
//! small tokenizer finds the root of the expression, which is all the rule needs. Any segment
//! that is not clearly a `BinOp` or `Subscript` gets plain `^`, as CPython's output is the same
//! for "other expression" and "does not parse".
//!
//! Invariant: nothing here panics on odd positions; offsets past the line are clamped the
//! way CPython clamps them, and the caret line is skipped when it cannot be computed.

use super::wide;
use crate::bytecode::linetable::Position;

/// Identical (file, line, name) entries in a row printed before the
/// "[Previous line repeated N more times]" summary (`TB_RECURSIVE_CUTOFF`).
pub(super) const RECURSIVE_CUTOFF: usize = 3;
/// Most recent entries printed at all (`PyTraceBack_LIMIT`, the default `sys.tracebacklimit`).
pub(super) const TRACEBACK_LIMIT: usize = 1000;
/// Spaces before a source line (`_TRACEBACK_SOURCE_LINE_INDENT`).
const SOURCE_LINE_INDENT: usize = 4;

/// Appends one entry: the `File` line, the stripped source line if the file can be read, and
/// the caret line when `pos` calls for one.
pub(super) fn format_entry(out: &mut String, file: &str, line: u32, name: &str, pos: Position) {
    out.push_str(&format!("  File \"{file}\", line {line}, in {name}\n"));
    let Some(source) = source_line(file, line) else {
        return;
    };
    let stripped = source.trim_start_matches([' ', '\t', '\x0c']);
    out.push_str(&" ".repeat(SOURCE_LINE_INDENT));
    out.push_str(stripped);
    out.push('\n');
    if let Some(carets) = caret_line(&source, source.len() - stripped.len(), pos) {
        out.push_str(&carets);
        out.push('\n');
    }
}

/// Line `line` (1-based) of `file` without its line break, read the way CPython's text mode
/// reads it (universal newlines, strict UTF-8). None for `<string>`-like names, unreadable
/// files and lines past the end.
fn source_line(file: &str, line: u32) -> Option<String> {
    if file.starts_with('<') && file.ends_with('>') {
        return None;
    }
    let bytes = std::fs::read(file).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let mut rest = text;
    for _ in 1..line {
        let brk = rest.find(['\n', '\r'])?;
        let skip = if rest[brk..].starts_with("\r\n") {
            2
        } else {
            1
        };
        rest = &rest[brk + skip..];
    }
    if line == 0 || rest.is_empty() {
        return None;
    }
    Some(rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())].to_string())
}

/// Does `c` take two columns (East Asian Width W or F)?
fn is_wide(c: char) -> bool {
    let c = c as u32;
    wide::WIDE
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\x0c')
}

/// `_PyPegen_byte_offset_to_character_offset`: characters in the first `offset` bytes of
/// `s`, a cut character counting as one (it decodes to U+FFFD). Offsets past the end are
/// clamped to `len + 1`, which counts the C string's NUL terminator as a character.
fn char_offset(s: &str, offset: usize) -> usize {
    let bytes = s.as_bytes();
    if offset > bytes.len() {
        return s.chars().count() + 1;
    }
    bytes[..offset]
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count()
}

/// The caret line for `source` (the whole line; its first `indent` characters are the
/// stripped indentation), or None when CPython prints none.
fn caret_line(source: &str, indent: usize, pos: Position) -> Option<String> {
    let (Some(line), Some(end_line), Some(col), Some(end_col)) =
        (pos.line, pos.end_line, pos.col, pos.end_col)
    else {
        return None;
    };
    let start = char_offset(source, col as usize);
    let mut end = char_offset(source, end_col as usize);
    let anchors = if line == end_line {
        let segment: String = source
            .chars()
            .skip(start)
            .take(end.saturating_sub(start))
            .collect();
        anchors(&segment).map(|(left, right)| {
            (
                char_offset(&segment, left) + start,
                char_offset(&segment, right) + start,
            )
        })
    } else {
        // Up to the last non-whitespace character. CPython indexes the UTF-8 bytes with the
        // character length here, so non-ASCII lines land where it lands.
        let bytes = source.as_bytes();
        let len = source.chars().count();
        end = (0..len)
            .rev()
            .find(|&i| !is_whitespace(bytes[i]))
            .map_or(0, |i| i + 1);
        None
    };
    let stripped_len = source.chars().count() - indent;
    if end.wrapping_sub(start) == stripped_len && anchors.is_none() {
        return None;
    }
    let (primary, secondary) = if anchors.is_some() {
        ('~', '^')
    } else {
        ('^', '^')
    };
    // Columns are 1-based from here, as in `print_error_location_carets`; the printed line
    // starts at the indentation minus `SOURCE_LINE_INDENT`. Each character's mark is repeated
    // over its display width (wide East Asian characters take two columns).
    let chars: Vec<char> = source.chars().collect();
    let first = indent as i64 - SOURCE_LINE_INDENT as i64 + 1;
    let mut carets = String::new();
    for offset in first..=end as i64 {
        let mark = if offset <= start as i64 {
            ' '
        } else if anchors.is_some_and(|(l, r)| (l as i64) < offset && offset <= r as i64) {
            secondary
        } else {
            primary
        };
        let ch = usize::try_from(offset - 1).ok().and_then(|k| chars.get(k));
        let width = if ch.is_some_and(|&c| is_wide(c)) {
            2
        } else {
            1
        };
        for _ in 0..width {
            carets.push(mark);
        }
    }
    Some(carets)
}

/// Anchors `[left, right)` (byte offsets in `segment`) of the part to mark with `^`, when the
/// segment is a binary operation (its operator) or a subscript (its `[...]`).
fn anchors(segment: &str) -> Option<(usize, usize)> {
    let seg = segment.as_bytes();
    let toks = tokenize(seg)?;
    match root(&toks)? {
        Root::BinOp { op } => {
            let left_end = span(&toks, 0, op)?.1;
            let right_start = span(&toks, op + 1, toks.len())?.0;
            let mut found = None;
            for i in left_end..right_start.min(seg.len()) {
                if is_whitespace(seg[i]) {
                    continue;
                }
                let more = i + 1 < right_start;
                let right = if more && !is_whitespace(seg[i + 1]) {
                    i + 2
                } else {
                    i + 1
                };
                found = Some((i, right));
                // A closing parenthesis of the left operand is not the operator.
                if !(more && seg[i] == b')') {
                    break;
                }
            }
            found
        }
        Root::Subscript { open, close } => {
            let value_end = span(&toks, 0, open)?.1;
            let slice_end = span(&toks, open + 1, close)?.1;
            let mut left = value_end;
            while left < seg.len() && seg[left] != b'[' {
                left += 1;
            }
            let mut right = slice_end + 1;
            while right < seg.len() && seg[right] != b']' {
                right += 1;
            }
            if right < seg.len() {
                right += 1;
            }
            Some((left, right))
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Name,
    Keyword,
    Number,
    Str,
    Op,
}

#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    kind: Kind,
    text: &'a [u8],
    start: usize,
    end: usize,
    /// For an opening bracket, the index of its closing one.
    close: usize,
}

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

const OPERATORS: &[&str] = &[
    "**=", "//=", ">>=", "<<=", "...", "!=", "**", "//", "<<", ">>", "<=", ">=", "==", "->", ":=",
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "+", "-", "*", "/", "%", "@", "&", "|",
    "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "=",
];

/// Python tokens of a one-line segment, brackets matched; None if it does not tokenize.
fn tokenize(seg: &[u8]) -> Option<Vec<Token<'_>>> {
    let mut toks: Vec<Token> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    while i < seg.len() {
        let b = seg[i];
        let start = i;
        let kind = if is_whitespace(b) {
            i += 1;
            continue;
        } else if b == b'#' {
            break;
        } else if ident(b) && !b.is_ascii_digit() {
            while i < seg.len() && ident(seg[i]) {
                i += 1;
            }
            let word = &seg[start..i];
            let prefix = word.len() <= 2
                && word
                    .iter()
                    .all(|c| matches!(c.to_ascii_lowercase(), b'r' | b'b' | b'u' | b'f'));
            if prefix && i < seg.len() && matches!(seg[i], b'\'' | b'"') {
                i = string_end(seg, i)?;
                Kind::Str
            } else if std::str::from_utf8(word).is_ok_and(|w| KEYWORDS.contains(&w)) {
                Kind::Keyword
            } else {
                Kind::Name
            }
        } else if b.is_ascii_digit()
            || (b == b'.' && seg.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let hex = seg[i..].len() > 1 && b == b'0' && matches!(seg[i + 1], b'x' | b'X');
            i += 1;
            while i < seg.len() {
                let c = seg[i];
                let exponent_sign =
                    matches!(c, b'+' | b'-') && !hex && matches!(seg[i - 1], b'e' | b'E');
                if !(c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || exponent_sign) {
                    break;
                }
                i += 1;
            }
            Kind::Number
        } else if matches!(b, b'\'' | b'"') {
            i = string_end(seg, i)?;
            Kind::Str
        } else {
            let op = OPERATORS
                .iter()
                .find(|op| seg[i..].starts_with(op.as_bytes()))?;
            i += op.len();
            Kind::Op
        };
        let text = &seg[start..i];
        match text {
            b"(" | b"[" | b"{" => open.push(toks.len()),
            b")" | b"]" | b"}" => {
                let o = open.pop()?;
                let pair = [toks[o].text[0], text[0]];
                if !matches!(&pair, b"()" | b"[]" | b"{}") {
                    return None;
                }
                toks[o].close = toks.len();
            }
            _ => {}
        }
        toks.push(Token {
            kind,
            text,
            start,
            end: i,
            close: 0,
        });
    }
    if !open.is_empty() {
        return None;
    }
    Some(toks)
}

/// End of the string literal whose opening quote is at `i`; None if unterminated.
fn string_end(seg: &[u8], mut i: usize) -> Option<usize> {
    let q = seg[i];
    let triple = seg[i..].len() >= 3 && seg[i + 1] == q && seg[i + 2] == q;
    let width = if triple { 3 } else { 1 };
    i += width;
    while i < seg.len() {
        if seg[i] == b'\\' {
            i += 2;
        } else if seg[i] == q && (!triple || seg[i..].starts_with(&[q, q, q])) {
            return Some(i + width);
        } else {
            i += 1;
        }
    }
    None
}

/// The root of a one-expression segment, when it is one anchors are drawn for.
enum Root {
    /// Binary operation; `op` is the operator's token index.
    BinOp { op: usize },
    /// Subscript; `open` and `close` are the indexes of its `[` and `]`.
    Subscript { open: usize, close: usize },
}

/// Binding level of a binary operator (higher binds tighter), or None.
fn binary_level(op: &[u8]) -> Option<u8> {
    Some(match op {
        b"|" => 1,
        b"^" => 2,
        b"&" => 3,
        b"<<" | b">>" => 4,
        b"+" | b"-" => 5,
        b"*" | b"/" | b"//" | b"%" | b"@" => 6,
        b"**" => 7,
        _ => return None,
    })
}

/// Walks the top level of `toks` as an expression statement built from operands, unary
/// prefixes, trailers (`.name`, calls, subscripts) and binary operators. Anything else at the
/// top level (comparisons, `and`/`or`/`not`, conditional expressions, lambdas, tuples,
/// assignments, statements) or a malformed sequence means no anchors.
fn root(toks: &[Token]) -> Option<Root> {
    let mut expect_operand = true;
    let mut starts_with_unary = false;
    let mut last_was_str = false;
    // (token index, level) of the operator that is the root so far.
    let mut best: Option<(usize, u8)> = None;
    // The last top-level subscript trailer, if it ends the segment.
    let mut last_subscript = None;
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let text = t.text;
        let group = matches!(text, b"(" | b"[" | b"{");
        last_subscript = None;
        if expect_operand {
            match t.kind {
                Kind::Op if matches!(text, b"+" | b"-" | b"~") => {
                    starts_with_unary |= i == 0;
                    i += 1;
                    continue;
                }
                Kind::Keyword if text == b"await" => {
                    i += 1;
                    continue;
                }
                Kind::Keyword if !matches!(text, b"True" | b"False" | b"None") => return None,
                Kind::Op if !group && text != b"..." => return None,
                _ => {}
            }
            last_was_str = t.kind == Kind::Str;
            expect_operand = false;
        } else if let Some(level) = binary_level(text).filter(|_| t.kind == Kind::Op) {
            let replaces = match best {
                None => true,
                Some((_, best_level)) => level < best_level || (level == best_level && level < 7),
            };
            if replaces {
                best = Some((i, level));
            }
            expect_operand = true;
            i += 1;
            continue;
        } else if text == b"." {
            if toks.get(i + 1).map(|n| n.kind) != Some(Kind::Name) {
                return None;
            }
            last_was_str = false;
            i += 2;
            continue;
        } else if matches!(text, b"(" | b"[") {
            if text == b"[" {
                last_subscript = Some((i, t.close));
            }
            last_was_str = false;
        } else if !(t.kind == Kind::Str && last_was_str) {
            return None;
        }
        i = if group { t.close + 1 } else { i + 1 };
    }
    if expect_operand {
        return None;
    }
    match (best, last_subscript) {
        (Some((_, 7)), _) if starts_with_unary => None,
        (Some((op, _)), _) => Some(Root::BinOp { op }),
        (None, Some((open, close))) if !starts_with_unary && toks[0].text != b"await" => {
            Some(Root::Subscript { open, close })
        }
        _ => None,
    }
}

/// Byte span `(col_offset, end_col_offset)` of the AST node made of tokens `[from, to)`: the
/// first token's start and last token's end, except that a parenthesised expression's node is
/// the expression inside (tuples and generator expressions keep their parentheses).
fn span(toks: &[Token], from: usize, to: usize) -> Option<(usize, usize)> {
    if from >= to || to > toks.len() {
        return None;
    }
    let (first, last) = (&toks[from], &toks[to - 1]);
    if first.text == b"(" && first.close == to - 1 && to - from > 2 {
        let mut i = from + 1;
        let mut plain = true;
        while i < to - 1 {
            let t = &toks[i];
            if t.text == b"," || t.text == b"for" {
                plain = false;
            }
            i = if matches!(t.text, b"(" | b"[" | b"{") {
                t.close + 1
            } else {
                i + 1
            };
        }
        if plain {
            return span(toks, from + 1, to - 1);
        }
    }
    Some((first.start, last.end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn carets(line: &str, col: u32, end_col: u32) -> Option<String> {
        let indent = line.len() - line.trim_start().len();
        let pos = Position {
            line: Some(1),
            end_line: Some(1),
            col: Some(col),
            end_col: Some(end_col),
        };
        caret_line(line, indent, pos)
    }

    #[test]
    fn binary_operators() {
        assert_eq!(
            carets("    return a / b", 11, 16).unwrap(),
            "           ~~^~~"
        );
        assert_eq!(carets("x = (a) + b", 4, 11).unwrap(), "        ~~~~^~~");
        assert_eq!(carets("x = (a)+b", 4, 9).unwrap(), "        ~~~^~");
        assert_eq!(carets("x = a // b", 4, 10).unwrap(), "        ~~^^~~");
        assert_eq!(carets("x = a * b + c", 4, 13).unwrap(), "        ~~~~~~^~~");
        assert_eq!(
            carets("x = a ** b ** c", 4, 15).unwrap(),
            "        ~~^^~~~~~~~"
        );
        assert_eq!(carets("a + b", 0, 5).unwrap(), "    ~~^~~");
    }

    #[test]
    fn subscripts() {
        assert_eq!(carets("x = d[k]", 4, 8).unwrap(), "        ~^^^");
        assert_eq!(carets("x = v [ (5) ]", 4, 13).unwrap(), "        ~~^^^^^^^");
        assert_eq!(carets("x = v[1:2]", 4, 10).unwrap(), "        ~^^^^^");
    }

    #[test]
    fn plain_carets_and_none() {
        assert_eq!(carets("x = f(a)", 4, 8).unwrap(), "        ^^^^");
        assert_eq!(carets("x = a < b", 4, 9).unwrap(), "        ^^^^^");
        assert_eq!(carets("x = -a ** b", 4, 11).unwrap(), "        ^^^^^^^");
        assert_eq!(carets("f(a)", 0, 4), None);
        assert_eq!(carets("f(a)", 0, 400).unwrap(), "    ^^^^^");
        assert_eq!(carets("f(a)", 3, 1).unwrap(), "     ");
    }

    #[test]
    fn non_ascii() {
        assert_eq!(carets("s = 'é' + 1", 4, 12).unwrap(), "        ~~~~^~~");
        assert_eq!(
            carets("s = '日本' + 1", 4, 16).unwrap(),
            "        ~~~~~~~^~~"
        );
        assert_eq!(char_offset("é", 1), 1);
        assert!(is_wide('日') && is_wide('😀') && is_wide('\u{378}'));
        assert!(!is_wide('é') && !is_wide('→') && !is_wide('a'));
    }

    #[test]
    fn tokenizer_rejects_bad_input() {
        assert!(tokenize(b"a + 'x").is_none());
        assert!(tokenize(b"(a]").is_none());
        assert!(anchors("a + b, c").is_none());
        assert!(anchors("a if b else c + d").is_none());
        assert_eq!(anchors("'#' + b"), Some((4, 5)));
    }
}
