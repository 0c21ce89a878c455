# Module- and class-body names (LOAD_NAME / STORE_NAME) in hot loops: a module-level loop
# over globals, class bodies shadowing globals and reading builtins, a name deleted and then
# read (NameError).
total = 0
for i in range(2000):
    total += i % 7
    last = i
print(total, last)

len = lambda x: -1
print(len([1, 2]))
del len
print(len([1, 2]))

scale = 3


class Shapes:
    scale = scale * 2
    sizes = []
    for k in range(5):
        sizes.append(k * scale)
    del k
    count = len(sizes)


print(Shapes.scale, Shapes.sizes, Shapes.count, scale)


gone = 5
del gone
try:
    print(gone)
except NameError as e:
    print("NameError:", e)
