# binascii (base64 with CPython's lenient and strict rules, hex with separators, uu, CRCs) and base64/zipfile on top.
import binascii, base64, zipfile, io, email
for d in [b"", b"f", b"fo", b"foo", b"foob", bytes(range(256))]:
    e = binascii.b2a_base64(d)
    print(e[:40], binascii.a2b_base64(e) == d, binascii.b2a_base64(d, newline=False)[-4:])
for bad in [b"abc", b"a", b"ab=c=", b"YWJj\n", b"Y W J j", b"YQ===", b"=YQ==", "YWJj"]:
    for strict in (False, True):
        try: print(repr(bad), strict, binascii.a2b_base64(bad, strict_mode=strict))
        except binascii.Error as e: print(repr(bad), strict, "Error:", e)
print(binascii.hexlify(b"\x01\xab\xff"), binascii.hexlify(b"abcdefg", "-", 2), binascii.hexlify(b"abcdefg", b":", -3), binascii.b2a_hex(b"xy", " "))
print(binascii.unhexlify("01abFF"), binascii.a2b_hex(b"00"))
for bad in ["abc", "zz"]:
    try: binascii.unhexlify(bad)
    except binascii.Error as e: print(e)
try: binascii.a2b_base64("é")
except ValueError as e: print(e)
print(binascii.crc32(b"hello"), binascii.crc32(b" world", binascii.crc32(b"hello")), binascii.crc_hqx(b"hello", 0), binascii.crc_hqx(b"x", 0xffff))
u = binascii.b2a_uu(b"The quick brown fox"); print(u, binascii.a2b_uu(u), binascii.b2a_uu(b"\0\0", backtick=True), binascii.a2b_uu(b""))
print(base64.b64encode(b"pycrane"), base64.b64decode(b"cHljcmFuZQ=="), base64.urlsafe_b64encode(b"\xfb\xff"), base64.b32encode(b"abc"), base64.b16decode(b"4142"), base64.a85encode(b"hi"), base64.b85encode(b"hi"))
print(issubclass(binascii.Error, ValueError), binascii.Incomplete.__mro__[1].__name__)
zb = io.BytesIO()
with zipfile.ZipFile(zb, "w", zipfile.ZIP_DEFLATED) as z: z.writestr("a.txt", b"data " * 100)
with zipfile.ZipFile(zb) as z: print(z.namelist(), z.read("a.txt")[:10], z.getinfo("a.txt").compress_size, z.testzip())
print(binascii.crc32(b"x", -1), binascii.crc_hqx(b"ab", 0x1ffff))
try: binascii.crc32(b"x", "a")
except TypeError as e: print(e)
