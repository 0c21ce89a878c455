b = 'a'
x = (b != -0.0)
print(x | True, x & False, x ^ True, True | True, False | False, True & 1, 1 | True, x | 2)
t = True
t |= False
print(t)
t &= True
print(t, type(t).__name__)
t ^= True
print(t, type(t).__name__)
def f(p, q):
    return (p | q, p & q, p ^ q)
for i in range(3000):
    r = f(i % 2 == 0, i % 3 == 0)
print(r, f(True, False), f(1, True))
