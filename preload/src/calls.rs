//! The exported POSIX names: each checks the fault rules, calls mman's raw
//! function (unless a rule made it fail), traces the call, and returns as
//! glibc's function does.

use crate::args::{flags, flags_u32, open_flags, value};
use crate::line::Line;
use crate::{errno, names, trace};
use core::ffi::{c_char, c_int, c_uint, c_void};
use mman::consts::*;
use mman::fault::{self, Call};
use mman::{mode_t, off64_t, off_t, raw, Errno};

/// How a function returns a result of type `Self` to C.
trait Success: Copy {
    /// The C return type.
    type C;
    /// The C value of a success.
    fn c(self) -> Self::C;
    /// The C value of a failure, `errno` set to `e` (or not: `posix_madvise`).
    fn fail(e: Errno) -> Self::C;
    /// What the trace writes before the error's name (`-1 `).
    const ERROR: &'static str = "-1 ";
    /// Appends the success's value to the trace.
    fn trace(self, line: &mut Line);
}

/// An address: `MAP_FAILED` on failure.
impl Success for *mut c_void {
    type C = *mut c_void;
    fn c(self) -> *mut c_void {
        self
    }
    fn fail(e: Errno) -> *mut c_void {
        errno::set(e);
        usize::MAX as *mut c_void
    }
    fn trace(self, line: &mut Line) {
        line.ptr(self);
    }
}

/// 0, or -1 on failure.
impl Success for () {
    type C = c_int;
    fn c(self) -> c_int {
        0
    }
    fn fail(e: Errno) -> c_int {
        errno::set(e);
        -1
    }
    fn trace(self, line: &mut Line) {
        line.str("0");
    }
}

/// A file descriptor, or -1 on failure.
impl Success for c_int {
    type C = c_int;
    fn c(self) -> c_int {
        self
    }
    fn fail(e: Errno) -> c_int {
        errno::set(e);
        -1
    }
    fn trace(self, line: &mut Line) {
        line.int(self.into());
    }
}

/// `posix_madvise`'s 0, or the error number itself, `errno` untouched.
#[derive(Clone, Copy)]
struct ErrorNumber;

impl Success for ErrorNumber {
    type C = c_int;
    const ERROR: &'static str = "";
    fn c(self) -> c_int {
        0
    }
    fn fail(e: Errno) -> c_int {
        e.raw_os_error()
    }
    fn trace(self, line: &mut Line) {
        line.str("0");
    }
}

/// Runs `call` as the fault rules say (`f`, or an injected failure), traces
/// it (`name`, `args`, the result), and returns its C value. The trace is
/// written before `errno` is set: the caller finds the call's `errno`.
#[inline(always)]
fn run<T: Success>(
    call: Call,
    name: &str,
    args: impl FnOnce(&mut Line),
    f: impl FnOnce() -> Result<T, Errno>,
) -> T::C {
    let (result, injected) = match fault::check(call) {
        Ok(()) => (f(), false),
        Err(e) => (Err(e), true),
    };
    if trace::on() {
        let mut line = Line::new();
        line.str("mman: ").str(name).str("(");
        args(&mut line);
        line.str(") = ");
        match result {
            Ok(v) => v.trace(&mut line),
            Err(e) => {
                line.str(T::ERROR);
                errno::describe(&mut line, e.raw_os_error());
            }
        }
        if injected {
            line.str(" (INJECTED)");
        }
        trace::write(&mut line);
    }
    match result {
        Ok(v) => v.c(),
        Err(e) => T::fail(e),
    }
}

/// `MAP_HUGE_*`'s bits (the huge page size field of `mmap`'s flags).
const MAP_HUGE: u32 = (MMAN_MAP_HUGE_MASK as u32) << MMAN_MAP_HUGE_SHIFT;
/// `MFD_HUGE_*`'s bits.
const MFD_HUGE: u32 = MMAN_MFD_HUGE_MASK << MMAN_MFD_HUGE_SHIFT;

/// `addr, len`, the start of most calls' arguments.
fn range(line: &mut Line, addr: *const c_void, len: usize) {
    line.ptr(addr).str(", ").dec(len as u64);
}

