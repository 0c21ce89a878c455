# Attribute and method sites that see four, five and six classes (more than native code
# keeps findings for), with the classes' attributes in different dict slots, and a class
# method replaced while a site holds its finding.
class Base:
    def __init__(self, v):
        self.v = v

    def get(self):
        return self.v


class A(Base):
    pass


class B(Base):
    def __init__(self, v):
        self.pad = 0
        self.v = v * 2


class C(Base):
    def get(self):
        return self.v + 1000


class D(Base):
    def __init__(self, v):
        self.a = 1
        self.b = 2
        self.v = v * 3


class E(Base):
    pass


class F(C):
    pass


def run(objs):
    s = 0
    for o in objs:
        s += o.v + o.get()
        o.v = o.v + 1
    return s


for width in (4, 5, 6):
    kinds = [A, B, C, D, E, F][:width]
    objs = [k(i) for i, k in enumerate(kinds * 3)]
    for _ in range(100):
        r = run(objs)
    print(width, r, [o.v for o in objs][:6])

C.get = lambda self: -self.v
print(run(objs))
del C.get
print(run(objs), F(1).get())
