# What is known of a local's list or instance at a branch holds in the block the branch
# falls through to (and only there): lists changed by the branch's own test, by calls in
# the block, and through aliases; joins reached from several places.


def shrink(xs):
    xs.pop()
    return True


def tests_change(xs, n):
    total = 0.0
    for i in range(n):
        a = xs[0] + xs[3]
        if i % 3 == 0 and shrink(xs):
            # The test removed an item: xs[3] may be gone.
            try:
                a += xs[3]
            except IndexError:
                a -= 1.5
                xs.extend([0.5, 0.25])
        else:
            a += xs[3]
        total += a
    return total, len(xs)


def alias_change(xs, ys, n):
    total = 0
    for i in range(n):
        t = xs[1] + xs[2]
        if t > 2:
            ys[1] = i % 5
            t += xs[1]
        else:
            t -= xs[2]
        if i % 7 == 0:
            ys.append(i)
            del ys[0]
            ys.insert(0, 1)
        total += t
    return total, ys[:3]


def rebound(xs, n):
    total = 0
    for i in range(n):
        v = xs[2]
        if v >= 0:
            xs = [i, i + 1] if i % 4 == 1 else xs
            try:
                v += xs[2]
            except IndexError:
                v = -v
                xs = [1, 2, 3]
        total += v
    return total


class Node:
    def __init__(self, v):
        self.v = v
        self.w = v * 2


class Other:
    def __init__(self, v):
        self.w = v
        self.v = -v


def attrs(objs, n):
    total = 0
    for i in range(n):
        o = objs[i % len(objs)]
        a = o.v
        if a > 1:
            total += o.w + o.v
        else:
            o.__class__ = Other if o.__class__ is Node else Node
            total += o.w
    return total


def joined(xs, ys, n):
    # The join after the if/else is reached from both arms: what the else arm learnt of
    # xs does not hold there when the if arm rebound it.
    t = 0.0
    for i in range(n):
        if i % 3 == 0:
            xs, ys = ys, xs
        else:
            t += xs[1] + xs[0]
        t += xs[1] * 2.0
    return t


print(joined([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [0.5, 0.25], 40))
print(joined([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [0.5, 0.25, 1.0, 2.0, 3.0, 4.0, 9.0], 40))
print(tests_change([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], 30))
print(alias_change([1, 2, 3], [1, 2, 3], 60))
ys = [4, 5, 6]
print(alias_change(ys, ys, 60))
print(rebound([1, 2, 3], 50))
print(attrs([Node(1), Node(2), Other(3), Node(0)], 80))
