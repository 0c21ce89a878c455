# Deep recursion: repeated entries collapse into "[Previous line repeated N more times]".
def countdown(n):
    if n == 0:
        return 1 / n
    return countdown(n - 1)


def ping(n):
    return pong(n + 1)


def pong(n):
    return ping(n + 1)


try:
    countdown(50)
except ZeroDivisionError as e:
    print("zero at the bottom")
try:
    countdown(3)
except ZeroDivisionError as e:
    print("short")
ping(0)
