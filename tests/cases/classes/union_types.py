import types
u = int | str | None
print(repr(u), u.__args__, type(u), int | int, (int | str) == (str | int), isinstance(3, int | str), issubclass(bool, int | str))
class A: pass
print(A | int, isinstance(A(), A | None), isinstance(None, A | None), isinstance(2.0, int | str))
try:
    int | 3
except TypeError as e:
    print(e)
print(u | bytes, (int | str) | (str | float), hash(int | str) == hash(str | int), type(u) is types.UnionType)
print(types.FunctionType, types.CodeType, types.CellType, types.MethodType, types.BuiltinFunctionType, types.ModuleType)
print(types.GetSetDescriptorType, types.MemberDescriptorType, types.TracebackType, types.FrameType)
print(types.FunctionType.__code__, types.FunctionType.__globals__)
def f(): pass
print(types.FunctionType.__code__.__get__(f, types.FunctionType).co_name, types.FunctionType.__code__.__get__(None, types.FunctionType))
ns = types.SimpleNamespace(a=1, b=2)
print(ns, ns.a)
C = types.new_class("C", (A,), {}, lambda ns: ns.update(x=5, __module__="m"))
print(C.x, C.__mro__, C.__module__)
try:
    raise ValueError("v")
except ValueError as e:
    tb = e.__traceback__
    print(tb.tb_lineno, tb.tb_frame.f_code.co_name, tb.tb_frame.f_globals is globals(), tb.tb_next)
class abstractclassmethod(classmethod):
    __isabstractmethod__ = True
    def __init__(self, callable):
        callable.__isabstractmethod__ = True
        super().__init__(callable)
class abstractproperty(property):
    __isabstractmethod__ = True
class K:
    @abstractclassmethod
    def make(cls):
        return "made " + cls.__name__
    @abstractproperty
    def p(self):
        return 42
    @staticmethod
    def s(x):
        return x * 2
print(K.make(), K().make(), K().p, K.s(4), K.__dict__["make"].__isabstractmethod__, K.__dict__["make"].__func__.__isabstractmethod__)
print(classmethod.__get__(K.__dict__["make"], None, K)(), property.__get__(K.__dict__["p"], K(), K), staticmethod.__get__(K.__dict__["s"], None, K)(5))
