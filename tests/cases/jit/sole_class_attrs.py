# Attribute loads at sites that have seen one class are compiled for that class (constant
# class, type epoch and dict slot; anything else exits to the interpreter), and repeated
# loads on the same local skip the checks already made. Everything that can make those
# checks wrong between two loads must still give CPython's results.


class V:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class W:
    def __init__(self, x, y):
        self.y = y
        self.x = x


def dot(a, b):
    return a.x * b.x + a.y * b.y + a.x * a.y


def twice(o, f):
    first = o.x + o.y
    f(o)
    return first, o.x, o.y


def drop_x(o):
    del o.x


def swap_class(o):
    o.__class__ = W


def clear(o):
    o.__dict__.clear()
    o.x = "cleared"
    o.y = "!"


def prop_x(o):
    type(o).x = property(lambda self: "property x", lambda self, v: None)


def rebind(o):
    p = V(100, 200)
    s = o.x + o.y
    o = p
    return s + o.x + o.y


# Warm-ups past the default threshold (1000 calls), so that tiered runs at the default
# compile these functions with their attribute sites warm.
for i in range(1100):
    dot(V(i, 2.5), V(1, i))
print(dot(V(1.5, 2), V(3, 4)), dot(W(1, 2), V(3, 4)), dot(V(1, 2), W(5, 6)))
print(sum(dot(W(i, i), W(1, 1)) for i in range(100)))

for i in range(1100):
    twice(V(i, i), id)
print(twice(V(1, 2), swap_class), twice(V(3, 4), clear), twice(V(5, 6), prop_x))
del V.x
try:
    twice(V(5, 6), drop_x)
except AttributeError as e:
    print("AttributeError:", e)

for i in range(1100):
    rebind(V(i, 1))
print(rebind(V(7, 8)), rebind(W(9, 10)))

# An attribute deleted and added again moves to another dict slot.
o = V(1, 2)
del o.x
o.x = 3
print(dot(o, o), dot(V(2, 2), o))

# The class gains a property with the attribute's name: instances' dict entries lose.
V.y = property(lambda self: "property y", lambda self, v: self.__dict__.update(_y=v))
try:
    print(dot(V(2, 3), V(4, 5)))
except TypeError as e:
    print("TypeError:", e)
del V.y
print(dot(V(2, 3), V(4, 5)))

# An instance of a subclass, and one whose dict lacks the attribute.
class Sub(V):
    pass
print(dot(Sub(1, 1), V(2, 2)))
e = V.__new__(V)
try:
    dot(e, e)
except AttributeError as err:
    print("AttributeError:", err)

# Stores compiled for one class: replacing a value, appending at the site's slot, and
# everything that must leave that path.
class S:
    def __init__(self, a):
        self.a = a
        self.b = [a]


def setb(o, v):
    o.b = v
    o.b = o.b + 1
    o.c = o.b * 2
    return o.b, o.c


for i in range(1100):
    setb(S(i), i)
print(setb(S(1), 5), setb(V(1, 2), 7), vars(setb.__class__) is not None)
o = S(1)
del o.a
print(setb(o, 3), vars(o))
o = S(1)
o.__dict__.clear()
print(setb(o, 4), vars(o))
o = S(1)
o.c = "first"
print(setb(o, 6), vars(o))
S.b = property(lambda s: 10, lambda s, v: s.__dict__.__setitem__("_b", v))
print(setb(S(2), 1), vars(S(3)))
del S.b
print(setb(S(2), 1), vars(S(3)))

# Method calls compiled for one class: the method is a constant while the instance's dict
# lacks its name and the class is unchanged.
class M:
    def __init__(self, k):
        self.k = k

    def get(self):
        return self.k

    def scaled(self, f):
        return self.k * f


def use(m):
    return m.get() + m.scaled(2) + m.get()


for i in range(1100):
    use(M(i))
print(use(M(3)))
shadowed = M(4)
shadowed.get = lambda: 100
print(use(shadowed))
M.get = lambda self: -self.k
print(use(M(5)))
del M.get
try:
    use(M(6))
except AttributeError as e:
    print("AttributeError:", e)
M.get = lambda self: self.k * 10
class MSub(M):
    def get(self):
        return 1000
print(use(MSub(7)))
many = M(8)
for j in range(40):
    setattr(many, "attr%d" % j, j)
print(use(many))
