//! Errno mapping: from the raw layer's `Result` to the C convention of a
//! sentinel return value and the C library's `errno`.
//!
//! `errno` is the C library's own thread-local (`__errno_location()` in glibc
//! and musl), so C callers read it as after any libc call. It is written only
//! on failure, as POSIX requires.

use crate::Errno;
use core::ffi::{c_int, c_void};

/// The `MAP_FAILED` sentinel, `(void *) -1`.
pub(crate) const MAP_FAILED: *mut c_void = usize::MAX as *mut c_void;

/// Stores `e` in the calling thread's `errno`.
#[cold]
#[inline(never)]
fn set_errno(e: Errno) {
    // Declared here, not at module level, so that cbindgen does not copy the
    // declaration into the header.
    extern "C" {
        fn __errno_location() -> *mut c_int;
    }
    // SAFETY: `__errno_location` returns the calling thread's `errno`,
    // valid for writes for the thread's lifetime.
    unsafe { *__errno_location() = e.raw_os_error() }
}

/// `0`, or `-1` with `errno` set: the return of `munmap`, `msync`, ….
#[inline(always)]
pub(crate) fn ret_int(r: Result<(), Errno>) -> c_int {
    match r {
        Ok(()) => 0,
        Err(e) => {
            set_errno(e);
            -1
        }
    }
}

/// A pointer, or `MAP_FAILED` with `errno` set: the return of `mmap`, ….
#[inline(always)]
pub(crate) fn ret_ptr(r: Result<*mut c_void, Errno>) -> *mut c_void {
    match r {
        Ok(p) => p,
        Err(e) => {
            set_errno(e);
            MAP_FAILED
        }
    }
}
