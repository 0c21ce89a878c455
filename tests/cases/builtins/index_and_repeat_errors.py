for a, b in [({}, 'x'), (set(), 'ab'), (3, 'ab'), (None, 'ab'), ([1], {}), ({}, [1]), (2.5, 'x')]:
    try:
        a *= b
        print(a)
    except TypeError as e:
        print(e)
    try:
        print(a * b)
    except TypeError as e:
        print(e)
for s in ['abc', b'abc', [1], (1,), bytearray(b'x'), range(3)]:
    for k in ['a', 1.5, None, [1], {}, (1,)]:
        try:
            s[k]
        except TypeError as e:
            print(e)
for s in ['abc', b'abc', [1], (1,), bytearray(b'x'), range(3)]:
    try:
        s[10]
    except IndexError as e:
        print(e)
