//! Tests for the pyc loader: real pycs from the host `python3` (CPython 3.11), hand-built
//! marshal streams for every type code, malformed input, and script compilation.

use super::code::kinds;
use super::header::MAGIC_BYTES_3_11;
use super::marshal::{read_object, MAX_DEPTH};
use super::source::{cache_path, code_for_script_with, code_for_source, ScriptOptions};
use super::*;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

// ---- helpers -------------------------------------------------------------------------------

/// A fresh empty directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("pycrane-pyc-{}-{tag}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

use std::fs;

fn python(args: &[&str]) -> String {
    let out = Command::new("python3")
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "python3 {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Compile `source` with `python3 -m py_compile`, returning the pyc path.
fn compile_pyc(dir: &TempDir, name: &str, source: &str) -> PathBuf {
    let src = dir.path(name);
    fs::write(&src, source).unwrap();
    let pyc = dir.path(&format!("{name}c"));
    let script =
        "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)";
    python(&["-c", script, src.to_str().unwrap(), pyc.to_str().unwrap()]);
    pyc
}

/// The same canonical dump in Python (of `marshal.loads`) and Rust (of our loader).
const PY_DUMP: &str = r#"
import sys, marshal, struct
def d(o):
    t = type(o)
    if o is None: return 'None'
    if o is StopIteration: return 'StopIteration'
    if o is Ellipsis: return 'Ellipsis'
    if t is bool: return 'True' if o else 'False'
    if t is int: return 'int:%d' % o
    if t is float: return 'float:' + struct.pack('<d', o).hex()
    if t is complex: return 'complex:' + struct.pack('<dd', o.real, o.imag).hex()
    if t is str:
        # Lone surrogates read back as U+FFFD, as the loader decodes them.
        o = o.encode('utf-16-le', 'surrogatepass').decode('utf-16-le', 'replace')
        return 'str:' + o.encode('utf-8').hex()
    if t is bytes: return 'bytes:' + o.hex()
    if t is tuple: return '(' + ','.join(map(d, o)) + ')'
    if t is list: return '[' + ','.join(map(d, o)) + ']'
    if t is frozenset: return 'frozenset{' + ','.join(sorted(map(d, o))) + '}'
    if t is set: return 'set{' + ','.join(sorted(map(d, o))) + '}'
    if t is dict: return 'dict{' + ','.join(d(k) + ':' + d(v) for k, v in o.items()) + '}'
    if t is type(d.__code__):
        ints = [o.co_argcount, o.co_posonlyargcount, o.co_kwonlyargcount, o.co_stacksize,
                o.co_flags, o.co_firstlineno]
        parts = [' '.join(map(str, ints)), o.co_code.hex(), d(o.co_consts), d(o.co_names),
                 d(o.co_varnames), d(o.co_cellvars), d(o.co_freevars), d(o.co_filename),
                 d(o.co_name), d(o.co_qualname), o.co_linetable.hex(), o.co_exceptiontable.hex()]
        return 'code<' + '|'.join(parts) + '>'
    raise TypeError(t)
data = open(sys.argv[1], 'rb').read()
print(d(marshal.loads(data[16:])))
"#;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn dump(c: &Const) -> String {
    let seq = |items: &[Const]| items.iter().map(dump).collect::<Vec<_>>().join(",");
    let sorted = |items: &[Const]| {
        let mut v: Vec<String> = items.iter().map(dump).collect();
        v.sort();
        v.join(",")
    };
    match c {
        Const::None => "None".into(),
        Const::StopIteration => "StopIteration".into(),
        Const::Ellipsis => "Ellipsis".into(),
        Const::Bool(b) => (if *b { "True" } else { "False" }).into(),
        Const::Int(i) => format!("int:{i}"),
        Const::BigInt(i) => format!("int:{i}"),
        Const::Float(f) => format!("float:{}", hex(&f.to_le_bytes())),
        Const::Complex(re, im) => {
            format!(
                "complex:{}{}",
                hex(&re.to_le_bytes()),
                hex(&im.to_le_bytes())
            )
        }
        Const::Str(s) => format!("str:{}", hex(s.as_bytes())),
        Const::Bytes(b) => format!("bytes:{}", hex(b)),
        Const::Tuple(items) => format!("({})", seq(items)),
        Const::List(items) => format!("[{}]", seq(items)),
        Const::FrozenSet(items) => format!("frozenset{{{}}}", sorted(items)),
        Const::Set(items) => format!("set{{{}}}", sorted(items)),
        Const::Dict(pairs) => format!(
            "dict{{{}}}",
            pairs
                .iter()
                .map(|(k, v)| format!("{}:{}", dump(k), dump(v)))
                .collect::<Vec<_>>()
                .join(",")
        ),
        Const::Code(code) => dump_code(code),
    }
}

