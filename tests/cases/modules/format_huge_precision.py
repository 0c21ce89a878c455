# Float formatting with precisions past what Rust's formatter takes (65535) and past a
# double's exact expansion: CPython pads with zeros; also the `*` overflow errors.
for f, a in [('%12.*f', (123456, 1.0)), ('%.*e', (70000, 2.5)), ('%.*g', (70000, 1/3)), ('{:.70000f}', None), ('{:.1100e}', None)]:
    s = f % a if a else f.format(0.1)
    print(len(s), s[:30], s[-12:], sum(map(ord, s)))
print('%.1080f' % 5e-324 == format(5e-324, '.1080f'), ('%.1080f' % 5e-324)[-30:])
for f, a in [('%*d', (2**63, 1)), ('%.*d', (2**31, 1)), ('%.*f', (2**63 - 1, 1.0)), (b'%*d', (2**63, 1))]:
    try:
        print(len(f % a))
    except OverflowError as e:
        print("OverflowError", e)
for e in ['[None] * 2**62', '[4, 5, 6, 7] * (2**61)', "'x' * (2**62)", 'b"ab" * (2**62)', '(1,) * 2**61']:
    try:
        print(len(eval(e)))
    except (MemoryError, OverflowError) as x:
        print(type(x).__name__, x)
lst = [1, 2]
try:
    lst *= 2**62
except MemoryError:
    print("MemoryError", lst)
