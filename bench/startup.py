# bench: default=1 small=1
"""Start-up: the whole run of a program that prints one line (its bytecode cached).

Usage: startup.py [N]   prints "hi" N times (the size only keeps the harness's interface).
"""
import sys

for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 1):
    print("hi")
