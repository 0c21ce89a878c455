//! System calls on raw file descriptors: open, read, write, seek, close, stat, isatty.
//!
//! Each returns `std::io::Error` from `errno` on failure, which callers turn into
//! CPython's `OSError` subclasses. `EINTR` is returned to the caller (the interpreter
//! decides between retrying and raising `KeyboardInterrupt`, as PEP 475 says).

use std::ffi::CString;
use std::io::{Error, Result};

fn check(r: libc::c_int) -> Result<libc::c_int> {
    if r < 0 {
        Err(Error::last_os_error())
    } else {
        Ok(r)
    }
}

fn check_size(r: libc::ssize_t) -> Result<usize> {
    if r < 0 {
        Err(Error::last_os_error())
    } else {
        Ok(r as usize)
    }
}

/// `open(path, flags, mode)` (the path as bytes; an embedded NUL is the caller's error).
pub fn open(path: &[u8], flags: i32, mode: u32) -> Result<i32> {
    let c = CString::new(path).map_err(|_| Error::from_raw_os_error(libc::EINVAL))?;
    // SAFETY: `c` is a NUL-terminated string that outlives the call.
    check(unsafe { libc::open(c.as_ptr(), flags, mode as libc::c_uint) })
}

/// `read(fd, buf)`: the number of bytes read (0 at end of file).
pub fn read(fd: i32, buf: &mut [u8]) -> Result<usize> {
    // SAFETY: the pointer and length describe `buf`, writable for the whole call.
    check_size(unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) })
}

/// `write(fd, buf)`: the number of bytes written.
pub fn write(fd: i32, buf: &[u8]) -> Result<usize> {
    // SAFETY: the pointer and length describe `buf`, readable for the whole call.
    check_size(unsafe { libc::write(fd, buf.as_ptr().cast(), buf.len()) })
}

/// `close(fd)`.
pub fn close(fd: i32) -> Result<()> {
    // SAFETY: closing a descriptor number touches no memory of this process.
    check(unsafe { libc::close(fd) }).map(|_| ())
}

/// `lseek(fd, offset, whence)`: the new position.
pub fn lseek(fd: i32, offset: i64, whence: i32) -> Result<i64> {
    // SAFETY: no memory is passed.
    let r = unsafe { libc::lseek(fd, offset, whence) };
    if r < 0 {
        Err(Error::last_os_error())
    } else {
        Ok(r)
    }
}

/// `ftruncate(fd, size)`.
pub fn ftruncate(fd: i32, size: i64) -> Result<()> {
    // SAFETY: no memory is passed.
    check(unsafe { libc::ftruncate(fd, size) }).map(|_| ())
}

/// `isatty(fd)`.
pub fn isatty(fd: i32) -> bool {
    // SAFETY: no memory is passed.
    unsafe { libc::isatty(fd) == 1 }
}

/// What `stat` says of a file.
pub struct FdStat {
    pub mode: u32,
    pub ino: u64,
    pub dev: u64,
    pub nlink: u64,
    pub uid: u32,
    pub gid: u32,
    pub size: i64,
    /// Seconds and nanoseconds of access, modification and status change.
    pub atime: (i64, i64),
    pub mtime: (i64, i64),
    pub ctime: (i64, i64),
    pub blksize: i64,
    pub blocks: i64,
    pub rdev: u64,
    pub is_dir: bool,
}

impl From<&std::fs::Metadata> for FdStat {
    fn from(m: &std::fs::Metadata) -> FdStat {
        use std::os::unix::fs::MetadataExt;
        FdStat {
            mode: m.mode(),
            ino: m.ino(),
            dev: m.dev(),
            nlink: m.nlink(),
            uid: m.uid(),
            gid: m.gid(),
            size: m.size() as i64,
            atime: (m.atime(), m.atime_nsec()),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
            blksize: m.blksize() as i64,
            blocks: m.blocks() as i64,
            rdev: m.rdev(),
            is_dir: m.is_dir(),
        }
    }
}

