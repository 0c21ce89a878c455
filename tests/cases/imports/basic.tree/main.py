# Absolute imports of sibling modules, packages and subpackages; module attributes.
import sys
import helper
import pkg.sub.leaf
import pkg.sub.leaf as leaf_alias
from pkg import value, sub
from pkg.sub import leaf
from pkg.sub.leaf import twice as tw

print(helper.greet("world"))
print(pkg.value, value, tw(21), leaf is leaf_alias, sub is pkg.sub)
print(helper.__name__, helper.__package__, pkg.__package__, pkg.sub.leaf.__package__)
print(helper.__spec__.name, helper.__spec__.parent, repr(pkg.sub.__spec__.parent))
print(helper.__file__.endswith("basic.tree/helper.py"), helper.__cached__.endswith(".cpython-311.pyc"))
print(pkg.__file__.endswith("pkg/__init__.py"), [p.endswith("pkg") for p in pkg.__path__])
print(pkg.__spec__.submodule_search_locations == pkg.__path__, helper.__spec__.submodule_search_locations)
print(helper.__spec__.origin == helper.__file__, helper.__spec__.has_location)
print(type(helper.__builtins__).__name__ if not isinstance(helper.__builtins__, dict) else "dict")
print(sorted(k for k in vars(helper) if k.startswith("__")))
print(list(vars(helper))[:8])
print("helper" in sys.modules, "pkg.sub.leaf" in sys.modules, sys.modules["pkg.sub"] is pkg.sub)
print(helper.counter, pkg.sub.loaded_order)
import helper as again
print(again is helper, helper.counter)
print(__name__, __package__, __spec__)
print(sys.modules["__main__"].__name__)
m = __import__("pkg.sub.leaf")
print(m is pkg)
m = __import__("pkg.sub.leaf", fromlist=["twice"])
print(m is pkg.sub.leaf)
m = __import__("pkg.sub", globals(), None, ["leaf", "other"], 0)
print(m is pkg.sub, hasattr(pkg.sub, "other"), pkg.sub.other.NAME)
print(repr(sys).startswith("<module 'sys'"), repr(helper) == "<module 'helper' from %r>" % helper.__file__)
print(sys.__spec__.origin, sys.__spec__.name, type(sys.__loader__).__name__)
