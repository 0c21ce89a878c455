# list/tuple/dict/set/str/int/float/bool constructors from various inputs.
print(list("abc"), list(range(3)), list((1, 2)), list({1: "a", 2: "b"}), list({3}), list(x for x in "xy"))
print(tuple([1, 2]), tuple("ab"), tuple(range(2)), tuple({"k": 1}), tuple())
print(dict(a=1), dict([("a", 1), ("b", 2)]), dict({"x": 1}, y=2), dict(zip([1, 2], [3, 4])), dict([]))
print(sorted(set("hello")), set([1, 2, 2, 3]), set(range(4)), frozenset([1, 1]), set({1: 2}))
print(str(123), str(-4.5), str([1, [2]]), str({"a": (1,)}), str(range(3)), str(None), str(...))
print(int("7"), int(7.9), int(True), int(-7.9), int("-7"), float("7"), float(7), float("-inf"), bool([0]))
try:
    dict([1, 2])
except TypeError as e:
    print("TypeError:", e)
try:
    dict([("a", 1, 2)])
except ValueError as e:
    print("ValueError:", e)
try:
    list(5)
except TypeError as e:
    print("TypeError:", e)
l1 = [1, 2]
l2 = list(l1)
l2.append(3)
print(l1, l2, l1 is l2)
t1 = (1, 2)
print(tuple(t1) is t1, list(t1) == [1, 2])
d1 = {"a": [1]}
d2 = dict(d1)
d2["b"] = 2
d2["a"].append(9)
print(d1, d2)
print(list(map(int, "12345")), list(map(float, ["1", "2.5"])), list(map(str, [1, 2])), list(map(bool, [0, 1, ""])))
