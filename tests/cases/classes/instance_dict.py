# An instance's __dict__ (and vars(obj)) is its attribute storage, not a copy: writes,
# deletes, update() and clear() through it change the attributes, and attribute changes
# show through it; it behaves as a dict everywhere (type, len, repr, iteration, comparison,
# membership, copying, errors for missing keys).


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)


class Config:
    def __init__(self, **kw):
        self.__dict__.update(kw)


p = Point(1, 2)
d = p.__dict__
print(type(d), type(d) is dict, isinstance(d, dict), len(d), d, repr(d))
d["z"] = 3
print(p.z, sorted(vars(p)), "z" in d, "w" in d)
p.w = 4
print(d["w"], list(d), list(d.keys()), list(d.values()), list(d.items()))
del d["x"]
try:
    print(p.x)
except AttributeError as e:
    print("AttributeError:", e)
vars(p)["x"] = -10
print(p.x, p.norm1(), d == {"y": 2, "z": 3, "w": 4, "x": -10}, d != {}, bool(d))
try:
    d["missing"]
except KeyError as e:
    print("KeyError:", e)
copy = dict(d)
copy["y"] = 99
print(p.y, copy["y"], d.get("y"), d.get("nope", "default"), d.pop("z"), hasattr(p, "z"))
c = Config(alpha=1, beta="two")
print(c.alpha, c.beta, vars(c))
d.clear()
print(vars(p), hasattr(p, "y"))
try:
    {p.__dict__: 1}
except TypeError as e:
    print("TypeError:", e)
total = 0
for i in range(300):
    q = Point(i, -i)
    q.__dict__["x"] = 2 * i
    total += q.norm1() + q.x
print(total, f"{d}", str(vars(Point(5, 6))), sorted(Point(7, 8).__dict__.items()))

a = Point(1, 2)
a.__dict__ = {"y": 20, "k": "v"}
print(vars(a), hasattr(a, "x"), a.y)
try:
    a.__dict__ = 5
except TypeError as e:
    print("TypeError:", e)
a.__dict__ = a.__dict__
print(vars(a))


class Slotted:
    __slots__ = ("p",)


s = Slotted()
try:
    print(s.__dict__)
except AttributeError as e:
    print("AttributeError:", e)
try:
    print(vars(s))
except TypeError as e:
    print("TypeError:", e)
