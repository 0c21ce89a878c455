# sys.argv with sidecar arguments (sys_argv.args).
import sys

print(len(sys.argv))
print(sys.argv[0].endswith("sys_argv.py"))
for i, a in enumerate(sys.argv[1:], 1):
    print(i, repr(a))
nums = [int(a) for a in sys.argv[1:] if a.lstrip("-").isdigit()]
print("numbers:", nums, "sum:", sum(nums))
flags = [a for a in sys.argv[1:] if a.startswith("--")]
print("flags:", flags)
