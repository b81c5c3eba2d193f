//! `mman_mmap`, `mman_mmap64` and `mman_munmap`.

use super::errno;
use crate::{off64_t, off_t, raw};
use core::ffi::{c_int, c_void};

/// Maps files or devices into memory: glibc's `mmap`.
///
/// Returns the address of the new mapping.
///
/// # Errors
///
/// Returns `MMAN_MAP_FAILED` with `errno` set, to the error glibc's
/// `mmap` gives for the same call.
///
/// # Safety
///
/// As for C `mmap`: with `MAP_FIXED`, whatever was mapped in
/// `[addr, addr + len)` is replaced and must no longer be in use.
///
/// # Examples
///
/// ```c
/// size_t len = (size_t) mman_page_size();
/// char *p = mman_mmap(NULL, len, MMAN_PROT_READ | MMAN_PROT_WRITE,
///                     MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS, -1, 0);
/// if (p == MMAN_MAP_FAILED) {
///     perror("mman_mmap");
///     return -1;
/// }
/// p[0] = 'x';
/// mman_munmap(p, len);
/// ```
///
/// # References
///
/// - [mmap(2)](https://man7.org/linux/man-pages/man2/mmap.2.html)
#[no_mangle]
pub unsafe extern "C" fn mman_mmap(
    addr: *mut c_void,
    len: usize,
    prot: c_int,
    flags: c_int,
    fd: c_int,
    offset: off_t,
) -> *mut c_void {
    // SAFETY: the caller upholds `mmap`'s contract.
    errno::ret_ptr(unsafe { raw::mmap(addr, len, prot, flags, fd, offset) })
}

/// Maps files or devices into memory at a 64-bit offset: glibc's `mmap64`
/// (which is `mmap` on 64-bit Linux, where `off_t` is 64 bits too).
///
/// Returns the address of the new mapping.
///
/// # Errors
///
/// Returns `MMAN_MAP_FAILED` with `errno` set, to the error glibc's
/// `mmap64` gives for the same call.
///
/// # Safety
///
/// As for [`mman_mmap`].
///
/// # Examples
///
/// ```c
/// // A window of a large file at a 64-bit offset (a multiple of 4096).
/// void *p = mman_mmap64(NULL, len, MMAN_PROT_READ, MMAN_MAP_SHARED, fd,
///                       (off_t) 5 << 30);
/// if (p == MMAN_MAP_FAILED)
///     perror("mman_mmap64");
/// ```
///
/// # References
///
/// - [mmap(2)](https://man7.org/linux/man-pages/man2/mmap.2.html)
#[no_mangle]
pub unsafe extern "C" fn mman_mmap64(
    addr: *mut c_void,
    len: usize,
    prot: c_int,
    flags: c_int,
    fd: c_int,
    offset: off64_t,
) -> *mut c_void {
    // SAFETY: the caller upholds `mmap`'s contract.
    errno::ret_ptr(unsafe { raw::mmap64(addr, len, prot, flags, fd, offset) })
}

/// Removes a mapping: glibc's `munmap`.
///
/// Returns 0.
///
/// # Errors
///
/// Returns -1 with `errno` set, to the error glibc's
/// `munmap` gives for the same call.
///
/// # Safety
///
/// As for C `munmap`: nothing in `[addr, addr + len)` may still be in use.
///
/// # Examples
///
/// ```c
/// if (mman_munmap(p, len) == -1)
///     perror("mman_munmap"); // EINVAL: p not page-aligned, or len 0
/// ```
///
/// # References
///
/// - [munmap(2)](https://man7.org/linux/man-pages/man2/munmap.2.html)
#[no_mangle]
pub unsafe extern "C" fn mman_munmap(addr: *mut c_void, len: usize) -> c_int {
    // SAFETY: the caller upholds `munmap`'s contract.
    errno::ret_int(unsafe { raw::munmap(addr, len) })
}
