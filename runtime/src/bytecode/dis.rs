//! A disassembler that prints exactly what CPython 3.11's `python3 -m dis` prints.
//!
//! Layout per instruction (Lib/dis.py `Instruction._disassemble`), fields joined by one space
//! and the line right-stripped:
//!
//! ```text
//!   LINE  MARK  >>  OFFSET  OPNAME(20)  ARG(5)  (ARGREPR)
//!     3         >>      12  LOAD_FAST       0  (x)
//! ```
//!
//! The line column is 3 wide (wider for line numbers >= 1000) and omitted when the code has no
//! line information; offsets are 4 wide (wider from 10000). Inline CACHE units are not shown.
//! After the instructions comes the `ExceptionTable:` section, then every code object in
//! `co_consts` is disassembled recursively under `Disassembly of <code object ...>:`.
//!
//! Code object addresses cannot be CPython's; they are numbered in order of first appearance
//! (`0x1000`, `0x1100`, ...) so the output is deterministic.

use super::decode::{decode, jump_target, Instr};
use super::exceptions::parse_exception_table;
use super::linetable::line_starts;
use super::opcode::{Opcode, CMP_OP, NB_OPS};
use super::repr::{code_repr, const_repr};
use crate::pyc::{CodeObject, Const};
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

const OPNAME_WIDTH: usize = 20;
const OPARG_WIDTH: usize = 5;

/// Numbers code objects by first appearance, to print stable fake addresses.
#[derive(Default)]
struct Addresses {
    seen: Vec<*const CodeObject>,
}

impl Addresses {
    fn of(&mut self, code: &CodeObject) -> u64 {
        let p = code as *const CodeObject;
        let i = match self.seen.iter().position(|&q| q == p) {
            Some(i) => i,
            None => {
                self.seen.push(p);
                self.seen.len() - 1
            }
        };
        0x1000 + 0x100 * i as u64
    }
}

/// Disassemble `code` and, recursively, the code objects among its constants — the output of
/// `dis.dis(code)`. Malformed bytecode or tables are reported inline as `<error: ...>`.
pub fn disassemble(code: &CodeObject, out: &mut String) {
    let mut addrs = Addresses::default();
    addrs.of(code);
    disassemble_recursive(code, out, &mut addrs);
}

fn disassemble_recursive(code: &CodeObject, out: &mut String, addrs: &mut Addresses) {
    disassemble_one(code, out, addrs);
    for c in &code.consts {
        if let Const::Code(inner) = c {
            let addr = addrs.of(inner);
            out.push('\n');
            let _ = writeln!(out, "Disassembly of {}:", code_repr(inner, addr));
            disassemble_recursive(inner, out, addrs);
        }
    }
}

/// The argument description dis shows in parentheses ("" for none).
fn argrepr(code: &CodeObject, index: usize, ins: &Instr, addrs: &mut Addresses) -> String {
    let op = ins.op;
    let arg = ins.arg as usize;
    let name = |names: &[std::rc::Rc<str>], i: usize| -> String {
        names
            .get(i)
            .map(|s| s.to_string())
            .unwrap_or_else(|| format!("<invalid index {i}>"))
    };
    if op.has_const() {
        // dis dereferences only LOAD_CONST (KW_NAMES shows just the number).
        if op == Opcode::LoadConst {
            return match code.consts.get(arg) {
                Some(c) => const_repr(c, &mut |co| addrs.of(co)),
                None => format!("<invalid index {arg}>"),
            };
        }
        return String::new();
    }
    if op.has_name() {
        if op == Opcode::LoadGlobal {
            let n = name(&code.names, arg >> 1);
            return if arg & 1 != 0 {
                format!("NULL + {n}")
            } else {
                n
            };
        }
        return name(&code.names, arg);
    }
    if op.is_jump() {
        return match jump_target(index, ins) {
            Some(t) => format!("to {}", 2 * t),
            None => "to <invalid>".into(),
        };
    }
    if op.has_local() || op.has_free() {
        return name(&code.localsplusnames, arg);
    }
    if op.has_compare() {
        return CMP_OP.get(arg).copied().unwrap_or("<invalid>").into();
    }
    match op {
        Opcode::FormatValue => {
            let mut s = String::from(["", "str", "repr", "ascii"][arg & 3]);
            if arg & 4 != 0 {
                if !s.is_empty() {
                    s.push_str(", ");
                }
                s.push_str("with format");
            }
            s
        }
        Opcode::MakeFunction => {
            let flags = ["defaults", "kwdefaults", "annotations", "closure"];
            let parts: Vec<&str> = (0..4)
                .filter(|i| arg & (1 << i) != 0)
                .map(|i| flags[i])
                .collect();
            parts.join(", ")
        }
        Opcode::BinaryOp => NB_OPS.get(arg).copied().unwrap_or("<invalid>").into(),
        _ => String::new(),
    }
}

