# Generator send(), throw(), close() basics.
def accumulator():
    total = 0
    while True:
        value = yield total
        if value is None:
            break
        total += value
    return total


acc = accumulator()
print(next(acc))
print(acc.send(5))
print(acc.send(10))
print(acc.send(-3))
try:
    acc.send(None)
except StopIteration as e:
    print("final total", e.value)


def echo():
    received = []
    try:
        while True:
            x = yield len(received)
            received.append(x)
    except GeneratorExit:
        print("  closing with", received)
        raise


e = echo()
print(next(e), e.send("a"), e.send("b"))
e.close()


def resilient():
    while True:
        try:
            yield "ok"
        except ValueError as err:
            print("  handled inside:", err)
            yield "recovered"


r = resilient()
print(next(r))
print(r.throw(ValueError("boom")))
print(next(r))
try:
    r.throw(KeyError("unhandled"))
except KeyError as err:
    print("propagated:", repr(err))
print(next(r, "generator is finished"))
g = (x for x in range(3))
try:
    g.send(1)
except TypeError as err:
    print("TypeError:", err)


def averager():
    total = count = 0
    avg = None
    while True:
        v = yield avg
        total += v
        count += 1
        avg = total / count


a = averager()
next(a)
print([a.send(v) for v in [10, 20, 30, 40]])
