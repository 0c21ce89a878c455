# Reading files through open(): this file itself, in every reading mode.
import io

with open(__file__) as f:
    print(type(f).__name__, type(f.buffer).__name__, type(f.buffer.raw).__name__)
    print(f.mode, f.encoding, f.readable(), f.writable(), f.seekable(), f.closed)
    first = f.readline()
    print(repr(first), f.tell())
    rest = f.read()
print(f.closed, len(first) + len(rest))
with open(__file__, 'rb') as f:
    data = f.read()
    print(f.mode, f.tell(), len(data), data[:10], f.read())
    f.seek(2)
    print(f.read(5), f.tell(), f.peek(1)[:1], f.read1(3))
    f.seek(-5, 2)
    print(f.read(), f.seek(0, 1))
with open(__file__, 'rb', buffering=0) as f:
    print(type(f).__name__, f.mode, f.closefd, f.read(6), f.readall() == data[6:])
lines = list(open(__file__, encoding='utf-8'))
print(len(lines), lines[0], lines[-1])
with open(__file__) as f:
    offsets = []
    while True:
        pos = f.tell()
        line = f.readline()
        if not line:
            break
        offsets.append((pos, line))
    for pos, line in offsets[::7]:
        f.seek(pos)
        assert f.readline() == line
    print(len(offsets), f.seek(0), f.read(7))
with open(__file__, encoding='latin-1') as f:
    print(f.encoding, len(f.read()) == len(data))
with open(__file__, newline='') as f:
    print(f.readlines()[1])
for bad in ['rw', 'rr', 'q', 'bt', 'rb+t']:
    try:
        open(__file__, bad)
    except ValueError as e:
        print(repr(bad), e)
for kwargs in [dict(mode='rb', encoding='utf-8'), dict(buffering=0), dict(newline='x'),
               dict(encoding='no-such-codec'), dict(mode=3), dict(bogus=1)]:
    try:
        open(__file__, **kwargs)
    except (ValueError, TypeError, LookupError) as e:
        print(type(e).__name__, e)
for name in ['/nonexistent/file.txt', '/']:
    try:
        open(name)
    except OSError as e:
        print(type(e).__name__, e.errno, e.strerror, e.filename)
f = open(__file__)
f.close()
for op in [f.read, f.readline, lambda: f.write('x')]:
    try:
        op()
    except ValueError as e:
        print(e)
try:
    open(__file__).write('x')
except io.UnsupportedOperation as e:
    print('UnsupportedOperation', e)
print(io.open is open, io.open_code(__file__).read(3))
