# math.sqrt is compiled inline for int and float arguments; every other case must still be
# the built-in's behaviour (errors, big ints, bools, a rebound name).
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
