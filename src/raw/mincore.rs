//! `mincore`.

use crate::{sys, Errno};
use core::ffi::c_void;

/// Reports which pages of `[addr, addr + len)` are resident in memory, as
/// glibc's `mincore` does (a plain system call).
///
/// The kernel writes one byte per page (`len` rounded up to pages) to `vec`;
/// its low bit is set for a resident page.
///
/// # Errors
///
/// The kernel's: `EINVAL` for an unaligned `addr`; `ENOMEM` when part of
/// the range is not mapped or leaves the address space; `EFAULT` when `vec`
/// cannot be written; `EAGAIN` when the kernel is short of memory.
///
/// # Safety
///
/// `vec` must be valid for writes of one byte per page of the range, and
/// nothing else may access those bytes during the call.
///
/// See [mincore(2)](https://man7.org/linux/man-pages/man2/mincore.2.html).
#[inline]
pub unsafe fn mincore(addr: *mut c_void, len: usize, vec: *mut u8) -> Result<(), Errno> {
    // SAFETY: the caller upholds this function's contract.
    unsafe { sys::mincore(addr, len, vec) }.map(drop)
}
