//! `mman_mprotect`.

use super::errno;
use crate::raw;
use core::ffi::{c_int, c_void};

/// Changes the protection of pages: glibc's `mprotect`.
///
/// Returns 0.
///
/// # Errors
///
/// Returns -1 with `errno` set, to the error glibc's
/// `mprotect` gives for the same call.
///
/// # Safety
///
/// As for C `mprotect`: memory that loses access must no longer be used
/// that way.
///
/// # Examples
///
/// ```c
/// // Fill a page, then make it read-only: a later write raises SIGSEGV.
/// memcpy(p, table, sizeof table);
/// if (mman_mprotect(p, len, MMAN_PROT_READ) == -1)
///     perror("mman_mprotect");
/// ```
///
/// # References
///
/// - [mprotect(2)](https://man7.org/linux/man-pages/man2/mprotect.2.html)
#[no_mangle]
pub unsafe extern "C" fn mman_mprotect(addr: *mut c_void, len: usize, prot: c_int) -> c_int {
    // SAFETY: the caller upholds `mprotect`'s contract.
    errno::ret_int(unsafe { raw::mprotect(addr, len, prot) })
}
