//! The flag values of `<sys/mman.h>`, as the kernel defines them for Linux
//! x86_64, under `MMAN_`-prefixed names.
//!
//! These are the constants of the generated C header `include/mman.h`
//! (cbindgen keeps only literal constants, so each is written as a literal)
//! and the values that the raw functions of [`crate::raw`] take. Every one is
//! checked at compile time against the kernel's own value in
//! [`linux_raw_sys`], so a wrong literal does not build.
//!
//! Man pages: [mmap(2)](https://man7.org/linux/man-pages/man2/mmap.2.html),
//! [msync(2)](https://man7.org/linux/man-pages/man2/msync.2.html).

use core::ffi::{c_int, c_uint};
use linux_raw_sys::general as k;

/// Pages may not be accessed.
pub const MMAN_PROT_NONE: c_int = 0x0;
/// Pages may be read.
pub const MMAN_PROT_READ: c_int = 0x1;
/// Pages may be written.
pub const MMAN_PROT_WRITE: c_int = 0x2;
/// Pages may be executed.
pub const MMAN_PROT_EXEC: c_int = 0x4;

/// Share the mapping: writes reach the file and other processes.
pub const MMAN_MAP_SHARED: c_int = 0x01;
/// Private copy-on-write mapping: writes reach neither the file nor others.
pub const MMAN_MAP_PRIVATE: c_int = 0x02;
/// Like `MAP_SHARED`, but the kernel rejects unknown flags (`EOPNOTSUPP`).
pub const MMAN_MAP_SHARED_VALIDATE: c_int = 0x03;
/// Mask of the mapping-type bits (`MAP_SHARED`, `MAP_PRIVATE`, …).
pub const MMAN_MAP_TYPE: c_int = 0x0f;
/// Place the mapping exactly at `addr`, replacing what was there.
pub const MMAN_MAP_FIXED: c_int = 0x10;
/// No file: zero-filled memory; `fd` is ignored (by convention -1).
pub const MMAN_MAP_ANONYMOUS: c_int = 0x20;
/// Synonym of `MAP_ANONYMOUS`.
pub const MMAN_MAP_ANON: c_int = MMAN_MAP_ANONYMOUS;
/// Compatibility flag; no effect (value 0).
pub const MMAN_MAP_FILE: c_int = 0;
/// Place the mapping in the first 2 GiB of the address space (x86_64 only).
pub const MMAN_MAP_32BIT: c_int = 0x40;
/// A stack that grows down: the kernel extends it on faults below it.
pub const MMAN_MAP_GROWSDOWN: c_int = 0x0100;
/// Ignored by Linux (historically: deny writes to the file).
pub const MMAN_MAP_DENYWRITE: c_int = 0x0800;
/// Ignored by Linux (historically: mark the mapping executable).
pub const MMAN_MAP_EXECUTABLE: c_int = 0x1000;
/// Lock the pages in memory, like `mlock`.
pub const MMAN_MAP_LOCKED: c_int = 0x2000;
/// Do not reserve swap space for the mapping.
pub const MMAN_MAP_NORESERVE: c_int = 0x4000;
/// Prefault the pages (read-ahead for a file mapping).
pub const MMAN_MAP_POPULATE: c_int = 0x8000;
/// With `MAP_POPULATE`: do not block on I/O (ignored since Linux 2.6.23).
pub const MMAN_MAP_NONBLOCK: c_int = 0x10000;
/// Memory suitable for a thread stack (no effect on Linux today).
pub const MMAN_MAP_STACK: c_int = 0x20000;
/// Use huge pages (size chosen by the `MAP_HUGE_*` bits).
pub const MMAN_MAP_HUGETLB: c_int = 0x40000;
/// Synchronous page faults for DAX files (with `MAP_SHARED_VALIDATE`).
pub const MMAN_MAP_SYNC: c_int = 0x80000;
/// Like `MAP_FIXED`, but fail with `EEXIST` instead of replacing a mapping.
pub const MMAN_MAP_FIXED_NOREPLACE: c_int = 0x100000;
/// Do not clear anonymous pages (only on kernels built for it).
pub const MMAN_MAP_UNINITIALIZED: c_int = 0x4000000;
/// Shift of the huge page size, log2 of the size, in the flags.
pub const MMAN_MAP_HUGE_SHIFT: c_int = 26;
/// Mask of the huge page size bits, after shifting by `MAP_HUGE_SHIFT`.
pub const MMAN_MAP_HUGE_MASK: c_int = 0x3f;
/// 16 KiB huge pages.
pub const MMAN_MAP_HUGE_16KB: c_int = 0x38000000;
/// 64 KiB huge pages.
pub const MMAN_MAP_HUGE_64KB: c_int = 0x40000000;
/// 512 KiB huge pages.
pub const MMAN_MAP_HUGE_512KB: c_int = 0x4c000000;
/// 1 MiB huge pages.
pub const MMAN_MAP_HUGE_1MB: c_int = 0x50000000;
/// 2 MiB huge pages.
pub const MMAN_MAP_HUGE_2MB: c_int = 0x54000000;
/// 8 MiB huge pages.
pub const MMAN_MAP_HUGE_8MB: c_int = 0x5c000000;
/// 16 MiB huge pages.
pub const MMAN_MAP_HUGE_16MB: c_int = 0x60000000;
/// 32 MiB huge pages.
pub const MMAN_MAP_HUGE_32MB: c_int = 0x64000000;
/// 256 MiB huge pages.
pub const MMAN_MAP_HUGE_256MB: c_int = 0x70000000;
/// 512 MiB huge pages.
pub const MMAN_MAP_HUGE_512MB: c_int = 0x74000000;
/// 1 GiB huge pages.
pub const MMAN_MAP_HUGE_1GB: c_int = 0x78000000;
/// 2 GiB huge pages.
pub const MMAN_MAP_HUGE_2GB: c_int = 0x7c000000;
/// 16 GiB huge pages (does not fit a signed `int`: unsigned, as in glibc).
pub const MMAN_MAP_HUGE_16GB: c_uint = 0x88000000;

