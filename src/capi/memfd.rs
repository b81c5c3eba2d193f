//! `mman_memfd_create`.

use super::errno;
use crate::raw;
use core::ffi::{c_char, c_int, c_uint};

/// Creates an anonymous file: glibc's `memfd_create`.
///
/// Returns a file descriptor.
///
/// # Errors
///
/// Returns -1 with `errno` set, to the error glibc's
/// `memfd_create` gives for the same call.
///
/// # Safety
///
/// As for C `memfd_create`: `name` is a string (the kernel reports a bad
/// pointer as `EFAULT`).
///
/// # Examples
///
/// ```c
/// int fd = mman_memfd_create("cache", MMAN_MFD_CLOEXEC);
/// if (fd == -1 || ftruncate(fd, 1 << 20) == -1) {
///     perror("memfd");
///     return -1;
/// }
/// void *p = mman_mmap(NULL, 1 << 20, MMAN_PROT_READ | MMAN_PROT_WRITE,
///                     MMAN_MAP_SHARED, fd, 0);
/// ```
///
/// # References
///
/// - [memfd_create(2)](https://man7.org/linux/man-pages/man2/memfd_create.2.html)
#[no_mangle]
pub unsafe extern "C" fn mman_memfd_create(name: *const c_char, flags: c_uint) -> c_int {
    // SAFETY: the caller upholds `memfd_create`'s contract.
    errno::ret_fd(unsafe { raw::memfd_create(name, flags) })
}
