# Passing builtins and bound methods around as first-class values.
fns = [abs, len, str, repr, bool, type]
for fn in fns:
    print(fn.__name__, fn([1, -2]) if fn is not abs else fn(-3))
words = ["b", "a", "c"]
append = words.append
append("z")
append("y")
print(words)
upper = str.upper
print(list(map(upper, words)), list(map("-".join, [["a", "b"], ["c"]])))
d = {"a": 1, "b": 2}
getter = d.get
print(getter("a"), getter("q", 0), list(map(d.__getitem__, ["b", "a"])))
m = max
print(m(3, 9, 2), m([4, 1]), m("hello"))
meth = "x={}".format
print(meth(5), [meth(i) for i in range(3)])
bound = [1, 2, 3].__len__
print(bound(), callable(bound), callable(len), callable("s"), callable(type))


class Acc:
    def __init__(self):
        self.total = 0

    def add(self, v):
        self.total += v
        return self.total


acc = Acc()
f = acc.add
print([f(i) for i in range(5)], acc.total, Acc.add(acc, 100))
print(list(map(int.__add__, [1, 2], [10, 20])), sorted([3, 1, 2], key=int.__neg__))
