s = "hello"
t = "x" * 3
u = "héllo wörld"
print(s.split()[0] is s, s.split(",")[0] is s, s.split(",", 1)[0] is s, u.split()[0] is u)
print(s[:] is s, s[0:] is s, s[:-1] is s, s[1:2] is s[1], u[:] is u, u[1:2] is u[1])
print(s.strip("xyz") is s, s.strip() is s, s.lstrip("h") is s, s.rstrip() is s, s.strip("ho"), s.rstrip("ello") is s[0])
print("".join([s]) is s, "-".join([s]) is s, "-".join((s,)) is s, "".join([s, ""]) is s)
print(("" + s) is s, (s + "") is s, (s + s) is s)
print(s.replace("l", "l") is s, s.replace("z", "q") is s, s.replace("l", "L", 0) is s, s.replace("l", "L") is s, s.replace("l", "L"))
print(" a  b ".split(), "a,b,,c".split(","), "".split(), "".split(","), "a".split("a"))
print("banana".count("a"), "banana".count("an"), "banana".count(""), "bänänä".count("ä"), "banana".count("a", 2), "banana".count("a", -2, -1))
print("banana".startswith("ban"), "banana".endswith(("x", "na")), "banana".startswith("an", 1, 3))
