//! The operating system beneath the native modules: system calls on raw file descriptors
//! and paths, in one place so that every `unsafe` call into the C library is here (with its
//! `// SAFETY:` argument) and the modules above (`_io`, later `posix`) are safe Rust.

pub mod fd;
pub mod proc;
pub mod time;

/// The character-type locale the environment asks for (`setlocale(LC_CTYPE, "")`, as
/// CPython sets at start-up): "C" when the requested one is not installed.
pub fn ctype_locale() -> String {
    // SAFETY: setlocale with a valid NUL-terminated string; the returned pointer is either
    // null or a NUL-terminated string owned by the C library, copied before any other
    // locale call can change it. Called at start-up, before anything else reads the locale.
    unsafe {
        let p = libc::setlocale(libc::LC_CTYPE, c"".as_ptr());
        if p.is_null() {
            return "C".to_string();
        }
        std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned()
    }
}

/// The character set of the current character-type locale (`nl_langinfo(CODESET)`).
pub fn locale_codeset() -> String {
    // SAFETY: nl_langinfo returns a pointer to a NUL-terminated string owned by the C
    // library (or null), copied at once.
    unsafe {
        let p = libc::nl_langinfo(libc::CODESET);
        if p.is_null() {
            return String::new();
        }
        std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned()
    }
}
