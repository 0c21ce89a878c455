//! The 16-byte `.pyc` header (PEP 552) and the table of magic numbers per Python version.
//!
//! ```text
//!  0        2        4                8                12               16
//!  +--------+--------+----------------+----------------+----------------+
//!  | magic  | \r \n  | flags (u32 LE) | mtime (u32 LE) | size (u32 LE)  |   flags bit 0 = 0
//!  +--------+--------+----------------+----------------+----------------+
//!  | magic  | \r \n  | flags (u32 LE) |   SipHash-1-3 of the source     |   flags bit 0 = 1
//!  +--------+--------+----------------+---------------------------------+
//! ```
//!
//! The magic is a little-endian u16; 3.11 final is 3495 (`a7 0d 0d 0a`). Flags bit 1
//! (`check_source`) only means something for hash-based pycs.

use std::fmt;

/// The magic number of CPython 3.11 bytecode.
pub const MAGIC_3_11: u16 = 3495;
/// The four magic bytes a 3.11 pyc starts with.
pub const MAGIC_BYTES_3_11: [u8; 4] = [0xa7, 0x0d, 0x0d, 0x0a];
/// Length of the header; the marshalled code object follows.
pub const HEADER_LEN: usize = 16;

const FLAG_HASH_BASED: u32 = 0b01;
const FLAG_CHECK_SOURCE: u32 = 0b10;

/// How a pyc says which source it was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validation {
    /// The source's mtime (seconds, truncated to 32 bits) and size (mod 2**32).
    Timestamp { mtime: u32, source_size: u32 },
    /// `importlib.util.source_hash(source)`; `check_source` says whether importers compare it.
    Hash {
        check_source: bool,
        source_hash: [u8; 8],
    },
}

/// A parsed, valid 3.11 header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PycHeader {
    pub validation: Validation,
}

/// What is wrong with a header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderError {
    /// Fewer than 16 bytes.
    TooShort { len: usize },
    /// Bytes 2..4 are not `\r\n`: not a pyc at all.
    NotPyc { first_bytes: [u8; 4] },
    /// A pyc from another Python version (or an unknown one).
    BadMagic { magic: u16 },
    /// Flag bits PEP 552 does not define.
    BadFlags { flags: u32 },
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderError::TooShort { len } => {
                write!(
                    f,
                    "file too short for a pyc header ({len} bytes, need {HEADER_LEN})"
                )
            }
            HeaderError::NotPyc { first_bytes } => write!(
                f,
                "not a pyc file (starts with {:02x} {:02x} {:02x} {:02x}, expected a magic number \
                 then 0d 0a)",
                first_bytes[0], first_bytes[1], first_bytes[2], first_bytes[3]
            ),
            HeaderError::BadMagic { magic } => {
                write!(f, "bad magic number {}", describe_magic(*magic))
            }
            HeaderError::BadFlags { flags } => write!(f, "invalid pyc flags {flags:#x}"),
        }
    }
}

impl std::error::Error for HeaderError {}

/// Magic number ranges per version, from the comments in CPython's
/// Lib/importlib/_bootstrap_external.py (3.n >= 3.11 owns 2900+50n .. 2949+50n).
const MAGIC_RANGES: &[(u16, u16, &str)] = &[
    (62171, 62211, "2.7"),
    (3000, 3131, "3.0"),
    (3141, 3151, "3.1"),
    (3160, 3180, "3.2"),
    (3190, 3230, "3.3"),
    (3250, 3310, "3.4"),
    (3320, 3351, "3.5"),
    (3360, 3379, "3.6"),
    (3390, 3394, "3.7"),
    (3400, 3413, "3.8"),
    (3420, 3425, "3.9"),
    (3430, 3439, "3.10"),
    (3450, 3499, "3.11"),
    (3500, 3549, "3.12"),
    (3550, 3599, "3.13"),
    (3600, 3649, "3.14"),
];

/// The Python version whose (pre-)releases wrote `magic`, if known.
pub fn python_version_for_magic(magic: u16) -> Option<&'static str> {
    MAGIC_RANGES
        .iter()
        .find(|(lo, hi, _)| (*lo..=*hi).contains(&magic))
        .map(|(_, _, v)| *v)
}

/// `3425 (made by Python 3.9); pycrane runs CPython 3.11 bytecode (magic 3495)`.
pub fn describe_magic(magic: u16) -> String {
    let made_by = match python_version_for_magic(magic) {
        Some(v) => format!("made by Python {v}"),
        None => "made by an unknown Python version".to_string(),
    };
    format!("{magic} ({made_by}); pycrane runs CPython 3.11 bytecode (magic {MAGIC_3_11})")
}

