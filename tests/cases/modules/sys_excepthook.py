# A program's own sys.excepthook reports an uncaught exception (exit status 1).
import sys
print(sys.getdefaultencoding(), sys.getswitchinterval(), sys.hash_info.modulus, sys.hash_info.algorithm, sys.thread_info.name)
print(sys.excepthook is sys.__excepthook__, sys.exception())
try:
    raise KeyError('k')
except KeyError:
    print(repr(sys.exception()))
sys.setswitchinterval(0.01); print(sys.getswitchinterval())
print(sys.get_asyncgen_hooks(), sys.is_finalizing(), sys.call_tracing(max, (3, 9)))
def hook(t, v, tb):
    print('hooked:', t.__name__, v, file=sys.stdout)
sys.excepthook = hook
raise ValueError('boom')
