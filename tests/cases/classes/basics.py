# Classes: __init__, methods, instance vs class attributes, __repr__/__str__.
class Point:
    dims = 2

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm2(self):
        return self.x * self.x + self.y * self.y

    def moved(self, dx, dy):
        return Point(self.x + dx, self.y + dy)

    def __repr__(self):
        return f"Point({self.x!r}, {self.y!r})"

    def __str__(self):
        return f"({self.x}, {self.y})"


p = Point(3, 4)
print(p, repr(p), [p], str(p), p.norm2(), p.moved(1, -1), Point.dims, p.dims)
p.dims = 3
print(p.dims, Point.dims)
Point.dims = 5
q = Point(0, 0)
print(q.dims, p.dims)
del p.dims
print(p.dims)
print(type(p).__name__, type(p) is Point, isinstance(p, Point), isinstance(p, object))
print(sorted(vars(p).items()), p.__dict__ == {"x": 3, "y": 4}, Point.__name__, Point.__qualname__)
p.z = 10
print(p.z, hasattr(p, "z"), hasattr(q, "z"))
print(Point.norm2(p), Point.moved(q, 2, 2))


class Empty:
    pass


e = Empty()
print(type(e).__name__, Empty.__bases__ == (object,), str(e).startswith("<__main__.Empty object at"))
try:
    e.missing
except AttributeError as ex:
    print("AttributeError:", ex)
try:
    Point(1)
except TypeError as ex:
    print("TypeError:", ex)


class Counter:
    instances = 0

    def __init__(self):
        Counter.instances += 1
        self.id = Counter.instances


cs = [Counter() for _ in range(4)]
print([c.id for c in cs], Counter.instances)