fn dump_code(o: &CodeObject) -> String {
    let names = |kind: u8| {
        let items: Vec<Const> = o
            .localsplusnames
            .iter()
            .zip(&o.localspluskinds)
            .filter(|(_, k)| **k & kind != 0)
            .map(|(n, _)| Const::Str(n.clone()))
            .collect();
        dump(&Const::Tuple(items.into()))
    };
    let strs = |v: &[Rc<str>]| {
        dump(&Const::Tuple(
            v.iter()
                .map(|s| Const::Str(s.clone()))
                .collect::<Vec<_>>()
                .into(),
        ))
    };
    let ints = [
        o.argcount,
        o.posonlyargcount,
        o.kwonlyargcount,
        o.stacksize,
        o.flags,
        o.firstlineno,
    ];
    let parts = [
        ints.iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(" "),
        hex(&o.code),
        dump(&Const::Tuple(o.consts.clone().into())),
        strs(&o.names),
        names(kinds::LOCAL),
        names(kinds::CELL),
        names(kinds::FREE),
        dump(&Const::Str(o.filename.clone())),
        dump(&Const::Str(o.name.clone())),
        dump(&Const::Str(o.qualname.clone())),
        hex(&o.linetable),
        hex(&o.exceptiontable),
    ];
    format!("code<{}>", parts.join("|"))
}

const RICH_SOURCE: &str = r#"
"""Module docstring with non-ASCII: café ☃ 𝄞"""
import sys
BIG = 123456789012345678901234567890
NEG_BIG = -98765432109876543210987654321
EDGE = (2**62, -2**62, 2**63 - 1, -2**63, 2**63, -2**63 - 1, 2**64, 0, -1, 1 << 200)
SMALL = (0, 1, -5, 255, 2**31 - 1, -2**31)
FLOATS = (0.0, -0.0, 1.5, 1e300, 5e-324, float('inf'))
CPLX = (2j, 1 + 2j, -0.5j)
BYTES = (b"", b"\x00\xff raw", b"abc" * 100)
STRS = ("", "ascii", "é", "日本語", "x" * 300, "y" * 255, "z" * 256)
def f(a, b=2, *args, c, d=None, **kw):
    x = a in {1, 2, 3}
    y = b in frozenset({"p", "q"})
    def g():
        return a + b + c
    return g, x, y, ..., None, True, False, (1, (2, (3, "deep")))
class K:
    def m(self, /, p, *, q):
        try:
            return [v for v in (p, q) if v]
        except (ValueError, TypeError) as e:
            raise RuntimeError("bad") from e
        finally:
            pass
async def co():
    async with sys as s:
        await s
lam = lambda *a: a
"#;

#[test]
fn real_pycs_round_trip() {
    let dir = TempDir::new("roundtrip");
    let sources = [
        ("rich.py", RICH_SOURCE),
        ("empty.py", ""),
        ("one.py", "print('hello')\n"),
        ("surrogate.py", "s = '\\ud800 lone'\nt = ('a', 'a', 'a')\n"),
    ];
    for (name, source) in sources {
        let pyc = compile_pyc(&dir, name, source);
        let expected = python(&["-c", PY_DUMP, pyc.to_str().unwrap()]);
        let code = load_pyc_file(&pyc).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = dump_code(&code);
        if name == "surrogate.py" {
            assert!(got.contains(&hex("\u{FFFD} lone".as_bytes())), "{got}");
        }
        assert_eq!(got, expected.trim_end(), "{name}");
    }
}

