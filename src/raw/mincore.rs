//! `mincore`.

use super::sys;
use crate::Errno;
use core::ffi::c_void;

/// Reports which pages of `[addr, addr + len)` are resident in memory, as
/// glibc's `mincore` does (a plain system call).
///
/// The kernel writes one byte per page (`len` rounded up to pages) to `vec`;
/// its low bit is set for a resident page.
///
/// # Errors
///
/// The kernel's: `EINVAL` for an unaligned `addr`; `ENOMEM` when part of
/// the range is not mapped or leaves the address space; `EFAULT` when `vec`
/// cannot be written; `EAGAIN` when the kernel is short of memory.
///
/// # Safety
///
/// `vec` must be valid for writes of one byte per page of the range, and
/// nothing else may access those bytes during the call.
///
/// # Examples
///
/// ```
/// use core::ptr::null_mut;
/// use mman::{consts::*, raw, Errno};
///
/// let ps = raw::page_size();
/// let rw = MMAN_PROT_READ | MMAN_PROT_WRITE;
/// let p = unsafe { raw::mmap(null_mut(), 2 * ps, rw, MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS, -1, 0) }?;
///
/// // Touch the first page only: it is resident, the second is not.
/// unsafe { p.cast::<u8>().write(1) };
/// let mut vec = [0u8; 2];
/// unsafe { raw::mincore(p, 2 * ps, vec.as_mut_ptr()) }?;
/// assert_eq!([vec[0] & 1, vec[1] & 1], [1, 0]);
///
/// // An address that is not page-aligned: the kernel's EINVAL.
/// let unaligned = p.cast::<u8>().wrapping_add(1).cast();
/// assert_eq!(unsafe { raw::mincore(unaligned, ps, vec.as_mut_ptr()) }, Err(Errno::INVAL));
/// unsafe { raw::munmap(p, 2 * ps) }?;
/// # Ok::<(), Errno>(())
/// ```
///
/// # References
///
/// - [mincore(2)](https://man7.org/linux/man-pages/man2/mincore.2.html)
#[inline]
pub unsafe fn mincore(addr: *mut c_void, len: usize, vec: *mut u8) -> Result<(), Errno> {
    #[cfg(feature = "fault")]
    crate::fault::check(crate::fault::Call::Mincore)?;
    // SAFETY: the caller upholds this function's contract.
    unsafe { sys::mincore(addr, len, vec) }.map(drop)
}
