# `for x in e` loops whose list or tuple compiled code walks by position, with no iterator
# object: lists changing under the loop, other iterables, every way out of the loop, and
# module-level loops entered by on-stack replacement.


def total(xs):
    t = 0
    for x in xs:
        t += x
    return t


def grow(xs):
    out = []
    for x in xs:
        if len(xs) < 12:
            xs.append(x * 10)
        out.append(x)
    return out


def shrink(xs):
    seen = []
    for x in xs:
        seen.append(x)
        if xs:
            del xs[0]
    return seen, xs


def cleared(xs):
    seen = []
    for x in xs:
        seen.append(x)
        xs.clear()
    return seen


def replaced(xs):
    seen = []
    for x in xs:
        seen.append(x)
        xs = [100, 200]
    return seen, xs


def kinds():
    out = []
    for x in (1, 2, 3):
        out.append(x)
    for c in "héllo":
        out.append(c)
    for k in {"a": 1, "b": 2}:
        out.append(k)
    for k, v in {"x": 1}.items():
        out.append((k, v))
    for x in (i * i for i in range(4)):
        out.append(x)
    for x in {5}:
        out.append(x)
    for x in b"ab":
        out.append(x)
    for x in reversed([1, 2]):
        out.append(x)
    for x in enumerate("ab"):
        out.append(x)
    return out


def shared_iterator(xs):
    it = iter(xs)
    pairs = []
    for a in it:
        pairs.append((a, next(it, None)))
    return pairs


def exits(rows):
    for row in rows:
        for x in row:
            if x == 3:
                break
            if x == 7:
                return "seven"
        else:
            continue
        if row[0] == 9:
            return "nine"
    return "end"


def raises(xs):
    out = []
    try:
        for x in xs:
            out.append(10 // x)
    except ZeroDivisionError:
        out.append("zero")
    return out


def not_iterable(v):
    try:
        for x in v:
            pass
    except TypeError as e:
        return str(e)


class Seq:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * 2


class Iterable:
    def __iter__(self):
        return iter([7, 8])


def with_steps(xs):
    global last
    s = set()
    for x in xs:
        last = x
        s |= {x}
        a, *rest = [x, x + 1]
        s.update(rest)
    return sorted(s), last


def in_generator(xs):
    for x in xs:
        yield x + 1


def deep(n):
    return 0 if n == 0 else 1 + deep(n - 1)


def recursion_in_loop(xs):
    for x in xs:
        try:
            deep(10**6)
        except RecursionError:
            return "RecursionError", x


print(total([1, 2, 3]), total(()), total((4.5, 1)), total([2**70, 1]))
print(grow([1, 2, 3]), shrink([1, 2, 3, 4, 5]), cleared([1, 2, 3]), replaced([1, 2, 3]))
print(kinds())
print(shared_iterator([1, 2, 3, 4, 5]))
print(exits([[1, 2], [9, 3], [4]]), exits([[1], [2, 7]]), exits([[1], [2]]))
print(raises([5, 2, 0, 1]), raises((1,)))
print(not_iterable(5), not_iterable(None))
print(total(Seq()), total(Iterable()), with_steps([3, 1, 2]), list(in_generator([1, 2])))
print(recursion_in_loop(["a", "b"]))
xs = list(range(30000))
acc = 0
for x in xs:
    acc += x
    if x == 20000:
        xs.append(-1)
print(acc, x)
it = iter(list(range(20000)))
acc = 0
for x in it:
    acc += x
print(acc)
words = ("alpha", "beta") * 5000
n = 0
for w in words:
    n += len(w)
print(n, w)
