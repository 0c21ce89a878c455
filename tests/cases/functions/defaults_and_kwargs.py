# Default arguments, keyword arguments, keyword-only, positional-only, *args, **kwargs.
def f(a, b=2, *args, c, d=4, **kw):
    return f"a={a} b={b} args={args} c={c} d={d} kw={kw}"


print(f(1, c=3))
print(f(1, 5, 6, 7, c=8, e=9, d=0))
print(f(c=1, a=2))
print(f(*[1, 2, 3], **{"c": 4, "z": 5}))


def pos_only(x, y, /, z=0, *, w=1):
    return x, y, z, w


print(pos_only(1, 2), pos_only(1, 2, 3), pos_only(1, 2, z=3, w=4))
try:
    pos_only(x=1, y=2)
except TypeError as e:
    print("TypeError:", e)
try:
    f(1)
except TypeError as e:
    print("TypeError:", e)
try:
    f(1, c=2, a=3)
except TypeError as e:
    print("TypeError:", e)
try:
    pos_only(1, 2, 3, 4)
except TypeError as e:
    print("TypeError:", e)


def mutable_default(x, acc=[]):
    acc.append(x)
    return acc


print(mutable_default(1), mutable_default(2), mutable_default(3, []))


def none_default(x, acc=None):
    if acc is None:
        acc = []
    acc.append(x)
    return acc


print(none_default(1), none_default(2))
print(f.__defaults__, f.__kwdefaults__, f.__name__, f.__code__.co_argcount, f.__code__.co_kwonlyargcount)


def star_only(*args):
    return len(args), args


def kw_only(**kwargs):
    return sorted(kwargs.items())


print(star_only(), star_only(1), star_only(*range(5)), kw_only(b=1, a=2), kw_only(**{"x": 1}, y=2))
try:
    kw_only(**{"x": 1}, x=2)
except TypeError as e:
    print("TypeError:", e)
try:
    star_only(x=1)
except TypeError as e:
    print("TypeError:", e)
