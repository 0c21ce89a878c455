# A program's own sys.excepthook reports an uncaught exception (exit status 1), in place of
# the interpreter's traceback.
import sys


def hook(t, v, tb):
    print('hooked:', t.__name__, v, type(tb).__name__, file=sys.stdout)


print(sys.excepthook is sys.__excepthook__)
sys.excepthook = hook
print(sys.excepthook is sys.__excepthook__)
raise ValueError('boom')
