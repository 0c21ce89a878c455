# Generator state inspection, early break triggering close, generators in classes, closures in generators.
def tracked(name):
    print(f"  {name}: started")
    try:
        for i in range(10):
            yield i
    finally:
        print(f"  {name}: finalized")


for v in tracked("loop"):
    if v == 2:
        print("breaking")
        break
print("after loop")
g = tracked("manual")
print(next(g), next(g))
g.close()
g.close()
print(next(g, "none left"))


def gen():
    yield 1


g2 = gen()
print(g2.gi_running, g2.gi_frame is not None)
list(g2)
print(g2.gi_frame)


def multipliers():
    for k in range(1, 4):
        yield lambda x, k=k: x * k


print([m(10) for m in multipliers()])


def reentrant():
    yield 1
    yield from me


me = reentrant()
print(next(me))
try:
    next(me)
except ValueError as e:
    print("ValueError:", e)


def raiser():
    yield 1
    raise KeyError("inside generator")


r = raiser()
print(next(r))
try:
    next(r)
except KeyError as e:
    print("KeyError:", e)
print(next(r, "dead"))


def stop_inside():
    yield 1
    raise StopIteration("converted")


try:
    list(stop_inside())
except RuntimeError as e:
    print("RuntimeError:", e, "| cause:", type(e.__cause__).__name__)
