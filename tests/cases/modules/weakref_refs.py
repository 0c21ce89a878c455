import weakref, _weakref
class A: pass
a=A()
r=weakref.ref(a)
print(type(r), type(r).__name__, type(r).__module__, weakref.ref.__name__)
print(weakref.ref(a) is r, weakref.ref(a, lambda x: 0) is r, r() is a)
p=weakref.proxy(a); print(type(p), type(weakref.proxy(len)))
for o in [1, "s", (1,), [1], {}, set(), len, A, (x for x in []), object(), 1.5, None]:
    try: weakref.ref(o); print("ok", type(o).__name__)
    except TypeError as e: print(e)
class I(int): pass
class L(list): pass
class T(tuple): pass
class S(str): pass
for o in [I(1), L(), T(), S()]:
    try: weakref.ref(o); print("ok", type(o).__name__)
    except TypeError as e: print(e)
del a
print(repr(r)[-6:], r())
try: hash(r)
except TypeError as e: print(e)
b=A(); r2=weakref.ref(b); print(hash(r2)==hash(b)); del b; print(hash(r2) is not None)
print(r == r, r2 == r, r != r2)
try: weakref.ref()
except TypeError as e: print(e)
try: weakref.ref(1,2,3)
except TypeError as e: print(e)
c=A(); print(_weakref.getweakrefcount(c), _weakref.getweakrefs(c)); r3=weakref.ref(c); print(_weakref.getweakrefcount(c), _weakref.getweakrefs(c)==[r3], r3.__callback__)
class M:
  def __init__(s): s.x=5
  def __add__(s,o): return 42
  def __radd__(s,o): return 43
  def __len__(s): return 3
  def __str__(s): return "M!"
m=M(); pm=weakref.proxy(m); print(pm.x, pm+1, 1+pm, len(pm), str(pm), bool(pm)); pm.y = 7; print(m.y)
del m
try: pm.x
except ReferenceError as e: print("RefErr", e)
s={1}; ps=weakref.proxy(s)
print(ps == {1}, 1 in ps, list(ps), len(ps))
try: hash(ps)
except TypeError as e: print(e)
class B:
    pass
b=B()
weakref.ref(b, lambda r: print("cb1"))
r1=weakref.ref(b, lambda r: print("cb2", r() is None)); r2=weakref.ref(b, lambda r: print("cb3"))
print(weakref.getweakrefcount(b))
del b
print("after")
def f(): pass
print(type(weakref.proxy(f)).__name__, weakref.proxy(f)() )
class KR(weakref.ref):
    __slots__ = ("key",)
    def __new__(cls, ob, cb, key):
        self = super().__new__(cls, ob, cb)
        self.key = key
        return self
    def __init__(self, ob, cb, key):
        super().__init__(ob, cb)
o=A()
k=KR(o, lambda w: print("keyed", w.key, type(w).__name__), "K1")
print(k() is o, k.key, isinstance(k, weakref.ref), weakref.getweakrefs(o)[0] is k)
del o
print("end")
ws = weakref.WeakValueDictionary()
class V: pass
vs=[V() for i in range(5)]
for i,v in enumerate(vs): ws[i]=v
print(len(ws), sorted(ws.keys()))
del vs[1:3]
print(len(ws), sorted(ws.keys()))
wk = weakref.WeakKeyDictionary()
ks=[V() for i in range(3)]
for i,k in enumerate(ks): wk[k]=i
del ks[0]
print(sorted(wk.values()))
st = weakref.WeakSet(vs)
print(len(st)); vs.pop(); print(len(st))
fin = weakref.finalize(V(), print, "finalized")
print("fin done", fin.alive)
class C:
    def m(self): return 1
c=C(); wm=weakref.WeakMethod(c.m); print(wm()()); del c; print(wm())
