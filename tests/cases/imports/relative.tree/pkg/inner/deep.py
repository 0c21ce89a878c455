from . import sib
from .sib import NAME as sibling_name
from .. import VALUE as parent_value
from ..top import NAME
from .. import top
result = (__name__, __package__, sib.__name__, NAME, top.__name__)
