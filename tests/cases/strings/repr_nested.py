# str() and repr() of strings and nested containers.
print(repr("plain"), repr("it's"), repr('say "hi"'), repr("both ' and \""), repr("tab\there"), repr("nl\n"))
print(repr("\x00\x1f\x7f"), repr("é☃"), repr("\u200b"), repr("\\"), repr("\r"), repr("\U0001F600"))
print(ascii("é☃😀"), ascii("plain"), ascii([1, "ü"]))
nested = [1, "two", (3, "four"), {"five": [6, 7.0]}, {8}, None, True, 2.5, -0.0]
print(nested)
print(str(nested) == repr(nested))
print((1,), (), ((),), [[]], {}, {"a": {"b": {}}}, [(1, "x")])
print(set(), frozenset(), frozenset({1}), {1: set()}, [frozenset({2, 1})])
print(range(5), range(1, 10, 2), range(0), slice(1, 2), slice(None, 5, None), slice(1, None, -1))
print([b"bytes", bytearray(b"ba"), "str"], {"k": b"\x00\xff"})
rec = [1, 2]
rec.append(rec)
print(rec)
d = {"self": None}
d["self"] = d
print(d)


class R:
    def __repr__(self):
        return "R!"


class S:
    def __str__(self):
        return "S-str"


print([R(), R()], (R(),), {R(): 1} and "dict-ok", str(R()), str(S()), [S()] != [], f"{S()}")
print(repr(1.0), repr([1.0, 0.1, 1e16, 1e-5]), repr({1: 1.5}), repr((1e100,)))
print(str("quoted?"), [str("quoted?")], print.__name__)
