# Yields with values under the yielded one on the stack (inside tuple/list displays, calls,
# arithmetic and nested loops), values past 48 bits and past 64 bits yielded mid-chain, and
# generators resumed after some yields went through the interpreter.
# Also: the message when max() cannot compare an item sent in.
def in_display(n):
    for i in range(n):
        t = (i, (yield i * 2), i + 1, [(yield -i), i])
        yield t


def in_call(items):
    for x in items:
        yield max(x, (yield x), x - 1)


def wide(seed, n):
    s = seed
    for _ in range(n):
        s = (s * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        yield (s * 3 + 7) & 0xFFFFFFFFFFFF
        yield s * 1000003 + 5


def nested(n):
    for i in range(n):
        for j in range(i):
            yield i * 100 + (yield j)


def drive(g, sends):
    out = []
    try:
        out.append(next(g))
        for v in sends:
            out.append(g.send(v))
    except StopIteration as e:
        out.append(("stop", e.value))
    except TypeError as e:
        # max() compares the new item on the left with `>`, as CPython does
        out.append(str(e))
    return out


for k in range(60):
    print(drive(in_display(3), [k, k + 1, None, "s", 2.5, None, k, k, k, k]))
    print(drive(in_call([k, k * 2, -k]), [k - 1, k + 5, None, 3, 1, 0, 9]))
print(sum(wide(12345, 3000)) % 1000000007, list(wide(7, 3)))
total = 0
for k in range(50):
    g = nested(6)
    v = next(g)
    try:
        while True:
            v = g.send(v % 7 if isinstance(v, int) else 0)
            total += v
    except StopIteration:
        pass
print(total)
