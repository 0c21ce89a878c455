# Float operations whose result goes straight into another float operation keep it as a
# raw double (no NaN check in between). NaNs and infinities made on the way, and an exit
# at the consuming operation (the other operand not a float), must give CPython's results.
import math


def chain(a, b, c, d):
    return a * a + b * b - c * d / (a - b) + (c - d) * (a + b)


def cmp_chain(a, b, c):
    return a * b + c > a - b * c


def nan_at_exit(a, b, c):
    # With c an int, the exit at `c * 2.0` takes `a - b` (a NaN for inf - inf) with it.
    return (a - b) + c * 2.0


def fmt(x):
    if isinstance(x, float) and math.isnan(x):
        return "nan"
    return repr(x)


t = 0.0
n = 0
for i in range(3000):
    x = i * 0.5 + 0.25
    t += chain(x, 1.5, 2.0, x + 1.0)
    n += cmp_chain(x, 0.5, 3.0)
    t += nan_at_exit(x, 0.5, 1.5)
print(t, n)
inf = float("inf")
cases = [
    (inf, 1.0, 2.0, 3.0),
    (inf, inf, 2.0, 3.0),
    (1.0, 2.0, inf, -inf),
    (float("nan"), 1.0, 2.0, 3.0),
    (1e308, 1e308, 1.0, 1.0),
    (2, 1.5, 2.0, 3.0),
    (2.5, 1.5, 7, 3.0),
    (2.5, 1.5, 2.0, True),
    (1.5, 1.5, 2.0, 3.0),
]
for args in cases:
    try:
        print(fmt(chain(*args)))
    except Exception as e:
        print(type(e).__name__, e)
for args in [(inf, 0.0, 1.0), (float("nan"), 1.0, 1.0), (2, 3.0, 1.0), (1.0, 2.0, 3)]:
    print(cmp_chain(*args))
print(fmt(nan_at_exit(inf, inf, 3)), fmt(nan_at_exit(inf, 1.0, 3)), fmt(nan_at_exit(1.0, 2.0, 3)))
print(fmt(nan_at_exit(inf, inf, 3.0)), fmt(nan_at_exit(-inf, inf, True)))
for i in range(3000):
    x = i * 0.5 + 0.25
    t += chain(x, 1.5, 2.0, x + 1.0)
print(t)
