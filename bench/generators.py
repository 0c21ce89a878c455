# bench: default=2400000 small=3000
"""Generator pipelines: chained generator functions (source, filter, map, sliding window,
pairing, chunking), `yield from` delegation, generator expressions, send() coroutines and
early termination with close(); prints aggregates of each pipeline.

Usage: generators.py [N]   number of items from the source.
"""
import sys


def lcg_source(n, seed):
    state = seed
    for _ in range(n):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        yield state >> 12


def only(pred, items):
    for x in items:
        if pred(x):
            yield x


def mapped(fn, items):
    for x in items:
        yield fn(x)


def window(items, size):
    buf = []
    for x in items:
        buf.append(x)
        if len(buf) > size:
            del buf[0]
        if len(buf) == size:
            yield tuple(buf)


def chunks(items, size):
    chunk = []
    for x in items:
        chunk.append(x)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def flatten(nested):
    for part in nested:
        if isinstance(part, list):
            yield from flatten(part)
        else:
            yield part


def running_mean():
    total = 0
    count = 0
    mean = None
    while True:
        x = yield mean
        total += x
        count += 1
        mean = total // count


def take(n, items):
    for i, x in enumerate(items):
        if i >= n:
            return
        yield x


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2400000
    # pipeline 1: filter, map, window, reduce
    src = lcg_source(n, 7)
    evens = only(lambda v: v % 3 != 0, src)
    squares = mapped(lambda v: (v * v) % 65521, evens)
    acc = 0
    count = 0
    for a, b, c in window(squares, 3):
        acc = (acc + a * 3 + b * 5 + c * 7) % 1000000007
        count += 1
    print("pipeline1", count, acc)
    # pipeline 2: chunks and generator expressions
    total = 0
    biggest = 0
    for ch in chunks(lcg_source(n, 99), 17):
        s = sum(x & 255 for x in ch)
        total += s
        m = max(ch)
        if m > biggest:
            biggest = m
    print("pipeline2", total, biggest)
    # pipeline 3: yield from over nested lists
    nested = [[i, [i + 1, [i + 2]], i + 3] for i in range(n // 20)]
    print("pipeline3", sum(flatten(nested)))
    # pipeline 4: coroutine with send
    rm = running_mean()
    next(rm)
    last = 0
    for v in take(n // 2, lcg_source(n, 3)):
        last = rm.send(v % 1000)
    rm.close()
    print("pipeline4", last)
    # pipeline 5: early exit closes the source generators
    gen = (x for x in lcg_source(n, 5) if x & 1)
    first = list(take(10, gen))
    gen.close()
    print("pipeline5", first[:3], any(x > 500000 for x in lcg_source(n // 4, 11)))


main()
