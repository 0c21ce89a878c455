# raise ... from ..., implicit __context__, __cause__, __suppress_context__.
class DataError(Exception):
    pass


def parse(s):
    try:
        return int(s)
    except ValueError as e:
        raise DataError(f"cannot parse {s!r}") from e


try:
    parse("abc")
except DataError as e:
    print("caught", e)
    print("cause:", type(e.__cause__).__name__, e.__cause__)
    print("context is cause:", e.__context__ is e.__cause__, e.__suppress_context__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise KeyError("during handling")
except KeyError as e:
    print("context:", type(e.__context__).__name__, e.__context__, e.__cause__, e.__suppress_context__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("no context") from None
except ValueError as e:
    print("from None:", e.__cause__, type(e.__context__).__name__, e.__suppress_context__)


def chain(n):
    if n == 0:
        raise LookupError("root")
    try:
        chain(n - 1)
    except LookupError as e:
        raise LookupError(f"level {n}") from e


try:
    chain(3)
except LookupError as e:
    cur = e
    while cur is not None:
        print("chain:", cur)
        cur = cur.__cause__
try:
    raise TypeError("t") from ValueError("v")
except TypeError as e:
    print(repr(e.__cause__))
try:
    raise TypeError("bad") from 5
except TypeError as e:
    print("TypeError:", e)
