# `for ... in range(...)` loops, whose iterator native code makes without a range object:
# one to three arguments of every sign, bools, ints past 48 and 64 bits, a float or a zero
# step (errors), `range` rebound to a user function and back, and a range kept and reused.
import builtins


def loops(n):
    total = 0
    for i in range(n):
        for j in range(i, n):
            for k in range(n, j, -2):
                total += i * 7 + j * 3 + k
    return total


def odd_args(n):
    out = []
    for a in [True, False, 2 ** 47, -(2 ** 47), 2 ** 70, -3]:
        for i in range(a, a + n):
            out.append(i - a)
        for i in range(a, a + 3 * n, n):
            out.append(i % 5)
    return out


def errors(args):
    for a in args:
        try:
            for i in range(*a):
                pass
            print("ok", a)
        except (TypeError, ValueError) as e:
            print(type(e).__name__, e)


def shadow(n):
    return [x for x in range(n)]


for n in range(1, 7):
    print(loops(n), odd_args(n)[-4:], shadow(n))
errors([(1, 2, 0), (1.5,), (1, 5, 2.0), ("3",), (), (1, 2, 3, 4), (10,)])
real = builtins.range


def fake(*args):
    return ["fake", len(args)]


range = fake
print(shadow(3))
del range
print(shadow(3))
builtins.range = lambda n: [n, n]
print(shadow(3))
builtins.range = real
r = range(3, 30, 4)
print([x for x in r], [x * 2 for x in r], loops(4))