#[test]
fn real_pyc_rich_constants_have_expected_kinds() {
    let dir = TempDir::new("kinds");
    let pyc = compile_pyc(&dir, "rich.py", RICH_SOURCE);
    let code = load_pyc_file(&pyc).unwrap();
    let all = dump_code(&code);
    let big: num_bigint::BigInt = "123456789012345678901234567890".parse().unwrap();
    assert!(code
        .consts
        .iter()
        .any(|c| matches!(c, Const::BigInt(b) if **b == big)));
    assert!(code.consts.iter().any(
        |c| matches!(c, Const::BigInt(b) if b.to_string() == "-98765432109876543210987654321")
    ));
    // 2**62 is marshalled as a 5-digit long but fits i64.
    assert!(all.contains(&format!("int:{}", 1i64 << 62)));
    assert!(all.contains(&format!("int:{}", i64::MIN)));
    assert!(all.contains("frozenset{"));
    assert_eq!(&*code.filename, dir.path("rich.py").to_str().unwrap());
}

// ---- hand-built marshal streams ------------------------------------------------------------

fn i32le(v: i32) -> Vec<u8> {
    v.to_le_bytes().to_vec()
}

fn read(bytes: &[u8]) -> Result<Const, MarshalError> {
    read_object(bytes, 0)
}

fn ok(bytes: &[u8]) -> String {
    dump(&read(bytes).unwrap_or_else(|e| panic!("{bytes:02x?}: {e}")))
}

fn err(bytes: &[u8]) -> String {
    match read(bytes) {
        Ok(c) => panic!("{bytes:02x?} parsed as {}", dump(&c)),
        Err(e) => e.to_string(),
    }
}

#[test]
fn every_type_code() {
    assert_eq!(ok(b"N"), "None");
    assert_eq!(ok(b"F"), "False");
    assert_eq!(ok(b"T"), "True");
    assert_eq!(ok(b"S"), "StopIteration");
    assert_eq!(ok(b"."), "Ellipsis");
    assert_eq!(ok(&[b"i".as_slice(), &i32le(-7)].concat()), "int:-7");
    assert_eq!(
        ok(&[b"I".as_slice(), &(-1i64 << 40).to_le_bytes()].concat()),
        format!("int:{}", -1i64 << 40)
    );
    // long: 2 digits, value 1 + 2*2**15; negative size = negative value.
    assert_eq!(
        ok(&[b"l".as_slice(), &i32le(2), &[1, 0, 2, 0]].concat()),
        "int:65537"
    );
    assert_eq!(
        ok(&[b"l".as_slice(), &i32le(-2), &[1, 0, 2, 0]].concat()),
        "int:-65537"
    );
    assert_eq!(ok(&[b"l".as_slice(), &i32le(0)].concat()), "int:0");
    let mut huge = vec![b'l'];
    huge.extend(i32le(-7));
    huge.extend([0xff, 0x7f].repeat(7)); // -(2**105 - 1)
    let one = num_bigint::BigInt::from(1u8);
    let expected: num_bigint::BigInt = -((one << 105u32) - 1u8);
    assert_eq!(ok(&huge), format!("int:{expected}"));
    assert_eq!(
        ok(b"f\x031.5"),
        format!("float:{}", hex(&1.5f64.to_le_bytes()))
    );
    assert_eq!(
        ok(b"f\x03inf"),
        format!("float:{}", hex(&f64::INFINITY.to_le_bytes()))
    );
    assert_eq!(
        ok(&[b"g".as_slice(), &2.25f64.to_le_bytes()].concat()),
        format!("float:{}", hex(&2.25f64.to_le_bytes()))
    );
    let c = |re: f64, im: f64| {
        format!(
            "complex:{}{}",
            hex(&re.to_le_bytes()),
            hex(&im.to_le_bytes())
        )
    };
    assert_eq!(ok(b"x\x031.0\x04-2.5"), c(1.0, -2.5));
    assert_eq!(
        ok(&[
            b"y".as_slice(),
            &0.5f64.to_le_bytes(),
            &3.0f64.to_le_bytes()
        ]
        .concat()),
        c(0.5, 3.0)
    );
    assert_eq!(
        ok(&[b"s".as_slice(), &i32le(3), b"a\x00b"].concat()),
        "bytes:610062"
    );
    let utf8 = "é☃".as_bytes();
    for code in [b't', b'u'] {
        assert_eq!(
            ok(&[&[code], i32le(utf8.len() as i32).as_slice(), utf8].concat()),
            format!("str:{}", hex(utf8))
        );
    }
    for code in [b'a', b'A'] {
        assert_eq!(
            ok(&[&[code], i32le(2).as_slice(), b"hi"].concat()),
            "str:6869"
        );
    }
    // The ASCII types are read as Latin-1, as CPython does.
    assert_eq!(ok(b"z\x02h\xe9"), format!("str:{}", hex("hé".as_bytes())));
    assert_eq!(ok(b"Z\x00"), "str:");
    assert_eq!(
        ok(&[b"(".as_slice(), &i32le(2), b"NT"].concat()),
        "(None,True)"
    );
    assert_eq!(ok(b")\x03N.F"), "(None,Ellipsis,False)");
    assert_eq!(ok(b")\x00"), "()");
    assert_eq!(
        ok(&[b"[".as_slice(), &i32le(1), b"S"].concat()),
        "[StopIteration]"
    );
    assert_eq!(ok(b"{z\x01kTz\x01jF0"), "dict{str:6b:True,str:6a:False}");
    assert_eq!(
        ok(&[b"<".as_slice(), &i32le(1), b"N"].concat()),
        "set{None}"
    );
    assert_eq!(
        ok(&[b">".as_slice(), &i32le(2), b"TF"].concat()),
        "frozenset{False,True}"
    );
    // Lone surrogate in UTF-8 ('surrogatepass') decodes to one U+FFFD.
    assert_eq!(
        ok(b"u\x04\x00\x00\x00\xed\xa0\x80x"),
        format!("str:{}", hex("\u{FFFD}x".as_bytes()))
    );
}

