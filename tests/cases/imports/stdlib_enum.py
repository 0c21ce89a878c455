import enum
from enum import Enum, IntEnum, Flag, IntFlag, auto, unique
class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3
print(Color.RED, repr(Color.GREEN), Color(3), Color['RED'], Color.RED.name, Color.RED.value, list(Color), len(Color))
print(Color.RED is Color(1), Color.RED == 1, isinstance(Color.RED, Color), Color.RED in Color, hash(Color.RED) == hash(Color.RED))
class Num(IntEnum):
    ONE = 1
    TWO = 2
print(Num.ONE + 1, Num.TWO * 3, Num(2), Num.ONE < Num.TWO, sorted([Num.TWO, Num.ONE]), int(Num.TWO), f"{Num.ONE}", str(Num.TWO))
class Perm(Flag):
    R = 4
    W = 2
    X = 1
rw = Perm.R | Perm.W
print(rw, Perm.R in rw, Perm.X in rw, list(rw), bool(Perm(0)), ~Perm.R)
class A(Enum):
    X = auto()
    Y = auto()
print(A.X.value, A.Y.value, [m.name for m in A])
try: Color(7)
except ValueError as e: print(e)
try:
    @unique
    class Dup(Enum):
        A = 1
        B = 1
except ValueError as e: print(e)
class F(IntFlag):
    A = 1
    B = 2
print(F.A | F.B, int(F.A | F.B), F(3))
class Planet(Enum):
    EARTH = (5.97e24, 6.37e6)
    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius
    @property
    def g(self): return 6.67e-11 * self.mass / self.radius ** 2
print(round(Planet.EARTH.g, 2), Planet.EARTH.mass)
class S(str, Enum):
    A = "a"
print(S.A == "a", S.A.upper(), S("a"))
print(Color.__members__.keys(), dir(Color.RED)[:3])
