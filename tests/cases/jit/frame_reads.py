# Built-ins that read the calling frame, closures, unbound locals and generic instructions
# inside compiled functions.
class Base:
    def hello(self):
        return "base"


class Child(Base):
    def hello(self):
        return "child+" + super().hello()


def hot(n):
    out = []
    for i in range(n):
        c = Child()
        out.append(c.hello())
        if i == n - 1:
            out.append(sorted(locals().keys()))
    return out[-2:]


for _ in range(5):
    r = hot(10)
print(r)


def counter():
    count = 0

    def bump(k):
        nonlocal count
        count += k
        return count

    for i in range(100):
        bump(i)
    return count, bump(0)


print(counter())


def maybe(flag):
    if flag:
        value = 1
    return value


for _ in range(20):
    maybe(True)
try:
    maybe(False)
except UnboundLocalError as e:
    print(e)


def generic(n):
    d = {}
    s = set()
    for i in range(n):
        d[i % 5] = d.get(i % 5, 0) + i
        s.add(i % 4)
        a, *rest = [i, i + 1, i + 2]
        t = (a, rest)
    del t
    return d, sorted(s), -n, ~n, +n, not n, [x for x in range(3)], {"k": n, **d}


print(generic(30))
