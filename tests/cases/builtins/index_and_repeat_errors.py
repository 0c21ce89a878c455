for a, b in [({}, 'x'), (set(), 'ab'), (3, 'ab'), (None, 'ab'), ([1], {}), ({}, [1]), (2.5, 'x')]:
    try:
        a *= b
        print(a)
    except TypeError as e:
        print(e)
    try:
        print(a * b)
    except TypeError as e:
        print(e)
for s in ['abc', b'abc', [1], (1,), bytearray(b'x'), range(3)]:
    for k in ['a', 1.5, None, [1], {}, (1,)]:
        try:
            s[k]
        except TypeError as e:
            print(e)
for s in ['abc', b'abc', [1], (1,), bytearray(b'x'), range(3)]:
    try:
        s[10]
    except IndexError as e:
        print(e)
# Past the machine's memory (but within the largest size): MemoryError before anything is
# allocated, also where the allocator would reserve the address space.
for make in (lambda: 'ab' * 2**40, lambda: [None] * 2**38, lambda: (1,) * 2**38,
             lambda: b'xy' * 2**40, lambda: bytearray(b'z') * 2**41):
    try:
        make()
    except MemoryError as e:
        print("MemoryError", repr(e))
s = 'q' * 3
try:
    s *= 2**41
except MemoryError:
    print("MemoryError in place", len(s))
# An empty sequence repeated a huge number of times is empty, at once.
for e in ([], (), '', b'', bytearray()):
    print(repr(e * 2**62), repr(2**62 * e))
    x = e
    x *= 2**62
    print(repr(x))
# A shift whose result does not fit in memory is a MemoryError, as in CPython.
for x, n in [(255, 2**63 - 1), (1, 2**40), (-1, 2**64), (0, 2**70), (5, 3), (-(1 << 70), 2)]:
    try:
        print(x << n)
    except MemoryError as e:
        print('MemoryError', repr(e))
print((1 << 100) >> 2**70, -(1 << 100) >> 2**70)
