# range and slice objects.
r = range(2, 20, 3)
print(r, list(r), len(r), r[0], r[-1], r[2:4], r[::-1], list(r[::-2]), 5 in r, 6 in r, r.index(11), r.count(8))
print(range(10)[3], range(0, -10, -2), list(range(0, -10, -2)), len(range(0, -10, -2)), list(range(5, 0)))
print(range(3) == range(0, 3), range(0) == range(5, 2), range(1, 10, 3) == range(1, 11, 3), bool(range(0)))
big = range(10 ** 20)
print(len(big) if False else big[-1], big[10 ** 19], 10 ** 19 + 7 in big, big.start, big.stop, big.step)
try:
    range(1, 2, 0)
except ValueError as e:
    print("ValueError:", e)
try:
    range(5)[10]
except IndexError as e:
    print("IndexError:", e)
try:
    range(1.5)
except TypeError as e:
    print("TypeError:", e)
print(list(reversed(range(1, 8, 2))), sum(range(101)), max(range(7)), min(range(3, 9)))
s = slice(2, 10, 2)
print(s, s.start, s.stop, s.step, s.indices(5), s.indices(100), slice(None).indices(3), slice(-1, -10, -3).indices(7))
print(slice(5), slice(1, 2) == slice(1, 2), slice(1, 2) == slice(1, 3))
data = "abcdefghijkl"
for sl in [slice(3), slice(2, 8), slice(None, None, 3), slice(-4, None), slice(10, 2, -2)]:
    print(sl, data[sl], list(range(12))[sl])
try:
    hash(slice(1, 2))
    print("slice hash ok")
except TypeError as e:
    print("TypeError:", e)
