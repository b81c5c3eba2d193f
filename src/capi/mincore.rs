//! `mman_mincore`.

use super::errno;
use crate::raw;
use core::ffi::{c_int, c_uchar, c_void};

/// Reports which pages are resident: glibc's `mincore`.
///
/// Returns 0.
///
/// # Errors
///
/// Returns -1 with `errno` set, to the error glibc's
/// `mincore` gives for the same call.
///
/// # Safety
///
/// As for C `mincore`: `vec` has room for one byte per page of the range.
///
/// # Examples
///
/// ```c
/// unsigned char vec[16]; // one byte per page of the 16-page mapping p
/// if (mman_mincore(p, 16 * 4096, vec) == 0)
///     for (int i = 0; i < 16; i++)
///         printf("page %d: %s\n", i, (vec[i] & 1) ? "resident" : "not resident");
/// ```
///
/// # References
///
/// - [mincore(2)](https://man7.org/linux/man-pages/man2/mincore.2.html)
#[no_mangle]
pub unsafe extern "C" fn mman_mincore(addr: *mut c_void, len: usize, vec: *mut c_uchar) -> c_int {
    // SAFETY: the caller upholds `mincore`'s contract.
    errno::ret_int(unsafe { raw::mincore(addr, len, vec) })
}
