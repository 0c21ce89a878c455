# String indexing and slicing, including non-ASCII text and steps.
s = "Hello, wörld! ☃ 日本語"
print(len(s), s[0], s[-1], s[7], s[8], s[-3], s[14])
print(s[0:5], s[7:], s[:-4], s[::2], s[::-1], s[1:10:3], s[-1:-8:-2], s[100:], s[-100:3])
print(repr(s[5:5]), s[3:1], s[::-3], s[len(s) - 1:0:-4])
for i, ch in enumerate("aé☃😀"):
    print(i, ch, ord(ch), len(ch), repr(ch))
t = "😀x😀"
print(len(t), t[1], t[::-1], t.index("x"), t.find("😀", 1))
try:
    s[100]
except IndexError as e:
    print("IndexError:", e)
try:
    s[0] = "h"
except TypeError as e:
    print("TypeError:", e)
w = "abcdefghij"
for start in (None, 2, -3):
    for stop in (None, 7, -1):
        for step in (None, 1, 2, -1, -2):
            print(start, stop, step, repr(w[start:stop:step]))
print(w[slice(1, 8, 3)], w[slice(None, None, -5)], slice(1, 8, 3).indices(10), slice(-3, None).indices(5))
try:
    w[::0]
except ValueError as e:
    print("ValueError:", e)
