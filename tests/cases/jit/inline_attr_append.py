# New attributes stored by a warmed STORE_ATTR site are appended to the instance's dict by
# native code itself while the dict has room, no hash index and provably lacks the name.
# Around that: dicts that must grow, that cross the size where they get an index, that were
# changed through __dict__ between two stores, and values and keys that must outlive the
# instances that stored them.


class Pair:
    def __init__(self, left, right):
        self.left = left
        self.right = right


class Many:
    def __init__(self, i):
        self.a0 = i
        self.a1 = i + 1
        self.a2 = i + 2
        self.a3 = i + 3
        self.a4 = i + 4
        self.a5 = i + 5
        self.a6 = i + 6
        self.a7 = i + 7
        self.a8 = i + 8
        self.a9 = i + 9
        self.a10 = i + 10


class Meddled:
    def __init__(self, i, how):
        self.x = i
        if how == 1:
            self.__dict__["y"] = "set through __dict__"
        elif how == 2:
            self.__dict__.clear()
        elif how == 3:
            del self.x
        self.y = i
        self.z = -i


def pairs(n):
    out = []
    for i in range(n):
        out.append(Pair(i, str(i)))
    return out


ps = pairs(500)
print(len(ps), vars(ps[0]), vars(ps[-1]), sum(p.left for p in ps))

ms = [Many(i) for i in range(300)]
print(vars(ms[-1]), sum(sum(vars(m).values()) for m in ms))
m = Many(5)
m.extra = "after"
print(list(vars(m))[-3:], m.a10, m.extra)

for i in range(400):
    Meddled(i, 0)
for how in range(4):
    o = Meddled(7, how)
    print(how, vars(o))

# Values and keys must keep their references: fill, drop and refill many instances with
# fresh objects, then read the attributes back (a reference too few would free them early).
for round in range(3):
    kept = [Pair([i], "v%d" % i) for i in range(2000)]
    del kept
kept = [Pair([i, i], "w%d" % i) for i in range(2000)]
junk = [[j] * 3 for j in range(4000)]
print(sum(p.left[1] for p in kept), kept[1234].right, list(vars(kept[5])))
