#!/usr/bin/env python3
"""Mutation fuzzer for pycrane's whole load-and-run path, run out of process.

Seeds are the differential corpus (`tests/cases/**/*.py`) compiled by this CPython 3.11.
Each fuzzed input is a `.pyc` made by one mutation of a seed:

- structured (most inputs): one code object somewhere in the seed's tree is changed through
  `code.replace` — bytecode bytes, one instruction's opcode or argument, `co_stacksize`, the
  exception, line or location table, the constants, names or local-variable names — and the
  tree is re-marshalled behind a valid 3.11 header, so the input gets past the loader and
  exercises the verifier, the interpreter and the JIT;
- raw: bytes of a valid pyc flipped, cut or repeated (the marshal loader's share).

Every input runs under `pycrane --jit=off` and `pycrane --jit=always` with a timeout. A run
*fails* when it panics (exit status 70, "panicked at" on stderr), dies by a signal, or, past
the timeout, does not stop at SIGINT; anything else — a Python exception, a clean "bad bytecode" error — is a pass.
Failing inputs are kept in `--out` with their stderr, and the summary lists distinct panic
sites. The run is reproducible from `--seed`.

    python3 fuzz/pyc_fuzz.py --pycrane target/release/pycrane --count 2000 --seed 1
    python3 fuzz/pyc_fuzz.py --pycrane target/release/pycrane --minutes 30
"""

import argparse
import collections
import importlib.util
import marshal
import multiprocessing
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADER = importlib.util.MAGIC_NUMBER + b"\0" * 12
OPCODES = sorted(set(__import__("opcode").opmap.values()))


def seeds():
    """(name, code object) for every compilable case of the differential corpus."""
    out = []
    for dirpath, _, files in sorted(os.walk(os.path.join(ROOT, "tests", "cases"))):
        for f in sorted(files):
            if f.endswith(".py"):
                path = os.path.join(dirpath, f)
                try:
                    with open(path, encoding="utf-8") as fh:
                        out.append((os.path.relpath(path, ROOT), compile(fh.read(), path, "exec")))
                except SyntaxError:
                    pass
    return out


def code_objects(code):
    yield code
    for c in code.co_consts:
        if isinstance(c, type(code)):
            yield from code_objects(c)


def replace_nested(code, old, new):
    """`code` with the code object `old` (somewhere in its tree) replaced by `new`."""
    if code is old:
        return new
    consts = tuple(
        replace_nested(c, old, new) if isinstance(c, type(code)) else c for c in code.co_consts
    )
    return code.replace(co_consts=consts)


def flip(rng, data, n=None):
    b = bytearray(data)
    if not b:
        return bytes(b)
    for _ in range(n or rng.randint(1, 4)):
        i = rng.randrange(len(b))
        b[i] = rng.choice([rng.randrange(256), b[i] ^ (1 << rng.randrange(8)), 0, 255])
    return bytes(b)


def interesting_int(rng):
    return rng.choice([0, 1, 2, 3, 7, 255, 256, 1000, 65535, 2**16, 2**24, 2**31 - 1])


