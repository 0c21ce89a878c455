from . import __name__ as parent_name_is_not_a_module
from pkg.sub import loaded_order
loaded_order.append("leaf")

def twice(x):
    return 2 * x
