# Compiled code reads locals without taking references where nothing keeps the value; these
# programs rebind, delete and pass on locals while such reads are still on the stack. The
# objects are built fresh so that the local holds the only reference.


def show(*args):
    return " ".join(repr(a) for a in args)


def rebind_while_on_stack(n):
    out = []
    for i in range(n):
        lst = [i, i + 1]
        out.append(show(lst, (lst := None), lst))
        box = [[i]]
        box = box[0]  # the outer list dies; the inner one lives on in `box`
        out.append(show(box, box[0]))
        a, b = [i], [i * 2]
        a, b = b, a
        out.append(show(a, b))
        x = y = [i, "shared"]
        x = None
        out.append(show(x, y))
    return out


def index_and_store(n):
    grid = [[0.0] * 3 for _ in range(3)]
    for k in range(n):
        row = grid[k % 3]
        row[k % 3] = row[k % 3] + 1.5
        row[0] -= 0.25
        grid[k % 3] = row
        row = None
    return grid


def fail_with_borrows(n):
    data = [1.0, 2.0, 3.0]
    total = 0.0
    try:
        for i in range(n):
            total = total + data[i] * data[0]
    except IndexError as e:
        return total, str(e), data
    return total, data


def self_assign(n):
    s = [0]
    for i in range(n):
        s = s
        s[0] = s[0] + i
        t = s
        s = [t[0]]
        del t
    return s


def compare_and_arith(n):
    words = ["b", "a", "c"]
    best = words[0]
    nums = [3, 1.5, 2]
    acc = 0
    for i in range(n):
        w = words[i % 3]
        if w < best:
            best = w
        acc = acc + nums[i % 3] * 2
        w = None
    return best, acc


def main():
    for n in (1, 3, 50):
        print(rebind_while_on_stack(n)[-4:])
        print(index_and_store(n))
        print(fail_with_borrows(n))
        print(self_assign(n))
        print(compare_and_arith(n))


main()
