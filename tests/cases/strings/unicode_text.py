# Non-ASCII strings: lengths, encoding, case mapping, ordering.
words = ["naïve", "café", "Ελληνικά", "русский", "日本語", "emoji😀", "ﬁne"]
for w in words:
    print(w, len(w), w.upper(), w.lower(), len(w.encode("utf-8")), w[::-1], w[1:3])
print(sorted(words))
print(sorted(words, key=len))
print(max(words), min(words))
print("ß".upper(), "ﬁ".upper(), "İ".lower(), len("İ".lower()), "Σ".lower(), "ΌΣΟΣ".lower())
print("é" == "e\u0301", len("e\u0301"), "\u00e9".encode(), "e\u0301".encode())
print("é".encode("latin-1"), b"\xe9".decode("latin-1"), "☃".encode("utf-8").decode("utf-8"))
print("日本語".find("本"), "日本語".split("本"), "日本語".replace("日", "月"), "日" in "日本語")
print(" ".join(reversed("русский".split("с"))), "русский".count("с"), "русский".center(11, "·"))
try:
    "☃".encode("ascii")
except UnicodeEncodeError as e:
    print("UnicodeEncodeError:", e)
try:
    b"\xff".decode("utf-8")
except UnicodeDecodeError as e:
    print("UnicodeDecodeError:", e)
print("☃".encode("ascii", "replace"), "☃x".encode("ascii", "ignore"), b"a\xffb".decode("utf-8", "replace"))
print([ord(c) for c in "aé€😀"], "".join(chr(c) for c in [72, 233, 8364, 128512]))
