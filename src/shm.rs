//! Shared memory: anonymous shared mappings that survive `fork`, POSIX
//! shared memory objects (`shm_open`) and memfds (`memfd_create`), as owned
//! file descriptors.
//!
//! Three ways for processes to share pages:
//!
//! - [`shared_anon`]: a `MAP_SHARED | MAP_ANONYMOUS` mapping made before
//!   `fork`: parent and child see the same pages (the tutorial's program 3).
//! - [`memfd`]: a file with no name in any directory, to pass to another
//!   process as a descriptor (or keep across `fork`), and to map.
//! - [`ShmOptions::open`] / [`ShmObject`]: a named object under `/dev/shm`,
//!   which unrelated processes open by name.
//!
//! Memory another process writes at the same time is a [`SharedMmap`]:
//! no slices, only atomics and copies. [`shared_anon`] and
//! [`ShmObject::map`] give one, safely. Mapping a memfd or a named object
//! with [`MapOptions::map`](crate::map::MapOptions::map) gives an `Mmap`
//! with slices, and its safety contract: whoever holds the descriptor or
//! the name can change or truncate it (convert it with `SharedMmap::from`
//! to share it).
//!
//! ```
//! use mman::{map::{MapOptions, ReadWrite}, shm};
//!
//! let fd = shm::memfd(c"doc-memfd", 0)?;
//! shm::set_len(&fd, 4096)?;
//! // SAFETY: the memfd is ours alone.
//! let mut m = unsafe { MapOptions::new().shared().map::<ReadWrite>(&fd)? };
//! m[0] = 1;
//! # Ok::<(), mman::Errno>(())
//! ```

use crate::consts::MMAN_MFD_CLOEXEC;
#[cfg(doc)]
use crate::map::Mmap;
use crate::map::{MapOptions, ReadWrite, SharedMmap};
use crate::{mode_t, raw, Errno};
use core::ffi::{c_int, c_uint, CStr};
use linux_raw_sys::general as k;
use rustix::fd::{AsFd, BorrowedFd, FromRawFd, OwnedFd};

/// An anonymous shared mapping of `len` bytes (`MAP_SHARED |
/// MAP_ANONYMOUS`), zero-filled: made before `fork`, parent and child
/// share its pages.
///
/// It is a [`SharedMmap`]: after `fork` the other process writes the
/// pages whenever it likes, so they are reached through atomics and
/// copies, never through `&[u8]` or `&mut [u8]` (which promise that no
/// one else writes). Its length is fixed: the kernel's object behind it
/// has the size it was made with, and [`Mmap::remap`] refuses to grow
/// past it (`ENOMEM`) rather than hand out pages that raise `SIGBUS`.
///
/// ```
/// use core::sync::atomic::Ordering;
///
/// let m = mman::shm::shared_anon(100)?;
/// m.write(0, b"hi")?; // copies in...
/// // ... fork; either process may then do:
/// m.atomic_bytes()[0].store(b'H', Ordering::Release);
/// let mut out = [0u8; 2];
/// m.read(0, &mut out)?; // ...and out
/// assert_eq!(&out, b"Hi");
/// # Ok::<(), mman::Errno>(())
/// ```
///
/// No slices, and no growing (its object keeps its size):
///
/// ```compile_fail,E0599
/// let mut m = mman::shm::shared_anon(4096)?;
/// m.remap(3 * 4096, true)?;
/// # Ok::<(), mman::Errno>(())
/// ```
///
/// ```compile_fail,E0608
/// let mut m = mman::shm::shared_anon(4096)?;
/// m[0] = 1;
/// # Ok::<(), mman::Errno>(())
/// ```
#[doc(alias = "mmap")]
pub fn shared_anon(len: usize) -> Result<SharedMmap, Errno> {
    MapOptions::new()
        .len(len)
        .shared()
        .map_anon::<ReadWrite>()
        .map(SharedMmap::from)
}

/// Creates a memfd (`memfd_create`): an anonymous file, of length 0, that
/// lives while a descriptor or a mapping refers to it. `flags` are
/// `MMAN_MFD_*`; `MFD_CLOEXEC` is always added.
///
/// ```
/// let fd = mman::shm::memfd(c"doc", mman::consts::MMAN_MFD_ALLOW_SEALING)?;
/// mman::shm::set_len(&fd, 8192)?;
/// # Ok::<(), mman::Errno>(())
/// ```
#[doc(alias = "memfd_create")]
pub fn memfd(name: &CStr, flags: c_uint) -> Result<OwnedFd, Errno> {
    // SAFETY: `name` is NUL-terminated.
    let fd = unsafe { raw::memfd_create(name.as_ptr(), flags | MMAN_MFD_CLOEXEC) }?;
    owned(fd)
}

