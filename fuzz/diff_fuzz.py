#!/usr/bin/env python3
"""Differential fuzzer: random small Python programs, run by pycrane with the JIT off and with
`--jit=always` (and by CPython 3.11, the oracle, unless `--no-oracle`); every output must match.

Programs come from a small grammar over ints, floats, strings, lists, dicts and tuples:
assignments, augmented assignments, arithmetic and comparisons, `if`/`while`/`for`, functions
(defaults, closures, recursion, generators), classes with methods and properties, comprehensions,
slicing, f-strings, built-in calls, and `try`/`except` around everything that may raise.
Every program is deterministic (no hashes of strings, no ids, bounded loops), so CPython's
stdout, exit status and last stderr line are the expected result.

A run *fails* on a panic, a signal or a hang in either mode (as `pyc_fuzz.py` counts them) or
when the outputs differ; failing programs are kept in `--out` with a note of the difference.

    python3 fuzz/diff_fuzz.py --pycrane target/release/pycrane --count 1000 --seed 1
"""

import argparse
import collections
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import tempfile
import warnings
import marshal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pyc_fuzz import HEADER, run_pycrane  # noqa: E402


class Gen:
    def __init__(self, rng):
        self.r = rng
        self.lines = []
        self.indent = 0
        self.vars = ["a", "b", "c"]
        self.funcs = []
        self.depth = 0

    def emit(self, line):
        self.lines.append("    " * self.indent + line)

    def atom(self):
        r = self.r
        return r.choice([
            lambda: str(r.choice([0, 1, 2, 3, -1, 7, 10, 255, 2**31, 2**63 - 1, 2**64, -(2**70)])),
            lambda: repr(r.choice([0.0, 0.5, -1.25, 3.0, 1e300, 1e-300, 2.5e10])),
            lambda: repr(r.choice(["", "a", "xyz", "héllo", "a b c", "12"])),
            lambda: r.choice(self.vars),
            lambda: r.choice(self.vars),
            lambda: r.choice(["True", "False", "None"]),
            lambda: "[%s]" % ", ".join(str(r.randint(-5, 9)) for _ in range(r.randint(0, 4))),
            lambda: "(%s,)" % ", ".join(str(r.randint(-5, 9)) for _ in range(r.randint(1, 3))),
            lambda: "{%s}" % ", ".join("%d: %r" % (k, r.choice("xyz")) for k in range(r.randint(0, 3))),
        ])()

    def expr(self, d=0):
        r = self.r
        if d > 2 or r.random() < 0.3:
            return self.atom()
        e = lambda: self.expr(d + 1)  # noqa: E731
        return r.choice([
            lambda: "(%s %s %s)" % (e(), r.choice(["+", "-", "*", "//", "%", "/", "**", "&", "|", "^", "<<", ">>"]), e()),
            lambda: "(%s %s %s)" % (e(), r.choice(["<", "<=", "==", "!=", ">", ">=", "is", "is not", "in", "not in"]), e()),
            lambda: "(%s %s %s)" % (e(), r.choice(["and", "or"]), e()),
            lambda: "(not %s)" % e(),
            lambda: "(-%s)" % e(),
            lambda: "(%s if %s else %s)" % (e(), e(), e()),
            lambda: "%s(%s)" % (r.choice(["len", "abs", "str", "repr", "bool", "int", "float", "sorted", "list", "tuple", "min", "max", "sum"]), e()),
            lambda: "%s[%s]" % (e(), e()),
            lambda: "%s[%s:%s]" % (e(), r.choice(["", "1", "-1", "0"]), r.choice(["", "2", "-2"])),
            lambda: "[x * 2 for x in range(%d) if x %% 2]" % r.randint(0, 6),
            lambda: "{x: x + 1 for x in range(%d)}" % r.randint(0, 4),
            lambda: 'f"{%s}-{%s!r}"' % (e(), e()),
            lambda: "%s(%s)" % (r.choice(self.funcs), e()) if self.funcs else e(),
        ])()

    def stmt(self):
        r = self.r
        k = r.randrange(10)
        if self.depth > 2:
            k = r.choice([0, 1, 2])
        if k == 0:
            v = r.choice(self.vars + ["d", "e"])
            if v not in self.vars:
                self.vars.append(v)
            self.guarded("%s = %s" % (v, self.expr()))
        elif k == 1:
            self.guarded("%s %s= %s" % (r.choice(self.vars), r.choice(["+", "-", "*", "//", "%"]), self.expr()))
        elif k == 2:
            self.guarded("print(%s)" % self.expr())
        elif k == 3:
            # The condition is computed where an exception is caught.
            self.emit("cond = False")
            self.guarded("cond = bool(%s)" % self.expr())
            self.block("if cond:", else_=r.random() < 0.5)
        elif k == 4:
            self.block("for i%d in range(%d):" % (self.depth, r.randint(0, 30)))
        elif k == 5:
            self.emit("n%d = 0" % self.depth)
            self.block("while n%d < %d:" % (self.depth, r.randint(0, 20)), pre="n%d += 1" % self.depth)
        elif k == 6:
            self.function()
        elif k == 7:
            self.klass()
        elif k == 8 and self.funcs:
            self.guarded("print(%s(%s))" % (r.choice(self.funcs), self.expr()))
        else:
            self.guarded("print(sorted(%s))" % self.expr())

    def guarded(self, line):
        self.emit("try:")
        self.indent += 1
        self.emit(line)
        self.indent -= 1
        self.emit("except Exception as exc:")
        self.indent += 1
        self.emit("print(type(exc).__name__, exc)")
        self.indent -= 1

    def block(self, head, else_=False, pre=None):
        self.emit(head)
        self.indent += 1
        self.depth += 1
        if pre:
            self.emit(pre)
        for _ in range(self.r.randint(1, 3)):
            self.stmt()
        self.depth -= 1
        self.indent -= 1
        if else_:
            self.emit("else:")
            self.indent += 1
            self.depth += 1
            self.stmt()
            self.depth -= 1
            self.indent -= 1

    def function(self):
        r = self.r
        name = "f%d" % len(self.funcs)
        saved = self.vars
        self.emit("def %s(a, b=%s, *rest):" % (name, self.atom() if "b" not in self.atom() else "1"))
        self.indent += 1
        self.depth += 1
        self.vars = ["a", "b", "rest"]
        kind = r.randrange(3)
        for _ in range(r.randint(1, 3)):
            self.stmt()
        if kind == 0:
            self.emit("return %s" % self.expr())
        elif kind == 1:
            self.emit("yield %s" % self.expr())
            self.emit("yield from range(3)")
        else:
            self.emit("return a if not isinstance(a, int) or a <= 0 or a > 20 else %s(a - 1)" % name)
        self.depth -= 1
        self.indent -= 1
        self.vars = saved
        if kind == 1:
            self.emit("%s_g = %s" % (name, name))
            self.emit("%s = lambda *args: list(%s_g(*args))" % (name, name))
        self.funcs.append(name)
        self.guarded("print([%s(k) for k in range(%d)])" % (name, r.randint(1, 40)))

    def klass(self):
        r = self.r
        name = "C%d" % len(self.lines)
        self.emit("class %s:" % name)
        self.indent += 1
        self.emit("def __init__(self, v):")
        self.emit("    self.v = v")
        self.emit("def get(self, k):")
        self.emit("    return (self.v, k)")
        self.emit("@property")
        self.emit("def twice(self):")
        self.emit("    return self.v * 2")
        self.emit("def __repr__(self):")
        self.emit("    return '%s(%%r)' %% (self.v,)" % name)
        self.indent -= 1
        self.guarded("o = %s(%s); print(o, o.get(%s), o.twice)" % (name, self.expr(), self.expr()))

    def program(self):
        self.emit("a, b, c = %s, %s, %s" % (self.r.randint(0, 9), repr(self.r.random()), "'s'"))
        for _ in range(self.r.randint(3, 12)):
            self.stmt()
        return "\n".join(self.lines) + "\n"


