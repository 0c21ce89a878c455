# set and frozenset operations (small ints only, so iteration order is deterministic).
a = {1, 2, 3, 4, 5}
b = {4, 5, 6, 7}
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union([10]), a.intersection(range(3)), a.difference({1}), a.symmetric_difference({5, 6}))
print(a <= a, a < a, {1, 2} < a, a > {1}, a.issubset(range(10)), a.issuperset([1, 2]), a.isdisjoint({8, 9}))
s = set()
s.add(3)
s.add(1)
s.add(3)
s.update([2, 5], (7,))
print(s, len(s), 3 in s, 4 in s)
s.discard(100)
s.remove(7)
print(s)
try:
    s.remove(100)
except KeyError as e:
    print("KeyError:", e)
print(s.pop() in {1, 2, 3, 5}, len(s))
c = {1, 2, 3}
c |= {4}
c &= {2, 3, 4}
c -= {3}
c ^= {9, 2}
print(c)
f = frozenset([3, 1, 2, 3])
print(f, len(f), f | {9}, type(f | {9}).__name__, type({9} | f).__name__, f == {1, 2, 3})
print({f: "frozen key"}[frozenset({1, 2, 3})], hash(f) == hash(frozenset([1, 2, 3])))
try:
    f.add(1)
except AttributeError as e:
    print("AttributeError:", e)
try:
    {[1, 2]}
except TypeError as e:
    print("TypeError:", e)
print(set(range(10)), set([3, 3, 1]), set("aaa"), {x % 3 for x in range(10)}, set(), frozenset())
print(sorted({"pear", "apple", "fig"}), len({"a", "b", "a"}), "a" in {"a", "b"})
print({1, 2} == frozenset({1, 2}), {1.0, 1, True}, {0, -0.0})
e = {1, 2}
e.clear()
print(e, set().union(), {1, 2}.copy())
