# NaN objects: each computed NaN is a new object (identity decides dict/set membership),
# while copies of one NaN stay identical — in interpreted and in compiled loops.
inf = float("inf")


def nans(n):
    out = []
    for i in range(n):
        x = inf - inf if i % 2 else inf * 0.0
        out.append(x)
        out.append(x)
        out.append(-x)
    return out


for _ in range(3):
    vals = nans(300)
print(len(vals), len({id(v) for v in vals}) > 1)
print(vals[0] is vals[1], vals[0] is vals[2], vals[0] is vals[3])
print(len(set(vals)), len(set(vals[:2])), len({vals[0]: 1, vals[1]: 2}))
d = {v: i for i, v in enumerate(vals[:6])}
print(len(d), d.get(vals[0]), d.get(vals[3]), vals[0] in d, -vals[0] in d)
print(vals.count(vals[4]), vals.index(vals[4]), [v == v for v in vals[:3]])
n = float("nan")
box = [n, n]
print(box.count(n), n in box, float("nan") in box, box == box, [n] == [n], [n] == [float("nan")])
print(n != n, max(1.0, n), min(n, 1.0), sorted([3.0, 1.0])[0], repr(-n), str(abs(-n)))
