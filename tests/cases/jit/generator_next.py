# `for` loops and next() over compiled generators resume them straight in native code; the
# cases that must not take that path still behave as in CPython: a generator that resumes
# itself, one that raises StopIteration inside, recursion through generators, exhausted and
# closed generators, throw() and send() between plain next() calls.
import sys


def squares(n):
    for i in range(n):
        yield i * i


def selfish():
    me = yield 0
    for i in range(3):
        try:
            next(me)
        except ValueError as e:
            yield f"inner: {e}"


def stopper(n):
    for i in range(n):
        if i == 3:
            raise StopIteration("early")
        yield i


def nested(depth):
    if depth == 0:
        yield 0
        return
    for x in nested(depth - 1):
        yield x + 1


def running_flag(log):
    g = yield
    for i in range(2):
        log.append(g.gi_running)
        yield i


def thrower():
    n = 0
    while True:
        try:
            yield n
        except KeyError as e:
            n += 100
            print("got", repr(e))
        n += 1


for trial in range(30):
    total = 0
    for v in squares(200):
        total += v
print("squares", total)

g = selfish()
next(g)
print(g.send(g), next(g), next(g))

for trial in range(3):
    try:
        print(list(stopper(10)))
    except RuntimeError as e:
        print("RuntimeError:", e, "| cause:", repr(e.__cause__))

print("nested", list(nested(40)))
old = sys.getrecursionlimit()
sys.setrecursionlimit(120)
try:
    print(list(nested(500)))
except RecursionError as e:
    print("RecursionError:", e)
sys.setrecursionlimit(old)

g = squares(3)
print(list(g), list(g), next(g, "done"))
g = squares(5)
print(next(g), next(g))
g.close()
print(next(g, "closed"))

log = []
r = running_flag(log)
next(r)
print(r.send(r), next(r), log)

t = thrower()
out = [next(t) for _ in range(3)]
out.append(t.throw(KeyError("k")))
out += [next(t) for _ in range(2)]
print(out)
for _ in range(1000):
    next(t)
print(next(t))
