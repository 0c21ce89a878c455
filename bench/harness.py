#!/usr/bin/env python3
"""pycrane benchmark harness: times CPython 3.11, pycrane and other Pythons side by side.

Usage:
    python3 bench/harness.py [NAMES...] [--runs N] [--pycrane PATH] [--small] [--out DIR]
                             [--list] [--timeout S] [--no-others] [--pyc] [--pycrane-arg ARG]
                             [--allow-failures]

For every selected program (bench/<name>.py) and every available runtime it does one warm-up
run, then N timed runs alternating between runtimes (A B C A B C ...). Every run's stdout must
equal CPython 3.11's; a difference is reported as MISMATCH (with a diff excerpt) and makes the
exit status non-zero. Wall time is measured around each child; peak RSS comes from os.wait4
(per-child rusage). Results go to <out>/<timestamp>.json, <out>/latest.json and a grouped bar
chart <out>/latest.svg (speedup vs CPython per benchmark per runtime).

Runs under CPython (any 3.8+); only the standard library is used.
"""
import argparse
import datetime
import difflib
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)
HEADER_RE = re.compile(r"#\s*bench:\s*default=(\S+)\s+small=(\S+)")
OTHER_PYTHONS = ["pypy3", "python3.12", "python3.13", "python3.14", "python3.15"]
# Python runtimes run with -S (no `site` import): pycrane has no site-packages either, and
# site's .pth processing can cost ~0.1 s of startup that has nothing to do with the program.
PY_FLAGS = ["-S"]
PROBE_SRC = "import sys\nprint('probe', 6 * 7, len(sys.argv))\n"
PROBE_OUT = "probe 42 2\n"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# programs


class Program:
    def __init__(self, name, path, default, small, doc):
        self.name = name
        self.path = path
        self.default = default
        self.small = small
        self.doc = doc


def discover_programs():
    progs = []
    for fn in sorted(os.listdir(BENCH_DIR)):
        if not fn.endswith(".py") or fn.startswith("_") or fn == "harness.py":
            continue
        path = os.path.join(BENCH_DIR, fn)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        m = HEADER_RE.search(text)
        if not m:
            continue  # not a benchmark (helper module)
        doc = ""
        dm = re.search(r'"""(.*?)(?:\n|""")', text)
        if dm:
            doc = dm.group(1).strip()
        progs.append(Program(fn[:-3], path, m.group(1), m.group(2), doc))
    return progs


# ---------------------------------------------------------------------------------------------
# running a child


class RunResult:
    def __init__(self, status, wall, rss_kb, cpu, stdout, stderr, code):
        self.status = status  # "ok" | "failed" | "timeout"
        self.wall = wall
        self.rss_kb = rss_kb
        self.cpu = cpu
        self.stdout = stdout
        self.stderr = stderr
        self.code = code


