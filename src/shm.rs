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
//! # Sealed memfds: files no one can change
//!
//! A memfd made with `MFD_ALLOW_SEALING` takes seals ([`add_seals`]),
//! which no one can remove: sealed against shrinking and writing
//! (`F_SEAL_SHRINK | F_SEAL_WRITE`), it is a file that nobody — this
//! process, another one holding the descriptor, one that opens
//! `/proc/PID/fd/N` — can truncate or change. The hazard that makes
//! mapping a file `unsafe` is gone, so [`sealed_memfd`] and
//! [`MapOptions::map_sealed`] map one safely, with slices; the descriptor
//! can be passed to other processes, which map it the same way.
//! `F_SEAL_FUTURE_WRITE` (Linux 5.1) seals against every *new* writer and
//! lets the mappings made before it write on: [`sole_writer`] keeps one,
//! for a process that writes what others read.
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

use crate::consts::{MMAN_MFD_ALLOW_SEALING, MMAN_MFD_CLOEXEC};
use crate::map::{MapOptions, Mmap, ReadWrite, SharedMmap};
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

/// The seals of a memfd (`F_SEAL_SEAL`, `F_SEAL_SHRINK`, `F_SEAL_GROW`,
/// `F_SEAL_WRITE`, `F_SEAL_FUTURE_WRITE`), as [`add_seals`] takes them and
/// [`seals`] gives them: rustix's `SealFlags`.
///
/// ```
/// use mman::shm::Seals;
/// assert_eq!((Seals::SHRINK | Seals::WRITE).bits(), 2 | 8);
/// ```
pub use rustix::fs::SealFlags as Seals;

/// Seals a memfd (`fcntl(F_ADD_SEALS)`): the seals stay for the file's
/// life, whoever holds it.
///
/// # Errors
///
/// `EPERM` when the file is sealed against new seals (`F_SEAL_SEAL`, which
/// a memfd made without `MFD_ALLOW_SEALING` has); `EBUSY` for
/// `F_SEAL_WRITE` while a shared writable mapping of the file exists;
/// `EINVAL` for a file that takes no seals, or a seal the kernel does not
/// know.
///
/// ```
/// use mman::shm::{self, Seals};
/// let fd = shm::memfd(c"doc-seal", mman::consts::MMAN_MFD_ALLOW_SEALING)?;
/// shm::set_len(&fd, 4096)?;
/// shm::add_seals(&fd, Seals::SHRINK)?;
/// assert_eq!(shm::set_len(&fd, 0), Err(mman::Errno::PERM));
/// assert!(shm::seals(&fd)?.contains(Seals::SHRINK));
/// # Ok::<(), mman::Errno>(())
/// ```
#[doc(alias = "F_ADD_SEALS")]
pub fn add_seals(fd: impl AsFd, seals: Seals) -> Result<(), Errno> {
    rustix::fs::fcntl_add_seals(fd, seals)
}

/// The seals of a memfd (`fcntl(F_GET_SEALS)`).
///
/// # Errors
///
/// `EINVAL` for a file that takes no seals.
///
/// ```
/// let fd = mman::shm::memfd(c"doc-seals", 0)?;
/// // Made without MFD_ALLOW_SEALING: sealed against seals.
/// assert_eq!(mman::shm::seals(&fd)?, mman::shm::Seals::SEAL);
/// # Ok::<(), mman::Errno>(())
/// ```
#[doc(alias = "F_GET_SEALS")]
pub fn seals(fd: impl AsFd) -> Result<Seals, Errno> {
    rustix::fs::fcntl_get_seals(fd)
}

/// `Ok` when the file `fd` refers to can neither shrink nor change any
/// more (`F_SEAL_SHRINK` and `F_SEAL_WRITE`); `EPERM` when either seal is
/// missing, `EINVAL` for a file that takes no seals.
pub(crate) fn check_write_sealed(fd: BorrowedFd<'_>) -> Result<(), Errno> {
    if seals(fd)?.contains(Seals::SHRINK | Seals::WRITE) {
        Ok(())
    } else {
        Err(Errno::PERM)
    }
}

