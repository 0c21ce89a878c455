from broken_a import LATER
THING = 2