def find_gnu_time():
    """GNU time, if present, used as a tiny launcher so peak RSS is the program's own.

    On Linux a child's ru_maxrss (as returned by wait4) also covers the memory of the process
    image it was forked from, i.e. this harness (~17 MB), because the kernel folds the old
    mm's high-water mark into maxrss at exec. Forking from the small `time` process avoids
    that. Without it we fall back to wait4's value, which is then a lower-bounded estimate.
    """
    for exe in ("/usr/bin/time", shutil.which("gtime")):
        if not exe or not os.access(exe, os.X_OK):
            continue
        try:
            p = subprocess.run([exe, "-f", "%M", "true"], capture_output=True, text=True,
                               timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if p.returncode == 0 and p.stderr.strip().splitlines()[-1:] and \
                p.stderr.strip().splitlines()[-1].isdigit():
            return exe
    return None


GNU_TIME = None  # set in main()


def run_child(cmd, timeout, cwd=REPO_DIR):
    """Run cmd; return RunResult with wall time and per-child rusage from os.wait4."""
    rss_file = None
    if GNU_TIME:
        fd, rss_file = tempfile.mkstemp(prefix="pycrane-rss-")
        os.close(fd)
        cmd = [GNU_TIME, "-f", "%M", "-o", rss_file, "--"] + list(cmd)
    try:
        return _run_child(cmd, timeout, cwd, rss_file)
    finally:
        if rss_file:
            os.unlink(rss_file)


def _run_child(cmd, timeout, cwd, rss_file):
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        timed_out = []
        try:
            t0 = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                    cwd=cwd, start_new_session=True)
        except OSError as e:
            return RunResult("failed", 0.0, 0, 0.0, "", f"cannot start: {e}", None)

        def kill():
            timed_out.append(True)
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            while True:
                try:
                    _, status, ru = os.wait4(proc.pid, 0)
                    break
                except InterruptedError:
                    continue
        except KeyboardInterrupt:
            kill()
            os.wait4(proc.pid, 0)
            proc.returncode = -9
            raise
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") \
            else (os.WEXITSTATUS(status) if os.WIFEXITED(status) else -os.WTERMSIG(status))
        proc.returncode = code  # reaped by wait4; keep Popen from waiting again
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    rss_kb = ru.ru_maxrss
    if sys.platform == "darwin":
        rss_kb //= 1024  # bytes there
    if rss_file:
        with open(rss_file) as f:
            lines = f.read().split()
        if lines and lines[-1].isdigit():
            rss_kb = int(lines[-1])
    if timed_out:
        status_s = "timeout"
    elif code != 0:
        status_s = "failed"
    else:
        status_s = "ok"
    return RunResult(status_s, wall, rss_kb, ru.ru_utime + ru.ru_stime, stdout, stderr, code)


# ---------------------------------------------------------------------------------------------
# runtimes


class Runtime:
    def __init__(self, label, argv, version, reference=False, pycrane=False):
        self.label = label
        self.argv = argv  # command prefix; the program path (and size) are appended
        self.version = version
        self.reference = reference
        self.pycrane = pycrane

    def command(self, prog, size, use_pyc):
        path = prog.path
        if self.pycrane and use_pyc:
            path = pyc_path(prog.path)
        cmd = list(self.argv) + [path]
        if size is not None:
            cmd.append(str(size))
        return cmd


def pyc_path(src):
    d, fn = os.path.split(src)
    return os.path.join(d, "__pycache__", fn[:-3] + ".cpython-311.pyc")


