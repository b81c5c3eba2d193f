//! What a C library would otherwise provide to a Rust program: the memory
//! functions LLVM calls (`memcpy`, `memmove`, `memset`, `memcmp`, `bcmp`)
//! and the unwinding personality the prebuilt `core` refers to (unused:
//! the program aborts on panic).
//!
//! Byte loops through volatile accesses, so that LLVM does not turn them
//! back into calls to themselves. Slow, and enough for this program.

use core::ffi::{c_int, c_void};
use core::ptr::{read_volatile, write_volatile};

#[no_mangle]
unsafe extern "C" fn memcpy(dst: *mut c_void, src: *const c_void, n: usize) -> *mut c_void {
    // SAFETY: the caller's contract: `n` bytes valid at both, disjoint.
    unsafe { memmove(dst, src, n) }
}

#[no_mangle]
unsafe extern "C" fn memmove(dst: *mut c_void, src: *const c_void, n: usize) -> *mut c_void {
    let (d, s) = (dst.cast::<u8>(), src.cast::<u8>());
    // SAFETY: the caller's contract: `n` bytes valid at both; copy in the
    // direction that survives overlap.
    unsafe {
        if (d as usize) < (s as usize) {
            for i in 0..n {
                write_volatile(d.add(i), read_volatile(s.add(i)));
            }
        } else {
            for i in (0..n).rev() {
                write_volatile(d.add(i), read_volatile(s.add(i)));
            }
        }
    }
    dst
}

#[no_mangle]
unsafe extern "C" fn memset(dst: *mut c_void, c: c_int, n: usize) -> *mut c_void {
    let d = dst.cast::<u8>();
    for i in 0..n {
        // SAFETY: the caller's contract: `n` bytes valid at `dst`.
        unsafe { write_volatile(d.add(i), c as u8) };
    }
    dst
}

#[no_mangle]
unsafe extern "C" fn memcmp(a: *const c_void, b: *const c_void, n: usize) -> c_int {
    let (a, b) = (a.cast::<u8>(), b.cast::<u8>());
    for i in 0..n {
        // SAFETY: the caller's contract: `n` bytes valid at both.
        let (x, y) = unsafe { (read_volatile(a.add(i)), read_volatile(b.add(i))) };
        if x != y {
            return c_int::from(x) - c_int::from(y);
        }
    }
    0
}

#[no_mangle]
unsafe extern "C" fn bcmp(a: *const c_void, b: *const c_void, n: usize) -> c_int {
    // SAFETY: the caller's contract.
    unsafe { memcmp(a, b, n) }
}

/// Never called: panics abort (`panic = "abort"`), nothing unwinds.
#[no_mangle]
extern "C" fn rust_eh_personality() {}
