//! # mman: exact Linux memory mapping for `no_std` Rust and for C
//!
//! `mman` reimplements the `<sys/mman.h>` family (`mmap`, `munmap`,
//! `msync`, …) over [`rustix`]'s `linux_raw` backend, with no libc in its
//! dependency tree and the same results and `errno` values as glibc on Linux.
//!
//! The crate has four layers, one module each:
//!
//! - [`consts`]: the kernel's flag values as C-compatible constants
//!   (`MMAN_PROT_READ`, `MMAN_MAP_SHARED`, …), checked at compile time
//!   against `linux-raw-sys`;
//! - `flags`: conversion of C `int` flags to rustix flag types, unknown bits
//!   kept (as glibc passes them to the kernel untouched);
//! - [`raw`]: one `unsafe fn` per C function, taking the C arguments and
//!   returning `Result<_, Errno>`, doing glibc's user-space checks and then
//!   the system call; its `sys` module holds the few system calls rustix
//!   cannot make as glibc makes them;
//! - `capi` (cargo feature `capi`): the `extern "C"` functions
//!   (`mman_mmap`, …) that set the C library's `errno`, and from which
//!   `include/mman.h` is generated; its `errno` module turns a raw result
//!   into C's return value and `errno`, its `panic` module is the C
//!   libraries' panic handler.
//!
//! On top of the raw layer sits the safe API, for Rust code with or without
//! `std` (no allocator, no libc needed):
//!
//! - [`map`]: [`map::Mmap`], an owned mapping unmapped on drop, with its
//!   access rights in its type, built by [`map::MapOptions`] (memmap2's
//!   `MmapOptions`, with its `map_mut`, `map_copy`, `map_raw`, …: see
//!   [`map::migration`] for every memmap2 item); slices only where the
//!   rights allow and never over pages past the end of a file;
//!   [`map::MmapRaw`] for pointers only; `flush`,
//!   `protect`/`make_exec`/`make_read_only`, `advise`, `lock`,
//!   `lock_on_fault`, `remap`, `residency`, `split_off`; `lock_all`;
//! - [`shm`]: shared anonymous memory for `fork`, memfds (sealed ones
//!   mapped safely) and POSIX shared memory objects as owned descriptors;
//! - [`ring`]: a mirrored ring buffer and a lock-free single-producer
//!   single-consumer byte queue over it, across threads or `fork`.
//!
//! With the cargo feature `std`, `std::fs::File` and the other std
//! descriptors are accepted wherever a descriptor is, and [`Errno`]
//! converts into `std::io::Error`. With `stable_deref_trait`, the readable
//! mappings implement that crate's `StableDeref`.
//!
//! ```
//! use mman::map::{MapOptions, ReadWrite};
//!
//! let mut m = MapOptions::new().len(4096).map_anon::<ReadWrite>()?;
//! m[..2].copy_from_slice(b"hi");
//! let code = m.make_exec()?; // now read-execute: no `&mut [u8]` any more
//! assert_eq!(&code[..2], b"hi");
//! # Ok::<(), mman::Errno>(())
//! ```
//!
//! ```
//! use mman::{consts::*, raw};
//!
//! // An anonymous private page, written and unmapped.
//! let len = 4096;
//! let p = unsafe {
//!     raw::mmap(
//!         core::ptr::null_mut(),
//!         len,
//!         MMAN_PROT_READ | MMAN_PROT_WRITE,
//!         MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS,
//!         -1,
//!         0,
//!     )
//! }
//! .expect("mmap");
//! unsafe { p.cast::<u8>().write(42) };
//! unsafe { raw::munmap(p, len) }.expect("munmap");
//!
//! // Bad input gives glibc's errno: an offset that is not page-aligned.
//! let e = unsafe {
//!     raw::mmap(core::ptr::null_mut(), len, MMAN_PROT_READ, MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS, -1, 1)
//! };
//! assert_eq!(e, Err(mman::Errno::INVAL));
//! ```
#![no_std]
#![deny(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

pub mod consts;
#[cfg(feature = "fault-rules")]
pub mod fault;
mod flags;
pub mod map;
pub mod raw;
pub mod ring;
pub mod shm;
pub mod version;

#[cfg(feature = "capi")]
pub mod capi;

/// The error type of every raw function: a Linux error number.
///
/// This is [`rustix::io::Errno`]; [`Errno::raw_os_error`] gives the `errno`
/// value C code sees.
pub use rustix::io::Errno;

/// File descriptor types and traits, as the safe API takes them
/// ([`fd::AsFd`], [`fd::BorrowedFd`], [`fd::OwnedFd`]): rustix's, which are
/// std's own when the `std` feature (or any crate) enables `rustix/std`.
pub use rustix::fd;

/// The C type of a file offset, `off_t`, as glibc's is without
/// `_FILE_OFFSET_BITS=64`: a `long`, so 64 bits on 64-bit Linux and 32 bits
/// on 32-bit Linux.
#[allow(non_camel_case_types)]
pub type off_t = core::ffi::c_long;

/// The C type of a 64-bit file offset, `off64_t` (`mmap64`'s offset): the
/// same type as [`off_t`] on 64-bit Linux.
#[allow(non_camel_case_types)]
pub type off64_t = i64;

/// The C type of file permission bits (`mode_t`; 32 bits on Linux).
#[allow(non_camel_case_types)]
pub type mode_t = u32;
