T = type("T", (), {"a": 1})
print(T.__module__, T.__qualname__, T.a, type(T))
class NS(dict):
    def __setitem__(self, k, v):
        print("set", k)
        super().__setitem__(k, v)
class M(type):
    @classmethod
    def __prepare__(mcls, name, bases):
        return NS()
    def __new__(mcls, name, bases, ns):
        print(type(ns).__name__, sorted(ns))
        return super().__new__(mcls, name, bases, dict(ns))
class A(metaclass=M):
    x = 1
    y = x + 1
    del x
print(A.y, hasattr(A, 'x'))
class Meta(type):
    def __instancecheck__(cls, inst):
        return inst == 42
    def __subclasscheck__(cls, sub):
        return sub is int
class Q(metaclass=Meta): pass
print(isinstance(42, Q), isinstance(41, Q), issubclass(int, Q), issubclass(str, Q))
class G:
    def __class_getitem__(cls, item):
        return (cls.__name__, item)
print(G[int])
class Base:
    def __init_subclass__(cls, /, flag=None, **kw):
        super().__init_subclass__(**kw)
        cls.flag = flag
class S(Base, flag="on"): pass
print(S.flag)
try:
    class Bad(Base, nope=1): pass
except TypeError as e:
    print(e)
class P: pass
class Q2(P): pass
class X: pass
class Y: pass
x = X()
x.__class__ = Y
print(type(x).__name__)
try:
    x.__class__ = int
except TypeError as e:
    print(e)
try:
    (1).__class__ = X
except TypeError as e:
    print(e)
class Slotted:
    __slots__ = ('a',)
try:
    x.__class__ = Slotted
except TypeError as e:
    print(e)
try:
    class B(bool): pass
except TypeError as e:
    print(e)
class Entries:
    def __mro_entries__(self, bases):
        return (P,)
class Z(Entries()): pass
print(Z.__bases__, Z.__orig_bases__[0].__class__.__name__)
class Ctr:
    def __set_name__(self, owner, name):
        self.name = name
class H:
    a = Ctr()
    b = Ctr()
print(H.a.name, H.b.name)
def deco(cls):
    return cls
@deco
class WithSuper:
    def m(self):
        return __class__.__name__
print(WithSuper().m())
print(P.__subclasses__())
print(type.__call__(P).__class__.__name__)
class Singleton(type):
    _inst = {}
    def __call__(cls, *a, **k):
        if cls not in cls._inst:
            cls._inst[cls] = super().__call__(*a, **k)
        return cls._inst[cls]
class One(metaclass=Singleton):
    def __init__(self): print("init once")
print(One() is One())
print(M.__mro__, type(M), M.__class__)
class AutoProp(type):
    def __new__(mcls, name, bases, ns):
        for k in list(ns):
            if k.startswith('get_'):
                ns[k[4:]] = property(ns[k])
        return super().__new__(mcls, name, bases, ns)
class W(metaclass=AutoProp):
    def get_v(self): return 7
print(W().v)
