//! The flag values of `<sys/mman.h>`, as the kernel defines them for the
//! target architecture, under `MMAN_`-prefixed names.
//!
//! Most values are the same on every architecture. Those that are not are
//! written once per architecture with `#[cfg(target_arch = ...)]`: powerpc's
//! `MAP_LOCKED`, `MAP_NORESERVE` and `MCL_*`, and the flags only one
//! architecture has (`MAP_32BIT` on x86, `PROT_SAO` on powerpc, `PROT_BTI`
//! and `PROT_MTE` on aarch64), as glibc's per-architecture `bits/mman.h`
//! defines them.
//!
//! These are the constants of the generated C header `include/mman.h`
//! (cbindgen keeps only literal constants, so each is written as a literal)
//! and the values that the raw functions of [`crate::raw`] take. Every one is
//! checked at compile time against the kernel's own value in
//! [`linux_raw_sys`], so a wrong literal does not build.
//!
//! Man pages: [mmap(2)](https://man7.org/linux/man-pages/man2/mmap.2.html),
//! [msync(2)](https://man7.org/linux/man-pages/man2/msync.2.html),
//! [mprotect(2)](https://man7.org/linux/man-pages/man2/mprotect.2.html),
//! [madvise(2)](https://man7.org/linux/man-pages/man2/madvise.2.html),
//! [posix_madvise(3)](https://man7.org/linux/man-pages/man3/posix_madvise.3.html),
//! [mlock(2)](https://man7.org/linux/man-pages/man2/mlock.2.html),
//! [mremap(2)](https://man7.org/linux/man-pages/man2/mremap.2.html),
//! [memfd_create(2)](https://man7.org/linux/man-pages/man2/memfd_create.2.html).
//!
//! ```
//! use mman::consts::*;
//!
//! // Combined as in C, and equal to the C library's own values.
//! assert_eq!(MMAN_PROT_READ | MMAN_PROT_WRITE, libc::PROT_READ | libc::PROT_WRITE);
//! assert_eq!(MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS, libc::MAP_PRIVATE | libc::MAP_ANONYMOUS);
//! assert_eq!(MMAN_MS_SYNC, libc::MS_SYNC);
//! assert_eq!(MMAN_MADV_DONTNEED, libc::MADV_DONTNEED);
//! assert_eq!(MMAN_MCL_CURRENT, libc::MCL_CURRENT);
//! assert_eq!(MMAN_MREMAP_MAYMOVE, libc::MREMAP_MAYMOVE);
//! assert_eq!(MMAN_MFD_CLOEXEC, libc::MFD_CLOEXEC);
//! // Huge page sizes are log2 of the size, shifted.
//! assert_eq!(MMAN_MAP_HUGE_2MB, 21 << MMAN_MAP_HUGE_SHIFT);
//! ```

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
/// `mprotect`: extend the change down to the start of a grows-down mapping.
pub const MMAN_PROT_GROWSDOWN: c_int = 0x01000000;
/// `mprotect`: extend the change up to the end of a grows-up mapping.
pub const MMAN_PROT_GROWSUP: c_int = 0x02000000;
/// Strong access ordering for the pages (powerpc only).
#[cfg(any(target_arch = "powerpc64", target_arch = "powerpc"))]
pub const MMAN_PROT_SAO: c_int = 0x10;
/// Branch target identification for executable pages (aarch64 only).
#[cfg(target_arch = "aarch64")]
pub const MMAN_PROT_BTI: c_int = 0x10;
/// Memory tagging for the pages (aarch64 only).
#[cfg(target_arch = "aarch64")]
pub const MMAN_PROT_MTE: c_int = 0x20;

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
/// Place the mapping in the first 2 GiB of the address space (x86 and
/// x86_64 only).
#[cfg(any(target_arch = "x86_64", target_arch = "x86"))]
pub const MMAN_MAP_32BIT: c_int = 0x40;
/// A stack that grows down: the kernel extends it on faults below it.
pub const MMAN_MAP_GROWSDOWN: c_int = 0x0100;
/// Ignored by Linux (historically: deny writes to the file).
pub const MMAN_MAP_DENYWRITE: c_int = 0x0800;
/// Ignored by Linux (historically: mark the mapping executable).
pub const MMAN_MAP_EXECUTABLE: c_int = 0x1000;
/// Lock the pages in memory, like `mlock`.
#[cfg(not(any(target_arch = "powerpc64", target_arch = "powerpc")))]
pub const MMAN_MAP_LOCKED: c_int = 0x2000;
/// Lock the pages in memory, like `mlock` (powerpc's value).
#[cfg(any(target_arch = "powerpc64", target_arch = "powerpc"))]
pub const MMAN_MAP_LOCKED: c_int = 0x80;
/// Do not reserve swap space for the mapping.
#[cfg(not(any(target_arch = "powerpc64", target_arch = "powerpc")))]
pub const MMAN_MAP_NORESERVE: c_int = 0x4000;
/// Do not reserve swap space for the mapping (powerpc's value).
#[cfg(any(target_arch = "powerpc64", target_arch = "powerpc"))]
pub const MMAN_MAP_NORESERVE: c_int = 0x40;
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

