# hash() of deterministic values only: ints, floats, tuples of ints, bools, None-free objects.
for v in [0, 1, -1, 10, -10, 2 ** 32, 2 ** 60, 2 ** 61 - 1, 2 ** 61, 2 ** 62, 2 ** 64 + 5, -(2 ** 61)]:
    print(v, hash(v))
for v in [0.5, 1.25, -3.75, 1e-3, 123456.789, 2.0 ** 70, -(2.0 ** 70)]:
    print(v, hash(v))
for v in [(), (1,), (1, 2), (2, 1), ((1,), (2,)), (1, 2, 3, 4, 5), (-1, -2), (0.5, 2)]:
    print(v, hash(v))
print(hash(True), hash(False), hash(1) == hash(True), hash(0.0) == hash(0), hash(-0.0))
print(hash(float("inf")), hash(float("-inf")), hash(2 ** 61 + 1) == hash(2))


class H:
    def __init__(self, v):
        self.v = v

    def __hash__(self):
        return self.v


print(hash(H(42)), hash(H(-1)), hash(H(2 ** 70)), hash(H(-(2 ** 70))))
try:
    hash(H("x"))
except TypeError as e:
    print("TypeError:", e)
