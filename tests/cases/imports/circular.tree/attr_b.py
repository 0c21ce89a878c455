import attr_a
print(attr_a.VALUE)
