//! The 3.11 location table (`co_linetable`): source positions per code unit.
//!
//! The table is a sequence of entries (Objects/locations.md). Each entry's first byte has bit 7
//! set, bits 3-6 hold a code and bits 0-2 the number of code units covered minus one:
//!
//! ```text
//!   code   meaning        line            end line     column          end column
//!   0-9    short          same            same         code*8 + b>>4   column + (b & 15)
//!   10-12  one line       + (code - 10)   same         byte            byte
//!   13     no column      + svarint       same         None            None
//!   14     long           + svarint       + varint     varint - 1      varint - 1
//!   15     no location    None            None         None            None
//! ```
//!
//! Lines are deltas from the previous entry's line, starting at `co_firstlineno`. Varints are
//! 6-bit chunks, least significant first, bit 6 meaning "more"; an svarint's low bit is the sign.
//! Decoding follows `advance_with_locations` in 3.11's Objects/codeobject.c; a truncated table
//! simply ends (positions past it have no location), as CPython's iterators do.

use crate::pyc::CodeObject;

/// Source span of one code unit; `None` where CPython's `co_positions()` gives `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub line: Option<u32>,
    pub end_line: Option<u32>,
    /// 0-based UTF-8 byte column.
    pub col: Option<u32>,
    pub end_col: Option<u32>,
}

/// One location entry: code units `[start, end)` and their span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocationEntry {
    pub start: u32,
    pub end: u32,
    pub pos: Position,
}

struct Reader<'a> {
    table: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> i64 {
        // Past the end reads as 0, like a table whose entry is cut short; never panics.
        let b = self.table.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b as i64
    }

    fn varint(&mut self) -> i64 {
        let mut b = self.byte();
        let mut val = b & 63;
        let mut shift = 0;
        while b & 64 != 0 && shift < 56 {
            b = self.byte();
            shift += 6;
            val |= (b & 63) << shift;
        }
        val
    }

    fn svarint(&mut self) -> i64 {
        let u = self.varint();
        if u & 1 != 0 {
            -(u >> 1)
        } else {
            u >> 1
        }
    }
}

fn opt(v: i64) -> Option<u32> {
    u32::try_from(v).ok()
}

/// Decode every entry of `code`'s location table, in order.
pub fn entries(code: &CodeObject) -> Vec<LocationEntry> {
    let mut r = Reader {
        table: &code.linetable,
        pos: 0,
    };
    let mut line = code.firstlineno as i64;
    let mut addr = 0u32;
    let mut out = Vec::new();
    while r.pos < r.table.len() {
        let first = r.byte();
        let kind = (first >> 3) & 15;
        let start = addr;
        addr += (first & 7) as u32 + 1;
        let pos = match kind {
            15 => Position::default(),
            14 => {
                line += r.svarint();
                let end_line = line + r.varint();
                let col = r.varint() - 1;
                let end_col = r.varint() - 1;
                Position {
                    line: opt(line),
                    end_line: opt(end_line),
                    col: opt(col),
                    end_col: opt(end_col),
                }
            }
            13 => {
                line += r.svarint();
                Position {
                    line: opt(line),
                    end_line: opt(line),
                    col: None,
                    end_col: None,
                }
            }
            10..=12 => {
                line += kind - 10;
                let col = r.byte();
                let end_col = r.byte();
                Position {
                    line: opt(line),
                    end_line: opt(line),
                    col: opt(col),
                    end_col: opt(end_col),
                }
            }
            _ => {
                let second = r.byte();
                let col = (kind << 3) | (second >> 4);
                Position {
                    line: opt(line),
                    end_line: opt(line),
                    col: opt(col),
                    end_col: opt(col + (second & 15)),
                }
            }
        };
        out.push(LocationEntry {
            start,
            end: addr,
            pos,
        });
        // Skip any continuation bytes this decoder did not consume (CPython does the same).
        while r.pos < r.table.len() && r.table[r.pos] & 0x80 == 0 {
            r.pos += 1;
        }
    }
    out
}

/// The position of every code unit of `code` (`co_positions()`); units the table does not
/// cover get an all-`None` position.
pub fn positions(code: &CodeObject) -> Vec<Position> {
    let units = code.code.len() / 2;
    let mut out = Vec::with_capacity(units);
    for e in entries(code) {
        for _ in e.start..e.end {
            if out.len() < units {
                out.push(e.pos);
            }
        }
    }
    out.resize(units, Position::default());
    out
}

