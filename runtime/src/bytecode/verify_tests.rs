//! Tests of the verifier: it accepts every code object of CPython's standard library, and
//! rejects one hand-made bad code object per rule, with a message saying what is wrong.

use super::decode::decode;
use super::exceptions::parse_exception_table;
use super::opcode::{stack_effect, stack_inputs, Opcode as Op, ALL_OPCODES};
use super::testutil::{all_code, python};
use super::verify::{verify, Verified, VerifyError};
use crate::pyc::code::{flags, kinds};
use crate::pyc::{load_pyc_file, CodeObject, Const};
use std::rc::Rc;

fn check(code: &CodeObject) -> Result<Verified, VerifyError> {
    let instrs = decode(&code.code).expect("test bytecode decodes");
    let exc = parse_exception_table(&code.exceptiontable).expect("test table parses");
    verify(code, &instrs, &exc)
}

/// Assembles `ops` (inline caches added) into a function `f(a, b)` with locals `a b x`,
/// constants `None 1 ('k',)`, names `n`, the given stack size, a location table covering
/// every unit and no exception table.
fn assemble(ops: &[(Op, u32)], stacksize: u32) -> CodeObject {
    let mut code = Vec::new();
    for &(op, arg) in ops {
        code.extend([op.number(), arg as u8]);
        for _ in 0..op.cache_entries() {
            code.extend([0, 0]);
        }
    }
    CodeObject {
        argcount: 2,
        posonlyargcount: 0,
        kwonlyargcount: 0,
        stacksize,
        flags: flags::OPTIMIZED | flags::NEWLOCALS,
        consts: vec![
            Const::None,
            Const::Int(1),
            Const::Tuple(Rc::new([Const::Str("k".into())])),
        ],
        names: vec!["n".into()],
        localsplusnames: vec!["a".into(), "b".into(), "x".into()],
        localspluskinds: vec![kinds::LOCAL; 3],
        filename: "t.py".into(),
        name: "f".into(),
        qualname: "f".into(),
        firstlineno: 1,
        linetable: no_locations(code.len() / 2).into(),
        exceptiontable: Rc::new([]),
        code: code.into(),
    }
}

/// A location table of "no location" entries covering `units` code units.
fn no_locations(mut units: usize) -> Vec<u8> {
    let mut t = Vec::new();
    while units > 0 {
        let n = units.min(8);
        t.push(0x80 | (15 << 3) | (n as u8 - 1));
        units -= n;
    }
    t
}

/// An exception table of (start, end, target, depth, lasti) entries, in code units.
fn exception_table(entries: &[(u32, u32, u32, u32, bool)]) -> Rc<[u8]> {
    let mut t = Vec::new();
    for &(start, end, target, depth, lasti) in entries {
        for (k, v) in [start, end - start, target, depth << 1 | lasti as u32]
            .into_iter()
            .enumerate()
        {
            let mut chunks = vec![v & 63];
            let mut rest = v >> 6;
            while rest > 0 {
                chunks.push(rest & 63);
                rest >>= 6;
            }
            chunks.reverse();
            let last = chunks.len() - 1;
            for (c, chunk) in chunks.into_iter().enumerate() {
                let mut b = chunk as u8 | if c < last { 64 } else { 0 };
                if k == 0 && c == 0 {
                    b |= 0x80;
                }
                t.push(b);
            }
        }
    }
    t.into()
}

fn rejects(code: &CodeObject, what: &str) {
    match check(code) {
        Ok(_) => panic!("accepted a code object with {what}"),
        Err(e) => assert!(
            e.to_string().contains(what),
            "expected an error about '{what}', got: {e}"
        ),
    }
}

const RET: [(Op, u32); 2] = [(Op::LoadConst, 0), (Op::ReturnValue, 0)];

fn body(ops: &[(Op, u32)]) -> Vec<(Op, u32)> {
    let mut v = vec![(Op::Resume, 0)];
    v.extend_from_slice(ops);
    v.extend_from_slice(&RET);
    v
}

#[test]
fn accepts_a_good_function() {
    let ok = assemble(&body(&[(Op::LoadFast, 0), (Op::StoreFast, 2)]), 1);
    let v = check(&ok).unwrap();
    assert_eq!(v.max_depth, 1);
    assert_eq!(*v.depths, [0, 0, 1, 0, 1]);
}

