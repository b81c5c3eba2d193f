//! Raw system calls for what rustix's typed API cannot express.
//!
//! rustix takes a file descriptor as a `BorrowedFd`, which cannot hold -1
//! (`BorrowedFd::borrow_raw(-1)` asserts), and its `mmap_anonymous` always
//! passes an offset of 0. glibc passes `fd` and `offset` to the kernel as
//! given, and the kernel still looks at the offset of an anonymous mapping
//! (it picks the address's huge-page alignment from it), so `mmap` with
//! `fd == -1` goes through here: the one place in the crate with a raw
//! syscall, using the `syscalls` crate's per-architecture `syscall6`.

use crate::Errno;
use core::ffi::{c_int, c_void};

/// Turns a raw syscall return value into a result, as the kernel encodes
/// errors: a value in `-4095..=-1` is a negated error number.
#[inline(always)]
fn ret_ptr(ret: usize) -> Result<*mut c_void, Errno> {
    if ret > usize::MAX - 4095 {
        // `ret` is -1..=-4095, so the negation fits in an `i32`.
        Err(Errno::from_raw_os_error(ret.wrapping_neg() as i32))
    } else {
        Ok(ret as *mut c_void)
    }
}

/// `mmap` with a raw `fd` and `offset`, as the kernel takes them.
///
/// # Safety
///
/// As for [`crate::raw::mmap`].
#[inline]
pub(crate) unsafe fn mmap(
    addr: *mut c_void,
    len: usize,
    prot: c_int,
    flags: c_int,
    fd: c_int,
    offset: i64,
) -> Result<*mut c_void, Errno> {
    // SAFETY: the caller upholds `mmap`'s contract. Each `int` goes in the low
    // 32 bits of its register, zero-extended, as glibc's and rustix's
    // syscall wrappers pass it.
    ret_ptr(unsafe {
        syscalls::raw::syscall6(
            linux_raw_sys::general::__NR_mmap as usize,
            addr as usize,
            len,
            prot as u32 as usize,
            flags as u32 as usize,
            fd as u32 as usize,
            offset as usize,
        )
    })
}
