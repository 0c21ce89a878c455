# Uncaught AttributeError on an instance.
class Box:
    def __init__(self, size):
        self.size = size


b = Box(3)
print("size", b.size)
print("weight", b.weight)
