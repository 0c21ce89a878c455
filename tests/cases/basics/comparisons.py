# Comparisons, chained comparisons and mixed-type equality.
print(1 < 2, 2 < 1, 1 <= 1, 1 >= 2, 1 == 1, 1 != 1)
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 > 1, 1 == 1 == 1, 1 == 1 != 2)
x = 5
print(0 < x <= 5, 0 < x < 5, 10 > x >= 5 > 0)
print(1 == 1.0, 1 == True, 0 == False, 0.0 == -0.0, 2 == 2.5)
print("a" < "b", "abc" < "abd", "ab" < "abc", "B" < "a", "" < "a")
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], (1, 2) == (1, 2), (1, "a") < (1, "b"))
print([1, 2] == [1, 2], [1, 2] is [1, 2], None is None, None == None)
print(float("nan") == float("nan"), float("nan") != float("nan"), float("inf") > 10**100)
print(10**20 > 1e19, 10**20 == 1e20, 2**53 + 1 == float(2**53 + 1), 2**53 + 1 > float(2**53))
print({1: 2} == {1: 2}, {1, 2} == {2, 1}, {1, 2} < {1, 2, 3}, {1, 2} <= {1, 2})
print("x" in "xyz", "q" not in "xyz", 3 in [1, 2, 3], 4 not in (1, 2))


def noisy(v):
    print("eval", v)
    return v


print(noisy(1) < noisy(2) < noisy(0) < noisy(5))
print(noisy(3) > noisy(4) > noisy(1))
try:
    print(1 < "a")
except TypeError as e:
    print("TypeError:", e)
try:
    print([1] < (1,))
except TypeError as e:
    print("TypeError:", e)
print(sorted([3, 1.5, True, -2, 0]))
print(max(1, 2.0), min(-1, -1.0), max([1, 2], [1, 2, 0]))
