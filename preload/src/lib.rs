//! `libmman-preload.so`: mman under a program that was not built for it.
//!
//! `LD_PRELOAD=target/release/libmman-preload.so prog` runs the mapping calls
//! of a dynamically linked program and of its libraries (`mmap`, `mmap64`,
//! `munmap`, `msync`, `mprotect`, `madvise`, `posix_madvise`, `mlock`,
//! `mlock2`, `munlock`, `mlockall`, `munlockall`, `mremap`, `mincore`,
//! `memfd_create`, `shm_open`, `shm_unlink`) through mman's raw layer, with
//! glibc's results and `errno`. The calls glibc makes inside itself
//! (malloc's, the dynamic loader's) do not go through the PLT and stay
//! glibc's.
//!
//! - `MMAN_TRACE=1` (stderr) or `MMAN_TRACE=PATH` (appended to): one line
//!   per call, as strace writes it (`trace`);
//! - `MMAN_FAULT=SPEC`: calls fail on purpose, as `mman::fault` describes;
//!   from C, `mman_fault_set` and `mman_fault_clear` (`include/mman-fault.h`).
//!
//! Both variables are read once, when the library is loaded (`init`). No
//! function here allocates, locks or panics: each is async-signal-safe, as
//! the system call it makes.
// Unit tests build with std (the test harness); the library is no_std.
#![cfg_attr(not(test), no_std)]

mod args;
mod calls;
mod errno;
mod fault_api;
mod init;
mod line;
mod names;
mod trace;

/// Unreachable (no function here can panic, and the release build links no
/// panic machinery): aborts, as a C library's failed assertion would.
#[cfg(not(test))]
#[panic_handler]
fn panic(_info: &core::panic::PanicInfo<'_>) -> ! {
    extern "C" {
        fn abort() -> !;
    }
    // SAFETY: `abort` takes no arguments and never returns.
    unsafe { abort() }
}
