# Failing calls, attribute access and a method call chain.
class Builder:
    def __init__(self):
        self.parts = []

    def add(self, part):
        self.parts.append(part)
        return self

    def build(self):
        return "-".join(self.parts)


def make():
    return Builder().add("a").add("b").build().upper().missing_method()


def call_none():
    handler = None
    return handler("event")


try:
    call_none()
except TypeError as e:
    print("caught:", e)
print(make())
