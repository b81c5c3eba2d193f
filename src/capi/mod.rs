//! The C ABI: `extern "C"` functions named `mman_*`, declared in the
//! generated header `include/mman.h`.
//!
//! Each is the C shell of the raw function of the same name in
//! [`crate::raw`]: on failure it returns `MAP_FAILED` or `-1` and sets the C
//! library's `errno`; on success `errno` is left untouched. None can panic,
//! none allocates or locks: they are async-signal-safe, as the system calls
//! they make.
//!
//! Built by the Makefile into `libmman.a` and `libmman.so`; the names are
//! prefixed so that linking the library never replaces the C library's own
//! `mmap`. Define `MMAN_POSIX_NAMES` before including `mman.h` to call them
//! by their POSIX names.

mod mmap;
mod msync;
mod version;

pub use mmap::{mman_mmap, mman_munmap};
pub use msync::mman_msync;
pub use version::mman_version;
