# Lists and functions read from closure cells and used at once (indexed, or called) are
# not referenced by native code: cells rebound and emptied between and during such uses,
# exits while the value is on the stack, and functions that rebind their own cell.


def lists(n):
    xs = [0.5] * 8
    ys = [1] * 8

    def step(i):
        nonlocal xs
        t = xs[i % 8] + ys[i % 5]
        xs[i % 8] = t * 0.5
        if i % 17 == 16:
            # Rebinding drops the old list: only the cell held it.
            xs = [float(i)] * (3 if i % 34 == 33 else 8)
        return t

    total = 0.0
    for i in range(n):
        try:
            total += step(i)
        except IndexError as e:
            total -= 1.0
            print("IndexError at", i, e)
            xs = [0.25] * 8
    return total


def recursive(n):
    def walk(k):
        nonlocal walk
        if k == 7:
            # Rebinds its own cell part way down; the frames running go on.
            walk = lambda k: -100
        if k <= 0:
            return 0
        return walk(k - 1) + 1

    return walk(n), walk(n)


def emptied(n):
    out = []
    box = [3, 4, 5]

    def read(i):
        return box[i % 3]

    for i in range(n):
        if i == n // 2:
            del box
            try:
                read(i)
            except NameError as e:
                out.append(str(e))
            box = [7, 8, 9]
        out.append(read(i))
    return out[n // 2 - 2: n // 2 + 3], sum(out[:n // 2]) + sum(out[n // 2 + 1:])


def counters(n):
    counts = [0] * 4

    def bump(k):
        counts[k % 4] += 1
        counts[k % 4] = counts[k % 4] * 1

    for i in range(n):
        bump(i)
    return counts


print(lists(200))
for _ in range(3):
    print(recursive(12))
print(emptied(100))
print(counters(1000))
