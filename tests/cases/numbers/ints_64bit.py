# Arithmetic on ints just past the 48-bit immediate range and around the 64-bit edges,
# mixed with small and big ints: every operator, both signs, exact results.
vals = [0, 1, -1, 7, -7, 2**47 - 1, -(2**47), 2**47, -(2**47) - 1, 2**53 + 1, -(2**53) - 3,
        2**62, -(2**62), 2**63 - 1, -(2**63), 2**63, -(2**63) - 1, 2**64 + 5, 10**20, -(10**19)]
ops = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "//": lambda a, b: a // b, "%": lambda a, b: a % b, "&": lambda a, b: a & b,
    "|": lambda a, b: a | b, "^": lambda a, b: a ^ b, "<<": lambda a, b: a << b,
    ">>": lambda a, b: a >> b, "/": lambda a, b: a / b, "**": lambda a, b: a ** b,
}
for a in vals:
    row = []
    for b in vals:
        for name, f in ops.items():
            if name in ("<<", ">>") and not (0 <= b < 70):
                continue
            if name == "**" and not (0 <= b < 5):
                continue
            try:
                row.append(f(a, b))
            except ZeroDivisionError:
                row.append("ZeroDivisionError")
    print(a, row)
s = 12345
acc = 0
for i in range(100000):
    s = (s * 1103515245 + 12345) & 0x7FFFFFFF
    acc ^= (s << 17) ^ (s * s) % 1000000007
t = 2**62
for i in range(1000):
    t = (t * 3 + i) % (2**63 + 7) - i
print(s, acc, t, (2**63 - 1) + 1, -(2**63) - 1, (2**62) * 4, (-(2**63)) // -1, 7 / (2**60), (2**60 + 1) / 3)
