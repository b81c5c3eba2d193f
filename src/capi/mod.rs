//! The C ABI: `extern "C"` functions named `mman_*`, declared in the
//! generated header `include/mman.h`.
//!
//! Each is the C shell of the raw function of the same name in
//! [`crate::raw`]: on failure it returns `MAP_FAILED` or `-1` and sets the C
//! library's `errno`; on success `errno` is left untouched. None can panic,
//! none allocates or locks: they are async-signal-safe, as the system calls
//! they make, and may be called from a signal handler (`make check-signal`
//! runs them from a handler that interrupts the same calls in the main loop;
//! as for any function that sets `errno`, a handler saves and restores it).
//!
//! Built by the Makefile into `libmman.a` and `libmman.so`; the names are
//! prefixed so that linking the library never replaces the C library's own
//! `mmap`. Define `MMAN_POSIX_NAMES` before including `mman.h` to call them
//! by their POSIX names.

mod errno;
mod madvise;
mod memfd;
mod mincore;
mod mlock;
mod mmap;
mod mprotect;
mod mremap;
mod msync;
mod page_size;
#[cfg(mman_c_library)]
mod panic;
mod shm;
mod version;

pub use errno::MAP_FAILED;
pub use madvise::{mman_madvise, mman_posix_madvise};
pub use memfd::mman_memfd_create;
pub use mincore::mman_mincore;
pub use mlock::{mman_mlock, mman_mlock2, mman_mlockall, mman_munlock, mman_munlockall};
pub use mmap::{mman_mmap, mman_mmap64, mman_munmap};
pub use mprotect::mman_mprotect;
pub use mremap::mman_mremap;
pub use msync::mman_msync;
pub use page_size::mman_page_size;
pub use shm::{mman_shm_open, mman_shm_unlink};
pub use version::mman_version;
