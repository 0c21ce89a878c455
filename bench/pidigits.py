# bench: default=7000 small=50
"""Pi digits with Gibbons' unbounded spigot: big-integer multiply, add and floor division.

Usage: pidigits.py [N]   prints the first N digits, 10 per line with a running count.
"""
import sys


def pi_digits(n):
    q, r, t, k = 1, 0, 1, 1
    m, x = 3, 3
    out = []
    while len(out) < n:
        if 4 * q + r - t < m * t:
            out.append(m)
            q, r, m = 10 * q, 10 * (r - m * t), (10 * (3 * q + r)) // t - 10 * m
        else:
            q, r, t, k, m, x = (q * k, (2 * q + r) * x, t * x, k + 1,
                                (q * (7 * k + 2) + r * x) // (t * x), x + 2)
    return out


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 7000
    digits = pi_digits(n)
    for i in range(0, n, 10):
        chunk = "".join(str(d) for d in digits[i:i + 10])
        print(f"{chunk:<10}\t:{min(i + 10, n)}")


main()
