# Re-raise with bare raise, raising in handlers and finally, exceptions across calls.
def inner():
    raise ValueError("from inner")


def middle():
    try:
        inner()
    except ValueError:
        print("middle saw it, re-raising")
        raise


def outer():
    try:
        middle()
    except ValueError as e:
        print("outer caught:", e)
        return "handled"


print(outer())


def cleanup_order():
    try:
        try:
            raise KeyError("k")
        finally:
            print("inner finally 1")
    finally:
        print("inner finally 2")


try:
    cleanup_order()
except KeyError as e:
    print("caught", repr(e))


def handler_raises():
    try:
        raise ValueError("first")
    except ValueError:
        raise TypeError("second")


try:
    handler_raises()
except TypeError as e:
    print("got", repr(e), "context", repr(e.__context__))


def finally_raises():
    try:
        raise ValueError("hidden")
    finally:
        raise RuntimeError("finally wins")


try:
    finally_raises()
except RuntimeError as e:
    print("got", repr(e), "context", repr(e.__context__))
results = []
for v in ["1", "x", None, "3", [4]]:
    try:
        results.append(int(v))
    except ValueError:
        results.append("bad-value")
    except TypeError:
        results.append("bad-type")
print(results)
try:
    try:
        raise ValueError("a")
    except ValueError as e:
        err = e
    raise err
except ValueError as e2:
    print("re-raised stored", e2, e2 is err)


def depth(n):
    if n == 0:
        raise IndexError("bottom")
    return depth(n - 1)


try:
    depth(50)
except IndexError as e:
    print("from depth:", e)
import sys

try:
    raise KeyError("info")
except KeyError:
    et, ev, tb = sys.exc_info()
    print(et.__name__, repr(ev), tb is not None)
print(sys.exc_info())
