# finally interacting with return, break and continue; loop counters.
def f(n):
    for i in range(n):
        try:
            if i == 2:
                return f"returned at {i}"
        finally:
            print("  cleanup", i)
    return "loop ended"


print(f(5))
print(f(2))


def g():
    out = []
    for i in range(6):
        try:
            if i % 2:
                continue
            out.append(i)
            if i == 4:
                break
        finally:
            out.append(f"f{i}")
    return out


print(g())


def h():
    i = 0
    while True:
        try:
            i += 1
            if i > 3:
                return i
        finally:
            if i == 4:
                print("  last finally, i =", i)


print(h())


def break_in_finally():
    for i in range(3):
        try:
            raise ValueError(i)
        finally:
            break
    return "exception discarded by break"


print(break_in_finally())


def count_finally():
    n = 0
    try:
        n += 1
        return n
    finally:
        n += 100
        print("  n in finally", n)


print(count_finally())


def nested_loops():
    found = None
    for a in range(5):
        for b in range(5):
            try:
                if a * b == 6:
                    found = (a, b)
                    raise StopIteration
            except StopIteration:
                break
        if found:
            break
    return found


print(nested_loops())
