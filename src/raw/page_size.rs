//! `page_size`: the kernel's page size, as glibc's `getpagesize()` gives it.
//!
//! glibc reads `AT_PAGESZ` from the auxiliary vector at start-up. A library
//! without a libc has no start-up of its own, so this reads it on first use,
//! with nothing but system calls that are async-signal-safe and a buffer on
//! the stack, and keeps it in an atomic (a race between two first uses only
//! stores the same value twice):
//!
//! 1. `prctl(PR_GET_AUXV)` (Linux 6.4 and later);
//! 2. else `/proc/self/auxv`, read a few records at a time;
//! 3. else (no `/proc`, an older kernel) the kernel's own alignment check:
//!    `msync(p, 0, MS_ASYNC)` succeeds exactly when `p` is a multiple of the
//!    page size, so the smallest power of two from 4096 up that it accepts
//!    is the page size.
//!
//! On x86 and x86_64 Linux has one page size, 4096, and this is that
//! constant: no lookup at all.

#[cfg(not(any(target_arch = "x86_64", target_arch = "x86")))]
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The size of a page, in bytes, as glibc's `getpagesize()` and
/// `sysconf(_SC_PAGESIZE)` return it (`AT_PAGESZ` of the auxiliary vector).
///
/// 4096 on x86 and x86_64; on other architectures whatever page size the
/// kernel was built with (4, 16 or 64 KiB on aarch64, 64 KiB on some
/// powerpc64le kernels), read once, on first use, without allocation and
/// without any call a signal handler may not make (see the module's
/// documentation for how).
///
/// # Examples
///
/// ```
/// use mman::raw;
///
/// let page = raw::page_size();
/// assert!(page.is_power_of_two() && page >= 4096);
/// // What the C library reports.
/// assert_eq!(page as libc::c_long, unsafe { libc::sysconf(libc::_SC_PAGESIZE) });
/// ```
///
/// # References
///
/// - [getpagesize(2)](https://man7.org/linux/man-pages/man2/getpagesize.2.html)
/// - [getauxval(3)](https://man7.org/linux/man-pages/man3/getauxval.3.html)
///   (`AT_PAGESZ`)
/// - [POSIX `sysconf`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/sysconf.html)
///   (`_SC_PAGESIZE`)
#[inline(always)]
pub fn page_size() -> usize {
    #[cfg(any(target_arch = "x86_64", target_arch = "x86"))]
    {
        4096
    }
    #[cfg(not(any(target_arch = "x86_64", target_arch = "x86")))]
    {
        match PAGE_SIZE.load(Relaxed) {
            0 => lookup::page_size(),
            known => known,
        }
    }
}

/// The page size once known; 0 before the first lookup.
#[cfg(not(any(target_arch = "x86_64", target_arch = "x86")))]
static PAGE_SIZE: AtomicUsize = AtomicUsize::new(0);

/// The three sources of the page size, in the order they are tried. On x86
/// they are compiled for the unit tests only, which check each against 4096.
#[cfg_attr(any(target_arch = "x86_64", target_arch = "x86"), allow(dead_code))]
mod lookup {
    use crate::raw::sys;
    use core::ffi::c_void;
    use linux_raw_sys::auxvec::{AT_NULL, AT_PAGESZ};

    /// One auxiliary-vector record: a type and a value, each a `usize`.
    const RECORD: usize = 2 * core::mem::size_of::<usize>();

    /// Looks the page size up and records it for the next callers.
    #[cold]
    #[inline(never)]
    #[cfg(not(any(target_arch = "x86_64", target_arch = "x86")))]
    pub(super) fn page_size() -> usize {
        let page = from_prctl()
            .or_else(from_proc_self_auxv)
            .unwrap_or_else(from_msync_probe);
        super::PAGE_SIZE.store(page, core::sync::atomic::Ordering::Relaxed);
        page
    }

    /// `AT_PAGESZ` among the records of `bytes`, up to `AT_NULL`.
    pub(super) fn find_pagesz(bytes: &[u8]) -> Option<usize> {
        const WORD: usize = core::mem::size_of::<usize>();
        for record in bytes.chunks_exact(RECORD) {
            let word = |at: usize| {
                let mut w = [0u8; WORD];
                w.copy_from_slice(record.get(at..at.checked_add(WORD)?)?);
                Some(usize::from_ne_bytes(w))
            };
            let (key, value) = (word(0)?, word(WORD)?);
            if key == AT_PAGESZ as usize && value != 0 {
                return Some(value);
            }
            if key == AT_NULL as usize {
                return None;
            }
        }
        None
    }

