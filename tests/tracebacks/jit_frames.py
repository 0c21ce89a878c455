# An exception raised deep inside hot (compiled) functions: the traceback must name every
# frame and line exactly as the interpreter does, whichever frames ran natively.
def leaf(x, d):
    return x // d


def middle(x, d):
    total = 0
    for i in range(3):
        total += leaf(x + i, d)
    return total


def outer(n):
    acc = 0
    for k in range(n):
        acc += middle(k, 1 if k < n - 1 else 0)
    return acc


for _ in range(50):
    outer(5)
print("warm")
outer(30)
