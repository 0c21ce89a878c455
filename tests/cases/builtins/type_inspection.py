# type, isinstance, issubclass, callable, getattr/setattr/hasattr, id comparisons.
values = [1, 1.5, 1j, "s", b"b", [1], (1,), {1: 1}, {1}, frozenset(), None, True, range(1), len, print, type, object()]
for v in values:
    print(type(v).__name__, isinstance(v, (int, float)), callable(v))
print(type(1) == int, type(True) == int, isinstance(True, bool), isinstance(1, bool))
print(issubclass(bool, int), issubclass(int, (str, float)), issubclass(type, object), issubclass(object, type))
print(isinstance(int, type), isinstance(type, type), isinstance(object, type), type(object).__name__)
try:
    isinstance(1, 5)
except TypeError as e:
    print("TypeError:", e)
try:
    issubclass(1, int)
except TypeError as e:
    print("TypeError:", e)


class Thing:
    attr = 1


t = Thing()
setattr(t, "dyn", [1, 2])
print(getattr(t, "attr"), getattr(t, "dyn"), getattr(t, "none", "dflt"), hasattr(t, "dyn"), hasattr(t, "x"))
print(getattr([1, 2], "count")(1), getattr("abc", "upper")(), hasattr(5, "real"), hasattr(5, "append"))
a = [1]
b = a
c = list(a)
print(id(a) == id(b), id(a) == id(c), id(a) != id(c), isinstance(id(a), int))
print(type(type(1)) is type, type("x", (), {}).__name__, type(Thing()).attr)
print(repr(type(1)), repr(int), repr(Thing), str(type(None)), repr(type(len)))
