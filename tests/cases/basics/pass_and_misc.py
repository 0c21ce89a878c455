# pass, multiple statements, semicolons, line continuation, constants and literals.
def nothing():
    pass


class Empty:
    pass


print(nothing(), Empty.__name__)
a = 1; b = 2; c = a + b
print(a, b, c)
total = 1 + \
    2 + \
    3
print(total)
long_list = [
    1, 2,
    3,
]
print(long_list)
print(0x1F, 0o17, 0b1011, 1_000_000, 0x_FF, 1_0.5, 1e3, 1E-2, .5, 5.)
print(3j, 1 + 2j, 'single', "double", '''triple
quoted''', """another""")
print("implicit" " concat" ' works')
print(r"raw\n string", b"bytes", rb"raw\bytes")
print("escapes: \t|\\|\'|\"|\x41|\u00e9|\N{GREEK SMALL LETTER ALPHA}|\101")
print(..., Ellipsis is ..., None, True, False, NotImplemented)
x = [1, 2, 3][1]
y = {"a": 1}["a"]
z = (1, 2, 3)[-1]
print(x, y, z)
print(type(None).__name__, type(...).__name__, type(NotImplemented).__name__)
print(__name__)
if True: print("one-line if")
for i in range(2): print("one-line for", i)
