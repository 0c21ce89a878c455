# bench: default=1000000 small=2000
"""List and dict workload: sieve of Eratosthenes, append/pop/slice/insert, list and dict
comprehensions, int-keyed dict updates and lookups, a histogram, dict of lists grouping,
a tiny LRU built on a dict, and membership tests.

Usage: listdict.py [N]
"""
import sys


def sieve(n):
    flags = [True] * (n + 1)
    flags[0] = flags[1] = False
    i = 2
    while i * i <= n:
        if flags[i]:
            for j in range(i * i, n + 1, i):
                flags[j] = False
        i += 1
    return [i for i in range(n + 1) if flags[i]]


def lru_hits(keys, capacity):
    cache = {}
    hits = 0
    for k in keys:
        if k in cache:
            hits += 1
            v = cache.pop(k)
            cache[k] = v
        else:
            if len(cache) >= capacity:
                oldest = next(iter(cache))
                del cache[oldest]
            cache[k] = k * 2
    return hits


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    primes = sieve(n * 4)
    print("primes", len(primes), primes[-1], sum(primes[:100]))
    # dict with int keys: collatz-ish lengths, memoized
    memo = {1: 0}
    for start in range(2, n // 2):
        path = []
        x = start
        while x not in memo:
            path.append(x)
            x = x // 2 if x % 2 == 0 else 3 * x + 1
        steps = memo[x]
        for y in reversed(path):
            steps += 1
            memo[y] = steps
    longest = max(range(2, n // 2), key=lambda s: memo[s])
    print("collatz", longest, memo[longest], len(memo))
    # histogram and grouping
    state = 99
    values = []
    for _ in range(n):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        values.append(state % 1000)
    hist = {}
    for v in values:
        hist[v] = hist.get(v, 0) + 1
    groups = {}
    for i, v in enumerate(values):
        groups.setdefault(v % 17, []).append(i)
    print("hist", len(hist), max(hist.values()), min(hist.values()),
          [len(groups[g]) for g in range(5)])
    # list operations
    lst = list(range(1000))
    for i in range(n // 10):
        lst.append(lst.pop(0) + i)
        if i % 100 == 0:
            lst.insert(i % 500, -i)
            del lst[-1]
    squares = {i: i * i for i in range(1000)}
    evens = [x for x in lst if x % 2 == 0]
    print("list", len(lst), sum(lst), len(evens), lst[:3], lst[-3:],
          sum(squares[x % 1000] for x in lst[::7]))
    rev = values[::-1]
    pairs = list(zip(values[:1000], rev[:1000]))
    print("pairs", sum(a * b for a, b in pairs), values.count(7), values.index(values[-1]))
    print("lru", lru_hits(values, 300))
    print("in", sum(1 for v in range(0, 2000, 3) if v in hist), 1999 in primes)


main()
