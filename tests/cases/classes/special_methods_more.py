# More special methods: __iter__/__next__ classes, __contains__ fallback, __index__, __getitem__ iteration, __call__.
class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1


print(list(Countdown(5)), sum(Countdown(100)), 3 in Countdown(5))


class Seq:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError(i)
        return i * i


print(list(Seq()), 9 in Seq(), 5 in Seq(), [x for x in Seq()])


class Idx:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


print("abcdef"[Idx(2)], [10, 20, 30][Idx(-1)], list(range(10))[Idx(1):Idx(8):Idx(3)], range(Idx(4)))


class Adder:
    def __init__(self, base):
        self.base = base

    def __call__(self, *args):
        return self.base + sum(args)


add5 = Adder(5)
print(add5(), add5(1, 2, 3), list(map(add5, [1, 2])), callable(add5), callable(Adder))


class Matrix:
    def __init__(self, rows):
        self.rows = rows

    def __getitem__(self, key):
        r, c = key
        return self.rows[r][c]

    def __setitem__(self, key, value):
        r, c = key
        self.rows[r][c] = value

    def __delitem__(self, key):
        del self.rows[key]

    def __len__(self):
        return len(self.rows)

    def __eq__(self, other):
        return self.rows == other.rows

    def __str__(self):
        return "\n".join(" ".join(f"{v:3}" for v in row) for row in self.rows)


m = Matrix([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
m[1, 1] = 50
print(m[0, 2], m[1, 1], len(m))
print(m)
del m[0]
print(len(m), m == Matrix([[4, 50, 6], [7, 8, 9]]))


class Ctx:
    def __enter__(self):
        print("enter")
        return "resource"

    def __exit__(self, et, ev, tb):
        print("exit", et.__name__ if et else None, ev)
        return et is KeyError


with Ctx() as r:
    print("using", r)
with Ctx():
    raise KeyError("swallowed")
try:
    with Ctx():
        raise ValueError("propagates")
except ValueError as e:
    print("caught", e)
