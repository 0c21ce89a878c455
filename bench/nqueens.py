# bench: default=13 small=5
"""N-queens: count all placements by backtracking over lists of flags, and list the first one.

Usage: nqueens.py [N]
"""
import sys


def solve(n):
    cols = [False] * n
    diag1 = [False] * (2 * n)
    diag2 = [False] * (2 * n)
    placed = []
    found = []

    def place(row):
        if row == n:
            if not found:
                found.append(list(placed))
            return 1
        total = 0
        for c in range(n):
            d1 = row + c
            d2 = row - c + n
            if cols[c] or diag1[d1] or diag2[d2]:
                continue
            cols[c] = diag1[d1] = diag2[d2] = True
            placed.append(c)
            total += place(row + 1)
            placed.pop()
            cols[c] = diag1[d1] = diag2[d2] = False
        return total

    return place(0), found[0] if found else None


def solve_sets(n):
    # a second formulation with tuples and sets of ints (iteration order irrelevant)
    count = 0
    stack = [()]
    while stack:
        qs = stack.pop()
        row = len(qs)
        if row == n:
            count += 1
            continue
        bad = set()
        for r, c in enumerate(qs):
            bad.add(c)
            bad.add(c + (row - r))
            bad.add(c - (row - r))
        for c in range(n):
            if c not in bad:
                stack.append(qs + (c,))
    return count


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 13
    count, first = solve(n)
    print(f"{n}-queens: {count} solutions, first {first}")
    print(f"check {solve_sets(n - 1)}")


main()
