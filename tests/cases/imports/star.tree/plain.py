import sys as _sys
x = 1
y = 2
_private = 3
def f():
    return x