/// `madvise`: no special treatment (the default).
pub const MMAN_MADV_NORMAL: c_int = 0;
/// `madvise`: expect random access (less read-ahead).
pub const MMAN_MADV_RANDOM: c_int = 1;
/// `madvise`: expect sequential access (more read-ahead).
pub const MMAN_MADV_SEQUENTIAL: c_int = 2;
/// `madvise`: the pages will be needed soon (read them ahead).
pub const MMAN_MADV_WILLNEED: c_int = 3;
/// `madvise`: drop the pages; private anonymous ones read back as zeros.
pub const MMAN_MADV_DONTNEED: c_int = 4;
/// `madvise`: the pages may be freed lazily, unless written again first.
pub const MMAN_MADV_FREE: c_int = 8;
/// `madvise`: free the pages and their backing store (shmem, tmpfs).
pub const MMAN_MADV_REMOVE: c_int = 9;
/// `madvise`: do not map the range into a child after `fork`.
pub const MMAN_MADV_DONTFORK: c_int = 10;
/// `madvise`: undo `MADV_DONTFORK`.
pub const MMAN_MADV_DOFORK: c_int = 11;
/// `madvise`: let KSM merge identical pages.
pub const MMAN_MADV_MERGEABLE: c_int = 12;
/// `madvise`: undo `MADV_MERGEABLE`.
pub const MMAN_MADV_UNMERGEABLE: c_int = 13;
/// `madvise`: use transparent huge pages.
pub const MMAN_MADV_HUGEPAGE: c_int = 14;
/// `madvise`: do not use transparent huge pages.
pub const MMAN_MADV_NOHUGEPAGE: c_int = 15;
/// `madvise`: leave the range out of core dumps.
pub const MMAN_MADV_DONTDUMP: c_int = 16;
/// `madvise`: undo `MADV_DONTDUMP`.
pub const MMAN_MADV_DODUMP: c_int = 17;
/// `madvise`: a child sees the range zero-filled after `fork`.
pub const MMAN_MADV_WIPEONFORK: c_int = 18;
/// `madvise`: undo `MADV_WIPEONFORK`.
pub const MMAN_MADV_KEEPONFORK: c_int = 19;
/// `madvise`: deactivate the pages (reclaim them first under pressure).
pub const MMAN_MADV_COLD: c_int = 20;
/// `madvise`: reclaim the pages now.
pub const MMAN_MADV_PAGEOUT: c_int = 21;
/// `madvise`: populate the page tables, readable (prefault by reading).
pub const MMAN_MADV_POPULATE_READ: c_int = 22;
/// `madvise`: populate the page tables, writable (prefault by writing).
pub const MMAN_MADV_POPULATE_WRITE: c_int = 23;
/// `madvise`: like `MADV_DONTNEED`, also for locked pages.
pub const MMAN_MADV_DONTNEED_LOCKED: c_int = 24;
/// `madvise`: collapse the range into transparent huge pages, synchronously.
pub const MMAN_MADV_COLLAPSE: c_int = 25;
/// `madvise`: poison the pages as after a memory error (needs
/// `CAP_SYS_ADMIN`; kills whoever touches them).
pub const MMAN_MADV_HWPOISON: c_int = 100;
/// `madvise`: take the pages' memory offline, softly (needs `CAP_SYS_ADMIN`).
pub const MMAN_MADV_SOFT_OFFLINE: c_int = 101;
/// `madvise`: install guard regions: access raises `SIGSEGV` (Linux 6.13).
pub const MMAN_MADV_GUARD_INSTALL: c_int = 102;
/// `madvise`: remove guard regions (Linux 6.13).
pub const MMAN_MADV_GUARD_REMOVE: c_int = 103;