/// `mmap`'s and `mmap64`'s arguments, the offset in hex as strace writes it.
#[allow(clippy::too_many_arguments)]
fn mmap_args(
    line: &mut Line,
    addr: *mut c_void,
    len: usize,
    prot: c_int,
    map: c_int,
    fd: c_int,
    offset: i64,
) {
    range(line, addr, len);
    line.str(", ");
    flags(line, prot, names::prot, 0, 0);
    line.str(", ");
    flags(line, map, names::map, MMAN_MAP_TYPE as u32, MAP_HUGE);
    line.str(", ").int(fd.into()).str(", ");
    if offset < 0 {
        line.str("-").hex(offset.unsigned_abs());
    } else if offset == 0 {
        line.str("0");
    } else {
        line.hex(offset as u64);
    }
}

/// [mmap(2)](https://man7.org/linux/man-pages/man2/mmap.2.html) over
/// `mman::raw::mmap`.
///
/// # Safety
///
/// As for C `mmap`.
#[no_mangle]
pub unsafe extern "C" fn mmap(
    addr: *mut c_void,
    len: usize,
    prot: c_int,
    map: c_int,
    fd: c_int,
    offset: off_t,
) -> *mut c_void {
    run(
        Call::Mmap,
        "mmap",
        // `off_t` is `i64` on 64-bit Linux, `i32` on 32-bit.
        #[allow(clippy::useless_conversion)]
        |l| mmap_args(l, addr, len, prot, map, fd, offset.into()),
        // SAFETY: the caller upholds `mmap`'s contract.
        || unsafe { raw::mmap(addr, len, prot, map, fd, offset) },
    )
}

/// [mmap(2)](https://man7.org/linux/man-pages/man2/mmap.2.html) with a
/// 64-bit offset, over `mman::raw::mmap64`.
///
/// # Safety
///
/// As for C `mmap64`.
#[no_mangle]
pub unsafe extern "C" fn mmap64(
    addr: *mut c_void,
    len: usize,
    prot: c_int,
    map: c_int,
    fd: c_int,
    offset: off64_t,
) -> *mut c_void {
    run(
        Call::Mmap,
        "mmap64",
        |l| mmap_args(l, addr, len, prot, map, fd, offset),
        // SAFETY: the caller upholds `mmap64`'s contract.
        || unsafe { raw::mmap64(addr, len, prot, map, fd, offset) },
    )
}

/// [munmap(2)](https://man7.org/linux/man-pages/man2/munmap.2.html).
///
/// # Safety
///
/// As for C `munmap`.
#[no_mangle]
pub unsafe extern "C" fn munmap(addr: *mut c_void, len: usize) -> c_int {
    run(
        Call::Munmap,
        "munmap",
        |l| range(l, addr, len),
        // SAFETY: the caller upholds `munmap`'s contract.
        || unsafe { raw::munmap(addr, len) },
    )
}

/// [msync(2)](https://man7.org/linux/man-pages/man2/msync.2.html).
///
/// # Safety
///
/// As for C `msync`.
#[no_mangle]
pub unsafe extern "C" fn msync(addr: *mut c_void, len: usize, ms: c_int) -> c_int {
    run(
        Call::Msync,
        "msync",
        |l| {
            range(l, addr, len);
            flags(l.str(", "), ms, names::ms, 0, 0);
        },
        // SAFETY: the caller upholds `msync`'s contract.
        || unsafe { raw::msync(addr, len, ms) },
    )
}

/// [mprotect(2)](https://man7.org/linux/man-pages/man2/mprotect.2.html).
///
/// # Safety
///
/// As for C `mprotect`.
#[no_mangle]
pub unsafe extern "C" fn mprotect(addr: *mut c_void, len: usize, prot: c_int) -> c_int {
    run(
        Call::Mprotect,
        "mprotect",
        |l| {
            range(l, addr, len);
            flags(l.str(", "), prot, names::prot, 0, 0);
        },
        // SAFETY: the caller upholds `mprotect`'s contract.
        || unsafe { raw::mprotect(addr, len, prot) },
    )
}

