# bench: default=9 small=6
"""Fannkuch-redux: pancake flips over all permutations of 1..N, computed twice: flipping by
element swaps and by slice assignment (the two must agree).

Usage: fannkuch.py [N]   prints the checksum and the maximum number of flips.
"""
import sys


def fannkuch(n, slicing):
    perm1 = list(range(n))
    count = [0] * n
    max_flips = 0
    checksum = 0
    perm_index = 0
    r = n
    while True:
        while r != 1:
            count[r - 1] = r
            r -= 1
        perm = perm1[:]
        flips = 0
        k = perm[0]
        if slicing:
            while k:
                # reverse the first k+1 elements with a slice assignment
                perm[:k + 1] = perm[k::-1]
                flips += 1
                k = perm[0]
        else:
            while k:
                # reverse the first k+1 elements by swapping
                i = 0
                j = k
                while i < j:
                    perm[i], perm[j] = perm[j], perm[i]
                    i += 1
                    j -= 1
                flips += 1
                k = perm[0]
        if flips > max_flips:
            max_flips = flips
        checksum += flips if perm_index % 2 == 0 else -flips
        # next permutation in the rotation order
        while True:
            if r == n:
                return checksum, max_flips
            first = perm1[0]
            for i in range(r):
                perm1[i] = perm1[i + 1]
            perm1[r] = first
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1
        perm_index += 1


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    checksum, flips = fannkuch(n, False)
    if fannkuch(n, True) != (checksum, flips):
        print("slice and swap versions disagree")
    print(checksum)
    print(f"Pfannkuchen({n}) = {flips}")


main()
