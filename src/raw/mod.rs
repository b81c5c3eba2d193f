//! The raw layer: one `unsafe fn` per `<sys/mman.h>` function.
//!
//! Each takes the C function's arguments with their C meaning, does the
//! checks glibc does in user space (and nothing more), makes the system call,
//! and returns `Result<_, Errno>` instead of setting `errno`. They are for
//! `no_std` Rust code that wants glibc's exact semantics without a libc; the
//! C ABI in `capi` is a thin shell over them.

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

pub use madvise::{madvise, posix_madvise};
pub use memfd::memfd_create;
pub use mincore::mincore;
pub use mlock::{mlock, mlock2, mlockall, munlock, munlockall};
/// `mmap64` is `mmap`: `off_t` is 64 bits on every 64-bit Linux, and glibc
/// makes the two names one function.
pub use mmap::mmap as mmap64;
pub use mmap::{mmap, munmap};
pub use mprotect::mprotect;
pub use mremap::mremap;
pub use msync::msync;
pub use page_size::page_size;
pub use shm::{shm_open, shm_unlink};
