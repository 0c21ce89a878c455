# dict comprehensions and common grouping/counting idioms.
squares = {n: n * n for n in range(8)}
print(squares)
inv = {v: k for k, v in squares.items()}
print(inv)
text = "abracadabra alakazam"
counts = {}
for ch in text:
    counts[ch] = counts.get(ch, 0) + 1
print(counts)
print(sorted(counts, key=counts.get, reverse=True)[:3])
groups = {}
for n in range(20):
    groups.setdefault(n % 4, []).append(n)
print(groups)
nested = {i: {j: i * j for j in range(3)} for i in range(3)}
print(nested, nested[2][2])
filtered = {k: v for k, v in counts.items() if v > 1}
print(filtered)
merged = {**squares, **{0: "zero", 100: "hundred"}}
print(merged)
for k in list(merged):
    if isinstance(merged[k], int) and merged[k] % 2:
        del merged[k]
print(merged)
try:
    for k in squares:
        squares[k + 100] = 0
except RuntimeError as e:
    print("RuntimeError:", e)
matrix = {(r, c): r * 3 + c for r in range(3) for c in range(3)}
print(matrix[(1, 2)], len(matrix), min(matrix), max(matrix.values()))
print(sum(counts.values()), len(counts), max(counts.items(), key=lambda kv: kv[1]))
