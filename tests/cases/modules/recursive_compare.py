# Comparing self-containing containers is a RecursionError (each comparison is a recursion level), not a crash.
x = {}; x['foo'] = x
y = {}; y['foo'] = y
try: print(x == y)
except RecursionError as e: print("RecursionError", e)
a = []; a.append(a); b = []; b.append(b)
try: print(a == b)
except RecursionError as e: print("RecursionError", e)
t = (1,)
for _ in range(5000):
    t = (t,)
u = (1,)
for _ in range(5000):
    u = (u,)
try: print(t == u)
except RecursionError as e: print("RecursionError", e)
class C:
    def __eq__(self, other):
        return [self] == [other]
try: print(C() == C())
except RecursionError as e: print("RecursionError", e)
print([[1, [2]], {3: (4,)}] == [[1, [2]], {3: (4,)}])
