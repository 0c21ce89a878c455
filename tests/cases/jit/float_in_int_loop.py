# A function tiered up on ints later sees floats, bools and big ints: guards fail, the
# interpreter finishes those calls, and the code is recompiled with the general path.
def poly(a, b):
    return a * a + 3 * a * b - b // 2 + (a < b)


total = 0
for i in range(300):
    total += poly(i, i + 1)
print(total)
ftotal = 0.0
for i in range(300):
    ftotal += poly(i + 0.5, 2.25)
print(ftotal)
print(poly(True, False), poly(10 ** 20, 3), poly(-7, 2.5))


def mix(xs):
    s = 0
    for x in xs:
        s = s + x
    return s


print(mix(range(100)), mix([1, 2.5, 3]), mix([2 ** 60, 2 ** 60]), mix([0.1] * 10))
print(mix([1, 2]) == 3, 1 / 3, 7 / 2, 2 ** -1, 0.1 + 0.2, float("inf") - float("inf"))
