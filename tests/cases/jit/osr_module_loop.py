# Hot loops in code that runs once (the module body, main()) enter native code mid-loop.
total = 0
i = 0
while i < 3000:
    if i % 3 == 0:
        total += i
    elif i % 3 == 1:
        total -= 1
    else:
        continue_flag = True
    i += 1
print(total, i)

names = []
for k in range(2000):
    if k % 500 == 0:
        names.append(f"k={k}")
print(names)


def main():
    acc = 0.0
    squares = {}
    for n in range(1, 4000):
        acc += 1.0 / (n * n)
        if n % 1000 == 0:
            squares[n] = round(acc, 6)
        if n > 3500:
            break
    words = []
    for w in "the quick brown fox".split():
        for c in w:
            words.append(c.upper())
    return acc, squares, "".join(words)


print(main())
