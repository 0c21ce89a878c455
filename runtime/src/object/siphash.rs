//! `str` and `bytes` hashing as CPython 3.11 does it: SipHash-1-3 over the PEP 393
//! representation (1, 2 or 4 bytes per code point, little-endian: so `hash("abc") ==
//! hash(b"abc")`), with a 128-bit key that is random per process by default (hash flooding
//! is not possible) or derived from `PYTHONHASHSEED` exactly as CPython derives it, so that
//! with the same seed every hash, and so the order of sets of strings, is CPython's.
//!
//! The key is fixed once per process ([`init_hash_seed`], called at start-up; without it the
//! first hash reads `PYTHONHASHSEED` itself).

use std::sync::OnceLock;

/// The two 64-bit SipHash keys, and the `PYTHONHASHSEED` number they came from.
static KEY: OnceLock<((u64, u64), Option<u32>)> = OnceLock::new();

/// How the key is chosen: `PYTHONHASHSEED` unset or `random`, or a number (0 disables
/// randomization: an all-zero key).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HashSeed {
    Random,
    Fixed(u32),
}

impl HashSeed {
    /// Parses `PYTHONHASHSEED`'s value; `Err` with CPython's message when it is invalid.
    pub fn parse(v: &str) -> Result<HashSeed, &'static str> {
        if v == "random" {
            return Ok(HashSeed::Random);
        }
        v.parse::<u32>()
            .map(HashSeed::Fixed)
            .map_err(|_| "PYTHONHASHSEED must be \"random\" or an integer in range [0; 4294967295]")
    }
}

/// Fixes the key for this process (the first call wins).
pub fn init_hash_seed(seed: HashSeed) {
    let _ = KEY.set(keyed(seed));
}

fn keyed(seed: HashSeed) -> ((u64, u64), Option<u32>) {
    let fixed = match seed {
        HashSeed::Fixed(n) => Some(n),
        HashSeed::Random => None,
    };
    (derive_key(seed), fixed)
}

fn state() -> &'static ((u64, u64), Option<u32>) {
    KEY.get_or_init(|| {
        let seed = std::env::var("PYTHONHASHSEED")
            .ok()
            .filter(|v| !v.is_empty())
            .and_then(|v| HashSeed::parse(&v).ok())
            .unwrap_or(HashSeed::Random);
        keyed(seed)
    })
}

fn key() -> (u64, u64) {
    state().0
}

/// The `PYTHONHASHSEED` number in effect (`None`: a random key). The host compiler runs
/// with the same seed, so the constant sets it writes into bytecode are in the order
/// CPython's own compiler would give them.
pub fn fixed_seed() -> Option<u32> {
    state().1
}

/// CPython's `_Py_HashRandomization_Init`: random bytes, zeros for seed 0, else the bytes
/// of its linear congruential generator seeded with the number (`lcg_urandom`).
fn derive_key(seed: HashSeed) -> (u64, u64) {
    let mut bytes = [0u8; 16];
    match seed {
        HashSeed::Fixed(0) => {}
        HashSeed::Fixed(n) => {
            let mut x = n;
            for b in bytes.iter_mut() {
                x = x.wrapping_mul(214013).wrapping_add(2531011);
                *b = ((x >> 16) & 0xff) as u8;
            }
        }
        HashSeed::Random => fill_random(&mut bytes),
    }
    let k0 = u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes"));
    let k1 = u64::from_le_bytes(bytes[8..].try_into().expect("8 bytes"));
    (k0, k1)
}

fn fill_random(buf: &mut [u8]) {
    let mut filled = 0;
    while filled < buf.len() {
        // SAFETY: getrandom(2) writes at most `len` bytes into the buffer we own.
        let n =
            unsafe { libc::getrandom(buf[filled..].as_mut_ptr().cast(), buf.len() - filled, 0) };
        if n <= 0 {
            // No kernel randomness (very old kernels): the time and address space layout.
            let t = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64);
            let mix = t ^ (buf.as_ptr() as u64).rotate_left(32) ^ u64::from(std::process::id());
            for (i, b) in buf[filled..].iter_mut().enumerate() {
                *b = (mix.rotate_left(i as u32 * 8) & 0xff) as u8;
            }
            return;
        }
        filled += n as usize;
    }
}

/// CPython's hash of a `bytes` object (also of an ASCII or Latin-1 `str` with these code
/// points): 0 for empty input, never -1 (as an i64 bit pattern).
pub fn hash_bytes(b: &[u8]) -> u64 {
    if b.is_empty() {
        return 0;
    }
    let (k0, k1) = key();
    let h = siphash13(k0, k1, b) as i64;
    (if h == -1 { -2 } else { h }) as u64
}