def mutate_code(rng, c):
    """One structured change to code object `c`: a new code object, or new `co_code` bytes
    (which the caller splices into the marshal stream: CPython's own `marshal.dumps` reads
    instructions' inline caches past the end of a malformed `co_code`). May raise: the caller
    retries."""
    kind = rng.randrange(12)
    code = bytearray(c.co_code)
    units = len(code) // 2
    if kind == 0:
        return flip(rng, code)
    if kind == 1:  # one instruction's opcode
        i = rng.randrange(units)
        code[2 * i] = rng.choice(OPCODES)
        return bytes(code)
    if kind == 2:  # one instruction's argument
        i = rng.randrange(units)
        code[2 * i + 1] = rng.choice([0, 1, 2, 3, rng.randrange(256), 255])
        return bytes(code)
    if kind == 3:  # an EXTENDED_ARG prefix with a large argument
        i = rng.randrange(units)
        ext = bytes([144, rng.choice([1, 2, 127, 255])])
        return bytes(code[: 2 * i]) + ext + bytes(code[2 * i :])
    if kind == 4:
        return c.replace(co_stacksize=rng.choice([0, 1, c.co_stacksize - 1, 2**20, 2**31 - 1]))
    if kind == 5:
        return c.replace(co_exceptiontable=flip(rng, c.co_exceptiontable or b"\0"))
    if kind == 6:
        return c.replace(co_linetable=flip(rng, c.co_linetable or b"\0"))
    if kind == 7:  # fewer constants
        return c.replace(co_consts=c.co_consts[: rng.randrange(len(c.co_consts) + 1)])
    if kind == 8:  # fewer names
        return c.replace(co_names=c.co_names[: rng.randrange(len(c.co_names) + 1)])
    if kind == 9:  # fewer local names (and so fewer fast locals)
        n = rng.randrange(len(c.co_varnames) + 1)
        return c.replace(co_varnames=c.co_varnames[:n], co_nlocals=n)
    if kind == 10:  # swap two instructions
        i, j = rng.randrange(units), rng.randrange(units)
        code[2 * i : 2 * i + 2], code[2 * j : 2 * j + 2] = code[2 * j : 2 * j + 2], code[2 * i : 2 * i + 2]
        return bytes(code)
    # a constant of another type
    consts = list(c.co_consts) or [None]
    consts[rng.randrange(len(consts))] = rng.choice([None, 0, -1, 2**100, "x", b"y", (), 1.5, ("a", "b")])
    return c.replace(co_consts=tuple(consts))


def make_input(rng, seed_list):
    name, top = rng.choice(seed_list)
    if rng.random() < 0.15:
        data = bytearray(marshal.dumps(top))
        r = rng.randrange(3)
        if r == 0:
            data = flip(rng, data, rng.randint(1, 8))
        elif r == 1:
            data = data[: rng.randrange(len(data))]
        else:
            i = rng.randrange(len(data))
            data = data[:i] + data[i : i + rng.randint(1, 64)] * rng.randint(2, 50) + data[i:]
        return name, "raw", HEADER + bytes(data)
    for _ in range(20):
        target = rng.choice(list(code_objects(top)))
        try:
            new = mutate_code(rng, target)
            if isinstance(new, bytes):
                # marshal writes co_code as a bytes object: its 4-byte length, then the bytes.
                old = target.co_code
                stream = marshal.dumps(top)
                at = stream.index(len(old).to_bytes(4, "little") + old)
                patched = stream[:at] + len(new).to_bytes(4, "little") + new + stream[at + 4 + len(old) :]
                return name, "structured", HEADER + patched
            return name, "structured", HEADER + marshal.dumps(replace_nested(top, target, new))
        except Exception:
            continue
    return name, "raw", HEADER + flip(rng, marshal.dumps(top))


PANIC = re.compile(r"panicked at ([^\n:]+:\d+)")


