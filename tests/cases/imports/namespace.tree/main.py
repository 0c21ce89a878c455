# PEP 420 namespace packages spread over two path entries.
import sys
here = __file__.rsplit("/", 1)[0]
sys.path.insert(0, here + "/b")
sys.path.insert(0, here + "/a")
import ns.left.mod
import ns.right.mod
print(ns.left.mod.NAME, ns.right.mod.NAME)
print([p.replace(here, "HERE") for p in ns.__path__])
print(ns.__spec__.origin, getattr(ns, "__file__", "no file"), ns.__spec__.loader is not None)
print(ns.__spec__.submodule_search_locations is not None, ns.__package__, ns.left.__package__)
