# is / is not, identity of small objects, id comparisons (never printed).
a = [1, 2]
b = a
c = [1, 2]
print(a is b, a is c, a == c, id(a) == id(b), id(a) == id(c))
print(None is None, type(None)() is None)
t1 = ()
t2 = ()
print(t1 is t2)
print(True is True, (1 == 1) is True, bool(5) is True)
x = object()
y = object()
print(x is y, x == y, x != y, x is x)


class Always:
    def __eq__(self, other):
        return True


q = Always()
print(q == 1, q == None, q is None, 1 == q, q != 1)
s = "interned"
print(s is s, len(s))
d = {}
print(d.get("missing") is None)
print(type(1) is int, type(1.0) is float, type(True) is bool, type(True) is int)
print(isinstance(True, int), type([]) is list, type(()) is tuple)
