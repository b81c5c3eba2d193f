//! `madvise` and `posix_madvise`.

use super::sys;
use crate::{consts::MMAN_POSIX_MADV_DONTNEED, Errno};
use core::ffi::{c_int, c_void};

/// Gives the kernel advice about the use of `[addr, addr + len)`, as glibc's
/// `madvise` does (a plain system call).
///
/// `advice` is any `MMAN_MADV_*` value, or any other `int`: it goes to the
/// kernel untouched, so advice newer than this crate still works and an
/// unknown value fails as the kernel decides.
///
/// # Errors
///
/// The kernel's: `EINVAL` for an unaligned `addr`, an unknown advice, or an
/// advice that does not apply to the mapping (`MADV_DONTNEED` on locked
/// pages, `MADV_MERGEABLE` without KSM, …); `ENOMEM` when part of the range
/// is not mapped (the advice is still applied to the mapped parts); `EAGAIN`,
/// `EBADF`, `EFAULT`, `EIO`, `EPERM` as madvise(2) lists them.
///
/// # Safety
///
/// Advice may change the contents of memory: after `MADV_DONTNEED`,
/// `MADV_FREE`, `MADV_REMOVE` or `MADV_WIPEONFORK` (in a child), private
/// pages read back as zeros, so nothing in the range may be relied on.
/// `MADV_HWPOISON` and `MADV_SOFT_OFFLINE` affect the machine's memory.
///
/// # Examples
///
/// ```
/// use core::ptr::null_mut;
/// use mman::{consts::*, raw, Errno};
///
/// let len = raw::page_size();
/// let rw = MMAN_PROT_READ | MMAN_PROT_WRITE;
/// let p = unsafe { raw::mmap(null_mut(), len, rw, MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS, -1, 0) }?;
/// unsafe { p.cast::<u8>().write(42) };
///
/// // MADV_DONTNEED drops a private anonymous page: it reads back as zero.
/// unsafe { raw::madvise(p, len, MMAN_MADV_DONTNEED) }?;
/// assert_eq!(unsafe { p.cast::<u8>().read() }, 0);
///
/// // An advice the kernel does not know: its EINVAL.
/// assert_eq!(unsafe { raw::madvise(p, len, 999) }, Err(Errno::INVAL));
/// unsafe { raw::munmap(p, len) }?;
/// # Ok::<(), Errno>(())
/// ```
///
/// # References
///
/// - [madvise(2)](https://man7.org/linux/man-pages/man2/madvise.2.html) (POSIX has
///   [`posix_madvise`] instead)
#[inline]
pub unsafe fn madvise(addr: *mut c_void, len: usize, advice: c_int) -> Result<(), Errno> {
    #[cfg(feature = "fault")]
    crate::fault::check(crate::fault::Call::Madvise)?;
    // SAFETY: the caller upholds this function's contract.
    unsafe { sys::madvise(addr, len, advice) }.map(drop)
}

/// Gives advice about the use of `[addr, addr + len)`, as glibc's
/// `posix_madvise` does.
///
/// `POSIX_MADV_DONTNEED` succeeds without a system call: the kernel's
/// `MADV_DONTNEED`, of the same value, discards private changes, which
/// POSIX does not allow, so glibc ignores this advice. Any other value goes
/// to the kernel's `madvise` untouched. (The C function returns the error
/// number and leaves `errno` alone; here it is the `Err`.)
///
/// # Errors
///
/// As [`madvise`] for the values it passes on.
///
/// # Safety
///
/// As for [`madvise`] with the same advice value.
///
/// # Examples
///
/// ```
/// use core::ptr::null_mut;
/// use mman::{consts::*, raw, Errno};
///
/// let len = raw::page_size();
/// let rw = MMAN_PROT_READ | MMAN_PROT_WRITE;
/// let p = unsafe { raw::mmap(null_mut(), len, rw, MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS, -1, 0) }?;
/// unsafe { p.cast::<u8>().write(42) };
///
/// // Unlike madvise's MADV_DONTNEED (the same value), POSIX_MADV_DONTNEED
/// // keeps the contents: glibc ignores it.
/// unsafe { raw::posix_madvise(p, len, MMAN_POSIX_MADV_DONTNEED) }?;
/// assert_eq!(unsafe { p.cast::<u8>().read() }, 42);
/// unsafe { raw::posix_madvise(p, len, MMAN_POSIX_MADV_SEQUENTIAL) }?;
///
/// // Unknown advice: the error number is the `Err` (the C function returns it).
/// assert_eq!(unsafe { raw::posix_madvise(p, len, 999) }, Err(Errno::INVAL));
/// unsafe { raw::munmap(p, len) }?;
/// # Ok::<(), Errno>(())
/// ```
///
/// # References
///
/// - [posix_madvise(3)](https://man7.org/linux/man-pages/man3/posix_madvise.3.html)
/// - [POSIX `posix_madvise`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/posix_madvise.html)
#[inline]
pub unsafe fn posix_madvise(addr: *mut c_void, len: usize, advice: c_int) -> Result<(), Errno> {
    #[cfg(feature = "fault")]
    crate::fault::check(crate::fault::Call::PosixMadvise)?;
    if advice == MMAN_POSIX_MADV_DONTNEED {
        return Ok(());
    }
    // SAFETY: the caller upholds this function's contract.
    unsafe { sys::madvise(addr, len, advice) }.map(drop)
}