#[test]
fn references() {
    // FLAG_REF on a short string (ref 0), then a tuple (ref 1, reserved before its items)
    // holding the string again by reference and a nested flagged int (ref 2).
    let mut b = vec![b')' | 0x80, 3];
    b.extend(b"\xda\x03abc"); // 'z' | FLAG_REF -> ref 1
    b.push(b'r');
    b.extend(i32le(1));
    b.push(b'i' | 0x80); // ref 2
    b.extend(i32le(9));
    assert_eq!(ok(&b), "(str:616263,str:616263,int:9)");
    // A list of [x, ref to x, ref to the outer (reserved) tuple] - the latter is recursive.
    let mut rec = vec![b'(' | 0x80];
    rec.extend(i32le(1));
    rec.push(b'r');
    rec.extend(i32le(0));
    assert!(err(&rec).contains("still being read"), "{}", err(&rec));
    // Bad reference indices.
    assert!(err(&[b"r".as_slice(), &i32le(0)].concat()).contains("invalid reference 0"));
    assert!(
        err(&[b")\x02\xe9".as_slice(), &i32le(1), b"r", &i32le(5)].concat())
            .contains("invalid reference 5")
    );
    assert!(err(&[b"r".as_slice(), &i32le(-1)].concat()).contains("invalid reference -1"));
    // Singletons carry no reference slot even with the flag set (CPython ignores it).
    let mut s = vec![b')', 2, b'N' | 0x80, b'r'];
    s.extend(i32le(0));
    assert!(err(&s).contains("invalid reference 0"));
}

