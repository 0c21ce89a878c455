# d.get(k) and d.get(k, default) from native code go straight to the dict; anything that is
# not a plain dict (a subclass overriding get, other objects with a get method) takes the
# general path, and errors are CPython's.


class Key:
    def __init__(self, v):
        self.v = v

    def __hash__(self):
        return hash(self.v)

    def __eq__(self, other):
        if isinstance(other, Key) and other.v == "boom":
            raise ValueError("eq boom")
        return isinstance(other, Key) and self.v == other.v


class Defaulting(dict):
    def get(self, k, default=None):
        return ("sub", super().get(k, default))


class NotADict:
    def get(self, k, default="nd"):
        return ("not a dict", k, default)


def lookups(d, keys):
    out = []
    for k in keys:
        out.append(d.get(k))
        out.append(d.get(k, -1))
    return out


def counts(words):
    c = {}
    for w in words:
        c[w] = c.get(w, 0) + 1
    return sorted(c.items())


def main():
    d = {"a": 1, 2: "two", (1, 2): [3], 1.5: None, Key("k"): "key"}
    keys = ["a", "b", 2, 2.0, True, (1, 2), 1.5, Key("k"), Key("x"), None]
    for _ in range(3):
        print(lookups(d, keys))
    print(lookups(Defaulting(d), ["a", "zz"]))
    print(lookups(NotADict(), ["a"]))
    print(counts("the quick brown fox jumps over the lazy dog the end".split()))
    print(counts([("W%d" % (i % 7)).lower() for i in range(50)]))
    for bad in ([1], {}, set()):
        try:
            lookups(d, [bad])
        except TypeError as e:
            print("TypeError", e)
    try:
        lookups({Key("boom"): 1}, [Key("boom")])
    except ValueError as e:
        print("ValueError", e)


main()
