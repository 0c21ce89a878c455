# time module: only types and monotonicity, never actual values.
import time

t0 = time.time()
m0 = time.monotonic()
p0 = time.perf_counter()
n0 = time.perf_counter_ns()
total = 0
for i in range(20000):
    total += i
t1 = time.time()
m1 = time.monotonic()
p1 = time.perf_counter()
n1 = time.perf_counter_ns()
print(total)
print(type(t0).__name__, type(m0).__name__, type(p0).__name__, type(n0).__name__)
print(t1 >= t0, m1 >= m0, p1 >= p0, n1 >= n0, t0 > 1.6e9)
print(isinstance(time.monotonic_ns(), int), isinstance(time.time_ns(), int), time.time_ns() > 10 ** 18)
start = time.monotonic()
time.sleep(0.01)
elapsed = time.monotonic() - start
print("slept at least 5ms:", elapsed >= 0.005, "less than 5s:", elapsed < 5)
print(type(time.process_time()).__name__, callable(time.sleep))
