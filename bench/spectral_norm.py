# bench: default=550 small=20
"""Spectral norm of the infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2 + i + 1), by power iteration.

Usage: spectral_norm.py [N]   uses the N x N leading block; prints the norm to 9 places.
"""
import sys
from math import sqrt


def a(i, j):
    s = i + j
    return 1.0 / ((s * (s + 1) >> 1) + i + 1)


def mul_av(v, n):
    out = []
    for i in range(n):
        acc = 0.0
        for j in range(n):
            acc += a(i, j) * v[j]
        out.append(acc)
    return out


def mul_atv(v, n):
    out = []
    for i in range(n):
        acc = 0.0
        for j in range(n):
            acc += a(j, i) * v[j]
        out.append(acc)
    return out


def mul_atav(v, n):
    return mul_atv(mul_av(v, n), n)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 550
    u = [1.0] * n
    v = u
    for _ in range(10):
        v = mul_atav(u, n)
        u = mul_atav(v, n)
    vbv = 0.0
    vv = 0.0
    for i in range(n):
        vbv += u[i] * v[i]
        vv += v[i] * v[i]
    print(f"{sqrt(vbv / vv):.9f}")


main()
