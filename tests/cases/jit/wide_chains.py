# Int arithmetic whose intermediates pass 64 bits: chains compiled on 128-bit words, with
# big-int operands read and results boxed, and exits (past 128 bits, other kinds of
# operand, exceptions between the steps of a chain) that must give CPython's results.


class Rec:
    def __init__(self, i):
        self.ident = i
        self.neg = -i * 977


class Flaky:
    def __init__(self, i):
        self.i = i

    @property
    def ident(self):
        if self.i % 50 == 49:
            raise AttributeError("no ident for %d" % self.i)
        return self.i * 3


def checksum(records):
    h = 0
    for r in records:
        h = (h * 1000003 + r.ident) & 0xFFFFFFFFFFFF
    return h


def signed_mix(records):
    h = 12345
    for r in records:
        h = (h * -1000003 - r.neg) & 0xFFFFFFFFFFFFF
        h = h ^ (h >> 17)
    return h


def lcg64(n):
    # The state fills 64 bits: products pass 128 bits' worth of operands' range.
    x = 88172645463325252
    out = 0
    for _ in range(n):
        x = (x * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        out ^= x >> 33
        out += (x * 6364136223846793005) >> 100
    return x, out


def shifts(n):
    t = 0
    v = -(1 << 90) + 12345
    for i in range(n):
        t += (v * 3 + i) >> (i % 130)
        t |= (v ^ i) >> 100
    return t


def grows(n):
    # Past 128 bits: the guard exits, then the site runs generally.
    h = 3
    for i in range(n):
        h = h * h + i
        if h > 1 << 400:
            h = h & 0xFFFFFFFFFFFFFFFFFFFF
    return h


def mixed(vals):
    h = 7
    for v in vals:
        h = (h * 1000003 + v) & 0xFFFFFFFFFFFF
    return h


def flaky(objs):
    h = 1
    missed = 0
    for o in objs:
        try:
            h = (h * 1000003 + o.ident) & 0xFFFFFFFFFFFF
        except AttributeError as e:
            missed += 1
            last = str(e)
    return h, missed, last


recs = [Rec(i) for i in range(600)]
print(checksum(recs))
print(signed_mix(recs))
print(lcg64(500))
print(shifts(400))
print(grows(40))
print(mixed([1, 2, True, 3, 2 ** 70, -(2 ** 80), 5] * 30))
print(mixed(list(range(300))))
try:
    print(mixed(list(range(300)) + [1.5]))
except TypeError as e:
    print("TypeError", e)
print(flaky([Flaky(i) for i in range(300)]))
