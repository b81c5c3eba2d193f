//! `mman_mmap`, `mman_mmap64` and `mman_munmap`.

use crate::{errno, off_t, raw};
use core::ffi::{c_int, c_void};

/// Maps files or devices into memory: glibc's `mmap`.
///
/// Returns the address of the new mapping, or `MMAN_MAP_FAILED` with `errno`
/// set. See [mmap(2)](https://man7.org/linux/man-pages/man2/mmap.2.html).
///
/// # Safety
///
/// As for C `mmap`: with `MAP_FIXED`, whatever was mapped in
/// `[addr, addr + len)` is replaced and must no longer be in use.
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

/// Maps files or devices into memory: glibc's `mmap64`, which is `mmap`
/// (`off_t` is 64 bits on 64-bit Linux).
///
/// Returns the address of the new mapping, or `MMAN_MAP_FAILED` with `errno`
/// set. See [mmap(2)](https://man7.org/linux/man-pages/man2/mmap.2.html).
///
/// # Safety
///
/// As for [`mman_mmap`].
#[no_mangle]
pub unsafe extern "C" fn mman_mmap64(
    addr: *mut c_void,
    len: usize,
    prot: c_int,
    flags: c_int,
    fd: c_int,
    offset: off_t,
) -> *mut c_void {
    // SAFETY: the caller upholds `mmap`'s contract.
    errno::ret_ptr(unsafe { raw::mmap64(addr, len, prot, flags, fd, offset) })
}

/// Removes a mapping: glibc's `munmap`.
///
/// Returns 0, or -1 with `errno` set. See
/// [munmap(2)](https://man7.org/linux/man-pages/man2/munmap.2.html).
///
/// # Safety
///
/// As for C `munmap`: nothing in `[addr, addr + len)` may still be in use.
#[no_mangle]
pub unsafe extern "C" fn mman_munmap(addr: *mut c_void, len: usize) -> c_int {
    // SAFETY: the caller upholds `munmap`'s contract.
    errno::ret_int(unsafe { raw::munmap(addr, len) })
}
