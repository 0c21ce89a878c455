import itertools as it
from itertools import *
print(list(islice(count(), 5)), list(islice(count(2.5, 0.5), 3)), list(islice(count(1, 2), 0, 10, 3)))
c = count(5); next(c); print(c, repr(count(1, 1.0)), repeat('a', 3), repeat(1))
print(list(islice(cycle('ab'), 5)), list(cycle([])))
print(list(repeat(7, 3)), list(map(pow, range(5), repeat(2))), repeat(1,3).__length_hint__())
print(list(accumulate([1, 2, 3, 4])), list(accumulate([1, 2, 3], initial=10)), list(accumulate([3, 1, 4], max)), list(accumulate([], initial=5)))
print(list(chain('ab', [1, 2], ())), list(chain.from_iterable(['xy', 'z'])))
print(list(compress('ABCDEF', [1, 0, 1, 0, 1, 1])))
print(list(dropwhile(lambda x: x < 5, [1, 4, 6, 4, 1])), list(takewhile(lambda x: x < 5, [1, 4, 6, 4, 1])))
print(list(filterfalse(lambda x: x % 2, range(10))), list(filterfalse(None, [0, 1, '', 'a'])))
print([(k, list(g)) for k, g in groupby('AAAABBBCCDAABBB')])
print([k for k, g in groupby('AAAABBBCCD')], [(k, len(list(g))) for k, g in groupby([1, 1, 2, 3, 3], key=lambda x: x % 2)])
gs = list(groupby('aabbc')); print([(k, list(g)) for k, g in gs])
print(list(islice('ABCDEFG', 2)), list(islice('ABCDEFG', 2, 4)), list(islice('ABCDEFG', 2, None)), list(islice('ABCDEFG', 0, None, 2)))
src = iter(range(10)); print(list(islice(src, 3)), next(src))
print(list(pairwise('ABCDE')), list(pairwise('A')))
print(list(starmap(pow, [(2, 5), (3, 2)])))
a, b = tee(range(5)); print(list(a), list(b)); a, b, c = tee('xyz', 3); next(a); print(list(a), list(b), list(c))
t1, t2 = tee(iter([1,2,3])); print(next(t1), list(t2), list(t1))
print(list(zip_longest('ABCD', 'xy', fillvalue='-')), list(zip_longest()), list(zip_longest([1], [])))
print(list(product('AB', 'xy')), list(product(range(2), repeat=3)), list(product()), list(product('ab', [])))
print(list(permutations('ABC', 2)), list(permutations(range(3))), list(permutations('ab', 3)), list(permutations([], 0)))
print(list(combinations('ABCD', 2)), list(combinations(range(4), 3)), list(combinations('ab', 3)), list(combinations('ab', 0)))
print(list(combinations_with_replacement('ABC', 2)), list(combinations_with_replacement('', 2)), list(combinations_with_replacement('', 0)))
print(len(list(permutations(range(6)))), sum(1 for _ in combinations(range(20), 4)), sum(x[0]*x[1] for x in product(range(50), repeat=2)))
for f, a, k in [(count, ('a',), {}), (repeat, (), {}), (islice, ([], -1), {}), (islice, ([], 1, 2, 0), {}), (islice, ([], 'a'), {}), (combinations, ([],), {}), (combinations, ([], -1), {}), (permutations, ([], -1), {}), (product, (), {'foo': 1}), (chain, (), {'a': 1}), (tee, ([], -1), {}), (accumulate, (), {}), (groupby, (), {}), (pairwise, (), {}), (starmap, (len,), {}), (compress, ([],), {}), (cycle, (), {})]:
    try:
        f(*a, **k); print('ok')
    except Exception as e:
        print(type(e).__name__, e)
print(type(chain()).__module__, type(tee([])[0]).__name__, type(next(groupby([1]))[1]).__name__, count.__name__, chain.__name__)
class MyChain(chain):
    def extra(self): return 'x'
m = MyChain('ab', 'c'); print(list(m), m.extra(), isinstance(m, chain), type(m).__name__)
class C(count):
    def __next__(self): return 42
print(next(C()), next(iter(C())))
print(list(it.islice(it.count(10**20), 2)), list(zip(it.count(), 'ab')))
def gen():
    yield 1; raise ValueError("boom")
try: list(chain(gen()))
except ValueError as e: print("VE", e)
print(sorted(set(it.chain.from_iterable([[3,1],[2]]))))
print(str(type(it.chain('a'))))
