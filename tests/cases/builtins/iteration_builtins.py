# enumerate, zip, map, filter, reversed, iter, next, range.
print(list(enumerate("abc")), list(enumerate("abc", start=10)), list(enumerate([])))
print(list(zip([1, 2, 3], "ab")), list(zip()), list(zip(range(3))), list(zip("ab", "cd", "ef")))
try:
    list(zip([1, 2], [1], strict=True))
except ValueError as e:
    print("ValueError:", e)
print(list(map(abs, [-1, 2, -3])), list(map(pow, [2, 3], [3, 2])), list(map(lambda a, b, c: a + b + c, "ab", "cd", "ef")))
print(list(filter(None, [0, 1, "", "x", [], [0], None])), list(filter(str.isdigit, "a1b2c3")))
print(list(reversed([1, 2, 3])), list(reversed("abc")), list(reversed(range(5))), list(reversed((1, 2))))
try:
    reversed({1, 2})
except TypeError as e:
    print("TypeError:", e)
it = iter([10, 20])
print(next(it), next(it), next(it, None))
m = map(lambda x: x * 10, range(3))
print(next(m), list(m), list(m))
z = zip(range(3), range(10, 13))
print(next(z), dict(z))
e = enumerate(["x", "y"])
print(next(e), next(e), next(e, "end"))


class Rev:
    def __len__(self):
        return 3

    def __getitem__(self, i):
        return "abc"[i]


class Custom:
    def __reversed__(self):
        return iter([3, 2, 1])


print(list(reversed(Rev())), list(reversed(Custom())), list(iter(Rev())))
print(type(enumerate([])).__name__, type(zip()).__name__, type(map(str, [])).__name__, type(filter(None, [])).__name__)
print(type(reversed([])).__name__, type(iter([])).__name__, type(iter(())).__name__, type(iter("")).__name__)
