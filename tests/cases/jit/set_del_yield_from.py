# Set displays, `del x[k]` and `yield from` run in native code: sets with duplicate and
# unhashable items, deletions from lists, dicts and user classes (with their errors caught
# in the compiled function), and `yield from` over generators, lists, strings, custom
# iterables and non-iterables.


class Box:
    def __init__(self):
        self.items = {}

    def __delitem__(self, k):
        if k == "no":
            raise LookupError("no deleting " + repr(k))
        self.items.pop(k, None)


class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return iter(range(self.n, 0, -1))


def sets(n):
    out = []
    for i in range(n):
        s = {i % 3, i % 5, 7, 7}
        out.append(len(s))
        try:
            t = {i, [i]}
        except TypeError as e:
            t = str(e)
    return sum(out), t


def deletes(n):
    log = []
    xs = list(range(n))
    d = {i: i for i in range(n)}
    b = Box()
    for i in range(n):
        if i % 3 == 0:
            del xs[0]
        del d[i]
        try:
            del d[-1]
        except KeyError as e:
            log.append(repr(e))
        try:
            del xs[10 ** 6]
        except IndexError as e:
            log.append(str(e))
        del b[i]
        try:
            del b["no"]
        except LookupError as e:
            log.append(str(e))
    try:
        del (1, 2)[0]
    except TypeError as e:
        log.append(str(e))
    return len(xs), len(d), log[:4], len(log)


def inner(n):
    for i in range(n):
        yield i
    return n * 10


def outer(kind, n):
    if kind == 0:
        r = yield from inner(n)
        yield ("returned", r)
    elif kind == 1:
        yield from [n, n + 1]
    elif kind == 2:
        yield from "ab"
    elif kind == 3:
        yield from Countdown(n)
    else:
        yield from n


print(sets(300))
print(deletes(300))
for trial in range(40):
    got = [list(outer(k, 3)) for k in range(4)]
print(got)
try:
    print(list(outer(4, 5)))
except TypeError as e:
    print("TypeError:", e)
