//! The raw layer: one `unsafe fn` per `<sys/mman.h>` function.
//!
//! Each takes the C function's arguments with their C meaning, does the
//! checks glibc does in user space (and nothing more), makes the system call,
//! and returns `Result<_, Errno>` instead of setting `errno`. They are for
//! `no_std` Rust code that wants glibc's exact semantics without a libc; the
//! C ABI in `capi` is a thin shell over them.
//!
//! Every function is `unsafe` (it takes raw addresses, as in C) except
//! [`page_size`]; the constants are those of [`crate::consts`]; an `Err`
//! holds the `errno` value glibc would set ([`crate::Errno`]). Each
//! function's page has an example; together, the life of a mapping:
//!
//! ```
//! use core::ptr::null_mut;
//! use mman::{consts::*, raw, Errno};
//!
//! let len = raw::page_size();
//! // SAFETY (every call below): a new mapping, used by this code only.
//! let p = unsafe {
//!     raw::mmap(
//!         null_mut(),
//!         len,
//!         MMAN_PROT_READ | MMAN_PROT_WRITE,
//!         MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS,
//!         -1,
//!         0,
//!     )
//! }?;
//! unsafe { p.cast::<u8>().write(1) };
//! unsafe { raw::madvise(p, len, MMAN_MADV_WILLNEED) }?;
//! unsafe { raw::mprotect(p, len, MMAN_PROT_READ) }?;
//! assert_eq!(unsafe { p.cast::<u8>().read() }, 1);
//!
//! // An error is the errno value C code would see.
//! let e = unsafe { raw::munmap(p, 0) }.unwrap_err();
//! assert_eq!(e, Errno::INVAL);
//! assert_eq!(e.raw_os_error(), libc::EINVAL);
//! unsafe { raw::munmap(p, len) }?;
//! # Ok::<(), Errno>(())
//! ```

mod madvise;
mod memfd;
mod mincore;
mod mlock;
mod mmap;
mod mprotect;
mod mremap;
mod msync;
mod page_size;
mod shm;
mod sys;

pub use madvise::{madvise, posix_madvise};
pub use memfd::memfd_create;
pub use mincore::mincore;
pub use mlock::{mlock, mlock2, mlockall, munlock, munlockall};
/// `mmap64` is `mmap` on 64-bit Linux: `off_t` is 64 bits there, and glibc
/// makes the two names one function. (On 32-bit Linux it is a function of
/// its own, with a 64-bit offset.)
///
/// ```
/// use core::ptr::null_mut;
/// use mman::{consts::*, raw};
///
/// // One function under two names.
/// assert_eq!(raw::mmap64 as usize, raw::mmap as usize);
/// let anon = MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS;
/// let p = unsafe { raw::mmap64(null_mut(), 4096, MMAN_PROT_READ, anon, -1, 0) }?;
/// unsafe { raw::munmap(p, 4096) }?;
/// # Ok::<(), mman::Errno>(())
/// ```
#[cfg(target_pointer_width = "64")]
pub use mmap::mmap as mmap64;
#[cfg(target_pointer_width = "32")]
pub use mmap::mmap64;
pub use mmap::{mmap, munmap};
pub use mprotect::mprotect;
pub use mremap::mremap;
pub use msync::msync;
pub use page_size::page_size;
pub use shm::{shm_open, shm_unlink};