fn disassemble_one(code: &CodeObject, out: &mut String, addrs: &mut Addresses) {
    let instrs = match decode(&code.code) {
        Ok(v) => v,
        Err(e) => {
            let _ = writeln!(out, "<error: {e}>");
            return;
        }
    };
    let exceptions = match parse_exception_table(&code.exceptiontable) {
        Ok(v) => v,
        Err(e) => {
            let _ = writeln!(out, "<error: {e}>");
            Vec::new()
        }
    };
    let starts: HashMap<usize, u32> = line_starts(code)
        .into_iter()
        .map(|(unit, line)| (unit as usize, line))
        .collect();

    let mut labels: HashSet<usize> = HashSet::new();
    for (i, ins) in instrs.iter().enumerate() {
        if ins.op != Opcode::Cache {
            if let Some(t) = jump_target(i, ins) {
                labels.insert(t);
            }
        }
    }
    for e in &exceptions {
        if e.start < e.end {
            labels.insert(e.target as usize);
        }
    }

    let lineno_width = match starts.values().max() {
        None => 0,
        Some(&max) if max >= 1000 => max.to_string().len(),
        Some(_) => 3,
    };
    let max_offset = code.code.len().saturating_sub(2);
    let offset_width = if max_offset >= 10000 {
        max_offset.to_string().len()
    } else {
        4
    };

    let mut skip = 0;
    for (i, ins) in instrs.iter().enumerate() {
        // Skip the cache units that belong to the previous instruction (not stray CACHE ops).
        if skip > 0 {
            skip -= 1;
            continue;
        }
        skip = ins.op.cache_entries();
        let offset = 2 * i;
        let start_line = starts.get(&i).copied();
        if lineno_width > 0 && start_line.is_some() && offset > 0 {
            out.push('\n');
        }
        let mut line = String::new();
        if lineno_width > 0 {
            match start_line {
                Some(l) => {
                    let _ = write!(line, "{l:>lineno_width$} ");
                }
                None => line.push_str(&" ".repeat(lineno_width + 1)),
            }
        }
        line.push_str("   ");
        line.push_str(if labels.contains(&i) { " >>" } else { "   " });
        let _ = write!(
            line,
            " {offset:>offset_width$} {:<OPNAME_WIDTH$}",
            ins.op.name()
        );
        if ins.op.has_arg() {
            let _ = write!(line, " {:>OPARG_WIDTH$}", ins.arg);
            let desc = argrepr(code, i, ins, addrs);
            if !desc.is_empty() {
                let _ = write!(line, " ({desc})");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if !exceptions.is_empty() {
        out.push_str("ExceptionTable:\n");
        for e in &exceptions {
            let end = 2 * e.end as i64 - 2;
            let lasti = if e.lasti { " lasti" } else { "" };
            let _ = writeln!(
                out,
                "  {} to {} -> {} [{}]{}",
                2 * e.start,
                end,
                2 * e.target,
                e.depth,
                lasti
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::testutil::{compile_source, python_args};

    /// Replace every `0x<hex>` with `0xADDR`.
    fn normalize(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'0'
                && b.get(i + 1) == Some(&b'x')
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
            {
                out.push_str("0xADDR");
                i += 2;
                while i < b.len() && b[i].is_ascii_hexdigit() {
                    i += 1;
                }
            } else {
                let ch = s[i..].chars().next().unwrap();
                out.push(ch);
                i += ch.len_utf8();
            }
        }
        out
    }

    fn check(tag: &str, source: &str) {
        let (path, module) = compile_source(tag, source);
        let expected = python_args("import runpy, sys; sys.argv = ['dis', sys.argv[1]]; runpy.run_module('dis', run_name='__main__')", &[&path]);
        let mut got = String::new();
        disassemble(&module, &mut got);
        let (got, expected) = (normalize(&got), normalize(&expected));
        if got != expected {
            for (n, (g, e)) in got.lines().zip(expected.lines()).enumerate() {
                if g != e {
                    panic!(
                        "{tag}: first difference at line {}\n ours: {g:?}\n dis:  {e:?}",
                        n + 1
                    );
                }
            }
            panic!("{tag}: outputs differ in length\n{got}\n---\n{expected}");
        }
    }

    #[test]
    fn functions_and_calls() {
        check(
            "calls",
            r#"
import os, sys as system
from collections import OrderedDict as OD
def f(a, b=1, *args, c, d=2, **kw):
    x = a + b - c * d / 2 // 3 % 4 ** 5
    x += 1; x -= 2; x *= 3; x @= 4; x <<= 1; x >>= 1; x &= 1; x |= 2; x ^= 3
    print(a, b, sep='', end='\n')
    g = lambda y: y if y is not None else -y
    return f(*args, **kw), not x, ~x, +x, a < b, a <= b, a == b, a != b, a > b, a >= b, a in b, a not in b, a is b, a is not b
print(f(1, c=3))
system.exit(os.getpid())
"#,
        );
    }

    #[test]
    fn classes_and_closures() {
        check(
            "classes",
            r#"
class Base:
    pass
class C(Base, metaclass=type):
    """doc"""
    attr: int = 3
    def __init__(self, x):
        self.x = x
        super().__init__()
    @property
    def y(self):
        return self.x * 2
def outer(n):
    total = 0
    def inner(k):
        nonlocal total
        total += k
        return total + n
    return inner
"#,
        );
    }

    #[test]
    fn comprehensions_and_generators() {
        check(
            "comps",
            r#"
def gen(n):
    for i in range(n):
        if i % 2:
            yield i
        else:
            continue
    yield from range(3)
squares = [x * x for x in range(10) if x]
evens = {x for x in squares}
table = {k: v for k, v in zip(squares, evens)}
total = sum(x for x in table.values())
while total > 0:
    total -= 1
    if total == 5:
        break
else:
    pass
"#,
        );
    }

    #[test]
    fn exceptions_and_with() {
        check(
            "exc",
            r#"
import contextlib
def f(path):
    try:
        with open(path) as fp, contextlib.suppress(OSError):
            data = fp.read()
    except (IOError, ValueError) as e:
        print('failed', e)
        raise RuntimeError('x') from e
    except Exception:
        pass
    else:
        return data
    finally:
        print("done")
    assert path, 'msg'
    try:
        pass
    except* TypeError:
        pass
async def g(x):
    async with x as y:
        async for z in y:
            await z
"#,
        );
    }

    #[test]
    fn constants_and_fstrings() {
        check(
            "consts",
            r#"
a = 12345678901234567890123 + 2**62 - (-1)
b = 1.5 + 1e100 + 1j + (2-3j) + 0.1
c = 'it\'s' + "say \"hi\"" + 'both \' "' + '\t\n\x00é日本'
d = b'bytes\x00\xff' + b"'"
e = (1, 2.0, 'three', (None, True, False, ...))
f = x in {1, 2, 3}
g = f"{a!r:>10} {b!s} {c!a} {d:{e}} {f}"
h = [1, 2, 3]; i = {'a': 1, 'b': 2}
j = h[1:2], h[::2], h[1:]
del h[0]
"#,
        );
    }

    #[test]
    fn match_and_misc() {
        check(
            "match",
            r#"
def m(cmd):
    match cmd:
        case [x, y, *rest]:
            return x
        case {'k': v, **kw}:
            return v
        case Point(x=0) | None:
            return 0
        case str() as s if s:
            return s
        case _:
            return None
global_var = 1
def k():
    global global_var
    global_var = 2
    del global_var
x, *y = range(5)
"#,
        );
    }

    #[test]
    fn big_code_extended_args() {
        let mut src = String::from("def big(x):\n    while x:\n");
        for i in 0..500 {
            src.push_str(&format!("        x = x + {i}.5 * x.a{i}\n"));
        }
        src.push_str("    return x\n");
        // Line numbers >= 1000 and offsets >= 10000 widen their columns.
        src.push_str(&"\n".repeat(1000));
        src.push_str("y = big(1)\n");
        let (_, module) = compile_source("big_size", &src);
        let Const::Code(big) = &module.consts[0] else {
            panic!()
        };
        assert!(big.code.len() > 10000);
        check("big", &src);
    }

    #[test]
    fn no_line_numbers_and_weird_bytes() {
        // A hand-made code object: no line table, stray CACHE op, no exception table.
        let code = CodeObject {
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            stacksize: 1,
            flags: 0,
            code: vec![151, 0, 0, 0, 100, 0, 83, 0].into(),
            consts: vec![Const::None],
            names: vec![],
            localsplusnames: vec![],
            localspluskinds: vec![],
            filename: "x".into(),
            name: "x".into(),
            qualname: "x".into(),
            firstlineno: 1,
            linetable: vec![].into(),
            exceptiontable: vec![].into(),
        };
        let mut out = String::new();
        disassemble(&code, &mut out);
        assert_eq!(
            out,
            "          0 RESUME                   0\n          2 CACHE\n          4 LOAD_CONST               0 (None)\n          6 RETURN_VALUE\n"
        );
        let bad = CodeObject {
            code: vec![3, 0].into(),
            ..code
        };
        let mut out = String::new();
        disassemble(&bad, &mut out);
        assert!(out.starts_with("<error: unknown opcode 3"));
    }
}
