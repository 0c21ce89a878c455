# math domain/range errors and special-value handling (all caught).
import math

cases = [
    ("sqrt(-1)", lambda: math.sqrt(-1)),
    ("log(0)", lambda: math.log(0)),
    ("log(-1)", lambda: math.log(-1)),
    ("log10(-5)", lambda: math.log10(-5)),
    ("log2(0)", lambda: math.log2(0)),
    ("log(10, 1)", lambda: math.log(10, 1)),
    ("acos(2)", lambda: math.acos(2)),
    ("asin(-1.5)", lambda: math.asin(-1.5)),
    ("atanh(1)", lambda: math.atanh(1)),
    ("acosh(0.5)", lambda: math.acosh(0.5)),
    ("exp(1000)", lambda: math.exp(1000)),
    ("pow(10, 400.0)", lambda: math.pow(10, 400.0)),
    ("pow(0, -1)", lambda: math.pow(0, -1)),
    ("pow(-8, 1/3)", lambda: math.pow(-8, 1 / 3)),
    ("fmod(1, 0)", lambda: math.fmod(1, 0)),
    ("factorial(-1)", lambda: math.factorial(-1)),
    ("factorial(2.5)", lambda: math.factorial(2.5)),
    ("isqrt(-4)", lambda: math.isqrt(-4)),
    ("gamma(0)", lambda: math.gamma(0)),
    ("gamma(-2)", lambda: math.gamma(-2)),
    ("comb(3, -1)", lambda: math.comb(3, -1)),
    ("floor(inf)", lambda: math.floor(math.inf)),
    ("ceil(nan)", lambda: math.ceil(math.nan)),
    ("sqrt('x')", lambda: math.sqrt("x")),
    ("cosh(1000)", lambda: math.cosh(1000)),
    ("ldexp(1, 5000)", lambda: math.ldexp(1.0, 5000)),
    ("sin(inf)", lambda: math.sin(math.inf)),
]
for label, fn in cases:
    try:
        print(label, "=", fn())
    except (ValueError, OverflowError, TypeError, ZeroDivisionError) as e:
        print(label, "->", type(e).__name__ + ":", e)
print(math.sqrt(math.inf), math.exp(-math.inf), math.log(math.inf), math.atan(math.inf), math.tanh(-math.inf))
print(math.isnan(math.sin(math.nan)), math.isnan(math.sqrt(math.nan)), math.hypot(math.inf, math.nan), math.fsum([1e308, 1.0, -1e308]))
print(math.copysign(0.0, -1), math.fabs(-math.inf), math.pow(1, math.nan), math.pow(math.nan, 0), math.exp(-1000))
