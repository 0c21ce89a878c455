# Source layout: tabs, trailing spaces, whole-line statements, comments, lambdas, f-strings.
def tabbed(x):
	return x.upper() + 1   


def whole():
    raise RuntimeError("whole line, no carets")


def commented(d):
    return d["k"]  # a comment after the expression


def formatted(v):
    return f"value: {v + 1}"


square = lambda v: v * v



def run_all(calls):
    fn, arg = calls[0]
    try:
        fn(arg) if arg is not None else fn()
    finally:
        if len(calls) > 1:
            run_all(calls[1:])


try:
    run_all(((tabbed, "a"), (whole, None), (commented, {}), (formatted, "s"), (square, {})))
except Exception as e:
    print(type(e).__name__, e)
    try:
        assert square(3) == 10, "bad square"
    finally:
        run_all(((tabbed, "b"), (square, {})))
