//! `mprotect`.

use crate::{flags, Errno};
use core::ffi::{c_int, c_void};

/// Changes the protection of the pages in `[addr, addr + len)`, as glibc's
/// `mprotect` does (a plain system call).
///
/// `prot` is a mask of `MMAN_PROT_*`, possibly with `MMAN_PROT_GROWSDOWN` or
/// `MMAN_PROT_GROWSUP`; unknown bits go to the kernel untouched.
///
/// # Errors
///
/// The kernel's: `EINVAL` for an unaligned `addr` or unknown `prot` bits;
/// `ENOMEM` when part of the range is not mapped or the change would split
/// the mapping past the map count limit; `EACCES` for a protection the
/// mapped file does not allow (`PROT_WRITE` on a read-only shared mapping,
/// `PROT_EXEC` on a `noexec` mount).
///
/// # Safety
///
/// Removing access to memory that is still referenced makes every later
/// access through those references fault; adding `PROT_EXEC` to memory lets
/// its bytes run as code.
///
/// See [mprotect(2)](https://man7.org/linux/man-pages/man2/mprotect.2.html) and
/// [POSIX `mprotect`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/mprotect.html).
#[inline]
pub unsafe fn mprotect(addr: *mut c_void, len: usize, prot: c_int) -> Result<(), Errno> {
    // SAFETY: the caller upholds this function's contract.
    unsafe { rustix::mm::mprotect(addr, len, flags::mprotect(prot)) }
}
