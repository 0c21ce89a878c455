# Dict, set and list displays, comprehensions, unpacking into lists and tuples, and
# f-strings run in native code: conversions and format specs (including bad ones), keys
# that are unhashable or equal across types, iterables that raise, and key order.


class Loud:
    def __repr__(self):
        return "Loud()"

    def __str__(self):
        return "loud"

    def __format__(self, spec):
        if spec == "bad":
            raise ValueError("no bad specs")
        return "L<" + spec + ">"


def broken(n):
    for i in range(n):
        yield i
    raise RuntimeError("iterable broke")


def fstrings(n):
    out = []
    x = Loud()
    for i in range(n):
        f = i / 7
        out.append(f"{i}:{i:>4}|{f:.3f}|{f!r}|{x}|{x!r}|{x!a}|{x:abc}|{'é'!a}|{i:{'^'}{6}}")
    try:
        s = f"{x:bad}"
    except ValueError as e:
        s = str(e)
    try:
        t = f"{n:q}"
    except ValueError as e:
        t = str(e)
    return out[-1], len(out), s, t


def maps(n):
    total = 0
    for i in range(n):
        a = {"x": i, "y": i + 1, "z": [i]}
        b = {i: "i", i + 1: "j", 1.0 * i: "f"}
        c = {k: v for k, v in zip("abc", range(i, i + 3))}
        d = {w % 5 for w in range(i, i + 9)}
        total += len(a) + len(b) + len(c) + len(d)
    try:
        e = {[1]: 2}
    except TypeError as err:
        e = str(err)
    try:
        g = {k: 1 for k in ([1], [2])}
    except TypeError as err:
        g = str(err)
    try:
        h = {frozenset(), set()}
    except TypeError as err:
        h = str(err)
    return total, list(b.items()), c, sorted(d), e, g, h


def unpacking(n):
    acc = []
    for i in range(n):
        xs = [*range(i % 3), *"ab", i]
        ts = (*xs, *(i, i))
        acc.append((len(xs), ts[-3:]))
    try:
        bad = [*broken(3)]
    except RuntimeError as e:
        bad = str(e)
    try:
        worse = (*5,)
    except TypeError as e:
        worse = str(e)
    return acc[-1], len(acc), bad, worse


print(fstrings(200))
print(maps(200))
print(unpacking(200))
