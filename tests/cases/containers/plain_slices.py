# Slice reads and assignments with plain bounds: reversed copies, same-length overwrites
# from lists and tuples (also of the list itself), and length changes, all as CPython.
a = list(range(10))
print(a[5::-1], a[0::-1], a[:0:-1], a[-1::-1], a[20::-1], a[-20::-1], a[3:3:-1], a[9:2:-1])
t = tuple(range(8))
print(t[4::-1], t[::-1], t[0:0:-1], t[7::-2])
b = list(range(10))
b[:4] = b[3::-1]
print(b)
b[2:5] = (7, 8, 9)
print(b)
b[::2] = [0] * 5
print(b)
b[:] = b
print(b)
b[:3] = b
print(b, len(b))
c = [1, 2, 3]
c[1:2] = [4, 5, 6]
print(c)
c[0:4] = ()
print(c)
c[5:9] = [8, 9]
print(c)
d = [object() for _ in range(3)]
e = ["x", "y", "z"]
d[:] = e
e[0] = "changed"
print(d, e)
try:
    c[::2] = [1, 2, 3, 4, 5, 6]
except ValueError as exc:
    print("ValueError", exc)
perm = list(range(9))
flips = 0
for n in range(3000):
    k = perm[0] if perm[0] else (n % 8) + 1
    perm[:k + 1] = perm[k::-1]
    flips += perm[0]
print(flips, perm)
