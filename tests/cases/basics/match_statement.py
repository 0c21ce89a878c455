# Structural pattern matching: every kind of pattern, in a function called often enough to be
# compiled, and CPython's errors.
import collections
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


class Color:
    RED = 'red'
    GREEN = 'green'


@dataclass
class Point:
    x: int
    y: int


class Pair:
    __match_args__ = ('left', 'right')

    def __init__(self, left, right):
        self.left, self.right = left, right


class Ranked(Sequence):
    def __init__(self, *items):
        self.items = items

    def __getitem__(self, i):
        return self.items[i]

    def __len__(self):
        return len(self.items)


class Table(Mapping):
    def __init__(self, **kw):
        self.kw = kw

    def __getitem__(self, k):
        return self.kw[k]

    def __iter__(self):
        return iter(self.kw)

    def __len__(self):
        return len(self.kw)


class Plain:
    pass


class WithMixin(Plain, Ranked):
    pass


class MyStr(str):
    pass


class MyInt(int):
    pass


class Missing(dict):
    def __missing__(self, key):
        print('__missing__ called for', key)
        return 0


def describe(v):
    match v:
        case None:
            return 'none'
        case True:
            return 'true'
        case 0 | 0.0:
            return 'zero'
        case int(n) if n < 0:
            return f'negative int {n}'
        case int() | float() as num:
            return f'number {num!r}'
        case Color.RED:
            return 'the color red'
        case 'hello' | 'hi':
            return 'a greeting'
        case str(s):
            return f'str {s!r}'
        case []:
            return 'empty sequence'
        case [x]:
            return f'one item {x!r}'
        case [1, *middle, 9]:
            return f'1..9 around {middle!r}'
        case [Point(x=0, y=0), *_]:
            return 'starts at the origin'
        case (a, b) if a == b:
            return f'a pair of equal {a!r}'
        case [a, [b, c]]:
            return f'nested {a!r} {b!r} {c!r}'
        case [_, _, *rest]:
            return f'long sequence, rest {rest!r}'
        case {'kind': 'circle', 'r': r}:
            return f'circle r={r}'
        case {'kind': kind, **others}:
            return f'{kind} with {sorted(others.items())!r}'
        case {}:
            return f'other mapping of {len(v)}'
        case Point(x=0, y=yy):
            return f'on the y axis at {yy}'
        case Point(xx, yy):
            return f'point {xx},{yy}'
        case Pair(Pair() as inner, right=r):
            return f'pair of pair {inner.left},{inner.right} and {r}'
        case Pair(l, r):
            return f'pair {l} {r}'
        case _:
            return f'something else: {type(v).__name__}'


values = [None, True, False, 0, 0.0, -3, 7, 2.5, 'red', 'hi', 'text', MyStr('mine'), b'bytes',
          bytearray(b'ba'), [], (), [5], (6,), [1, 2, 3, 9], [1, 9], [Point(0, 0), 1],
          (4, 4), [1, [2, 3]], [1, 2, 3, 4], range(3), range(5, 6), collections.deque([1, 2]),
          memoryview(b'xy'), Ranked(1, 2, 3), WithMixin(), {'kind': 'circle', 'r': 2},
          {'kind': 'square', 'side': 3, 'color': 'red'}, {'other': 1}, {},
          collections.OrderedDict(kind='oval'), collections.defaultdict(int),
          Table(kind='tab', size=1), Point(0, 5), Point(1, 2), Pair(Pair(1, 2), 3),
          Pair('a', 'b'), {1, 2}, frozenset(), MyInt(4), 3 + 4j, Plain(), describe]
for v in values:
    print(describe(v))
# Hot enough for tiered compilation.
for _ in range(300):
    for v in values:
        describe(v)
print(describe([1, 2, 3, 9]))


def keys_and_missing():
    m = Missing(a=1)
    match m:
        case {'a': 1, 'b': _}:
            print('matched b')
        case {'a': a}:
            print('only a', a)
    print(sorted(m.items()))


keys_and_missing()


class GetLogger(dict):
    def get(self, key, default=None):
        print('get', key)
        return super().get(key, default)


match GetLogger(x=1, y=2):
    case {'x': 1, 'y': y, 'z': _}:
        print('z too')
    case {'x': 1, 'y': y}:
        print('x and y', y)

# Built-in classes match their subject with one positional sub-pattern.
for v in [5, MyInt(6), 'abc', 2.0, [1], (1,), {1: 2}, {3}, frozenset({4}), b'x',
          bytearray(b'y'), True]:
    match v:
        case bool(b):
            print('bool', b)
        case int(i):
            print('int', i, type(i).__name__)
        case str(s) | bytes(s) | bytearray(s):
            print('text', s)
        case float(x) | list(x) | tuple(x) | dict(x) | set(x) | frozenset(x):
            print('container or float', x)

# Capture and binding rules.
match (1, 2, 3):
    case (first, *others):
        print(first, others)
match {'a': 1, 'b': 2, 'c': 3}:
    case {'a': 1, **rest}:
        print(sorted(rest.items()))
match [1, (2, 3)]:
    case [x, (y, z) as t]:
        print(x, y, z, t)
match 'abc':
    case [*chars]:
        print('str matched a sequence pattern')
    case _:
        print('str is not a sequence here')


class NoArgs:
    pass


class BadArgs:
    __match_args__ = ['x']


class NotStrings:
    __match_args__ = (1,)


class Dup:
    __match_args__ = ('x',)
    x = 1


def errors(subject, which):
    try:
        if which == 0:
            match subject:
                case len():
                    pass
        elif which == 1:
            match subject:
                case Pair(1, 2, 3):
                    pass
        elif which == 2:
            match subject:
                case NoArgs(1):
                    pass
        elif which == 3:
            match subject:
                case BadArgs(1):
                    pass
        elif which == 4:
            match subject:
                case NotStrings(1):
                    pass
        elif which == 5:
            match subject:
                case Dup(1, x=1):
                    pass
        elif which == 6:
            match subject:
                case int(1, 2):
                    pass
        elif which == 7:
            match subject:
                case object(1):
                    pass
        print('no error')
    except TypeError as e:
        print('TypeError', e)


for which, subject in enumerate([1, Pair(1, 2), NoArgs(), BadArgs(), NotStrings(), Dup(), 5,
                                 object()]):
    errors(subject, which)
# An instance of another class is no match, before __match_args__ is looked at.
errors('x', 3)


class Meta(type):
    def __instancecheck__(cls, obj):
        print('instancecheck', type(obj).__name__)
        return isinstance(obj, int)


class Anything(metaclass=Meta):
    pass


match 3:
    case Anything():
        print('an int is Anything')
match 'x':
    case Anything():
        print('wrong')
    case _:
        print('a str is not')
