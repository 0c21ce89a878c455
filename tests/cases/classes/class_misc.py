# Class bodies, class-level computation, nested classes, type(), classes as objects.
class Colors:
    RED, GREEN, BLUE = range(3)
    names = ["red", "green", "blue"]
    lookup = {n: i for i, n in enumerate(names)}

    class Meta:
        version = 2


print(Colors.RED, Colors.BLUE, Colors.lookup, Colors.Meta.version, Colors.Meta.__qualname__)
Dyn = type("Dyn", (object,), {"x": 5, "hello": lambda self: f"hi from {type(self).__name__}"})
d = Dyn()
print(Dyn.__name__, d.x, d.hello(), type(Dyn).__name__, type(type).__name__)
classes = [int, str, list, Colors, Dyn]
print([c.__name__ for c in classes], [isinstance(c, type) for c in classes])


def make_class(base_value):
    class Made:
        value = base_value

        def get(self):
            return self.value

    return Made


M1, M2 = make_class(1), make_class("two")
print(M1().get(), M2().get(), M1 is M2, M1.__name__ == M2.__name__)


class Chain:
    def __init__(self):
        self.ops = []

    def add(self, x):
        self.ops.append(("add", x))
        return self

    def mul(self, x):
        self.ops.append(("mul", x))
        return self

    def run(self, v):
        for op, x in self.ops:
            v = v + x if op == "add" else v * x
        return v


print(Chain().add(3).mul(4).add(-2).run(1))


class Base:
    def __init_subclass__(cls, **kw):
        print("subclass created:", cls.__name__, kw)
        cls.tag = kw.get("tag", "none")


class Child(Base, tag="special"):
    pass


class Other(Base):
    pass


print(Child.tag, Other.tag)
print(int.__name__, type(3).__mro__[-1].__name__, object.__name__, type(None).__name__)
