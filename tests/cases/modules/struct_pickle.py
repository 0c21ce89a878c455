# _struct (every code, byte orders, native alignment, half floats, Struct, pack_into/unpack_from/iter_unpack, errors), with Lib's pickle on top (all protocols).
import struct
for f,v in [('h',40000),('B',300),('b',-200),('i',2**31),('I',-1),('l',2**63),('L',-1),('q',2**63),('Q',-1),('<l',2**31),('<L',2**32),('c',b'ab'),('h','x'),('e',1e6),('n',2**63)]:
  try: struct.pack(f,v)
  except Exception as e: print(f, type(e).__name__, e)
for a in [('hh',1),('s',), ]:
  try: struct.pack(*a)
  except Exception as e: print(type(e).__name__, e)
for f,b in [('i',b'ab'),('z',b'')]:
  try: struct.unpack(f,b)
  except Exception as e: print(type(e).__name__, e)
try: struct.unpack_from('i', b'ab', 0)
except Exception as e: print(e)
try: struct.calcsize('<n')
except Exception as e: print(e)
print(struct.pack('5s2p?x', b'abc', b'xyz', 2), struct.calcsize('@bi'), struct.calcsize('bi0q'), struct.pack('e', 1.5), struct.error.__module__)
vals = (1, -2, 3, -4, 5, -6, 7, -8, 1.5, -2.25, True, b'x', b'hello')
for fmt in ['@bBhHiIlLfd?c5s', '<bBhHiIlLfd?c5s', '>bBhHiIlLfd?c5s', '=bBhHiIqQfd?c5s', '!bbhhiiqqfd?c5s']:
    v = tuple(abs(x) if isinstance(x, int) and not isinstance(x, bool) and fmt[0] in '@<>=' and i % 2 == 1 else x for i, x in enumerate(vals))
    b = struct.pack(fmt, *v)
    print(fmt, struct.calcsize(fmt), b.hex(), struct.unpack(fmt, b))
for x in [0.0, -0.0, 1.0, 65504.0, 6.1e-05, 5.96e-08, 1e-9, 0.1, 1/3, float('inf')]:
    print(struct.pack('<e', x).hex(), struct.unpack('<e', struct.pack('<e', x))[0])
s = struct.Struct('<2H')
ba = bytearray(8)
s.pack_into(ba, 2, 258, 772)
print(ba, s.unpack_from(ba, 2), s.size, s.format, list(s.iter_unpack(bytes(range(8)))), list(struct.iter_unpack('<h', b'\x01\x00\x02\x00')))
print(struct.unpack('<Q', b'\xff' * 8), struct.pack('>q', -1), struct.pack('<P', 5) if False else '', struct.calcsize('P'))
import pickle
d = {'a': [1, 2.5, (3, 'x')], 'b': {1, 2}, 'c': None, 'd': b'bytes', 'e': 10**30}
for proto in range(6):
    assert pickle.loads(pickle.dumps(d, proto)) == d
print(pickle.dumps([1, 'a'], 0), pickle.loads(pickle.dumps(d)))
