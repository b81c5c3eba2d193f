//! The library's constructor: reads `MMAN_TRACE` and `MMAN_FAULT` once,
//! when the dynamic loader runs `.init_array`, before the program's `main`
//! and before any other thread exists. glibc passes `argc`, `argv` and
//! `envp` to these functions; nothing is allocated.

use crate::line::Line;
use crate::{errno, trace};
use core::ffi::{c_char, c_int, CStr};

/// Runs [`init`] at load.
#[used]
#[link_section = ".init_array"]
static INIT: unsafe extern "C" fn(c_int, *const *const c_char, *const *const c_char) = init;

/// The lowest descriptor the trace file takes (if the descriptor limit is
/// above it), so that the program's own descriptors are numbered as
/// without the trace.
const TRACE_FD_MIN: i32 = 100;

/// Reads the environment and sets the trace and the fault rules; exits
/// with status 2 and a message on stderr if either variable is malformed.
unsafe extern "C" fn init(_argc: c_int, _argv: *const *const c_char, envp: *const *const c_char) {
    // SAFETY: glibc passes the NULL-terminated environment.
    if let Some(value) = unsafe { getenv(envp, b"MMAN_TRACE") } {
        open_trace(value);
    }
    // SAFETY: as above.
    if let Some(spec) = unsafe { getenv(envp, b"MMAN_FAULT") } {
        if let Err(e) = mman::fault::set(spec) {
            let mut line = Line::new();
            line.str("mman: MMAN_FAULT: ")
                .str(e.message())
                .str(" at byte ")
                .dec(e.offset() as u64);
            line.str(" of \"")
                .bytes(spec)
                .str("\" (rules: function:errno[:when],...; see the README)");
            die(&mut line);
        }
    }
}

/// The value of `NAME=value` in `envp`, if set.
///
/// # Safety
///
/// `envp` is null or a NULL-terminated array of NUL-terminated strings.
unsafe fn getenv(mut envp: *const *const c_char, name: &[u8]) -> Option<&'static [u8]> {
    if envp.is_null() {
        return None;
    }
    // SAFETY: the caller passes a NULL-terminated array; the loop stops at
    // its NULL.
    while let Some(entry) = unsafe { envp.as_ref() }.filter(|e| !e.is_null()) {
        // SAFETY: each entry is a NUL-terminated string, which lives as long
        // as the process (the initial environment).
        let entry = unsafe { CStr::from_ptr(*entry) }.to_bytes();
        if let Some(value) = entry
            .strip_prefix(name)
            .and_then(|rest| rest.strip_prefix(b"="))
        {
            return Some(value);
        }
        // SAFETY: the entry was not the terminating NULL.
        envp = unsafe { envp.add(1) };
    }
    None
}

/// `MMAN_TRACE`: `1` for stderr, empty or `0` for none, else a file to
/// append to, opened with glibc's `open` (before `main`: its `errno`, put
/// back after, is nobody's yet).
fn open_trace(value: &'static [u8]) {
    extern "C" {
        fn open(path: *const c_char, flags: c_int, ...) -> c_int;
        fn fcntl(fd: c_int, cmd: c_int, ...) -> c_int;
        fn close(fd: c_int) -> c_int;
    }
    use linux_raw_sys::general::{F_DUPFD_CLOEXEC, O_APPEND, O_CLOEXEC, O_CREAT, O_WRONLY};
    match value {
        b"" | b"0" => {}
        b"1" => trace::enable(2),
        path => {
            let saved = errno::get();
            // The value is NUL-terminated in the environment.
            let name = path.as_ptr().cast::<c_char>();
            let flags = (O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC) as c_int;
            // SAFETY: `name` is the environment's NUL-terminated string.
            let fd = unsafe { open(name, flags, 0o644 as c_int) };
            if fd < 0 {
                let mut line = Line::new();
                line.str("mman: MMAN_TRACE: cannot open \"")
                    .bytes(path)
                    .str("\": ");
                errno::describe(&mut line, errno::get());
                die(&mut line);
            }
            // Out of the way of the program's own descriptors, where the
            // descriptor limit allows (else where it was opened).
            // SAFETY: plain calls on the descriptor just opened.
            let high = unsafe { fcntl(fd, F_DUPFD_CLOEXEC as c_int, TRACE_FD_MIN) };
            let high = if high < 0 {
                fd
            } else {
                // SAFETY: as above.
                unsafe { close(fd) };
                high
            };
            errno::set_raw(saved);
            trace::enable(high);
        }
    }
}

/// Writes `line` to stderr and exits with status 2 (a usage error).
fn die(line: &mut Line) -> ! {
    extern "C" {
        fn _exit(status: c_int) -> !;
    }
    // SAFETY: stderr, borrowed for one write.
    let stderr = unsafe { rustix::fd::BorrowedFd::borrow_raw(2) };
    let _ = rustix::io::write(stderr, line.finish());
    // SAFETY: `_exit` ends the process.
    unsafe { _exit(2) }
}
