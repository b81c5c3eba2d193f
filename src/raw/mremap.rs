//! `mremap`.

use super::sys;
use crate::consts::{MMAN_MREMAP_DONTUNMAP, MMAN_MREMAP_FIXED, MMAN_MREMAP_MAYMOVE};
use crate::Errno;
use core::ffi::{c_int, c_void};

/// Grows, shrinks or moves a mapping, as glibc's `mremap` does.
///
/// C's `mremap` is variadic: glibc reads its fifth argument, `new_address`,
/// only when `flags` has `MREMAP_FIXED` or `MREMAP_DONTUNMAP`, and passes
/// NULL otherwise. Here the argument is fixed and used under the same
/// condition. With `MREMAP_DONTUNMAP` alone the kernel takes it as a
/// placement hint.
///
/// glibc rejects unknown flag bits in user space with `EINVAL`, before the
/// system call (BZ #31968, on the 2.36 release branch); so does this.
///
/// # Errors
///
/// `EINVAL` for a flag other than `MREMAP_MAYMOVE`, `MREMAP_FIXED`,
/// `MREMAP_DONTUNMAP` (checked here); the kernel's otherwise: `EINVAL` for an
/// unaligned address, `new_size` 0, `MREMAP_FIXED` or `MREMAP_DONTUNMAP`
/// without `MREMAP_MAYMOVE`, overlapping old and new ranges, or
/// `MREMAP_DONTUNMAP` with sizes that differ or on a mapping the kernel
/// cannot leave behind (`VM_DONTEXPAND` or `VM_PFNMAP` mappings; before
/// Linux 5.13, anything but private anonymous memory); `EFAULT` when the old range is not all mapped;
/// `ENOMEM` when the mapping cannot grow in place without `MREMAP_MAYMOVE`
/// or there is no room; `EAGAIN` for a locked mapping past
/// `RLIMIT_MEMLOCK`.
///
/// # Safety
///
/// The old range must no longer be used once the mapping moved or shrank
/// (with `MREMAP_DONTUNMAP`, it stays mapped but empty); with
/// `MREMAP_FIXED`, whatever was mapped at `[new_address, new_address +
/// new_size)` is replaced and must no longer be in use.
///
/// # Examples
///
/// ```
/// use core::ptr::null_mut;
/// use mman::{consts::*, raw, Errno};
///
/// let ps = raw::page_size();
/// let rw = MMAN_PROT_READ | MMAN_PROT_WRITE;
/// let p = unsafe { raw::mmap(null_mut(), ps, rw, MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS, -1, 0) }?;
/// unsafe { p.cast::<u8>().write(42) };
///
/// // Grow to two pages, moving the mapping if it cannot grow in place
/// // (`new_address` is not used without MREMAP_FIXED or MREMAP_DONTUNMAP).
/// let q = unsafe { raw::mremap(p, ps, 2 * ps, MMAN_MREMAP_MAYMOVE, null_mut()) }?;
/// // The old bytes came along; the new page is zeroed.
/// assert_eq!(unsafe { q.cast::<u8>().read() }, 42);
/// assert_eq!(unsafe { q.cast::<u8>().add(ps).read() }, 0);
///
/// // A flag glibc does not know: EINVAL before any system call.
/// let e = unsafe { raw::mremap(q, 2 * ps, ps, 0x8, null_mut()) };
/// assert_eq!(e, Err(Errno::INVAL));
/// unsafe { raw::munmap(q, 2 * ps) }?;
/// # Ok::<(), Errno>(())
/// ```
///
/// # References
///
/// - [mremap(2)](https://man7.org/linux/man-pages/man2/mremap.2.html)
#[inline]
pub unsafe fn mremap(
    old_address: *mut c_void,
    old_size: usize,
    new_size: usize,
    flags: c_int,
    new_address: *mut c_void,
) -> Result<*mut c_void, Errno> {
    #[cfg(feature = "fault")]
    crate::fault::check(crate::fault::Call::Mremap)?;
    if flags & !(MMAN_MREMAP_MAYMOVE | MMAN_MREMAP_FIXED | MMAN_MREMAP_DONTUNMAP) != 0 {
        return Err(Errno::INVAL);
    }
    // glibc reads the variadic fifth argument only for these two flags, and
    // passes NULL otherwise; the kernel looks at it only for them too.
    let new_address = if flags & (MMAN_MREMAP_FIXED | MMAN_MREMAP_DONTUNMAP) != 0 {
        new_address
    } else {
        core::ptr::null_mut()
    };
    // One system call for every case, with all five arguments, as musl's
    // `mremap` makes it (rustix's `mremap` cannot pass the hint of
    // `MREMAP_DONTUNMAP`: see `sys`).
    // SAFETY: the caller upholds this function's contract.
    unsafe { sys::mremap(old_address, old_size, new_size, flags, new_address) }
}
