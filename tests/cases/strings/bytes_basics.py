# bytes and bytearray basics.
b = b"hello \x00\xff world"
print(b, len(b), b[0], b[-1], b[6], b[1:5], b[::-1], type(b[0]).__name__, type(b[0:1]).__name__)
print(b.upper(), b.split(), b.replace(b"l", b"L"), b.find(b"world"), b.count(b"l"), b.startswith(b"he"))
print(bytes(3), bytes([65, 66, 67]), bytes(range(5)), bytes("ü", "utf-8"), b"abc".hex(), bytes.fromhex("41 42 ff"))
print(b"a" + b"b", b"ab" * 3, b"b" in b"abc", 98 in b"abc", list(b"AZ"), b"x" == b"x", b"a" < b"b")
print(b"abc".decode(), b"caf\xc3\xa9".decode("utf-8"), repr(b"'"), repr(b'"'), repr(b"\t\n\r\\"), b"\x7f\x80")
ba = bytearray(b"abc")
ba.append(100)
ba.extend(b"ef")
ba[0] = 65
ba[1:3] = b"XYZ"
print(ba, len(ba), bytes(ba), ba.pop(), ba, ba.decode())
del ba[0]
print(ba, bytearray(2), bytearray([1, 2]), ba == b"XYZde", ba.hex())
print(b"-".join([b"a", b"b"]), b" pad ".strip(), b"a,b".split(b","), b"%d-%s" % (5, b"x"), b"ab".center(6, b"*"))
print(hash(b"") == hash(b""), b"abc".isalpha(), b"123".isdigit(), b"Hi".lower(), b"hi".title())
try:
    b"a" + "b"
except TypeError as e:
    print("TypeError:", e)
try:
    bytes([256])
except ValueError as e:
    print("ValueError:", e)
try:
    ba[0] = 300
except ValueError as e:
    print("ValueError:", e)
print(str(b"x"), bytes(b"copy"), memoryview(b"mv").tobytes(), int.from_bytes(b"\x00\x10", "big"))
