# Locals on the value stack (borrowed by native code) carried across conditional branches:
# an augmented attribute assignment whose right side is a conditional expression, `and` /
# `or` chains over locals, and a local rebound on one path.
class V:
    def __init__(self, x):
        self.x = x


def bump(self, o):
    self.x += o.x if o else 1
    return self


a = V(0)
for i in range(50):
    bump(a, V(i) if i % 3 else None)
print(a.x)


def pick(p, q, r):
    out = []
    for k in range(40):
        out.append(p and q or r)
        out.append((p or q) and r)
        if k % 2:
            p, q = q, p
    return out[-4:], len(out)


for _ in range(30):
    res = pick([1], [], [2, 3])
print(res)


def rebinding(items):
    best = items[0]
    for it in items:
        best = it if len(it) > len(best) else best
    return best


for _ in range(30):
    r = rebinding([[1], [1, 2, 3], [4, 5], [6, 7, 8, 9]])
print(r)
