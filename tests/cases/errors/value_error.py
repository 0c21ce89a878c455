# Uncaught ValueError from int() on bad input.
tokens = ["12", "7", "3.5", "9"]
parsed = []
for t in tokens:
    parsed.append(int(t))
    print("parsed", parsed)