def probe_python(exe):
    """Return (real_executable, implementation, version) or None if exe is not runnable."""
    code = ("import sys, platform; print(sys.executable); "
            "print(platform.python_implementation()); print(platform.python_version())")
    try:
        p = subprocess.run([exe, "-c", code], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = p.stdout.split("\n")
    if p.returncode != 0 or len(lines) < 3:
        return None
    real = lines[0].strip() or shutil.which(exe)
    return real, lines[1].strip(), lines[2].strip()


def pyenv_candidates(name):
    """python3.12 -> ~/.pyenv/versions/3.12*/bin/python3.12 (pyenv shims often refuse)."""
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    vdir = os.path.join(root, "versions")
    m = re.fullmatch(r"python(\d+\.\d+)", name)
    if not m or not os.path.isdir(vdir):
        return []
    out = []
    for v in sorted(os.listdir(vdir), reverse=True):
        if v == m.group(1) or v.startswith(m.group(1) + "."):
            exe = os.path.join(vdir, v, "bin", name)
            if os.access(exe, os.X_OK):
                out.append(exe)
    return out


def find_reference(notes):
    for cand in ["python3.11", "python3", sys.executable] + pyenv_candidates("python3.11"):
        if not cand:
            continue
        info = probe_python(cand)
        if info and info[1] == "CPython" and info[2].startswith("3.11."):
            return Runtime("cpython3.11", [info[0]] + PY_FLAGS, f"CPython {info[2]}",
                           reference=True)
    info = probe_python(sys.executable)
    notes.append("WARNING: no CPython 3.11 found; using %s %s as the reference"
                 % (info[1], info[2]))
    return Runtime("cpython" + ".".join(info[2].split(".")[:2]), [info[0]] + PY_FLAGS,
                   f"{info[1]} {info[2]}", reference=True)


def probe_text(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return p.returncode, p.stdout + p.stderr
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, str(e)


def find_pycrane(path, extra_args, use_pyc, ref, notes):
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        notes.append(f"skipped pycrane: no executable at {path} (build with "
                     f"`cargo build --release` or pass --pycrane PATH)")
        return []
    path = os.path.abspath(path)
    _, help_text = probe_text([path, "--help"])
    _, ver_text = probe_text([path, "-VV"])
    if "pycrane" not in ver_text:
        _, ver_text = probe_text([path, "--version"])
    version = ver_text.strip().split("\n")[0][:80] if ver_text.strip() else "pycrane"
    base = [path] + list(extra_args)
    if "--jit" in help_text or "--jit" in ver_text:
        return [Runtime("pycrane --jit=off", base + ["--jit=off"], version, pycrane=True),
                Runtime("pycrane --jit=on", base + ["--jit=on"], version, pycrane=True)]
    # No JIT advertised: see whether --jit=off is at least accepted.
    tmp = tempfile.mkdtemp(prefix="pycrane-probe-")
    try:
        probe = os.path.join(tmp, "probe.py")
        with open(probe, "w") as f:
            f.write(PROBE_SRC)
        subprocess.run(ref.argv + ["-m", "py_compile", probe], capture_output=True)
        target = pyc_path(probe) if use_pyc else probe
        r = run_child(base + ["--jit=off", target, "x"], 30)
        if r.status == "ok" and r.stdout == PROBE_OUT:
            return [Runtime("pycrane --jit=off", base + ["--jit=off"], version, pycrane=True)]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    notes.append("pycrane does not advertise or accept --jit=off; running it without flags")
    return [Runtime("pycrane", base, version, pycrane=True)]


def find_others(ref, notes):
    found = []
    seen = {os.path.realpath(ref.argv[0])}
    for name in OTHER_PYTHONS:
        cands = []
        if shutil.which(name):
            cands.append(name)
        cands += pyenv_candidates(name)
        info = None
        for c in cands:
            info = probe_python(c)
            if info:
                break
        if not info:
            how = "not runnable (pyenv shim?)" if cands else "not found"
            if name in ("pypy3", "python3.12", "python3.13"):
                notes.append(f"skipped {name}: {how}")
            continue
        real = os.path.realpath(info[0])
        if real in seen:
            continue
        seen.add(real)
        impl = "pypy" if info[1] == "PyPy" else "cpython"
        label = f"{impl}{'.'.join(info[2].split('.')[:2])}" if impl == "cpython" else "pypy3"
        found.append(Runtime(label, [info[0]] + PY_FLAGS, f"{info[1]} {info[2]}"))
    return found


# ---------------------------------------------------------------------------------------------
# measuring


def diff_excerpt(expected, got, limit=14):
    lines = list(difflib.unified_diff(expected.splitlines(), got.splitlines(),
                                      "cpython", "runtime", lineterm="", n=1))
    if len(lines) > limit:
        lines = lines[:limit] + [f"... ({len(lines) - limit} more diff lines)"]
    return "\n".join(lines)


def tail(text, n=6):
    lines = text.rstrip().splitlines()
    return "\n".join(lines[-n:])


def bench_one(idx, total, prog, runtimes, args):
    size = prog.small if args.small else prog.default
    res = {rt.label: {"status": "ok", "times": [], "rss_kb": [], "cpu": []} for rt in runtimes}
    expected = None
    ref = runtimes[0]

    def attempt(rt, what):
        r = res[rt.label]
        if r["status"] != "ok":
            return
        log(f"[{idx}/{total}] {prog.name}: {rt.label} {what}")
        rr = run_child(rt.command(prog, size, args.pyc), args.timeout)
        nonlocal expected
        if rr.status != "ok":
            r["status"] = "FAILED"
            r["error"] = ("timeout after %ss" % args.timeout if rr.status == "timeout"
                          else f"exit code {rr.code}") + ("\n" + tail(rr.stderr)
                                                          if rr.stderr.strip() else "")
            return
        if rt is ref and expected is None:
            expected = rr.stdout
        elif expected is not None and rr.stdout != expected:
            r["status"] = "MISMATCH"
            r["diff"] = diff_excerpt(expected, rr.stdout)
            return
        if what != "warm-up":
            r["times"].append(rr.wall)
            r["rss_kb"].append(rr.rss_kb)
            r["cpu"].append(rr.cpu)

    runs = 1 if args.small else args.runs
    if not args.small:
        for rt in runtimes:
            attempt(rt, "warm-up")
    for i in range(runs):
        for rt in runtimes:
            attempt(rt, f"run {i + 1}/{runs}")
    if res[ref.label]["status"] != "ok":
        # nothing to compare against
        for rt in runtimes[1:]:
            if res[rt.label]["status"] == "ok":
                res[rt.label]["status"] = "UNCHECKED"
    ref_med = None
    for rt in runtimes:
        r = res[rt.label]
        if r["times"]:
            r["median"] = statistics.median(r["times"])
            r["min"] = min(r["times"])
            r["max"] = max(r["times"])
            r["rss_mb"] = max(r["rss_kb"]) / 1024.0
            if rt is ref:
                ref_med = r["median"]
        if r["status"] != "ok":
            r.pop("median", None)
    for rt in runtimes:
        r = res[rt.label]
        if r["status"] == "ok" and ref_med and r.get("median"):
            r["speedup"] = ref_med / r["median"]
    return {"name": prog.name, "size": size, "output_lines": len((expected or "").splitlines()),
            "results": res}


def geomean(values):
    values = [v for v in values if v and v > 0]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


# ---------------------------------------------------------------------------------------------
# reporting


def fmt_cell(r):
    if r["status"] != "ok":
        return r["status"]
    return f"{r['median']:.3f}s x{r.get('speedup', float('nan')):.2f}"


def print_report(data, runtimes):
    labels = [rt.label for rt in runtimes]
    out = []
    w = max([len(b["name"]) for b in data["benchmarks"]] + [9])
    lw = max(len(x) for x in labels)
    out.append("")
    out.append(f"{'benchmark':<{w}}  {'runtime':<{lw}}  {'median':>9}  {'speedup':>8}  "
               f"{'spread (min-max)':>17}  {'RSS MB':>7}")
    out.append("-" * (w + lw + 53))
    problems = []
    for b in data["benchmarks"]:
        for i, lab in enumerate(labels):
            r = b["results"][lab]
            name = b["name"] if i == 0 else ""
            if r["status"] != "ok":
                out.append(f"{name:<{w}}  {lab:<{lw}}  {r['status']:>9}")
                detail = r.get("diff") or r.get("error") or ""
                problems.append(f"{b['name']} / {lab}: {r['status']}\n"
                                + "\n".join("    " + x for x in detail.splitlines()))
                continue
            sp = r.get("speedup")
            sps = f"{sp:.2f}x" if sp else "-"
            spread = f"{r['min']:.3f}-{r['max']:.3f}"
            out.append(f"{name:<{w}}  {lab:<{lw}}  {r['median']:>8.3f}s  {sps:>8}  "
                       f"{spread:>17}  {r['rss_mb']:>7.1f}")
    out.append("-" * (w + lw + 53))
    for lab in labels:
        g = data["geomean"].get(lab)
        n = data["geomean_count"].get(lab, 0)
        gs = f"{g:.2f}x" if g else "-"
        out.append(f"{'geomean':<{w}}  {lab:<{lw}}  {'':>9}  {gs:>8}  "
                   f"(over {n} of {len(data['benchmarks'])} benchmarks)")
    # compact matrix of speedups
    if len(labels) > 1:
        out.append("")
        out.append("speedup vs " + labels[0] + " (higher is better):")
        cw = max(10, max(len(x) for x in labels) + 1)
        out.append(f"{'':<{w}}" + "".join(f"{x:>{cw}}" for x in labels))
        for b in data["benchmarks"]:
            row = f"{b['name']:<{w}}"
            for lab in labels:
                r = b["results"][lab]
                cell = f"{r['speedup']:.2f}" if r["status"] == "ok" and r.get("speedup") \
                    else r["status"]
                row += f"{cell:>{cw}}"
            out.append(row)
        row = f"{'geomean':<{w}}"
        for lab in labels:
            g = data["geomean"].get(lab)
            row += f"{(f'{g:.2f}' if g else '-'):>{cw}}"
        out.append(row)
    if problems:
        out.append("")
        out.append("PROBLEMS:")
        out.extend(problems)
    print("\n".join(out))


PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
           "#9c755f"]


def esc(s):
    return (str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def make_svg(data, labels, ref_label):
    series = [x for x in labels if x != ref_label] or [ref_label]
    groups = [b["name"] for b in data["benchmarks"]] + ["geomean"]

    def value(g, lab):
        if g == "geomean":
            v = data["geomean"].get(lab)
            return ("ok", v) if v else ("none", None)
        b = next(b for b in data["benchmarks"] if b["name"] == g)
        r = b["results"][lab]
        if r["status"] == "ok" and r.get("speedup"):
            return "ok", r["speedup"]
        return r["status"], None

    vals = [value(g, s)[1] for g in groups for s in series]
    vals = [v for v in vals if v]
    vmax = max(vals + [1.0])
    vmin = min(vals + [1.0])
    log_scale = vmax > 8 or vmin < 0.25
    left, right, top, bottom = 70, 120, 60, 110
    group_w = max(30, 14 * len(series) + 14)
    plot_w = group_w * len(groups)
    plot_h = 320
    width = max(left + plot_w + right, 760)
    height = top + plot_h + bottom + 20 * ((len(series) + 3) // 4)

    if log_scale:
        lo = 2 ** math.floor(math.log2(min(vmin, 1.0)))
        hi = 2 ** math.ceil(math.log2(vmax * 1.05))

        def y(v):
            v = max(v, lo)
            return top + plot_h * (1 - (math.log(v) - math.log(lo)) / (math.log(hi) - math.log(lo)))
        ticks = []
        t = lo
        while t <= hi * 1.0001:
            ticks.append(t)
            t *= 2
        base_v = lo
    else:
        hi = max(1.25, vmax * 1.1)
        step = 0.25
        for s in (0.25, 0.5, 1, 2, 5, 10):
            if hi / s <= 8:
                step = s
                break

        def y(v):
            return top + plot_h * (1 - v / hi)
        ticks = [i * step for i in range(int(hi / step) + 1)]
        base_v = 0.0

    p = []
    p.append(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">')
    p.append(f'<rect width="{width}" height="{height}" fill="white"/>')
    title = (f"Speedup vs {ref_label} (higher is better) — {data['timestamp']}"
             f"{' — small sizes' if data['small'] else ''}")
    p.append(f'<text x="{left}" y="22" font-size="15" font-weight="bold">{esc(title)}</text>')
    p.append(f'<text x="{left}" y="40" fill="#555">median of {data["runs"]} runs; '
             f'{"log" if log_scale else "linear"} scale; ✗ = failed or output mismatch</text>')
    for t in ticks:
        ty = y(t)
        p.append(f'<line x1="{left}" y1="{ty:.1f}" x2="{left + plot_w}" y2="{ty:.1f}" '
                 f'stroke="#e4e4e4"/>')
        lab = f"{t:g}x"
        p.append(f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end">{lab}</text>')
    p.append(f'<text transform="translate(16,{top + plot_h / 2}) rotate(-90)" '
             f'text-anchor="middle">speedup (CPython time / runtime time)</text>')
    bar_w = (group_w - 14) / len(series)
    for gi, g in enumerate(groups):
        gx = left + gi * group_w + 7
        if g == "geomean":
            p.append(f'<rect x="{gx - 5}" y="{top}" width="{group_w - 4}" height="{plot_h}" '
                     f'fill="#f4f4f8"/>')
        for si, s in enumerate(series):
            st, v = value(g, s)
            x = gx + si * bar_w
            color = PALETTE[si % len(PALETTE)]
            if v:
                y0 = y(base_v)
                y1 = y(v)
                p.append(f'<rect x="{x:.1f}" y="{y1:.1f}" width="{bar_w - 1:.1f}" '
                         f'height="{max(0.5, y0 - y1):.1f}" fill="{color}">'
                         f'<title>{esc(g)} / {esc(s)}: {v:.2f}x</title></rect>')
                if bar_w >= 9:
                    vs = f"{v:.2f}" if bar_w >= 16 and v < 10 else f"{v:.1f}"
                    p.append(f'<text x="{x + bar_w / 2:.1f}" y="{y1 - 3:.1f}" font-size="8" '
                             f'text-anchor="middle">{vs}</text>')
            elif st not in ("none",):
                p.append(f'<text x="{x + bar_w / 2:.1f}" y="{y(base_v) - 4:.1f}" fill="#d00" '
                         f'font-weight="bold" text-anchor="middle">✗<title>{esc(g)} / '
                         f'{esc(s)}: {esc(st)}</title></text>')
        lx = gx + (group_w - 14) / 2
        ly = top + plot_h + 12
        bold = ' font-weight="bold"' if g == "geomean" else ""
        p.append(f'<text transform="translate({lx:.1f},{ly}) rotate(-40)" text-anchor="end"'
                 f'{bold}>{esc(g)}</text>')
    p.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
             f'stroke="#333"/>')
    p.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#333"/>')
    by = y(1.0)
    p.append(f'<line x1="{left}" y1="{by:.1f}" x2="{left + plot_w}" y2="{by:.1f}" '
             f'stroke="#c00" stroke-width="1.5" stroke-dasharray="6,3"/>')
    p.append(f'<text x="{left + plot_w + 4}" y="{by + 4:.1f}" fill="#c00">'
             f'{esc(ref_label)} = 1.0</text>')
    ly = top + plot_h + bottom - 10
    for si, s in enumerate(series):
        lx = left + (si % 4) * 190
        yy = ly + (si // 4) * 20
        p.append(f'<rect x="{lx}" y="{yy - 10}" width="12" height="12" '
                 f'fill="{PALETTE[si % len(PALETTE)]}"/>')
        p.append(f'<text x="{lx + 17}" y="{yy}">{esc(s)}</text>')
    p.append("</svg>")
    return "\n".join(p) + "\n"


# ---------------------------------------------------------------------------------------------


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per runtime (default 5)")
    ap.add_argument("--pycrane", default=os.path.join(REPO_DIR, "target", "release", "pycrane"),
                    help="pycrane binary (default target/release/pycrane)")
    ap.add_argument("--baseline", metavar="PATH",
                    help="another pycrane binary (e.g. the previous commit's build), timed in "
                         "the same run and labelled 'baseline'")
    ap.add_argument("--pycrane-arg", action="append", default=[], metavar="ARG",
                    help="extra argument put before the program for pycrane (repeatable)")
    ap.add_argument("--pyc", action="store_true",
                    help="give pycrane the compiled __pycache__/*.cpython-311.pyc path "
                         "instead of the .py path")
    ap.add_argument("--small", action="store_true",
                    help="run each program once at its small size (smoke test)")
    ap.add_argument("--out", default=os.path.join(BENCH_DIR, "results"),
                    help="results directory (default bench/results)")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per run (120)")
    ap.add_argument("--no-others", action="store_true",
                    help="only CPython 3.11 and pycrane (skip pypy3, python3.12, ...)")
    ap.add_argument("--allow-failures", action="store_true",
                    help="FAILED runs of non-reference runtimes do not make the exit status "
                         "non-zero (mismatches still do)")
    ap.add_argument("--site", action="store_true",
                    help="run CPython/PyPy without -S (i.e. with the site module)")
    ap.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = ap.parse_args(argv)

    progs = discover_programs()
    if args.list:
        w = max(len(p.name) for p in progs)
        for p in progs:
            print(f"{p.name:<{w}}  default={p.default:<8} small={p.small:<6} {p.doc}")
        return 0
    if args.names:
        byname = {p.name: p for p in progs}
        unknown = [n for n in args.names if n.removesuffix(".py") not in byname]
        if unknown:
            log(f"unknown benchmark(s): {', '.join(unknown)}; available: "
                + ", ".join(byname))
            return 2
        progs = [byname[n.removesuffix(".py")] for n in args.names]
    if args.runs < 1:
        log("--runs must be >= 1")
        return 2

    if args.site:
        PY_FLAGS.clear()
    global GNU_TIME
    GNU_TIME = find_gnu_time()
    notes = []
    if not GNU_TIME:
        notes.append("GNU time not found: peak RSS from wait4 includes the harness's own "
                     "memory (values near the harness size are upper bounds)")
    ref = find_reference(notes)
    # compile the .pyc files pycrane runs, with the reference CPython 3.11
    comp = subprocess.run(ref.argv + ["-m", "py_compile"] + [p.path for p in progs],
                          capture_output=True, text=True)
    if comp.returncode != 0:
        log("py_compile failed:\n" + comp.stderr)
        return 2
    runtimes = [ref]
    runtimes += find_pycrane(args.pycrane, args.pycrane_arg, args.pyc, ref, notes)
    if args.baseline:
        for rt in find_pycrane(args.baseline, args.pycrane_arg, args.pyc, ref, notes):
            rt.label = rt.label.replace("pycrane", "baseline", 1)
            runtimes.append(rt)
    if not args.no_others:
        runtimes += find_others(ref, notes)
    for n in notes:
        log("note: " + n)
    log("runtimes: " + "; ".join(f"{rt.label} = {' '.join(rt.argv)} ({rt.version})"
                                  for rt in runtimes))

    started = datetime.datetime.now()
    results = []
    for i, prog in enumerate(progs, 1):
        results.append(bench_one(i, len(progs), prog, runtimes, args))

    labels = [rt.label for rt in runtimes]
    gm = {}
    gm_n = {}
    for lab in labels:
        sp = [b["results"][lab].get("speedup") for b in results
              if b["results"][lab]["status"] == "ok"]
        sp = [s for s in sp if s]
        gm[lab] = geomean(sp)
        gm_n[lab] = len(sp)
    stamp = started.strftime("%Y%m%d-%H%M%S")
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    data = {
        "timestamp": stamp,
        "small": args.small,
        "runs": 1 if args.small else args.runs,
        "timeout": args.timeout,
        "host": {"platform": platform.platform(), "machine": platform.machine(),
                 "cpus": os.cpu_count(), "loadavg_at_end": load},
        "rss_method": "GNU time %M" if GNU_TIME else "os.wait4 ru_maxrss",
        "runtimes": [{"label": rt.label, "command": rt.argv, "version": rt.version,
                      "reference": rt.reference} for rt in runtimes],
        "notes": notes,
        "benchmarks": results,
        "geomean": gm,
        "geomean_count": gm_n,
    }
    print_report(data, runtimes)

    os.makedirs(args.out, exist_ok=True)
    text = json.dumps(data, indent=1)
    for fn in (f"{stamp}.json", "latest.json"):
        with open(os.path.join(args.out, fn), "w") as f:
            f.write(text)
    with open(os.path.join(args.out, "latest.svg"), "w", encoding="utf-8") as f:
        f.write(make_svg(data, labels, ref.label))
    log(f"wrote {os.path.join(args.out, stamp + '.json')}, latest.json, latest.svg")

    status = 0
    for b in results:
        for rt in runtimes:
            st = b["results"][rt.label]["status"]
            if st == "MISMATCH" or (st in ("FAILED", "UNCHECKED") and
                                    (rt.reference or not args.allow_failures)):
                status = 1
    if status:
        log("harness: some runs FAILED or MISMATCHED (see PROBLEMS above)")
    return status


if __name__ == "__main__":
    sys.exit(main())
