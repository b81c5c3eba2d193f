//! `mman_madvise` and `mman_posix_madvise`.

use super::errno;
use crate::raw;
use core::ffi::{c_int, c_void};

/// Gives advice about the use of memory: glibc's `madvise`; any `advice`
/// value goes to the kernel.
///
/// Returns 0.
///
/// # Errors
///
/// Returns -1 with `errno` set, to the error glibc's
/// `madvise` gives for the same call.
///
/// # Safety
///
/// As for C `madvise`: some advice (`MADV_DONTNEED`, `MADV_FREE`, …)
/// discards the contents of the range.
///
/// # Examples
///
/// ```c
/// // Done with a private anonymous buffer for now: give its pages back
/// // (it reads as zeros afterwards).
/// if (mman_madvise(p, len, MMAN_MADV_DONTNEED) == -1)
///     perror("mman_madvise");
/// ```
///
/// # References
///
/// - [madvise(2)](https://man7.org/linux/man-pages/man2/madvise.2.html)
#[no_mangle]
pub unsafe extern "C" fn mman_madvise(addr: *mut c_void, len: usize, advice: c_int) -> c_int {
    // SAFETY: the caller upholds `madvise`'s contract.
    errno::ret_int(unsafe { raw::madvise(addr, len, advice) })
}

/// Gives advice about the use of memory: glibc's `posix_madvise`
/// (`POSIX_MADV_DONTNEED` does nothing).
///
/// Returns 0.
///
/// # Errors
///
/// Returns the error number glibc's `posix_madvise` returns for the same call;
/// `errno` is left untouched.
///
/// # Safety
///
/// As for C `posix_madvise`.
///
/// # Examples
///
/// ```c
/// int err = mman_posix_madvise(p, len, MMAN_POSIX_MADV_SEQUENTIAL);
/// if (err != 0) // the error number itself; errno is untouched
///     fprintf(stderr, "mman_posix_madvise: %s\n", strerror(err));
/// ```
///
/// # References
///
/// - [posix_madvise(3)](https://man7.org/linux/man-pages/man3/posix_madvise.3.html)
#[no_mangle]
pub unsafe extern "C" fn mman_posix_madvise(addr: *mut c_void, len: usize, advice: c_int) -> c_int {
    // SAFETY: the caller upholds `posix_madvise`'s contract.
    match unsafe { raw::posix_madvise(addr, len, advice) } {
        Ok(()) => 0,
        Err(e) => e.raw_os_error(),
    }
}
