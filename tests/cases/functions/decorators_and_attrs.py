# Function attributes, docstrings, decorators that register functions.
registry = {}


def register(name):
    def deco(fn):
        registry[name] = fn
        return fn

    return deco


@register("double")
def double(x):
    """Return twice x."""
    return 2 * x


@register("neg")
def negate(x):
    return -x


print(sorted(registry), registry["double"](21), registry["neg"](5))
print(double.__doc__, negate.__doc__, double.__name__, double.__qualname__)


def outer():
    def inner():
        pass

    return inner


print(outer().__qualname__, outer().__name__)
double.tag = "custom"
print(double.tag, getattr(double, "missing", "none"), hasattr(double, "tag"))


def counted(fn):
    def wrapper(*a, **k):
        wrapper.calls += 1
        return fn(*a, **k)

    wrapper.calls = 0
    return wrapper


@counted
def work(n):
    return sum(range(n))


for i in range(5):
    work(i * 10)
print(work.calls, work(100))


def annotated(a: int, b: str = "x") -> list:
    return [a, b]


print(annotated(1), annotated.__annotations__)
print(annotated.__defaults__, annotated.__code__.co_varnames, annotated.__code__.co_name)
