# Integer arithmetic: floor division and modulo with signs, power, unary ops.
pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 5), (6, 3), (1, 7), (-1, 7)]
for a, b in pairs:
    print(a, b, "| + ", a + b, " - ", a - b, " * ", a * b, " // ", a // b, " % ", a % b, " / ", a / b)
print(2 ** 10, 2 ** 0, 0 ** 0, (-2) ** 3, (-2) ** 4, -2 ** 2, 2 ** -1, 2 ** -2, (-2) ** -3)
print(10 ** 2 ** 2, (10 ** 2) ** 2)
print(-(-5), +5, -0, abs(-12), abs(0))
print(17 // 5 * 5 + 17 % 5, -17 // 5 * 5 + -17 % 5)
print(1 + 2 * 3 - 4 // 2 % 3, (1 + 2) * (3 - 4) // 2)
print(int.__name__, type(5 // 2).__name__, type(5 / 1).__name__, type(2 ** -1).__name__)
x = 0
for i in range(1, 101):
    x += i * (-1) ** i
print("alternating sum", x)
print(divmod(17, 5), divmod(-17, 5), divmod(17, -5), divmod(-17, -5), divmod(0, 3))
print(pow(2, 10), pow(2, 100, 1000), pow(3, 4, 5), pow(-3, 3, 7), pow(7, -1, 13), pow(5, 0, 1))
print(round(7), round(-7), round(1234, -2), round(1250, -2), round(1350, -2), round(-1250, -2))
print((5).bit_length(), (-5).bit_length(), (0).bit_length(), (255).bit_length(), (256).bit_length())
print((10).bit_count(), (-1).bit_count(), (7).conjugate(), (7).real, (7).imag, (7).numerator, (7).denominator)
print((100).to_bytes(2, "big"), int.from_bytes(b"\x01\x00", "big"), int.from_bytes(b"\x01\x00", "little"))
print((-1).to_bytes(2, "big", signed=True), int.from_bytes(b"\xff\xfe", "big", signed=True))
print(True + 1, 3 * False, 7 // True)
