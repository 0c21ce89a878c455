# Method calls on instances with many attributes (their dicts' key filters have every bit
# set, so the name is looked up exactly), with some instances shadowing the method with
# an attribute of the same name.
class Wide:
    def __init__(self, k):
        for i in range(40):
            setattr(self, f"a{i}", i * k)

    def total(self):
        return self.a0 + self.a39


def run(objs):
    s = 0
    for o in objs:
        s += o.total()
    return s


objs = [Wide(k) for k in range(5)]
for _ in range(200):
    r = run(objs)
print(r)
objs[2].total = lambda: -1000
for _ in range(50):
    r = run(objs)
print(r)
del objs[2].total
print(run(objs))
