# input() reading lines from stdin (sidecar input_stdin.stdin), then EOFError at end.
import sys

name = input()
print("hello,", name)
n = int(input("count? "))
print()
total = 0
for i in range(n):
    line = input()
    total += sum(int(tok) for tok in line.split())
    print(f"line {i}: {line!r}")
print("total", total)
rest = sys.stdin.readline()
print("readline:", repr(rest))
remaining = sys.stdin.read()
print("read rest:", repr(remaining))
try:
    input()
except EOFError as e:
    print("EOFError:", repr(e))