/// [madvise(2)](https://man7.org/linux/man-pages/man2/madvise.2.html).
///
/// # Safety
///
/// As for C `madvise`.
#[no_mangle]
pub unsafe extern "C" fn madvise(addr: *mut c_void, len: usize, advice: c_int) -> c_int {
    run(
        Call::Madvise,
        "madvise",
        |l| {
            range(l, addr, len);
            value(l.str(", "), advice, names::madv, "MADV_???");
        },
        // SAFETY: the caller upholds `madvise`'s contract.
        || unsafe { raw::madvise(addr, len, advice) },
    )
}

/// [posix_madvise(3)](https://man7.org/linux/man-pages/man3/posix_madvise.3.html):
/// returns the error number, `errno` untouched.
///
/// # Safety
///
/// As for C `posix_madvise`.
#[no_mangle]
pub unsafe extern "C" fn posix_madvise(addr: *mut c_void, len: usize, advice: c_int) -> c_int {
    run(
        Call::PosixMadvise,
        "posix_madvise",
        |l| {
            range(l, addr, len);
            value(l.str(", "), advice, names::posix_madv, "POSIX_MADV_???");
        },
        // SAFETY: the caller upholds `posix_madvise`'s contract.
        || unsafe { raw::posix_madvise(addr, len, advice) }.map(|()| ErrorNumber),
    )
}

/// [mlock(2)](https://man7.org/linux/man-pages/man2/mlock.2.html).
///
/// # Safety
///
/// As for C `mlock`.
#[no_mangle]
pub unsafe extern "C" fn mlock(addr: *const c_void, len: usize) -> c_int {
    run(
        Call::Mlock,
        "mlock",
        |l| range(l, addr, len),
        // SAFETY: the caller upholds `mlock`'s contract.
        || unsafe { raw::mlock(addr, len) },
    )
}

/// [mlock2(2)](https://man7.org/linux/man-pages/man2/mlock2.2.html).
///
/// # Safety
///
/// As for C `mlock2`.
#[no_mangle]
pub unsafe extern "C" fn mlock2(addr: *const c_void, len: usize, lock: c_uint) -> c_int {
    run(
        Call::Mlock2,
        "mlock2",
        |l| {
            range(l, addr, len);
            flags_u32(l.str(", "), lock, names::mlock, 0, 0);
        },
        // SAFETY: the caller upholds `mlock2`'s contract.
        || unsafe { raw::mlock2(addr, len, lock) },
    )
}

/// [munlock(2)](https://man7.org/linux/man-pages/man2/munlock.2.html).
///
/// # Safety
///
/// As for C `munlock`.
#[no_mangle]
pub unsafe extern "C" fn munlock(addr: *const c_void, len: usize) -> c_int {
    run(
        Call::Munlock,
        "munlock",
        |l| range(l, addr, len),
        // SAFETY: the caller upholds `munlock`'s contract.
        || unsafe { raw::munlock(addr, len) },
    )
}

/// [mlockall(2)](https://man7.org/linux/man-pages/man2/mlockall.2.html).
///
/// # Safety
///
/// As for C `mlockall`.
#[no_mangle]
pub unsafe extern "C" fn mlockall(mcl: c_int) -> c_int {
    run(
        Call::Mlockall,
        "mlockall",
        |l| flags(l, mcl, names::mcl, 0, 0),
        // SAFETY: the caller upholds `mlockall`'s contract.
        || unsafe { raw::mlockall(mcl) },
    )
}

/// [munlockall(2)](https://man7.org/linux/man-pages/man2/munlockall.2.html).
///
/// # Safety
///
/// As for C `munlockall`.
#[no_mangle]
pub unsafe extern "C" fn munlockall() -> c_int {
    run(
        Call::Munlockall,
        "munlockall",
        |_| {},
        // SAFETY: as for C `munlockall`.
        || unsafe { raw::munlockall() },
    )
}

