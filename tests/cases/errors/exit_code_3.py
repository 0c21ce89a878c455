# sys.exit(3): exits with status 3 and no traceback.
import sys

print("exiting with 3")
sys.stdout.flush()
sys.exit(3)
print("not printed")
