# Attribute loads and stores at hot sites that see several classes whose instances keep the
# attribute in different dict slots; a class gaining a property midway; instances whose
# dicts grow past the small-dict size.
class P:
    def __init__(self, v):
        self.x = v
        self.y = -v


class Q:
    def __init__(self, v):
        self.y = v * 10
        self.x = v + 100


class R:
    def __init__(self, v):
        self.a = 0
        self.b = 1
        self.x = v * 1000


def total(objs):
    s = 0
    for o in objs:
        s += o.x
        o.x = o.x + 1
    return s


objs = [P(1), Q(2), P(3), Q(4), R(5), P(6)]
for _ in range(400):
    t = total(objs)
print(t, [o.x for o in objs])
Q.x = property(lambda self: 42, lambda self, v: None)
print(total(objs), [o.x for o in objs])
for k in range(20):
    setattr(objs[0], f"extra{k}", k)
print(total(objs), objs[0].x, objs[0].extra19)
del Q.x
print(total(objs), [o.x for o in objs])