#[test]
fn operands_in_range() {
    rejects(
        &assemble(&body(&[(Op::LoadConst, 3), (Op::PopTop, 0)]), 1),
        "constant index 3 out of range",
    );
    rejects(
        &assemble(&body(&[(Op::LoadName, 1), (Op::PopTop, 0)]), 1),
        "name index 1 out of range",
    );
    // LOAD_GLOBAL's name is arg >> 1.
    rejects(
        &assemble(&body(&[(Op::LoadGlobal, 2), (Op::PopTop, 0)]), 1),
        "name index 1 out of range",
    );
    rejects(
        &assemble(&body(&[(Op::LoadFast, 3), (Op::PopTop, 0)]), 1),
        "local index 3 out of range",
    );
    rejects(
        &assemble(&body(&[(Op::LoadDeref, 0), (Op::PopTop, 0)]), 1),
        "not a cell or free variable",
    );
    rejects(
        &assemble(&body(&[(Op::MakeCell, 1)]), 1),
        "not a cell variable",
    );
    let two = [(Op::LoadFast, 0), (Op::LoadFast, 1)];
    let mut ops = two.to_vec();
    ops.extend([(Op::CompareOp, 6), (Op::PopTop, 0)]);
    rejects(&assemble(&body(&ops), 2), "argument 6 out of range");
    ops = two.to_vec();
    ops.extend([(Op::BinaryOp, 26), (Op::PopTop, 0)]);
    rejects(&assemble(&body(&ops), 2), "argument 26 out of range");
    ops = two.to_vec();
    ops.extend([(Op::BuildSlice, 1), (Op::PopTop, 0)]);
    rejects(&assemble(&body(&ops), 2), "BUILD_SLICE of 1 values");
    rejects(&assemble(&body(&[(Op::Copy, 0)]), 1), "argument 0");
    rejects(
        &assemble(&body(&[(Op::KwNames, 1)]), 1),
        "not a tuple of strings",
    );
    rejects(
        &assemble(&body(&[(Op::CopyFreeVars, 1)]), 1),
        "copies 1 free variables of 0",
    );
}

#[test]
fn jumps_and_prefixes() {
    // A jump past the end, into a LOAD_GLOBAL's caches, and onto a prefixed instruction.
    rejects(
        &assemble(&body(&[(Op::JumpForward, 9)]), 1),
        "jump leaves the code",
    );
    let ops = body(&[(Op::JumpForward, 2), (Op::LoadGlobal, 0), (Op::PopTop, 0)]);
    rejects(&assemble(&ops, 1), "inside an instruction");
    let ops = body(&[
        (Op::JumpForward, 1),
        (Op::ExtendedArg, 0),
        (Op::LoadConst, 0),
        (Op::PopTop, 0),
    ]);
    rejects(&assemble(&ops, 1), "inside an instruction");
    let ext = [(Op::ExtendedArg, 0); 4];
    let mut ops = ext.to_vec();
    ops.extend([(Op::LoadConst, 0), (Op::PopTop, 0)]);
    rejects(&assemble(&body(&ops), 1), "more than three EXTENDED_ARG");
    rejects(
        &assemble(&body(&[(Op::ExtendedArg, 0), (Op::Nop, 0)]), 1),
        "without an argument",
    );
    // An endless loop that never checks for Ctrl-C.
    rejects(
        &assemble(&body(&[(Op::Nop, 0), (Op::JumpBackwardNoInterrupt, 2)]), 1),
        "does not go back to a SEND",
    );
}

#[test]
fn stack_depths() {
    rejects(&assemble(&body(&[(Op::PopTop, 0)]), 1), "stack underflow");
    // BUILD_TUPLE 2 with one value, CALL 1 without its callable.
    rejects(
        &assemble(&body(&[(Op::LoadConst, 0), (Op::BuildTuple, 2)]), 2),
        "reads 2 values, the stack has 1",
    );
    rejects(
        &assemble(&body(&[(Op::LoadConst, 0), (Op::Call, 1)]), 2),
        "reads 3 values",
    );
    // A huge argument does not wrap around.
    let mut big = assemble(&body(&[(Op::LoadConst, 0), (Op::BuildTuple, 0)]), 2);
    let mut bytes = big.code.to_vec();
    bytes.splice(
        4..4,
        [
            Op::ExtendedArg.number(),
            0xff,
            Op::ExtendedArg.number(),
            0xff,
        ],
    );
    big.code = bytes.into();
    big.linetable = no_locations(big.code.len() / 2).into();
    rejects(&big, "reads 16776960 values");
    // One path pushes a value the other does not: `a or 1` without the pop.
    let ops = body(&[
        (Op::LoadFast, 0),
        (Op::PopJumpForwardIfFalse, 1),
        (Op::LoadConst, 1),
        (Op::Nop, 0),
    ]);
    rejects(&assemble(&ops, 2), "with stack depth");
    rejects(
        &assemble(
            &body(&[
                (Op::LoadFast, 0),
                (Op::LoadFast, 1),
                (Op::PopTop, 0),
                (Op::PopTop, 0),
            ]),
            1,
        ),
        "exceeds co_stacksize 1",
    );
    // Control falls off the end.
    rejects(
        &assemble(&[(Op::Resume, 0), (Op::Nop, 0)], 1),
        "runs off the end",
    );
    // A CACHE unit run as an instruction.
    rejects(
        &assemble(&body(&[(Op::Cache, 0)]), 1),
        "CACHE is not an instruction",
    );
}

