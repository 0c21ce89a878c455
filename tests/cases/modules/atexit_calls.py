import atexit

def bye(name, punct="!"):
    print("bye", name, punct)

def failing():
    raise ValueError("callback failed")

def unregistered():
    print("never printed")

atexit.register(bye, "first")
atexit.register(failing)
atexit.register(bye, "second", punct="?")
print(atexit.register(unregistered) is unregistered)
atexit.unregister(unregistered)
try:
    atexit.register(5)
except TypeError as e:
    print(e)
print("main done")
