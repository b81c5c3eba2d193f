//! `memfd_create`.

use super::sys;
use crate::Errno;
use core::ffi::{c_char, c_int, c_uint};

/// Creates an anonymous file and returns a descriptor for it, as glibc's
/// `memfd_create` does (a plain system call).
///
/// `name` (shown as `/memfd:NAME` in `/proc/self/fd`) goes to the kernel as
/// a pointer: the kernel reads it, so a name longer than 249 bytes fails
/// with `EINVAL` and a bad pointer with `EFAULT`, as with glibc. `flags` is
/// a mask of `MMAN_MFD_*`; the kernel validates it.
///
/// # Errors
///
/// The kernel's: `EINVAL` for a name too long, unknown flags, a huge page
/// size without `MFD_HUGETLB`, or both `MFD_EXEC` and `MFD_NOEXEC_SEAL`;
/// `EFAULT` for a bad `name`; `EMFILE`, `ENFILE`, `ENOMEM`; `EPERM` for
/// `MFD_HUGETLB` without the right group or for `MFD_EXEC` under
/// `vm.memfd_noexec = 2`.
///
/// # Safety
///
/// `name` must be NULL (the kernel reports `EFAULT`) or point to a
/// NUL-terminated string that nothing writes during the call.
///
/// # Examples
///
/// ```
/// use core::ptr::null_mut;
/// use mman::{consts::*, raw, Errno};
/// use std::{fs::File, io::Write, os::fd::FromRawFd};
///
/// let fd = unsafe { raw::memfd_create(c"mman-doc-memfd".as_ptr(), MMAN_MFD_CLOEXEC) }?;
/// let mut file = unsafe { File::from_raw_fd(fd) }; // closes it on drop
/// file.write_all(b"hello")?;
///
/// // Map what was written.
/// let p = unsafe { raw::mmap(null_mut(), 5, MMAN_PROT_READ, MMAN_MAP_SHARED, fd, 0) }?;
/// assert_eq!(unsafe { core::slice::from_raw_parts(p.cast::<u8>(), 5) }, b"hello");
/// unsafe { raw::munmap(p, 5) }?;
///
/// // A flag the kernel does not know: its EINVAL.
/// let e = unsafe { raw::memfd_create(c"mman-doc-memfd".as_ptr(), 0x100) };
/// assert_eq!(e, Err(Errno::INVAL));
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// # References
///
/// - [memfd_create(2)](https://man7.org/linux/man-pages/man2/memfd_create.2.html)
#[inline]
pub unsafe fn memfd_create(name: *const c_char, flags: c_uint) -> Result<c_int, Errno> {
    #[cfg(feature = "fault")]
    crate::fault::check(crate::fault::Call::MemfdCreate)?;
    // SAFETY: the caller upholds this function's contract.
    unsafe { sys::memfd_create(name, flags) }
}
