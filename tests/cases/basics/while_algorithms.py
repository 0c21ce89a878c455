# Small classic algorithms with while loops: gcd, collatz, primes, binary search, fib.
def gcd(a, b):
    while b:
        a, b = b, a % b
    return a


print([gcd(a, b) for a, b in [(12, 18), (17, 5), (100, 75), (0, 9), (270, 192)]])


def collatz(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


print([collatz(n) for n in range(1, 30)])
sieve = [True] * 200
sieve[0] = sieve[1] = False
i = 2
while i * i < 200:
    if sieve[i]:
        for j in range(i * i, 200, i):
            sieve[j] = False
    i += 1
primes = [k for k, p in enumerate(sieve) if p]
print(len(primes), primes[:15], primes[-5:])


def bsearch(xs, target):
    lo, hi = 0, len(xs)
    while lo < hi:
        mid = (lo + hi) // 2
        if xs[mid] < target:
            lo = mid + 1
        else:
            hi = mid
    return lo


print([bsearch(primes, t) for t in [2, 3, 4, 97, 100, 199, 1000]])
a, b = 0, 1
fibs = []
while len(fibs) < 100:
    fibs.append(a)
    a, b = b, a + b
print(fibs[:20])
print(fibs[99], len(str(fibs[99])))
