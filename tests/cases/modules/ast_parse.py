# _ast: the node classes under Lib's ast, trees from compile(..., PyCF_ONLY_AST) (parse, dump, literal_eval, unparse, walk); function.__get__.
import ast
t = ast.parse('x = 1\nprint(x + 2.5)')
print(ast.dump(t, include_attributes=True))
print(ast.literal_eval('{"a": [1, (2, 3)], "b": -4.5, "c": {1, 2}, "d": b"x", "e": None}'))
print(ast.Name.__mro__, ast.Name._fields, ast.arg('x').annotation, ast.dump(ast.Name('x')))
try: ast.Name(1, 2, 3)
except TypeError as e: print(e)
print(ast.unparse(ast.parse('def f(a, *b, c=1, **d):\n    return [i for i in b if i > c]')))
for node in ast.walk(ast.parse('a.b(c)[d]')):
    print(type(node).__name__, end=' ')
print()
try: ast.parse('x = ')
except SyntaxError as e: print(e.msg, e.lineno)
def f(): pass
class A: pass
a = A()
print(f.__get__(None, A) is f, f.__get__(a)() is None, hasattr(f, '__get__'))
