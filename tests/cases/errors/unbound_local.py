# Uncaught UnboundLocalError.
count = 0


def increment():
    count += 1
    return count


print("count is", count)
increment()
