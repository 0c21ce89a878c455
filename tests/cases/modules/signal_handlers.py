# _signal: Python handlers run at the next check after the signal (os.kill to itself, raise_signal, setitimer), SIGINT's default handler, and the errors.
import signal, os, time
print(signal.SIGINT, signal.Signals.SIGTERM, signal.getsignal(signal.SIGINT) is signal.default_int_handler, signal.getsignal(signal.SIGTERM))
got = []
def h(sig, frame):
    got.append(sig)
old = signal.signal(signal.SIGUSR1, h)
print(old, signal.getsignal(signal.SIGUSR1) is h)
os.kill(os.getpid(), signal.SIGUSR1)
print(got)
signal.raise_signal(signal.SIGUSR1)
print(got, signal.strsignal(signal.SIGTERM), len(signal.valid_signals()))
signal.signal(signal.SIGINT, lambda s, f: got.append('int'))
os.kill(os.getpid(), signal.SIGINT)
for i in range(1000): pass
print(got)
signal.signal(signal.SIGINT, signal.default_int_handler)
try:
    os.kill(os.getpid(), signal.SIGINT)
    for i in range(1000): pass
except KeyboardInterrupt:
    print('KeyboardInterrupt')
signal.signal(signal.SIGALRM, lambda s, f: got.append('alarm'))
signal.setitimer(signal.ITIMER_REAL, 0.05)
time.sleep(0.2)
print(got[-1])
try:
    signal.signal(signal.SIGKILL, h)
except OSError as e:
    print(e)
try:
    signal.signal(1000, h)
except ValueError as e:
    print(e)
try:
    signal.signal(signal.SIGUSR2, 5)
except TypeError as e:
    print(e)
