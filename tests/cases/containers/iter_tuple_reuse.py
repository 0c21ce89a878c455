# enumerate, zip and dict.items() results: kept tuples stay distinct and unchanged while the
# iterators reuse a tuple nobody holds; counts past 48 bits; nested unpacking.
d = {i: str(i) for i in range(5)}
print(list(enumerate("abc")), list(zip([1, 2], "xy")), list(d.items()))
keep = []
for t in enumerate(range(3)):
    keep.append(t)
for p in zip("ab", "cd"):
    keep.append(p)
for kv in d.items():
    keep.append(kv)
print(keep, [id(a) == id(b) for a, b in zip(keep, keep[1:])].count(True))
e = enumerate([5, 6, 7], 2 ** 47 - 2)
print(list(e))
it = iter(d.items()); a = next(it); b = next(it); print(a, b, a is b)
for i, (k, v) in enumerate(d.items()):
    print(i, k, v, end="; ")
print()
print(sum(i * j for i, j in zip(range(100), range(100, 0, -1))))
