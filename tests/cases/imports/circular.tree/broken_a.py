from broken_b import THING
LATER = 1
