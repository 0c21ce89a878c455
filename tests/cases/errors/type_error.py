# Uncaught TypeError: adding incompatible types.
items = [1, 2, 3]
total = 0
for it in items:
    total += it
print("total", total)
label = "total: " + total
print(label)
