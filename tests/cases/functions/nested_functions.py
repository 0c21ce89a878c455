# Nested function definitions, closures over loop variables, recursion inside closures.
def make_ops():
    ops = {}
    for name, factor in [("double", 2), ("triple", 3), ("tenfold", 10)]:
        def op(x, factor=factor):
            return x * factor

        ops[name] = op
    return ops


ops = make_ops()
print({k: f(7) for k, f in ops.items()})


def tree_sum(tree):
    def visit(node):
        if node is None:
            return 0
        value, left, right = node
        return value + visit(left) + visit(right)

    return visit(tree)


t = (1, (2, (4, None, None), None), (3, None, (5, None, None)))
print(tree_sum(t))


def accumulator():
    items = []

    def add(x):
        items.append(x)
        return len(items)

    def total():
        return sum(items)

    return add, total


add, total = accumulator()
print(add(5), add(10), add(-3), total())


def level1(a):
    def level2(b):
        def level3(c):
            return a + b + c

        return level3

    return level2


print(level1(1)(10)(100), level1("a")("b")("c"))


def generator_factory(n):
    def gen():
        for i in range(n):
            yield i * n

    return gen


print(list(generator_factory(4)()), list(generator_factory(2)()))
