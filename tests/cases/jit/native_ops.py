# `in`, unary operators and list-comprehension appends run natively in compiled code (inline
# for floats, through one helper otherwise): every kind of operand, including errors.


class Bag:
    def __init__(self, items):
        self.items = items

    def __contains__(self, x):
        if x == "boom":
            raise KeyError(x)
        return x in self.items


class Num:
    def __init__(self, v):
        self.v = v

    def __neg__(self):
        return Num(-self.v)

    def __pos__(self):
        return Num(self.v + 1000)

    def __invert__(self):
        return Num(~self.v)

    def __repr__(self):
        return f"Num({self.v})"


def membership(xs, containers):
    out = []
    for c in containers:
        for x in xs:
            out.append((x in c, x not in c))
    return out


def unary(values):
    out = []
    for v in values:
        try:
            out.append((-v, +v))
        except TypeError as e:
            out.append("TypeError: " + str(e))
        try:
            out.append(~v)
        except TypeError as e:
            out.append("TypeError: " + str(e))
    return out


def floats(n):
    x = 0.5
    acc = 0.0
    for i in range(n):
        x = -x
        acc = acc + -x * i
    return acc, -0.0, -float("nan"), -float("inf")


def comprehension(n):
    squares = [i * i for i in range(n)]
    evens = [s for s in squares if s % 2 == 0]
    nested = [[j for j in range(i)] for i in range(4)]
    return squares[-3:], len(evens), nested


def raising_contains(n):
    b = Bag(["a", "b"])
    seen = []
    for x in ["a", "z", "boom", "b"][:n]:
        try:
            seen.append(x in b)
        except KeyError as e:
            seen.append("KeyError " + str(e))
    return seen


def main():
    xs = [1, 2, 3.0, "a", (1, 2), None]
    containers = [[1, 2], {3: 0}, {3.0, "a"}, (None,), range(3), Bag([None, 2])]
    for _ in range(3):
        print(membership(xs[:4], containers))
    print(membership(["a", "bc", ""], ["abc", "xyz"]))
    try:
        membership([1], ["abc"])
    except TypeError as e:
        print("TypeError:", e)
    try:
        membership([1], [5])
    except TypeError as e:
        print("TypeError:", e)
    try:
        membership([[]], [{1: 2}])
    except TypeError as e:
        print("TypeError:", e)
    vals = [0, 1, -7, True, False, 2**47, -(2**47), 2**100, 1.5, -0.0, Num(3), "s", None]
    for _ in range(3):
        print(unary(vals))
    print(floats(1001))
    print(comprehension(50))
    print(raising_contains(4))


main()
