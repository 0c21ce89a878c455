# List/set/dict comprehensions, nested loops, conditions and scoping.
print([x * x for x in range(8)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(x, y) for x in range(3) for y in range(x)])
print([[i * j for j in range(4)] for i in range(3)])
print(sorted({x % 5 for x in range(30)}))
print({x: x ** 2 for x in range(6) if x != 3})
print({k: v for k, v in zip("abc", [1, 2, 3])})
matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([row[i] for i in range(3) for row in matrix])
print([[row[i] for row in matrix] for i in range(3)])
print([v for row in matrix for v in row if v % 2])
x = "outer"
print([x for x in "abc"], x)
n = 10
print([n + i for i in range(3)])
funcs = [lambda: i for i in range(3)]
print([f() for f in funcs])
funcs = [lambda i=i: i for i in range(3)]
print([f() for f in funcs])
print(sum(x for x in range(101)))
print(list((a, b) for a in "xy" for b in (1, 2)))
words = ["apple", "bob", "kayak", "zebra", "level"]
print([w.upper() if w == w[::-1] else w for w in words])
print({len(w): w for w in words})
print([c for c in "Mississippi" if c in "sp"])
nested = [[[k for k in range(j)] for j in range(i)] for i in range(4)]
print(nested)
