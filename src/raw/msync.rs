//! `msync`.

use crate::{flags, Errno};
use core::ffi::{c_int, c_void};

/// Writes the changes of a shared file mapping back to the file, as glibc's
/// `msync` does (a plain system call).
///
/// `flags` is `MMAN_MS_ASYNC` or `MMAN_MS_SYNC`, optionally with
/// `MMAN_MS_INVALIDATE`; other bits go to the kernel untouched.
///
/// # Errors
///
/// The kernel's: `EINVAL` for unknown flags, both `MS_ASYNC` and `MS_SYNC`,
/// or an unaligned `addr`; `ENOMEM` when part of the range is not mapped;
/// `EBUSY` for `MS_INVALIDATE` on locked pages; `EIO` and the like from the
/// write-back.
///
/// # Safety
///
/// Safe for any arguments as far as memory is concerned (the kernel checks
/// the range); `unsafe` as the rest of the family, since it takes a raw
/// address.
///
/// See [msync(2)](https://man7.org/linux/man-pages/man2/msync.2.html) and
/// [POSIX `msync`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/msync.html).
#[inline]
pub unsafe fn msync(addr: *mut c_void, len: usize, flags: c_int) -> Result<(), Errno> {
    // SAFETY: the caller upholds this function's contract.
    unsafe { rustix::mm::msync(addr, len, flags::msync(flags)) }
}
