# Recursion levels as CPython counts them: a Python frame is one, calling a class defined in
# Python one more (its __init__ another), a repr one; the error names the level that hit the limit.
import sys
class A:
    def __init__(self, n):
        global depth
        depth = n
        A(n + 1)
try:
    A(0)
except RecursionError as e:
    print('class calls', depth, e)
def f(n):
    global depth
    depth = n
    f(n + 1)
try:
    f(0)
except RecursionError as e:
    print('function calls', depth, e)
class B:
    def __repr__(self):
        global depth
        depth += 1
        return repr(self)
depth = 0
try:
    repr(B())
except RecursionError as e:
    print('repr', depth, e)
# A print at the limit fails in its write to sys.stdout, a level of its own, before the
# str() of an exception argument.
def f1(n):
    try:
        tuple(False)
    except TypeError as exc:
        print(type(exc).__name__, exc)
    f1(n + 1)
try:
    f1(0)
except RecursionError as e:
    print('print at the limit:', e)
# Deep enough for the JIT's direct calls and constructions, in a loop.
class Node:
    def __init__(self, n):
        self.child = Node(n - 1) if n else None
for k in range(3):
    try:
        Node(10000)
    except RecursionError as e:
        print(k, e)
    print(len([Node(5) for _ in range(300)]))
