# Generators run as native code between resumes: yields inside loops and try blocks, values
# sent in, guards failing mid-stream (int overflow, a float arriving), exceptions raised in
# compiled generator code and caught inside or outside, close() and early exits.
def counter(n):
    total = 0
    for i in range(n):
        total += i * i
        yield total


def lcg(seed, n):
    s = seed
    for _ in range(n):
        s = (s * 1103515245 + 12345) & 0x7FFFFFFF
        yield s >> 3


def mixed(items):
    acc = 0
    for x in items:
        acc = acc + x
        yield acc


def guarded(items):
    for x in items:
        try:
            yield 10 // x
        except ZeroDivisionError:
            yield "div0"
        finally:
            pass


def echo():
    received = []
    while True:
        v = yield len(received)
        if v is None:
            break
        received.append(v * 2)
    yield received


def raiser(n):
    for i in range(n):
        if i == n - 1:
            raise ValueError(f"stop at {i}")
        yield i


def closer(log):
    try:
        i = 0
        while True:
            yield i
            i += 1
    finally:
        log.append("closed")


for _ in range(3):
    print(sum(counter(2000)), list(counter(5)))
print(sum(lcg(42, 5000)), max(lcg(7, 3000)))
print(list(mixed([1, 2, 3] * 50))[-3:], list(mixed([1, 2, 2.5, 3]))[-2:], list(mixed([2**46, 2**46, 2**46])))
print(list(guarded([1, 2, 0, 5, 0, -3] * 20))[:8])
e = echo()
print(next(e), e.send(1), e.send(2), e.send(3), e.send(None))
for trial in range(3):
    try:
        for v in raiser(50):
            pass
    except ValueError as err:
        print("caught", err, v)
log = []
for trial in range(20):
    c = closer(log)
    for v in c:
        if v == trial:
            break
    c.close()
print(len(log), log[:2])
g = counter(100)
print(next(g), next(g), g.gi_running, sum(g))
print(sum(x * 2 for x in range(10000) if x % 3), sorted((y for y in lcg(3, 200)), reverse=True)[:3])
