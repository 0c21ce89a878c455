# List slicing, slice assignment and deletion.
a = list(range(10))
print(a[2:5], a[:3], a[7:], a[-3:], a[::2], a[1::3], a[::-1], a[8:2:-2], a[100:200])
b = a[:]
b[2:5] = ["x", "y"]
print(b)
b[0:0] = [-1, -2]
print(b)
b[len(b):] = [100, 101]
print(b)
b[1:3] = []
print(b)
b[::2] = ["e"] * len(b[::2])
print(b)
c = list(range(10))
c[5:] = "abc"
print(c)
try:
    c[::2] = [1, 2]
except ValueError as e:
    print("ValueError:", e)
d = list(range(12))
del d[::3]
print(d)
del d[2:4]
print(d)
del d[-1]
print(d)
del d[:]
print(d)
e = [1, 2, 3, 4, 5]
e[1:4] = e[1:4][::-1]
print(e)
e[:] = [9]
print(e)
f = list(range(6))
f[-2:] = [[7, 8]]
print(f)
g = list(range(8))
g[6:2:-1] = "ABCD"
print(g)
s = slice(1, 7, 2)
print(list(range(10))[s], s.start, s.stop, s.step, s)
h = [0, 1, 2]
h[5:10] = [5]
print(h)
