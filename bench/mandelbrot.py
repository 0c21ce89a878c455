# bench: default=850 small=30
"""Mandelbrot set on an N x N grid over [-1.5, 0.5] x [-1, 1], 50 iterations per point.

Usage: mandelbrot.py [N]   prints how many points are inside and a checksum of escape counts.
"""
import sys


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 850
    max_iter = 50
    inside = 0
    checksum = 0
    for y in range(n):
        ci = 2.0 * y / n - 1.0
        row = 0
        for x in range(n):
            cr = 2.0 * x / n - 1.5
            zr = 0.0
            zi = 0.0
            i = 0
            while i < max_iter:
                zr2 = zr * zr
                zi2 = zi * zi
                if zr2 + zi2 > 4.0:
                    break
                zi = 2.0 * zr * zi + ci
                zr = zr2 - zi2 + cr
                i += 1
            if i == max_iter:
                inside += 1
            row += i * (x + 1)
        checksum = (checksum * 31 + row) % 1000000007
    print(f"inside {inside}")
    print(f"checksum {checksum}")


main()
