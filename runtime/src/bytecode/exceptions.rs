//! The 3.11 zero-cost exception table (`co_exceptiontable`).
//!
//! Each entry is four varints: start, length, target (all in code units) and
//! `depth << 1 | lasti`. A varint is 6-bit chunks, most significant first; bit 6 (0x40) says
//! another chunk follows, and bit 7 (0x80) marks the first byte of an entry
//! (Objects/exception_handling_notes.txt). Entries are sorted by start and do not overlap,
//! so the handler for an instruction is the entry whose `[start, end)` range contains it.

use super::decode::DecodeError;

/// One protected range and where to go when an exception escapes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExceptionEntry {
    /// First protected code unit.
    pub start: u32,
    /// One past the last protected code unit.
    pub end: u32,
    /// Code unit of the handler.
    pub target: u32,
    /// Value-stack depth to unwind to before pushing the exception.
    pub depth: u32,
    /// Whether the handler also gets the offset of the raising instruction (pushed first).
    pub lasti: bool,
}

fn read_varint(table: &[u8], pos: &mut usize) -> Result<u32, DecodeError> {
    let start = *pos;
    let mut val: u64 = 0;
    loop {
        let b = *table
            .get(*pos)
            .ok_or(DecodeError::BadExceptionTable { offset: start })?;
        *pos += 1;
        val = (val << 6) | (b & 63) as u64;
        if val > u32::MAX as u64 {
            return Err(DecodeError::BadExceptionTable { offset: start });
        }
        if b & 64 == 0 {
            return Ok(val as u32);
        }
    }
}

/// Parse a whole exception table.
pub fn parse_exception_table(table: &[u8]) -> Result<Vec<ExceptionEntry>, DecodeError> {
    let mut entries = Vec::new();
    let mut pos = 0;
    while pos < table.len() {
        let entry_start = pos;
        if table[pos] & 0x80 == 0 {
            return Err(DecodeError::BadExceptionTable { offset: pos });
        }
        let start = read_varint(table, &mut pos)?;
        let length = read_varint(table, &mut pos)?;
        let target = read_varint(table, &mut pos)?;
        let depth_lasti = read_varint(table, &mut pos)?;
        let end = start
            .checked_add(length)
            .ok_or(DecodeError::BadExceptionTable {
                offset: entry_start,
            })?;
        entries.push(ExceptionEntry {
            start,
            end,
            target,
            depth: depth_lasti >> 1,
            lasti: depth_lasti & 1 != 0,
        });
    }
    Ok(entries)
}

/// Check that every entry lies within a code of `units` code units.
pub fn check_exception_table(entries: &[ExceptionEntry], units: usize) -> Result<(), DecodeError> {
    for (i, e) in entries.iter().enumerate() {
        if e.end as usize > units || e.target as usize >= units || e.start > e.end {
            return Err(DecodeError::BadExceptionTable { offset: i });
        }
    }
    Ok(())
}

/// The entry protecting code unit `index`, if any.
pub fn find_handler(entries: &[ExceptionEntry], index: u32) -> Option<&ExceptionEntry> {
    // Entries are sorted by start and disjoint: the candidate is the last one starting at or
    // before `index`.
    let n = entries.partition_point(|e| e.start <= index);
    let e = entries.get(n.checked_sub(1)?)?;
    (index < e.end).then_some(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::testutil::{all_code, compile_source, for_each_code_object};

    #[test]
    fn malformed_is_error() {
        assert!(parse_exception_table(&[0x80]).is_err());
        assert!(parse_exception_table(&[0x01, 0, 0, 0]).is_err());
        assert!(parse_exception_table(&[0xc0]).is_err());
        assert_eq!(parse_exception_table(&[]), Ok(vec![]));
    }

    #[test]
    fn matches_dis() {
        let src = r#"
def f(x):
    try:
        x()
    except (ValueError, TypeError) as e:
        print(e)
    finally:
        print('done')
    with open(x) as fp:
        for line in fp:
            try:
                yield line
            except* OSError:
                pass
    return [y for y in x if y]
async def g(x):
    async with x as y:
        async for z in y:
            await z
"#;
        let (path, module) = compile_source("exc", src);
        let expected = for_each_code_object(
            &path,
            r#"
    entries = dis._parse_exception_table(c)
    for e in entries:
        print(e.start // 2, e.end // 2, e.target // 2, e.depth, int(e.lasti))
    for i in range(len(c.co_code) // 2):
        h = [e for e in entries if e.start <= 2 * i < e.end]
        print(i, h[0].target // 2 if h else '-')
"#,
        );
        let mut got = String::new();
        for code in all_code(&module) {
            got.push_str(&format!("code {}\n", code.name));
            let entries = parse_exception_table(&code.exceptiontable).unwrap();
            check_exception_table(&entries, code.code.len() / 2).unwrap();
            for e in &entries {
                got.push_str(&format!(
                    "{} {} {} {} {}\n",
                    e.start, e.end, e.target, e.depth, e.lasti as u8
                ));
            }
            for i in 0..code.code.len() / 2 {
                let h = find_handler(&entries, i as u32);
                let h = h.map(|e| e.target.to_string()).unwrap_or("-".into());
                got.push_str(&format!("{i} {h}\n"));
            }
        }
        assert_eq!(got, expected);
    }
}
