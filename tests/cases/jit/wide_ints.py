# Chains of int operations whose intermediates leave the 48-bit immediate range (kept as
# machine words in native code): LCG steps, products past 64 bits mid-chain, sums and
# differences wrapping 64 bits, results that stay big, shifts and bit operations of wide
# values, and big ints arriving from locals at sites that saw wide intermediates.
def lcg(n, seed):
    state = seed
    out = 0
    for _ in range(n):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        out ^= state >> 7
    return state, out


for _ in range(5):
    r = lcg(2000, 42)
print(r)


def chain(xs, k):
    acc = []
    for x in xs:
        acc.append((x * k + 7) & 0xFFFFFFFFFFFF)
        acc.append((x * k - 3) >> 5)
        acc.append(x * k * k + 1)
        acc.append((x * k) ^ 0x5555)
        acc.append((x * k) | 1)
    return acc


big = [1, 3, 2**20, 2**30, -(2**31), 2**46 - 1]
for _ in range(50):
    c = chain(big, 2**16 + 3)
print(c)
for _ in range(50):
    c = chain(big, 2**40 + 3)
print(c)
for _ in range(50):
    c = chain(big, -(2**33))
print(c)


def wraps(a, b):
    out = []
    for _ in range(3):
        out.append(a * b + a * b)
        out.append(a * b - (-a) * b)
        out.append((a * b + 1) * 3 - 1)
    return out


for _ in range(40):
    w = wraps(2**31 + 5, 2**31 - 7)
print(w)
for _ in range(40):
    w = wraps(3037000499, 3037000499)
print(w)
print(wraps(-(2**62), 1), wraps(2**62, 1))


def from_locals(vals):
    s = 0
    for v in vals:
        s = (s + v * 3) & 0xFFFFFFFFFFFFFFFF
    return s


for _ in range(40):
    f = from_locals([1, 2**50, 2**62, -(2**60), 7])
print(f, from_locals([2**100, 1]))
