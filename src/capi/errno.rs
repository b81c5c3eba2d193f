//! Errno mapping: from the raw layer's `Result` to the C convention of a
//! sentinel return value and the C library's `errno`.
//!
//! `errno` is the C library's own thread-local (`__errno_location()` in glibc
//! and musl), so C callers read it as after any libc call. It is written only
//! on failure, as POSIX requires.

use crate::Errno;
use core::ffi::{c_int, c_void};

/// The value `mman_mmap` returns on failure, `(void *) -1`.
pub const MAP_FAILED: *mut c_void = -1isize as *mut c_void;

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

/// Sets `errno` and returns `-1`: the whole failure of an `int` function,
/// out of line and cold, so that a C function's success path is a compare
/// and a branch and its failure one jump here (a tail call).
#[cold]
#[inline(never)]
fn fail_int(e: Errno) -> c_int {
    set_errno(e);
    // Opaque to the optimizer: were it seen to be the constant -1, callers
    // would call this function and then load -1 themselves instead of
    // jumping to it (a tail call), which costs every caller's success path
    // a register shuffle.
    core::hint::black_box(-1)
}

/// Sets `errno` and returns `MAP_FAILED`, as [`fail_int`].
#[cold]
#[inline(never)]
fn fail_ptr(e: Errno) -> *mut c_void {
    set_errno(e);
    MAP_FAILED
}

/// `0`, or `-1` with `errno` set: the return of `munmap`, `msync`, ….
#[inline(always)]
pub(crate) fn ret_int(r: Result<(), Errno>) -> c_int {
    match r {
        Ok(()) => 0,
        Err(e) => fail_int(e),
    }
}

/// A file descriptor, or `-1` with `errno` set: the return of
/// `memfd_create` and `shm_open`.
#[inline(always)]
pub(crate) fn ret_fd(r: Result<c_int, Errno>) -> c_int {
    match r {
        Ok(v) => v,
        Err(e) => fail_int(e),
    }
}

/// A pointer, or `MAP_FAILED` with `errno` set: the return of `mmap`, ….
#[inline(always)]
pub(crate) fn ret_ptr(r: Result<*mut c_void, Errno>) -> *mut c_void {
    match r {
        Ok(p) => p,
        Err(e) => fail_ptr(e),
    }
}