/// Checks that the table is a sequence of whole entries (each starting with a byte whose
/// bit 7 is set, its varints complete) covering exactly the code's units, as CPython's
/// compiler writes it, or is empty (no locations at all). The verifier's rule; the decoders
/// above tolerate any table.
pub fn check(code: &CodeObject) -> Result<(), String> {
    let t = &code.linetable;
    let units = code.code.len() / 2;
    let mut pos = 0;
    let mut covered = 0usize;
    let bad = |pos: usize, what: &str| Err(format!("location table byte {pos}: {what}"));
    let varint = |pos: &mut usize| -> Result<(), String> {
        loop {
            match t.get(*pos) {
                Some(&b) if b & 0x80 == 0 => {
                    *pos += 1;
                    if b & 64 == 0 {
                        return Ok(());
                    }
                }
                _ => return Err(format!("location table byte {pos}: truncated entry")),
            }
        }
    };
    while pos < t.len() {
        let first = t[pos];
        if first & 0x80 == 0 {
            return bad(pos, "not the start of an entry");
        }
        pos += 1;
        covered += (first & 7) as usize + 1;
        match (first >> 3) & 15 {
            15 => {}
            14 => {
                for _ in 0..4 {
                    varint(&mut pos)?;
                }
            }
            13 => varint(&mut pos)?,
            kind => {
                let extra = if kind >= 10 { 2 } else { 1 };
                for _ in 0..extra {
                    match t.get(pos) {
                        Some(&b) if b & 0x80 == 0 => pos += 1,
                        _ => return bad(pos, "truncated entry"),
                    }
                }
            }
        }
    }
    if covered != units && !t.is_empty() {
        return Err(format!(
            "location table covers {covered} code units, the code has {units}"
        ));
    }
    Ok(())
}

/// `co_lines()`: one `(start, end, line)` range per table entry, in code units.
pub fn lines(code: &CodeObject) -> Vec<(u32, u32, Option<u32>)> {
    entries(code)
        .into_iter()
        .map(|e| (e.start, e.end, e.pos.line))
        .collect()
}

/// `dis.findlinestarts`: `(code unit, line)` where a new source line begins.
pub fn line_starts(code: &CodeObject) -> Vec<(u32, u32)> {
    let mut last = None;
    let mut out = Vec::new();
    for (start, _, line) in lines(code) {
        if let Some(l) = line {
            if Some(l) != last {
                last = Some(l);
                out.push((start, l));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::testutil::{all_code, compile_source, for_each_code_object};

    fn o(v: Option<u32>) -> String {
        v.map(|v| v.to_string()).unwrap_or("None".into())
    }

    #[test]
    fn matches_co_positions_and_co_lines() {
        let mut src = String::from(
            r#"
import os
def loops(n):
    total = 0
    for i in range(n):
        while total < i:
            total += (i *
                      2 +
                      n)
    return total
def multi(a, b):
    return foo(a,
               b)[a:b].bar(
        x=1,
        y=[a for a in b if a])
def tryer(x):
    try:
        return 1 / x
    except ZeroDivisionError as e:
        raise ValueError("bad") from e
    finally:
        print("x")
class C:
    def m(self): return {k: v for k, v in self.items()}
"#,
        );
        // Long lines (columns past 127 force the long form) and big line jumps.
        src.push_str(&format!("x = {}1\n", "1 + ".repeat(60)));
        src.push_str(&"\n".repeat(300));
        src.push_str("y = x\n");
        let (path, module) = compile_source("lines", &src);
        let expected = for_each_code_object(
            &path,
            r#"
    p = list(c.co_positions())
    assert len(p) == len(c.co_code) // 2
    for pos in p:
        print(*pos)
    for s, e, l in c.co_lines():
        print('lines', s // 2, e // 2, l)
"#,
        );
        let mut got = String::new();
        for code in all_code(&module) {
            got.push_str(&format!("code {}\n", code.name));
            for p in positions(&code) {
                got.push_str(&format!(
                    "{} {} {} {}\n",
                    o(p.line),
                    o(p.end_line),
                    o(p.col),
                    o(p.end_col)
                ));
            }
            for (s, e, l) in lines(&code) {
                got.push_str(&format!("lines {s} {e} {}\n", o(l)));
            }
        }
        assert_eq!(got, expected);
    }
}
