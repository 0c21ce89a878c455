# Uncaught KeyError from a dict lookup.
prices = {"apple": 3, "pear": 5}
for fruit in ["apple", "pear", "mango"]:
    print(fruit, prices[fruit])
