# An uncaught AttributeError gets CPython's "Did you mean" hint from dir(obj).
class Circle:
    def __init__(self):
        self.radius = 2

    def area(self):
        return 3.14159 * self.radius ** 2


shapes = [Circle() for _ in range(3)]
total = sum(s.area() for s in shapes)
print(round(total, 3))
items = []
items.apend(total)
