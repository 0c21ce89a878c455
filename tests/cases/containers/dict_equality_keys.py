# dict key equality across 1 / 1.0 / True and tuples; lookups with equal-but-different keys.
d = {}
d[1] = "a"
print(d[1.0], d[True], 1.0 in d, True in d, 2 in d)
d[0] = "zero"
print(d[False], d[0.0], d[-0.0])
d[(1, 2)] = "tuple"
print(d[(1.0, 2.0)], d[(True, 2)])
d[2 ** 61 - 1] = "mersenne"
print(d.get(0), d.get(2 ** 61 - 1))
print(d)
counts = {}
for k in [1, 1.0, True, 2, 2.0, 0, False, 0.0]:
    counts[k] = counts.get(k, 0) + 1
print(counts)
s = {1, 1.0, True, 2}
print(s, len(s))
print({1: "x"} == {1.0: "x"}, {True: 1} == {1: True}, {"1": 1} == {1: 1})
e = {1.5: "f", 3: "i"}
print(e[1.5], e[3.0], 1.5 in e, 1 in e)
nan = float("nan")
n = {nan: 1}
print(nan in n, float("nan") in n, len({nan, nan}), len({float("nan"), float("nan")}))
