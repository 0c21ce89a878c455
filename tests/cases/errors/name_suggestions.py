# NameError/AttributeError attributes (name, obj) and the "Did you mean" hint of an uncaught NameError.
print(NameError().name, AttributeError("x").obj, AttributeError().name)
try:
    undefined_thing
except NameError as e:
    print(e.name, e.args)
try:
    del nothing_here
except NameError as e:
    print(e.name)
def f():
    counter = 0
    return countr
try:
    f()
except NameError as e:
    print(e.name, type(e).__name__)
class Q:
    slot = 1
try:
    Q.slott
except AttributeError as e:
    print(e.name, e.obj is Q)
try:
    (1).real_part
except AttributeError as e:
    print(e.name, e.obj)
def g():
    x = 1
    del x
    return x
try:
    g()
except NameError as e:
    print(type(e).__name__, e.name)
lenght = 3
print(lengh)
