# bench: default=4000000 small=5000
"""Float loops: a Simpson integration of a rational function, a Horner polynomial, Newton
square roots, a logistic-map iteration and a damped spring simulation — all with local float
variables in tight while/for loops (only + - * / and sqrt).

Usage: floatloop.py [N]   number of steps of each loop.
"""
import sys
from math import sqrt


def simpson(n):
    a = 0.0
    b = 4.0
    h = (b - a) / n
    s = 0.0
    for i in range(n + 1):
        x = a + i * h
        fx = 1.0 / (1.0 + x * x)
        if i == 0 or i == n:
            s += fx
        elif i % 2 == 1:
            s += 4.0 * fx
        else:
            s += 2.0 * fx
    return s * h / 3.0


def horner(n):
    coeffs = [1.0, -0.5, 0.25, -0.125, 0.0625]
    total = 0.0
    x = -1.0
    dx = 2.0 / n
    for _ in range(n):
        acc = 0.0
        for c in coeffs:
            acc = acc * x + c
        total += acc
        x += dx
    return total * dx


def newton_roots(n):
    total = 0.0
    k = 1
    while k <= n // 40:
        v = float(k)
        g = v
        while True:
            ng = 0.5 * (g + v / g)
            if ng >= g:
                break
            g = ng
        total += (g - sqrt(v)) * 1e12 + g
        k += 1
    return total


def logistic(n):
    x = 0.123
    r = 3.7
    s = 0.0
    i = 0
    while i < n:
        x = r * x * (1.0 - x)
        s += x
        i += 1
    return s / n


def spring(n):
    pos = 1.0
    vel = 0.0
    k = 4.0
    damping = 0.001
    dt = 0.001
    energy = 0.0
    for _ in range(n):
        acc = -k * pos - damping * vel
        vel += acc * dt
        pos += vel * dt
        energy += 0.5 * vel * vel + 0.5 * k * pos * pos
    return pos, energy / n


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 4000000
    print(f"simpson {simpson(n):.9f}")
    print(f"horner {horner(n // 2):.9f}")
    print(f"newton {newton_roots(n):.9e}")
    print(f"logistic {logistic(n):.9f}")
    pos, e = spring(n)
    print(f"spring {pos:.9f} {e:.9f}")


main()
