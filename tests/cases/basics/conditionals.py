# if/elif/else chains and conditional expressions.
def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    elif n < 100:
        return "medium"
    else:
        return "large"


for v in [-5, 0, 3, 9, 10, 99, 100, 12345]:
    print(v, classify(v))

for v in range(6):
    kind = "even" if v % 2 == 0 else "odd"
    size = "big" if v > 3 else "mid" if v > 1 else "tiny"
    print(v, kind, size)

a, b = 3, 7
if a > b:
    print("a bigger")
else:
    print("b bigger or equal")

if not a:
    print("a falsy")
elif not b:
    print("b falsy")
else:
    print("both truthy")

x = None
if x is None:
    print("x is None")
if x is not None:
    print("unreachable")

items = []
if items:
    print("has items")
else:
    print("no items")

nested = 15
if nested > 10:
    if nested > 20:
        print("over 20")
    else:
        if nested % 5 == 0:
            print("between 10 and 20, divisible by 5")
        else:
            print("between 10 and 20")
