import errno
names = sorted(n for n in dir(errno) if n.startswith('E'))
print(len(names), names[:5], names[-3:])
print([(n, getattr(errno, n)) for n in names])
print(sorted(errno.errorcode.items()))
print(errno.ENOENT, errno.errorcode[errno.EAGAIN], errno.EWOULDBLOCK == errno.EAGAIN, type(errno.errorcode))