/// `fstat(fd)`.
pub fn fstat(fd: i32) -> Result<FdStat> {
    // SAFETY: `st` is a properly sized, writable stat buffer that lives across the call;
    // a zeroed `stat` is a valid value of the type.
    let st = unsafe {
        let mut st: libc::stat = std::mem::zeroed();
        check(libc::fstat(fd, &mut st))?;
        st
    };
    Ok(FdStat {
        mode: st.st_mode,
        ino: st.st_ino,
        dev: st.st_dev,
        nlink: st.st_nlink as u64,
        uid: st.st_uid,
        gid: st.st_gid,
        size: st.st_size,
        atime: (st.st_atime, st.st_atime_nsec),
        mtime: (st.st_mtime, st.st_mtime_nsec),
        ctime: (st.st_ctime, st.st_ctime_nsec),
        blksize: st.st_blksize as i64,
        blocks: st.st_blocks,
        rdev: st.st_rdev,
        is_dir: st.st_mode & libc::S_IFMT == libc::S_IFDIR,
    })
}

/// `pipe2(O_CLOEXEC)`: (read end, write end).
pub fn pipe() -> Result<(i32, i32)> {
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: `fds` is a writable array of two ints, as pipe2(2) requires.
    check(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) })?;
    Ok((fds[0], fds[1]))
}

/// `dup(fd)` (the new descriptor is not inheritable, as in CPython).
pub fn dup(fd: i32) -> Result<i32> {
    // SAFETY: no memory is passed.
    check(unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) })
}

/// `dup2(fd, fd2)`, or `dup3(..., O_CLOEXEC)` when the copy must not be inherited.
pub fn dup2(fd: i32, fd2: i32, inheritable: bool) -> Result<i32> {
    // SAFETY: no memory is passed.
    if inheritable {
        check(unsafe { libc::dup2(fd, fd2) })
    } else {
        check(unsafe { libc::dup3(fd, fd2, libc::O_CLOEXEC) })
    }
}

/// `fcntl(fd, cmd)` reading flags (F_GETFL / F_GETFD).
pub fn get_flags(fd: i32, cmd: i32) -> Result<i32> {
    // SAFETY: no memory is passed.
    check(unsafe { libc::fcntl(fd, cmd) })
}

/// `fcntl(fd, cmd, flags)` setting flags (F_SETFL / F_SETFD).
pub fn set_flags(fd: i32, cmd: i32, flags: i32) -> Result<()> {
    // SAFETY: no memory is passed.
    check(unsafe { libc::fcntl(fd, cmd, flags) }).map(|_| ())
}

/// `fsync(fd)`.
pub fn fsync(fd: i32) -> Result<()> {
    // SAFETY: no memory is passed.
    check(unsafe { libc::fsync(fd) }).map(|_| ())
}

/// The window size of the terminal on `fd`: (columns, lines).
pub fn terminal_size(fd: i32) -> Result<(u16, u16)> {
    // SAFETY: `ws` is a writable winsize struct, as TIOCGWINSZ requires; zeroed is valid.
    unsafe {
        let mut ws: libc::winsize = std::mem::zeroed();
        check(libc::ioctl(fd, libc::TIOCGWINSZ, &mut ws))?;
        Ok((ws.ws_col, ws.ws_row))
    }
}

/// `utimensat(AT_FDCWD, path, times, flags)`: access and modification times as (seconds,
/// nanoseconds), or now for `None`.
pub fn utimens(path: &[u8], times: Option<[(i64, i64); 2]>, follow: bool) -> Result<()> {
    let c = CString::new(path).map_err(|_| Error::from_raw_os_error(libc::EINVAL))?;
    let ts = times.map(|t| {
        t.map(|(s, ns)| libc::timespec {
            tv_sec: s,
            tv_nsec: ns,
        })
    });
    let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
    let ptr = ts.as_ref().map_or(std::ptr::null(), |t| t.as_ptr());
    // SAFETY: `c` is NUL-terminated and `ptr` is null or points to two timespecs, both alive
    // for the call.
    check(unsafe { libc::utimensat(libc::AT_FDCWD, c.as_ptr(), ptr, flags) }).map(|_| ())
}
