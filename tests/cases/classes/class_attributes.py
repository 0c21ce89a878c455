# Class-level state, attribute lookup order, getattr/setattr/delattr/hasattr, __slots__, __getattr__.
class Config:
    debug = False
    level = 1
    tags = []

    def set_level(self, n):
        self.level = n


c1, c2 = Config(), Config()
c1.set_level(5)
c1.tags.append("shared")
print(c1.level, c2.level, Config.level, c2.tags, c1.tags is c2.tags)
setattr(c2, "debug", True)
print(getattr(c2, "debug"), getattr(c1, "debug"), getattr(c1, "nope", "dflt"), hasattr(c1, "level"))
delattr(c2, "debug")
print(c2.debug)
try:
    getattr(c1, "nope")
except AttributeError as e:
    print("AttributeError:", e)


class Dynamic:
    def __getattr__(self, name):
        if name.startswith("x_"):
            return name[2:] * 2
        raise AttributeError(f"no attribute {name!r}")


dy = Dynamic()
print(dy.x_ab, getattr(dy, "x_q"), hasattr(dy, "y"), hasattr(dy, "x_"))


class Slotted:
    __slots__ = ("a", "b")

    def __init__(self):
        self.a = 1


s = Slotted()
s.b = 2
print(s.a, s.b, hasattr(s, "__dict__"))
try:
    s.c = 3
except AttributeError as e:
    print("AttributeError:", e)


class Tracked:
    def __setattr__(self, name, value):
        print("  set", name, value)
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        print("  del", name)
        object.__delattr__(self, name)


t = Tracked()
t.v = 1
t.v += 1
del t.v
print(hasattr(t, "v"))


class WithClassCounter:
    count = 0

    def __init__(self):
        type(self).count += 1


class Sub(WithClassCounter):
    pass


WithClassCounter()
Sub()
Sub()
print(WithClassCounter.count, Sub.count)
