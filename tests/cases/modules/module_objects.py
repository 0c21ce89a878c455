# Importing modules in different ways, module attributes, dir() membership, builtins module.
import math as m
from math import sqrt, pi as PI
from sys import maxsize
import sys, time

print(m.floor(2.5), sqrt(49), PI, maxsize > 2 ** 62, m is sys.modules["math"])
print(type(m).__name__, m.__name__, time.__name__, "sqrt" in dir(m), "nonexistent" in dir(m))
print(hasattr(m, "tau"), getattr(m, "e") == m.e, callable(m.sqrt))
try:
    from math import nothing_here
except ImportError as e:
    print("ImportError:", type(e).__name__, e.name)
try:
    m.nothing_here
except AttributeError as e:
    print("AttributeError:", e)
print(__name__, "math" in sys.modules, "sys" in sys.modules)


def local_import():
    import math
    return math.gcd(21, 14)


print(local_import())
