# Assignment expressions, global/local names, del, and augmented assignment.
data = [3, 8, 1, 9, 4]
if (n := len(data)) > 3:
    print("long list of", n)
results = [y for x in data if (y := x * 2) > 6]
print(results, y)
counter = 0


def bump():
    global counter
    counter += 1
    return counter


print(bump(), bump(), counter)
v = 5
v += 3
v -= 1
v *= 4
v //= 3
v %= 5
v **= 3
v <<= 2
v >>= 1
v |= 64
v &= 0xFF
v ^= 0b1010
print(v)
s = "ab"
s *= 3
s += "!"
print(s)
lst = [1]
alias = lst
lst += [2, 3]
print(lst, alias, lst is alias)
t = (1,)
talias = t
t += (2,)
print(t, talias, t is talias)
z = 1
del z
try:
    print(z)
except NameError as e:
    print("NameError:", e)
lst = list(range(10))
del lst[2], lst[-1]
del lst[::3]
print(lst)
while (chunk := data[:2]):
    print("chunk", chunk)
    data = data[2:]