/// `posix_madvise`: no special treatment (the default).
pub const MMAN_POSIX_MADV_NORMAL: c_int = 0;
/// `posix_madvise`: expect random access.
pub const MMAN_POSIX_MADV_RANDOM: c_int = 1;
/// `posix_madvise`: expect sequential access.
pub const MMAN_POSIX_MADV_SEQUENTIAL: c_int = 2;
/// `posix_madvise`: the pages will be needed soon.
pub const MMAN_POSIX_MADV_WILLNEED: c_int = 3;
/// `posix_madvise`: the pages will not be needed soon (glibc: no effect).
pub const MMAN_POSIX_MADV_DONTNEED: c_int = 4;

/// `mlockall`: lock every page mapped now.
#[cfg(not(any(target_arch = "powerpc64", target_arch = "powerpc")))]
pub const MMAN_MCL_CURRENT: c_int = 1;
/// `mlockall`: lock every page mapped from now on.
#[cfg(not(any(target_arch = "powerpc64", target_arch = "powerpc")))]
pub const MMAN_MCL_FUTURE: c_int = 2;
/// `mlockall`: with `MCL_CURRENT` or `MCL_FUTURE`, lock pages as they fault in.
#[cfg(not(any(target_arch = "powerpc64", target_arch = "powerpc")))]
pub const MMAN_MCL_ONFAULT: c_int = 4;
/// `mlockall`: lock every page mapped now.
#[cfg(any(target_arch = "powerpc64", target_arch = "powerpc"))]
pub const MMAN_MCL_CURRENT: c_int = 0x2000;
/// `mlockall`: lock every page mapped from now on.
#[cfg(any(target_arch = "powerpc64", target_arch = "powerpc"))]
pub const MMAN_MCL_FUTURE: c_int = 0x4000;
/// `mlockall`: with `MCL_CURRENT` or `MCL_FUTURE`, lock pages as they fault in.
#[cfg(any(target_arch = "powerpc64", target_arch = "powerpc"))]
pub const MMAN_MCL_ONFAULT: c_int = 0x8000;

/// `mlock2`: lock pages as they fault in, not all at once.
pub const MMAN_MLOCK_ONFAULT: c_uint = 1;

/// `mremap`: the mapping may move to a new address.
pub const MMAN_MREMAP_MAYMOVE: c_int = 1;
/// `mremap`: move the mapping to `new_address`, replacing what was there.
pub const MMAN_MREMAP_FIXED: c_int = 2;
/// `mremap`: move the mapping and leave the old range mapped, empty.
pub const MMAN_MREMAP_DONTUNMAP: c_int = 4;

