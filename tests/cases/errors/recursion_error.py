# Uncaught RecursionError from unbounded recursion.
def forever(n):
    return forever(n + 1) + 1


print("about to recurse")
forever(0)
