# repr/str of floats: shortest round-trip, exponents, special values.
vals = [0.1 + 0.2, 0.1, 1 / 3, 2 / 3, 1e16, 1e15, 123456789012345678.0, 1e-5, 1e-4, 0.0001234,
        1e22, 1e23, 5e-324, 1.7976931348623157e308, 2.5, 100.0, -0.0, 0.0, 1.0, -1.5, 3.14159,
        1e100, 12345.6789, 0.3, 9007199254740993.0, 4.35, 1 / 7, 2 ** 0.5, 1e300 * 10]
for v in vals:
    print(repr(v), str(v), v)
inf = float("inf")
nan = float("nan")
print(inf, -inf, nan, repr(inf), repr(-inf), repr(nan), [inf, nan, -0.0])
print(inf + 1, inf - inf, inf * 0, -inf * -1, 1 / inf, -1 / inf)
print(float("1e500"), float("-1e500"), float("infinity"), float("-Inf"), float("NaN"))
print(float(" 1.5 "), float("1_000.5"), float("3"), float(".5e1"), float("-0"))
print(1.0 * 3, 7.0 / 2, 7.0 // 2, 7.0 % 2, -7.0 // 2, -7.0 % 2, 7.5 % -2, -0.0 % 5)
print(2.0 ** 10, 2.0 ** -1, 10.0 ** 20, 10.0 ** -20, 0.5 ** 1000, (-8.0) ** (1 / 3) == (-8.0) ** (1 / 3))
print(1e16 + 1, 1e16 + 2, 0.1 * 3, 1.1 * 1.1, 100 * 1.1, 3 * 0.1 == 0.3)
print(float.hex(1.0), float.hex(0.1), float.fromhex("0x1.8p1"), (0.5).as_integer_ratio(), (0.1).as_integer_ratio())
print((2.0).is_integer(), (2.5).is_integer(), hash(1.0), hash(0.5), hash(-2.0), hash(1e20), hash(inf), hash(-inf))
print(format(1e16, ""), str(1e-7), repr(1e-7), str(123e-10), 1e7, 1e17, 1.5e-6)
print(round(0.1 + 0.2, 10), round(2.675, 2), round(-0.5), round(0.5), round(1.5), round(2.5))
print(type(round(2.5)).__name__, type(round(2.5, 0)).__name__, round(2.5, 0), round(1234.5678, -2))
