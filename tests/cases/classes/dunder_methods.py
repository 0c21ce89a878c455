# Operator overloading and container protocol dunders.
class Vec:
    def __init__(self, *xs):
        self.xs = list(xs)

    def __repr__(self):
        return "Vec(" + ", ".join(map(repr, self.xs)) + ")"

    def __eq__(self, other):
        return isinstance(other, Vec) and self.xs == other.xs

    def __hash__(self):
        return hash(tuple(self.xs))

    def __lt__(self, other):
        return self.norm2() < other.norm2()

    def __le__(self, other):
        return self.norm2() <= other.norm2()

    def norm2(self):
        return sum(x * x for x in self.xs)

    def __len__(self):
        return len(self.xs)

    def __getitem__(self, i):
        return self.xs[i]

    def __setitem__(self, i, v):
        self.xs[i] = v

    def __iter__(self):
        return iter(self.xs)

    def __contains__(self, v):
        return v in self.xs

    def __add__(self, other):
        return Vec(*[a + b for a, b in zip(self.xs, other.xs)])

    def __sub__(self, other):
        return Vec(*[a - b for a, b in zip(self.xs, other.xs)])

    def __mul__(self, k):
        return Vec(*[a * k for a in self.xs])

    def __rmul__(self, k):
        return self * k

    def __neg__(self):
        return Vec(*[-a for a in self.xs])

    def __abs__(self):
        return self.norm2() ** 0.5

    def __bool__(self):
        return any(self.xs)

    def __call__(self, i):
        return self.xs[i] * 10


v = Vec(1, 2, 3)
w = Vec(4, 5, 6)
print(v + w, w - v, v * 2, 3 * v, -v, abs(Vec(3, 4)), len(v), v[1], v[-1], v[0:2], 2 in v, 7 in v)
print(v == Vec(1, 2, 3), v != w, v < w, v <= v, w > v, w >= v, sorted([w, v, Vec(0, 0, 1)]))
print(bool(Vec(0, 0)), bool(v), list(v), [x * 2 for x in v], sum(v), max(v), v(2))
v[0] = 100
print(v, {v: "hashable"}[Vec(100, 2, 3)], hash(Vec(1, 2)) == hash((1, 2)))
a, b, c = v
print(a, b, c)


class Num:
    def __init__(self, n):
        self.n = n

    def __add__(self, o):
        if isinstance(o, Num):
            return Num(self.n + o.n)
        if isinstance(o, int):
            return Num(self.n + o)
        return NotImplemented

    def __radd__(self, o):
        print("  radd with", o)
        return self + o

    def __iadd__(self, o):
        print("  iadd with", o)
        self.n += o if isinstance(o, int) else o.n
        return self

    def __repr__(self):
        return f"Num({self.n})"


x = Num(1)
print(x + 2, 3 + x, x + Num(5), sum([Num(1), Num(2)], Num(0)), sum([Num(4)]))
y = x
x += 10
print(x, y, x is y)
try:
    x + "s"
except TypeError as e:
    print("TypeError:", e)
try:
    Vec(1) < 5
except (TypeError, AttributeError) as e:
    print(type(e).__name__ + ":", e)
