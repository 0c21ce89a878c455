# assert statements that pass and fail (caught).
assert True
assert 1 + 1 == 2, "math works"
try:
    assert 1 > 2
except AssertionError as e:
    print("AssertionError:", repr(e), e.args)
try:
    assert [], "empty list is falsy"
except AssertionError as e:
    print("AssertionError:", e)
try:
    x = 5
    assert x % 2 == 0, f"{x} is odd"
except AssertionError as e:
    print("AssertionError:", e)


def check(v):
    assert isinstance(v, int), ("not an int", v)
    return v * 2


print(check(21))
try:
    check("s")
except AssertionError as e:
    print("AssertionError:", e.args)
print("done")
