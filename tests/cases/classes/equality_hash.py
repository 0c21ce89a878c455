# __eq__/__hash__ interplay with dicts and sets; default identity semantics.
class Key:
    def __init__(self, k):
        self.k = k

    def __eq__(self, other):
        return isinstance(other, Key) and self.k == other.k

    def __hash__(self):
        return hash(self.k)

    def __repr__(self):
        return f"Key({self.k})"


d = {Key(1): "one", Key(2): "two"}
print(d[Key(1)], Key(2) in d, Key(3) in d, len({Key(1), Key(1), Key(2)}))


class NoHash:
    def __eq__(self, other):
        return True


try:
    hash(NoHash())
except TypeError as e:
    print("TypeError:", e)
print(NoHash.__hash__ is None)


class Plain:
    pass


a, b = Plain(), Plain()
print(a == a, a == b, a != b, len({a, b, a}), hash(a) == hash(a))


class Ordered:
    def __init__(self, v):
        self.v = v

    def __eq__(self, o):
        print("  eq", self.v, o.v)
        return self.v == o.v

    def __lt__(self, o):
        print("  lt", self.v, o.v)
        return self.v < o.v

    def __gt__(self, o):
        print("  gt", self.v, o.v)
        return self.v > o.v

    __hash__ = None


x, y = Ordered(1), Ordered(2)
print(x < y, y > x, x > y, x == y, x != y)
print([Ordered(3)] == [Ordered(3)], Ordered(5) in [Ordered(4), Ordered(5)])


class Weird:
    def __eq__(self, other):
        return "truthy"


print(Weird() == 1, [Weird()] == [Weird()], bool(Weird() == 0))


class NotImpl:
    def __eq__(self, other):
        return NotImplemented


print(NotImpl() == NotImpl(), NotImpl() != 5)
