# Wrong argument counts to built-in methods: CPython's wording, which depends on how each
# method parses its arguments (counts exclude self).
cases = [
    ("str.join", lambda: "".join()), ("str.join+", lambda: "".join(1, 2)),
    ("replace", lambda: "".replace("a")), ("replace+", lambda: "".replace(1, 2, 3, 4)),
    ("find", lambda: "".find()), ("find+", lambda: "".find(1, 2, 3, 4)),
    ("count", lambda: "".count()), ("startswith", lambda: "".startswith()),
    ("zfill", lambda: "".zfill()), ("partition", lambda: "".partition()),
    ("encode+", lambda: "".encode(1, 2, 3)), ("removeprefix", lambda: "".removeprefix()),
    ("append", lambda: [].append()), ("append+", lambda: [].append(1, 2)),
    ("extend", lambda: [].extend()), ("insert", lambda: [].insert(1)),
    ("pop+", lambda: [].pop(1, 2)), ("remove", lambda: [].remove()),
    ("index", lambda: [].index()), ("lcount", lambda: [].count()),
    ("sort+", lambda: [].sort(1)), ("get", lambda: {}.get()), ("get+", lambda: {}.get(1, 2, 3)),
    ("dpop", lambda: {}.pop()), ("setdefault", lambda: {}.setdefault()),
    ("update+", lambda: {}.update(1, 2)), ("fromkeys", lambda: dict.fromkeys()),
    ("add", lambda: set().add()), ("sremove", lambda: set().remove()),
    ("discard", lambda: set().discard()), ("symdiff", lambda: set().symmetric_difference()),
    ("symdiffu", lambda: set().symmetric_difference_update()),
    ("issubset", lambda: set().issubset()), ("issuperset", lambda: set().issuperset()),
    ("isdisjoint", lambda: set().isdisjoint()),
    ("eq", lambda: object().__eq__()), ("setattr", lambda: object().__setattr__(1)),
]
for name, f in cases:
    try:
        f()
        print(name, "no error")
    except TypeError as e:
        print(name, "->", e)
def g():
    yield 1
for f in [lambda: object().__ne__(1,2), lambda: object().__getattribute__(), lambda: g().send(), lambda: g().throw(), lambda: g().throw(1,2,3,4), lambda: "".center(), lambda: "".ljust(1,2,3), lambda: [].pop(1,2), lambda: [].insert(), lambda: "".rjust()]:
    try: f()
    except TypeError as e: print(repr(str(e)))