/// `memfd_create`: close the descriptor on `exec`.
pub const MMAN_MFD_CLOEXEC: c_uint = 0x1;
/// `memfd_create`: allow seals (`F_ADD_SEALS`) on the file.
pub const MMAN_MFD_ALLOW_SEALING: c_uint = 0x2;
/// `memfd_create`: back the file with huge pages (size from `MFD_HUGE_*`).
pub const MMAN_MFD_HUGETLB: c_uint = 0x4;
/// `memfd_create`: not executable, sealed so (implies `MFD_ALLOW_SEALING`).
pub const MMAN_MFD_NOEXEC_SEAL: c_uint = 0x8;
/// `memfd_create`: executable.
pub const MMAN_MFD_EXEC: c_uint = 0x10;
/// Shift of the huge page size, log2 of the size, in `memfd_create` flags.
pub const MMAN_MFD_HUGE_SHIFT: c_uint = 26;
/// Mask of the huge page size bits, after shifting by `MFD_HUGE_SHIFT`.
pub const MMAN_MFD_HUGE_MASK: c_uint = 0x3f;
/// 64 KiB huge pages.
pub const MMAN_MFD_HUGE_64KB: c_uint = 0x40000000;
/// 512 KiB huge pages.
pub const MMAN_MFD_HUGE_512KB: c_uint = 0x4c000000;
/// 1 MiB huge pages.
pub const MMAN_MFD_HUGE_1MB: c_uint = 0x50000000;
/// 2 MiB huge pages.
pub const MMAN_MFD_HUGE_2MB: c_uint = 0x54000000;
/// 8 MiB huge pages.
pub const MMAN_MFD_HUGE_8MB: c_uint = 0x5c000000;
/// 16 MiB huge pages.
pub const MMAN_MFD_HUGE_16MB: c_uint = 0x60000000;
/// 32 MiB huge pages.
pub const MMAN_MFD_HUGE_32MB: c_uint = 0x64000000;
/// 256 MiB huge pages.
pub const MMAN_MFD_HUGE_256MB: c_uint = 0x70000000;
/// 512 MiB huge pages.
pub const MMAN_MFD_HUGE_512MB: c_uint = 0x74000000;
/// 1 GiB huge pages.
pub const MMAN_MFD_HUGE_1GB: c_uint = 0x78000000;
/// 2 GiB huge pages.
pub const MMAN_MFD_HUGE_2GB: c_uint = 0x7c000000;
/// 16 GiB huge pages.
pub const MMAN_MFD_HUGE_16GB: c_uint = 0x88000000;

