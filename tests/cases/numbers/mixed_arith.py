# Mixed int/float/complex/bool arithmetic and promotion.
print(1 + 2.0, 3 - 0.5, 2 * 1.5, 7 / 2, 8 / 2, 7 // 2.0, 7 % 2.5, 2 ** 0.5, 4 ** 0.5)
print(type(1 + 2.0).__name__, type(True + 1.0).__name__, type(2 ** 2).__name__, type(1 + 1j).__name__)
print(10 ** 20 + 0.5, 10 ** 20 * 1.0, (10 ** 20) / 7, 2 ** 1000 / 2 ** 999)
print(-7 // 2.0, -7 % 2.0, 7 // -2.5, divmod(7.5, 2), divmod(-7.5, 2), divmod(7, 0.5))
c = 3 + 4j
print(c, abs(c), c.real, c.imag, c.conjugate(), c * 2, c * c, c / 2, c + 1.5, c - 1j)
print(1j * 1j, (1 + 2j) * (3 - 1j), (1 + 2j) / (3 - 1j), complex(1, 2), complex("3+4j"), complex(2))
print(repr(1j), repr(-1j), repr(complex(0, 0)), repr(complex(-0.0, -0.0)), repr(complex(1.5, -2.25)))
print((1 + 1j) ** 2, 2 ** (1j) == 2 ** (1j), (2 + 0j) == 2, 1j == 1j)
print(0.1 + 0.2 == 0.3, abs((0.1 + 0.2) - 0.3) < 1e-9)
print(3 * "ab" if True else None, [0] * 3, 2 * (1, 2))
print(int(3.99), int(-3.99), int(1e10), float(3), float(-0), int("0x1f", 16), int("z", 36), int("-101", 2))
print(int("0o17", 0), int("0b11", 0), int("  7  "), int(True), float(True), complex(True))
try:
    print(1 / 0.0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    print(5 % 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    print(5.0 // 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    print(0 ** -1)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    print(2.0 ** 10000)
except OverflowError as e:
    print("OverflowError:", e)
try:
    print(float(10 ** 400))
except OverflowError as e:
    print("OverflowError:", e)
try:
    print(int(float("inf")))
except OverflowError as e:
    print("OverflowError:", e)
try:
    print(int(float("nan")))
except ValueError as e:
    print("ValueError:", e)
try:
    print(int("12a"))
except ValueError as e:
    print("ValueError:", e)
try:
    print(float("abc"))
except ValueError as e:
    print("ValueError:", e)
print((-8) ** 0.5 == complex(0, 8 ** 0.5) or (-8) ** 0.5)
