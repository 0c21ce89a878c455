# bench: default=400 small=3
"""Imports: pure-Python modules of CPython's own Lib/, imported afresh N times from their
cached bytecode (finding, loading and running each module body).

Usage: imports.py [N]   removes the modules from sys.modules and imports them N times.
"""
import sys

MODULES = ["heapq", "bisect", "keyword", "colorsys", "operator", "__future__", "this"]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    real_stdout = sys.stdout

    class Sink:
        def write(self, s):
            return len(s)

        def flush(self):
            pass

    total = 0
    sys.stdout = Sink()  # `this` prints the Zen of Python when imported
    try:
        for _ in range(n):
            for name in MODULES:
                sys.modules.pop(name, None)
                m = __import__(name)
                total += len(m.__dict__)
    finally:
        sys.stdout = real_stdout
    print(n, "rounds,", total, "names")
    print(sorted(m for m in MODULES if m in sys.modules))


main()
