# chr, ord, hex, oct, bin, bool, str, repr, int with bases.
print([chr(i) for i in range(65, 75)], [ord(c) for c in "Hello"])
print(chr(0x1F600), ord("€"), chr(233), repr(chr(0)), repr(chr(127)), repr(chr(160)), chr(10) == "\n")
for n in [0, 1, 7, 8, 255, 256, -1, -255, 2 ** 40, -(2 ** 40)]:
    print(n, hex(n), oct(n), bin(n), int(hex(n), 16), int(oct(n), 8), int(bin(n), 2))
print(bool(), bool(0), bool(""), bool("0"), bool([]), bool([[]]), bool(None), bool(0.0), bool(-1))
print(str(), str(12), str(1.0), str([1, "a"]), str(b"x"), str("s"), repr("s"), repr(12), repr([None]))
print(int(), float(), list(), tuple(), dict(), set(), frozenset(), complex(), str(), bytes())
print(int("0x1A", 16), int("1A", 16), int("0o17", 8), int("17", 8), int("0b1", 2), int("Z", 36), int("10", 3))
try:
    chr(0x110000)
except ValueError as e:
    print("ValueError:", e)
try:
    ord("")
except TypeError as e:
    print("TypeError:", e)
try:
    hex(1.5)
except TypeError as e:
    print("TypeError:", e)
print(format(10, "b"), format(10, "o"), format(10, "x"), "{:#b}".format(10))
print(list(map(chr, range(0x3B1, 0x3B6))), "".join(chr(ord(c) + 1) for c in "HAL"))
