//! Where trace lines go: a descriptor set once at load (`MMAN_TRACE`), or
//! none. Each line is one write(2), so lines from threads and from processes
//! sharing the file (opened `O_APPEND`) never interleave.

use crate::line::Line;
use core::sync::atomic::{AtomicI32, Ordering::Relaxed};
use rustix::fd::BorrowedFd;
use rustix::io::Errno;

/// The trace's descriptor; -1: no trace.
static FD: AtomicI32 = AtomicI32::new(-1);

/// Traces to `fd` from now on.
pub(crate) fn enable(fd: i32) {
    FD.store(fd, Relaxed);
}

/// Whether calls are traced.
pub(crate) fn on() -> bool {
    FD.load(Relaxed) >= 0
}

/// Writes `line` (ending with its newline) to the trace, in one write(2).
/// rustix makes the system call itself: `errno` is left as the traced call
/// set it.
pub(crate) fn write(line: &mut Line) {
    let fd = FD.load(Relaxed);
    if fd < 0 {
        return;
    }
    // SAFETY: the descriptor `enable` was given, which stays open (the
    // traced program may close it: then the write fails, harmlessly).
    let fd = unsafe { BorrowedFd::borrow_raw(fd) };
    let bytes = line.finish();
    while let Err(Errno::INTR) = rustix::io::write(fd, bytes) {}
}
