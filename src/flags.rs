//! Conversion of C `int` flag arguments to rustix's flag types.
//!
//! glibc hands `prot` and `flags` to the kernel bit for bit, so the kernel,
//! not the C library, decides what an unknown bit means (ignored, `EINVAL`,
//! or `EOPNOTSUPP` under `MAP_SHARED_VALIDATE`). These conversions keep every
//! bit, known to rustix or not, with `from_bits_retain`. (`mmap`, `madvise`
//! and `mremap` pass their `int` to the kernel through `crate::raw::sys`,
//! with no conversion at all.)

use core::ffi::c_int;
use core::ffi::c_uint;
use rustix::mm::{MlockAllFlags, MlockFlags, MprotectFlags, MsyncFlags};

/// `prot` of `mprotect`, every bit kept.
#[inline(always)]
pub(crate) const fn mprotect(prot: c_int) -> MprotectFlags {
    MprotectFlags::from_bits_retain(prot as u32)
}

/// `flags` of `msync`, every bit kept.
#[inline(always)]
pub(crate) const fn msync(flags: c_int) -> MsyncFlags {
    MsyncFlags::from_bits_retain(flags as u32)
}

/// `flags` of `mlockall`, every bit kept.
#[inline(always)]
pub(crate) const fn mlockall(flags: c_int) -> MlockAllFlags {
    MlockAllFlags::from_bits_retain(flags as u32)
}

/// `flags` of `mlock2`, every bit kept.
#[inline(always)]
pub(crate) const fn mlock(flags: c_uint) -> MlockFlags {
    MlockFlags::from_bits_retain(flags)
}
