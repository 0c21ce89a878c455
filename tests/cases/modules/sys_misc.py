# sys module: maxsize, recursion limit, stdout/stderr write, version info, modules as objects.
import sys

print(sys.maxsize, sys.maxsize == 2 ** 63 - 1, -sys.maxsize - 1)
print(sys.version_info[:2] == (3, 11), sys.version_info.major, sys.version_info.minor)
print(sys.getrecursionlimit())
sys.setrecursionlimit(2000)
print(sys.getrecursionlimit())
sys.setrecursionlimit(1000)
print(sys.getrecursionlimit())
try:
    sys.setrecursionlimit(0)
except ValueError as e:
    print("ValueError:", e)
w = sys.stdout.write("partial ")
sys.stdout.write("line\n")
print("wrote", w)
sys.stderr.write("a message on stderr\n")
print(type(sys.argv).__name__, isinstance(sys.argv[0], str), type(sys).__name__, sys.__name__)
print(sys.byteorder in ("little", "big"), isinstance(sys.platform, str), sys.float_info.max, sys.float_info.epsilon)
print(sys.int_info.bits_per_digit in (15, 30), sys.float_info.dig, sys.float_info.mant_dig)
print(callable(sys.exit), sys.stdout is not sys.stderr)
sys.stdout.flush()
print("end")
