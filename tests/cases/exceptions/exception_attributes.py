# Exception objects: args mutation, with_traceback presence, add_note, equality, exceptions as values.
e = ValueError("a", "b")
print(e.args, len(e.args))
e.args = ("changed",)
print(str(e), repr(e))
k = KeyError("missing")
print(str(k), repr(k), k.args)
print(str(KeyError()), str(KeyError(1)), str(KeyError("multi", "args")))
print(ValueError("x") == ValueError("x"), type(ValueError("x")) is ValueError)
errs = [ValueError, TypeError, KeyError]
for cls in errs:
    try:
        raise cls("made from list")
    except Exception as ex:
        print(type(ex).__name__, ex)
try:
    raise ValueError("with note")
except ValueError as ex:
    ex.add_note("note one")
    print(ex.__notes__)
o = OSError(2, "No such file")
print(o.errno, o.strerror, str(o), type(o).__name__)
s = StopIteration("val")
print(s.value, s.args)
ex = SystemExit(5)
print(ex.code, SystemExit().code, SystemExit("msg").code, isinstance(ex, Exception), isinstance(ex, BaseException))
ki = KeyboardInterrupt()
print(isinstance(ki, Exception), issubclass(GeneratorExit, BaseException))
a = AttributeError("att")
print(str(a), repr(NameError("nm")), str(UnicodeError("u")), repr(ZeroDivisionError()))
try:
    raise Exception("a", 1) from None
except Exception as ex:
    print(ex.args, ex.__cause__, ex.__suppress_context__)
