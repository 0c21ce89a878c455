# except* (PEP 654): splitting groups between clauses, naked exceptions, re-raising, raising
# new exceptions from clauses, nesting, and CPython's errors.


def leaves(e):
    if isinstance(e, BaseExceptionGroup):
        return [type(e).__name__ + '(' + repr(e.message)] + [leaves(x) for x in e.exceptions] + [')']
    return repr(e)


def run(make, handlers):
    try:
        try:
            raise make()
        except* ValueError as e:
            print('  ValueError clause:', leaves(e))
            if 'reraise-ve' in handlers:
                raise
            if 'raise-new' in handlers:
                raise KeyError('new')
        except* TypeError as e:
            print('  TypeError clause:', leaves(e))
            if 'reraise-te' in handlers:
                raise
        except* (OSError, ZeroDivisionError) as e:
            print('  tuple clause:', leaves(e))
        print('  finished without an exception')
    except BaseException as e:
        print('  left:', leaves(e))


def group():
    return ExceptionGroup('top', [ValueError(1), TypeError(2),
                                  ExceptionGroup('inner', [ValueError(3), OSError(4)]),
                                  KeyError(5)])


for handlers in [(), ('reraise-ve',), ('reraise-te',), ('reraise-ve', 'reraise-te'),
                 ('raise-new',), ('raise-new', 'reraise-te')]:
    print('group', handlers)
    run(group, handlers)
print('naked ValueError')
run(lambda: ValueError('naked'), ())
print('naked ValueError re-raised')
run(lambda: ValueError('naked'), ('reraise-ve',))
print('naked KeyError')
run(lambda: KeyError('naked'), ())
print('group of only ZeroDivisionError')
run(lambda: ExceptionGroup('z', [ZeroDivisionError()]), ())


def sys_exc_info_inside():
    import sys
    try:
        raise ExceptionGroup('eg', [ValueError(1), TypeError(2)])
    except* ValueError:
        print('exc_info:', leaves(sys.exc_info()[1]))
    except* TypeError:
        print('exc_info:', leaves(sys.exc_info()[1]))


sys_exc_info_inside()


def bad(t):
    try:
        try:
            raise ValueError(1)
        except* t:
            pass
    except TypeError as e:
        print('TypeError:', e)


bad(ExceptionGroup)
bad((ValueError, BaseExceptionGroup))
bad(int)
bad((ValueError, 'x'))

# Hot enough for tiered compilation.
count = 0
for i in range(2000):
    try:
        raise ExceptionGroup('g', [ValueError(i), TypeError(i)])
    except* ValueError as e:
        count += e.exceptions[0].args[0]
    except* TypeError:
        count += 1
print(count)

# Notes and the cause survive the split.
try:
    try:
        e = ExceptionGroup('noted', [ValueError(1), TypeError(2)])
        e.add_note('a note')
        raise e from KeyError('cause')
    except* ValueError:
        pass
except ExceptionGroup as left:
    print(leaves(left), left.__notes__, repr(left.__cause__))
