# Subscripts: dict, list, nested, slices, spacing inside brackets.
table = {"a": [1, 2, 3], "b": {"c": 4}}


def lookup(key, index):
    row = table[key]
    return row [ (index) ]


def nested():
    return table["b"]["missing"]


for fn in (lambda: lookup("a", 10), nested):
    try:
        fn()
    except (IndexError, KeyError) as e:
        print("caught", repr(e))

value = lookup("zz", 0)
