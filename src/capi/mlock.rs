//! `mman_mlock`, `mman_mlock2`, `mman_munlock`, `mman_mlockall` and
//! `mman_munlockall`.

use super::errno;
use crate::raw;
use core::ffi::{c_int, c_uint, c_void};

/// Locks pages in memory: glibc's `mlock`.
///
/// Returns 0.
///
/// # Errors
///
/// Returns -1 with `errno` set, to the error glibc's
/// `mlock` gives for the same call.
///
/// # Safety
///
/// As for C `mlock`; the kernel checks the range.
///
/// # Examples
///
/// ```c
/// // Keep a key's page out of swap while it is in use.
/// if (mman_mlock(key, sizeof key) == -1)
///     perror("mman_mlock"); // ENOMEM past RLIMIT_MEMLOCK
/// ```
///
/// # References
///
/// - [mlock(2)](https://man7.org/linux/man-pages/man2/mlock.2.html)
#[no_mangle]
pub unsafe extern "C" fn mman_mlock(addr: *const c_void, len: usize) -> c_int {
    // SAFETY: the caller upholds `mlock`'s contract.
    errno::ret_int(unsafe { raw::mlock(addr, len) })
}

/// Locks pages in memory, with flags (`MLOCK_ONFAULT`): glibc's `mlock2`.
///
/// Returns 0.
///
/// # Errors
///
/// Returns -1 with `errno` set, to the error glibc's
/// `mlock2` gives for the same call.
///
/// # Safety
///
/// As for C `mlock2`; the kernel checks the range.
///
/// # Examples
///
/// ```c
/// // Lock the pages of a large buffer only as they are first touched.
/// if (mman_mlock2(p, len, MMAN_MLOCK_ONFAULT) == -1)
///     perror("mman_mlock2");
/// ```
///
/// # References
///
/// - [mlock2(2)](https://man7.org/linux/man-pages/man2/mlock2.2.html)
#[no_mangle]
pub unsafe extern "C" fn mman_mlock2(addr: *const c_void, len: usize, flags: c_uint) -> c_int {
    // SAFETY: the caller upholds `mlock2`'s contract.
    errno::ret_int(unsafe { raw::mlock2(addr, len, flags) })
}

/// Unlocks pages: glibc's `munlock`.
///
/// Returns 0.
///
/// # Errors
///
/// Returns -1 with `errno` set, to the error glibc's
/// `munlock` gives for the same call.
///
/// # Safety
///
/// As for C `munlock`; the kernel checks the range.
///
/// # Examples
///
/// ```c
/// explicit_bzero(key, sizeof key);
/// if (mman_munlock(key, sizeof key) == -1)
///     perror("mman_munlock");
/// ```
///
/// # References
///
/// - [munlock(2)](https://man7.org/linux/man-pages/man2/munlock.2.html)
#[no_mangle]
pub unsafe extern "C" fn mman_munlock(addr: *const c_void, len: usize) -> c_int {
    // SAFETY: the caller upholds `munlock`'s contract.
    errno::ret_int(unsafe { raw::munlock(addr, len) })
}

/// Locks every page of the process: glibc's `mlockall`.
///
/// Returns 0.
///
/// # Errors
///
/// Returns -1 with `errno` set, to the error glibc's
/// `mlockall` gives for the same call.
///
/// # Safety
///
/// As for C `mlockall`: it affects every mapping of the process.
///
/// # Examples
///
/// ```c
/// // A real-time process: no page faults once started.
/// if (mman_mlockall(MMAN_MCL_CURRENT | MMAN_MCL_FUTURE) == -1)
///     perror("mman_mlockall");
/// ```
///
/// # References
///
/// - [mlockall(2)](https://man7.org/linux/man-pages/man2/mlockall.2.html)
#[no_mangle]
pub unsafe extern "C" fn mman_mlockall(flags: c_int) -> c_int {
    // SAFETY: locking changes no memory.
    errno::ret_int(unsafe { raw::mlockall(flags) })
}

/// Unlocks every page of the process: glibc's `munlockall`.
///
/// Returns 0.
///
/// # Errors
///
/// Returns -1 with `errno` set, to the error glibc's
/// `munlockall` gives for the same call.
///
/// # Safety
///
/// As for C `munlockall`: it affects every mapping of the process.
///
/// # Examples
///
/// ```c
/// mman_munlockall(); // on leaving the real-time loop
/// ```
///
/// # References
///
/// - [munlockall(2)](https://man7.org/linux/man-pages/man2/munlockall.2.html)
#[no_mangle]
pub unsafe extern "C" fn mman_munlockall() -> c_int {
    // SAFETY: unlocking changes no memory.
    errno::ret_int(unsafe { raw::munlockall() })
}
