# The 3.11 int/str conversion limit (4300 digits) and sys.set_int_max_str_digits.
import sys
print(sys.get_int_max_str_digits(), sys.flags.int_max_str_digits, sys.int_info.default_max_str_digits)
big = 10 ** 4299
print(len(str(big)), len(repr(big)), len(f"{big}"), len(format(big, "d")))
for make in (lambda: str(10 ** 4300), lambda: repr(-10 ** 5000), lambda: f"{10 ** 4400}",
             lambda: int("1" * 4301), lambda: int("-" + "9" * 5000), lambda: int(b"7" * 4400),
             lambda: int("1" * 4400, 7)):
    try:
        make()
        print("no error")
    except ValueError as e:
        print(e)
print(len(hex(10 ** 5000)), int("f" * 5000, 16) > 0, int("0x" + "1" * 5000, 0) > 0)
print(len(str(int("1" * 4300))))
sys.set_int_max_str_digits(5000)
print(len(str(10 ** 4999)), sys.get_int_max_str_digits())
sys.set_int_max_str_digits(0)
print(len(str(10 ** 20000)))
try:
    sys.set_int_max_str_digits(100)
except ValueError as e:
    print(e)
sys.set_int_max_str_digits(maxdigits=640)
try:
    str(10 ** 700)
except ValueError as e:
    print(e)