#[test]
fn malformed_marshal() {
    assert!(err(b"").contains("truncated"));
    assert!(err(b"0").contains("NULL object at the top level"));
    assert!(err(b"?").contains("'?'"));
    assert!(err(b"\x01").contains("bad type code 0x01"));
    assert!(err(b"Q").contains("bad type code 'Q'"));
    assert!(err(b"i\x01\x02").contains("truncated"));
    assert!(err(&[b"s".as_slice(), &i32le(i32::MAX)].concat()).contains("larger than"));
    assert!(err(&[b"s".as_slice(), &i32le(-3)].concat()).contains("negative"));
    assert!(err(&[b"(".as_slice(), &i32le(0x7fff_0000)].concat()).contains("larger than"));
    assert!(err(&[b"[".as_slice(), &i32le(1_000_000), b"NNN"].concat()).contains("larger than"));
    assert!(err(&[b"l".as_slice(), &i32le(i32::MIN)].concat()).contains("larger than"));
    assert!(err(&[b"l".as_slice(), &i32le(1), &[0, 0x80]].concat()).contains("out of range"));
    assert!(err(&[b"l".as_slice(), &i32le(2), &[1, 0, 0, 0]].concat()).contains("unnormalized"));
    assert!(err(b"f\x03abc").contains("bad float"));
    assert!(err(b")\x02N0").contains("NULL object in tuple"));
    assert!(err(b"{N0").contains("NULL object in dict value"));
    assert!(err(b"{NN").contains("truncated"));
    // Offsets point at the bad object.
    let e = read(b")\x02NQ").unwrap_err();
    assert_eq!(e.offset, 3);
}

#[test]
fn nesting_limit() {
    let nested = |depth: usize| {
        let mut b = Vec::new();
        for _ in 0..depth - 1 {
            b.extend([b')', 1]);
        }
        b.push(b'N');
        b
    };
    // Run on a thread with an ordinary 2 MiB stack: the limit must trip before the stack does.
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            assert!(read(&nested(MAX_DEPTH)).is_ok());
            let e = read(&nested(MAX_DEPTH + 1)).unwrap_err().to_string();
            assert!(e.contains("nesting deeper than 2000"), "{e}");
            assert!(read(&nested(100_000)).is_err());
        })
        .unwrap();
    handle.join().unwrap();
}

/// A minimal valid code object by hand, with a field of the wrong type substituted.
fn code_bytes(names: &[u8], kinds: &[u8]) -> Vec<u8> {
    let mut b = vec![b'c'];
    for v in [0, 0, 0, 1, 0] {
        b.extend(i32le(v));
    }
    b.extend([b's', 2, 0, 0, 0, 151, 0]); // co_code: RESUME 0
    b.extend(b")\x01N"); // consts
    b.extend(b")\x00"); // names
    b.extend(names); // localsplusnames
    b.extend(kinds); // localspluskinds
    b.extend(b"z\x04x.py"); // filename
    b.extend(b"z\x08<module>"); // name
    b.extend(b"z\x08<module>"); // qualname
    b.extend(i32le(1)); // firstlineno
    b.extend([b's', 0, 0, 0, 0]); // linetable
    b.extend([b's', 0, 0, 0, 0]); // exceptiontable
    b
}

#[test]
fn hand_built_code_objects() {
    let good = code_bytes(b")\x01z\x01a", b"s\x01\x00\x00\x00\x20");
    let Const::Code(code) = read(&good).unwrap() else {
        panic!()
    };
    assert_eq!(&*code.localsplusnames[0], "a");
    assert_eq!(code.localspluskinds, vec![kinds::LOCAL]);
    assert_eq!(&*code.qualname, "<module>");
    assert_eq!(code.stacksize, 1);
    // localsplusnames holding a non-str.
    let e = err(&code_bytes(b")\x01N", b"s\x01\x00\x00\x00\x20"));
    assert!(
        e.contains("co_localsplusnames must be a tuple of str"),
        "{e}"
    );
    // Kinds length mismatch.
    let e = err(&code_bytes(b")\x01z\x01a", b"s\x00\x00\x00\x00"));
    assert!(e.contains("co_localspluskinds has 0"), "{e}");
    // A list where a tuple is required.
    let e = err(&code_bytes(b"[\x00\x00\x00\x00", b"s\x00\x00\x00\x00"));
    assert!(
        e.contains("co_localsplusnames must be tuple of str, found list"),
        "{e}"
    );
    // Negative argcount.
    let mut neg = good.clone();
    neg[1..5].copy_from_slice(&i32le(-1));
    assert!(err(&neg).contains("co_argcount is negative"));
    // Every truncation of a valid code object is an error, never a panic.
    for len in 0..good.len() {
        assert!(read(&good[..len]).is_err(), "prefix {len}");
    }
}

