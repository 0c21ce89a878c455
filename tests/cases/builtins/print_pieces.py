# print writes its pieces one by one, as CPython: a failing str() leaves the earlier pieces
# written; a file object sees each piece; sys.stdout = None prints nothing.
import io, sys
class X:
    def __str__(s): raise ValueError("no")
class Log:
    def __init__(self): self.calls = []
    def write(self, s): self.calls.append(s); return len(s)
    def flush(self): self.calls.append('<flush>')
try:
    print("a", X(), "b")
except ValueError as e:
    print("|", e)
log = Log()
print(1, 'two', 3.0, sep='--', end='!\n', file=log, flush=True)
try:
    print('x', X(), file=log)
except ValueError:
    pass
print(log.calls)
buf = io.StringIO()
print('to', 'a', 'buffer', file=buf)
print(repr(buf.getvalue()))
saved = sys.stdout
sys.stdout = None
print('lost')
sys.stdout = saved
sys.stdout = log
print('through', 'the', 'log')
sys.stdout = saved
print(log.calls[-6:])
class S(str):
    def __str__(self): return 'sub-str'
print(S('raw'), str(S('raw')))
