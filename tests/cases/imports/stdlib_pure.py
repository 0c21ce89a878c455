# Pure-Python modules of CPython's own Lib/, run from their shipped bytecode.
import heapq, bisect, keyword, colorsys, operator
import __future__
from heapq import heappush, heappop, nlargest, nsmallest, merge
h = []
for x in [5, 1, 8, 3, 9, 2]:
    heappush(h, x)
print([heappop(h) for _ in range(len(h))])
print(nlargest(3, [4, 1, 7, 3, 8]), nsmallest(2, [4, 1, 7, 3, 8], key=lambda v: -v))
print(list(merge([1, 4, 7], [2, 5, 8], [3, 6])))
a = [1, 2, 4, 4, 8]
print(bisect.bisect_left(a, 4), bisect.bisect_right(a, 4), bisect.bisect(a, 5, key=None))
bisect.insort(a, 3)
print(a)
print(keyword.iskeyword("lambda"), keyword.iskeyword("print"), len(keyword.kwlist) > 30)
print(colorsys.rgb_to_hsv(0.2, 0.4, 0.4), colorsys.hls_to_rgb(0.5, 0.5, 0.5))
print(operator.itemgetter(1)([5, 6]), operator.add(2, 3), operator.attrgetter("real")(4))
print(__future__.annotations.compiler_flag, __future__.all_feature_names[:3])
print(heapq.__name__, heapq.__spec__.name, heapq.__file__.endswith("/heapq.py"))
print(heapq.__spec__.origin == heapq.__file__, heapq.__cached__.endswith("heapq.cpython-311.pyc"))
print(type(heapq.__loader__).__name__, repr(heapq).startswith("<module 'heapq' from "))
import sys
print("heapq" in sys.modules, "sys" in sys.builtin_module_names)
try:
    import _pycrane_surely_missing_
except ModuleNotFoundError as e:
    print(e)
