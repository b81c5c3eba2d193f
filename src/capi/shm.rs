//! `mman_shm_open` and `mman_shm_unlink`.

use super::errno;
use crate::{mode_t, raw};
use core::ffi::{c_char, c_int};

/// Opens a POSIX shared memory object: glibc's `shm_open`.
///
/// Returns a file descriptor.
///
/// # Errors
///
/// Returns -1 with `errno` set, to the error glibc's
/// `shm_open` gives for the same call.
///
/// # Safety
///
/// As for C `shm_open`: `name` is a NUL-terminated string.
///
/// # Examples
///
/// ```c
/// #include <fcntl.h>
/// #include <unistd.h>
///
/// int fd = mman_shm_open("/my-app-ring", O_RDWR | O_CREAT, 0600);
/// if (fd == -1 || ftruncate(fd, 1 << 16) == -1) {
///     perror("shm");
///     return -1;
/// }
/// void *p = mman_mmap(NULL, 1 << 16, MMAN_PROT_READ | MMAN_PROT_WRITE,
///                     MMAN_MAP_SHARED, fd, 0);
/// close(fd); // the mapping stays
/// ```
///
/// # References
///
/// - [shm_open(3)](https://man7.org/linux/man-pages/man3/shm_open.3.html)
#[no_mangle]
pub unsafe extern "C" fn mman_shm_open(name: *const c_char, oflag: c_int, mode: mode_t) -> c_int {
    // SAFETY: the caller upholds `shm_open`'s contract.
    errno::ret_fd(unsafe { raw::shm_open(name, oflag, mode) })
}

/// Removes a POSIX shared memory object: glibc's `shm_unlink`.
///
/// Returns 0.
///
/// # Errors
///
/// Returns -1 with `errno` set, to the error glibc's
/// `shm_unlink` gives for the same call.
///
/// # Safety
///
/// As for C `shm_unlink`: `name` is a NUL-terminated string.
///
/// # Examples
///
/// ```c
/// if (mman_shm_unlink("/my-app-ring") == -1 && errno != ENOENT)
///     perror("mman_shm_unlink");
/// ```
///
/// # References
///
/// - [shm_unlink(3)](https://man7.org/linux/man-pages/man3/shm_unlink.3.html)
#[no_mangle]
pub unsafe extern "C" fn mman_shm_unlink(name: *const c_char) -> c_int {
    // SAFETY: the caller upholds `shm_unlink`'s contract.
    errno::ret_int(unsafe { raw::shm_unlink(name) })
}
