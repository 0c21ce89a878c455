# Import errors as CPython words them.
import sys
def show(e):
    msg = str(e).replace(__file__.rsplit("/", 1)[0], "DIR")
    print(type(e).__name__, msg, getattr(e, "name", None))
try:
    import no_such_module
except ModuleNotFoundError as e:
    show(e)
try:
    import plainmod.child
except ModuleNotFoundError as e:
    show(e)
try:
    from plainmod import missing
except ImportError as e:
    show(e)
    print(e.path.endswith("plainmod.py"))
try:
    from sys import no_such_name
except ImportError as e:
    show(e)
try:
    import badsyntax
except SyntaxError as e:
    print(type(e).__name__, e.msg, e.lineno, e.offset, e.filename.endswith("badsyntax.py"), repr(e.text))
    print(str(e))
print("badsyntax" in sys.modules)
try:
    import raises
except ZeroDivisionError as e:
    show(e)
print("raises" in sys.modules)
try:
    import badindent
except IndentationError as e:
    print(type(e).__name__, e.msg, e.lineno)
sys.modules["blocked"] = None
try:
    import blocked
except ModuleNotFoundError as e:
    show(e)
try:
    from notpkg_dir import nothing_here
except ImportError as e:
    show(e)
import badsyntax2
