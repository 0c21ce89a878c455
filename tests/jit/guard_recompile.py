# Tiered on ints, then called with floats: the BINARY_OP guard fails until the code object
# is recompiled with the general path.
def f(a, b):
    return a * b + a


t = 0
for i in range(200):
    t += f(i, 3)
for i in range(200):
    t += f(i + 0.5, 3)
print(t)
