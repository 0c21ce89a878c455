# and/or/not semantics, short-circuiting, truthiness of many types.
def t(v):
    print("  t(%r)" % (v,))
    return v


print(1 and 2, 0 and 2, 1 or 2, 0 or 2, None or "d", "" or [] or 0)
print(not 0, not 1, not "", not "x", not [], not [0], not None)
print(t(0) and t(1))
print(t(1) and t(0) and t(2))
print(t(1) or t(2))
print(t(0) or t(None) or t("last"))
print(bool(0), bool(0.0), bool(-0.0), bool(0j), bool(1e-300), bool(""), bool(" "))
print(bool(()), bool((0,)), bool({}), bool({0: 0}), bool(set()), bool(range(0)), bool(range(1)))
print(True + True, True * 3, False - 1, True / 2, -True, ~True)
print(True & False, True | False, True ^ True, type(True & True).__name__, type(True + 0).__name__)
print(repr(True), str(False), int(True), float(False))
x = 3
y = x > 2 and "big" or "small"
print(y)
z = [] or {} or None
print(z)


class Thing:
    def __init__(self, n):
        self.n = n

    def __bool__(self):
        print("  bool called for", self.n)
        return self.n > 0


class Sized:
    def __len__(self):
        return 0


print(bool(Thing(1)), bool(Thing(-1)))
print(Thing(0) or "fallback")
print(bool(Sized()), not Sized())
if Thing(5):
    print("truthy thing")
