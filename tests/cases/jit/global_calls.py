# Calls of global functions: the function is not referenced by the call itself while its
# call site's cache holds it. Globals rebound, deleted or replaced during calls, exits
# while the callable waits on the stack, and calls of things that are not functions.
import sys


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def rebinder(n):
    # Rebinds its own name part way down: the frames still running keep working.
    global rebinder
    if n == 5:
        rebinder = lambda k: -1000
    if n <= 0:
        return 0
    return rebinder(n - 1) + 1


def make(k):
    def g(x):
        return x + k
    return g


h = make(1)


def closures(n):
    # The global's only other reference goes when it is rebound.
    global h
    t = 0
    for i in range(n):
        t += h(i)
        if i % 37 == 36:
            h = make(i)
    return t


def square(x):
    return x * x


def overflow(n):
    # The argument's operation leaves the small-int range (an exit) while the callee
    # waits on the stack.
    t = 0
    x = 1
    for i in range(n):
        t += square(x * 3) % 1000
        x = x * 7
    return t


def deleter(n):
    global victim
    out = []
    for i in range(n):
        try:
            out.append(victim(i))
        except NameError as e:
            out.append(str(e))
        if i == 40:
            del victim
        if i == 60:
            victim = square
    return out[35:45], out[-3:]


def victim(x):
    return x - 1


class Point:
    def __init__(self, x):
        self.x = x


def ctors(n):
    t = 0
    for i in range(n):
        t += Point(i).x
    return t


def frame_builtins(n):
    t = 0
    for i in range(n):
        t += len(locals())
    return t


def builtins_called(n):
    t = 0
    for i in range(n):
        t += abs(i - 50) + len("ab" * (i % 3)) + max(i, 7)
    return t


def nested(n):
    t = 0
    for i in range(n):
        t += square(square(i % 10))
    return t


def swap_midway(n):
    global square
    t = 0
    old = square
    for i in range(n):
        t += square(i)
        if i == 70:
            square = lambda x: -x
    square = old
    return t


def raiser(x):
    if x == 77:
        raise ValueError("seventy-seven")
    return x


def catcher(n):
    t = 0
    for i in range(n):
        try:
            t += raiser(i)
        except ValueError as e:
            print("caught", e)
    return t


class Walker:
    def __init__(self):
        self.steps = 0

    def step(self, k):
        # Replaces its own method on the class part way: the call running goes on.
        self.steps += 1
        if k == 30:
            Walker.step = lambda self, k: -1
        return k + 1


def methods(n):
    w = Walker()
    t = 0
    for i in range(n):
        t += w.step(i)
        if i == 60:
            del Walker.step
            try:
                w.step(i)
            except AttributeError as e:
                print("AttributeError", e)
            Walker.step = lambda self, k: k * 2
    return t, w.steps


class Rebinder:
    # Its `**` runs while a call of the global `target` waits for its argument, and
    # rebinds `target`: the function waiting is then held by nothing else.
    def __init__(self, k):
        self.k = k

    def __pow__(self, e):
        global target
        target = make(self.k)
        return self.k

    def __mod__(self, e):
        return self.__pow__(e)


target = make(0)


def pow_args(vals):
    global target
    t = 0
    for v in vals:
        t += target(v ** 2) + target(v % 7.0)
        if isinstance(v, float) and v % 10 == 0:
            target = make(v)
    return t


print(methods(100))
print(pow_args([float(k) for k in range(60)] + [Rebinder(k) for k in range(40)] + [1.5] * 9))
print(fib(18))
for _ in range(3):
    print(rebinder(12))
    rebinder = globals()["rebinder"]
print(closures(400))
print(overflow(60))
print(deleter(100))
print(ctors(300))
print(frame_builtins(200))
print(builtins_called(300))
print(nested(300))
print(swap_midway(200))
print(catcher(200))
print(sys.getrecursionlimit() > 100)
