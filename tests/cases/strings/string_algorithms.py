# Text processing exercises: palindromes, caesar, run-length, word frequency, anagrams.
def is_pal(s):
    clean = "".join(c.lower() for c in s if c.isalnum())
    return clean == clean[::-1]


for s in ["A man, a plan, a canal: Panama", "racecar", "hello", "", "No 'x' in Nixon"]:
    print(repr(s), is_pal(s))


def caesar(text, k):
    out = []
    for c in text:
        if c.isupper():
            out.append(chr((ord(c) - 65 + k) % 26 + 65))
        elif c.islower():
            out.append(chr((ord(c) - 97 + k) % 26 + 97))
        else:
            out.append(c)
    return "".join(out)


enc = caesar("Hello, World! xyz", 3)
print(enc, caesar(enc, -3))


def rle(s):
    if not s:
        return ""
    out, prev, n = [], s[0], 1
    for c in s[1:]:
        if c == prev:
            n += 1
        else:
            out.append(f"{n}{prev}")
            prev, n = c, 1
    out.append(f"{n}{prev}")
    return "".join(out)


print(rle("aaabccddddde"), rle("x"), rle(""))
text = """It was the best of times, it was the worst of times,
it was the age of wisdom, it was the age of foolishness"""
freq = {}
for w in text.lower().replace(",", "").split():
    freq[w] = freq.get(w, 0) + 1
for w, c in sorted(freq.items(), key=lambda x: (-x[1], x[0])):
    print(f"{w:>12}: {'#' * c}")
groups = {}
for w in ["listen", "silent", "enlist", "google", "gooegl", "cat", "act", "tac", "dog"]:
    groups.setdefault("".join(sorted(w)), []).append(w)
print(list(groups.values()))
print(" ".join(f"{i:>3}" for i in range(0, 100, 7)))
print("\n".join(" " * (5 - i) + "*" * (2 * i - 1) for i in range(1, 6)))
