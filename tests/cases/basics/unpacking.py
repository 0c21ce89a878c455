# Tuple/list unpacking including starred targets and nested patterns.
a, b = 1, 2
print(a, b)
a, b = b, a
print(a, b)
(x, y), z = (3, 4), 5
print(x, y, z)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "hello"
print(init, last)
head, *mid, tail = range(6)
print(head, mid, tail)
p, *q, r = 1, 2
print(p, q, r)
[m, n] = "ab"
print(m, n)
for i, (c, d) in enumerate([("a", 1), ("b", 2)]):
    print(i, c, d)
d = {"k1": 1, "k2": 2}
for k, v in d.items():
    print(k, v)
merged = [*range(3), *"xy", *[None]]
print(merged)
t = (*[1, 2], 3)
print(t)
s = {*[1, 2], *(2, 3)}
print(sorted(s))
dd = {**{"a": 1}, "b": 2, **{"a": 3}}
print(dd)
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)
try:
    a, b, c = [1, 2]
except ValueError as e:
    print("ValueError:", e)
try:
    a, *b, c = [1]
except ValueError as e:
    print("ValueError:", e)
try:
    a, b = 5
except TypeError as e:
    print("TypeError:", e)
x = y = z = [0]
x.append(1)
print(x, y, z, x is z)
i = 0
lst = [10, 20, 30]
i, lst[i] = 1, 99
print(i, lst)
