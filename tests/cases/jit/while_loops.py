# Loops whose back edge is a conditional jump (`while cond:` ends in POP_JUMP_BACKWARD_IF_*)
# enter native code mid-loop when the code runs only once.


def logistic(n):
    x = 0.123
    s = 0.0
    i = 0
    while i < n:
        x = 3.7 * x * (1.0 - x)
        s += x
        i += 1
    return round(s / n, 9)


def until_none(n):
    node = (0, None)
    for k in range(1, n):
        node = (k, node)
    total = 0
    while node is not None:
        total += node[0]
        node = node[1]
    return total


def while_not(n):
    done = False
    steps = 0
    while not done:
        steps += 1
        done = steps * steps >= n
    return steps


def walk_until_not_none(values):
    i = 0
    v = values[0]
    while v is None:
        i += 1
        v = values[i]
    return i, v


def overflow_mid_loop():
    x = 1
    count = 0
    while x < 2**70:
        x *= 3
        count += 1
    return count, x


def raises_mid_loop(n):
    i = 0
    try:
        while i < n:
            i += 1
            if i == n - 3:
                raise ValueError(f"stopped at {i}")
    except ValueError as e:
        return str(e)


print(logistic(5000))
print(until_none(3000))
print(while_not(4_000_000))
print(walk_until_not_none([None] * 2500 + [7]))
print(overflow_mid_loop())
print(raises_mid_loop(4000))
i = 0
acc = []
while i < 4000:
    if i % 999 == 0:
        acc.append(i)
    i += 1
print(acc, i)
