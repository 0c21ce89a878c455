# `for` over ranges stepped inline: negative and large steps, empty ranges, elements past
# the 48-bit immediate ints and past 64 bits, iterators shared between loops, and a
# range iterator consumed partly by next() before the loop.
def total(r):
    s = 0
    n = 0
    for i in r:
        s += i
        n += 1
    return s, n


cases = [
    range(10),
    range(0),
    range(5, 5),
    range(10, 0, -3),
    range(-7, 7, 2),
    range(2**47 - 5, 2**47 + 5),
    range(-(2**47) + 3, -(2**47) - 3, -1),
    range(2**62, 2**62 + 3),
    range(2**63 - 2, 2**63 + 2),
    range(0, 10**20, 10**19),
    range(1, 2**40, 2**37),
]
for _ in range(60):
    out = [total(r) for r in cases]
print(out)


def halves(n):
    it = iter(range(n))
    first = []
    for i in it:
        first.append(i)
        if i >= n // 2:
            break
    rest = [j for j in it]
    return first[-1], len(rest), rest[:3]


for _ in range(60):
    h = halves(9)
print(h)


def with_next(n):
    it = iter(range(0, n, 7))
    a = next(it)
    b = next(it)
    s = 0
    for x in it:
        s += x
    return a, b, s, next(it, "done")


for _ in range(60):
    w = with_next(100)
print(w)


def nested(n):
    acc = 0
    for i in range(n):
        for j in range(i, -1, -1):
            acc += i * j
    return acc


for _ in range(40):
    r = nested(30)
print(r, type(range(3).__iter__()).__name__)
