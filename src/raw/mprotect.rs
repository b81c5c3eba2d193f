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
/// # Examples
///
/// ```
/// use core::ptr::null_mut;
/// use mman::{consts::*, raw, Errno};
///
/// /// The permissions of the mapping that holds `addr`, from /proc/self/maps.
/// fn perms(addr: usize) -> String {
///     let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
///     maps.lines()
///         .find_map(|line| {
///             let (range, rest) = line.split_once(' ')?;
///             let (start, end) = range.split_once('-')?;
///             let start = usize::from_str_radix(start, 16).ok()?;
///             let end = usize::from_str_radix(end, 16).ok()?;
///             (start..end).contains(&addr).then(|| rest[..4].to_string())
///         })
///         .unwrap()
/// }
///
/// let len = raw::page_size();
/// let rw = MMAN_PROT_READ | MMAN_PROT_WRITE;
/// let p = unsafe { raw::mmap(null_mut(), len, rw, MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS, -1, 0) }?;
/// unsafe { p.cast::<u8>().write(42) };
/// assert_eq!(perms(p as usize), "rw-p");
///
/// // Read-only from now on: reads still work, a write would raise SIGSEGV.
/// unsafe { raw::mprotect(p, len, MMAN_PROT_READ) }?;
/// assert_eq!(perms(p as usize), "r--p");
/// assert_eq!(unsafe { p.cast::<u8>().read() }, 42);
///
/// // An address that is not page-aligned: the kernel's EINVAL.
/// let unaligned = p.cast::<u8>().wrapping_add(1).cast();
/// assert_eq!(unsafe { raw::mprotect(unaligned, len, MMAN_PROT_READ) }, Err(Errno::INVAL));
/// unsafe { raw::munmap(p, len) }?;
/// # Ok::<(), Errno>(())
/// ```
///
/// # References
///
/// - [mprotect(2)](https://man7.org/linux/man-pages/man2/mprotect.2.html)
/// - [POSIX `mprotect`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/mprotect.html)
#[inline]
pub unsafe fn mprotect(addr: *mut c_void, len: usize, prot: c_int) -> Result<(), Errno> {
    #[cfg(feature = "fault")]
    crate::fault::check(crate::fault::Call::Mprotect)?;
    // SAFETY: the caller upholds this function's contract.
    unsafe { rustix::mm::mprotect(addr, len, flags::mprotect(prot)) }
}
