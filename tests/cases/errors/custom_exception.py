# Uncaught custom exception with a formatted message.
class InventoryError(Exception):
    def __init__(self, item, wanted, have):
        super().__init__(f"need {wanted} of {item!r}, have {have}")


stock = {"bolts": 10, "nuts": 2}


def take(item, n):
    if stock[item] < n:
        raise InventoryError(item, n, stock[item])
    stock[item] -= n
    print("took", n, item)


take("bolts", 4)
take("nuts", 5)
