# Deep recursion through compiled code raises RecursionError at the limit, catchable.
import sys


def depth(n):
    if n == 0:
        return 0
    return 1 + depth(n - 1)


print(depth(500))
sys.setrecursionlimit(3000)
print(depth(2500))
try:
    depth(10 ** 6)
except RecursionError as e:
    print("RecursionError:", e)
print(depth(100))


def ping(n):
    return pong(n - 1) + 1 if n > 0 else 0


def pong(n):
    return ping(n - 1) + 2 if n > 0 else 0


print(ping(1000))
try:
    ping(10 ** 5)
except RecursionError:
    print("mutual recursion stopped")
