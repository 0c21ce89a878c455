# list methods and in-place operations.
a = [3, 1, 4, 1, 5, 9, 2, 6]
a.append(5)
a.extend([3, 5])
a.insert(0, 0)
a.insert(-1, 99)
a.insert(100, 100)
print(a, len(a))
print(a.pop(), a.pop(0), a.pop(-2), a)
a.remove(1)
print(a, a.index(5), a.index(5, 5), a.count(5), a.count(42))
a.reverse()
print(a)
b = a.copy()
b.clear()
print(a, b)
a.sort()
print(a)
a.sort(reverse=True)
print(a)
try:
    a.remove(1000)
except ValueError as e:
    print("ValueError:", e)
try:
    a.index(1000)
except ValueError as e:
    print("ValueError:", e)
try:
    [].pop()
except IndexError as e:
    print("IndexError:", e)
try:
    a[50]
except IndexError as e:
    print("IndexError:", e)
print([1, 2] + [3], [0] * 4, [[0]] * 2, 2 * [1, 2], [1, 2] * 0, [] * 5)
grid = [[0] * 3 for _ in range(3)]
grid[1][1] = 5
alias = [[0] * 3] * 3
alias[1][1] = 5
print(grid, alias)
print(list(range(5)), list("abc"), list((1, 2)), list({1: 2, 3: 4}), list())
print(sum([[1], [2, 3]], []), [1, 2, 3][::-1], len([[]]), [] == [], [1] != [1, 0])
nums = [5, 3, 8]
nums += range(2)
nums *= 2
print(nums, nums.index(8), 8 in nums, 7 not in nums, max(nums), min(nums))
