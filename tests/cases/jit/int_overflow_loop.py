# Small-int fast paths must overflow into big ints, never wrap: the guard fails mid-loop.
def grow(n):
    x = 1
    total = 0
    for i in range(n):
        x = x * 3 + i
        total += x
        total -= i * i
    return x, total


def shifts(n):
    acc = 0
    for i in range(n):
        acc = (acc << 1) ^ i
        acc = acc % (1 << 70) if acc > (1 << 80) else acc
    return acc


def negative_floordiv(n):
    out = []
    for i in range(-n, n):
        out.append((i // 7, i % 7, i // -3, i % -3, -i >> 2))
    return out


for k in range(3):
    print(grow(40 + k))
print(shifts(200))
print(negative_floordiv(20)[:5], sum(a + b + c + d + e for a, b, c, d, e in negative_floordiv(50)))
big = 2 ** 46
print([big + big, big * 4, -big - big - big, (big * 2) // 3])
