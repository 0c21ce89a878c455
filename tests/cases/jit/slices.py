# Slicing in loops, where native code slices lists and tuples without making slice objects:
# every sign of bound and step, bounds past the length and past 64 bits, __index__ bounds
# that change the list, steps of zero, extended-slice assignment of the wrong size,
# self-assignment, deletion, and slices handed to a user class, a str, a dict and a range.
class Idx:
    def __init__(self, v, target=None):
        self.v = v
        self.target = target

    def __index__(self):
        if self.target is not None:
            self.target.append(99)
        return self.v


class Seq:
    def __getitem__(self, key):
        return ("get", key.start, key.stop, key.step)

    def __setitem__(self, key, value):
        print("set", key, value)


def reads(data, n):
    out = []
    for i in range(-n, n + 1):
        out.append(data[i:])
        out.append(data[:i])
        out.append(data[i:i + 3])
        out.append(data[::i or 1])
        out.append(data[i::-1])
        out.append(data[-i:i:2])
        out.append(data[i:n * 3:-2])
    return out


def writes(n):
    out = []
    for k in range(n):
        a = list(range(8))
        a[k:k + 2] = [k] * (k % 3)
        a[::3] = tuple(range(100, 100 + len(a[::3])))
        a[:0] = a
        a[k:] = ()
        b = list(range(k + 5))
        del b[::3]
        del b[1:k]
        del b[::-2]
        out.append((a, b))
    return out


def errors():
    a = list(range(10))
    for bad in [lambda: a[::0], lambda: a.__setitem__(slice(None, None, 2), [1]),
                lambda: a[1.5:], lambda: {}[1:2], lambda: a.__setitem__(slice(0, 2), 5)]:
        try:
            bad()
            print("no error")
        except (TypeError, ValueError) as e:
            print(type(e).__name__, e)


def odd_keys():
    a = list(range(10))
    b = a[Idx(2, a):Idx(20, a)]
    a[Idx(1):Idx(3)] = "xy"
    s = Seq()
    s[1:2] = 5
    return b, a, s[1:2:3], "hello world"[2:9:2], range(50)[3:40:7], (1, 2, 3, 4)[::-1]


def big_bounds():
    a = list(range(6))
    big = 2 ** 70
    return a[-big:big], a[big:], a[:-big], a[2 ** 50:], a[::2 ** 62], a[::-(2 ** 62)]


for n in range(4):
    print(reads(list(range(n * 2)), n + 1))
    print(reads(tuple("abcdefg"[: n + 3]), n))
print(writes(12))
errors()
print(odd_keys())
print(big_bounds())
