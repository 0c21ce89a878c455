# Non-ASCII text before the failing expression shifts the carets by characters, not bytes.
def greet(name):
    message = "héllo wörld, ünïcode → " + name
    return message


def wide(n):
    label = "日本語のテキスト"; return label + n


try:
    wide(3)
finally:
    greet(42)
