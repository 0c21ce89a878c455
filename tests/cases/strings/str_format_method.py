# str.format with positional, keyword, index, attribute and spec usage.
print("{} {} {}".format(1, "a", [2]))
print("{0} {1} {0}".format("x", "y"))
print("{a}-{b}".format(a=1, b=2), "{0[1]} {1[k]}".format([5, 6], {"k": "v"}))


class Pt:
    def __init__(self):
        self.x = 3
        self.y = 4


print("{p.x},{p.y}".format(p=Pt()))
print("{:>6}|{:<6}|{:^6}|{:06.2f}|{:,}".format("r", "l", "c", 3.14159, 9876543))
print("{0!r} {0!s} {1!r}".format("q", 1.5))
print("{:{w}.{p}f}|".format(2.71828, w=10, p=2))
print("{{}} {}".format("braces"))
print("{:%Y}".format(type("D", (), {"__format__": lambda self, s: "fmt:" + s})()))
vals = [("apple", 3, 1.5), ("kiwi", 12, 0.25), ("watermelon", 1, 4.0)]
for name, qty, price in vals:
    print("{:<12}{:>4} x {:6.2f} = {:8.2f}".format(name, qty, price, qty * price))
try:
    "{} {}".format(1)
except IndexError as e:
    print("IndexError:", e)
try:
    "{x}".format(y=1)
except KeyError as e:
    print("KeyError:", e)
try:
    "{:d}".format("s")
except ValueError as e:
    print("ValueError:", e)
print("{:s}".format("plain"), "{!r:>8}".format("r"), "{0:b}".format(10), "{:e}".format(0.000123))
print("%s and %r" % ("s", "r"), "%5.1f%%" % 99.55, "%x" % 255, "%03d|%-4d|" % (5, 6), "%s" % ([1, 2],), "%s" % (1,))
try:
    print("%d" % "x")
except TypeError as e:
    print("TypeError:", e)
try:
    print("%s %s" % ("only",))
except TypeError as e:
    print("TypeError:", e)
try:
    print("%s" % (1, 2))
except TypeError as e:
    print("TypeError:", e)
