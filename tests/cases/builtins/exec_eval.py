# exec, eval and compile: namespaces, modes, flags, errors.
x = 10
print(eval("x + 1"), eval("  x * 2"), eval(b"x - 1"))
g = {"a": 3}
print(eval("a * a", g), "__builtins__" in g)
print(eval("a + b", {"a": 1}, {"b": 2}))
exec("y = x + 5")
print(y)
ns = {}
exec("def f(n):\n    return n * 3\nz = f(4)", ns)
print(ns["z"], ns["f"](2), ns["f"].__name__)
loc = {}
exec("w = 7", {}, loc)
print(loc)

def inner():
    q = 5
    return eval("q + x"), eval("[x * i for i in range(3)]")
print(inner())

code = compile("1 + 2", "<calc>", "eval")
print(type(code).__name__, code.co_filename, eval(code))
code = compile("r = 40 + 2", "<calc>", "exec")
d = {}
exec(code, d)
print(d["r"])
code = compile("print('single', 6 * 7)", "<s>", "single")
exec(code)
for _ in range(3):
    print(eval("x + 1"))
try:
    eval("1 +")
except SyntaxError as e:
    print(type(e).__name__, e.msg, e.filename, e.lineno, e.offset)
try:
    exec("def f(:\n pass")
except SyntaxError as e:
    print(type(e).__name__, e.msg, e.filename, e.lineno, e.offset, repr(e.text))
    print(e)
try:
    compile("x", "f", "bogus")
except ValueError as e:
    print(type(e).__name__, e)
try:
    eval(5)
except TypeError as e:
    print(type(e).__name__, e)
try:
    exec("x", [])
except TypeError as e:
    print(type(e).__name__, e)
try:
    eval("undefined_name")
except NameError as e:
    print(type(e).__name__, e)
try:
    exec("raise ValueError('inside exec')")
except ValueError as e:
    print(type(e).__name__, e)
try:
    compile("  x = 1", "<indent>", "exec")
except IndentationError as e:
    print(type(e).__name__, e.msg)
print(eval("__name__"), eval("__name__", {}))
print(exec("1") is None)
e = SyntaxError("m", ("file.py", 3, 4, "text", 3, 5))
print(e, e.filename, e.lineno, e.offset, e.text, e.end_lineno, e.end_offset, e.args)
print(SyntaxError("just"), SyntaxError("m", ("f", None, None, None)))
