# This file does not compile: a missing closing parenthesis.
print("this never runs")
def broken(:
    return 1
