import attr_b
VALUE = 1
