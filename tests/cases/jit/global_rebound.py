# Globals read through inline caches: rebinding, deleting and shadowing builtins must be seen.
scale = 2


def scaled(n):
    t = 0
    for i in range(n):
        t += i * scale
    return t


print(scaled(100))
scale = 3
print(scaled(100))
scale = 0.5
print(scaled(100))


def count(xs):
    return len(xs)


print(count([1, 2, 3]))
len = lambda xs: 42  # shadow the builtin with a global
print(count([1, 2, 3]))
del len
print(count([1, 2, 3]))


def helper(x):
    return x + 1


def use(n):
    return [helper(i) for i in range(n)][-1]


print(use(50))


def helper(x):  # rebinding the called function
    return x * 100


print(use(50))
