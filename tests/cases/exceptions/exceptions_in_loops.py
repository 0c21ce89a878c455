# Exceptions used for control flow inside loops and comprehensions; retries; else clauses.
data = ["10", "20", "oops", "40", None, "5"]
total, bad = 0, []
for item in data:
    try:
        total += int(item)
    except (ValueError, TypeError) as e:
        bad.append((item, type(e).__name__))
    else:
        print("ok", item)
print(total, bad)
attempts = 0


def flaky():
    global attempts
    attempts += 1
    if attempts < 4:
        raise ConnectionError(f"attempt {attempts} failed")
    return "connected"


for i in range(10):
    try:
        result = flaky()
    except ConnectionError as e:
        print("retry:", e)
        continue
    print("result:", result, "after", attempts)
    break


def safe_div(a, b):
    try:
        return a / b
    except ZeroDivisionError:
        return float("inf")


print([safe_div(10, d) for d in [1, 2, 0, 4]])
d = {"a": 1}
for key in ["a", "b", "a", "c"]:
    try:
        d[key] += 1
    except KeyError:
        d[key] = 100
print(d)
caught = 0
for n in range(1000):
    try:
        if n % 7 == 0:
            raise ValueError(n)
    except ValueError:
        caught += 1
print("caught", caught)
