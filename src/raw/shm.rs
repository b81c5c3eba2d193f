//! `shm_open` and `shm_unlink`.

use super::sys;
use crate::{mode_t, Errno};
use core::ffi::{c_char, c_int, CStr};
use core::mem::MaybeUninit;
use core::{ptr, slice};
use linux_raw_sys::general::{NAME_MAX, O_CLOEXEC, O_NOFOLLOW};

/// The directory of POSIX shared memory objects (glibc's `SHMDIR`).
const SHMDIR: &[u8] = b"/dev/shm/";

/// `SHMDIR` and a terminating NUL: the path's length beyond the name.
const SHMDIR_AND_NUL: usize = SHMDIR.len() + 1;

/// The `sem.` prefix glibc leaves room for in its path buffer (semaphores'
/// names share the buffer).
const SEM_PREFIX: &[u8] = b"sem.";

/// The size of glibc's `struct shmdir_name`, where it builds the path:
/// `sizeof SHMDIR` (10, with its NUL) + 4 (room for the `sem.` prefix of
/// semaphores) + `NAME_MAX` (255): 269. A path that does not fit, NUL included,
/// is an invalid name: so a name of 256 to 259 bytes reaches the kernel
/// (which reports `ENAMETOOLONG`), a longer one does not.
const SHMDIR_NAME_SIZE: usize = SHMDIR_AND_NUL + SEM_PREFIX.len() + NAME_MAX as usize;

/// The buffer [`shm_path`] builds a path in: as large as glibc's, and left
/// uninitialized, since only the path's own bytes are ever written and read.
type PathBuf = [MaybeUninit<u8>; SHMDIR_NAME_SIZE];

/// An empty [`PathBuf`] (no zero-fill).
const EMPTY_PATH: PathBuf = [MaybeUninit::uninit(); SHMDIR_NAME_SIZE];

/// glibc 2.36's `__shm_get_name`: the path `/dev/shm/NAME` for `name`, built
/// in `buf`, with `name`'s leading slashes skipped; `None` if the rest is
/// empty, has a slash, or does not fit.
///
/// As glibc: one `strlen`, a scan of the rest for `/`, two copies (the
/// directory, then the name) and the NUL. Nothing else of `buf` is written,
/// and the path is not scanned again for a NUL: it has none but its last
/// byte, since `SHMDIR` has none and the name's bytes come before the NUL
/// `strlen` found.
///
/// # Safety
///
/// `name` points to a NUL-terminated string.
unsafe fn shm_path(name: *const c_char, buf: &mut PathBuf) -> Option<&CStr> {
    // SAFETY: the caller passes a NUL-terminated string.
    let mut name = unsafe { CStr::from_ptr(name) }.to_bytes();
    while let [b'/', rest @ ..] = name {
        name = rest;
    }
    if name.is_empty() || name.contains(&b'/') {
        return None;
    }
    let path = buf.get_mut(..name.len().checked_add(SHMDIR_AND_NUL)?)?;
    let (dir, rest) = path.split_at_mut_checked(SHMDIR.len())?;
    let (file, nul) = rest.split_at_mut_checked(name.len())?;
    // SAFETY: `dir` is `SHMDIR.len()` bytes long and `file` `name.len()`
    // (the splits above), both in `buf`, which neither source overlaps;
    // `MaybeUninit<u8>` has the layout of `u8`.
    unsafe {
        ptr::copy_nonoverlapping(SHMDIR.as_ptr(), dir.as_mut_ptr().cast::<u8>(), SHMDIR.len());
        ptr::copy_nonoverlapping(name.as_ptr(), file.as_mut_ptr().cast::<u8>(), name.len());
    }
    // `nul` is the one byte left: `path` is 1 longer than `dir` and `file`.
    nul.first_mut()?.write(0);
    // SAFETY: every byte of `path` was just written (`dir`, `file`, `nul`
    // cover it); the last is the only NUL (see above).
    Some(unsafe {
        CStr::from_bytes_with_nul_unchecked(slice::from_raw_parts(
            path.as_ptr().cast::<u8>(),
            path.len(),
        ))
    })
}

