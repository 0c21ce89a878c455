# The time module (struct_time, gmtime/localtime/mktime, strftime/strptime, clocks) with datetime and logging on top; memoryview formats and casts; sys hooks.
import time
print(time.struct_time.n_fields, time.struct_time.n_sequence_fields, time.struct_time.__module__)
t=time.struct_time((2020,1,2,3,4,5,6,7,0)); print(t, t.tm_zone, len(t), t.tm_year, t[0])
try: time.struct_time((1,2,3))
except TypeError as e: print(e)
print(time.gmtime(1.9).tm_sec, time.gmtime(-1.5).tm_sec, time.strftime('%d/%m/%Y', (2001, 2, 3, 0, 0, 0, 0, 34, 0)))
print(time.strptime('2021-03-04 05:06', '%Y-%m-%d %H:%M'))
print(type(time.time()), time.monotonic() > 0, time.process_time() >= 0, time.perf_counter_ns() > 0, time.time_ns() > 10**18)
for bad in [lambda: time.strftime('%Y', (2000, 13, 1, 0, 0, 0, 0, 1, 0)), lambda: time.gmtime('x'), lambda: time.mktime((1,2))]:
    try: bad()
    except (TypeError, ValueError) as e: print(type(e).__name__, e)
import datetime
print(datetime.datetime(2020, 5, 17, 13, 5).timetuple(), datetime.date(2020, 1, 1).strftime('%A %d %B %Y'))
import logging, sys
logging.basicConfig(format='%(levelname)s:%(name)s:%(message)s', stream=sys.stdout)
logging.getLogger('t').warning('careful %d', 3)
b = bytearray(b'abcdefgh')
m = memoryview(b)
print(len(m), m[0], m[-1], m[2:5].tobytes(), m.format, m.itemsize, m.nbytes, m.readonly, m.ndim, m.shape, m.strides)
m[0] = 65
m[1:3] = b'XY'
print(b, m.tolist()[:4], bytes(m[4:]), list(m[6:]))
c = m.cast('I')
print(c.format, c.itemsize, len(c), c.tolist(), c[1], c.nbytes)
c[0] = 0x41424344
print(b)
print(memoryview(b'\x01\x00\x00\x00\x02\x00\x00\x00').cast('i').tolist(), memoryview(b'abc') == b'abc', hash(memoryview(b'abc')) == hash(b'abc'))
with memoryview(b'xyz') as v:
    print(v.hex(), v.obj)
try:
    v.tobytes()
except ValueError as e:
    print(e)
for bad in [lambda: memoryview(b'ab')[0:1].__setitem__(0, 1), lambda: m.cast('I').cast('H'), lambda: memoryview(b'abc').cast('I'), lambda: m[10], lambda: memoryview(5), lambda: m.__setitem__(0, 300)]:
    try:
        bad()
    except (TypeError, ValueError, IndexError) as e:
        print(type(e).__name__, e)
import re
print(re.compile('[\u0100-\u0200\u4e00]+').findall('aĀā丠\u4e00x'))
import sys
print(sys.getdefaultencoding(), sys.getswitchinterval(), sys.hash_info.modulus, sys.hash_info.algorithm, sys.thread_info.name)
print(sys.excepthook is sys.__excepthook__, sys.exception())
try:
    raise KeyError('k')
except KeyError:
    print(repr(sys.exception()))
sys.setswitchinterval(0.01); print(sys.getswitchinterval())
print(sys.get_asyncgen_hooks(), sys.is_finalizing(), sys.call_tracing(max, (3, 9)))
