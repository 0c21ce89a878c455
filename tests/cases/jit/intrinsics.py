# math.sqrt and len are compiled inline for the arguments they know (ints and floats; lists
# and tuples); every other case must still be the built-in's behaviour (errors, big ints, bools,
# subclasses, a rebound name).
import math
from math import sqrt


def roots(xs):
    out = []
    for x in xs:
        out.append(sqrt(x))
        out.append(math.sqrt(x))
    return out


def safe_roots(xs):
    out = []
    for x in xs:
        try:
            out.append(sqrt(x))
        except ValueError as e:
            out.append("ValueError: " + str(e))
        except TypeError as e:
            out.append("TypeError: " + str(e))
    return out


values = [0.0, -0.0, 1.0, 2.0, 4, 10**6, 0.25, 1e308, 5e-324, float("inf"), float("nan"), True]
for _ in range(3):
    print(roots(values))
print(safe_roots([-1.0, -1, float("-inf"), 10**40, -(10**40), "4", None, 2.25]))


def norm(n):
    s = 0.0
    for i in range(n):
        s += sqrt(i) + math.sqrt(i * 0.5)
    return s


print(norm(1000))
sqrt = lambda x: "rebound"  # noqa: E731
print(roots([1.0, 2]))
print(norm.__name__)
try:
    norm(3)
except TypeError as e:
    print("TypeError:", e)


class Sized(list):
    def __len__(self):
        return 42


class NoLen:
    pass


def lengths(objs):
    out = []
    for o in objs:
        try:
            out.append(len(o))
        except TypeError as e:
            out.append("TypeError: " + str(e))
    return out


def grow(n):
    xs = []
    total = 0
    for i in range(n):
        xs.append(i)
        total += len(xs) + len((i, i))
        if len(xs) > 5:
            xs.pop(0)
    return total, xs


objs = [[], [1, 2], (), (1, 2, 3), "héllo", {1: 2}, {3}, range(7), Sized([1]), NoLen(), 5]
for _ in range(3):
    print(lengths(objs))
print(grow(1000))
len = lambda x: -1  # noqa: E731
print(lengths([[1], (2,)]), grow(3))
