# f-strings with conversions and format specs.
x = 3.14159265
n = 1234567
name = "Ada"
items = [1, "two", 3.0]
print(f"{x}", f"{x:.2f}", f"{x:>10.3f}|", f"{x:<10.1f}|", f"{x:^12.4f}|", f"{x:+.1e}")
print(f"{n:,}", f"{n:_}", f"{n:>12,}", f"{n:012d}", f"{n:x}", f"{-n:,}")
print(f"{name!r}", f"{name!s}", f"{name!a}", f"{'é'!a}", f"{items!r}", f"{items}")
print(f"{name:>8}|{name:<8}|{name:^8}|{name:*^9}|{name:.2}")
print(f"{{literal}} {n} {{{n}}}")
width, prec = 12, 3
print(f"{x:{width}.{prec}f}|", f"{name:>{width}}|")
print(f"{x = }", f"{n + 1 = }", f"{name=!r:>10}")
print(f"{'nested' + ' ' + f'{n:,}'}", f"{[i * i for i in range(4)]}", f"{ {'a': 1}['a'] }")
print(f"{3 + 4j}", f"{True}", f"{None}", f"{1e16}", f"{0.1 + 0.2}", f"{-0.0}")
print(f"{255:#x} {255:#o} {255:#b} {65:c} {0.5:%} {1 / 3:.2%}")
d = {"k": [10, 20]}
print(f"{d['k'][1]} {d!r} {len(d)}")


class P:
    def __format__(self, spec):
        return "P<" + spec + ">"

    def __repr__(self):
        return "P()"

    def __str__(self):
        return "p-str"


p = P()
print(f"{p}", f"{p:abc}", f"{p!r}", f"{p!s}", format(p, "zz"), "{:q}".format(p))
multi = (f"a{1}"
         f"b{2}"
         "c")
print(multi)
