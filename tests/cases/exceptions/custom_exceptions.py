# Custom exception hierarchies, args, str/repr, attributes.
class AppError(Exception):
    pass


class ConfigError(AppError):
    def __init__(self, key, reason):
        super().__init__(f"bad config {key!r}: {reason}")
        self.key = key
        self.reason = reason


class RetryableError(AppError):
    def __init__(self, attempts):
        self.attempts = attempts

    def __str__(self):
        return f"failed after {self.attempts} attempts"


for exc in [AppError(), AppError("msg"), AppError("a", 2), ConfigError("port", "not a number"), RetryableError(3)]:
    print(type(exc).__name__, repr(str(exc)), exc.args, repr(exc))
try:
    raise ConfigError("host", "empty")
except AppError as e:
    print("caught as AppError:", e, e.key, e.reason, isinstance(e, Exception))
print(issubclass(ConfigError, AppError), issubclass(AppError, BaseException), ConfigError.__mro__[-3].__name__)
e = ValueError("x", 1, [2])
print(e.args, str(e), repr(e), str(ValueError("only")), repr(ValueError()), str(KeyError("k")), str(KeyError("a", "b")))
print(repr(Exception("a")), str(Exception()), repr(StopIteration(5)), StopIteration(5).value)


class WithDefault(Exception):
    def __init__(self, msg="default message"):
        super().__init__(msg)


try:
    raise WithDefault
except WithDefault as e:
    print("WithDefault:", e)
try:
    raise WithDefault("custom")
except Exception as e:
    print("WithDefault:", e)
errs = []
for cls in [ArithmeticError, ZeroDivisionError, OverflowError, LookupError, KeyError, IndexError, OSError,
            FileNotFoundError, RecursionError, NotImplementedError, UnboundLocalError, StopIteration]:
    errs.append((cls.__name__, cls.__bases__[0].__name__))
print(errs)