    /// `prctl(PR_GET_AUXV)`: `AT_PAGESZ` is among the first records, so a
    /// vector larger than the buffer (which the kernel truncates) still
    /// holds it.
    pub(super) fn from_prctl() -> Option<usize> {
        let mut buf = [0u8; 32 * RECORD];
        // SAFETY: `buf` is writable for its whole length.
        let len = unsafe { sys::prctl_get_auxv(buf.as_mut_ptr(), buf.len()) }.ok()?;
        find_pagesz(buf.get(..len.min(buf.len()))?)
    }

    /// `/proc/self/auxv`, read one record at a time into a stack buffer.
    pub(super) fn from_proc_self_auxv() -> Option<usize> {
        let path = c"/proc/self/auxv";
        let flags = (linux_raw_sys::general::O_RDONLY | linux_raw_sys::general::O_CLOEXEC) as i32;
        // SAFETY: `path` is NUL-terminated.
        let fd = unsafe { sys::openat(path.as_ptr(), flags, 0) }.ok()?;
        let mut found = None;
        let mut record = [0u8; RECORD];
        // SAFETY: `record` is writable for its whole length.
        while let Ok(RECORD) = unsafe { sys::read(fd, record.as_mut_ptr(), RECORD) } {
            found = find_pagesz(&record);
            if found.is_some() || record.iter().all(|&b| b == 0) {
                break;
            }
        }
        // SAFETY: `fd` is ours and no longer used.
        unsafe { rustix::io::close(fd) };
        found
    }

    /// The smallest power of two from 4096 up at which `msync(p, 0,
    /// MS_ASYNC)` succeeds: the kernel fails it with `EINVAL` at an address
    /// that is not page-aligned, and does nothing else for a length of 0.
    pub(super) fn from_msync_probe() -> usize {
        let mut page: usize = 4096;
        while page < 1 << 30 {
            let addr = page as *mut c_void;
            // SAFETY: a length of 0 touches no memory.
            if unsafe { rustix::mm::msync(addr, 0, rustix::mm::MsyncFlags::ASYNC) }.is_ok() {
                return page;
            }
            page <<= 1;
        }
        4096
    }

    #[cfg(test)]
    #[allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects
    )]
    mod tests {
        extern crate std;
        use super::*;

        #[test]
        fn each_source_gives_the_c_librarys_page_size() {
            // SAFETY: sysconf has no preconditions.
            let want = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).ok();
            // PR_GET_AUXV needs Linux 6.4: an older kernel says EINVAL.
            let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap();
            let mut v = release
                .split(|c: char| !c.is_ascii_digit())
                .map(|n| n.parse::<u32>().unwrap_or(0));
            if (v.next().unwrap_or(0), v.next().unwrap_or(0)) >= (6, 4) {
                assert_eq!(from_prctl(), want, "prctl(PR_GET_AUXV)");
            }
            assert_eq!(from_proc_self_auxv(), want, "/proc/self/auxv");
            assert_eq!(Some(from_msync_probe()), want, "msync probe");
        }

        #[test]
        fn find_pagesz_stops_at_at_null() {
            let mut v = [0u8; 3 * RECORD];
            let put = |v: &mut [u8], i: usize, k: usize, val: usize| {
                v[i * RECORD..][..RECORD / 2].copy_from_slice(&k.to_ne_bytes());
                v[i * RECORD + RECORD / 2..][..RECORD / 2].copy_from_slice(&val.to_ne_bytes());
            };
            put(&mut v, 0, 3, 99);
            put(&mut v, 1, AT_PAGESZ as usize, 16384);
            assert_eq!(find_pagesz(&v), Some(16384));
            put(&mut v, 1, AT_NULL as usize, 0);
            put(&mut v, 2, AT_PAGESZ as usize, 65536);
            assert_eq!(find_pagesz(&v), None);
        }
    }
}
