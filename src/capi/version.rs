//! `mman_version`.

use core::ffi::c_char;

/// The library's version as a string, `"MAJOR.MINOR.PATCH"`: the version of
/// the library actually linked, to compare with the header's
/// `MMAN_VERSION_STRING` that a program was compiled against.
///
/// Returns a static NUL-terminated string; never fails.
#[no_mangle]
pub extern "C" fn mman_version() -> *const c_char {
    crate::version::VERSION_CSTR.as_ptr()
}