/// [mremap(2)](https://man7.org/linux/man-pages/man2/mremap.2.html), whose
/// C declaration is variadic: `void *mremap(void *, size_t, size_t, int,
/// ...)`. Stable Rust cannot define a variadic function; this one takes the
/// fifth argument as a fixed pointer parameter, which is where a variadic
/// pointer argument after four fixed ones arrives on the ABIs of Linux that
/// mman supports: on x86_64 (System V), aarch64 (AAPCS64 for Linux),
/// riscv64, powerpc64le (ELFv2) and s390x, in the fifth integer argument
/// register, as a named one; on i686 and armv7 hard-float, in the
/// stack slot after the fourth argument (armv7: the first stack slot, r0-r3
/// holding the four fixed ones), as a named one. When the caller passes no
/// fifth argument, the register or slot holds whatever it held, and it is
/// not used: `mman::raw::mremap` reads it only with `MREMAP_FIXED` or
/// `MREMAP_DONTUNMAP`, as glibc's `va_arg` does, and so does the trace.
///
/// # Safety
///
/// As for C `mremap`.
#[no_mangle]
pub unsafe extern "C" fn mremap(
    old_address: *mut c_void,
    old_size: usize,
    new_size: usize,
    remap: c_int,
    new_address: *mut c_void,
) -> *mut c_void {
    run(
        Call::Mremap,
        "mremap",
        |l| {
            range(l, old_address, old_size);
            l.str(", ").dec(new_size as u64).str(", ");
            flags(l, remap, names::mremap, 0, 0);
            if remap & (MMAN_MREMAP_FIXED | MMAN_MREMAP_DONTUNMAP) != 0 {
                l.str(", ").ptr(new_address);
            }
        },
        // SAFETY: the caller upholds `mremap`'s contract (and `new_address`
        // is read only where the caller passed it, see above).
        || unsafe { raw::mremap(old_address, old_size, new_size, remap, new_address) },
    )
}

/// [mincore(2)](https://man7.org/linux/man-pages/man2/mincore.2.html).
///
/// # Safety
///
/// As for C `mincore`.
#[no_mangle]
pub unsafe extern "C" fn mincore(addr: *mut c_void, len: usize, vec: *mut u8) -> c_int {
    run(
        Call::Mincore,
        "mincore",
        |l| {
            range(l, addr, len);
            l.str(", ").ptr(vec);
        },
        // SAFETY: the caller upholds `mincore`'s contract.
        || unsafe { raw::mincore(addr, len, vec) },
    )
}

/// [memfd_create(2)](https://man7.org/linux/man-pages/man2/memfd_create.2.html).
///
/// # Safety
///
/// `name` points to a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn memfd_create(name: *const c_char, mfd: c_uint) -> c_int {
    run(
        Call::MemfdCreate,
        "memfd_create",
        // SAFETY: the caller passes a NUL-terminated string.
        |l| {
            flags_u32(
                unsafe { l.c_str(name) }.str(", "),
                mfd,
                names::mfd,
                0,
                MFD_HUGE,
            )
        },
        // SAFETY: the caller passes a NUL-terminated string.
        || unsafe { raw::memfd_create(name, mfd) },
    )
}

/// [shm_open(3)](https://man7.org/linux/man-pages/man3/shm_open.3.html).
///
/// # Safety
///
/// `name` points to a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn shm_open(name: *const c_char, oflag: c_int, mode: mode_t) -> c_int {
    run(
        Call::ShmOpen,
        "shm_open",
        |l| {
            // SAFETY: the caller passes a NUL-terminated string.
            open_flags(unsafe { l.c_str(name) }.str(", "), oflag);
            l.str(", ").oct(mode.into());
        },
        // SAFETY: the caller passes a NUL-terminated string.
        || unsafe { raw::shm_open(name, oflag, mode) },
    )
}

/// [shm_unlink(3)](https://man7.org/linux/man-pages/man3/shm_unlink.3.html).
///
/// # Safety
///
/// `name` points to a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn shm_unlink(name: *const c_char) -> c_int {
    run(
        Call::ShmUnlink,
        "shm_unlink",
        // SAFETY: the caller passes a NUL-terminated string.
        |l| {
            // SAFETY: as below.
            unsafe { l.c_str(name) };
        },
        // SAFETY: the caller passes a NUL-terminated string.
        || unsafe { raw::shm_unlink(name) },
    )
}
