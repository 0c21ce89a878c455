# sys.exit() with stderr output beforehand: exit status 0.
import sys

print("normal output")
print("warning: exiting early", file=sys.stderr)
sys.exit()
