from . import a
A_SEEN = a.__name__
NAME = "b"
