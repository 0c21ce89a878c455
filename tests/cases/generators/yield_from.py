# yield from: delegation, return values, nested delegation, passing send through.
def inner():
    yield 1
    yield 2
    return "inner result"


def outer():
    result = yield from inner()
    print("  inner returned", result)
    yield 3


print(list(outer()))


def flatten(x):
    if isinstance(x, (list, tuple)):
        for item in x:
            yield from flatten(item)
    else:
        yield x


print(list(flatten([1, [2, (3, [4, 5])], [[6]], 7])))


def chain(*iterables):
    for it in iterables:
        yield from it


print(list(chain("ab", [1, 2], range(3), (x * 10 for x in range(2)))))


def sub():
    got = yield "sub ready"
    print("  sub got", got)
    got2 = yield "sub second"
    print("  sub got", got2)
    return got + got2


def delegator():
    r = yield from sub()
    yield f"delegator saw {r}"


d = delegator()
print(next(d))
print(d.send(10))
print(d.send(32))


def tree(n):
    if n == 0:
        return
    yield from tree(n - 1)
    yield n
    yield from tree(n - 1)


print(list(tree(4)))
