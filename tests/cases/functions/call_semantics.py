# Argument passing semantics: mutation visible to caller, rebinding not, return values.
def mutate(lst, d):
    lst.append(99)
    d["new"] = True
    lst = [0]
    d = {}
    return lst, d


a, b = [1], {"k": 0}
print(mutate(a, b), a, b)


def no_return():
    x = 1


def bare_return():
    return


def multi_return(flag):
    if flag:
        return "early"
    for i in range(5):
        if i == 3:
            return i
    return "late"


print(no_return(), bare_return(), multi_return(True), multi_return(False))


def swap(p):
    p[0], p[1] = p[1], p[0]


pair = [1, 2]
swap(pair)
print(pair)


def varargs_sum(*nums, start=0):
    total = start
    for n in nums:
        total += n
    return total


print(varargs_sum(), varargs_sum(1, 2, 3), varargs_sum(*range(10), start=100))


def show(**kw):
    return ", ".join(f"{k}={v!r}" for k, v in kw.items())


print(show(z=1, a="x", m=None))
opts = {"sep": "-", "end": "!\n"}
print("a", "b", "c", **opts)
args = ("x", "y")
print(*args, sep="")
print(*[], "only")


def f(a, b, c):
    return a * 100 + b * 10 + c


print(f(1, 2, 3), f(*(1, 2), 3), f(1, *[2, 3]), f(c=3, b=2, a=1), f(1, c=3, b=2), f(*[1], **{"b": 2, "c": 3}))
try:
    f(1, 2, 3, 4)
except TypeError as e:
    print("TypeError:", e)
try:
    f(1, 2, d=4)
except TypeError as e:
    print("TypeError:", e)
try:
    f(1, 2)
except TypeError as e:
    print("TypeError:", e)
try:
    f(1, 2, 3, b=2)
except TypeError as e:
    print("TypeError:", e)