def run_pycrane(argv, timeout, cwd, stdout=subprocess.DEVNULL):
    """(verdict, stderr, exit status) of one run; the verdict is None for a pass, and
    "interrupted" for a run stopped by SIGINT at the timeout. A run past `timeout` is sent SIGINT,
    which pycrane must answer with KeyboardInterrupt (within 20 s) (a mutated jump makes an endless loop
    as easily under CPython); one that does not exit then is a hang."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", RUST_BACKTRACE="0")
    # Its own session: a mutated `os.kill(pid, sig)` may well become `os.kill(0, sig)`.
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=stdout,
                         stderr=subprocess.PIPE, cwd=cwd, env=env, start_new_session=True)
    try:
        _, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.send_signal(signal.SIGINT)
        try:
            # A generous grace: under load, unwinding and printing a deep traceback is slow.
            _, err = p.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
            _, err = p.communicate()
            return "hang", err.decode("utf-8", "replace"), None
        return "interrupted", err.decode("utf-8", "replace"), p.returncode
    err = err.decode("utf-8", "replace")
    if p.returncode < 0 and p.returncode != -signal.SIGINT:
        return "signal " + signal.Signals(-p.returncode).name, err, p.returncode
    if p.returncode == 70 or "panicked at" in err:
        m = PANIC.search(err)
        return "panic " + (m.group(1) if m else "(no location)"), err, p.returncode
    return None, err, p.returncode


def run_one(args):
    pycrane, data, timeout, workdir = args
    path = os.path.join(workdir, "input_%d.pyc" % os.getpid())
    with open(path, "wb") as fh:
        fh.write(data)
    results = []
    for mode in ("off", "always"):
        verdict, err, _ = run_pycrane([pycrane, "--jit=" + mode, path], timeout, workdir)
        if verdict == "interrupted":
            verdict = None
        results.append((mode, verdict, err[-2000:]))
    return results


# Seeds the in-process targets must not run: a program that forks, exits the process, sets
# signal handlers or alarms, or reads standard input would act on the fuzzer itself.
IN_PROCESS_UNSAFE = ("import os", "signal", "subprocess", "fork", "_exit", "input(", "stdin",
                     "threading", "_thread", "atexit")


def write_seeds(folder):
    os.makedirs(folder, exist_ok=True)
    n = 0
    for name, code in seeds():
        with open(os.path.join(ROOT, name), encoding="utf-8") as fh:
            text = fh.read()
        if any(word in text for word in IN_PROCESS_UNSAFE):
            continue
        with open(os.path.join(folder, re.sub(r"\W", "_", name) + ".pyc"), "wb") as fh:
            fh.write(HEADER + marshal.dumps(code))
        n += 1
    print("%d seeds in %s" % (n, folder))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pycrane", default=os.path.join(ROOT, "target", "release", "pycrane"))
    ap.add_argument("--count", type=int, default=1000, help="inputs to run (each in both JIT modes)")
    ap.add_argument("--minutes", type=float, help="run for this long instead of --count inputs")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=5.0)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--out", default="fuzz-failures", help="folder for failing inputs")
    ap.add_argument("--write-seeds", metavar="DIR",
                    help="write the seed corpus for the in-process cargo fuzz targets and stop")
    args = ap.parse_args()
    args.pycrane = os.path.abspath(args.pycrane)
    if args.write_seeds:
        return write_seeds(args.write_seeds)
    rng = random.Random(args.seed)
    seed_list = seeds()
    os.makedirs(args.out, exist_ok=True)
    deadline = time.time() + args.minutes * 60 if args.minutes else None
    counts = collections.Counter()
    sites = collections.Counter()
    runs = 0
    with tempfile.TemporaryDirectory() as work, multiprocessing.Pool(args.jobs) as pool:
        def inputs():
            n = 0
            while (deadline is None and n < args.count) or (deadline and time.time() < deadline):
                n += 1
                yield make_input(rng, seed_list)

        made = []

        def jobs():
            for item in inputs():
                made.append(item)
                yield (args.pycrane, item[2], args.timeout, work)

        for n, results in enumerate(pool.imap(run_one, jobs(), chunksize=4)):
            name, how, data = made[n]
            made[n] = None
            for mode, verdict, err in results:
                runs += 1
                if verdict is None:
                    counts["ok"] += 1
                    continue
                counts[verdict.split()[0]] += 1
                sites[verdict] += 1
                if sites[verdict] <= 3:
                    stem = os.path.join(args.out, "%s-%d-%s" % (mode, n, re.sub(r"\W", "_", verdict)[:60]))
                    with open(stem + ".pyc", "wb") as fh:
                        fh.write(data)
                    with open(stem + ".txt", "w") as fh:
                        fh.write("seed %s (%s), --jit=%s: %s\n%s" % (name, how, mode, verdict, err))
    print("runs: %d (inputs %d, both JIT modes)" % (runs, runs // 2))
    for k, v in sorted(counts.items()):
        print("  %-8s %d" % (k, v))
    print("distinct failures: %d" % len(sites))
    for site, v in sites.most_common():
        print("  %6d  %s" % (v, site))
    return 1 if len(sites) else 0


if __name__ == "__main__":
    sys.exit(main())
