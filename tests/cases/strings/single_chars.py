# One-character strs from indexing, iteration and chr(): Latin-1 ones are shared objects
# (as in CPython), and sharing them must not let `+=` on one change another.
s = "héllo wörld"
print([c for c in s])
print(s[1] is s[1], s[-1] is s[::-1][0], chr(97) is chr(97), chr(0xE9) is s[1])
print(chr(0x1F600), chr(0x100), ord(chr(255)), "€"[0] * 3)
t = s[0]
for k in range(3):
    t += "x"
print(t, s[0], s, s[:1])
chars = list("abcabc")
print(chars, [c is chars[0] for c in chars])
counts = {}
for c in "mississippi":
    counts[c] = counts.get(c, 0) + 1
print(sorted(counts.items()))
word = ""
for c in reversed("stressed"):
    word = word + c
print(word, word[0], "".join(sorted("pycrane")))
