# Hot constructor calls of user classes: __init__ returning a value or raising, a class
# with its own __new__, a built-in base, wrong argument counts, __init__ replaced while a
# call site holds it, recursion through __init__, and a class rebound to another name.
class P:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class Weird:
    def __init__(self, v):
        self.v = v
        if v == 7:
            return 5


class Boom:
    def __init__(self, v):
        if v > 40:
            raise KeyError(v)
        self.v = v


class Single:
    inst = None

    def __new__(cls, v):
        if cls.inst is None:
            cls.inst = super().__new__(cls)
        return cls.inst

    def __init__(self, v):
        self.v = v


class Stack(list):
    def __init__(self, n):
        super().__init__(range(n))


class Node:
    def __init__(self, depth):
        self.child = Node(depth - 1) if depth > 0 else None


def make(n):
    out = []
    for i in range(n):
        out.append(P(i, -i))
    return out


for _ in range(50):
    ps = make(10)
print(len(ps), ps[9].x, ps[9].y)


def weird(n):
    got = []
    for i in range(n):
        try:
            got.append(Weird(i).v)
        except TypeError as e:
            got.append(str(e))
    return got


for _ in range(20):
    w = weird(9)
print(w)


def booms(n):
    got = 0
    for i in range(n):
        try:
            got += Boom(i).v
        except KeyError as e:
            got -= 1
    return got


for _ in range(20):
    b = booms(45)
print(b)


def singles(n):
    return [Single(i).v for i in range(n)]


for _ in range(30):
    s = singles(4)
print(s, Single(9) is Single(10))
for _ in range(30):
    st = Stack(4)
print(st, len(st), type(st).__name__)
try:
    P(1)
except TypeError as e:
    print("TypeError:", e)


def depth(n):
    d = 0
    node = Node(n)
    while node is not None:
        d += 1
        node = node.child
    return d


for _ in range(30):
    d = depth(20)
print(d)
try:
    Node(5000)
except RecursionError as e:
    print("RecursionError:", e)


def make_again(n):
    return [P(i, i) for i in range(n)]


for _ in range(30):
    m = make_again(3)
P.__init__ = lambda self, x, y: setattr(self, "x", x * 10)
m = make_again(3)
print([p.x for p in m], hasattr(m[0], "y"))
