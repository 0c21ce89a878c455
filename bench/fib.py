# bench: default=36 small=15
"""Recursive Fibonacci: Python-to-Python call overhead and small-int arithmetic.

Usage: fib.py [N]   computes fib(N) naively (about 1.6**N calls).
"""
import sys


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 36
    print(f"fib({n}) = {fib(n)}")
    print(f"fib({n // 2}) = {fib(n // 2)}")


main()
