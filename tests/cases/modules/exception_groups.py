# BaseExceptionGroup / ExceptionGroup: construction rules, str, split, subgroup, derive.
eg = ExceptionGroup("many", [ValueError(1), TypeError(2), ExceptionGroup("inner", [ValueError(3), KeyError(4)])])
print(type(eg).__name__, eg, eg.message, len(eg.exceptions), repr(eg.exceptions[0]))
print(type(BaseExceptionGroup("x", [ValueError()])).__name__, type(BaseExceptionGroup("x", [KeyboardInterrupt()])).__name__)
m, r = eg.split(ValueError)
print(m, [repr(e) for e in m.exceptions], r, [repr(e) for e in r.exceptions])
print(eg.subgroup(lambda e: isinstance(e, KeyError)))
print(eg.subgroup(OSError), eg.split((TypeError, KeyError))[1])
for bad in [(1, [ValueError()]), ("m", []), ("m", [1]), ("m", 5)]:
    try: ExceptionGroup(*bad)
    except (TypeError, ValueError) as e: print(type(e).__name__, e)
try: ExceptionGroup("m", [KeyboardInterrupt()])
except TypeError as e: print(e)
try: eg.split(5)
except TypeError as e: print(e)
print(issubclass(ExceptionGroup, Exception), ExceptionGroup.__mro__)
try:
    raise ExceptionGroup("boom", [ValueError("v")])
except ExceptionGroup as e:
    e.add_note("a note")
    print(e.split(ValueError)[0].__notes__, e.split(ValueError)[0].__traceback__ is not None)
class MyEG(ExceptionGroup):
    def derive(self, excs): return MyEG(self.message + "!", excs)
print(repr(MyEG("q", [ValueError(), TypeError()]).split(ValueError)[0].message))
