# Iterating over containers; iterator exhaustion; mutation during iteration.
lst = [1, 2, 3]
it = iter(lst)
print(next(it), next(it), next(it), next(it, "done"))
try:
    next(it)
except StopIteration:
    print("StopIteration raised")
d = {"a": 1, "b": 2}
di = iter(d)
print(list(di), list(di))
print(list(iter(d.items())), list(zip(d, d.values())))
it2 = iter(range(5))
print(list(zip(it2, it2)))
s = "abc"
print([c for c in s], list(enumerate(s, 1)), list(map(str.upper, s)))
data = [1, 2, 3, 4, 5, 6]
for x in data:
    if x % 2 == 0:
        data.remove(x)
print(data)
nums = [0, 1, 2]
for n in nums:
    if n < 5:
        nums.append(n + 3)
print(nums)
try:
    st = {1, 2}
    for v in st:
        st.add(v + 10)
except RuntimeError as e:
    print("RuntimeError:", e)


def count_iter(n):
    i = 0
    while i < n:
        yield i
        i += 1


print(sum(count_iter(10)), list(count_iter(0)), sorted(count_iter(4), reverse=True))
calls = iter([3, 2, 1, 0, -1].__iter__().__next__, 0)
print(list(calls))
