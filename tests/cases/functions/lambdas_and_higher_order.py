# lambdas, functions as values, map/filter/sorted with functions, decorators with args.
square = lambda x: x * x
add = lambda a, b=10: a + b
print(square(7), add(1), add(1, 2), (lambda: "no args")(), (lambda *a, **k: (a, k))(1, x=2))
print(list(map(square, range(6))), list(map(add, [1, 2], [3, 4])), list(filter(lambda v: v % 3, range(10))))
ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b}
for sym in "+-*/":
    print(sym, ops[sym](12, 4))


def apply_n(f, n, x):
    for _ in range(n):
        x = f(x)
    return x


print(apply_n(lambda v: v * 2, 10, 1), apply_n(str.strip, 1, "  s  "))


def repeat(times):
    def deco(fn):
        def wrapper(*args, **kwargs):
            return [fn(*args, **kwargs) for _ in range(times)]

        wrapper.__name__ = fn.__name__
        return wrapper

    return deco


@repeat(3)
def greet(name, punct="!"):
    return "hi " + name + punct


print(greet("bob"), greet("amy", punct="?"), greet.__name__)


def trace(fn):
    def wrapped(*a):
        print("call", fn.__name__, a)
        r = fn(*a)
        print("ret", r)
        return r

    return wrapped


@trace
@trace
def mul(a, b):
    return a * b


print(mul(6, 7))
print(square.__name__, (lambda: 0).__name__, callable(square), callable(5))
key_funcs = [len, str.lower, lambda s: s[-1]]
words = ["Bb", "a", "CCC"]
for kf in key_funcs:
    print(sorted(words, key=kf))
