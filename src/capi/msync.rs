//! `mman_msync`.

use super::errno;
use crate::raw;
use core::ffi::{c_int, c_void};

/// Writes a shared file mapping back to its file: glibc's `msync`.
///
/// Returns 0.
///
/// # Errors
///
/// Returns -1 with `errno` set, to the error glibc's
/// `msync` gives for the same call.
///
/// # Safety
///
/// As for C `msync`; the kernel checks the range.
///
/// # Examples
///
/// ```c
/// // p: a MAP_SHARED mapping of a file.
/// memcpy(p, "data", 4);
/// if (mman_msync(p, len, MMAN_MS_SYNC) == -1)
///     perror("mman_msync");
/// ```
///
/// # References
///
/// - [msync(2)](https://man7.org/linux/man-pages/man2/msync.2.html)
#[no_mangle]
pub unsafe extern "C" fn mman_msync(addr: *mut c_void, len: usize, flags: c_int) -> c_int {
    // SAFETY: the caller upholds `msync`'s contract.
    errno::ret_int(unsafe { raw::msync(addr, len, flags) })
}