/// Owns a descriptor a system call just returned.
///
/// `OwnedFd::from_raw_fd` asserts that the value is not -1; a successful
/// call never returns a negative descriptor, and saying so here lets the
/// compiler drop that assertion (and the panic machinery with it, which the
/// C libraries must not carry).
fn owned(fd: c_int) -> Result<OwnedFd, Errno> {
    if fd < 0 {
        return Err(Errno::BADF);
    }
    // SAFETY: a fresh descriptor, ours alone.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Sets the length of a file, memfd or shared memory object (`ftruncate`):
/// new bytes read as zero.
///
/// ```
/// let fd = mman::shm::memfd(c"doc", 0)?;
/// mman::shm::set_len(&fd, 100)?;
/// # Ok::<(), mman::Errno>(())
/// ```
pub fn set_len(fd: impl AsFd, len: u64) -> Result<(), Errno> {
    rustix::fs::ftruncate(fd, len)
}

/// Removes the name of a shared memory object (`shm_unlink`); the object
/// lives on while it is open or mapped.
///
/// ```
/// let e = mman::shm::unlink(c"/mman-doc-no-such-object");
/// assert_eq!(e, Err(mman::Errno::NOENT));
/// ```
#[doc(alias = "shm_unlink")]
pub fn unlink(name: &CStr) -> Result<(), Errno> {
    // SAFETY: `name` is NUL-terminated.
    unsafe { raw::shm_unlink(name.as_ptr()) }
}

/// How to open a POSIX shared memory object (`shm_open`).
///
/// Read-write by default, not created, mode `0o600` when created.
///
/// ```
/// use mman::shm::ShmOptions;
/// // A name of this process's own, so that concurrent runs do not meet.
/// let name = std::ffi::CString::new(format!("/mman-doc-shm-options-{}", std::process::id()))?;
/// # let _ = mman::shm::unlink(&name);
/// let fd = ShmOptions::new().create().exclusive().open(&name)?;
/// mman::shm::set_len(&fd, 4096)?;
/// let again = ShmOptions::new().read_only().open(&name)?;
/// mman::shm::unlink(&name)?;
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShmOptions {
    oflag: c_int,
    mode: mode_t,
}

impl Default for ShmOptions {
    fn default() -> Self {
        Self::new()
    }
}

/// An `O_*` value of the kernel as a C `int`.
const fn o(flag: u32) -> c_int {
    flag as c_int
}

impl ShmOptions {
    /// Read-write, not created, mode `0o600`.
    ///
    /// ```
    /// assert_eq!(mman::shm::ShmOptions::new(), Default::default());
    /// ```
    pub const fn new() -> Self {
        ShmOptions {
            oflag: o(k::O_RDWR),
            mode: 0o600,
        }
    }

    /// Open read-only (`O_RDONLY`): only [`Read`](crate::map::Read)
    /// mappings, or private ones, can then be made of it.
    ///
    /// ```
    /// use std::os::fd::AsRawFd;
    /// let name = std::ffi::CString::new(format!("/mman-doc-read-only-{}", std::process::id()))?;
    /// let obj = mman::shm::ShmObject::create(&name, 1)?; // unlinked on drop
    /// let fd = mman::shm::ShmOptions::new().read_only().open(&name)?;
    /// let flags = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_GETFL) };
    /// assert_eq!(flags & libc::O_ACCMODE, libc::O_RDONLY);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub const fn read_only(mut self) -> Self {
        self.oflag = (self.oflag & !o(k::O_ACCMODE)) | o(k::O_RDONLY);
        self
    }

    /// Create the object if it does not exist (`O_CREAT`), with length 0.
    ///
    /// ```
    /// use std::os::fd::AsRawFd;
    /// let name = std::ffi::CString::new(format!("/mman-doc-create-{}", std::process::id()))?;
    /// # let _ = mman::shm::unlink(&name);
    /// let fd = mman::shm::ShmOptions::new().create().open(&name)?;
    /// mman::shm::unlink(&name)?; // the descriptor stays valid
    /// let mut st: libc::stat = unsafe { std::mem::zeroed() };
    /// assert_eq!(unsafe { libc::fstat(fd.as_raw_fd(), &mut st) }, 0);
    /// assert_eq!(st.st_mode & libc::S_IFMT, libc::S_IFREG);
    /// assert_eq!(st.st_size, 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub const fn create(mut self) -> Self {
        self.oflag |= o(k::O_CREAT);
        self
    }

    /// With [`create`](Self::create): fail with `EEXIST` if it exists
    /// (`O_EXCL`).
    ///
    /// ```
    /// use mman::shm::ShmOptions;
    /// let name = std::ffi::CString::new(format!("/mman-doc-exclusive-{}", std::process::id()))?;
    /// # let _ = mman::shm::unlink(&name);
    /// let first = ShmOptions::new().create().exclusive().open(&name);
    /// let second = ShmOptions::new().create().exclusive().open(&name);
    /// let _ = mman::shm::unlink(&name);
    /// assert!(first.is_ok());
    /// assert_eq!(second.unwrap_err(), mman::Errno::EXIST);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub const fn exclusive(mut self) -> Self {
        self.oflag |= o(k::O_EXCL);
        self
    }

    /// Truncate an existing object to length 0 (`O_TRUNC`).
    ///
    /// ```
    /// use std::os::fd::AsRawFd;
    /// let name = std::ffi::CString::new(format!("/mman-doc-truncate-{}", std::process::id()))?;
    /// let obj = mman::shm::ShmObject::create(&name, 4096)?; // unlinked on drop
    /// let fd = mman::shm::ShmOptions::new().create().truncate().open(&name)?;
    /// let mut st: libc::stat = unsafe { std::mem::zeroed() };
    /// assert_eq!(unsafe { libc::fstat(fd.as_raw_fd(), &mut st) }, 0);
    /// assert_eq!(st.st_size, 0, "4096 bytes before, truncated to 0");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub const fn truncate(mut self) -> Self {
        self.oflag |= o(k::O_TRUNC);
        self
    }

    /// The permission bits of a created object (before the umask).
    ///
    /// ```
    /// use std::os::fd::AsRawFd;
    /// let name = std::ffi::CString::new(format!("/mman-doc-mode-{}", std::process::id()))?;
    /// # let _ = mman::shm::unlink(&name);
    /// let fd = mman::shm::ShmOptions::new().create().exclusive().mode(0o640).open(&name)?;
    /// mman::shm::unlink(&name)?;
    /// let mut st: libc::stat = unsafe { std::mem::zeroed() };
    /// assert_eq!(unsafe { libc::fstat(fd.as_raw_fd(), &mut st) }, 0);
    /// // The umask clears bits of the mode: read it without changing it.
    /// let status = std::fs::read_to_string("/proc/self/status")?;
    /// let umask = status.lines().find_map(|l| l.strip_prefix("Umask:")).map(|u| u.trim());
    /// let umask = libc::mode_t::from_str_radix(umask.unwrap_or("0"), 8).unwrap();
    /// assert_eq!(st.st_mode & 0o7777, 0o640 & !umask);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub const fn mode(mut self, mode: mode_t) -> Self {
        self.mode = mode;
        self
    }

    /// Opens the object `name` (`/NAME`, one component), as glibc's
    /// `shm_open`; the descriptor is close-on-exec.
    ///
    /// # Errors
    ///
    /// `EINVAL` for a bad name, `ENOENT`, `EEXIST`, `EACCES`, … (see
    /// [`raw::shm_open`]).
    ///
    /// ```
    /// let e = mman::shm::ShmOptions::new().open(c"/mman-doc-missing");
    /// assert_eq!(e.unwrap_err(), mman::Errno::NOENT);
    /// ```
    #[doc(alias = "shm_open")]
    pub fn open(&self, name: &CStr) -> Result<OwnedFd, Errno> {
        // SAFETY: `name` is NUL-terminated.
        let fd = unsafe { raw::shm_open(name.as_ptr(), self.oflag, self.mode) }?;
        owned(fd)
    }
}

