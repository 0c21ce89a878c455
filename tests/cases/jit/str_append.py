# `s += t` on strings in loops (grown in place when nothing else holds the string):
# aliases that must not change, strings that are dict keys or list items, `s += s`,
# hashes recomputed after growth, non-ASCII text, and other types' `+=`.
def build(n):
    s = ""
    for i in range(n):
        s += str(i % 10)
    return s


for _ in range(30):
    b = build(300)
print(len(b), b[:25], b[-5:])


def aliases(n):
    s = "start"
    seen = []
    for i in range(n):
        t = s
        s += "."
        seen.append(t)
    return s, seen[:3], len(set(seen))


for _ in range(30):
    a = aliases(20)
print(a)


def keyed(n):
    d = {}
    s = "k"
    for i in range(n):
        d[s] = i
        s += "é"
    return len(d), d["k"], d["kéé"], s, hash(s) == hash("k" + "é" * n)


for _ in range(30):
    k = keyed(10)
print(k)


def doubling(n):
    s = "ab"
    for _ in range(n):
        s += s
    return len(s), s[:6]


for _ in range(30):
    dd = doubling(8)
print(dd)


def mixed(n):
    s = "base"
    out = []
    for i in range(n):
        s += "+"
        out.append(s)
    x = 5
    x += 3
    lst = [1]
    lst += [2]
    return s, out[:2], x, lst


for _ in range(30):
    m = mixed(4)
print(m)


def failing():
    s = "abc"
    for i in range(3):
        try:
            s += i
        except TypeError as e:
            last = str(e)
    return s, last


print(failing())
