import copy, copyreg
class A: pass
a = A(); print(a.__getstate__()); a.x = 1; print(a.__getstate__(), a.__reduce_ex__(4)[0] is copyreg.__newobj__, a.__reduce_ex__(4)[1:], a.__reduce_ex__(1)[1], a.__reduce__()[1])
class S:
    __slots__ = ('a', 'b')
s = S(); s.a = 1; print(s.__getstate__(), s.__reduce_ex__(2)[2])
class L(list): pass
l = L([1]); r = l.__reduce_ex__(4); print(r[1:3], list(r[3]), r[4])
class D(dict): pass
d = D(a=1); r = d.__reduce_ex__(4); print(r[1:4], list(r[4]))
print(object().__reduce_ex__(4)[1:])
try: (x for x in []).__reduce_ex__(4)
except TypeError as e: print(e)
print(int.__reduce_ex__(5, 2)[1], "abc".__reduce_ex__(2)[1])
b = copy.copy(a); print(b.x, b is a, copy.deepcopy(a).x)
class P:
    def __init__(self, v): self.v = [v]
p = P(3); q = copy.deepcopy(p); q.v.append(4); print(p.v, q.v, copy.copy(p).v is p.v)
class N:
    def __getnewargs__(self): return (1, 2)
    def __new__(cls, *a): o = object.__new__(cls); o.args = a; return o
print(copy.copy(N(9, 9)).args)
class R:
    def __reduce__(self): return (R, ())
print(type(copy.copy(R())).__name__, R().__reduce_ex__(3))
print(copy.deepcopy(l), type(copy.deepcopy(l)).__name__, copy.deepcopy(d))
