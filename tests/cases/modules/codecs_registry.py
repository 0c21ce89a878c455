# _codecs: the codec registry under Lib's codecs and encodings, the built-in codec functions, Unicode errors' fields, and json on top.
import codecs
print(codecs.lookup('UTF8').name, codecs.lookup('latin_1').name, codecs.lookup('cp1252').name)
print('héllo€'.encode('cp1252'), b'h\xe9llo\x80'.decode('cp1252'), 'x'.encode('utf-16'), b'\xff\xfex\x00'.decode('utf-16'))
print('é'.encode('utf-8-sig'), b'\xef\xbb\xbfabc'.decode('utf-8-sig'), 'a\tb'.encode('unicode_escape'), b'\\u20ac'.decode('unicode_escape'))
print(codecs.encode('abc', 'rot13'))
print('ü'.encode('utf-32-le'), 'ü'.encode('utf-16-be'), b'\x00\xfc'.decode('utf-16-be'))
print('é€'.encode('ascii', 'backslashreplace'), 'é€'.encode('latin-1', 'xmlcharrefreplace'), b'a\xffb'.decode('utf-8', 'backslashreplace'))
for bad in [lambda: 'é'.encode('ascii'), lambda: b'\xff'.decode(), lambda: b'\x81'.decode('cp1252'), lambda: '€'.encode('latin-1'), lambda: 'x'.encode('nope'), lambda: b'\xe9abc'.decode('utf-8')]:
    try:
        bad()
    except (UnicodeError, LookupError) as e:
        print(type(e).__name__, e, getattr(e, 'start', None), getattr(e, 'end', None))
e = UnicodeDecodeError('utf-8', b'\xff\xfe', 0, 2, 'bad')
print(e, e.start, e.end, e.object, e.reason, e.encoding)
print(codecs.lookup_error('strict'), codecs.lookup_error('replace')(UnicodeEncodeError('ascii', 'aéb', 1, 2, 'x')))
dec = codecs.getincrementaldecoder('utf-8')()
print(repr(dec.decode(b'\xc3')), repr(dec.decode(b'\xa9x')))
import io
t = io.TextIOWrapper(io.BytesIO('héllo'.encode('utf-8')), encoding='utf-8')
print(t.read())
s = codecs.StreamReader
print(codecs.BOM_UTF8, codecs.utf_8_decode(b'ab\xc3', 'strict', False))
import json
print(json.dumps({'a': [1, 2.5, None, True, 'é']}), json.loads('{"x": [1, "\\u00e9", null]}'))
print(json.dumps({'b': 1, 'a': {'c': [1, 2]}}, indent=2, sort_keys=True))
