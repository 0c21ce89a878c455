# Subscripts at sites that have only indexed lists (and, reading, tuples) by small ints
# are compiled for them: anything else, an index out of range, or an item of another kind
# than the site has read exits to the interpreter. A list checked once per local is not
# checked again until something could change it. Everything that breaks those
# assumptions after warm-up must still give CPython's results.


def step(b, c, d):
    dx = b[0] - c[0]
    b[3] -= dx * d
    c[3] += dx * d
    i = len(b) - 1
    return b[i] + c[-1] + b[-2] + c[1]


def run(n, make):
    b = make([1.0, 2.0, 3.0, 0.5, 7.0])
    c = make([2.0, 1.0, 0.0, 0.25, 9.0])
    t = 0.0
    for _ in range(n):
        t += step(b, c, 0.01)
    return round(t, 6), b, c


def attempt(f, *args):
    try:
        return f(*args)
    except Exception as e:
        return type(e).__name__, str(e)


print(run(3000, list))
# The same sites meet other containers, items and keys.
print(attempt(step, (1.0, 2.0, 3.0, 0.5, 7.0), [2.0, 1.0, 0.0, 0.25, 9.0], 0.5))
print(attempt(step, [1.0, 2.0, 3.0, 0.5, 7.0], (2.0, 1.0, 0.0, 0.25, 9.0), 0.5))
print(attempt(step, {0: 1.0, 3: 2.0, 4: 1.5, -2: 0.0, 1: 1.0},
              {0: 1.0, 3: 2.0, -1: 3.0, 1: 1.0}, 0.5))
print(attempt(step, [1, 2, 3, 4, 5], [5, 4, 3, 2, 1], 2))
print(attempt(step, [1.0, 2.0, 3.0], [1.0, 2.0, 3.0], 1.0))
print(attempt(step, [1.0, 2.0, 3.0, 4.0], [1.0], 1.0))
print(attempt(step, ["a", 2.0, 3.0, 4.0, 5.0], ["b", 1.0, 0.0, 0.25, 9.0], 1.0))
print(attempt(step, [1.0, 2.0, 3.0, "x", 7.0], [2.0, 1.0, 0.0, "y", 9.0], 1.0))
print(run(2000, list))


def reads(b, f, k, c=[10, 20, 30, 40]):
    # What was checked about b must not outlive a call, a rebinding or a deletion.
    x = b[0] + b[2]
    f(b)
    y = b[k] + b[2]
    b = c
    z = b[2] * 100 + b[0]
    return x, y, z


def noop(b):
    pass


def shrink(b):
    del b[1:]


def grow(b):
    b.extend(range(100))


total = 0
for i in range(3000):
    total += sum(reads([i, 1, 2], noop, 1))
print(total)
print(attempt(reads, [1, 2, 3], shrink, 1))
print(attempt(reads, [1, 2, 3], grow, 50))
print(attempt(reads, [1, 2, 3], noop, -4))
print(attempt(reads, [1, 2, 3], noop, True))


def alias(b):
    # Writes through another name for the same list keep it a list of the same length;
    # a deletion through it does not.
    a = b
    a[1] = b[0] * 2
    x = b[1]
    del a[0]
    return x, b[1], len(b)


out = []
for i in range(3000):
    out.append(alias([i, 0, 7]))
print(out[-1], attempt(alias, [5, 6]))


def tuples(t, i):
    return t[0] + t[i] + t[-1]


s = 0
for i in range(3000):
    s += tuples((i, 1, 2), i % 3)
print(s, attempt(tuples, (1, 2, 3), 3), attempt(tuples, [1, 2, 3], -3), attempt(tuples, "abc", 1))


def in_sort(lst):
    # The list is indexed while sort() has it.
    def key(x):
        try:
            return lst[0] + x
        except IndexError:
            return -x
    lst.sort(key=key)
    return lst


for i in range(1500):
    r = in_sort([3, 1, 2])
print(r)


class L(list):
    def __getitem__(self, i):
        return 100


print(attempt(step, L([1.0, 2.0, 3.0, 0.5, 7.0]), [2.0, 1.0, 0.0, 0.25, 9.0], 0.5))
print(run(100, L))


def flags_set(flags, i, j):
    # Bool items read at these sites: others (0, None, a str) exit and test as CPython does.
    if flags[i] or flags[j]:
        return 1
    flags[i] = True
    return 0


marks = [False] * 64
hits = 0
for i in range(3000):
    hits += flags_set(marks, i % 64, (i * 7) % 64)
    if i % 100 == 0:
        marks = [False] * 64
print(hits, attempt(flags_set, [0, 1, None, "", "x"], 0, 2), attempt(flags_set, [0, None], 1, 0),
      attempt(flags_set, [True, 0], 1, 1), attempt(flags_set, [False], 0, 5))
