# Text files in encodings the runtime does not decode natively go through the codec registry's incremental codecs.
import os
path = '/tmp/pycrane_codec_%d.txt' % os.getpid()
for enc in ['cp1252', 'utf-16', 'utf-16-le', 'iso8859_15', 'utf-8-sig', 'koi8_r', 'mac_roman']:
    text = 'caf\u00e9 \u20ac\nline two\r\nend' if enc not in ('koi8_r',) else '\u043f\u0440\u0438\u0432\u0435\u0442\nend'
    with open(path, 'w', encoding=enc) as f:
        f.write(text)
    with open(path, 'rb') as f:
        raw = f.read()
    with open(path, encoding=enc) as f:
        lines = f.readlines()
    with open(path, encoding=enc, newline='') as f:
        whole = f.read()
    print(enc, raw[:12], lines, repr(whole))
os.remove(path)
try:
    open(__file__, encoding='no-such-codec')
except LookupError as e:
    print('LookupError', e)
