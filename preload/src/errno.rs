//! The C library's `errno`, and its names for the trace (glibc's
//! `strerrorname_np` and `strerrordesc_np`: static strings, no locale, no
//! allocation, so async-signal-safe, and the very words strace prints).

use crate::line::Line;
use core::ffi::{c_char, c_int};
use mman::Errno;

extern "C" {
    fn __errno_location() -> *mut c_int;
    fn strerrorname_np(errnum: c_int) -> *const c_char;
    fn strerrordesc_np(errnum: c_int) -> *const c_char;
}

/// Stores `e` in the calling thread's `errno`.
pub(crate) fn set(e: Errno) {
    set_raw(e.raw_os_error());
}

/// The calling thread's `errno`.
pub(crate) fn get() -> c_int {
    // SAFETY: as in `set_raw`.
    unsafe { *__errno_location() }
}

/// Stores `n` in the calling thread's `errno`.
pub(crate) fn set_raw(n: c_int) {
    // SAFETY: `__errno_location` returns the calling thread's `errno`,
    // valid for reads and writes for the thread's lifetime.
    unsafe { *__errno_location() = n }
}

/// Appends `ENOMEM (Cannot allocate memory)` for `errno` value `n`, or the
/// number if glibc has no name for it.
pub(crate) fn describe(line: &mut Line, n: c_int) {
    // SAFETY: both take any int and return NULL or a static string.
    let (name, desc) = unsafe { (strerrorname_np(n), strerrordesc_np(n)) };
    if name.is_null() || desc.is_null() {
        line.int(n.into());
        return;
    }
    // SAFETY: static NUL-terminated strings, from glibc.
    unsafe {
        line.raw_c_str(name).str(" (").raw_c_str(desc).str(")");
    }
}
