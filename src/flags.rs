//! Conversion of C `int` flag arguments to rustix's flag types.
//!
//! glibc hands `prot` and `flags` to the kernel bit for bit, so the kernel,
//! not the C library, decides what an unknown bit means (ignored, `EINVAL`,
//! or `EOPNOTSUPP` under `MAP_SHARED_VALIDATE`). These conversions keep every
//! bit, known to rustix or not, with `from_bits_retain`.

use core::ffi::c_int;
use rustix::mm::{MapFlags, MsyncFlags, ProtFlags};

/// `prot` of `mmap`, every bit kept.
#[inline(always)]
pub(crate) const fn prot(prot: c_int) -> ProtFlags {
    ProtFlags::from_bits_retain(prot as u32)
}

/// `flags` of `mmap`, every bit kept (`MAP_ANONYMOUS` included).
#[inline(always)]
pub(crate) const fn map(flags: c_int) -> MapFlags {
    MapFlags::from_bits_retain(flags as u32)
}

/// `flags` of `msync`, every bit kept.
#[inline(always)]
pub(crate) const fn msync(flags: c_int) -> MsyncFlags {
    MsyncFlags::from_bits_retain(flags as u32)
}
