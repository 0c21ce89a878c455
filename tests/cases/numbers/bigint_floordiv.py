# Floor division of big ints whose quotient is small (operands of nearly equal length, the
# case spigot algorithms hit), around the exact multiples, plus negative operands and
# ordinary quotients; checked against CPython by a checksum of every quotient and remainder.
state = 7


def rand_bits(bits):
    global state
    out = 0
    for _ in range(bits // 31 + 1):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        out = (out << 31) | state
    return out & ((1 << bits) - 1)


checksum = 0
count = 0
for bits in (64, 65, 70, 100, 128, 200, 500, 2000):
    for _ in range(60):
        y = rand_bits(bits) | (1 << (bits - 1))
        for extra in (0, 1, 5, 30, 58, 59, 60, 61, 70):
            x = rand_bits(bits + extra)
            for xx in (x, x - x % y, x - x % y - 1, y * rand_bits(extra + 1) + y - 1, -x):
                q = xx // y
                r = xx % y
                count += 1
                checksum = (checksum * 31 + q + 7 * r) % (2**61 - 1)
                if not (q * y <= xx < (q + 1) * y):
                    print("wrong", xx, y, q)
print(count, checksum)
print((10**40 + 12345) // (10**39 + 1), (-(10**40)) // (10**39 + 7), 10**50 // -(10**49 + 3))
