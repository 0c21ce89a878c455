# sys.exit("message"): message goes to stderr, exit status 1.
import sys

print("something went wrong")
sys.exit("fatal: configuration missing")