/// Checks each architecture-only literal above against the kernel's value.
const _: () = {
    #[cfg(any(target_arch = "x86_64", target_arch = "x86"))]
    assert!(MMAN_MAP_32BIT as u32 == k::MAP_32BIT);
    #[cfg(any(target_arch = "powerpc64", target_arch = "powerpc"))]
    assert!(MMAN_PROT_SAO as u32 == k::PROT_SAO);
    #[cfg(target_arch = "aarch64")]
    assert!(MMAN_PROT_BTI as u32 == k::PROT_BTI && MMAN_PROT_MTE as u32 == k::PROT_MTE);
};

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
        MMAN_PROT_GROWSDOWN == k::PROT_GROWSDOWN,
        MMAN_PROT_GROWSUP == k::PROT_GROWSUP,
        MMAN_MADV_NORMAL == k::MADV_NORMAL,
        MMAN_MADV_RANDOM == k::MADV_RANDOM,
        MMAN_MADV_SEQUENTIAL == k::MADV_SEQUENTIAL,
        MMAN_MADV_WILLNEED == k::MADV_WILLNEED,
        MMAN_MADV_DONTNEED == k::MADV_DONTNEED,
        MMAN_MADV_FREE == k::MADV_FREE,
        MMAN_MADV_REMOVE == k::MADV_REMOVE,
        MMAN_MADV_DONTFORK == k::MADV_DONTFORK,
        MMAN_MADV_DOFORK == k::MADV_DOFORK,
        MMAN_MADV_MERGEABLE == k::MADV_MERGEABLE,
        MMAN_MADV_UNMERGEABLE == k::MADV_UNMERGEABLE,
        MMAN_MADV_HUGEPAGE == k::MADV_HUGEPAGE,
        MMAN_MADV_NOHUGEPAGE == k::MADV_NOHUGEPAGE,
        MMAN_MADV_DONTDUMP == k::MADV_DONTDUMP,
        MMAN_MADV_DODUMP == k::MADV_DODUMP,
        MMAN_MADV_WIPEONFORK == k::MADV_WIPEONFORK,
        MMAN_MADV_KEEPONFORK == k::MADV_KEEPONFORK,
        MMAN_MADV_COLD == k::MADV_COLD,
        MMAN_MADV_PAGEOUT == k::MADV_PAGEOUT,
        MMAN_MADV_POPULATE_READ == k::MADV_POPULATE_READ,
        MMAN_MADV_POPULATE_WRITE == k::MADV_POPULATE_WRITE,
        MMAN_MADV_DONTNEED_LOCKED == k::MADV_DONTNEED_LOCKED,
        MMAN_MADV_COLLAPSE == k::MADV_COLLAPSE,
        MMAN_MADV_HWPOISON == k::MADV_HWPOISON,
        MMAN_MADV_SOFT_OFFLINE == k::MADV_SOFT_OFFLINE,
        MMAN_MADV_GUARD_INSTALL == k::MADV_GUARD_INSTALL,
        MMAN_MADV_GUARD_REMOVE == k::MADV_GUARD_REMOVE,
        // glibc defines POSIX_MADV_* as the kernel's MADV_* of the same name.
        MMAN_POSIX_MADV_NORMAL == k::MADV_NORMAL,
        MMAN_POSIX_MADV_RANDOM == k::MADV_RANDOM,
        MMAN_POSIX_MADV_SEQUENTIAL == k::MADV_SEQUENTIAL,
        MMAN_POSIX_MADV_WILLNEED == k::MADV_WILLNEED,
        MMAN_POSIX_MADV_DONTNEED == k::MADV_DONTNEED,
        MMAN_MCL_CURRENT == k::MCL_CURRENT,
        MMAN_MCL_FUTURE == k::MCL_FUTURE,
        MMAN_MCL_ONFAULT == k::MCL_ONFAULT,
        MMAN_MLOCK_ONFAULT == k::MLOCK_ONFAULT,
        MMAN_MREMAP_MAYMOVE == k::MREMAP_MAYMOVE,
        MMAN_MREMAP_FIXED == k::MREMAP_FIXED,
        MMAN_MREMAP_DONTUNMAP == k::MREMAP_DONTUNMAP,
        MMAN_MFD_CLOEXEC == k::MFD_CLOEXEC,
        MMAN_MFD_ALLOW_SEALING == k::MFD_ALLOW_SEALING,
        MMAN_MFD_HUGETLB == k::MFD_HUGETLB,
        MMAN_MFD_NOEXEC_SEAL == k::MFD_NOEXEC_SEAL,
        MMAN_MFD_EXEC == k::MFD_EXEC,
        MMAN_MFD_HUGE_SHIFT == k::MFD_HUGE_SHIFT,
        MMAN_MFD_HUGE_MASK == k::MFD_HUGE_MASK,
        MMAN_MFD_HUGE_64KB == k::MFD_HUGE_64KB,
        MMAN_MFD_HUGE_512KB == k::MFD_HUGE_512KB,
        MMAN_MFD_HUGE_1MB == k::MFD_HUGE_1MB,
        MMAN_MFD_HUGE_2MB == k::MFD_HUGE_2MB,
        MMAN_MFD_HUGE_8MB == k::MFD_HUGE_8MB,
        MMAN_MFD_HUGE_16MB == k::MFD_HUGE_16MB,
        MMAN_MFD_HUGE_32MB == k::MFD_HUGE_32MB,
        MMAN_MFD_HUGE_256MB == k::MFD_HUGE_256MB,
        MMAN_MFD_HUGE_512MB == k::MFD_HUGE_512MB,
        MMAN_MFD_HUGE_1GB == k::MFD_HUGE_1GB,
        MMAN_MFD_HUGE_2GB == k::MFD_HUGE_2GB,
        MMAN_MFD_HUGE_16GB == k::MFD_HUGE_16GB,
    );
};
