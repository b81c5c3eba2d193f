//! The library's version, as in `Cargo.toml`.
//!
//! Written as literals so that cbindgen copies them into `include/mman.h`
//! (`MMAN_VERSION_MAJOR`, …), and checked at compile time against the
//! package version cargo passes: bumping the version in `Cargo.toml`
//! without updating these does not build.
//!
//! ```
//! use mman::version::*;
//!
//! let parts = format!("{MMAN_VERSION_MAJOR}.{MMAN_VERSION_MINOR}.{MMAN_VERSION_PATCH}");
//! assert_eq!(MMAN_VERSION_STRING, parts);
//! ```

use core::ffi::{c_int, CStr};

/// The major version: the C ABI changes incompatibly only with it (the
/// shared library's soname is `libmman.so.MAJOR`).
pub const MMAN_VERSION_MAJOR: c_int = 0;
/// The minor version: new functions and constants, nothing removed.
pub const MMAN_VERSION_MINOR: c_int = 1;
/// The patch version: fixes only.
pub const MMAN_VERSION_PATCH: c_int = 0;
/// The whole version, `"MAJOR.MINOR.PATCH"`.
pub const MMAN_VERSION_STRING: &str = "0.1.0";

/// [`MMAN_VERSION_STRING`] as a C string, for `mman_version()`.
pub(crate) const VERSION_CSTR: &CStr = c"0.1.0";

// The two helpers below run only at compile time, where an out-of-range
// index or an overflow is a build error, not a panic.

/// Parses a decimal version component at compile time.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const fn number(s: &str) -> c_int {
    let bytes = s.as_bytes();
    let mut n: c_int = 0;
    let mut i = 0;
    while i < bytes.len() {
        n = n * 10 + (bytes[i] - b'0') as c_int;
        i += 1;
    }
    n
}

/// Whether two byte strings are equal, at compile time.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const _: () = {
    assert!(
        MMAN_VERSION_MAJOR == number(env!("CARGO_PKG_VERSION_MAJOR")),
        "update MMAN_VERSION_MAJOR"
    );
    assert!(
        MMAN_VERSION_MINOR == number(env!("CARGO_PKG_VERSION_MINOR")),
        "update MMAN_VERSION_MINOR"
    );
    assert!(
        MMAN_VERSION_PATCH == number(env!("CARGO_PKG_VERSION_PATCH")),
        "update MMAN_VERSION_PATCH"
    );
    assert!(
        same(
            MMAN_VERSION_STRING.as_bytes(),
            env!("CARGO_PKG_VERSION").as_bytes()
        ),
        "update MMAN_VERSION_STRING"
    );
    assert!(
        same(
            VERSION_CSTR.to_bytes(),
            env!("CARGO_PKG_VERSION").as_bytes()
        ),
        "update VERSION_CSTR"
    );
};
