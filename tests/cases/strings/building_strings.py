# Building strings in loops, join vs concat, multiplication and comparisons.
parts = []
for i in range(10):
    parts.append(str(i) * (i % 4))
print("|".join(parts))
s = ""
for ch in "abcdef":
    s = ch + s + ch
print(s, len(s))
table = ""
for r in range(1, 6):
    table += " ".join(str(r * c).rjust(3) for c in range(1, 6)) + "\n"
print(table, end="")
print("-" * 20)
print("=" * 0 + "|", "ab" * -1 + "|", 3 * "xy")
words = "the rain in spain stays mainly in the plain".split()
caps = " ".join(w.capitalize() for w in words)
print(caps)
print(sorted(words), sorted(words, key=lambda w: (-len(w), w)))
counts = {}
for w in words:
    counts[w] = counts.get(w, 0) + 1
print(counts)
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
acronym = "".join(w[0] for w in "portable network graphics".split()).upper()
print(acronym)
print("abc" < "abcd" < "abd" < "b", "Z" < "a", "a" * 3 == "aaa", "ab" != "ba")
print(str(123) + str(4.5) + str(None) + str([1]) + str((2,)))
rev = " ".join(w[::-1] for w in "hello world from python".split())
print(rev)
print(ord(max("hello")), min("hello"), sorted("hello"), list("hi"), tuple("hi"))
