# _random (CPython's MT19937 and seeding) under Lib's random, and _sha512/_sha256.
import random
random.seed(42)
print(random.random(), random.randint(1, 100), random.choice('abcdef'), random.uniform(1, 2))
print(random.sample(range(100), 5), random.gauss(0, 1), random.getrandbits(70))
l = list(range(10)); random.shuffle(l); print(l)
random.seed('hello'); print(random.random())
random.seed(b'bytes'); print(random.random())
random.seed(-12345678901234567890); print(random.random())
random.seed(3.5); print(random.random())
st = random.getstate(); a = random.random(); random.setstate(st); print(a == random.random())
r = random.Random(7); print(r.randrange(0, 1000, 7), r.choices('xyz', k=5), r.betavariate(2, 3), r.expovariate(1.5))
print(r.triangular(), r.normalvariate(), r.lognormvariate(0, 1), r.vonmisesvariate(1, 2), r.gammavariate(2, 3), r.paretovariate(2), r.weibullvariate(1, 2))
print(random.randbytes(5))
class R(random.Random):
    pass
print(R(5).random() == random.Random(5).random())
import _sha256, _sha512
for f in [_sha256.sha256, _sha256.sha224, _sha512.sha512, _sha512.sha384]:
    h = f(b'abc')
    h2 = h.copy()
    h2.update(b'def')
    print(h.name, h.digest_size, h.block_size, h.hexdigest(), h2.digest()[:4], type(h).__name__)
try:
    _sha256.sha256('text')
except TypeError as e:
    print(e)
