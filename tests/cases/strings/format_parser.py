import _string, string
print(list(_string.formatter_parser('a{0}b{x.y[1]!r:>{w}}c{{d}}')))
print(list(_string.formatter_parser('')), list(_string.formatter_parser('abc')), list(_string.formatter_parser('{}')))
f, rest = _string.formatter_field_name_split('x.y[1][k].z'); print(f, list(rest))
f, rest = _string.formatter_field_name_split('0'); print(repr(f), type(f), list(rest))
for bad in ['{', '}', '{0!}', '{0!rr}', 'a{0:{1}}', '{a{}', 'x{0', '{!}']:
    try: print(list(_string.formatter_parser(bad)))
    except ValueError as e: print('VE', e)
print(string.ascii_letters, string.digits, string.punctuation, string.capwords('hello  world'))
t = string.Template('$who likes ${what}'); print(t.substitute(who='tim', what='kung pao'), t.safe_substitute(who='x'))
print(string.Formatter().format('{0}-{1!r}-{x:>4}', 1, 'a', x=5), string.Formatter().vformat('{a}{b}', (), {'a': 1, 'b': 2}))
print('{} {}'.format(1, 2), '{1} {0}'.format('a', 'b'), '{x[0]} {y.real}'.format(x=[9], y=3), '{:{w}.{p}f}'.format(3.14159, w=8, p=2), '{!r:^10}'.format('hi'))
for bad in ['{} {0}', '{0} {}', '{2}', '{x}', '{0!z}', '{:{:{}}}', '{0[}', '{0.}', '{0]}']:
    try: print(bad.format(1, 2, 3))
    except (ValueError, IndexError, KeyError) as e: print(type(e).__name__, e)
print('{0[1]}{0[a]}'.format({1: 'one', 'a': 'A'}), '{:%Y}'.format(__import__('datetime').date(2020, 1, 2)) if False else '', '{0:{1}}'.format('abc', '>5'))
