# Float arithmetic details: floor/mod with signs, int conversion, comparisons with ints.
xs = [5.5, -5.5, 0.0, -0.0, 1e-300, 1e300, 3.0]
for x in xs:
    print(x, x // 2, x % 2, x // -2, x % -2, -x, x * x, x / 3)
print(0.1 + 0.7, 0.7 + 0.1 == 0.8, 1.0 - 0.9, 1 / 3 * 3, 4.35 * 100, 0.57 * 100)
print(sum([0.1] * 10), sum([0.1] * 10) == 1.0, 1e-16 + 1 == 1, 1e-15 + 1 == 1)
print(float(2 ** 63) == 2 ** 63, float(2 ** 63) == 2 ** 63 + 1, 2 ** 63 + 1 > float(2 ** 63))
print(1.5 < 2, 2 < 1.5, 3 == 3.0, -0.0 < 0, 1e308 * 10 > 10 ** 308, float("nan") < 1)
print(max(0.0, -0.0), min(0.0, -0.0), max(-0.0, 0.0), sorted([2.5, -1, 0, 1e-3, -1e-3]))
print(int(1e18), int(1.9999999999999999), int(-1e-20), 2.0 ** 62 == 2 ** 62)
vals = [1.0, 10.0, 0.001, 1234.5, 1e21, 1e-3 / 3]
for v in vals:
    print(v, str(v), "%s" % v, "%r" % v, "{}".format(v))
acc = 0.0
for i in range(1, 50):
    acc += 1.0 / (i * i)
print(acc)
x = 1.0
for _ in range(60):
    x /= 2
print(x, x * 2 ** 60)
