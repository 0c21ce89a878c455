# Circular imports: the ones CPython allows, and the partial-initialization errors.
import first
print(first.FROM_SECOND, first.second.FROM_FIRST_AT_IMPORT)
import cpkg.a
print(cpkg.a.B_NAME, cpkg.b.A_SEEN)
try:
    import broken_a
except ImportError as e:
    print(type(e).__name__, e.args[0].replace(__file__.rsplit("/", 1)[0], "DIR"))
try:
    import attr_a
except AttributeError as e:
    print(type(e).__name__, e)
import sys
print("broken_a" in sys.modules, "broken_b" in sys.modules)
