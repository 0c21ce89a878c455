from __future__ import annotations
import __future__

def f(x: SomeUndefinedType) -> AnotherOne:
    return x

print(f.__annotations__)
print(__future__.annotations)
print(__future__.division.getMandatoryRelease())
class C:
    attr: list[int] = []
print(C.__annotations__)
print(eval("annotations", {"annotations": 1}))
print(compile("def g(a: Q): pass", "<f>", "exec").co_flags & 0x1000000 != 0)
