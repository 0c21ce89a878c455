# posix/os: files, directories, descriptors, the environment and processes, with Lib's os, shutil and pathlib on top.
import os, sys, pathlib
print(os.name, os.sep, os.path.join('a', 'b'), os.getcwd() == os.path.abspath('.'))
d = '/tmp/pycrane_os_test_%d' % os.getpid()
os.makedirs(d + '/sub/deeper', exist_ok=True)
with open(os.path.join(d, 'f.txt'), 'w') as f:
    f.write('data\n')
print(sorted(os.listdir(d)))
st = os.stat(os.path.join(d, 'f.txt'))
print(st.st_size, type(st.st_mtime).__name__, st[6], len(st), os.path.getsize(os.path.join(d, 'f.txt')))
print(os.path.exists(d), os.path.isdir(d), os.path.isfile(d + '/f.txt'), os.path.exists(d + '/nope'))
for root, dirs, files in os.walk(d):
    print(root[len(d):], sorted(dirs), sorted(files))
with os.scandir(d) as it:
    for e in sorted(it, key=lambda e: e.name):
        print(e.name, e.is_dir(), e.is_file(), e.is_symlink(), e.path == os.path.join(d, e.name))
os.rename(d + '/f.txt', d + '/g.txt')
try:
    os.rename(d + '/f.txt', d + '/h.txt')
except FileNotFoundError as e:
    print(str(e).replace(d, 'D'))
os.symlink(d + '/g.txt', d + '/link')
print(os.readlink(d + '/link') == d + '/g.txt', os.path.islink(d + '/link'), os.lstat(d + '/link').st_size > 0)
os.chmod(d + '/g.txt', 0o600)
print(oct(os.stat(d + '/g.txt').st_mode & 0o777), os.access(d + '/g.txt', os.R_OK))
os.utime(d + '/g.txt', (1000000000, 1000000000.5))
print(os.stat(d + '/g.txt').st_mtime, os.stat(d + '/g.txt').st_mtime_ns)
fd = os.open(d + '/raw.bin', os.O_WRONLY | os.O_CREAT)
print(os.write(fd, b'hello'), os.lseek(fd, 0, os.SEEK_CUR))
os.close(fd)
fd = os.open(d + '/raw.bin', os.O_RDONLY)
print(os.read(fd, 3), os.fstat(fd).st_size)
os.close(fd)
r, w = os.pipe()
os.write(w, b'piped')
os.close(w)
print(os.read(r, 100), os.get_inheritable(r))
os.close(r)
print(os.environ.get('HOME') is not None, 'PATH' in os.environ, type(os.environb))
os.environ['PYCRANE_X'] = '1'
print(os.getenv('PYCRANE_X'), os.environ.pop('PYCRANE_X'), os.getenv('PYCRANE_X'))
print(os.getpid() > 0, os.getppid() > 0, os.cpu_count() > 0, len(os.urandom(8)), os.strerror(2))
print(os.uname().sysname, os.fspath(d) == d, os.path.splitext('a/b.c'))
import shutil
shutil.rmtree(d)
print(os.path.exists(d))
try:
    os.stat('/nonexistent')
except OSError as e:
    print(e, e.errno, e.filename)
try:
    os.rmdir('/nonexistent')
except FileNotFoundError as e:
    print(e)
pid = os.fork()
if pid == 0:
    os._exit(7)
print(os.waitpid(pid, 0)[1] >> 8, os.waitstatus_to_exitcode(os.waitpid(-1, os.WNOHANG)[1] if False else 7 << 8))
print(os.system('exit 3') >> 8)
p = pathlib.Path('/tmp') / ('pycrane_pathlib_%d' % os.getpid())
p.mkdir()
(p / 'a.txt').write_text('alpha\nbeta\n')
(p / 'b.bin').write_bytes(b'\x00\x01')
print(sorted(x.name for x in p.iterdir()), (p / 'a.txt').read_text().splitlines(), (p / 'b.bin').stat().st_size)
print(sorted(x.name for x in p.glob('*.txt')), (p / 'a.txt').suffix, (p / 'a.txt').exists(), p.is_dir())
with (p / 'a.txt').open() as f:
    print(f.readline().strip())
for x in p.iterdir():
    x.unlink()
p.rmdir()
print(p.exists())
