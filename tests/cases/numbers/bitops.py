# Shifts and bitwise operators, including negative operands.
vals = [0, 1, 5, 12, -1, -5, -12, 255, -256]
for a in vals:
    print(a, "~", ~a, "<<3", a << 3, ">>1", a >> 1, ">>10", a >> 10)
for a, b in [(12, 10), (-12, 10), (12, -10), (-12, -10), (0, -1), (-1, 255), (7, -8)]:
    print(a, b, "&", a & b, "|", a | b, "^", a ^ b)
print(1 << 0, 1 << 1, 1 << 62, 1 << 63, 1 << 64, 3 << 100 >> 99)
print(-1 >> 100, -(1 << 70) >> 3, (1 << 70) >> 70, (1 << 70) >> 71)
try:
    print(1 << -1)
except ValueError as e:
    print("ValueError:", e)
try:
    print(1 >> -1)
except ValueError as e:
    print("ValueError:", e)
try:
    print(1.0 << 1)
except TypeError as e:
    print("TypeError:", e)
try:
    print(1 & 1.5)
except TypeError as e:
    print("TypeError:", e)
print(True << 2, True & 3, False | 4, True ^ True)
mask = 0
for bit in [0, 3, 5, 9]:
    mask |= 1 << bit
print(bin(mask), [b for b in range(12) if mask >> b & 1])
x = 0xDEADBEEF
print(hex(x & 0xFFFF), hex(x >> 16), hex((x << 4) & 0xFFFFFFFF), hex(x ^ 0xFFFFFFFF))
print(bin(-10), hex(-255), oct(-8), bin(0), hex(0))
