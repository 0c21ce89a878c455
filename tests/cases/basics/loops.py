# for/while loops with break, continue and else clauses.
total = 0
for i in range(10):
    if i % 3 == 0:
        continue
    total += i
    print("i =", i, "total =", total)

for i in range(5):
    if i == 7:
        break
else:
    print("for-else ran: no break")

for i in range(5):
    if i == 2:
        print("breaking at", i)
        break
else:
    print("not printed")

n = 0
while n < 5:
    n += 1
    if n == 2:
        continue
    print("while n =", n)
else:
    print("while-else ran, n =", n)

n = 100
while True:
    n //= 3
    print("n is now", n)
    if n < 2:
        break

for outer in range(3):
    for inner in range(3):
        if inner == outer:
            continue
        if inner > outer + 1:
            break
        print(outer, inner, end="; ")
    print()

count = 0
for _ in range(0):
    count += 1
else:
    print("empty loop else, count", count)

x = 10
while x:
    x -= 3
    if x < 0:
        print("went negative:", x)
        break
else:
    print("reached zero")
