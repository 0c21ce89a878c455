# Generator expressions: laziness, single use, use with builtins.
g = (x * x for x in range(6))
print(type(g).__name__, next(g), next(g), list(g), list(g))
print(sum(x for x in range(10)), max(len(w) for w in ["a", "bbb", "cc"]), any(x > 3 for x in [1, 5]), all(x for x in []))
print(sorted((x % 4, x) for x in range(8)), tuple(c.upper() for c in "abc"), set(x % 3 for x in range(9)))
print(dict((k, v) for k, v in zip("xy", [1, 2])), "".join(str(n) for n in range(5)), min((x for x in [3, 1, 2]), default=0))
log = []


def noisy(x):
    log.append(x)
    return x


lazy = (noisy(i) for i in range(5))
print(log)
first = next(lazy)
print(first, log)
rest = list(lazy)
print(rest, log)
nested = ((i, j) for i in range(3) for j in range(i) if (i + j) % 2)
print(list(nested))
lines = ["# comment", "data 1", "", "data 2", "# other", "data 3"]
data = (l for l in lines if l and not l.startswith("#"))
numbers = (int(l.split()[1]) for l in data)
print(sum(numbers))
pipeline = (x * 2 for x in (y + 1 for y in range(5)) if x % 2)
print(list(pipeline))
x = 10
g2 = (x + i for i in range(3))
x = 100
print(list(g2))
