# Common str methods.
s = "  The quick brown Fox jumps over the lazy dog  "
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()), repr("xxhixx".strip("x")), repr("abcba".strip("ab")))
print(s.split(), s.split(" ", 3), "a,b,,c".split(","), "a,b,,c".split(",", 1), "".split(), "".split(","))
print("a b  c".rsplit(None, 1), "a-b-c".rsplit("-", 1), "line1\nline2\r\nline3".splitlines(), "x\ny\n".splitlines(True))
print("-".join(["a", "b", "c"]), "".join(map(str, range(5))), ", ".join([]), "|".join("xyz"))
print(s.replace("o", "0"), "aaaa".replace("a", "b", 2), "abc".replace("", "-"), "hello".replace("l", ""))
print(s.find("quick"), s.find("cat"), s.rfind("o"), s.index("Fox"), s.rindex("the"), s.count("o"), "aaaa".count("aa"))
print(s.startswith("  The"), s.endswith("dog"), "abc".startswith(("x", "a")), "abc".endswith("bc", 1), "abc".startswith("b", 1))
print("MiXeD 123".upper(), "MiXeD 123".lower(), "hello world".title(), "hello World".capitalize(), "MiXeD".swapcase(), "ß".upper(), "ǅ".lower())
print(repr("ab".center(7)), repr("ab".center(8, "*")), repr("ab".ljust(5, ".")), repr("ab".rjust(5)), "42".zfill(6), "-42".zfill(6), "+7".zfill(4))
print("123".isdigit(), "12a".isdigit(), "abc".isalpha(), "ab1".isalnum(), " \t".isspace(), "".isdigit(), "Abc".istitle(), "abc".islower(), "ABC".isupper())
print("١٢٣".isdigit(), "½".isnumeric(), "½".isdigit(), "x_1".isidentifier(), "1x".isidentifier(), "abc".isascii(), "é".isascii(), "\t".isprintable())
try:
    "abc".index("z")
except ValueError as e:
    print("ValueError:", e)
print("a\tb\tc".expandtabs(4), "key=value=x".partition("="), "key=value=x".rpartition("="), "none".partition("="))
print("prefix_body".removeprefix("prefix_"), "body.txt".removesuffix(".txt"), "abc".removeprefix("z"))
print("hello"[::-1] == "olleh", "ab" * 3, "ab" + "cd", "b" in "abc", "" in "abc", "abc" < "abd")
print(str.maketrans("abc", "xyz") == str.maketrans("abc", "xyz"), "aabbcc".translate(str.maketrans("abc", "xyz")), "hello".translate({ord("l"): None}))
print("Straße".casefold(), "a{}b".format(1), "%s" % "x", "x".encode(), "é".encode("utf-8"), "A".__len__())
