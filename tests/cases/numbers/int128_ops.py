# Ints between 64 and 128 bits take a machine-arithmetic path: every operator and boundary
# must agree with arbitrary precision.
vals = [0, 1, -1, 7, -7, 2**31, 2**47, -(2**47), 2**62, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1,
        2**64 - 1, 2**64, -(2**64), 3**50, -(3**50), 2**100 + 12345, -(2**100), 2**126,
        2**127 - 1, -(2**127), 2**127, -(2**127) - 1, 2**200]
ops = [
    ("+", lambda a, b: a + b),
    ("-", lambda a, b: a - b),
    ("*", lambda a, b: a * b),
    ("&", lambda a, b: a & b),
    ("|", lambda a, b: a | b),
    ("^", lambda a, b: a ^ b),
]
acc = 0
for name, f in ops:
    for a in vals:
        for b in vals:
            r = f(a, b)
            acc = (acc * 1000003 + r) & 0xFFFFFFFFFFFFFFFF
    print(name, acc)


def checksum(xs):
    h = 0
    for x in xs:
        h = (h * 1000003 + x) & 0xFFFFFFFFFFFF
    return h


print(checksum(range(5000)), checksum(vals))
x = 2**64
x += 1
x -= 2**65
x *= -3
x &= 2**70 - 1
x |= 5
x ^= 2**66
print(x, type(x).__name__)
