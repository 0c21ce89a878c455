# A STORE_ATTR site that has seen an attribute at some dict position appends it to new
# instances directly. Everything that makes the position or the store different must still
# give CPython's dict order and values: attributes set in other orders, an attribute already
# in the dict (set before __init__ runs, or by setattr with an equal but distinct str), deleted and
# re-added attributes, a class that gains __setattr__ or a property after the site warmed,
# subclasses, and classes whose instances hold many attributes.


class P:
    def __init__(self, a, b, c):
        self.a = a
        self.b = b
        self.c = c


class Q(P):
    def __init__(self, a, b, c, d):
        self.d = d
        super().__init__(a, b, c)


class Wide:
    def __init__(self, n):
        for i in range(n):
            setattr(self, "f%d" % i, i)
        self.last = n


def build(cls, n):
    out = []
    for i in range(n):
        out.append(cls(i, i + 1, i + 2))
    return out


ps = build(P, 300)
print(len(ps), vars(ps[-1]), sum(p.a + p.b + p.c for p in ps))

# An instance whose dict already holds 'b' before __init__ runs.
for i in range(5):
    o = P.__new__(P)
    o.b = "early"
    P.__init__(o, 1, 2, 3)
    print(vars(o))

# An equal but distinct str key.
o = P.__new__(P)
setattr(o, "".join(["a"]), "joined")
P.__init__(o, 7, 8, 9)
print(vars(o))

# Deleted and re-added.
for i in range(3):
    o = P(1, 2, 3)
    del o.a
    o.a = "again"
    print(vars(o))
    P.__init__(o, 4, 5, 6)
    print(vars(o))

qs = [Q(i, i, i, -i) for i in range(200)]
print(vars(qs[3]), vars(Q(1, 2, 3, 4)))

ws = [Wide(n) for n in (3, 12, 40, 5, 0, 12)]
print([len(vars(w)) for w in ws], vars(ws[3]))


def on_setattr(self, name, value):
    object.__setattr__(self, name, value * 10 if isinstance(value, int) else value)


P.__setattr__ = on_setattr
print(vars(P(1, 2, 3)))
del P.__setattr__
print(vars(P(1, 2, 3)))

P.b = property(lambda self: "prop b", lambda self, v: setattr(self, "_b", v))
p = P(1, 2, 3)
print(vars(p), p.b)
del P.b
print(vars(P(4, 5, 6)))

print(sum(len(vars(x)) for x in build(P, 200)))