#[test]
fn exception_tables() {
    let ops = body(&[(Op::LoadFast, 0), (Op::PopTop, 0), (Op::Nop, 0)]);
    let mut c = assemble(&ops, 2);
    // The handler (at the NOP, unit 3) is entered with the exception: depth 1.
    c.exceptiontable = exception_table(&[(1, 3, 3, 0, false)]);
    rejects(&c, "reaches offset 6 with stack depth");
    let mut c = assemble(
        &body(&[
            (Op::LoadFast, 0),
            (Op::LoadGlobal, 0),
            (Op::PopTop, 0),
            (Op::PopTop, 0),
        ]),
        3,
    );
    c.exceptiontable = exception_table(&[(1, 2, 3, 0, false)]);
    rejects(&c, "inside an instruction");
    c.exceptiontable = exception_table(&[(1, 2, 2, 0, false), (0, 1, 2, 0, false)]);
    rejects(&c, "out of order");
    // A handler that unwinds to depth 1 protecting an instruction run on an empty stack.
    c.exceptiontable = exception_table(&[(1, 2, 8, 1, false)]);
    rejects(&c, "exception handler depth 1 above the stack's 0");
}

#[test]
fn locals_kinds() {
    let mut c = assemble(&body(&[]), 1);
    c.localspluskinds.pop();
    rejects(&c, "2 local kinds for 3 local names");
    let mut c = assemble(&body(&[]), 1);
    c.localspluskinds[1] = kinds::FREE;
    rejects(&c, "follows the free variables");
    let mut c = assemble(&body(&[]), 1);
    c.localspluskinds[2] = 0;
    rejects(&c, "neither a local, a cell nor a free variable");
    let mut c = assemble(&body(&[]), 1);
    c.argcount = 4;
    rejects(&c, "4 arguments but 3 locals");
}

#[test]
fn generators_and_locations() {
    rejects(
        &assemble(&[(Op::ReturnGenerator, 0), (Op::PopTop, 0)], 1),
        "RETURN_GENERATOR outside a generator's prologue",
    );
    rejects(
        &assemble(
            &body(&[(Op::LoadConst, 0), (Op::YieldValue, 0), (Op::PopTop, 0)]),
            1,
        ),
        "yield in code that is not a generator",
    );
    let mut c = assemble(&body(&[]), 1);
    c.linetable = no_locations(2).into();
    rejects(&c, "location table covers 2 code units, the code has 3");
    let mut c = assemble(&body(&[]), 1);
    // A long-form entry cut short.
    c.linetable = vec![0x80 | (14 << 3) | 2, 0x42].into();
    rejects(&c, "truncated entry");
}

/// The `reads` column of the opcode table covers what each instruction pops.
#[test]
fn reads_cover_pops() {
    for &op in ALL_OPCODES {
        for a in 0..300 {
            for j in [false, true] {
                let pops = -stack_effect(op, a, j);
                assert!(stack_inputs(op, a) >= pops, "{} {a}", op.name());
            }
        }
    }
}

/// Every code object CPython 3.11 compiled for its own library passes.
#[test]
fn accepts_the_standard_library() {
    let stdlib = python("import sysconfig; print(sysconfig.get_paths()['stdlib'])");
    let mut pending = vec![std::path::PathBuf::from(stdlib.trim())];
    let (mut files, mut codes) = (0, 0);
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if p.is_dir() && name != "site-packages" {
                pending.push(p);
            } else if name.ends_with(".cpython-311.pyc") {
                let Ok(module) = load_pyc_file(&p) else {
                    continue;
                };
                files += 1;
                for code in all_code(&module) {
                    codes += 1;
                    let v = check(&code)
                        .unwrap_or_else(|e| panic!("{}: {}: {e}", p.display(), code.qualname));
                    assert!(v.max_depth <= code.stacksize);
                }
            }
        }
    }
    assert!(
        files > 1000 && codes > 50_000,
        "{files} files, {codes} code objects"
    );
}
