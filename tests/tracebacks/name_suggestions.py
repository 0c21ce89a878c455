# An uncaught NameError inside a function: the hint comes from its locals first.
def accumulate(values):
    running_total = 0
    for v in values:
        running_total += v
    return runing_total


print(accumulate(range(5)))
