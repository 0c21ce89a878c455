# Ranges whose bounds do not fit in 128 bits (CPython's longrange_iterator).
r = range(1 << 1000)
print(type(iter(r)).__name__, bool(r), (1 << 999) in r, -1 in r)
try:
    len(r)
except OverflowError as e:
    print("OverflowError", e)
s = range(10**40, 10**40 + 10**39 * 3, 10**39)
print(s, len(s), list(s)[:2], s[1], s[-1], s.start, s.step, s.stop == 10**40 + 3 * 10**39)
print(list(reversed(range(2**130, 2**130 + 3))), list(range(2**200, 2**200 - 3, -1))[-1] == 2**200 - 2)
print(range(2**129, 2**129 + 5) == range(2**129, 2**129 + 5), range(2**129) == range(2**130), range(3 * 2**128, 0, -2**128))
try:
    range(2**129, 2**130, 0)
except ValueError as e:
    print("ValueError", e)
try:
    s[3]
except IndexError as e:
    print("IndexError", e)
print(sum(range(2**140, 2**140 + 4)) - 4 * 2**140)
