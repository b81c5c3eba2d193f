//! `mman_version`.

use core::ffi::c_char;

/// The library's version as a string, `"MAJOR.MINOR.PATCH"`: the version of
/// the library actually linked, to compare with the header's
/// `MMAN_VERSION_STRING` that a program was compiled against.
///
/// Returns a static NUL-terminated string; never fails.
///
/// # Examples
///
/// ```c
/// if (strcmp(mman_version(), MMAN_VERSION_STRING) != 0)
///     fprintf(stderr, "built against mman %s, running with %s\n",
///             MMAN_VERSION_STRING, mman_version());
/// ```
#[no_mangle]
pub extern "C" fn mman_version() -> *const c_char {
    crate::version::VERSION_CSTR.as_ptr()
}
