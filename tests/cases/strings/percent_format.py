# printf-style % formatting in detail.
print("%s|%r|%a" % ("é", "é", "é"))
print("%d|%i|%5d|%-5d|%05d|%+d|% d" % (7, -7, 7, 7, -7, 7, 7))
print("%x|%X|%#x|%#X|%o|%#o|%08.3f" % (255, 255, 255, 255, 8, 8, 3.14159))
print("%f|%.0f|%.1f|%10.4f|%-10.2f|%+.2f" % (1.5, 2.5, 0.05, 3.14159, 2.0, 1.0))
print("%e|%.2e|%E|%g|%g|%g|%G" % (12345.678, 0.000123, 1e100, 0.0001, 0.00001, 1e16, 1e-20))
print("%c%c%c" % (72, "i", 33), "%%", "%s" % None, "%s" % [1, (2,)], "%r" % {"k": 1})
print("%(name)s is %(age)d years; %(name)r" % {"name": "Bob", "age": 42})
print("%5s|%-5s|%.1s|%5.2s|" % ("abc", "abc", "abc", "abc"))
print("%d %s" % (2 ** 80, 2 ** 80), "%x" % (2 ** 80), "%.3f" % (1 / 3), "%d" % 3.99, "%d" % True)
for v in [0, 1, -1, 0.5, 1e10, float("inf"), float("nan")]:
    print("%s %r %.2f %g" % (v, v, v, v))
try:
    "%z" % 1
except ValueError as e:
    print("ValueError:", e)
try:
    "%(x)s" % {"y": 1}
except KeyError as e:
    print("KeyError:", e)
try:
    "%c" % 1114112
except OverflowError as e:
    print("OverflowError:", e)
