# Uncaught exception raised from another: traceback shows both, last line is the outer one.
def load(text):
    try:
        return int(text)
    except ValueError as e:
        raise RuntimeError(f"could not load {text!r}") from e


print(load("15"))
print(load("fifteen"))
