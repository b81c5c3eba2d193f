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
/// # Examples
///
/// ```
/// use core::ptr::null_mut;
/// use mman::{consts::*, raw, Errno};
/// use std::{fs::File, io::Read, os::fd::FromRawFd};
///
/// // A shared mapping of a file (here a memfd) of one page.
/// let len = raw::page_size();
/// let fd = unsafe { raw::memfd_create(c"mman-doc-msync".as_ptr(), MMAN_MFD_CLOEXEC) }?;
/// let mut file = unsafe { File::from_raw_fd(fd) };
/// file.set_len(len as u64)?;
/// let rw = MMAN_PROT_READ | MMAN_PROT_WRITE;
/// let p = unsafe { raw::mmap(null_mut(), len, rw, MMAN_MAP_SHARED, fd, 0) }?;
/// unsafe { p.cast::<u8>().copy_from(b"synced".as_ptr(), 6) };
///
/// // Write the change back and wait for it; the file has it.
/// unsafe { raw::msync(p, len, MMAN_MS_SYNC) }?;
/// let mut head = [0u8; 6];
/// file.read_exact(&mut head)?;
/// assert_eq!(&head, b"synced");
///
/// // MS_ASYNC and MS_SYNC together: the kernel's EINVAL.
/// let both = MMAN_MS_ASYNC | MMAN_MS_SYNC;
/// assert_eq!(unsafe { raw::msync(p, len, both) }, Err(Errno::INVAL));
/// unsafe { raw::munmap(p, len) }?;
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// # References
///
/// - [msync(2)](https://man7.org/linux/man-pages/man2/msync.2.html)
/// - [POSIX `msync`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/msync.html)
#[inline]
pub unsafe fn msync(addr: *mut c_void, len: usize, flags: c_int) -> Result<(), Errno> {
    #[cfg(feature = "fault")]
    crate::fault::check(crate::fault::Call::Msync)?;
    // SAFETY: the caller upholds this function's contract.
    unsafe { rustix::mm::msync(addr, len, flags::msync(flags)) }
}
