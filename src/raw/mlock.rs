//! `mlock`, `mlock2`, `munlock`, `mlockall` and `munlockall`.

use crate::{flags, Errno};
use core::ffi::{c_int, c_uint, c_void};

/// Locks the pages of `[addr, addr + len)` in memory, as glibc's `mlock`
/// does (a plain system call). `addr` is rounded down to a page boundary.
///
/// # Errors
///
/// The kernel's: `ENOMEM` when part of the range is not mapped, or the
/// locked total would pass `RLIMIT_MEMLOCK` (without `CAP_IPC_LOCK`);
/// `EPERM` when the limit is 0 and the caller lacks `CAP_IPC_LOCK`;
/// `EAGAIN` when some pages could not be locked; `EINVAL` when
/// `addr + len` wraps around.
///
/// # Safety
///
/// Safe for any arguments as far as memory is concerned (the kernel checks
/// the range); `unsafe` as the rest of the family, since it takes a raw
/// address.
///
/// See [mlock(2)](https://man7.org/linux/man-pages/man2/mlock.2.html) and
/// [POSIX `mlock`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/mlock.html).
#[inline]
pub unsafe fn mlock(addr: *const c_void, len: usize) -> Result<(), Errno> {
    // SAFETY: the caller upholds this function's contract.
    unsafe { rustix::mm::mlock(addr.cast_mut(), len) }
}

/// Locks the pages of `[addr, addr + len)` in memory with `flags`, as
/// glibc's `mlock2` does.
///
/// glibc (2.36, built for kernels older than 4.4, as on x86_64) makes
/// `flags == 0` a plain `mlock`, and turns an `ENOSYS` from the `mlock2`
/// system call into `EINVAL` (an old kernel only knows flags 0). Here too.
/// `flags` is 0 or `MMAN_MLOCK_ONFAULT`; other bits go to the kernel.
///
/// # Errors
///
/// As [`mlock`], and `EINVAL` for unknown flags.
///
/// # Safety
///
/// As for [`mlock`].
///
/// See [mlock2(2)](https://man7.org/linux/man-pages/man2/mlock2.2.html).
#[inline]
pub unsafe fn mlock2(addr: *const c_void, len: usize, flags: c_uint) -> Result<(), Errno> {
    if flags == 0 {
        // SAFETY: the caller upholds this function's contract.
        return unsafe { mlock(addr, len) };
    }
    // SAFETY: the caller upholds this function's contract.
    match unsafe { rustix::mm::mlock_with(addr.cast_mut(), len, flags::mlock(flags)) } {
        Err(Errno::NOSYS) => Err(Errno::INVAL),
        r => r,
    }
}

/// Unlocks the pages of `[addr, addr + len)`, as glibc's `munlock` does (a
/// plain system call).
///
/// # Errors
///
/// The kernel's: `ENOMEM` when part of the range is not mapped; `EINVAL`
/// when `addr + len` wraps around.
///
/// # Safety
///
/// As for [`mlock`].
///
/// See [munlock(2)](https://man7.org/linux/man-pages/man2/munlock.2.html) and
/// [POSIX `munlock`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/munlock.html).
#[inline]
pub unsafe fn munlock(addr: *const c_void, len: usize) -> Result<(), Errno> {
    // SAFETY: the caller upholds this function's contract.
    unsafe { rustix::mm::munlock(addr.cast_mut(), len) }
}

/// Locks every page of the process, as glibc's `mlockall` does (a plain
/// system call).
///
/// `flags` is `MMAN_MCL_CURRENT` and/or `MMAN_MCL_FUTURE`, optionally with
/// `MMAN_MCL_ONFAULT`; the kernel validates them.
///
/// # Errors
///
/// The kernel's: `EINVAL` for 0, unknown bits, or `MCL_ONFAULT` alone;
/// `ENOMEM` past `RLIMIT_MEMLOCK`; `EPERM` without `CAP_IPC_LOCK` and a
/// limit of 0.
///
/// # Safety
///
/// Safe as far as memory is concerned; `unsafe` as the rest of the family,
/// and since it affects every mapping of the process, its libraries' too.
///
/// See [mlockall(2)](https://man7.org/linux/man-pages/man2/mlockall.2.html) and
/// [POSIX `mlockall`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/mlockall.html).
#[inline]
pub unsafe fn mlockall(flags: c_int) -> Result<(), Errno> {
    rustix::mm::mlockall(flags::mlockall(flags))
}

/// Unlocks every page of the process, as glibc's `munlockall` does (a plain
/// system call).
///
/// # Errors
///
/// None on Linux; any error would be the kernel's.
///
/// # Safety
///
/// As for [`mlockall`]: it undoes locks other parts of the process rely on.
///
/// See [munlockall(2)](https://man7.org/linux/man-pages/man2/munlockall.2.html) and
/// [POSIX `munlockall`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/munlockall.html).
#[inline]
pub unsafe fn munlockall() -> Result<(), Errno> {
    rustix::mm::munlockall()
}
