# min/max with key and default, sum with start, any/all, len.
print(max(3, 1, 2), min(3, 1, 2), max([4, 9, 2]), min("hello"), max("a", "B"), min([3.5, 2, 2.0]))
print(max([], default="empty"), min((), default=None), max([1], default=5))
words = ["kiwi", "banana", "fig", "cherry", "apple"]
print(max(words, key=len), min(words, key=len), max(words, key=lambda w: w[-1]), min(words, key=lambda w: (len(w), w)))
print(max([(1, "b"), (1, "a"), (0, "z")]), min([[2], [1, 5], [1]]), max(range(10), key=lambda x: -abs(x - 4)))
print(max(1, 1.0), max(1.0, 1), min(0, -0.0), min(-0.0, 0), max([2, 2, 2], key=lambda x: 0))
print(sum([]), sum([1, 2, 3]), sum([1.5, 2.5]), sum([1, 2], 10), sum(range(100)), sum([0.1] * 10), sum([[1], [2]], []))
print(sum((x * x for x in range(5)), start=100), sum([True, True, False]), sum([1 + 2j, 3]), sum([10 ** 20, 1]))
try:
    sum(["a", "b"], "")
except TypeError as e:
    print("TypeError:", e)
try:
    max()
except TypeError as e:
    print("TypeError:", e)
try:
    max(1)
except TypeError as e:
    print("TypeError:", e)
try:
    max([], key=len)
except ValueError as e:
    print("ValueError:", e)
print(any([]), all([]), any([0, "", None]), any([0, 1]), all([1, "x", [0]]), all([1, 0]), any(x > 5 for x in range(10)))
print(len(""), len("abc"), len([1, 2]), len((1,)), len({1: 2}), len({1, 2, 3}), len(range(10, 0, -3)), len(b"xy"))


class L:
    def __len__(self):
        return 7


print(len(L()))
try:
    len(iter([]))
except TypeError as e:
    print("TypeError:", e)
