import importlib, importlib.util, sys, marshal
m = importlib.import_module("json")
print(m.__name__, m is sys.modules["json"])
print(importlib.import_module(".decoder", "json").__name__)
s = importlib.util.find_spec("collections")
print(s.name, s.submodule_search_locations is not None, s.origin.endswith("__init__.py"))
print(importlib.util.find_spec("nonexistent_xyz"))
import os, tempfile
d = tempfile.mkdtemp()
p = os.path.join(d, "plug.py")
with open(p, "w") as f: f.write("X = 41\ndef f(): return X + 1\n")
spec = importlib.util.spec_from_file_location("plug", p)
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
print(mod.X, mod.f(), type(spec.loader).__name__)
with open(p, "w") as f: f.write("X = 1\n")
sys.path.insert(0, d)
import plug
print(plug.X)
with open(p, "w") as f: f.write("X = 2\n")
importlib.reload(plug)
print(plug.X)
print(marshal.loads(marshal.dumps([1, 2.5, "é", (None, True), {1: b"x"}, frozenset({3}), 10**30, -2**40])))
c = compile("def g(a):\n    return a * 2\n", "<x>", "exec")
ns = {}
exec(marshal.loads(marshal.dumps(c)), ns)
print(ns["g"](21))
try: importlib.import_module("nope.sub")
except ModuleNotFoundError as e: print(e)
print(importlib.util.resolve_name(".x", "a.b"))
import _imp
print(_imp.is_builtin("sys"), _imp.is_builtin("nonexistent_xyz"), _imp.lock_held())
_imp.acquire_lock(); print(_imp.lock_held()); _imp.release_lock()
try: _imp.release_lock()
except RuntimeError as e: print(e)
print(_imp.source_hash(3495, b"abc").hex(), _imp.find_frozen("nonexistent_xyz"))
print(marshal.dumps(-2**40)[1:] == b"\x03\x00\x00\x00\x00\x00\x00\x00\x00\x01")
for bad in [b"i\x01", b"?", b""]:
    try: marshal.loads(bad)
    except (EOFError, ValueError) as e: print(type(e).__name__, e)
try: marshal.dumps(object())
except ValueError as e: print(e)
import io
buf = io.BytesIO(); marshal.dump((1, "two"), buf); marshal.dump([3.0], buf); buf.seek(0)
print(marshal.load(buf), marshal.load(buf))
import types
class Mod(types.ModuleType):
    greeting = "hi"
    @property
    def shout(self): return self.__name__.upper()
m = Mod("mymod", "docs")
print(m.__name__, m.__doc__, m.greeting, m.shout, type(m).__name__, isinstance(m, types.ModuleType))
m.x = 5; print(m.__dict__["x"])
plain = types.ModuleType("plainmod"); print(plain, plain.__spec__)
plain.__class__ = Mod; print(type(plain).__name__, plain.shout)
print(importlib.util.module_from_spec(importlib.util.find_spec("json.scanner")).__name__)
lazy = importlib.util.LazyLoader.factory(importlib.machinery.SourceFileLoader)
print(callable(lazy))
