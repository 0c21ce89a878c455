# property, staticmethod, classmethod, alternate constructors.
class Temperature:
    scale = "C"

    def __init__(self, celsius):
        self._c = celsius

    @property
    def celsius(self):
        return self._c

    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError("below absolute zero")
        self._c = value

    @celsius.deleter
    def celsius(self):
        print("deleting celsius")
        del self._c

    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32

    @staticmethod
    def c_to_f(c):
        return c * 9 / 5 + 32

    @classmethod
    def from_f(cls, f):
        return cls((f - 32) * 5 / 9)

    @classmethod
    def describe(cls):
        return f"{cls.__name__} in {cls.scale}"


t = Temperature(25)
print(t.celsius, t.fahrenheit, Temperature.c_to_f(100), t.c_to_f(0))
t.celsius = 30
print(t.celsius, t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError:", e)
try:
    t.fahrenheit = 5
except AttributeError as e:
    print("AttributeError:", e)
u = Temperature.from_f(212)
print(type(u).__name__, u.celsius, Temperature.describe(), u.describe())
del t.celsius
print(hasattr(t, "_c"))


class Kelvin(Temperature):
    scale = "K"


k = Kelvin.from_f(32)
print(type(k).__name__, k.celsius, Kelvin.describe())
print(type(Temperature.__dict__["celsius"]).__name__, type(Temperature.__dict__["c_to_f"]).__name__,
      type(Temperature.__dict__["from_f"]).__name__)


class Lazy:
    def __init__(self):
        self.computed = 0

    @property
    def value(self):
        self.computed += 1
        return 42


lz = Lazy()
print(lz.value, lz.value, lz.computed)
