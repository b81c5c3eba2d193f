//! `mman_page_size`.

use crate::raw;
use core::ffi::c_long;

/// The size of a page in bytes: what glibc's `getpagesize()` and
/// `sysconf(_SC_PAGESIZE)` return (4096 on x86_64; see `raw::page_size`).
///
/// # Examples
///
/// ```c
/// size_t page = (size_t) mman_page_size();
/// size_t rounded = (n + page - 1) & ~(page - 1); // n up to whole pages
/// ```
#[no_mangle]
pub extern "C" fn mman_page_size() -> c_long {
    raw::page_size() as c_long
}
