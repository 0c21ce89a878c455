"""A helper module."""
counter = 0
counter += 1

def greet(name):
    return "hello, " + name
