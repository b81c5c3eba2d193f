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
/// # Examples
///
/// ```
/// use core::ptr::null_mut;
/// use mman::{consts::*, raw, Errno};
///
/// let len = raw::page_size();
/// let rw = MMAN_PROT_READ | MMAN_PROT_WRITE;
/// let p = unsafe { raw::mmap(null_mut(), 3 * len, rw, MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS, -1, 0) }?;
///
/// // Locking faults the (untouched) page in: mincore sees it resident.
/// unsafe { raw::mlock(p, len) }?;
/// let mut vec = [0u8; 1];
/// unsafe { raw::mincore(p, len, vec.as_mut_ptr()) }?;
/// assert_eq!(vec[0] & 1, 1);
/// unsafe { raw::munlock(p, len) }?;
///
/// // A hole in our own mapping: the kernel's ENOMEM.
/// let hole = p.cast::<u8>().wrapping_add(len).cast();
/// unsafe { raw::munmap(hole, len) }?;
/// assert_eq!(unsafe { raw::mlock(hole, len) }, Err(Errno::NOMEM));
/// unsafe { raw::munmap(p, 3 * len) }?;
/// # Ok::<(), Errno>(())
/// ```
///
/// # References
///
/// - [mlock(2)](https://man7.org/linux/man-pages/man2/mlock.2.html)
/// - [POSIX `mlock`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/mlock.html)
#[inline]
pub unsafe fn mlock(addr: *const c_void, len: usize) -> Result<(), Errno> {
    #[cfg(feature = "fault")]
    crate::fault::check(crate::fault::Call::Mlock)?;
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
/// On riscv64, whose oldest kernel (4.15) has `mlock2`, glibc assumes it
/// (`__ASSUME_MLOCK2`) and makes the one system call, whatever it returns;
/// so does this there.
///
/// # Errors
///
/// As [`mlock`], and `EINVAL` for unknown flags.
///
/// # Safety
///
/// As for [`mlock`].
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
/// let resident = |vec: &mut [u8; 1]| unsafe { raw::mincore(p, len, vec.as_mut_ptr()) }.map(|()| vec[0] & 1);
///
/// // MLOCK_ONFAULT locks pages as they are touched, not before.
/// unsafe { raw::mlock2(p, len, MMAN_MLOCK_ONFAULT) }?;
/// assert_eq!(resident(&mut [0])?, 0);
/// unsafe { p.cast::<u8>().write(1) };
/// assert_eq!(resident(&mut [0])?, 1);
///
/// // A flag the kernel does not know: EINVAL.
/// assert_eq!(unsafe { raw::mlock2(p, len, 0x80) }, Err(Errno::INVAL));
/// unsafe { raw::munlock(p, len) }?;
/// unsafe { raw::munmap(p, len) }?;
/// # Ok::<(), Errno>(())
/// ```
///
/// # References
///
/// - [mlock2(2)](https://man7.org/linux/man-pages/man2/mlock2.2.html)
#[inline]
pub unsafe fn mlock2(addr: *const c_void, len: usize, flags: c_uint) -> Result<(), Errno> {
    #[cfg(feature = "fault")]
    crate::fault::check(crate::fault::Call::Mlock2)?;
    // SAFETY: the caller upholds this function's contract.
    let call = || unsafe { rustix::mm::mlock_with(addr.cast_mut(), len, flags::mlock(flags)) };
    if cfg!(target_arch = "riscv64") {
        return call();
    }
    if flags == 0 {
        // SAFETY: the caller upholds this function's contract.
        return unsafe { mlock(addr, len) };
    }
    match call() {
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
/// # Examples
///
/// ```
/// use core::ptr::null_mut;
/// use mman::{consts::*, raw, Errno};
///
/// let len = raw::page_size();
/// let rw = MMAN_PROT_READ | MMAN_PROT_WRITE;
/// let p = unsafe { raw::mmap(null_mut(), 3 * len, rw, MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS, -1, 0) }?;
/// unsafe { raw::mlock(p, len) }?;
/// unsafe { raw::munlock(p, len) }?;
/// // Unlocking pages that are not locked succeeds too.
/// unsafe { raw::munlock(p, len) }?;
///
/// // A hole in our own mapping: the kernel's ENOMEM.
/// let hole = p.cast::<u8>().wrapping_add(len).cast();
/// unsafe { raw::munmap(hole, len) }?;
/// assert_eq!(unsafe { raw::munlock(hole, len) }, Err(Errno::NOMEM));
/// unsafe { raw::munmap(p, 3 * len) }?;
/// # Ok::<(), Errno>(())
/// ```
///
/// # References
///
/// - [munlock(2)](https://man7.org/linux/man-pages/man2/munlock.2.html)
/// - [POSIX `munlock`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/munlock.html)
#[inline]
pub unsafe fn munlock(addr: *const c_void, len: usize) -> Result<(), Errno> {
    #[cfg(feature = "fault")]
    crate::fault::check(crate::fault::Call::Munlock)?;
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
/// # Examples
///
/// ```
/// use mman::{consts::*, raw, Errno};
///
/// // Invalid flags fail before anything is locked: 0, or MCL_ONFAULT alone
/// // (it only qualifies MCL_CURRENT or MCL_FUTURE).
/// assert_eq!(unsafe { raw::mlockall(0) }, Err(Errno::INVAL));
/// assert_eq!(unsafe { raw::mlockall(MMAN_MCL_ONFAULT) }, Err(Errno::INVAL));
/// ```
///
/// A latency-sensitive program locks itself in at startup, and undoes it
/// with [`munlockall`] (not run here: it would lock the whole test process):
///
/// ```no_run
/// use mman::{consts::*, raw};
///
/// unsafe { raw::mlockall(MMAN_MCL_CURRENT | MMAN_MCL_FUTURE) }?;
/// // ... no page fault from here on ...
/// unsafe { raw::munlockall() }?;
/// # Ok::<(), mman::Errno>(())
/// ```
///
/// # References
///
/// - [mlockall(2)](https://man7.org/linux/man-pages/man2/mlockall.2.html)
/// - [POSIX `mlockall`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/mlockall.html)
#[inline]
pub unsafe fn mlockall(flags: c_int) -> Result<(), Errno> {
    #[cfg(feature = "fault")]
    crate::fault::check(crate::fault::Call::Mlockall)?;
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
/// # Examples
///
/// ```
/// use core::ptr::null_mut;
/// use mman::{consts::*, raw, Errno};
///
/// /// This process's locked memory in KiB (`VmLck` in /proc/self/status).
/// fn locked_kib() -> u64 {
///     let status = std::fs::read_to_string("/proc/self/status").unwrap();
///     let line = status.lines().find(|l| l.starts_with("VmLck:")).unwrap();
///     line.split_whitespace().nth(1).unwrap().parse().unwrap()
/// }
///
/// let len = raw::page_size();
/// let rw = MMAN_PROT_READ | MMAN_PROT_WRITE;
/// let p = unsafe { raw::mmap(null_mut(), len, rw, MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS, -1, 0) }?;
/// unsafe { raw::mlock(p, len) }?;
/// assert!(locked_kib() >= 4);
///
/// // Every lock of the process goes at once.
/// unsafe { raw::munlockall() }?;
/// assert_eq!(locked_kib(), 0);
/// unsafe { raw::munmap(p, len) }?;
/// # Ok::<(), Errno>(())
/// ```
///
/// # References
///
/// - [munlockall(2)](https://man7.org/linux/man-pages/man2/munlockall.2.html)
/// - [POSIX `munlockall`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/munlockall.html)
#[inline]
pub unsafe fn munlockall() -> Result<(), Errno> {
    #[cfg(feature = "fault")]
    crate::fault::check(crate::fault::Call::Munlockall)?;
    rustix::mm::munlockall()
}
