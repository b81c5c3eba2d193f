//! Raw system calls for what rustix's typed API cannot express.
//!
//! This is the one place in the crate with a raw syscall, using the
//! `syscalls` crate's per-architecture `syscallN`. Each function says which
//! call or value rustix could not carry:
//!
//! - [`mmap`] with `fd == -1`: rustix takes a file descriptor as a
//!   `BorrowedFd`, which cannot hold -1 (`BorrowedFd::borrow_raw(-1)`
//!   asserts), and its `mmap_anonymous` always passes an offset of 0. glibc
//!   passes `fd` and `offset` to the kernel as given, and the kernel still
//!   looks at the offset of an anonymous mapping (it picks the address's
//!   huge-page alignment from it).
//! - [`madvise`]: rustix's `Advice` is an enum of the values it knows, so
//!   it cannot pass an arbitrary or newer advice (`MADV_COLLAPSE`,
//!   `MADV_GUARD_INSTALL`, an unknown value the kernel should reject).
//! - [`mincore`]: rustix 1.1 has no `mincore`.
//! - [`memfd_create`]: rustix takes the name as a `&CStr`, which a C pointer
//!   becomes only after user space reads it; glibc hands the pointer to the
//!   kernel, which reads at most 250 bytes of it (a name of up to 249 and
//!   its NUL) and fails with `EFAULT` on a bad pointer (NULL included)
//!   rather than faulting in user space.
//! - [`mremap`]: rustix's `mremap` passes no new address, and its
//!   `mremap_fixed` always adds `MREMAP_FIXED`, so neither can pass
//!   `new_address` as the placement hint the kernel takes with
//!   `MREMAP_DONTUNMAP` without `MREMAP_FIXED`. The five-argument call does
//!   all three cases (no new address, a fixed one, a hint), as musl's one
//!   call does.
//! - [`openat`] of `shm_open`: rustix's `openat` returns an `OwnedFd`,
//!   whose construction asserts that the descriptor is not -1; the assertion
//!   cannot fail, but it links panic machinery into the C library, which
//!   must have none. glibc returns the kernel's `int`; so does this.
//! - [`mmap`] with any other negative `fd` too: with its `fs` feature on,
//!   rustix debug-asserts that a descriptor is not negative, so a debug
//!   build would panic where glibc returns `EBADF`. Every `fd` takes this
//!   one path, with the one unsigned compare of [`ret`].
//!
//! - [`prctl_get_auxv`] and [`read`], for the page size's auxiliary-vector
//!   lookup (`raw::page_size`): rustix has no `PR_GET_AUXV` into a caller's
//!   buffer, and its `read` links a length assertion (panic machinery) into
//!   the C library.
//!
//! Everything else (`munmap`, `mprotect`, `msync`, `mlock`, `munlock`,
//! `mlockall`, `munlockall`, `mlock2`, `unlink`) goes through rustix.
//!
//! Each `int` argument goes in the low 32 bits of its register, zero-extended,
//! as glibc's and rustix's syscall wrappers pass it.

use crate::Errno;
use core::ffi::{c_char, c_int, c_uint, c_void};
use linux_raw_sys::general as nr;

/// Turns a raw syscall return value into a result, as the kernel encodes
/// errors: a value in `-4095..=-1` is a negated error number.
#[inline(always)]
fn ret(ret: usize) -> Result<usize, Errno> {
    if ret > usize::MAX - 4095 {
        Err(error(ret))
    } else {
        Ok(ret)
    }
}

/// The error of a raw return value in `-4095..=-1`: out of line and cold,
/// so that the compiler keeps the success path a compare and a branch (not
/// a select of a packed `Result`, which took `mman_mprotect` from 6
/// instructions to 14).
#[cold]
#[inline(never)]
fn error(ret: usize) -> Errno {
    // `ret` is -1..=-4095, so the negation fits in an `i32`.
    Errno::from_raw_os_error(ret.wrapping_neg() as i32)
}

/// A result that is an address (`mmap`, `mremap`).
///
/// The error is made inline here: out of line (as [`ret`] does it), the
/// compiler gave `mman_mmap` a stack frame on its success path too (13
/// instructions a call instead of 11).
#[inline(always)]
fn ret_ptr(r: usize) -> Result<*mut c_void, Errno> {
    if r > usize::MAX - 4095 {
        // `r` is -1..=-4095, so the negation fits in an `i32`.
        Err(Errno::from_raw_os_error(r.wrapping_neg() as i32))
    } else {
        Ok(r as *mut c_void)
    }
}

/// A result that is 0 or a file descriptor: it fits an `int`.
#[inline(always)]
fn ret_int(r: usize) -> Result<c_int, Errno> {
    ret(r).map(|v| v as c_int)
}

/// The kernel's `mmap` call: `mmap2` (the offset in 4096-byte units) on
/// 32-bit architectures.
#[cfg(target_pointer_width = "64")]
const NR_MMAP: usize = nr::__NR_mmap as usize;
#[cfg(target_pointer_width = "32")]
const NR_MMAP: usize = nr::__NR_mmap2 as usize;

