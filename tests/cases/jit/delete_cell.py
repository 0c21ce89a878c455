# `del` of a variable that a closure shares: compiled code leaves it to the interpreter.
def f():
    x = 1
    def g():
        return x
    r = g()
    del x
    try:
        g()
    except NameError as e:
        print("NameError:", e)
    return r
for _ in range(5):
    print(f())
