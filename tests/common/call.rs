//! The one way the tests call a C function of the family: through mman's C
//! ABI or glibc's, by the same table of function pointers (`Imp::c`); the
//! raw layer (`Imp::Raw`) is called by name where a test compares it too.

use std::ffi::{c_char, c_int, c_long, c_uchar, c_uint, c_void};

/// Which implementation a case calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Imp {
    /// mman's C ABI (`mman::capi::mman_*`).
    Mman,
    /// mman's raw layer (`mman::raw::*`): `Result`, no `errno`.
    Raw,
    /// The system's glibc.
    Glibc,
}

/// The C functions of one implementation, with the C signatures.
pub struct Lib {
    /// The offset is the C library's `off_t`: 32 bits on 32-bit targets.
    pub mmap:
        unsafe extern "C" fn(*mut c_void, usize, c_int, c_int, c_int, mman::off_t) -> *mut c_void,
    pub mmap64:
        unsafe extern "C" fn(*mut c_void, usize, c_int, c_int, c_int, mman::off64_t) -> *mut c_void,
    pub munmap: unsafe extern "C" fn(*mut c_void, usize) -> c_int,
    pub msync: unsafe extern "C" fn(*mut c_void, usize, c_int) -> c_int,
    pub mprotect: unsafe extern "C" fn(*mut c_void, usize, c_int) -> c_int,
    pub madvise: unsafe extern "C" fn(*mut c_void, usize, c_int) -> c_int,
    pub posix_madvise: unsafe extern "C" fn(*mut c_void, usize, c_int) -> c_int,
    pub mlock: unsafe extern "C" fn(*const c_void, usize) -> c_int,
    pub mlock2: unsafe extern "C" fn(*const c_void, usize, c_uint) -> c_int,
    pub munlock: unsafe extern "C" fn(*const c_void, usize) -> c_int,
    pub mlockall: unsafe extern "C" fn(c_int) -> c_int,
    pub munlockall: unsafe extern "C" fn() -> c_int,
    pub mremap: unsafe extern "C" fn(*mut c_void, usize, usize, c_int, *mut c_void) -> *mut c_void,
    pub mincore: unsafe extern "C" fn(*mut c_void, usize, *mut c_uchar) -> c_int,
    pub memfd_create: unsafe extern "C" fn(*const c_char, c_uint) -> c_int,
    pub shm_open: unsafe extern "C" fn(*const c_char, c_int, u32) -> c_int,
    pub shm_unlink: unsafe extern "C" fn(*const c_char) -> c_int,
    pub page_size: extern "C" fn() -> c_long,
}

/// mman's C ABI.
pub static MMAN: Lib = {
    use mman::capi::*;
    Lib {
        mmap: mman_mmap,
        mmap64: mman_mmap64,
        munmap: mman_munmap,
        msync: mman_msync,
        mprotect: mman_mprotect,
        madvise: mman_madvise,
        posix_madvise: mman_posix_madvise,
        mlock: mman_mlock,
        mlock2: mman_mlock2,
        munlock: mman_munlock,
        mlockall: mman_mlockall,
        munlockall: mman_munlockall,
        mremap: mman_mremap,
        mincore: mman_mincore,
        memfd_create: mman_memfd_create,
        shm_open: mman_shm_open,
        shm_unlink: mman_shm_unlink,
        page_size: mman_page_size,
    }
};

/// glibc's `mremap` is variadic: called with its five arguments.
unsafe extern "C" fn glibc_mremap(
    old: *mut c_void,
    old_len: usize,
    new_len: usize,
    flags: c_int,
    new: *mut c_void,
) -> *mut c_void {
    // SAFETY: the caller upholds `mremap`'s contract.
    unsafe { libc::mremap(old, old_len, new_len, flags, new) }
}

/// The page size as glibc gives it: `sysconf(_SC_PAGESIZE)`, checked equal
/// to `getpagesize()`.
extern "C" fn glibc_page_size() -> c_long {
    extern "C" {
        fn getpagesize() -> c_int;
    }
    // SAFETY: plain calls.
    let (s, g) = unsafe { (libc::sysconf(libc::_SC_PAGESIZE), getpagesize()) };
    if s == c_long::from(g) {
        s
    } else {
        -2
    }
}

/// The system's glibc.
pub static GLIBC: Lib = Lib {
    mmap: libc::mmap,
    mmap64: libc::mmap64,
    munmap: libc::munmap,
    msync: libc::msync,
    mprotect: libc::mprotect,
    madvise: libc::madvise,
    posix_madvise: libc::posix_madvise,
    mlock: libc::mlock,
    mlock2: libc::mlock2,
    munlock: libc::munlock,
    mlockall: libc::mlockall,
    munlockall: libc::munlockall,
    mremap: glibc_mremap,
    mincore: libc::mincore,
    memfd_create: libc::memfd_create,
    shm_open: libc::shm_open,
    shm_unlink: libc::shm_unlink,
    page_size: glibc_page_size,
};

impl Imp {
    /// The C functions of `Mman` or `Glibc`.
    ///
    /// # Panics
    ///
    /// For `Raw`, which has no C functions.
    pub fn c(self) -> &'static Lib {
        match self {
            Imp::Mman => &MMAN,
            Imp::Glibc => &GLIBC,
            Imp::Raw => panic!("the raw layer has no C functions"),
        }
    }
}
