# dict: insertion order, methods, views, updates, errors.
d = {"b": 2, "a": 1}
d["c"] = 3
d["b"] = 20
print(d, len(d), list(d), list(d.keys()), list(d.values()), list(d.items()))
del d["b"]
d["b"] = 5
print(d)
print(d.get("a"), d.get("zz"), d.get("zz", 0), "a" in d, "zz" not in d, 1 in d)
print(d.pop("a"), d.pop("zz", "default"), d)
print(d.setdefault("x", []), d.setdefault("c", 99), d)
d["x"].append(1)
print(d.popitem(), d)
d.update({"p": 1}, q=2)
d.update([("r", 3)])
print(d)
e = dict(a=1, b=2)
print(e, dict([("x", 1), ("y", 2)]), dict(zip("abc", range(3))), dict.fromkeys("xyz"), dict.fromkeys([1, 2], 0))
print(e | {"c": 3}, {"a": 0} | e)
e |= {"a": 100}
print(e, e.copy() == e, e.copy() is e)
try:
    print(e["missing"])
except KeyError as ex:
    print("KeyError:", ex)
try:
    {}.popitem()
except KeyError as ex:
    print("KeyError:", ex)
try:
    {[1]: 2}
except TypeError as ex:
    print("TypeError:", ex)
keys = {1: "a", 2: "b"}.keys()
vals = {1: "a", 2: "b"}.values()
print(keys, vals, {1: "a"}.items(), len(keys), 1 in keys, "a" in vals)
dd = {1: "x", 2: "y", 3: "z"}
kv = dd.keys()
dd[4] = "w"
print(list(kv), kv & {1, 4, 9}, kv | {0}, kv - {1}, sorted(kv ^ {2, 10}))
print({1: 1} == {1: 1.0}, {1: 2, 3: 4} == {3: 4, 1: 2}, list({3: 4, 1: 2}), dict(sorted({3: 4, 1: 2}.items())))
print(list(reversed(dd)), list(reversed(dd.items())))
m = {}
m[1] = "int one"
m[1.0] = "float one"
m[True] = "bool one"
print(m, len(m), m[1], list(m.keys()))
m2 = {True: "t", 1: "i", 1.0: "f"}
print(m2)
dd.clear()
print(dd, bool(dd))
