class M(type):
    def __new__(mcls, name, bases, ns, **kw):
        print("M.__new__", name, sorted(k for k in ns if not k.startswith('__')), kw)
        return super().__new__(mcls, name, bases, ns)
    def __init__(cls, name, bases, ns, **kw):
        print("M.__init__", name)
        super().__init__(name, bases, ns)
    def __call__(cls, *a):
        print("M.__call__", cls.__name__, a)
        return super().__call__(*a)
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        print("prepare", name, kw)
        return {}
    def hello(cls):
        return "hello from " + cls.__name__

class A(metaclass=M, flag=1):
    x = 1
    def __init__(self, v):
        self.v = v

print(type(A), type(A).__name__, A.hello())
a = A(5)
print(a.v, type(a) is A, isinstance(A, M), isinstance(A, type))
class B(A):
    pass
print(type(B))
print(type(int), type(type))
T = type("T", (A,), {"y": 2})
print(T.y, T.x, type(T))
class Base:
    def __init_subclass__(cls, **kw):
        print("init_subclass", cls.__name__, kw)
        super().__init_subclass__()
class C(Base, tag=3): pass
class D:
    def __set_name__(self, owner, name):
        print("set_name", owner.__name__, name)
class E:
    d = D()
class M2(type): pass
try:
    class X(A, metaclass=M2): pass
except TypeError as e:
    print(e)
print(A.__dict__["x"])
print(bool in int.__subclasses__(), Base.__subclasses__())
class P: pass
class Q(P): pass
try:
    class R(P, Q): pass
except TypeError as e:
    print(e)