// ---- pyc files -----------------------------------------------------------------------------

#[test]
fn malformed_pyc_files() {
    let dir = TempDir::new("malformed");
    let pyc = compile_pyc(&dir, "m.py", RICH_SOURCE);
    let data = fs::read(&pyc).unwrap();
    // Every prefix of a real pyc fails cleanly.
    for len in 0..data.len() {
        let r = load_pyc_bytes(&data[..len], "m.pyc");
        assert!(r.is_err(), "prefix of {len} bytes loaded");
    }
    assert!(load_pyc_bytes(&data, "m.pyc").is_ok());

    let empty = dir.path("empty.pyc");
    fs::write(&empty, b"").unwrap();
    let e = load_pyc_file(&empty).unwrap_err().to_string();
    assert!(e.contains("empty.pyc") && e.contains("too short"), "{e}");

    let e = load_pyc_bytes(&data[..9], "t.pyc").unwrap_err().to_string();
    assert!(e.contains("too short"), "{e}");

    let mut old = data.clone();
    old[..2].copy_from_slice(&3425u16.to_le_bytes());
    let e = load_pyc_bytes(&old, "x.pyc").unwrap_err().to_string();
    assert_eq!(
        e,
        "bad magic number in 'x.pyc': 3425 (made by Python 3.9); pycrane runs CPython 3.11 \
         bytecode (magic 3495)"
    );
    old[..2].copy_from_slice(&9999u16.to_le_bytes());
    let e = load_pyc_bytes(&old, "x.pyc").unwrap_err().to_string();
    assert!(
        e.contains("9999 (made by an unknown Python version)"),
        "{e}"
    );
    let e = load_pyc_bytes(b"#!/usr/bin/env python\nprint()", "g.pyc")
        .unwrap_err()
        .to_string();
    assert!(e.contains("not a pyc file"), "{e}");

    // A valid header followed by something that is not a code object.
    let mut not_code = data[..16].to_vec();
    not_code.push(b'N');
    let e = load_pyc_bytes(&not_code, "n.pyc").unwrap_err().to_string();
    assert!(
        e.contains("expected a code object") && e.contains("None"),
        "{e}"
    );
    // Offsets in errors count from the start of the file.
    let mut bad = data[..16].to_vec();
    bad.push(b'Q');
    let e = load_pyc_bytes(&bad, "b.pyc").unwrap_err().to_string();
    assert!(e.contains("at byte 16"), "{e}");

    let missing = load_pyc_file(&dir.path("missing.pyc"))
        .unwrap_err()
        .to_string();
    assert!(missing.contains("missing.pyc"), "{missing}");
}

#[test]
fn header_constant_matches_host() {
    let magic = python(&[
        "-c",
        "import importlib.util; print(importlib.util.MAGIC_NUMBER.hex())",
    ]);
    assert_eq!(magic.trim(), hex(&MAGIC_BYTES_3_11));
}

// ---- scripts -------------------------------------------------------------------------------

fn opts_in(dir: &TempDir, write_bytecode: bool) -> ScriptOptions {
    ScriptOptions {
        write_bytecode,
        python: None,
        private_cache: Some(dir.path("private-cache")),
        optimize: 0,
    }
}

fn opts(write_bytecode: bool) -> ScriptOptions {
    ScriptOptions {
        write_bytecode,
        python: None,
        private_cache: None,
        optimize: 0,
    }
}

fn no_python(dir: &TempDir) -> ScriptOptions {
    ScriptOptions {
        python: Some("/nonexistent/python".into()),
        ..opts_in(dir, true)
    }
}

