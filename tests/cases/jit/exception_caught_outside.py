# Exceptions raised inside compiled code are caught by callers and by handlers in the same
# function; finally blocks and the exception's traceback behave as in the interpreter.
def divide_all(xs, d):
    out = []
    for x in xs:
        out.append(x // d)
    return out


def safe(xs, d):
    try:
        return divide_all(xs, d)
    except ZeroDivisionError as e:
        return f"caught {e!r}"


for d in [3, 2, 1, 0, 5]:
    print(safe(range(10), d))


def inner_handler(n):
    hits = 0
    for i in range(n):
        try:
            if i % 7 == 0:
                raise ValueError(i)
            hits += 1
        except ValueError as e:
            hits += 100 + e.args[0]
        finally:
            hits += 1
    return hits


print(inner_handler(50))


def lookup(d, keys):
    found = 0
    for k in keys:
        found += d[k]
    return found


table = {i: i * i for i in range(20)}
for keys in ([1, 2, 3], [4, 5, 99], [0, 19]):
    try:
        print(lookup(table, keys))
    except KeyError as e:
        print("missing", e)
try:
    lookup(table, [1, "x"])
except KeyError as e:
    tb = e.__traceback__
    lines = []
    while tb is not None:
        lines.append(tb.tb_lineno)
        tb = tb.tb_next
    print("traceback lines", lines)