/// `msync`: schedule the write-back and return.
pub const MMAN_MS_ASYNC: c_int = 1;
/// `msync`: invalidate other mappings of the same file.
pub const MMAN_MS_INVALIDATE: c_int = 2;
/// `msync`: write back and wait for it.
pub const MMAN_MS_SYNC: c_int = 4;

/// Checks each literal above against the kernel's value.
const _: () = {
    macro_rules! same {
        ($($ours:ident == $kernel:expr),* $(,)?) => {
            $(assert!($ours as u32 == $kernel as u32, stringify!($ours));)*
        };
    }
    same!(
        MMAN_PROT_NONE == k::PROT_NONE,
        MMAN_PROT_READ == k::PROT_READ,
        MMAN_PROT_WRITE == k::PROT_WRITE,
        MMAN_PROT_EXEC == k::PROT_EXEC,
        MMAN_MAP_SHARED == k::MAP_SHARED,
        MMAN_MAP_PRIVATE == k::MAP_PRIVATE,
        MMAN_MAP_SHARED_VALIDATE == k::MAP_SHARED_VALIDATE,
        MMAN_MAP_TYPE == k::MAP_TYPE,
        MMAN_MAP_FIXED == k::MAP_FIXED,
        MMAN_MAP_ANONYMOUS == k::MAP_ANONYMOUS,
        MMAN_MAP_32BIT == k::MAP_32BIT,
        MMAN_MAP_GROWSDOWN == k::MAP_GROWSDOWN,
        MMAN_MAP_DENYWRITE == k::MAP_DENYWRITE,
        MMAN_MAP_EXECUTABLE == k::MAP_EXECUTABLE,
        MMAN_MAP_LOCKED == k::MAP_LOCKED,
        MMAN_MAP_NORESERVE == k::MAP_NORESERVE,
        MMAN_MAP_POPULATE == k::MAP_POPULATE,
        MMAN_MAP_NONBLOCK == k::MAP_NONBLOCK,
        MMAN_MAP_STACK == k::MAP_STACK,
        MMAN_MAP_HUGETLB == k::MAP_HUGETLB,
        MMAN_MAP_SYNC == k::MAP_SYNC,
        MMAN_MAP_FIXED_NOREPLACE == k::MAP_FIXED_NOREPLACE,
        MMAN_MAP_UNINITIALIZED == k::MAP_UNINITIALIZED,
        MMAN_MAP_FILE == k::MAP_FILE,
        MMAN_MAP_HUGE_SHIFT == k::MAP_HUGE_SHIFT,
        MMAN_MAP_HUGE_MASK == k::MAP_HUGE_MASK,
        MMAN_MAP_HUGE_16KB == k::MAP_HUGE_16KB,
        MMAN_MAP_HUGE_64KB == k::MAP_HUGE_64KB,
        MMAN_MAP_HUGE_512KB == k::MAP_HUGE_512KB,
        MMAN_MAP_HUGE_1MB == k::MAP_HUGE_1MB,
        MMAN_MAP_HUGE_2MB == k::MAP_HUGE_2MB,
        MMAN_MAP_HUGE_8MB == k::MAP_HUGE_8MB,
        MMAN_MAP_HUGE_16MB == k::MAP_HUGE_16MB,
        MMAN_MAP_HUGE_32MB == k::MAP_HUGE_32MB,
        MMAN_MAP_HUGE_256MB == k::MAP_HUGE_256MB,
        MMAN_MAP_HUGE_512MB == k::MAP_HUGE_512MB,
        MMAN_MAP_HUGE_1GB == k::MAP_HUGE_1GB,
        MMAN_MAP_HUGE_2GB == k::MAP_HUGE_2GB,
        MMAN_MAP_HUGE_16GB == k::MAP_HUGE_16GB,
        MMAN_MS_ASYNC == k::MS_ASYNC,
        MMAN_MS_INVALIDATE == k::MS_INVALIDATE,
        MMAN_MS_SYNC == k::MS_SYNC,
    );
};
