class D:
    def __get__(self, obj, owner=None):
        return ("get", obj is None, owner.__name__)
class DD:
    def __get__(self, obj, owner=None):
        return "dd-get"
    def __set__(self, obj, v):
        print("dd-set", v)
class C:
    d = D()
    dd = DD()
c = C()
print(c.d, C.d)
c.__dict__['d'] = 5
c.__dict__['dd'] = 6
print(c.d, c.dd)
c.dd = 7
class B:
    def __init_subclass__(cls, **kw):
        super().__init_subclass__()
        print("isc", cls.__name__)
class B2(B): pass
print(isinstance(3, int))
# Precedence: data descriptors beat the instance dict, which beats non-data descriptors.
class Log:
    def __init__(self): self.log = []
    def __get__(self, obj, owner=None):
        self.log.append(("get", obj is None))
        return self if obj is None else obj.__dict__.get("_v", 0)
    def __set__(self, obj, v):
        self.log.append(("set", v))
        obj.__dict__["_v"] = v
    def __delete__(self, obj):
        self.log.append(("del",))
        obj.__dict__.pop("_v", None)
class K:
    v = Log()
k = K()
k.v = 3
print(k.v)
del k.v
print(k.v, K.v.log)
object.__setattr__(k, "v", 9)
print(k.v)
class Meta(type):
    @property
    def kind(cls):
        return "meta-prop " + cls.__name__
    def describe(cls):
        return "described " + cls.__name__
class WithMeta(metaclass=Meta):
    kind_attr = 1
print(WithMeta.kind, WithMeta.describe())
try:
    WithMeta().describe
except AttributeError as e:
    print(e)
for i in range(3000):
    k.v = i
print(k.v, len(K.v.log))
