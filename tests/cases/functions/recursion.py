# Recursive functions: factorial, fibonacci, permutations, hanoi, ackermann, mutual recursion.
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


print([fact(i) for i in range(12)], fact(50))


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print([fib(i) for i in range(20)])


def perms(xs):
    if len(xs) <= 1:
        return [xs]
    out = []
    for i in range(len(xs)):
        for p in perms(xs[:i] + xs[i + 1:]):
            out.append([xs[i]] + p)
    return out


print(perms([1, 2, 3]), len(perms(list(range(5)))))
moves = []


def hanoi(n, src, dst, via):
    if n == 0:
        return
    hanoi(n - 1, src, via, dst)
    moves.append((src, dst))
    hanoi(n - 1, via, dst, src)


hanoi(4, "A", "C", "B")
print(len(moves), moves[:7])


def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


print([ackermann(2, n) for n in range(5)], ackermann(3, 3))


def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


print([is_even(i) for i in range(7)], is_odd(301))


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


print(depth(900))


def flatten(x):
    if isinstance(x, list):
        return [y for item in x for y in flatten(item)]
    return [x]


print(flatten([1, [2, [3, [4, [5]]], 6], [[7]]]))


def power_set(s):
    if not s:
        return [[]]
    rest = power_set(s[1:])
    return rest + [[s[0]] + r for r in rest]


print(power_set([1, 2, 3]))
