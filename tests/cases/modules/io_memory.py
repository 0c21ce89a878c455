# In-memory streams (StringIO, BytesIO), the io ABCs and the standard streams.
import io
import sys

s = io.StringIO('first\nsecond\r\nthird')
print(s.readline(), s.tell(), s.read(4), s.readlines())
s.seek(0)
print(list(s), s.closed, s.newlines, s.line_buffering)
s = io.StringIO()
print(s.write('héllo\n'), s.write('wörld'), s.tell())
s.seek(2)
s.write('XY')
print(repr(s.getvalue()), s.tell(), repr(s.read()))
s.seek(20)
s.write('!')
print(repr(s.getvalue()))
print(s.truncate(3), repr(s.getvalue()), s.tell())
for nl in [None, '', '\n', '\r', '\r\n']:
    t = io.StringIO('a\nb\r\nc\rd', newline=nl)
    print(repr(nl), repr(t.getvalue()), t.readlines(), t.newlines)
print(io.StringIO('x\ny').__getstate__())
for bad in [lambda: io.StringIO(5), lambda: io.StringIO(newline='x'),
            lambda: io.StringIO().write(b'x'), lambda: io.StringIO().seek(1, 1),
            lambda: io.StringIO().seek(-1)]:
    try:
        bad()
    except (TypeError, ValueError, OSError) as e:
        print(type(e).__name__, e)
s.close()
try:
    s.read()
except ValueError as e:
    print(e)

b = io.BytesIO(b'line one\nline two\nend')
print(b.read(4), b.readline(), b.tell(), b.readlines())
b.seek(0)
print(list(b), b.getvalue()[:4])
b.seek(30)
b.write(b'Z')
print(b.getvalue(), len(b.getvalue()))
buf = bytearray(5)
b.seek(0)
print(b.readinto(buf), buf, b.read1(3))
view = b.getbuffer()
print(bytes(view)[:4])
del view
print(b.truncate(4), b.getvalue())
print(b.__getstate__()[:2])
for bad in [lambda: b.seek(-1), lambda: b.seek(0, 3), lambda: b.write('s'),
            lambda: io.BytesIO('s'), lambda: b.truncate(-1)]:
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
b.close()
try:
    b.getvalue()
except ValueError as e:
    print(e)

# The ABCs and the classes' relations.
print(io.StringIO.__mro__)
print(issubclass(io.BytesIO, io.BufferedIOBase), isinstance(io.StringIO(), io.TextIOBase))
print(issubclass(io.FileIO, io.RawIOBase), issubclass(io.TextIOWrapper, io.IOBase))
print(io.UnsupportedOperation.__mro__)
print(io.DEFAULT_BUFFER_SIZE, io.SEEK_SET, io.SEEK_CUR, io.SEEK_END)


# A raw stream written in Python, under the buffered and text layers.
class Source(io.RawIOBase):
    def __init__(self, data):
        self.data = data
        self.pos = 0
        self.calls = 0

    def readable(self):
        return True

    def readinto(self, b):
        self.calls += 1
        n = min(len(b), 3, len(self.data) - self.pos)
        b[:n] = self.data[self.pos:self.pos + n]
        self.pos += n
        return n


src = Source(b'alpha\nbeta\ngamma')
print(src.read(4), src.readline(), src.readall())
br = io.BufferedReader(Source(b'alpha\nbeta\ngamma'), buffer_size=4)
print(br.peek(1)[:1], br.read(2), br.readline(), br.read1(2), br.read())
text = io.TextIOWrapper(io.BufferedReader(Source('naïve\nlines\n'.encode())), encoding='utf-8')
print(text.readlines(), text.encoding)


class Sink(io.RawIOBase):
    def __init__(self):
        self.chunks = []

    def writable(self):
        return True

    def write(self, b):
        self.chunks.append(bytes(b))
        return len(b)


sink = Sink()
bw = io.BufferedWriter(sink, buffer_size=8)
for part in [b'abc', b'defgh', b'ij', b'klmnopqrstu']:
    bw.write(part)
print(sink.chunks)
bw.flush()
print(sink.chunks, bw.closed)
tw = io.TextIOWrapper(io.BufferedWriter(Sink()), encoding='latin-1', newline='\r\n')
tw.write('a\nb\n')
tw.flush()
print(tw.buffer.raw.chunks)
print(tw.writable(), tw.readable(), tw.seekable())
try:
    tw.read()
except io.UnsupportedOperation as e:
    print('UnsupportedOperation', e)

# The standard streams.
print(type(sys.stdout).__name__, sys.stdout.encoding, sys.stdout.errors, sys.stderr.errors)
print(sys.stdin.mode, sys.stdout.mode, sys.stdout.name, sys.stdin.buffer.name, sys.stderr.line_buffering)
print(sys.stdout.writable(), sys.stdout.readable(), sys.stdin.readable(), sys.stdout.fileno())
print(sys.stdout.write('written\n'))
sys.stdout.flush()
sys.stdout.writelines(['a', 'b\n'])
print('to stderr', file=sys.stderr)
print('via print', file=sys.stdout, flush=True)
try:
    sys.stdout.read()
except io.UnsupportedOperation as e:
    print('UnsupportedOperation', e)
