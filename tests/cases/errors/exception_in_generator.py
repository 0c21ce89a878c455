# Uncaught exception raised inside a generator while a for loop consumes it.
def readings():
    for v in [3, 1, 4, 0, 5]:
        yield 12 / v


for r in readings():
    print("reading", r)
