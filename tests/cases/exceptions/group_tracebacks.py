# How exception groups are printed: boxes, nesting, chains and notes inside groups, members
# without a traceback, truncation past 15 members and 10 levels.
import sys

sys.stderr = sys.stdout


def show(make):
    try:
        make()
    except BaseException as e:
        sys.excepthook(type(e), e, e.__traceback__)
    print('-----')


def raise_(e):
    raise e


def nested():
    excs = []
    for i in range(3):
        try:
            raise ValueError(i)
        except ValueError as e:
            excs.append(e)
    inner = ExceptionGroup('inner', excs[:2])
    try:
        raise inner
    except ExceptionGroup as g:
        raise ExceptionGroup('outer', [g, excs[2], TypeError('never raised')])


def chained():
    try:
        try:
            1 / 0
        except ZeroDivisionError as z:
            raise KeyError('k') from z
    except KeyError as k:
        try:
            {}['x']
        except KeyError as k2:
            g = ExceptionGroup('chained', [k, k2])
    g.add_note('a note on the group')
    g.exceptions[0].add_note('a note\nover two lines')
    raise g


def wide():
    raise ExceptionGroup('wide', [ValueError(i) for i in range(17)])


def deep():
    g = ValueError('bottom')
    for i in range(12):
        g = ExceptionGroup(f'level {i}', [g])
    raise g


def base_group():
    raise BaseExceptionGroup('base', [KeyboardInterrupt(), ValueError(1)])


def context_group():
    try:
        raise ExceptionGroup('first', [ValueError(1)])
    except ExceptionGroup:
        raise ExceptionGroup('second', [TypeError(2)])


for make in [nested, chained, wide, deep, base_group, context_group]:
    show(make)
show(lambda: raise_(ExceptionGroup('from a helper', [OSError(2, 'No such file')])))
