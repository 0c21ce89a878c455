# sys._getframe and what is built on it: warnings' stacklevel, logging's caller, traceback
# stacks, inspect (each frame read right away: pycrane's frame objects are snapshots).
import sys, warnings, logging, traceback, inspect

def inner(n):
    here = sys._getframe()
    back = sys._getframe(1)
    return (here.f_code.co_name, back.f_code.co_name, back.f_lineno,
            here.f_back.f_code.co_name, here.f_globals is globals(), here.f_builtins is __builtins__.__dict__)

def outer():
    return inner(5)

for i in range(300):
    r = outer()
print(r)

def walk(fr):
    names = []
    while fr is not None:
        names.append((fr.f_code.co_name, fr.f_lineno))
        fr = fr.f_back
    return names

def rec(n):
    if n == 0:
        return walk(sys._getframe())
    return rec(n - 1)

for i in range(200):
    r = rec(4)
print(r)

def locals_of(a, b=2):
    c = a + b
    def g():
        return c
    return sorted(sys._getframe().f_locals.items()) if sys._getframe().f_code.co_name else None

def warn_here():
    warnings.warn("careful", UserWarning, stacklevel=2)

def caller():
    warn_here()

warnings.simplefilter("always")
with warnings.catch_warnings(record=True) as got:
    warnings.simplefilter("always")
    for i in range(3):
        caller()
print([(w.lineno, str(w.message), w.category.__name__) for w in got])
warnings.simplefilter("error")
try:
    caller()
except UserWarning as e:
    print("raised", e)
warnings.resetwarnings()

logging.basicConfig(format="%(funcName)s:%(lineno)d %(levelname)s %(message)s", stream=sys.stdout)
def logit(k):
    logging.warning("hi %d", k)
for i in range(3):
    logit(i)

def st():
    return [(f.name, f.lineno, f.line) for f in traceback.extract_stack()]
print(st())
print(inspect.currentframe().f_code.co_name, [f.function for f in inspect.stack()][:2])
try:
    sys._getframe(100)
except ValueError as e:
    print(e)

class C:
    z = sys._getframe().f_locals["__qualname__"]
print(C.z)

def gen():
    yield sys._getframe().f_code.co_name
    yield sys._getframe(1).f_code.co_name
print(list(gen()))
print([sys._getframe(0).f_code.co_name for _ in range(2)])
def f(): return 1
print(list(f.__code__.co_positions())[:3], list(f.__code__.co_lines())[:3])
print(sys.getrefcount(None) > 0, sys.gettrace(), sys.getprofile(), sys.abiflags, sys.api_version)
