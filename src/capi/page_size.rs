//! `mman_page_size`.

use crate::raw;
use core::ffi::c_long;

/// The size of a page in bytes: what glibc's `getpagesize()` and
/// `sysconf(_SC_PAGESIZE)` return (4096 on x86 and x86_64; on other
/// architectures the page size the kernel was built with). Never fails.
///
/// # Examples
///
/// ```c
/// size_t page = (size_t) mman_page_size();
/// size_t rounded = (n + page - 1) & ~(page - 1); // n up to whole pages
/// ```
///
/// # References
///
/// - [getpagesize(2)](https://man7.org/linux/man-pages/man2/getpagesize.2.html)
/// - [sysconf(3)](https://man7.org/linux/man-pages/man3/sysconf.3.html)
#[no_mangle]
pub extern "C" fn mman_page_size() -> c_long {
    raw::page_size() as c_long
}
