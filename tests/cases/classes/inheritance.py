# Inheritance, method overriding, super(), MRO, isinstance/issubclass.
class Animal:
    sound = "..."

    def __init__(self, name):
        self.name = name

    def speak(self):
        return f"{self.name} says {self.sound}"

    def kind(self):
        return "animal"


class Dog(Animal):
    sound = "woof"

    def kind(self):
        return "dog, a kind of " + super().kind()


class Puppy(Dog):
    def __init__(self, name, age):
        super().__init__(name)
        self.age = age

    def speak(self):
        return super().speak() + f" (age {self.age})"


class Cat(Animal):
    sound = "meow"


for a in [Animal("generic"), Dog("rex"), Puppy("bit", 1), Cat("tom")]:
    print(a.speak(), "|", a.kind(), "|", type(a).__name__)
print(isinstance(Puppy("p", 2), Animal), isinstance(Cat("c"), Dog), issubclass(Puppy, Dog), issubclass(Dog, Puppy))
print(issubclass(Dog, (Cat, Animal)), issubclass(bool, int), issubclass(int, object), isinstance(3, (str, int)))
print([c.__name__ for c in Puppy.__mro__], Puppy.__bases__[0].__name__)


class A:
    def who(self):
        return "A"


class B(A):
    def who(self):
        return "B>" + super().who()


class C(A):
    def who(self):
        return "C>" + super().who()


class D(B, C):
    def who(self):
        return "D>" + super().who()


print(D().who(), [k.__name__ for k in D.mro()])


class Base:
    def template(self):
        return f"[{self.hook()}]"

    def hook(self):
        return "base"


class Derived(Base):
    def hook(self):
        return "derived"


print(Base().template(), Derived().template())


class MyList(list):
    def total(self):
        return sum(self)


ml = MyList([1, 2, 3])
ml.append(4)
print(ml, ml.total(), len(ml), isinstance(ml, list), type(ml).__name__, ml[1:3])


class MyDict(dict):
    def __missing__(self, key):
        return f"<no {key}>"


md = MyDict(a=1)
print(md["a"], md["zz"], md)
