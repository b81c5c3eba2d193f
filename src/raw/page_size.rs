//! `page_size`.

// Private, so that cbindgen does not put an unprefixed `PAGE_SIZE` in the
// C header; see `page_size` for why a constant.
#[cfg(any(target_arch = "x86_64", target_arch = "x86"))]
const PAGE_SIZE: usize = 4096;

#[cfg(not(any(target_arch = "x86_64", target_arch = "x86")))]
compile_error!("mman: the page size is only known at compile time on x86 and x86_64 (see src/raw/page_size.rs)");

/// The size of a page, in bytes, as glibc's `getpagesize()` and
/// `sysconf(_SC_PAGESIZE)` return it: 4096 on x86 and x86_64.
///
/// glibc reads it at startup from the auxiliary vector's `AT_PAGESZ`. On
/// x86 and x86_64 Linux has one page size, so this is a constant chosen at
/// compile time, not a lookup: rustix's `param::page_size` would read the
/// auxiliary vector lazily, without a libc, with `prctl(PR_GET_AUXV)` or
/// `/proc/self/auxv` on first use, which is neither the plain load callers
/// expect in a signal handler nor free of failure (no `/proc`). Other
/// architectures, where the kernel's build chooses the page size, are not
/// supported.
///
/// # Examples
///
/// ```
/// use mman::raw;
///
/// assert_eq!(raw::page_size(), 4096);
/// // What the C library reports.
/// assert_eq!(raw::page_size() as libc::c_long, unsafe { libc::sysconf(libc::_SC_PAGESIZE) });
/// // A `const fn`: usable in constants and array lengths.
/// const PAGE: usize = raw::page_size();
/// let buf = [0u8; PAGE];
/// assert_eq!(buf.len(), 4096);
/// ```
///
/// # References
///
/// - [getpagesize(2)](https://man7.org/linux/man-pages/man2/getpagesize.2.html)
/// - [POSIX `sysconf`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/sysconf.html) (`_SC_PAGESIZE`)
#[inline(always)]
pub const fn page_size() -> usize {
    PAGE_SIZE
}
