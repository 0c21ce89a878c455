# Sorting keys of every shape: flattened simple keys and tuples, mixed kinds, NaN, errors.
import math
data = [5, 3, -2**40, 7, 3, 0, 2**47 - 1, -(2**47)]
print(sorted(data), sorted(data, reverse=True))
print(sorted([2.5, -1.0, 3.25, 0.0, -0.0, 1e300]), sorted(["b", "a", "é", "ab", "", "Z"]))
print(sorted([3, 1.5, 2, True, -1.25]))
print(sorted([2**70, 5, -2**65, 1.5]))
pairs = [(1, "b"), (0, "z"), (1, "a"), (0, "a"), (1,), (0, "a", 2.5), (0, "a", 1.5)]
print(sorted(pairs), sorted(pairs, reverse=True))
recs = [("x", 3), ("y", 1), ("x", 1), ("y", 3)]
print(sorted(recs, key=lambda r: (r[1], r[0])), sorted(recs, key=lambda r: -r[1]))
stable = [(k % 3, i) for i, k in enumerate([5, 2, 8, 1, 4, 7, 3, 6, 0])]
print(sorted(stable, key=lambda p: p[0]), sorted(stable, key=lambda p: p[0], reverse=True))
print(sorted([(1, [2]), (1, [1]), (0, [5])]), sorted([(1, 2.0), (1, 1), (0, 3)]))
nan = float("nan")
print(sorted([3.0, nan, 1.0]) [1:] is not None, sorted([(1, "a"), (1, 2)] if False else [(2, "a"), (1, 2)]))
try:
    sorted([(1, "a"), (1, 2)])
except TypeError as e:
    print("TypeError:", e)
try:
    sorted([1, "a"])
except TypeError as e:
    print("TypeError:", e)
words = "the quick brown fox jumps over the lazy dog".split()
print(sorted(words, key=len), sorted(words, key=lambda w: (len(w), w), reverse=True))
print(sorted(words, key=str.upper)[:3], max(words), min(pairs))
