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

/// What `fstat` says of a descriptor that `_io` needs.
pub struct FdStat {
    pub is_dir: bool,
    pub blksize: i64,
    pub size: i64,
}

/// `fstat(fd)`.
pub fn fstat(fd: i32) -> Result<FdStat> {
    // SAFETY: `st` is a properly sized, writable stat buffer that lives across the call;
    // a zeroed `stat` is a valid value of the type.
    unsafe {
        let mut st: libc::stat = std::mem::zeroed();
        check(libc::fstat(fd, &mut st))?;
        Ok(FdStat {
            is_dir: st.st_mode & libc::S_IFMT == libc::S_IFDIR,
            blksize: st.st_blksize as i64,
            size: st.st_size as i64,
        })
    }
}
