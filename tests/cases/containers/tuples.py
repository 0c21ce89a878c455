# Tuples: construction, immutability, methods, comparisons, nesting.
t = (1, 2, 3, 2, 1)
print(t, len(t), t[0], t[-1], t[1:4], t[::-1], t.count(2), t.index(3), t + (4,), t * 2)
print((), (1,), tuple(), tuple([1, 2]), tuple("ab"), tuple(range(3)), (1, 2) == (1, 2), (1, 2) < (1, 3))
print((1, 2, 3) < (1, 2), (1, (2, 3)) == (1, (2, 3)), (0,) * 3, 2 in t, 9 in t)
try:
    t[0] = 5
except TypeError as e:
    print("TypeError:", e)
try:
    t.index(42)
except ValueError as e:
    print("ValueError:", e)
nested = ([1, 2], "x")
nested[0].append(3)
print(nested)
a, b, c = (10, 20, 30)
print(a + b + c)
pairs = tuple(zip((1, 2, 3), "abc"))
print(pairs, dict(pairs))
print(max((1, 5), (1, 4), (0, 9)), min(((2, "b"), (2, "a"))), sorted([(2, 1), (1, 2), (1, 1)]))
print(hash((1, 2)) == hash((1, 2)), {(1, 2): "pt"}[(1, 2)], len({(1, 2), (1, 2), (2, 1)}))
x = 1, 2
y = 3,
print(type(x).__name__, x, y, type((5)).__name__, type((5,)).__name__)


def multi():
    return 1, "two", [3]


r = multi()
print(r, type(r).__name__, r[2][0])
for i, v in enumerate(("a", "b")):
    print(i, v)