/// Parse and validate the header at the start of `data`.
pub fn parse_header(data: &[u8]) -> Result<PycHeader, HeaderError> {
    if data.len() < 4 || data[2..4] != [0x0d, 0x0a] {
        if data.len() >= 4 {
            return Err(HeaderError::NotPyc {
                first_bytes: [data[0], data[1], data[2], data[3]],
            });
        }
        return Err(HeaderError::TooShort { len: data.len() });
    }
    let magic = u16::from_le_bytes([data[0], data[1]]);
    if magic != MAGIC_3_11 {
        return Err(HeaderError::BadMagic { magic });
    }
    if data.len() < HEADER_LEN {
        return Err(HeaderError::TooShort { len: data.len() });
    }
    let word = |i: usize| u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]);
    let flags = word(4);
    if flags & !(FLAG_HASH_BASED | FLAG_CHECK_SOURCE) != 0 {
        return Err(HeaderError::BadFlags { flags });
    }
    let validation = if flags & FLAG_HASH_BASED != 0 {
        let mut source_hash = [0u8; 8];
        source_hash.copy_from_slice(&data[8..16]);
        Validation::Hash {
            check_source: flags & FLAG_CHECK_SOURCE != 0,
            source_hash,
        }
    } else {
        Validation::Timestamp {
            mtime: word(8),
            source_size: word(12),
        }
    };
    Ok(PycHeader { validation })
}

/// `importlib.util.source_hash(source)` for 3.11: SipHash-1-3 keyed with (magic word, 0),
/// as 8 little-endian bytes.
pub fn source_hash(source: &[u8]) -> [u8; 8] {
    let key = u64::from(u32::from_le_bytes(MAGIC_BYTES_3_11));
    crate::object::siphash::siphash13(key, 0, source).to_le_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_hash_matches_cpython() {
        // importlib.util.source_hash(...).hex() under CPython 3.11.7.
        let hex = |b: [u8; 8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        assert_eq!(hex(source_hash(b"abc")), "c7af82e77c1da4f5");
        assert_eq!(hex(source_hash(b"")), "738d9cd5d5e87f73");
        assert_eq!(
            hex(source_hash(b"hello world, this is long")),
            "bf835ed40224f995"
        );
    }

    #[test]
    fn magic_versions() {
        assert_eq!(python_version_for_magic(3425), Some("3.9"));
        assert_eq!(python_version_for_magic(3495), Some("3.11"));
        assert_eq!(python_version_for_magic(3531), Some("3.12"));
        assert_eq!(python_version_for_magic(3571), Some("3.13"));
        assert_eq!(python_version_for_magic(3627), Some("3.14"));
        assert_eq!(python_version_for_magic(62211), Some("2.7"));
        assert_eq!(python_version_for_magic(3351), Some("3.5"));
        assert_eq!(python_version_for_magic(12345), None);
    }

    #[test]
    fn header_kinds() {
        let mut h = MAGIC_BYTES_3_11.to_vec();
        h.extend_from_slice(&0u32.to_le_bytes());
        h.extend_from_slice(&7u32.to_le_bytes());
        h.extend_from_slice(&9u32.to_le_bytes());
        assert_eq!(
            parse_header(&h).unwrap().validation,
            Validation::Timestamp {
                mtime: 7,
                source_size: 9
            }
        );
        h[4] = 3;
        assert_eq!(
            parse_header(&h).unwrap().validation,
            Validation::Hash {
                check_source: true,
                source_hash: [7, 0, 0, 0, 9, 0, 0, 0]
            }
        );
        h[4] = 4;
        assert_eq!(parse_header(&h), Err(HeaderError::BadFlags { flags: 4 }));
        assert_eq!(
            parse_header(&h[..10]),
            Err(HeaderError::TooShort { len: 10 })
        );
        assert_eq!(parse_header(&[]), Err(HeaderError::TooShort { len: 0 }));
        let mut old = h.clone();
        old[..2].copy_from_slice(&3425u16.to_le_bytes());
        let e = parse_header(&old).unwrap_err();
        assert_eq!(
            e.to_string(),
            "bad magic number 3425 (made by Python 3.9); pycrane runs CPython 3.11 bytecode \
             (magic 3495)"
        );
        assert!(matches!(
            parse_header(b"garbage garbage!"),
            Err(HeaderError::NotPyc { .. })
        ));
    }
}
