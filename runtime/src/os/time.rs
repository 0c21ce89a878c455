//! The C library's clock and calendar calls: `clock_gettime`, `localtime_r`/`gmtime_r`,
//! `mktime`, `strftime`, and the time-zone facts CPython's `time` module reports.

use std::io::{Error, Result};

/// A broken-down time (the C library's `struct tm`, with its zone).
#[derive(Clone, Debug, Default)]
pub struct Tm {
    pub year: i64,
    pub mon: i32,
    pub mday: i32,
    pub hour: i32,
    pub min: i32,
    pub sec: i32,
    pub wday: i32,
    pub yday: i32,
    pub isdst: i32,
    pub gmtoff: i64,
    pub zone: String,
}

fn to_c(t: &Tm) -> libc::tm {
    // SAFETY: an all-zero `tm` is a valid value (a null tm_zone pointer included).
    let mut c: libc::tm = unsafe { std::mem::zeroed() };
    c.tm_year = (t.year - 1900) as i32;
    c.tm_mon = t.mon;
    c.tm_mday = t.mday;
    c.tm_hour = t.hour;
    c.tm_min = t.min;
    c.tm_sec = t.sec;
    c.tm_wday = t.wday;
    c.tm_yday = t.yday;
    c.tm_isdst = t.isdst;
    c.tm_gmtoff = t.gmtoff as libc::c_long;
    c
}

fn from_c(c: &libc::tm) -> Tm {
    let zone = if c.tm_zone.is_null() {
        String::new()
    } else {
        // SAFETY: a non-null tm_zone from the C library points to a NUL-terminated string
        // that lives at least until the next time-zone call; it is copied at once.
        unsafe { std::ffi::CStr::from_ptr(c.tm_zone) }
            .to_string_lossy()
            .into_owned()
    };
    Tm {
        year: c.tm_year as i64 + 1900,
        mon: c.tm_mon,
        mday: c.tm_mday,
        hour: c.tm_hour,
        min: c.tm_min,
        sec: c.tm_sec,
        wday: c.tm_wday,
        yday: c.tm_yday,
        isdst: c.tm_isdst,
        gmtoff: c.tm_gmtoff,
        zone,
    }
}

/// `clock_gettime(clock)`: (seconds, nanoseconds).
pub fn clock_gettime(clock: i32) -> Result<(i64, i64)> {
    // SAFETY: `ts` is a writable timespec for the call; zeroed is a valid value.
    unsafe {
        let mut ts: libc::timespec = std::mem::zeroed();
        if libc::clock_gettime(clock, &mut ts) != 0 {
            return Err(Error::last_os_error());
        }
        Ok((ts.tv_sec, ts.tv_nsec))
    }
}

/// `clock_getres(clock)` in seconds.
pub fn clock_getres(clock: i32) -> Result<f64> {
    // SAFETY: as for clock_gettime.
    unsafe {
        let mut ts: libc::timespec = std::mem::zeroed();
        if libc::clock_getres(clock, &mut ts) != 0 {
            return Err(Error::last_os_error());
        }
        Ok(ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9)
    }
}

/// `localtime_r` (`local`) or `gmtime_r` of `t` seconds since the epoch.
pub fn broken_down(t: i64, local: bool) -> Result<Tm> {
    let tt = t as libc::time_t;
    // SAFETY: `out` is a writable tm for the call, `tt` a readable time_t.
    unsafe {
        let mut out: libc::tm = std::mem::zeroed();
        let r = if local {
            libc::localtime_r(&tt, &mut out)
        } else {
            libc::gmtime_r(&tt, &mut out)
        };
        if r.is_null() {
            return Err(Error::from_raw_os_error(libc::EOVERFLOW));
        }
        Ok(from_c(&out))
    }
}

/// `mktime`: seconds since the epoch of a local broken-down time (None if out of range).
pub fn mktime(t: &Tm) -> Option<i64> {
    let mut c = to_c(t);
    // A marker in tm_wday tells an error result from a real -1 (as CPython does).
    c.tm_wday = -1;
    // SAFETY: `c` is a valid, writable tm for the call.
    let r = unsafe { libc::mktime(&mut c) };
    if r == -1 && c.tm_wday == -1 {
        return None;
    }
    Some(r as i64)
}

/// `strftime(format, t)`; the format must hold no NUL (the caller checks).
pub fn strftime(format: &str, t: &Tm) -> String {
    let Ok(fmt) = std::ffi::CString::new(format) else {
        return String::new();
    };
    let mut c = to_c(t);
    let zone = std::ffi::CString::new(t.zone.clone()).unwrap_or_default();
    c.tm_zone = zone.as_ptr();
    let mut size = 1024usize;
    loop {
        let mut buf = vec![0u8; size];
        // SAFETY: `buf` is writable for `size` bytes, `fmt` and `zone` are NUL-terminated
        // and outlive the call, `c` is a valid tm.
        let n = unsafe { libc::strftime(buf.as_mut_ptr().cast(), size, fmt.as_ptr(), &c) };
        if n > 0 || size >= 256 * format.len().max(1) {
            buf.truncate(n);
            return String::from_utf8_lossy(&buf).into_owned();
        }
        size *= 4;
    }
}

/// `tzset()`: rereads the TZ environment variable.
pub fn tzset() {
    extern "C" {
        fn tzset();
    }
    // SAFETY: tzset takes no arguments; pycrane runs one thread.
    unsafe { tzset() }
}
