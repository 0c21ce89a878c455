# Attribute caches per instruction: every way a cached lookup can stop being right.


class A:
    kind = "A"

    def __init__(self, x):
        self.x = x
        self.y = x * 2

    def get(self):
        return self.x + self.y


class B(A):
    kind = "B"

    def __init__(self, x):
        self.y = x  # different insertion order from A
        self.x = -x

    def get(self):
        return self.x - self.y


class C:
    __slots__ = ("x", "y")
    kind = "C"

    def __init__(self, x):
        self.x = x
        self.y = 0

    def get(self):
        return self.x


class D:
    kind = "D"

    def __init__(self, x):
        self.x = x
        self.y = 1

    def get(self):
        return 7


class E(A):
    pass


def poly(objs, rounds):
    total = 0
    kinds = []
    for _ in range(rounds):
        for o in objs:
            total += o.x + o.get()  # one site, up to five classes
            kinds.append(o.kind)
    return total, "".join(kinds[:12])


objs = [A(1), B(2), C(3), D(4), E(5)]
print(poly(objs, 30))

# An instance attribute that shadows a method, then goes away again.
a = A(3)
print(poly([a], 3))
a.get = lambda: 100
print(poly([a], 3))
del a.get
print(poly([a], 3))

# A class attribute rebound, a method replaced, a base class changed under a subclass.
A.kind = "a"
print(poly(objs, 2))
A.get = lambda self: -1
print(poly(objs, 2))
del A.get
try:
    poly(objs, 1)
except AttributeError as e:
    print("AttributeError:", e)
A.get = lambda self: 1000
print(poly([E(1), A(2)], 2))


# A property appears on the class: it now wins over the instance dict.
class P:
    def __init__(self):
        self.v = 1


def read_v(objs):
    return [o.v for o in objs]


ps = [P() for _ in range(4)]
print(read_v(ps))
P.v = property(lambda self: "prop")
print(read_v(ps))
del P.v
print(read_v(ps))


# Stores: plain, then a __setattr__ appears, then a property setter, then slots refuse.
class S:
    pass


def store(objs, n):
    for i in range(n):
        for o in objs:
            o.a = i
            o.b = o.a + 1
    return [(o.a, o.b) for o in objs]


ss = [S(), S()]
print(store(ss, 5))
log = []
S.__setattr__ = lambda self, k, v: log.append((k, v)) or object.__setattr__(self, k, v * 10)
print(store(ss, 2), log[:4])
del S.__setattr__
S.b = property(lambda self: "b!", lambda self, v: log.append(("set b", v)))
print(store(ss, 2), log[-2:])
del S.b
print(store(ss, 3))
try:
    store([C(1)], 1)
except AttributeError as e:
    print("AttributeError:", e)


# Deleting attributes leaves holes in the instance dict; re-adding moves them to the end.
class H:
    def __init__(self):
        self.p = 1
        self.q = 2
        self.r = 3


def read_all(objs):
    return [(o.p, o.q, o.r) for o in objs]


hs = [H(), H()]
print(read_all(hs))
del hs[0].p
hs[0].p = 10
print(read_all(hs))
del hs[1].q
try:
    read_all(hs)
except AttributeError as e:
    print("AttributeError:", e)


# __getattr__ answers only for missing attributes, cached sites or not.
class G:
    def __init__(self):
        self.real = 1

    def __getattr__(self, name):
        return "missing " + name


g = G()
for _ in range(3):
    print(g.real, g.other)
g.other = 2
print(g.real, g.other)


# Methods through LOAD_METHOD on instances of several classes, and bound-method objects.
class M1:
    def m(self, k):
        return k + 1


class M2:
    def m(self, k):
        return k * 2

    @staticmethod
    def s(k):
        return -k

    @classmethod
    def c(cls, k):
        return cls.__name__ + str(k)


out = []
for i in range(6):
    o = (M1(), M2())[i % 2]
    out.append(o.m(i))
    f = o.m
    out.append(f(i))
m2 = M2()
for i in range(3):
    out.append(m2.s(i))
    out.append(m2.c(i))
print(out)
