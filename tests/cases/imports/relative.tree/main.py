# Relative imports inside packages, and their errors.
import pkg.inner.deep
from pkg import top
print(pkg.inner.deep.result)
print(top.NAME, pkg.inner.deep.sibling_name, pkg.inner.deep.parent_value)
try:
    from . import something
except ImportError as e:
    print(type(e).__name__, e)
try:
    import pkg.inner.beyond
except ImportError as e:
    print(type(e).__name__, e)
try:
    __import__("x", {"__name__": "a"}, None, [], 1)
except ImportError as e:
    print(type(e).__name__, e)
try:
    __import__("", {"__package__": "pkg"}, None, [], 3)
except ImportError as e:
    print(type(e).__name__, e)
try:
    __import__("x", {}, None, [], -1)
except ValueError as e:
    print(type(e).__name__, e)
try:
    __import__("")
except ValueError as e:
    print(type(e).__name__, e)
try:
    __import__(5)
except TypeError as e:
    print(type(e).__name__, e)
m = __import__("top", {"__package__": "pkg"}, None, ["NAME"], 1)
print(m.__name__)
m = __import__("", {"__package__": "pkg.inner"}, None, ["deep"], 2)
print(m.__name__)
m = __import__("inner.deep", {"__package__": "pkg"}, None, [], 1)
print(m.__name__)
