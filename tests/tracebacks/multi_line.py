# An expression spread over several lines: only the first line is shown and marked.
def combine(a, b, c):
    return (
        a
        + b
        + c
    )


def build():
    result = combine(1,
                     2,
                     "three")
    return result


build()
