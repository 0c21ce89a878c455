# Generators dropped while paused inside try blocks are closed: finally clauses and
# GeneratorExit handlers run when the last reference goes, and at exit for globals.
def tracked(name, log=None):
    try:
        yield 1
        yield 2
    except GeneratorExit:
        print(f"{name}: GeneratorExit")
        raise
    finally:
        print(f"{name}: finally")


def plain():
    yield 1
    yield 2


def use_and_drop():
    g = tracked("local")
    next(g)
    print("returning")


use_and_drop()
print("after function")
g = tracked("rebound")
next(g)
g = None
print("after rebinding")
p = plain()
next(p)
del p
print("plain dropped")
for x in tracked("finished"):
    pass
print("exhausted")
h = tracked("unstarted")
del h
print("unstarted dropped")
nested = [tracked("in list")]
next(nested[0])
nested.clear()
print("list cleared")


def ignoring():
    try:
        yield 1
    finally:
        print("ignoring: finally")
        yield 2


ig = ignoring()
next(ig)
try:
    ig.close()
except RuntimeError as e:
    print("RuntimeError:", e)
_keep = tracked("_underscore")
next(_keep)
last = tracked("global at exit")
next(last)
print("end of script")
