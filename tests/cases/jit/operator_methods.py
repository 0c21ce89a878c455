# Hot operator sites on instances of user classes: methods returning NotImplemented (the
# reflected method of the other operand, or a TypeError), in-place operators with and
# without an in-place method, a subclass whose reflected method goes first, mixed
# immediates, an operator method raising, and a method replaced while sites hold it.
class V:
    def __init__(self, x):
        self.x = x

    def __add__(self, o):
        if isinstance(o, V):
            return V(self.x + o.x)
        if isinstance(o, (int, float)):
            return V(self.x + o)
        return NotImplemented

    def __sub__(self, o):
        if o is None:
            return NotImplemented
        return V(self.x - (o.x if isinstance(o, V) else o))

    def __mul__(self, k):
        if k == 13:
            raise ValueError("unlucky")
        return V(self.x * k)

    def __repr__(self):
        return f"V({self.x})"


class Acc(V):
    def __iadd__(self, o):
        self.x += o.x if isinstance(o, V) else o
        return self


class W(V):
    def __radd__(self, o):
        return f"W.__radd__({o!r})"

    def __add__(self, o):
        return "W.__add__"


class Other:
    def __radd__(self, o):
        return f"Other.__radd__({o!r})"

    def __rsub__(self, o):
        return NotImplemented


def step(a, b):
    return a + b, a - b, a * 2


for i in range(300):
    r = step(V(i), V(1))
print(r)
for i in range(300):
    r = step(V(i), 0.5)
print(r)
print(V(1) + W(2), V(1) + Other())
try:
    V(1) - None
except TypeError as e:
    print("TypeError:", e)
try:
    V(1) - Other()
except TypeError as e:
    print("TypeError:", e)


def accumulate(n, cls):
    acc = cls(0)
    for i in range(n):
        acc += i
        acc += V(1)
    return acc


print(accumulate(200, V), accumulate(200, Acc))


def risky(vs):
    out = []
    for v in vs:
        try:
            out.append(v * v.x)
        except ValueError as e:
            out.append(str(e))
    return out


for _ in range(50):
    rr = risky([V(2), V(13), V(3)])
print(rr)


def sums(n):
    t = V(0)
    for i in range(n):
        t = t + V(i)
    return t


for _ in range(30):
    s = sums(20)
print(s)
V.__add__ = lambda self, o: V(self.x * 1000)
print(sums(5))
del V.__add__
try:
    sums(3)
except TypeError as e:
    print("TypeError:", e)
