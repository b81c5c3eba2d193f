//! `mman_mremap`.

use super::errno;
use crate::raw;
use core::ffi::{c_int, c_void};

/// Grows, shrinks or moves a mapping: glibc's `mremap`, with its optional
/// fifth argument always present (pass NULL when `flags` has neither
/// `MREMAP_FIXED` nor `MREMAP_DONTUNMAP`: it is not used then). In
/// POSIX-names mode, `mremap` is a variadic inline wrapper over this.
///
/// Returns the mapping's address.
///
/// # Errors
///
/// Returns `MMAN_MAP_FAILED` with `errno` set, to the error glibc's
/// `mremap` gives for the same call.
///
/// # Safety
///
/// As for C `mremap`: the old range must no longer be used once moved, and
/// `MREMAP_FIXED` replaces whatever was at `new_address`.
///
/// # Examples
///
/// ```c
/// // Double a buffer, moving it if it cannot grow in place.
/// void *q = mman_mremap(p, len, 2 * len, MMAN_MREMAP_MAYMOVE, NULL);
/// if (q == MMAN_MAP_FAILED) {
///     perror("mman_mremap"); // p is still mapped, unchanged
/// } else {
///     p = q;
///     len = 2 * len;
/// }
/// ```
///
/// # References
///
/// - [mremap(2)](https://man7.org/linux/man-pages/man2/mremap.2.html)
#[no_mangle]
pub unsafe extern "C" fn mman_mremap(
    old_address: *mut c_void,
    old_size: usize,
    new_size: usize,
    flags: c_int,
    new_address: *mut c_void,
) -> *mut c_void {
    // SAFETY: the caller upholds `mremap`'s contract.
    errno::ret_ptr(unsafe { raw::mremap(old_address, old_size, new_size, flags, new_address) })
}
