//! Fault injection from C, in-process: `mman_fault_set` and
//! `mman_fault_clear`, declared in `include/mman-fault.h`.

use core::ffi::{c_char, c_int, CStr};
use mman::{fault, Errno};

/// Replaces the fault rules in force (those of `MMAN_FAULT`, or of an
/// earlier call) by those of `spec`, in the grammar of `MMAN_FAULT`, with
/// their counts at zero. Returns 0, or -1 with `errno` `EINVAL` for a
/// malformed spec (the rules in force then stay).
///
/// Meant for a program's set-up or a test's start: a call of another thread
/// while the rules change may see part of them.
///
/// # Safety
///
/// `spec` points to a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn mman_fault_set(spec: *const c_char) -> c_int {
    // SAFETY: the caller passes a NUL-terminated string.
    let spec = unsafe { CStr::from_ptr(spec) };
    match fault::set(spec.to_bytes()) {
        Ok(()) => 0,
        Err(_) => {
            crate::errno::set(Errno::INVAL);
            -1
        }
    }
}

/// Removes every fault rule: no call fails on purpose any more.
#[no_mangle]
pub extern "C" fn mman_fault_clear() {
    fault::clear();
}
