# Segments with brackets, strings, comprehensions and nested expressions around the operator.
d = {"]": 1, "k": [0, 1]}
t = (1, 2)
n = None


def checks():
    yield lambda: d["]"] + "x"
    yield lambda: d ["k"] [ 5 ]
    yield lambda: {1: 2}[3]
    yield lambda: t[1, 2]
    yield lambda: (lambda: 1) + 1
    yield lambda: sum(x for x in t) + "a"
    yield lambda: (t if n else d) - t
    yield lambda: "a" "b" + 1
    yield lambda: [y := 3, y + "s"]
    yield lambda: d["k"][0:1] + 5
    yield lambda: (((d)))["missing"]
    yield lambda: n.attribute.chain
    yield lambda: t < "x"
    yield lambda: 1 in 5
    yield lambda: f"{t!r:>{n}}"
    yield lambda: 10 % 0
    yield lambda: 2 ** -1 ** "x"
    yield lambda: t[1:"x"]
    yield lambda: d.get("k")["x"]


def aug(value):
    value += "x"
    return value


def run_all(fns):
    fn = next(fns, None)
    if fn is None:
        return aug(1)
    try:
        fn()
    finally:
        run_all(fns)


run_all(checks())
