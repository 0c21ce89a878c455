# Generator functions: lazy evaluation, state, return value, exhaustion.
def counter(n):
    print("  start")
    for i in range(n):
        print("  yielding", i)
        yield i
    print("  end")
    return "done"


g = counter(3)
print(type(g).__name__)
print(next(g))
print(next(g))
print(list(g))
print(next(g, "exhausted"))


def with_return():
    yield 1
    return 99


g = with_return()
next(g)
try:
    next(g)
except StopIteration as e:
    print("StopIteration value:", e.value)


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


f = fib()
print([next(f) for _ in range(15)])


def take(n, it):
    out = []
    for x in it:
        if len(out) >= n:
            break
        out.append(x)
    return out


print(take(5, fib()), take(3, "abcdef"))


def evens(limit):
    n = 0
    while n < limit:
        if n % 2 == 0:
            yield n
        n += 1


print(list(evens(15)), sum(evens(100)), max(evens(9)))


def gen_with_try():
    try:
        yield "a"
        yield "b"
    finally:
        print("  generator finally")


for v in gen_with_try():
    print("got", v)
g = gen_with_try()
print(next(g))
g.close()
print("closed")