/// A shared memory object this process created, unlinked when dropped.
///
/// Creating it exclusively (`O_EXCL`, mode `0o600`) guarantees that the
/// object is new, not that it stays private: its name lives under
/// `/dev/shm`, and any process of the same user (or with the privilege to
/// ignore file modes) can open it by name, write it or truncate it, which
/// breaks the contract of [`MapOptions::map`] for the mappings of it. A
/// mapping of it is as trustworthy as the processes that can open the name;
/// for pages no one else can reach, use [`memfd`] instead. Drop, too, goes
/// by name: it unlinks whatever object has `name` at that time, which is
/// another one if someone unlinked this one and made a new one under the
/// same name meanwhile.
///
/// ```
/// use mman::{map::{MapOptions, ReadWrite}, shm::ShmObject};
/// // A name of this process's own, so that concurrent runs do not meet.
/// let name = std::ffi::CString::new(format!("/mman-doc-object-{}", std::process::id()))?;
/// let obj = ShmObject::create(&name, 4096)?;
/// // SAFETY: the object is new (created exclusively), and no other process
/// // of this user opens `/dev/shm/mman-doc-object-PID` while it is mapped.
/// let mut m = unsafe { MapOptions::new().shared().map::<ReadWrite>(obj.fd())? };
/// m[0] = 1;
/// drop(obj); // shm_unlink; the mapping lives on
/// assert_eq!(m[0], 1);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct ShmObject<'a> {
    fd: OwnedFd,
    name: &'a CStr,
}

