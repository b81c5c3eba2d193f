//! The raw layer: one `unsafe fn` per `<sys/mman.h>` function.
//!
//! Each takes the C function's arguments with their C meaning, does the
//! checks glibc does in user space (and nothing more), makes the system call,
//! and returns `Result<_, Errno>` instead of setting `errno`. They are for
//! `no_std` Rust code that wants glibc's exact semantics without a libc; the
//! C ABI in `capi` is a thin shell over them.

mod mmap;
mod msync;

pub use mmap::{mmap, munmap};
pub use msync::msync;
