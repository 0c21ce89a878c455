# `for` over lists and tuples steps the iterator inline in compiled code; the list may change
# under it, the iterator may be shared, and an exhausted iterator must stay exhausted.


def grow_while_iterating(n):
    xs = [0, 1]
    seen = []
    for x in xs:
        seen.append(x)
        if len(xs) < n:
            xs.append(x + 2)
    return seen


def shrink_while_iterating():
    xs = list(range(10))
    seen = []
    for x in xs:
        seen.append(x)
        if x == 3:
            del xs[5:]
        if x == 1:
            xs.pop(0)
    return seen, xs


def shared_iterator(n):
    it = iter(list(range(n)))
    firsts = []
    for x in it:
        firsts.append(x)
        if x == 2:
            break
    rest = [y * 10 for y in it]
    return firsts, rest


def exhausted_stays_exhausted():
    xs = [1, 2, 3]
    it = iter(xs)
    total = 0
    for x in it:
        total += x
    xs.append(4)
    xs.append(5)
    late = list(it)
    t = (7, 8)
    tit = iter(t)
    for _ in tit:
        pass
    return total, late, list(tit), next(it, "done")


def nested_same_list(xs):
    pairs = 0
    for a in xs:
        for b in xs:
            if a < b:
                pairs += 1
    return pairs


def tuples_and_others(objs):
    out = []
    for o in objs:
        acc = []
        for item in o:
            acc.append(item)
        out.append(acc)
    return out


def main():
    for n in (2, 5, 40):
        print(grow_while_iterating(n))
        print(shared_iterator(n))
    print(shrink_while_iterating())
    print(exhausted_stays_exhausted())
    print(nested_same_list(list(range(30))), nested_same_list(tuple(range(12))))
    objs = [(1, 2), [3.5, None], "ab", b"xy", range(3), {"k": 1}, {9}, reversed([1, 2])]
    for _ in range(3):
        print(tuples_and_others(objs))


main()
