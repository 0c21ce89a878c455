# A failing binary operation three calls deep.
def ratio(a, b):
    return a / b


def scaled(values, k):
    total = sum(values) * k
    return ratio(total, len(values) - len(values))


def report(values):
    print("report", values)
    return scaled(values, 2)


report([1, 2, 3])
