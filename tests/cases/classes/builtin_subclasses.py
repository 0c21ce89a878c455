class MyInt(int):
    pass
a = MyInt(5)
print(a, repr(a), type(a).__name__, a + 1, type(a + 1).__name__, a * 2, -a, a == 5, hash(a) == hash(5))
print({5: "five"}[a], [10, 20, 30, 40, 50, 60][a], int(a), type(int(a)).__name__, float(a), bool(MyInt(0)))
print("%d|%s|%r|%x" % (a, a, a, a), f"{a}", f"{a:04d}", str(a), a.bit_length(), isinstance(a, int))
print(MyInt("ff", 16), MyInt(), range(a), list(range(a))[-1], abs(MyInt(-3)), divmod(a, 2), pow(a, 2), a < 6, max(a, 3))
class Flag(int):
    def __new__(cls, v, name):
        obj = super().__new__(cls, v)
        obj.name = name
        return obj
    def __repr__(self):
        return f"<Flag {self.name}={int(self)}>"
    def __or__(self, other):
        return Flag(int(self) | int(other), "combo")
f = Flag(1, "A") | Flag(2, "B")
print(f, repr(f), f.name, f == 3, f + 1)
class S(str):
    def shout(self): return self.upper() + "!"
s = S("hi")
print(s, repr(s), s.shout(), type(s.upper()).__name__, s + "x", len(s), s[0], "-".join([s, S("yo")]), s == "hi", {"hi": 1}[s])
print(s in "ohio", "i" in s, s.startswith("h"), f"{s:>5}", "%s" % s, s * 2, list(s), sorted([S("b"), S("a")]))
class P(tuple):
    def __new__(cls, x, y):
        return super().__new__(cls, (x, y))
    @property
    def x(self): return self[0]
    def __repr__(self): return f"P({self[0]}, {self[1]})"
p = P(1, 2)
print(p, p.x, len(p), p[1], list(p), p == (1, 2), hash(p) == hash((1, 2)), p + (3,), type(p + (3,)).__name__, tuple(p), *p)
x, y = p
print(x, y, isinstance(p, tuple), p.count(1), p.index(2), sorted(P(3, 1)), {p: "pt"}[(1, 2)])
class F(float):
    def half(self): return self / 2
v = F(3.5)
print(v, v.half(), v + 1, type(v + 1).__name__, round(v), int(v), v.is_integer(), F("2.5"), F() )
class B(bytes): pass
b = B(b"ab")
print(b, len(b), b[0], b + b"c", b.decode(), B([65, 66]))
class FS(frozenset): pass
fs = FS([1, 2])
print(sorted(fs), 1 in fs, len(fs), fs | {3}, type(fs).__name__)
class C(complex): pass
c = C(1, 2)
print(c, c.real, c * 2, abs(C(3, 4)))
class Eq(str):
    def __eq__(self, o): return str.lower(self) == str.lower(o)
    __hash__ = str.__hash__
print(Eq("ABC") == "abc", Eq("A") != "a")
class Counted(int):
    count = 0
    def __init__(self, v):
        Counted.count += 1
Counted(3); Counted(4)
print(Counted.count)
try:
    class BB(bool): pass
except TypeError as e:
    print(e)
class NT(tuple):
    __slots__ = ()
    _fields = ('a', 'b')
    def __new__(cls, a, b):
        return tuple.__new__(cls, (a, b))
n = NT(1, 2)
print(n, n[0], len(n))
