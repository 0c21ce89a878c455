# Closures, nonlocal, late binding and counters.
def make_counter(start=0):
    count = start

    def inc(step=1):
        nonlocal count
        count += step
        return count

    def get():
        return count

    return inc, get


inc, get = make_counter(10)
print(inc(), inc(5), get())
inc2, get2 = make_counter()
print(inc2(), get(), get2())


def make_adders():
    return [lambda x, n=n: x + n for n in range(4)]


print([add(10) for add in make_adders()])


def late():
    fs = []
    for i in range(3):
        fs.append(lambda: i)
    return [f() for f in fs]


print(late())


def outer():
    x = "outer"

    def middle():
        def inner():
            nonlocal x
            x = "changed by inner"
            return x

        return inner()

    r = middle()
    return r, x


print(outer())


def compose(*fs):
    def composed(v):
        for fn in reversed(fs):
            v = fn(v)
        return v

    return composed


pipeline = compose(str, lambda v: v * 2, abs)
print(pipeline(-21))


def memo(fn):
    cache = {}

    def wrapper(n):
        if n not in cache:
            cache[n] = fn(n)
        return cache[n]

    wrapper.cache = cache
    return wrapper


@memo
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(80), len(fib.cache))
print(inc.__closure__ is not None, len(inc.__closure__), make_counter.__closure__)


def shadow():
    x = 1

    def g():
        return x

    x = 2
    return g()


print(shadow())
