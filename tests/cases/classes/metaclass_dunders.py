class M(type):
    def __iter__(cls): return iter([1, 2])
    def __len__(cls): return 2
    def __getitem__(cls, k): return k * 2
    def __contains__(cls, x): return x == 1
    def __reversed__(cls): return iter([2, 1])
    def __bool__(cls): return True
    def __call__(cls, *a): return "called"
    def __or__(cls, o): return "or"
    def __repr__(cls): return "<M>"
    def __eq__(cls, o): return o == 5
    def __hash__(cls): return 7
class C(metaclass=M): pass
a, b = C
print(a, b, list(C), len(C), C[3], 1 in C, 2 in C, list(reversed(C)), bool(C), C(), C | 1, repr(C), C == 5, hash(C))
print(sorted(C), max(C), dict.fromkeys(C), [x for x in C], set(C), tuple(C), *C)
