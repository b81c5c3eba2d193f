//! The panic handler of the C libraries (`libmman.a`, `libmman.so`).
//!
//! Compiled only with `--cfg mman_c_library`, which the Makefile passes when
//! it builds the C libraries: an rlib must not carry a `#[panic_handler]`
//! (a std consumer, or `cargo test`, would then have two). No C entry point
//! can reach it: the crate denies the lints for panicking code, and `make
//! check` shows from the libraries' symbols that no panic machinery is
//! linked. Should one ever be reached, the process aborts as a C library's
//! failed assertion would.

#[panic_handler]
fn panic(_info: &core::panic::PanicInfo<'_>) -> ! {
    // The C library this is linked into (glibc or musl). The shared library
    // names it so that `ldd -r libmman.so` finds `abort` and
    // `__errno_location`. Declared in the body so cbindgen leaves it out of
    // the header.
    #[link(name = "c")]
    extern "C" {
        fn abort() -> !;
    }
    // SAFETY: `abort` takes no arguments and never returns.
    unsafe { abort() }
}
