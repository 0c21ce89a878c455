# Algorithms over lists: merge sort, quicksort, matrix multiply, rotate, dedupe.
def merge_sort(xs):
    if len(xs) <= 1:
        return xs
    mid = len(xs) // 2
    left, right = merge_sort(xs[:mid]), merge_sort(xs[mid:])
    out, i, j = [], 0, 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    return out + left[i:] + right[j:]


def quicksort(xs):
    if len(xs) < 2:
        return xs
    pivot, *rest = xs
    return quicksort([x for x in rest if x < pivot]) + [pivot] + quicksort([x for x in rest if x >= pivot])


data = [(i * 37 + 11) % 101 - 50 for i in range(60)]
print(merge_sort(data))
print(quicksort(data) == sorted(data), merge_sort([]) == [], quicksort([1]))


def matmul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))] for i in range(len(a))]


m = [[1, 2], [3, 4]]
p = m
for _ in range(5):
    p = matmul(p, m)
print(p)
ident = [[1 if i == j else 0 for j in range(3)] for i in range(3)]
print(matmul(ident, [[1, 2, 3], [4, 5, 6], [7, 8, 9]]))


def rotate(xs, k):
    k %= len(xs)
    return xs[-k:] + xs[:-k]


print(rotate(list(range(7)), 3), rotate(list(range(7)), -2), rotate([1], 5))
seen, uniq = set(), []
for x in [3, 1, 3, 2, 1, 5, 2, 4]:
    if x not in seen:
        seen.add(x)
        uniq.append(x)
print(uniq)
stack, queue = [], []
for i in range(5):
    stack.append(i)
    queue.append(i)
print([stack.pop() for _ in range(3)], [queue.pop(0) for _ in range(3)], stack, queue)
flat = [x for row in [[1, 2], [3], [], [4, 5, 6]] for x in row]
print(flat, list(zip(*[[1, 2, 3], [4, 5, 6]])))
