# global statement, name resolution (LEGB), UnboundLocalError.
x = "global x"
counter = 0


def read_global():
    return x


def write_global():
    global x, counter
    x = "rebound"
    counter += 1


def local_shadow():
    x = "local"
    return x


print(read_global(), local_shadow(), x)
write_global()
write_global()
print(x, counter)


def bad():
    print(counter)
    counter = 5


try:
    bad()
except UnboundLocalError as e:
    print("UnboundLocalError:", e)


def uses_builtin():
    return len("abc")


def shadows_builtin():
    len = lambda s: 42
    return len("abc")


print(uses_builtin(), shadows_builtin(), len("abcd"))


def make_global_later():
    global later
    later = "made"


make_global_later()
print(later)


def del_local():
    y = 1
    del y
    try:
        return y
    except UnboundLocalError as e:
        return "UnboundLocalError: " + str(e)


print(del_local())
try:
    print(undefined_name)
except NameError as e:
    print("NameError:", e)
print(sorted(k for k in globals() if not k.startswith("__")))
