# Anchors for several operators, parenthesised operands and operator spacing.
import sys


def attempt(label, fn):
    try:
        fn()
    except Exception as e:
        print(label, type(e).__name__, e)
        raise


def parens(a, b):
    return (a) + b


def floor(a, b):
    return a  //  b


def power(a, b):
    return a ** b ** 2


def shifted(a, b):
    return (a << 2) | b


def mixed(a, b, c):
    return a * b - c @ a


def unary(a):
    return -a




def run_all(checks):
    """Runs every check; each failure becomes the context of the next one."""
    label, fn = checks[0]
    try:
        attempt(label, fn)
    finally:
        if len(checks) > 1:
            run_all(checks[1:])


run_all([
    ("parens", lambda: parens(1, "x")),
    ("floor", lambda: floor(1, 0)),
    ("power", lambda: power("x", 2)),
    ("shifted", lambda: shifted(1, "y")),
    ("mixed", lambda: mixed(2, 3, 4)),
    ("unary", lambda: unary("s")),
    ("last", lambda: 1 + len(sys.argv) * (2 % 1 and 0) - "done"),
])
