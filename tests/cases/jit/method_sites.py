# LOAD_METHOD sites in hot code: an instance attribute shadowing the method later, the
# class's method replaced, several classes through one site, and dicts with many keys.
class A:
    def f(self, x):
        return x + 1


class B(A):
    def f(self, x):
        return x * 2


class C:
    def f(self, x):
        return -x


def run(objs, n):
    total = 0
    for i in range(n):
        for o in objs:
            total += o.f(i)
    return total


a, b, c = A(), B(), C()
print(run([a], 300), run([a, b], 300), run([a, b, c], 300))
a.f = lambda x: 1000
print(run([a], 300), run([A()], 300))
del a.f
print(run([a], 300))
A.f = lambda self, x: x - 1
print(run([a, A()], 300), run([b], 10))
wide = A()
for k in range(40):
    setattr(wide, f"attr{k}", k)
print(run([wide], 300))
wide.f = lambda x: 7
print(run([wide], 300))


class D:
    def g(self):
        return "method"


d = D()
for name in ["x", "y", "z", "g"]:
    setattr(d, name, name.upper())
print(d.g, run.__name__)
e = D()
print([e.g() for _ in range(200)][-1])