/// A memfd of `len` bytes, written by `init` and then sealed for good
/// against every change of size or content (`F_SEAL_SHRINK |
/// F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL`): map it safely with
/// [`MapOptions::map_sealed`], here or in any process it is passed to.
///
/// `init` gets the memfd's bytes (zero) through a shared mapping, which
/// is gone before the seals are added.
///
/// # Errors
///
/// Those of [`memfd`], [`set_len`], the map (`ENOMEM`) and [`add_seals`].
///
/// ```
/// use mman::{map::MapOptions, shm};
/// let fd = shm::sealed_memfd(c"doc-table", 4, |b| b.copy_from_slice(b""))?;
/// let m = MapOptions::new().map_sealed(&fd)?; // safe: no one can change it
/// assert_eq!(&m[..], b"");
/// assert_eq!(shm::set_len(&fd, 0), Err(mman::Errno::PERM));
/// # Ok::<(), mman::Errno>(())
/// ```
pub fn sealed_memfd(
    name: &CStr,
    len: usize,
    init: impl FnOnce(&mut [u8]),
) -> Result<OwnedFd, Errno> {
    let fd = memfd(name, MMAN_MFD_ALLOW_SEALING)?;
    set_len(&fd, len as u64)?;
    {
        // SAFETY: the memfd is new and ours alone: no one else can change
        // it while `init` runs (see `sole_writer` for the one exception).
        let mut m = unsafe { MapOptions::new().len(len).map_mut(&fd) }?;
        init(&mut m);
        // `m` unmaps here: F_SEAL_WRITE refuses a live shared writer.
    }
    add_seals(
        &fd,
        Seals::SHRINK | Seals::GROW | Seals::WRITE | Seals::SEAL,
    )?;
    Ok(fd)
}

/// A memfd of `len` bytes and the one mapping that may write it: the memfd
/// is sealed with `F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_FUTURE_WRITE`
/// (Linux 5.1) after the mapping is made, so no one can truncate it and no
/// one else can write it (`write(2)` and any new shared writable mapping
/// fail with `EPERM`): the mapping's `&mut [u8]` is sound. Pass the
/// descriptor to readers, who map it as [`SharedMmap`] or
/// [`MmapRaw`](crate::map::MmapRaw) (its bytes change under them); once
/// the writer is dropped, [`add_seals`] with `F_SEAL_WRITE` makes it a file
/// that [`MapOptions::map_sealed`] maps with slices.
///
/// (A process that may `ptrace` this one could open `/proc/PID/fd/N` and
/// map the memfd writable between its creation and the seal: such a
/// process can write this one's memory anyway.)
///
/// # Errors
///
/// `EINVAL` on a kernel older than 5.1 (no `F_SEAL_FUTURE_WRITE`); those
/// of [`memfd`], [`set_len`] and the map.
///
/// ```
/// use mman::{map::MapOptions, shm};
/// let (fd, mut w) = shm::sole_writer(c"doc-writer", 4096)?;
/// w[..5].copy_from_slice(b"hello"); // a plain slice: the only writer
/// let reader = MapOptions::new().map_raw_read_only(&fd)?;
/// assert_eq!(unsafe { reader.as_ptr().read_volatile() }, b'h');
/// // No second writer, and no shrinking:
/// assert_eq!(unsafe { MapOptions::new().map_mut(&fd) }.unwrap_err(), mman::Errno::PERM);
/// assert_eq!(shm::set_len(&fd, 0), Err(mman::Errno::PERM));
/// # Ok::<(), mman::Errno>(())
/// ```
pub fn sole_writer(name: &CStr, len: usize) -> Result<(OwnedFd, Mmap<ReadWrite>), Errno> {
    let fd = memfd(name, MMAN_MFD_ALLOW_SEALING)?;
    set_len(&fd, len as u64)?;
    // SAFETY: the memfd is new and ours alone, and once sealed no one else
    // can change or shrink it (see above).
    let m = unsafe { MapOptions::new().len(len).map_mut(&fd) }?;
    add_seals(&fd, Seals::SHRINK | Seals::GROW | Seals::FUTURE_WRITE)?;
    Ok((fd, m))
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
    #[must_use = "ShmOptions setters return the changed options and leave `self` as it was"]
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
    #[must_use = "ShmOptions setters return the changed options and leave `self` as it was"]
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
    #[must_use = "ShmOptions setters return the changed options and leave `self` as it was"]
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
    #[must_use = "ShmOptions setters return the changed options and leave `self` as it was"]
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
    #[must_use = "ShmOptions setters return the changed options and leave `self` as it was"]
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
    /// Those of [`MapOptions::map`](crate::map::MapOptions::map). (An
    /// object of length 0 gives an empty mapping.)
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
