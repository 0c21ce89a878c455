# zlib: one-shot and streaming compression in every format, checksums, errors; gzip on top.
import zlib, gzip, io
data = b"hello world " * 1000 + bytes(range(256)) * 10
c = zlib.compress(data)
print(len(c), c[:12].hex(), zlib.decompress(c) == data, zlib.crc32(data), zlib.adler32(data), zlib.crc32(b"x", 12345), zlib.adler32(b"abc", 7))
for lvl in (0, 1, 9):
    print(lvl, len(zlib.compress(data, lvl)), zlib.compress(data, lvl)[-8:].hex())
for w in (-15, 31, -9, 9):
    cc = zlib.compress(data, 6, w)
    print(w, len(cc), zlib.decompress(cc, w) == data, zlib.decompress(cc, 47) == data if w > 0 else None)
co = zlib.compressobj(6, zlib.DEFLATED, -15)
parts = [co.compress(data[i:i+1000]) for i in range(0, len(data), 1000)] + [co.flush()]
raw = b"".join(parts); print(len(raw), raw == zlib.compress(data, 6, -15))
do = zlib.decompressobj(-15)
out = b""
for i in range(0, len(raw), 100):
    out += do.decompress(raw[i:i+100])
print(out == data, do.eof, do.unused_data)
do = zlib.decompressobj()
got = do.decompress(c + b"TRAILER", 100)
print(len(got), len(do.unconsumed_tail) > 0, do.eof)
while not do.eof:
    got += do.decompress(do.unconsumed_tail, 100)
print(got == data, do.eof, do.unused_data)
co = zlib.compressobj(); s1 = co.compress(b"abc") + co.flush(zlib.Z_SYNC_FLUSH); print(s1.hex(), (s1 + co.flush()).hex())
for bad in [b"garbage!", c[:-5]]:
    try: zlib.decompress(bad)
    except zlib.error as e: print(e)
zd = b"hello world "
co = zlib.compressobj(zdict=zd); cz = co.compress(data) + co.flush()
print(len(cz), zlib.decompressobj(zdict=zd).decompress(cz) == data)
buf = io.BytesIO()
with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as f: f.write(data)
print(len(buf.getvalue()), gzip.decompress(buf.getvalue()) == data, gzip.decompress(gzip.compress(b"x" * 50, mtime=0)))
print(zlib.MAX_WBITS, zlib.Z_BEST_COMPRESSION, zlib.DEF_BUF_SIZE, zlib.error.__mro__[1].__name__)
