# Attribute loads and method calls in hot code see class changes made later.
class Shape:
    sides = 4

    def area(self):
        return self.w * self.h

    def __init__(self, w, h):
        self.w = w
        self.h = h


def total(shapes):
    t = 0
    for s in shapes:
        t += s.area() + s.sides
    return t


shapes = [Shape(i, i + 1) for i in range(20)]
print(total(shapes))
Shape.sides = 5
print(total(shapes))
Shape.area = lambda self: self.w + self.h
print(total(shapes))
shapes[3].sides = 100
shapes[4].area = lambda: -1000
print(total(shapes))


class Square(Shape):
    def area(self):
        return super().area() * 2


print(total([Square(2, 3), Shape(2, 3)]))
