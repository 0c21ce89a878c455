# An exception raised while handling another; uncaught, with implicit context.
import sys

data = {}
try:
    print(data["missing"])
except KeyError:
    print("handling KeyError", file=sys.stderr)
    print(undefined_variable)
