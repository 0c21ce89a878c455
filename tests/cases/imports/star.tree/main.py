# from m import * with and without __all__.
from plain import *
print(sorted(k for k in globals() if not k.startswith("__")))
from withall import *
print(sorted(k for k in globals() if not k.startswith("__")))
try:
    from badall import *
except TypeError as e:
    print(type(e).__name__, e)
import withall
print(withall._hidden, public_a)
