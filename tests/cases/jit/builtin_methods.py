# Hot LOAD_METHOD sites whose receivers are built-in objects: one site seeing list, tuple,
# str and dict receivers in turn; a subclass of list overriding a method; an instance with
# an attribute of the same name; a method looked up on a type object.
class Stack(list):
    def append(self, v):
        super().append(v * 100)


class Fake:
    def __init__(self):
        self.count = lambda v: -1


def counts(objs):
    out = []
    for o, x in objs:
        out.append(o.count(x))
    return out


objs = [([1, 1, 2], 1), ((1, 2, 1, 1), 1), ("1a1", "1"), (Stack([1]), 1), (Fake(), 0)]
for _ in range(200):
    c = counts(objs)
print(c)


def fill(target, n):
    for i in range(n):
        target.append(i)
    return target


for _ in range(100):
    a = fill([], 5)
    b = fill(Stack(), 3)
print(a, b)


def keys(ds):
    return [sorted(d.keys()) for d in ds]


for _ in range(100):
    k = keys([{"b": 1, "a": 2}, {3: 4}])
print(k, str.upper("abc"), list.__len__([1, 2]))


def pops(n):
    items = list(range(n))
    got = []
    while items:
        got.append(items.pop())
        if items:
            got.append(items.pop(0))
    return got


for _ in range(100):
    p = pops(7)
print(p)
try:
    [].pop()
except IndexError as e:
    print("IndexError:", e)


class Plain(list):
    pass


def grow(target, n):
    for i in range(n):
        target.append(i)
        if i == 2:
            target.append(target[:])
    return target


for _ in range(60):
    g1 = grow([], 4)
    g2 = grow(Plain(), 4)
print(g1, g2, type(g2).__name__)
selfref = []
for _ in range(3):
    selfref.append(selfref)
print(len(selfref), selfref[0] is selfref)
bound = [].append
for i in range(40):
    bound(i)
print(len(bound.__self__))


def popping(items, idxs):
    got = []
    for i in idxs:
        try:
            got.append(items.pop(i) if i is not None else items.pop())
        except IndexError as e:
            got.append(str(e))
        except TypeError as e:
            got.append("TypeError")
    return got, items


for _ in range(60):
    pp = popping(list(range(8)), [None, 0, -1, 2, 99, -99, True, None])
print(pp)
print(popping([], [None, 0]), popping(Plain([1, 2, 3]), [None, 0]))
try:
    [1].pop(2.0)
except TypeError as e:
    print("TypeError:", e)
try:
    [].pop(2.0)
except TypeError as e:
    print("TypeError:", e)
