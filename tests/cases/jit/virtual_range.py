# `for x in range(...)` loops whose iterator compiled code keeps in registers: every way out
# of such a loop, and every way the iterator can be needed as an object.
import sys


def plain(n):
    total = 0
    for i in range(n):
        total += i
    for i in range(3, n):
        total -= i
    for i in range(n, -n, -3):
        total += i * 2
    for i in range(0, n, 7):
        total ^= i
    return total


def exits(n, xs):
    for i in range(n):
        if i == 3:
            return i * 2
        if i == 5:
            break
        for j in range(i):
            if j > 2:
                return j
        try:
            x = xs[i]
        except IndexError:
            continue
        finally:
            n += 1
    else:
        return -1
    return 0


def raises(n):
    out = []
    for i in range(n):
        out.append(10 // (3 - i))
    return out


def overflow(n):
    # An int guard fails mid-loop: the loop carries on in the interpreter.
    acc = 1
    for i in range(n):
        acc = acc * 1000003 + i
    return acc % 1000000007


def floats(n):
    acc = 0
    for i in range(n):
        acc = acc + i
        if i == n // 2:
            acc = acc + 0.5
    return acc


def empty_and_odd():
    r = []
    for i in range(0):
        r.append(i)
    for i in range(5, 5):
        r.append(i)
    for i in range(10, 0):
        r.append(i)
    for i in range(-5, 5, 4):
        r.append(i)
    for i in range(5, -5, -4):
        r.append(i)
    for i in range(2**40, 2**40 + 3):
        r.append(i)
    for i in range(-(2**46), -(2**46) + 2):
        r.append(i)
    return r


def big_bounds():
    r = []
    for i in range(2**62, 2**62 + 2):
        r.append(i)
    for i in range(2**100, 2**100 + 2):
        r.append(i)
    for i in range(2**47 - 2, 2**47 + 1):
        r.append(i)
    return r


def bad_args(v):
    try:
        for i in range(v):
            pass
        return "ran"
    except TypeError as e:
        return f"TypeError: {e}"
    except ValueError as e:
        return f"ValueError: {e}"


def zero_step():
    try:
        for i in range(0, 10, 0):
            print(i)
    except ValueError as e:
        return str(e)


def shadowed(n):
    range = lambda k: [k, k + 1]
    return [i for i in range(n)] + [sum(i for i in range(n))]


def nested(n):
    s = 0
    for i in range(n):
        for j in range(i, n):
            for k in range(j, n, 2):
                s += i * j - k
    return s


def with_steps(n):
    # Instructions the interpreter runs for compiled code, inside a virtual loop.
    global g
    s = set()
    for i in range(n):
        g = i
        s |= {i}
        f = lambda: i
        a, *rest = [i, i + 1, i + 2]
        s.update(rest)
    return sorted(s), g, f()


def generator_loop(n):
    for i in range(n):
        yield i * i


def closure_loop(n):
    fs = []
    for i in range(n):
        fs.append(lambda i=i: i)
    return [f() for f in fs]


def deep(n):
    if n == 0:
        return 0
    t = 0
    for i in range(2):
        t += deep(n - 1) + i
    return t


def recursion_in_loop(n):
    for i in range(n):
        try:
            deep(10**6)
        except RecursionError:
            return "RecursionError", i


print(plain(50), plain(0), plain(1))
print(exits(10, [1, 2]), exits(2, []), exits(0, []), exits(3, [1, 2, 3, 4]))
try:
    raises(5)
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
print(overflow(100), floats(10))
print(empty_and_odd())
print(big_bounds())
print(bad_args(3), bad_args(2.5), bad_args("x"), bad_args(True), bad_args(2**70 - 2**70 + 4))
print(zero_step(), shadowed(3))
print(nested(12), with_steps(6), list(generator_loop(5)), closure_loop(4))
print(deep(8), recursion_in_loop(3))
for i in range(5):
    if i == 3:
        print("module loop", i)
k = 0
for i in range(100000):
    k += i & 3
print(k, i)
