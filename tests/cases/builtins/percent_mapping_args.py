for fmt, arg in [('a', []), ('a', [1]), ('a', {}), ('a', b'x'), ('a', 'x'), ('a', ()), ('a', (1,)), ('%s', [1]), ('a', range(3)), ('a', 5)]:
    try:
        print(repr(fmt % arg))
    except Exception as e:
        print(type(e).__name__, e)
class M:
    def __getitem__(self, k): return k * 2
print('%(ab)s-%(c)r' % M())
for fmt, arg in [(b'a', 'x'), (b'a', b'x'), (b'a', [1]), (b'%(k)s', {b'k': b'v'})]:
    try:
        print(repr(fmt % arg))
    except Exception as e:
        print(type(e).__name__, e)
try:
    print('%(a)s' % [1])
except Exception as e:
    print(type(e).__name__, e)
