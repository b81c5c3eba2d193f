//! [`MapFd`]: what the mapping functions take as a file descriptor.

use crate::Errno;
use rustix::fd::{AsFd, BorrowedFd, OwnedFd, RawFd};

mod sealed {
    pub trait Sealed {}
}

/// A file descriptor to map, as memmap2's `MmapAsRawDesc`: a reference to
/// anything that has one (`&File`, `&OwnedFd`, `&ShmObject`, …), a
/// [`BorrowedFd`] or an [`OwnedFd`] (closed after the call; the mapping
/// lives on), or a plain [`RawFd`].
///
/// A `RawFd` carries no proof that it is open: a negative number fails
/// with `EBADF` before any system call, and a number that names no open
/// file fails with the kernel's `EBADF`. A number that names another file
/// than the caller meant maps that file: as with memmap2, the number is
/// the caller's to get right. (The one safe mapping that depends on which
/// file it maps, [`MapOptions::map_sealed`](super::MapOptions::map_sealed),
/// takes no `RawFd` for that reason: a number can be closed and reused by
/// another thread between the check of the seals and the map.)
///
/// Sealed: only this crate implements it.
///
/// ```
/// use std::os::fd::AsRawFd;
/// use mman::map::MapOptions;
/// let path = std::env::temp_dir().join(format!("mman-doc-mapfd-{}", std::process::id()));
/// std::fs::write(&path, b"raw").unwrap();
/// let file = std::fs::File::open(&path).unwrap();
/// // SAFETY: the file is this test's own.
/// let by_ref = unsafe { MapOptions::new().map_copy_read_only(&file)? };
/// let by_raw = unsafe { MapOptions::new().map_copy_read_only(file.as_raw_fd())? };
/// assert_eq!((&by_ref[..], &by_raw[..]), (&b"raw"[..], &b"raw"[..]));
/// let e = unsafe { MapOptions::new().map_copy_read_only(-1) };
/// assert_eq!(e.unwrap_err(), mman::Errno::BADF);
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), mman::Errno>(())
/// ```
#[doc(alias = "MmapAsRawDesc")]
#[doc(alias = "MmapRawDescriptor")]
pub trait MapFd: sealed::Sealed {
    /// The descriptor, borrowed for the call; `EBADF` for a negative
    /// `RawFd`.
    ///
    /// ```
    /// use mman::map::MapFd;
    /// assert_eq!(MapFd::map_fd(&-1).unwrap_err(), mman::Errno::BADF);
    /// ```
    fn map_fd(&self) -> Result<BorrowedFd<'_>, Errno>;
}

impl<T: AsFd + ?Sized> sealed::Sealed for &T {}
impl<T: AsFd + ?Sized> MapFd for &T {
    fn map_fd(&self) -> Result<BorrowedFd<'_>, Errno> {
        Ok((**self).as_fd())
    }
}

impl sealed::Sealed for BorrowedFd<'_> {}
impl MapFd for BorrowedFd<'_> {
    fn map_fd(&self) -> Result<BorrowedFd<'_>, Errno> {
        Ok(self.as_fd())
    }
}

impl sealed::Sealed for OwnedFd {}
impl MapFd for OwnedFd {
    fn map_fd(&self) -> Result<BorrowedFd<'_>, Errno> {
        Ok(self.as_fd())
    }
}

impl sealed::Sealed for RawFd {}
impl MapFd for RawFd {
    fn map_fd(&self) -> Result<BorrowedFd<'_>, Errno> {
        if *self < 0 {
            return Err(Errno::BADF);
        }
        // SAFETY: not -1; the borrow lives for one mapping call, whose
        // system calls fail with EBADF on a number that is not open. Which
        // file the number names is the caller's (see the trait's docs), and
        // no safe function that relies on it takes a `RawFd`.
        Ok(unsafe { BorrowedFd::borrow_raw(*self) })
    }
}
