# Chained exceptions: explicit cause, implicit context, suppressed context.
class ConfigError(Exception):
    pass


def parse(text):
    return int(text) * 2


def load(text):
    try:
        return parse(text)
    except ValueError as e:
        raise ConfigError("bad config: " + text) from e


def load_quiet(text):
    try:
        return parse(text)
    except ValueError:
        raise ConfigError("quiet") from None


def cleanup(data):
    try:
        return data["key"]
    except KeyError:
        return data.missing


try:
    load_quiet("x")
except ConfigError as e:
    print("quiet:", e, e.__suppress_context__)
try:
    cleanup({})
except AttributeError as e:
    print("context:", type(e.__context__).__name__)
load("nope")
