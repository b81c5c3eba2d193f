//! `mmap` and `munmap`.

use crate::{off_t, sys, Errno};
use core::ffi::{c_int, c_void};

/// glibc rejects an offset that is not a multiple of this in user space,
/// before the system call (`MMAP_OFF_LOW_MASK` in its `mmap_internal.h`:
/// 4096 whatever the page size).
const MMAP_OFF_LOW_MASK: off_t = 4096 - 1;

/// Maps files or devices into memory, as glibc's `mmap` does.
///
/// Returns the address of the mapping. Arguments have their C meaning:
/// `prot` is a mask of `MMAN_PROT_*`, `flags` of `MMAN_MAP_*` (unknown bits
/// go to the kernel untouched, as glibc passes them), `fd` is ignored by the
/// kernel under `MAP_ANONYMOUS`, and `offset` must be a multiple of 4096.
///
/// # Errors
///
/// `EINVAL` for an offset that is not a multiple of 4096 (checked here,
/// as glibc does); any other error is the kernel's: `EBADF`, `EACCES`,
/// `EINVAL`, `ENOMEM`, `EAGAIN`, `EEXIST`, `ENODEV`, `EOVERFLOW`, `EPERM`,
/// `ETXTBSY`, `EOPNOTSUPP`.
///
/// # Safety
///
/// With `MAP_FIXED`, the range `[addr, addr + len)` is replaced: nothing in
/// it may still be in use. A mapping of a file that another process can
/// modify or truncate may change, or raise `SIGBUS`, under any reference to
/// it.
///
/// See [mmap(2)](https://man7.org/linux/man-pages/man2/mmap.2.html) and
/// [POSIX `mmap`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/mmap.html).
#[inline]
pub unsafe fn mmap(
    addr: *mut c_void,
    len: usize,
    prot: c_int,
    flags: c_int,
    fd: c_int,
    offset: off_t,
) -> Result<*mut c_void, Errno> {
    if offset & MMAP_OFF_LOW_MASK != 0 {
        return Err(Errno::INVAL);
    }
    // One path for every `fd` (-1 included, which `BorrowedFd` cannot
    // hold): the kernel checks whether it is open.
    // SAFETY: the caller upholds this function's contract.
    unsafe { sys::mmap(addr, len, prot, flags, fd, offset) }
}

/// Removes the mappings of the pages in `[addr, addr + len)`, as glibc's
/// `munmap` does (a plain system call).
///
/// # Errors
///
/// `EINVAL` when `addr` is not page-aligned, `len` is 0, or the range leaves
/// the address space. Unmapping a range that holds no mapping succeeds.
///
/// # Safety
///
/// Nothing in the range may still be in use: every reference into it
/// dangles afterwards.
///
/// See [munmap(2)](https://man7.org/linux/man-pages/man2/munmap.2.html) and
/// [POSIX `munmap`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/munmap.html).
#[inline]
pub unsafe fn munmap(addr: *mut c_void, len: usize) -> Result<(), Errno> {
    // SAFETY: the caller upholds this function's contract.
    unsafe { rustix::mm::munmap(addr, len) }
}
