# Catching RecursionError, then recursing fine afterwards; setrecursionlimit effects.
import sys


def down(n):
    return down(n + 1)


try:
    down(0)
except RecursionError as e:
    print("RecursionError:", e)


def depth(n):
    return n if n == 0 else 1 + depth(n - 1)


print(depth(500))
sys.setrecursionlimit(3000)
print(depth(2500))
sys.setrecursionlimit(100)
try:
    depth(500)
except RecursionError as e:
    print("RecursionError again:", e)
sys.setrecursionlimit(1000)
print(depth(900))


class Loop:
    def __repr__(self):
        return repr(self)


try:
    repr(Loop())
except RecursionError as e:
    print("repr recursion:", e)
