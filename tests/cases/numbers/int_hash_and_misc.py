# Deterministic numeric hashing and equality-consistent hashing across types.
for v in [0, 1, -1, -2, 12345, 2 ** 31, 2 ** 61 - 2, 2 ** 61 - 1, 2 ** 64, -(2 ** 64), 10 ** 20]:
    print(v, hash(v))
for v in [0.0, -0.0, 1.0, 1.5, -1.5, 0.1, 1e10, 1e100, 2.0 ** 61]:
    print(v, hash(v))
print(hash(1) == hash(1.0) == hash(True), hash(2 ** 61 - 1) == hash(0) == hash(0.0))
print(hash((1, 2)), hash((1, 2, 3)), hash(()), hash((0,)), hash(((1, 2), 3)), hash((1.0, True)))
print(hash((-1,)), hash((1, (2, (3, (4,))))))
print(hash(1 + 0j) == hash(1), hash(complex(0, 1)), hash(frozenset()) == hash(frozenset()), hash(None) == hash(None))
d = {1: "int", 1.0: "float", True: "bool"}
print(d, len(d))
s = {0, 0.0, False, -0.0}
print(s, len(s))
try:
    hash([1])
except TypeError as e:
    print("TypeError:", e)
try:
    hash({})
except TypeError as e:
    print("TypeError:", e)
try:
    hash((1, [2]))
except TypeError as e:
    print("TypeError:", e)
