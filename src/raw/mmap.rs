//! `mmap` and `munmap`.

use super::sys;
use crate::{off_t, Errno};
use core::ffi::{c_int, c_void};

/// glibc's `MMAP2_PAGE_UNIT` (its `mmap_internal.h`): 4096 whatever the
/// page size. It rejects an offset that is not a multiple of it in user
/// space, before the system call, and on 32-bit targets `mmap2` takes the
/// offset in these units.
const MMAP2_PAGE_UNIT: u32 = 4096;

/// glibc's `MMAP_OFF_LOW_MASK`.
const MMAP_OFF_LOW_MASK: off_t = MMAP2_PAGE_UNIT as off_t - 1;

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
/// # Examples
///
/// ```
/// use core::ptr::null_mut;
/// use mman::{consts::*, raw, Errno};
///
/// let len = raw::page_size();
/// let p = unsafe {
///     raw::mmap(
///         null_mut(),
///         len,
///         MMAN_PROT_READ | MMAN_PROT_WRITE,
///         MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS,
///         -1,
///         0,
///     )
/// }?;
/// let bytes = p.cast::<u8>();
/// // Anonymous memory starts zeroed, and takes writes.
/// assert_eq!(unsafe { bytes.add(len - 1).read() }, 0);
/// unsafe { bytes.write(7) };
/// assert_eq!(unsafe { bytes.read() }, 7);
/// unsafe { raw::munmap(p, len) }?;
///
/// // glibc's own check, before any system call: an offset that is not a
/// // multiple of 4096.
/// let anon = MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS;
/// let e = unsafe { raw::mmap(null_mut(), len, MMAN_PROT_READ, anon, -1, 100) };
/// assert_eq!(e, Err(Errno::INVAL));
/// // The kernel's: a file mapping of a descriptor that is not open.
/// let e = unsafe { raw::mmap(null_mut(), len, MMAN_PROT_READ, MMAN_MAP_SHARED, -1, 0) };
/// assert_eq!(e, Err(Errno::BADF));
/// # Ok::<(), Errno>(())
/// ```
///
/// # References
///
/// - [mmap(2)](https://man7.org/linux/man-pages/man2/mmap.2.html)
/// - [POSIX `mmap`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/mmap.html)
#[inline]
pub unsafe fn mmap(
    addr: *mut c_void,
    len: usize,
    prot: c_int,
    flags: c_int,
    fd: c_int,
    offset: off_t,
) -> Result<*mut c_void, Errno> {
    #[cfg(feature = "fault")]
    crate::fault::check(crate::fault::Call::Mmap)?;
    if offset & MMAP_OFF_LOW_MASK != 0 {
        return Err(Errno::INVAL);
    }
    // 64-bit: the kernel's `mmap` takes the offset in bytes. 32-bit: `mmap2`
    // takes it in 4096-byte units, of the offset read as unsigned (glibc's
    // `offset / (uint32_t) MMAP2_PAGE_UNIT`: -4096 is page 0xfffff).
    #[cfg(target_pointer_width = "64")]
    let offset = offset as usize;
    #[cfg(target_pointer_width = "32")]
    let offset = (offset as u32 / MMAP2_PAGE_UNIT) as usize;
    // One path for every `fd` (-1 included, which `BorrowedFd` cannot
    // hold): the kernel checks whether it is open.
    // SAFETY: the caller upholds this function's contract.
    unsafe { sys::mmap(addr, len, prot, flags, fd, offset) }
}

/// Maps files or devices into memory at a 64-bit file offset, as glibc's
/// `mmap64` does on 32-bit Linux (on 64-bit Linux it is [`mmap`]).
///
/// glibc rejects in user space, with `EINVAL`, an offset that is not a
/// multiple of 4096 and one that `mmap2`'s 32-bit page number cannot hold:
/// negative, or 2^44 and more (`MMAP_OFF_HIGH_MASK` in its `mmap64.c`).
///
/// # Errors
///
/// As [`mmap`], and `EINVAL` for an offset out of that range.
///
/// # Safety
///
/// As for [`mmap`].
///
/// # References
///
/// - [mmap(2)](https://man7.org/linux/man-pages/man2/mmap.2.html)
/// - [POSIX `mmap`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/mmap.html)
#[cfg(target_pointer_width = "32")]
#[inline]
pub unsafe fn mmap64(
    addr: *mut c_void,
    len: usize,
    prot: c_int,
    flags: c_int,
    fd: c_int,
    offset: crate::off64_t,
) -> Result<*mut c_void, Errno> {
    #[cfg(feature = "fault")]
    crate::fault::check(crate::fault::Call::Mmap)?;
    // glibc: `-(MMAP2_PAGE_UNIT << 1) << (8 * sizeof (off_t) - 1)`, bits 44
    // to 63 with a 32-bit `off_t`.
    const MMAP_OFF_HIGH_MASK: u64 = (2 * MMAP2_PAGE_UNIT as u64).wrapping_neg() << 31;
    const MMAP_OFF_MASK: u64 = MMAP_OFF_HIGH_MASK | MMAP_OFF_LOW_MASK as u64;
    if offset as u64 & MMAP_OFF_MASK != 0 {
        return Err(Errno::INVAL);
    }
    let pages = (offset as u64 / MMAP2_PAGE_UNIT as u64) as usize;
    // SAFETY: the caller upholds this function's contract.
    unsafe { sys::mmap(addr, len, prot, flags, fd, pages) }
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
/// # Examples
///
/// ```
/// use core::ptr::null_mut;
/// use mman::{consts::*, raw, Errno};
///
/// let ps = raw::page_size();
/// let rw = MMAN_PROT_READ | MMAN_PROT_WRITE;
/// let anon = MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS;
/// let p = unsafe { raw::mmap(null_mut(), 2 * ps, rw, anon, -1, 0) }?;
/// let second = p.cast::<u8>().wrapping_add(ps).cast();
///
/// // Unmap the second page only: the first stays mapped, the second is gone
/// // (mincore reports an unmapped range with ENOMEM).
/// unsafe { raw::munmap(second, ps) }?;
/// unsafe { p.cast::<u8>().write(1) };
/// let mut vec = [0u8; 1];
/// assert_eq!(unsafe { raw::mincore(second, ps, vec.as_mut_ptr()) }, Err(Errno::NOMEM));
///
/// // An address that is not page-aligned, or a length of 0: EINVAL.
/// let unaligned = p.cast::<u8>().wrapping_add(1).cast();
/// assert_eq!(unsafe { raw::munmap(unaligned, ps) }, Err(Errno::INVAL));
/// assert_eq!(unsafe { raw::munmap(p, 0) }, Err(Errno::INVAL));
/// unsafe { raw::munmap(p, ps) }?;
/// # Ok::<(), Errno>(())
/// ```
///
/// # References
///
/// - [munmap(2)](https://man7.org/linux/man-pages/man2/munmap.2.html)
/// - [POSIX `munmap`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/munmap.html)
#[inline]
pub unsafe fn munmap(addr: *mut c_void, len: usize) -> Result<(), Errno> {
    #[cfg(feature = "fault")]
    crate::fault::check(crate::fault::Call::Munmap)?;
    // SAFETY: the caller upholds this function's contract.
    unsafe { rustix::mm::munmap(addr, len) }
}
