# Exception raised deep inside nested calls, passing through a finally on the way out.
def level3(x):
    return {"a": 1}[x]


def level2(x):
    try:
        return level3(x) * 2
    finally:
        print("level2 cleanup")


def level1(x):
    print("level1 with", repr(x))
    return level2(x) + 1


print(level1("a"))
print(level1("b"))
