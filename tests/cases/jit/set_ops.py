# set.add calls from native code go straight to the set; anything that is not a plain set
# (a subclass overriding add, a frozenset, a list, a method rebound) takes the general path.


class Key:
    def __init__(self, v):
        self.v = v

    def __hash__(self):
        return hash(self.v)

    def __eq__(self, other):
        return isinstance(other, Key) and self.v == other.v or other == self.v


class LoggingSet(set):
    def add(self, x):
        super().add(("logged", x))


class Plain(set):
    pass


def fill(s, items):
    for x in items:
        s.add(x)
    return s


def show(s):
    return sorted(s, key=repr)


def main():
    items = [3, -1, -2, 2**47, -(2**47), 2**63, 1.0, True, 0, "a", "b", (1, 2), None, 3]
    for _ in range(3):
        print(show(fill(set(), items)))
    print(show(fill(LoggingSet(), [1, 2, 2])))
    print(show(fill(Plain(), [1, 2, 2])), type(fill(Plain(), [5])).__name__)
    keys = fill(set(), [Key(1), Key(2), Key(1)])
    print(len(keys), 1 in keys, Key(2) in keys, 3 in keys)
    mixed = fill(set(), [1, Key(1), 1.0, Key(3)])
    print(len(mixed))
    for bad in ([1], {}, set()):
        try:
            fill(set(), [1, bad])
        except TypeError as e:
            print("TypeError", e)
    try:
        fill(frozenset(), [1])
    except AttributeError as e:
        print("AttributeError", e)
    try:
        fill([], [1])
    except AttributeError as e:
        print("AttributeError", e)
    s = {1, 2, 3}
    try:
        for x in s:
            s.add(x + 10)
    except RuntimeError as e:
        print("RuntimeError", e)
    # the order of a set is CPython's, dummies included
    s = set(range(20))
    for k in range(0, 20, 3):
        s.discard(k)
    fill(s, [100, 3, 6, 40, 41])
    print(list(s))
    bad = {-1, -2}
    print(sorted(bad), hash(-1), hash(-2), hash(2**61 - 1), hash(-(2**61)))


main()


def member(s, keys):
    out = []
    for k in keys:
        try:
            out.append(k in s)
        except TypeError as e:
            out.append(str(e))
    return out


print(member({frozenset(), 1, "a"}, [set(), 1, 1.0, True, "a", "b", [], {}, (1,)]))
print(member(frozenset({2, 3}), [2, 4, set()]))
