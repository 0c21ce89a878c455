//! Test support: run a python3 script over many inputs and return its answers, so tests
//! compare against the real CPython on this machine instead of hand-written expectations.

use std::io::Write;
use std::process::{Command, Stdio};

/// Hex-encode text so any char survives the trip through a line-based pipe.
pub fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

/// Decode [`hex`].
pub fn unhex(h: &str) -> String {
    let bytes: Vec<u8> = (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&h[i..i + 2], 16).expect("hex"))
        .collect();
    String::from_utf8(bytes).expect("utf8")
}

/// Python helpers available to every script: `unhex`, `hexs`, `fbits` (u64 bits -> float),
/// `bits` (float -> u64 bits) and `ans(thunk)` which prints `OK <hex>` or `ERR <type> <hex>`.
const PRELUDE: &str = r#"
import sys, struct, math
def unhex(h): return bytes.fromhex(h).decode()
def hexs(s): return s.encode().hex()
def fbits(b): return struct.unpack('<d', int(b).to_bytes(8, 'little'))[0]
def bits(x): return struct.unpack('<Q', struct.pack('<d', x))[0]
def ans(f):
    try:
        r = f()
        print('OK', hexs(r if isinstance(r, str) else repr(r)))
    except Exception as e:
        print('ERR', type(e).__name__, hexs(str(e)))
"#;

/// One python answer: `Ok(text)` or `Err((exception type, message))`.
pub type Answer = Result<String, (String, String)>;

/// Run `PRELUDE + script` with `lines` on stdin (the script reads `sys.stdin`) and parse one
/// [`Answer`] per output line.
pub fn run(script: &str, lines: &[String]) -> Vec<Answer> {
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(format!("{PRELUDE}\n{script}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 must be installed to run differential tests");
    let mut stdin = child.stdin.take().expect("stdin");
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    // Write from another thread: python answers while reading, so a single-threaded writer
    // would deadlock once the output pipe fills.
    let writer = std::thread::spawn(move || {
        stdin.write_all(input.as_bytes()).expect("write");
    });
    let out = child.wait_with_output().expect("python3 ran");
    writer.join().expect("writer thread");
    assert!(out.status.success(), "python3 failed");
    let text = String::from_utf8(out.stdout).expect("utf8");
    let answers: Vec<Answer> = text
        .lines()
        .map(|l| {
            let mut parts = l.splitn(3, ' ');
            match parts.next() {
                Some("OK") => Ok(unhex(parts.next().unwrap_or(""))),
                _ => {
                    let ty = parts.next().unwrap_or("").to_string();
                    Err((ty, unhex(parts.next().unwrap_or(""))))
                }
            }
        })
        .collect();
    assert_eq!(answers.len(), lines.len(), "one answer per input line");
    answers
}
