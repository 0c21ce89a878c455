import collections
from collections import deque, defaultdict, Counter, namedtuple
d=defaultdict(list); d[1].append(2); print(d, repr(defaultdict()), type(d).__module__, defaultdict.__mro__)
print(d.default_factory, hasattr(d,'__dict__'))
dq=deque([1,2,3], maxlen=5); print(dq, repr(deque()), dq.maxlen, deque.__module__, type(iter(dq)).__name__)
try: hash(dq)
except TypeError as e: print(e)
class S(defaultdict): pass
s=S(int); print(hasattr(s,'__dict__'), s)
try: defaultdict(5)
except TypeError as e: print(e)
d2=defaultdict(int, {'a':1}, b=2); print(d2, d2.copy(), type(d2.copy()), d2 | {'c':3}, {'z':0} | d2)
print(deque('abc')[1], list(reversed(deque('abc'))))
dq=deque(range(5)); dq.rotate(2); print(dq); dq.rotate(-3); print(dq)
it=iter(dq); dq.append(1)
try: next(it)
except RuntimeError as e: print(e)
for f in [lambda: deque().pop(), lambda: deque().popleft(), lambda: deque([1]).remove(2), lambda: deque([1]).index(2), lambda: deque([1], maxlen=1).insert(0, 2), lambda: deque([])[0], lambda: deque(maxlen=-1), lambda: deque([1]) + [2], lambda: deque()['a']]:
    try: f()
    except (IndexError, ValueError, TypeError) as e: print(type(e).__name__, e)
print(deque([1,2]) + deque([3]), deque([1])*3, deque([1,2]) == deque([1,2]), deque([1]) < deque([2]), deque([1]) == [1])
q = deque(maxlen=3)
for i in range(6): q.append(i)
print(q, len(q), 4 in q, 0 in q, q.count(4), q.index(5)); q.appendleft(9); print(q); q.extendleft([7, 8]); print(q)
q.extend(q); print(q); q.clear(); print(q, bool(q))
w = deque('abcde'); del w[1]; w[0] = 'z'; w.insert(-1, 'y'); w.remove('c'); w.reverse(); print(w, w.copy(), list(w))
w += 'xy'; print(w); w *= 2; print(w)
import copy; print(copy.copy(w), copy.deepcopy(deque([[1]], maxlen=4)))
c = Counter('mississippi'); print(c.most_common(2), sorted(c.items()))
P = namedtuple('P', 'x y'); p = P(3, 4); print(p.x, p.y, P.x, p)
try: p.x = 5
except AttributeError as e: print(e)
class D2(deque):
    def peek(self): return self[-1]
d3 = D2([1, 2]); print(d3.peek(), d3, type(d3).__name__, isinstance(d3, deque))
dd = defaultdict(lambda: 'dflt'); print(dd['k'], dict(dd), 'k' in dd)
dd2 = defaultdict(None); 
try: dd2['x']
except KeyError as e: print("KeyError", e)
nested = defaultdict(lambda: defaultdict(int)); nested['a']['b'] += 1; print(nested['a']['b'], len(nested))
print(sorted(collections.OrderedDict.fromkeys('cab')), collections.ChainMap({'a': 1}, {'b': 2})['b'])
