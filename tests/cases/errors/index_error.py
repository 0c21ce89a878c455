# Uncaught IndexError from reading past the end of a list.
row = [10, 20, 30]
i = 0
while True:
    print("row[%d] = %d" % (i, row[i]))
    i += 1