/// Opens (or creates) the POSIX shared memory object `name`, as glibc's
/// `shm_open` does, and returns its file descriptor.
///
/// As glibc 2.36: leading slashes of `name` are skipped; an empty rest, a
/// further slash, or a name too long for glibc's path buffer (over 259
/// bytes) fails with `EINVAL` before any system call. The object is the
/// file `/dev/shm/NAME`, opened (`openat`) with `oflag | O_NOFOLLOW |
/// O_CLOEXEC` and `mode`. The kernel's `EISDIR` (a name `.` or `..` opened for
/// writing) becomes `EINVAL`.
///
/// # Errors
///
/// `EINVAL` as above; otherwise `open`'s: `EEXIST` (`O_CREAT|O_EXCL`),
/// `ENOENT`, `EACCES`, `ENAMETOOLONG` (a name of 256 to 259 bytes), `ELOOP`
/// (a symbolic link), `EMFILE`, `ENFILE`, ….
///
/// # Safety
///
/// `name` must point to a NUL-terminated string.
///
/// # Examples
///
/// ```
/// use core::ptr::null_mut;
/// use mman::{consts::*, raw, Errno};
/// use std::{ffi::CString, fs::File, os::fd::FromRawFd};
///
/// // A name of this process's own, so that concurrent runs do not meet.
/// let file_name = format!("mman-doc-shm_open-{}", std::process::id());
/// let name = CString::new(format!("/{file_name}"))?;
/// let flags = libc::O_RDWR | libc::O_CREAT | libc::O_EXCL;
/// let fd = unsafe { raw::shm_open(name.as_ptr(), flags, 0o600) }?;
/// let file = unsafe { File::from_raw_fd(fd) }; // closes it on drop
/// file.set_len(4096)?;
///
/// // Share a page through it: the object is the file /dev/shm/NAME.
/// let rw = MMAN_PROT_READ | MMAN_PROT_WRITE;
/// let p = unsafe { raw::mmap(null_mut(), 4096, rw, MMAN_MAP_SHARED, fd, 0) }?;
/// unsafe { p.cast::<u8>().copy_from(b"shared".as_ptr(), 6) };
/// let contents = std::fs::read(format!("/dev/shm/{file_name}"))?;
/// assert_eq!(&contents[..6], b"shared");
/// unsafe { raw::munmap(p, 4096) }?;
/// unsafe { raw::shm_unlink(name.as_ptr()) }?;
///
/// // A slash after the leading ones: glibc's EINVAL, before any system call.
/// let e = unsafe { raw::shm_open(c"/mman-doc/shm_open".as_ptr(), libc::O_RDONLY, 0) };
/// assert_eq!(e, Err(Errno::INVAL));
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// # References
///
/// - [shm_open(3)](https://man7.org/linux/man-pages/man3/shm_open.3.html)
/// - [POSIX `shm_open`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/shm_open.html)
#[inline]
pub unsafe fn shm_open(name: *const c_char, oflag: c_int, mode: mode_t) -> Result<c_int, Errno> {
    #[cfg(feature = "fault")]
    crate::fault::check(crate::fault::Call::ShmOpen)?;
    let mut buf = EMPTY_PATH;
    // SAFETY: the caller passes a NUL-terminated string.
    let path = unsafe { shm_path(name, &mut buf) }.ok_or(Errno::INVAL)?;
    // The raw `openat`: rustix's returns an `OwnedFd` (see `sys`).
    // SAFETY: `path` is NUL-terminated.
    match unsafe {
        sys::openat(
            path.as_ptr(),
            oflag | (O_NOFOLLOW | O_CLOEXEC) as c_int,
            mode,
        )
    } {
        Err(Errno::ISDIR) => Err(Errno::INVAL),
        r => r,
    }
}

/// Removes the POSIX shared memory object `name`, as glibc's `shm_unlink`
/// does.
///
/// The name rules are [`shm_open`]'s, but an invalid name fails with
/// `ENOENT` (as glibc 2.36). The kernel's `EPERM` becomes `EACCES`.
///
/// # Errors
///
/// `ENOENT` for an invalid name or a missing object; otherwise `unlink`'s:
/// `EACCES`, `EISDIR` (`.`), `ENAMETOOLONG`, `EBUSY`, ….
///
/// # Safety
///
/// `name` must point to a NUL-terminated string.
///
/// # Examples
///
/// ```
/// use mman::{raw, Errno};
/// use std::ffi::CString;
///
/// let name = CString::new(format!("/mman-doc-shm_unlink-{}", std::process::id()))?;
/// let flags = libc::O_RDWR | libc::O_CREAT | libc::O_EXCL;
/// let fd = unsafe { raw::shm_open(name.as_ptr(), flags, 0o600) }?;
/// unsafe { libc::close(fd) };
///
/// unsafe { raw::shm_unlink(name.as_ptr()) }?;
/// // Gone: opening it fails, and so does unlinking it again.
/// assert_eq!(unsafe { raw::shm_open(name.as_ptr(), libc::O_RDONLY, 0) }, Err(Errno::NOENT));
/// assert_eq!(unsafe { raw::shm_unlink(name.as_ptr()) }, Err(Errno::NOENT));
///
/// // An invalid name is ENOENT here, where shm_open says EINVAL (glibc 2.36).
/// assert_eq!(unsafe { raw::shm_unlink(c"/".as_ptr()) }, Err(Errno::NOENT));
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// # References
///
/// - [shm_unlink(3)](https://man7.org/linux/man-pages/man3/shm_unlink.3.html)
/// - [POSIX `shm_unlink`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/shm_unlink.html)
#[inline]
pub unsafe fn shm_unlink(name: *const c_char) -> Result<(), Errno> {
    #[cfg(feature = "fault")]
    crate::fault::check(crate::fault::Call::ShmUnlink)?;
    let mut buf = EMPTY_PATH;
    // SAFETY: the caller passes a NUL-terminated string.
    let path = unsafe { shm_path(name, &mut buf) }.ok_or(Errno::NOENT)?;
    match rustix::fs::unlink(path) {
        Err(Errno::PERM) => Err(Errno::ACCESS),
        r => r,
    }
}
