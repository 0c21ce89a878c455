# Uncaught NameError from a typo inside a function.
def compute(x):
    result = x * 2
    return unknown_offset + result


print("computing")
print(compute(5))