/// CPython's hash of a `str`: over its PEP 393 form.
pub fn hash_str(s: &str) -> u64 {
    if s.is_ascii() {
        return hash_bytes(s.as_bytes());
    }
    let max = s.chars().map(|c| c as u32).max().unwrap_or(0);
    let mut buf = Vec::with_capacity(s.len() * 2);
    if max < 0x100 {
        buf.extend(s.chars().map(|c| c as u32 as u8));
    } else if max < 0x10000 {
        for c in s.chars() {
            buf.extend_from_slice(&(c as u32 as u16).to_le_bytes());
        }
    } else {
        for c in s.chars() {
            buf.extend_from_slice(&(c as u32).to_le_bytes());
        }
    }
    hash_bytes(&buf)
}

/// SipHash-1-3 (one compression round, three finalization rounds), as CPython uses it.
pub fn siphash13(k0: u64, k1: u64, data: &[u8]) -> u64 {
    let mut v = [
        k0 ^ 0x736f_6d65_7073_6575,
        k1 ^ 0x646f_7261_6e64_6f6d,
        k0 ^ 0x6c79_6765_6e65_7261,
        k1 ^ 0x7465_6462_7974_6573,
    ];
    fn round(v: &mut [u64; 4]) {
        v[0] = v[0].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(13) ^ v[0];
        v[0] = v[0].rotate_left(32);
        v[2] = v[2].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(16) ^ v[2];
        v[0] = v[0].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(21) ^ v[0];
        v[2] = v[2].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(17) ^ v[2];
        v[2] = v[2].rotate_left(32);
    }
    let mut chunks = data.chunks_exact(8);
    for chunk in &mut chunks {
        let m = u64::from_le_bytes(chunk.try_into().expect("8-byte chunk"));
        v[3] ^= m;
        round(&mut v);
        v[0] ^= m;
    }
    let mut last = [0u8; 8];
    let tail = chunks.remainder();
    last[..tail.len()].copy_from_slice(tail);
    last[7] = data.len() as u8;
    let m = u64::from_le_bytes(last);
    v[3] ^= m;
    round(&mut v);
    v[0] ^= m;
    v[2] ^= 0xff;
    for _ in 0..3 {
        round(&mut v);
    }
    v[0] ^ v[1] ^ v[2] ^ v[3]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `PYTHONHASHSEED=N python3 -c "print(hash(s))"` under CPython 3.11.7, for s = 'abc',
    /// 'é', '€x', '😀' (the three PEP 393 kinds) and a 26-character ASCII string.
    #[test]
    fn keys_and_hashes_match_cpython() {
        let strs = ["abc", "é", "€x", "😀", "hello world, longer string"];
        let expected: [(u32, [i64; 5]); 3] = [
            (
                0,
                [
                    -4594863902769663758,
                    6047309291227476195,
                    -483395623852268653,
                    -3536540696076613844,
                    -4913090315238366918,
                ],
            ),
            (
                42,
                [
                    3869580338025362921,
                    5653850369683463245,
                    5570975265233553142,
                    6601963133753205906,
                    -3906189437033585415,
                ],
            ),
            (
                4294967295,
                [
                    -6122489556238538401,
                    -5741392403324874290,
                    4222019949844446361,
                    -5273353973323107289,
                    8893685238847806293,
                ],
            ),
        ];
        for (seed, hashes) in expected {
            let (k0, k1) = derive_key(HashSeed::Fixed(seed));
            for (s, want) in strs.iter().zip(hashes) {
                let max = s.chars().map(|c| c as u32).max().unwrap_or(0);
                let buf: Vec<u8> = if max < 0x80 {
                    s.as_bytes().to_vec()
                } else if max < 0x100 {
                    s.chars().map(|c| c as u8).collect()
                } else if max < 0x10000 {
                    s.chars().flat_map(|c| (c as u16).to_le_bytes()).collect()
                } else {
                    s.chars().flat_map(|c| (c as u32).to_le_bytes()).collect()
                };
                assert_eq!(siphash13(k0, k1, &buf) as i64, want, "seed {seed}: {s}");
            }
        }
        assert_eq!(HashSeed::parse("random"), Ok(HashSeed::Random));
        assert!(HashSeed::parse("4294967296").is_err());
        assert!(HashSeed::parse("-1").is_err());
    }
}
