# namedtuple-style and IntEnum-style classes built by hand (the shapes Lib's collections
# and enum make), and a subclass used through every protocol.
from operator import itemgetter
class Point(tuple):
    __slots__ = ()
    _fields = ('x', 'y')
    def __new__(cls, x, y):
        return tuple.__new__(cls, (x, y))
    x = property(itemgetter(0))
    y = property(itemgetter(1))
    def _replace(self, **kw):
        return type(self)(kw.get('x', self.x), kw.get('y', self.y))
    def __repr__(self):
        return f"Point(x={self.x!r}, y={self.y!r})"
    def __getnewargs__(self):
        return tuple(self)
p = Point(3, 4)
q = p._replace(y=9)
print(p, q, p.x + q.y, p < q, sorted([q, p]), max(p), sum(p), p * 2, p[::-1], p[0:1])
print(set([p, Point(3, 4), q]) == {p, q}, dict([(p, 1)])[(3, 4)], list(map(abs, p)), str(p))
class Color(int):
    _names = {}
    def __new__(cls, value, name):
        self = int.__new__(cls, value)
        self._name = name
        cls._names[value] = self
        return self
    def __repr__(self):
        return f"<Color.{self._name}: {int(self)}>"
    def __str__(self):
        return f"Color.{self._name}"
    __format__ = int.__format__
RED = Color(1, "RED")
GREEN = Color(2, "GREEN")
print(RED, repr(GREEN), RED + GREEN, RED | 4, RED << 3, RED == 1, RED in {1: 'x'}, [0, 'one', 'two'][GREEN])
print(f"{RED}", f"{RED:>4}", "%s %d %r" % (RED, RED, RED), format(GREEN, "b"), sorted([GREEN, RED, Color(0, "BLACK")]))
print(isinstance(RED, int), issubclass(Color, int), Color.__mro__, RED.real, RED.numerator, RED.bit_length(), hex(GREEN), bin(GREEN), round(GREEN))
class Name(str):
    def __new__(cls, first, last):
        self = str.__new__(cls, f"{first} {last}")
        self.first = first
        return self
n = Name("Ada", "Lovelace")
print(n, n.first, n.split(), n.upper(), n.replace("Ada", "A."), len(n), n[4:], n.startswith(Name("Ada", "")))
d = {n: 1}
print(d["Ada Lovelace"], "Ada Lovelace" in d, n.encode(), "%-14s|" % n, int(Name("1", "")[:1]) + 1)
class Vec(list):
    def total(self): return sum(self)
v = Vec([1, 2, 3])
v.append(4)
print(v, v.total(), len(v), v[1:], type(v[1:]).__name__, v + [5], sorted(v, reverse=True), Vec(), v == [1, 2, 3, 4])
