# Practical generator patterns: pipelines, windows, chunking, infinite sequences, primes.
def integers(start=1):
    n = start
    while True:
        yield n
        n += 1


def primes():
    found = []
    for n in integers(2):
        if all(n % p for p in found if p * p <= n):
            found.append(n)
            yield n


p = primes()
print([next(p) for _ in range(25)])


def window(seq, k):
    buf = []
    for x in seq:
        buf.append(x)
        if len(buf) > k:
            buf.pop(0)
        if len(buf) == k:
            yield tuple(buf)


print(list(window(range(7), 3)))


def chunks(seq, size):
    chunk = []
    for x in seq:
        chunk.append(x)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


print(list(chunks("abcdefghij", 4)))


def running_max(seq):
    best = None
    for x in seq:
        if best is None or x > best:
            best = x
        yield best


print(list(running_max([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5])))


def take_while(pred, seq):
    for x in seq:
        if not pred(x):
            return
        yield x


print(list(take_while(lambda v: v < 40, (n * n for n in integers()))))


def interleave(*gens):
    gens = [iter(g) for g in gens]
    while gens:
        for g in list(gens):
            try:
                yield next(g)
            except StopIteration:
                gens.remove(g)


print(list(interleave("abc", [1, 2], range(100, 104))))


class Tree:
    def __init__(self, v, kids=()):
        self.v, self.kids = v, list(kids)

    def __iter__(self):
        yield self.v
        for k in self.kids:
            yield from k


t = Tree(1, [Tree(2, [Tree(4)]), Tree(3, [Tree(5), Tree(6)])])
print(list(t), sum(t), 5 in t)
gen = integers()
print(next(gen), next(gen), gen.__next__(), iter(gen) is gen)
