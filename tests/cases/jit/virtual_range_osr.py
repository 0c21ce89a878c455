# Module-level `for ... in range(...)` loops entered by on-stack replacement: the entry takes
# the interpreter's iterator over into registers, or refuses it (a `range` that is not the
# built-in, an iterator something else holds) and the loop runs on correctly.
import sys
t = 0
for i in range(3000):
    for j in range(i % 7, 50, 3):
        t += j - i
print(t, i, j)
shared = iter(range(100000))
def range(*a):
    return shared
s = 0
for i in range(10):
    s += i
    if i == 5000:
        break
print(s, i, next(shared))
del range
def f():
    global range
    range = lambda n: shared
    out = 0
    for k in range(5):
        out += k
        if k > 3000:
            break
    return out
print(f(), next(shared))
del range
total = 0
for i in __builtins__.range(5000):
    total += i
print(total)


def range(*a):
    # A fresh built-in iterator with another step than the call suggests.
    return iter(__builtins__.range(0, a[0], 2))


t = 0
for i in range(20000):
    t += i
print(t, i)
del range
