# try/except/else/finally flow in all combinations.
def attempt(x):
    log = []
    try:
        log.append("try")
        r = 10 // x
        log.append(f"result {r}")
    except ZeroDivisionError as e:
        log.append(f"except {type(e).__name__}: {e}")
    except TypeError:
        log.append("type error")
    else:
        log.append("else")
    finally:
        log.append("finally")
    return log


for v in [2, 0, "s"]:
    print(attempt(v))


def finally_return():
    try:
        return "from try"
    finally:
        print("finally runs before return")


print(finally_return())


def finally_overrides():
    try:
        return "try"
    finally:
        return "finally"


print(finally_overrides())


def finally_swallows():
    try:
        raise ValueError("lost")
    finally:
        return "swallowed"


print(finally_swallows())
for i in range(5):
    try:
        if i == 1:
            continue
        if i == 3:
            break
        print("body", i)
    finally:
        print("finally", i)


def nested():
    try:
        try:
            raise KeyError("inner")
        except ValueError:
            print("wrong handler")
        finally:
            print("inner finally")
    except KeyError as e:
        print("outer caught", repr(e))
    finally:
        print("outer finally")


nested()
try:
    pass
except Exception:
    print("never")
else:
    print("else with no exception")
try:
    raise IndexError("x")
except (KeyError, IndexError) as e:
    print("tuple handler", type(e).__name__)
try:
    {}["k"]
except LookupError as e:
    print("base class handler", type(e).__name__, e)
try:
    raise ValueError
except Exception as e:
    print("bare class raised:", repr(e), str(e) == "")
e = "before"
try:
    raise RuntimeError("bound")
except RuntimeError as e:
    pass
try:
    print(e)
except NameError as ne:
    print("NameError:", ne)
