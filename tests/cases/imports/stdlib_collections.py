import collections, functools, copy, heapq, bisect, abc
from collections import Counter, OrderedDict, ChainMap, namedtuple, UserDict, UserList
P = namedtuple('P', 'x y')
p = P(1, 2); print(p, p.x + p.y, p._replace(x=5), p._asdict(), P._fields, P(*range(2)))
c = Counter('abracadabra'); print(c.most_common(3), c['a'], c['z'], sorted(c.elements())[:4])
c2 = Counter(a=1, b=2); print(c + c2, c - c2 if False else '', (c & c2), sorted((c | c2).items()))
od = OrderedDict(); od['b'] = 1; od['a'] = 2; od.move_to_end('b'); print(od, list(od), od.popitem(last=False))
cm = ChainMap({'a': 1}, {'a': 2, 'b': 3}); print(cm['a'], cm['b'], len(cm), sorted(cm))
ud = UserDict(x=1); ud['y'] = 2; print(sorted(ud.items()))
@functools.lru_cache(maxsize=None)
def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(80), fib.cache_info())
print(functools.reduce(lambda a, b: a * b, range(1, 10)), functools.partial(pow, 2)(10))
@functools.total_ordering
class V:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return self.v == o.v
    def __lt__(self, o): return self.v < o.v
print(V(1) <= V(2), V(3) >= V(2), sorted([V(3), V(1)], key=functools.cmp_to_key(lambda a, b: a.v - b.v))[0].v)
class Base(abc.ABC):
    @abc.abstractmethod
    def f(self): ...
try: Base()
except TypeError as e: print(e)
class D(Base):
    def f(self): return 1
print(D().f(), isinstance(D(), Base), issubclass(D, Base))
x = {'a': [1, 2, {'b': 3}]}; y = copy.deepcopy(x); y['a'][2]['b'] = 4; print(x, y, copy.copy([1, [2]]))
h = [5, 1, 4]; heapq.heapify(h); print(heapq.heappop(h), heapq.nsmallest(2, [9, 3, 7, 1]), bisect.bisect([1, 3, 5], 4))
@functools.wraps(fib)
def w(): pass
print(w.__name__, functools.cache(lambda x: x * 2)(4))
class CP:
    @functools.cached_property
    def v(self): print("computing"); return 9
cp = CP(); print(cp.v, cp.v)
od = OrderedDict.fromkeys('abcde'); od.move_to_end('b'); od.move_to_end('e', last=False); print(list(od), od.popitem())
