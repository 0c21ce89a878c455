# Closure cells read and written in hot code: nonlocal counters, a cell read before it is
# bound (NameError from a free variable and from a local cell), cells holding heap values
# that are replaced while readers hold them, and a recursive closure.
def counter():
    count = 0
    items = []

    def bump(k):
        nonlocal count, items
        count += k
        if count % 7 == 0:
            items = items + [count]
        return count

    def read():
        return count, len(items)

    return bump, read


bump, read = counter()
for i in range(500):
    bump(i % 5)
print(read())


def early():
    def f():
        return late * 2

    try:
        f()
    except NameError as e:
        msg = str(e)
    late = 21
    return f(), msg


for _ in range(30):
    v = early()
print(v)


def local_cell(flag):
    if flag:
        x = [1, 2]

    def g():
        return x

    try:
        return x
    except UnboundLocalError as e:
        return str(e)


for k in range(41):
    r = local_cell(k % 2)
print(r, local_cell(1))


def swap_held():
    box = "a" * 3

    def take():
        nonlocal box
        old = box
        box = old + "!"
        return old

    for _ in range(50):
        taken = take()
    return taken, box, len(box)


print(swap_held())


def walker(n):
    seen = []

    def go(k):
        if k == 0:
            return 0
        seen.append(k)
        return k + go(k - 1)

    return go(n), len(seen)


for _ in range(20):
    w = walker(50)
print(w)