impl<'a> ShmObject<'a> {
    /// Creates the object `name` exclusively (`O_CREAT | O_EXCL`, mode
    /// `0o600`) and sets its length.
    ///
    /// # Errors
    ///
    /// `EEXIST` when it exists, and those of [`ShmOptions::open`] and
    /// [`set_len`] (after which the object is unlinked again).
    ///
    /// ```
    /// let name = std::ffi::CString::new(format!("/mman-doc-twice-{}", std::process::id()))?;
    /// # let _ = mman::shm::unlink(&name);
    /// let a = mman::shm::ShmObject::create(&name, 1)?;
    /// assert_eq!(mman::shm::ShmObject::create(&name, 1).unwrap_err(), mman::Errno::EXIST);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[doc(alias = "shm_open")]
    pub fn create(name: &'a CStr, len: u64) -> Result<Self, Errno> {
        let fd = ShmOptions::new().create().exclusive().open(name)?;
        let obj = ShmObject { fd, name };
        set_len(&obj.fd, len)?;
        Ok(obj)
    }

    /// Maps the whole object, shared and read-write, as a [`SharedMmap`]:
    /// safe, since a `SharedMmap` hands out no slice that another process's
    /// writes could break.
    ///
    /// # Errors
    ///
    /// `EINVAL` for an object of length 0; those of
    /// [`MapOptions::map`](crate::map::MapOptions::map).
    ///
    /// ```
    /// let name = std::ffi::CString::new(format!("/mman-doc-object-map-{}", std::process::id()))?;
    /// let obj = mman::shm::ShmObject::create(&name, 4096)?;
    /// let m = obj.map()?;
    /// m.write(0, b"seen by every process that maps the name")?;
    /// assert_eq!(m.len(), 4096);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[doc(alias = "mmap")]
    pub fn map(&self) -> Result<SharedMmap, Errno> {
        // SAFETY: the object's bytes may change or go away under the mapping;
        // a `SharedMmap` gives no reference that this could break (truncation
        // raises SIGBUS, which the README lists).
        let m = unsafe { MapOptions::new().shared().map::<ReadWrite>(&self.fd) }?;
        Ok(SharedMmap::from(m))
    }

    /// The descriptor, to map or to pass on.
    ///
    /// ```
    /// let name = std::ffi::CString::new(format!("/mman-doc-fd-{}", std::process::id()))?;
    /// let obj = mman::shm::ShmObject::create(&name, 1)?;
    /// mman::shm::set_len(obj.fd(), 2)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }

    /// The object's name.
    ///
    /// ```
    /// let name = std::ffi::CString::new(format!("/mman-doc-name-{}", std::process::id()))?;
    /// let obj = mman::shm::ShmObject::create(&name, 1)?;
    /// assert_eq!(obj.name(), name.as_c_str());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn name(&self) -> &'a CStr {
        self.name
    }
}

impl AsFd for ShmObject<'_> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

impl Drop for ShmObject<'_> {
    fn drop(&mut self) {
        let _ = unlink(self.name);
    }
}
