//! Test-only helpers: run python3, and build [`CodeObject`]s from what CPython compiles.
//!
//! The marshal loader lives elsewhere; these tests ask python3 to dump the fields of a code
//! object as whitespace-separated tokens (strings and bytes as `x<hex>`) and rebuild it here.

use crate::pyc::{CodeObject, Const};
use num_bigint::BigInt;
use std::io::Write;
use std::process::Command;
use std::rc::Rc;

/// Run `python3 -c script args...`, panic on failure, return stdout.
pub fn python_args(script: &str, args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 must be installed for these tests");
    assert!(
        out.status.success(),
        "python3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Run `python3 -c script`, panic on failure, return stdout.
/// Runs `body` (statements indented by 4 spaces, with `c` bound to a code object and `dis`
/// imported) for the module code of `path` and every nested code object, each preceded by a
/// `code NAME` line; returns what it printed.
pub fn for_each_code_object(path: &str, body: &str) -> String {
    let script = format!(
        "import sys, dis
def walk(co):
    yield co
    for c in co.co_consts:
        if hasattr(c, 'co_code'): yield from walk(c)
co = compile(open(sys.argv[1]).read(), sys.argv[1], 'exec')
for c in walk(co):
    print('code', c.co_name)
{body}"
    );
    python_args(&script, &[path])
}

pub fn python(script: &str) -> String {
    python_args(script, &[])
}

/// Write `source` to a fresh temporary file named after `tag`; return its path.
pub fn write_source(tag: &str, source: &str) -> String {
    let dir = std::env::temp_dir().join(format!("pycrane-bytecode-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{tag}.py"));
    let mut f = std::fs::File::create(&path).unwrap();
    f.write_all(source.as_bytes()).unwrap();
    path.to_str().unwrap().to_string()
}

const DUMP: &str = r#"
import sys, struct
def h(b): return 'x' + b.hex()
def s(x): return h(x.encode('utf-8'))
def fl(x): return '%016x' % struct.unpack('<Q', struct.pack('<d', x))[0]
def const(c, out):
    if c is None: out.append('N')
    elif c is Ellipsis: out.append('E')
    elif c is True: out.append('T')
    elif c is False: out.append('F')
    elif isinstance(c, int):
        out.append(('i%d' if -2**63 <= c < 2**63 else 'I%d') % c)
    elif isinstance(c, float): out.append('f' + fl(c))
    elif isinstance(c, complex): out.append('c' + fl(c.real) + ':' + fl(c.imag))
    elif isinstance(c, str): out.append('s' + s(c))
    elif isinstance(c, bytes): out.append('b' + h(c))
    elif isinstance(c, tuple):
        out.append('t%d' % len(c))
        for x in c: const(x, out)
    elif isinstance(c, frozenset):
        out.append('z%d' % len(c))
        for x in c: const(x, out)
    elif hasattr(c, 'co_code'):
        out.append('C')
        code(c, out)
    else: raise TypeError(type(c))
def code(co, out):
    out += [str(co.co_argcount), str(co.co_posonlyargcount), str(co.co_kwonlyargcount),
            str(co.co_stacksize), str(co.co_flags), h(co.co_code), str(len(co.co_consts))]
    for c in co.co_consts: const(c, out)
    out.append(str(len(co.co_names)))
    out += [s(n) for n in co.co_names]
    names = co.co_varnames + co.co_cellvars + co.co_freevars
    # co_localsplusnames is not exposed; rebuild it: args/locals, then cells not already
    # locals, then free variables.
    lp = list(co.co_varnames) + [c for c in co.co_cellvars if c not in co.co_varnames] + list(co.co_freevars)
    out.append(str(len(lp)))
    out += [s(n) for n in lp]
    out += [s(co.co_filename), s(co.co_name), s(co.co_qualname), str(co.co_firstlineno),
            h(co.co_linetable), h(co.co_exceptiontable)]
path = sys.argv[1]
src = open(path, 'rb').read()
out = []
code(compile(src, path, 'exec'), out)
print(' '.join(out))
"#;

/// Compile the Python file at `path` with python3 and rebuild its module code object.
pub fn compile_file(path: &str) -> Rc<CodeObject> {
    let text = python_args(DUMP, &[path]);
    let mut tokens = text.split_whitespace();
    let code = parse_code(&mut tokens);
    assert!(tokens.next().is_none());
    Rc::new(code)
}

/// Compile `source` (saved as `<tag>.py` in a temp dir); return (path, code object).
pub fn compile_source(tag: &str, source: &str) -> (String, Rc<CodeObject>) {
    let path = write_source(tag, source);
    let code = compile_file(&path);
    (path, code)
}

type Tokens<'a> = std::str::SplitWhitespace<'a>;

fn hex(tok: &str) -> Vec<u8> {
    let tok = tok.strip_prefix('x').expect("hex token");
    (0..tok.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&tok[i..i + 2], 16).unwrap())
        .collect()
}

fn string(tok: &str) -> Rc<str> {
    String::from_utf8(hex(tok)).unwrap().into()
}

fn num(tokens: &mut Tokens) -> u32 {
    tokens.next().unwrap().parse().unwrap()
}

fn float(tok: &str) -> f64 {
    f64::from_bits(u64::from_str_radix(tok, 16).unwrap())
}

fn parse_const(tokens: &mut Tokens) -> Const {
    let tok = tokens.next().unwrap();
    let (tag, rest) = tok.split_at(1);
    match tag {
        "N" => Const::None,
        "E" => Const::Ellipsis,
        "T" => Const::Bool(true),
        "F" => Const::Bool(false),
        "i" => Const::Int(rest.parse().unwrap()),
        "I" => Const::BigInt(Rc::new(rest.parse::<BigInt>().unwrap())),
        "f" => Const::Float(float(rest)),
        "c" => {
            let (re, im) = rest.split_once(':').unwrap();
            Const::Complex(float(re), float(im))
        }
        "s" => Const::Str(string(rest)),
        "b" => Const::Bytes(hex(rest).into()),
        "t" | "z" => {
            let n: usize = rest.parse().unwrap();
            let items: Vec<Const> = (0..n).map(|_| parse_const(tokens)).collect();
            if tag == "t" {
                Const::Tuple(items.into())
            } else {
                Const::FrozenSet(items.into())
            }
        }
        "C" => Const::Code(Rc::new(parse_code(tokens))),
        _ => panic!("bad const token {tok}"),
    }
}

fn parse_code(tokens: &mut Tokens) -> CodeObject {
    let argcount = num(tokens);
    let posonlyargcount = num(tokens);
    let kwonlyargcount = num(tokens);
    let stacksize = num(tokens);
    let flags = num(tokens);
    let code = hex(tokens.next().unwrap());
    let nconsts = num(tokens);
    let consts = (0..nconsts).map(|_| parse_const(tokens)).collect();
    let nnames = num(tokens);
    let names = (0..nnames)
        .map(|_| string(tokens.next().unwrap()))
        .collect();
    let nlocals = num(tokens);
    let localsplusnames: Vec<Rc<str>> = (0..nlocals)
        .map(|_| string(tokens.next().unwrap()))
        .collect();
    let localspluskinds = vec![0; localsplusnames.len()];
    let filename = string(tokens.next().unwrap());
    let name = string(tokens.next().unwrap());
    let qualname = string(tokens.next().unwrap());
    let firstlineno = num(tokens);
    let linetable = hex(tokens.next().unwrap());
    let exceptiontable = hex(tokens.next().unwrap());
    CodeObject {
        argcount,
        posonlyargcount,
        kwonlyargcount,
        stacksize,
        flags,
        code: code.into(),
        consts,
        names,
        localsplusnames,
        localspluskinds,
        filename,
        name,
        qualname,
        firstlineno,
        linetable: linetable.into(),
        exceptiontable: exceptiontable.into(),
    }
}

/// All code objects in `code` and its nested constants, depth first (dis order).
pub fn all_code(code: &Rc<CodeObject>) -> Vec<Rc<CodeObject>> {
    let mut out = vec![code.clone()];
    for c in &code.consts {
        if let Const::Code(inner) = c {
            out.extend(all_code(inner));
        }
    }
    out
}
