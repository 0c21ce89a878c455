from . import b
B_NAME = b.NAME
