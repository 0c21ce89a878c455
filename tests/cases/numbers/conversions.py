# int()/float()/complex()/str() conversions and their errors.
print(int("42"), int("-0"), int("+17"), int(" 0010 "), int("1010", 2), int("ff", 16), int("FF", 16))
print(int("777", 8), int("zz", 36), int("0x10", 16), int("0b101", 0), int("10", 0), int(-7.9), int(7.9))
print(float("1"), float("-2.5e-3"), float("  1e2"), float("nan") != float("nan"), float("-inf"))
print(str(1), str(-1.0), str(1e-10), str(2 ** 70), str(1 + 0j), str(True), str(None))
print(complex("1"), complex("-2j"), complex(" 1.5-2.5j "), complex(1.5), complex(0, -0.0))
print(int(3.0), int(-0.0), int(2.5e15), float(2 ** 53), float(2 ** 53 + 1), float(-(2 ** 63)))
print(bool("False"), bool(0.0), int(False), float(True), str(0.0), repr(-0.0))
print(round(float("2.5")), int(float("1e3")), float(int("12345678901234567890")))
print(chr(65), ord("A"), chr(0x263A), ord("\u00e9"), chr(128512) == "\U0001F600", ord("\n"))
print(hex(255), oct(8), bin(5), hex(-1), int(hex(12345), 16), int(bin(-77), 2), int(oct(64), 8))
bad = ["", " ", "1.5", "0x", "1e3", "12_", "_1", "1__0", "abc", "--1", "0b2"]
for s in bad:
    try:
        print(repr(s), int(s))
    except ValueError as e:
        print("ValueError:", e)
for s in ["", "1.2.3", "e5", "inf1", "1e", "0x10"]:
    try:
        print(repr(s), float(s))
    except ValueError as e:
        print("ValueError:", e)
for args in [("10", 1), ("10", 37), (10, 10)]:
    try:
        print(int(*args))
    except (ValueError, TypeError) as e:
        print(type(e).__name__ + ":", e)
try:
    complex("1+")
except ValueError as e:
    print("ValueError:", e)
try:
    int(None)
except TypeError as e:
    print("TypeError:", e)
try:
    float([])
except TypeError as e:
    print("TypeError:", e)


class HasIndex:
    def __index__(self):
        return 7


class HasInt:
    def __int__(self):
        return 9

    def __float__(self):
        return 2.5


print(int(HasInt()), float(HasInt()), hex(HasIndex()), bin(HasIndex()), [0, 1, 2, 3, 4, 5, 6, 7][HasIndex()])
