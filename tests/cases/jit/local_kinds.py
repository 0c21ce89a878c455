# Locals that only ever hold small ints or only floats keep that kind across loop blocks in
# compiled code; these programs check every way such a local meets the rest of the world.


def accumulate(n):
    # float accumulators, int counters, a float made by true division of ints
    total = 0.0
    scale = n / 4
    count = 0
    k = 0
    while k < n:
        total = total * 0.5 + scale
        count += 2
        k += 1
    return total, count, scale


def mixed(n):
    # the same local gets floats and ints: no kind may be assumed for it
    t = 0
    for i in range(n):
        if i % 3 == 0:
            t = 1.5 * i
        else:
            t = i + 1
    return t


def overflow(n):
    # an int counter that leaves the small-int range part-way
    x = 1
    for _ in range(n):
        x = x * 3 + 1
    return x


def fail_midway(n):
    # a ZeroDivisionError exits with typed locals live; the handler reads them
    acc = 1.0
    i = 0
    try:
        while i < n:
            acc = acc * 1.0001 + 0.5
            d = (i - n // 2) * 1.0
            acc = acc + 1.0 / d
            i += 1
    except ZeroDivisionError as e:
        return "ZeroDivisionError", e.args, round(acc, 6), i
    return acc, i


def argument_reassigned(x, n):
    # arguments come from callers of any type: never assumed
    for _ in range(n):
        x = x + 0.25
    return x


def nested(n):
    # nested loops: the inner loop's header is entered many times
    s = 0.0
    for a in range(n):
        b = 0.0
        for c in range(a):
            b = b + c * 0.5
        s = s + b
    return s


def deleted(n):
    v = 0.0
    for i in range(n):
        v = v + 1.0
    del v
    try:
        return v
    except UnboundLocalError as e:
        return str(e)


def main():
    for n in (1, 7, 100, 5000):
        print(accumulate(n))
        print(mixed(n))
        print(overflow(n % 97 + 1))
        print(fail_midway(n if n % 2 == 0 else n + 1))
        print(argument_reassigned(1, n), argument_reassigned(0.5, n))
        print(nested(n % 60))
        print(deleted(n))
    print(argument_reassigned("", 0))
    try:
        argument_reassigned("a", 3)
    except TypeError as e:
        print("TypeError:", e)


main()

# A loop in a function called once runs long enough to be entered by on-stack replacement
# with floats and ints already in its locals.
def once():
    v = 0.0
    w = 0
    for i in range(20000):
        v = v * 0.999 + 1.0
        w = w + i % 7
    return round(v, 6), w


print(once())