def run_python(path, timeout, cwd):
    try:
        # -S: the programs import nothing, and `site` would be most of CPython's start-up.
        p = subprocess.run([sys.executable, "-S", path], stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=timeout, cwd=cwd)
    except subprocess.TimeoutExpired:
        return None
    return p.stdout, p.returncode, last_line(p.stderr.decode("utf-8", "replace"))


def last_line(err):
    lines = [l for l in err.splitlines() if l.strip()]
    return lines[-1] if lines else ""


def check(args):
    pycrane, src, timeout, oracle, work = args
    d = tempfile.mkdtemp(dir=work)
    try:
        return check_in(pycrane, src, timeout, oracle, d)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def check_in(pycrane, src, timeout, oracle, d):
    path = os.path.join(d, "prog.pyc")
    # Compiled once, here: compile-time warnings are not part of the comparison.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            code = compile(src, "prog.py", "exec")
        except SyntaxError:
            return None, None
    with open(path, "wb") as fh:
        fh.write(HEADER + marshal.dumps(code))
    outs = {}
    for mode in ("off", "always"):
        out = os.path.join(d, "out-" + mode)
        with open(out, "wb") as fh:
            verdict, err, status = run_pycrane([pycrane, "--jit=" + mode, path], timeout, d, stdout=fh)
        if verdict == "interrupted":
            return "skipped (too slow)", None
        if verdict == "hang" and run_pycrane([sys.executable, "-S", path], timeout, d)[0] == "hang":
            # CPython does not stop at SIGINT either (the program keeps catching it).
            return "skipped (too slow)", None
        if verdict:
            return "%s (--jit=%s)" % (verdict, mode), src
        with open(out, "rb") as fh:
            outs[mode] = (fh.read(), status, last_line(err))
    if outs["off"] != outs["always"]:
        return "jit mismatch", src
    if oracle:
        ref = run_python(path, timeout, d)
        if ref is not None and ref != outs["off"]:
            return "cpython mismatch", src
    return None, None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pycrane", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "target", "release", "pycrane"))
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--start", type=int, default=0,
                    help="index of the first program (a long run can go on where one stopped)")
    ap.add_argument("--progress", type=int, default=0, metavar="N",
                    help="print the counts so far after every N programs")
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--no-oracle", action="store_true", help="compare the two JIT modes only")
    ap.add_argument("--out", default="diff-fuzz-failures")
    args = ap.parse_args()
    args.pycrane = os.path.abspath(args.pycrane)
    os.makedirs(args.out, exist_ok=True)
    counts = collections.Counter()
    with tempfile.TemporaryDirectory() as work, multiprocessing.Pool(args.jobs) as pool:
        first = args.start
        jobs = ((args.pycrane, Gen(random.Random(args.seed * 1_000_003 + i)).program(), args.timeout,
                 not args.no_oracle, work) for i in range(first, first + args.count))
        for n, (verdict, src) in enumerate(pool.imap(check, jobs, chunksize=2), first):
            counts[verdict or "ok"] += 1
            if src and counts[verdict] <= 20:
                name = "%s-%d.py" % (verdict.split()[0], n)
                with open(os.path.join(args.out, name), "w") as fh:
                    fh.write("# %s (seed %d, program %d)\n%s" % (verdict, args.seed, n, src))
            if args.progress and (n + 1 - first) % args.progress == 0:
                print("programs %d..%d: %s" % (first, n, dict(sorted(counts.items()))), flush=True)
    print("programs: %d (each under --jit=off and --jit=always%s)" % (args.count, "" if args.no_oracle else ", and CPython"))
    for k, v in sorted(counts.items()):
        print("  %-24s %d" % (k, v))
    bad = sum(v for k, v in counts.items() if k not in ("ok", "skipped (too slow)"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
