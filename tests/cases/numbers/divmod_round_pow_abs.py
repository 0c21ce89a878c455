# divmod, round, pow and abs across types.
for a in [17, -17, 17.5, -17.5]:
    for b in [5, -5, 2.5]:
        print(a, b, divmod(a, b))
for v in [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, 2.675, 1.005, 0.125, 0.375, 123.456, -123.456]:
    print(v, round(v), round(v, 1), round(v, 2), round(v, -1))
print(round(5, 1), round(15, -1), round(25, -1), round(-35, -1), round(0, 3))
print(pow(2, 8), pow(2.0, 8), pow(2, -2), pow(-2, 3), pow(2, 0.5), pow(0, 0), pow(0.0, 0))
print(pow(10, 20, 7), pow(-10, 3, 7), pow(10, 3, -7), pow(3, -2, 11), pow(12345678901234567890, 3, 97))
try:
    pow(2, 3, 0)
except ValueError as e:
    print("ValueError:", e)
try:
    pow(2.0, 3, 5)
except TypeError as e:
    print("TypeError:", e)
try:
    pow(2, -1, 4)
except ValueError as e:
    print("ValueError:", e)
print(abs(-3), abs(3), abs(-3.5), abs(-0.0), abs(3 - 4j), abs(-(2 ** 80)), abs(True), abs(float("-inf")))


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __abs__(self):
        return Money(abs(self.cents))

    def __round__(self, nd=None):
        return "rounded %d with %r" % (self.cents, nd)

    def __repr__(self):
        return "Money(%d)" % self.cents


print(abs(Money(-150)), round(Money(7)), round(Money(7), 2))
