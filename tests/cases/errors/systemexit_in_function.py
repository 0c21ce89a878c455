# SystemExit(code) raised inside nested functions, running finally blocks on the way.
def inner():
    raise SystemExit(42)


def outer():
    try:
        inner()
    finally:
        print("outer finally")


print("start")
outer()
