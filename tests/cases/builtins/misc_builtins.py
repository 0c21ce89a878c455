# abs, round, divmod, pow, sorted, repr, callable on assorted values; builtins namespace use.
print(abs(-5), abs(5.5), abs(-0), abs(-2 ** 70), round(3.14159, 3), round(-2.5), divmod(-9, 4), pow(3, 3), pow(2, 5, 3))
print(sorted([5, 2, 8], reverse=True), sorted("bca"), sorted([(1, "b"), (1, "a")]), sorted([]), sorted({3: 0, 1: 0}))
print(repr(1), repr("a"), repr([1, "a"]), repr((1,)), repr({}), repr(set()), repr(None), repr(1.0), repr(1e100))
print(callable(print), callable(None), callable(lambda: 0), callable(int), callable([].append))
print(all(map(callable, [len, abs, sorted, min])), any(map(callable, [1, "a"])))
print(round(123.456, -1), round(123.456, 0), round(123.456), round(-123.456, 1), round(1e20), round(5e-324, 5))
print(divmod(2 ** 65, 3), divmod(-2 ** 65, 3), divmod(5.5, -2), divmod(-1, 10))
print(pow(10, -2), pow(-1, 0.5) == complex(-1, 0) ** 0.5, pow(2, 3.0), pow(4, 0.5), pow(0, 5), pow(1, 10 ** 6))
print(isinstance(print, type(len)), type(print).__name__, type(abs).__name__, len.__name__)
numbers = [3, -7, 2, 9, -1]
print(sorted(numbers, key=abs), max(numbers, key=abs), min(map(abs, numbers)), sum(map(abs, numbers)))
print(list(map(round, [1.4, 1.5, 2.5, -0.5])), list(map(divmod, [7, 8], [2, 3])))
