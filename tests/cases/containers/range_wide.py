# range objects with bounds past 64 bits: length, indexing, slicing, membership, reversal.
big = range(-10**30, 10**30, 7**20)
print(len(big), big[5], big[-3], big[2:9:3], big[::-5][:2], 7 in big, big.index(big[100]), big.count(big[3]))
print(list(reversed(range(2**64, 2**64 + 10, 3))), list(range(2**63 - 2, 2**63 + 2)), sum(range(2**70, 2**70+5)))
try:
    len(range(2**64))
except OverflowError as e:
    print("OverflowError:", e)
print(list(reversed(range(10, -10, -4))), list(reversed(range(0))), range(5)[True], range(10)[-10])
try:
    range(3)["a"]
except TypeError as e:
    print(e)
try:
    range(3).index(7)
except ValueError as e:
    print(e)
print(range(0, 10, 3)[1::2], range(10)[::-1] == range(9, -1, -1), range(2**80)[2**79:][:3])
it = iter(range(3)); next(it); print(list(it), list(it))