/// `mmap` with a raw `fd`, and the offset as the kernel's call takes it:
/// in bytes (`mmap`) on 64-bit architectures, in 4096-byte units (`mmap2`)
/// on 32-bit ones. s390x's `mmap` takes its six arguments in memory, as
/// glibc's `s390/mmap_call.h` passes them.
///
/// # Safety
///
/// As for [`crate::raw::mmap`].
#[inline(always)]
pub(crate) unsafe fn mmap(
    addr: *mut c_void,
    len: usize,
    prot: c_int,
    flags: c_int,
    fd: c_int,
    offset: usize,
) -> Result<*mut c_void, Errno> {
    // Each `int` goes in the low 32 bits of its register, zero-extended, as
    // glibc's and rustix's syscall wrappers pass it.
    let args = [
        addr as usize,
        len,
        prot as u32 as usize,
        flags as u32 as usize,
        fd as u32 as usize,
        offset,
    ];
    #[cfg(target_arch = "s390x")]
    // SAFETY: the caller upholds `mmap`'s contract; the kernel reads the six
    // arguments from `args`, which lives until the call returns.
    let r = unsafe { syscalls::raw::syscall1(NR_MMAP, args.as_ptr() as usize) };
    #[cfg(not(target_arch = "s390x"))]
    let [a0, a1, a2, a3, a4, a5] = args;
    #[cfg(not(target_arch = "s390x"))]
    // SAFETY: the caller upholds `mmap`'s contract.
    let r = unsafe { syscalls::raw::syscall6(NR_MMAP, a0, a1, a2, a3, a4, a5) };
    ret_ptr(r)
}

/// `madvise` with any advice value, as the kernel takes it.
///
/// # Safety
///
/// As for [`crate::raw::madvise`].
#[inline(always)]
pub(crate) unsafe fn madvise(addr: *mut c_void, len: usize, advice: c_int) -> Result<c_int, Errno> {
    // SAFETY: the caller upholds `madvise`'s contract.
    ret_int(unsafe {
        syscalls::raw::syscall3(
            nr::__NR_madvise as usize,
            addr as usize,
            len,
            advice as u32 as usize,
        )
    })
}

/// `mincore`, which rustix does not have.
///
/// # Safety
///
/// As for [`crate::raw::mincore`].
#[inline(always)]
pub(crate) unsafe fn mincore(addr: *mut c_void, len: usize, vec: *mut u8) -> Result<c_int, Errno> {
    // SAFETY: the caller upholds `mincore`'s contract; the kernel checks
    // `vec` and fails with `EFAULT` if it cannot write there.
    ret_int(unsafe {
        syscalls::raw::syscall3(nr::__NR_mincore as usize, addr as usize, len, vec as usize)
    })
}

/// `memfd_create` with the name as a raw pointer, read by the kernel.
///
/// # Safety
///
/// As for [`crate::raw::memfd_create`].
#[inline(always)]
pub(crate) unsafe fn memfd_create(name: *const c_char, flags: c_uint) -> Result<c_int, Errno> {
    // SAFETY: the kernel reads the name and reports a bad pointer as `EFAULT`.
    ret_int(unsafe {
        syscalls::raw::syscall2(
            nr::__NR_memfd_create as usize,
            name as usize,
            flags as usize,
        )
    })
}

/// `mremap` with all five arguments, as the kernel takes them.
///
/// # Safety
///
/// As for [`crate::raw::mremap`].
#[inline(always)]
pub(crate) unsafe fn mremap(
    old_address: *mut c_void,
    old_size: usize,
    new_size: usize,
    flags: c_int,
    new_address: *mut c_void,
) -> Result<*mut c_void, Errno> {
    // SAFETY: the caller upholds `mremap`'s contract.
    ret_ptr(unsafe {
        syscalls::raw::syscall5(
            nr::__NR_mremap as usize,
            old_address as usize,
            old_size,
            new_size,
            flags as u32 as usize,
            new_address as usize,
        )
    })
}

/// `openat(AT_FDCWD, path, oflag, mode)`, returning the raw descriptor.
///
/// # Safety
///
/// `path` points to a NUL-terminated string.
#[inline(always)]
pub(crate) unsafe fn openat(path: *const c_char, oflag: c_int, mode: u32) -> Result<c_int, Errno> {
    // SAFETY: the caller passes a NUL-terminated path; the kernel reads it.
    ret_int(unsafe {
        syscalls::raw::syscall4(
            nr::__NR_openat as usize,
            nr::AT_FDCWD as u32 as usize,
            path as usize,
            oflag as u32 as usize,
            mode as usize,
        )
    })
}

/// `prctl(PR_GET_AUXV, buf, len)`: copies up to `len` bytes of the
/// process's auxiliary vector into `buf` and returns its whole size in
/// bytes (Linux 6.4 and later; `EINVAL` before). rustix has no
/// `PR_GET_AUXV` call of its own that takes a caller's buffer without
/// allocating or panicking.
///
/// # Safety
///
/// `buf` is valid for writes of `len` bytes.
#[inline(always)]
pub(crate) unsafe fn prctl_get_auxv(buf: *mut u8, len: usize) -> Result<usize, Errno> {
    // SAFETY: the caller gives a writable buffer of `len` bytes; the kernel
    // writes at most that many.
    ret(unsafe {
        syscalls::raw::syscall5(
            nr::__NR_prctl as usize,
            linux_raw_sys::prctl::PR_GET_AUXV as usize,
            buf as usize,
            len,
            0,
            0,
        )
    })
}

/// `read(fd, buf, len)`: rustix's `read` links a length assertion (panic
/// machinery) into the C library.
///
/// # Safety
///
/// `buf` is valid for writes of `len` bytes.
#[inline(always)]
pub(crate) unsafe fn read(fd: c_int, buf: *mut u8, len: usize) -> Result<usize, Errno> {
    // SAFETY: the caller gives a writable buffer of `len` bytes.
    ret(unsafe {
        syscalls::raw::syscall3(
            nr::__NR_read as usize,
            fd as u32 as usize,
            buf as usize,
            len,
        )
    })
}
