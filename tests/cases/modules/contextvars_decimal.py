# contextvars (ContextVar, Token, Context, copy_context) and what stands on it: decimal, fractions, statistics.
import contextvars as c
v = c.ContextVar('x', default=1)
print(repr(v).split(' at ')[0], c.Token.MISSING, v.name, v.get(), v.get(7))
t = v.set(5); print(repr(t).split(' at ')[0], t.old_value, t.var is v, v.get())
v.reset(t); print(v.get())
try: v.reset(t)
except RuntimeError as e: print(str(e).split(' at ')[0])
w = c.ContextVar('w')
try: w.get()
except LookupError as e: print(type(e).__name__, e.args[0] is w)
ctx = c.copy_context(); print(type(ctx).__name__, len(ctx), list(ctx.keys()))
w.set("a")
print(w in ctx, w in c.copy_context(), c.copy_context()[w], c.copy_context().get(w, 0), ctx.get(w, 0))
def f(n):
    w.set(n)
    return w.get(), len(c.copy_context())
print(ctx.run(f, "b"), w.get(), ctx[w], sorted(k.name for k in ctx))
def g(): ctx.run(g)
try: ctx.run(g)
except RuntimeError as e: print(str(e).split(':')[0])
try: ctx[1]
except TypeError as e: print(e)
t2 = w.set("z")
try: v.reset(t2)
except ValueError as e: print(str(e).split(' var=')[0])
ctx2 = c.Context(); print(len(ctx2), list(ctx2.items()))
import decimal, fractions
decimal.getcontext().prec = 6
print(decimal.Decimal(1) / decimal.Decimal(7), fractions.Fraction(3, 9) + 1)
with decimal.localcontext() as lc:
    lc.prec = 3
    print(decimal.Decimal(2).sqrt())
print(decimal.Decimal(2).sqrt())
import statistics
print(statistics.mean([1, 2, 3, 4]), statistics.median([3, 1, 2]), statistics.fmean([1.5, 2.5]))