/// Loads `src` as an imported module would be.
fn module(src: &Path, o: &ScriptOptions) -> Result<Rc<CodeObject>, LoadError> {
    code_for_source(src, src.to_str().unwrap(), None, o, false)
}

#[test]
fn script_goes_to_the_private_cache_never_pycache() {
    let dir = TempDir::new("script");
    let src = dir.path("prog.py");
    fs::write(&src, "def f():\n    return 1\nprint(f())\n").unwrap();
    let code = code_for_script_with(&src, &opts_in(&dir, true)).unwrap();
    assert_eq!(&*code.filename, src.to_str().unwrap());
    let Some(Const::Code(f)) = code.consts.iter().find(|c| matches!(c, Const::Code(_))) else {
        panic!("no nested code")
    };
    assert_eq!(&*f.filename, src.to_str().unwrap());
    // CPython never writes __pycache__ for __main__; neither does pycrane.
    assert!(!dir.path("__pycache__").exists());
    assert_eq!(
        fs::read_dir(dir.path("private-cache/bytecode"))
            .unwrap()
            .count(),
        1
    );
    // Cached: no host Python needed at all.
    let again = code_for_script_with(&src, &no_python(&dir)).unwrap();
    assert_eq!(dump_code(&again), dump_code(&code));
    // A different spelling of the path is another entry, compiled again.
    let other = dir.0.join(".").join("prog.py");
    let fixed = code_for_script_with(&other, &opts_in(&dir, true)).unwrap();
    assert_eq!(&*fixed.filename, other.to_str().unwrap());
}

#[test]
fn module_writes_pycache_that_cpython_accepts() {
    let dir = TempDir::new("module");
    let src = dir.path("prog.py");
    fs::write(&src, "def f():\n    return 1\n").unwrap();
    let code = module(&src, &opts_in(&dir, true)).unwrap();
    let cache = cache_path(&src).unwrap();
    assert_eq!(cache, dir.path("__pycache__/prog.cpython-311.pyc"));
    assert!(cache.exists());
    assert!(!dir.path("private-cache").exists());
    let check = "import sys; sys.path.insert(0, sys.argv[1]); import prog; print(prog.__cached__)";
    let out = Command::new("python3")
        .args(["-B", "-c", check, dir.0.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let again = module(&src, &no_python(&dir)).unwrap();
    assert_eq!(dump_code(&again), dump_code(&code));
}

#[test]
fn stale_cache_is_recompiled() {
    let dir = TempDir::new("stale");
    let src = dir.path("s.py");
    fs::write(&src, "x = 1\n").unwrap();
    module(&src, &opts_in(&dir, true)).unwrap();
    // Same size, different content and an mtime surely different from the cached one.
    fs::write(&src, "x = 2\n").unwrap();
    let f = fs::File::options().write(true).open(&src).unwrap();
    f.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000))
        .unwrap();
    drop(f);
    let code = module(&src, &opts_in(&dir, true)).unwrap();
    assert!(
        code.consts.iter().any(|c| matches!(c, Const::Int(2))),
        "{:?}",
        code.consts
    );
    // The rewritten cache now matches the source.
    let cached = module(&src, &no_python(&dir)).unwrap();
    assert!(cached.consts.iter().any(|c| matches!(c, Const::Int(2))));
}

#[test]
fn checked_hash_pyc_is_validated() {
    let dir = TempDir::new("hash");
    let src = dir.path("h.py");
    fs::write(&src, "x = 'hashed'\n").unwrap();
    let script = "import py_compile as p, sys; p.compile(sys.argv[1], doraise=True, \
                  invalidation_mode=p.PycInvalidationMode.CHECKED_HASH)";
    python(&["-c", script, src.to_str().unwrap()]);
    // Hash matches: used without compiling.
    module(&src, &no_python(&dir)).unwrap();
    // Source changed: the hash no longer matches, so it needs the compiler.
    fs::write(&src, "x = 'changed'\n").unwrap();
    let e = module(&src, &no_python(&dir)).unwrap_err();
    assert!(matches!(e, LoadError::NoHostPython { .. }), "{e}");
    let code = module(&src, &opts_in(&dir, true)).unwrap();
    assert!(code
        .consts
        .iter()
        .any(|c| matches!(c, Const::Str(s) if &**s == "changed")));
}

