# SystemExit can be caught like other exceptions; code attribute; finally runs on exit.
import sys

for arg in [None, 0, 4, "text"]:
    try:
        if arg is None:
            sys.exit()
        sys.exit(arg)
    except SystemExit as e:
        print("caught SystemExit code:", repr(e.code), "args:", e.args)
try:
    raise SystemExit(7)
except SystemExit as e:
    print("raised directly:", e.code)
try:
    try:
        sys.exit(1)
    finally:
        print("finally ran during exit")
except SystemExit:
    print("then caught")
try:
    sys.exit(2)
except Exception:
    print("not reached: SystemExit is not an Exception")
except BaseException as e:
    print("caught as BaseException:", type(e).__name__)
print("program continues, exiting normally")
