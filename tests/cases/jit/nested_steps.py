# Instructions native code hands to the interpreter one at a time (f-strings, dict and
# set displays) whose own work runs more such instructions (a __format__ or __repr__ with
# f-strings inside), raises, or builds closures and class bodies.
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __format__(self, spec):
        if spec == "bad":
            raise ValueError(f"no format {spec!r} for {self.x}")
        return f"<{self.x:{spec}}, {self.y:{spec}}>"

    def __repr__(self):
        return f"Point({self.x!r}, {self.y!r}, {({self.x: [self.y]})})"


def show(points, spec):
    out = []
    for p in points:
        try:
            out.append(f"{p:{spec}} {p!r} {{{len(out)}}}")
        except ValueError as e:
            out.append(str(e))
    return out


pts = [Point(i, -i) for i in range(3)]
for _ in range(40):
    a = show(pts, ">3")
    b = show(pts, "bad")
print(a)
print(b)


def makers(n):
    fs = []
    for i in range(n):
        def f(k=i):
            return f"{k}:{ {k, k + 1} }"
        fs.append(f)
    return [f() for f in fs]


for _ in range(30):
    m = makers(3)
print(m)