#[test]
fn dont_write_bytecode_uses_the_private_cache() {
    let dir = TempDir::new("nowrite");
    let src = dir.path("n.py");
    fs::write(&src, "y = 3\n").unwrap();
    let code = module(&src, &opts_in(&dir, false)).unwrap();
    assert!(code.consts.iter().any(|c| matches!(c, Const::Int(3))));
    assert!(!dir.path("__pycache__").exists());
    let again = module(
        &src,
        &ScriptOptions {
            write_bytecode: false,
            ..no_python(&dir)
        },
    )
    .unwrap();
    assert!(again.consts.iter().any(|c| matches!(c, Const::Int(3))));
}

#[test]
fn unwritable_cache_dir_still_runs() {
    let dir = TempDir::new("readonly");
    let src = dir.path("r.py");
    fs::write(&src, "z = 4\n").unwrap();
    // A plain file where __pycache__ should be: the cache cannot be written (even as root).
    fs::write(dir.path("__pycache__"), b"").unwrap();
    let code = module(&src, &opts(true)).unwrap();
    assert!(code.consts.iter().any(|c| matches!(c, Const::Int(4))));
}

#[test]
fn syntax_error_text_matches_cpython() {
    let dir = TempDir::new("syntax");
    let cases = [
        ("bad1.py", "x = (1,\ny = 2 +\n"),
        ("bad2.py", "def f(:\n  pass\n"),
        ("bad3.py", "x = 1\n  y = 2\n"),
        ("bad4.py", "a = 1 +* 2\n"),
        ("bad5.py", "return 5\n"),
        ("nul1.py", "x = 1\ny = 2 \0 z\nw=3\n"),
        ("nul2.py", "\0"),
        ("utf1.py", "x = 1\ny = \"\u{ff}\"\n"),
        ("utf2.py", "x = 1\n#\u{fe}\n\0"),
    ];
    for (name, source) in cases {
        let src = dir.path(name);
        // "\u{ff}" stands for the single byte 0xff (Latin-1 -> bytes).
        let bytes: Vec<u8> = source.chars().map(|c| c as u32 as u8).collect();
        fs::write(&src, bytes).unwrap();
        let cpython = Command::new("python3").arg(&src).output().unwrap();
        assert_eq!(cpython.status.code(), Some(1));
        let e = code_for_script_with(&src, &opts(true)).unwrap_err();
        assert!(matches!(e, LoadError::Compile { .. }), "{name}: {e}");
        assert_eq!(
            e.report(),
            String::from_utf8(cpython.stderr).unwrap(),
            "{name}"
        );
        assert_eq!(e.exit_code(), 1);
    }
}

#[test]
fn missing_script_matches_cpython() {
    let dir = TempDir::new("missing");
    let src = dir.path("nosuch.py");
    let e = code_for_script_with(&src, &opts(true)).unwrap_err();
    assert_eq!(e.exit_code(), 2);
    let cpython = Command::new("python3").arg(&src).output().unwrap();
    assert_eq!(cpython.status.code(), Some(2));
    let theirs = String::from_utf8(cpython.stderr).unwrap();
    let tail = theirs.split_once(": ").unwrap().1;
    assert_eq!(e.report(), format!("pycrane: {tail}"));
    let e = code_for_script_with(&dir.path("nosuch.pyc"), &opts(true)).unwrap_err();
    assert_eq!(e.exit_code(), 2);
}

#[test]
fn wrong_host_python_is_explained() {
    let dir = TempDir::new("nohost");
    let src = dir.path("p.py");
    fs::write(&src, "pass\n").unwrap();
    let o = ScriptOptions {
        python: Some("/nonexistent/python3.11".into()),
        ..opts(false)
    };
    let e = code_for_script_with(&src, &o).unwrap_err().to_string();
    assert!(e.contains("PYCRANE_PYTHON"), "{e}");
}
