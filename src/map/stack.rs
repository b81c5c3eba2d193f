//! Where the main thread's stack may grow: address space that a placement
//! hint (and so `remap` growing in place, which probes with one) keeps out
//! of.
//!
//! The kernel grows the `[stack]` mapping down on a fault, as far as
//! `RLIMIT_STACK` from its top, and only while a guard gap
//! (`stack_guard_gap`, 256 pages by default) stays free below it. It
//! honours a hint anywhere outside that gap, so a mapping placed lower but
//! within the limit would stop the stack there: deep recursion would then
//! die of SIGSEGV where it had room. Both values are read from `/proc`,
//! with plain system calls into a buffer on the stack (no allocation).

use super::procfs::{decimal, number_after, read};
use crate::raw;
use core::sync::atomic::{AtomicUsize, Ordering};

/// The stack's start (`startstack` of `/proc/self/stat`), read once: 0
/// before, [`UNKNOWN`] when it could not be read. The kernel sets it at
/// `exec`; it does not move.
static START: AtomicUsize = AtomicUsize::new(0);
/// [`START`] when `/proc/self/stat` could not be read.
const UNKNOWN: usize = usize::MAX;
/// The kernel's default `stack_guard_gap`, in pages.
const GUARD_GAP_PAGES: usize = 256;

/// Whether `[addr, addr + len)` meets the space the main thread's stack
/// may grow into now: `[start - RLIMIT_STACK - guard gap, start)`. `true`
/// when `/proc` cannot say (no `/proc` mounted): then no hint is taken.
pub(super) fn in_reach(addr: usize, len: usize) -> bool {
    let Some(start) = start() else {
        return true;
    };
    // An unreadable or unlimited limit: all of the space below the stack.
    let limit = limit().unwrap_or(usize::MAX);
    let gap = GUARD_GAP_PAGES.saturating_mul(raw::page_size());
    let low = start.saturating_sub(limit).saturating_sub(gap);
    addr < start && addr.saturating_add(len) > low
}

/// The stack's start, from [`START`] or `/proc/self/stat`.
fn start() -> Option<usize> {
    let mut start = START.load(Ordering::Relaxed);
    if start == 0 {
        let mut buf = [0u8; 2048];
        start = read(c"/proc/self/stat", &mut buf)
            .and_then(stat_start)
            .filter(|&s| s != 0)
            .unwrap_or(UNKNOWN);
        START.store(start, Ordering::Relaxed);
    }
    (start != UNKNOWN).then_some(start)
}

/// Field 28 of `/proc/PID/stat`, `startstack`. The second field, the
/// command in parentheses, may hold spaces and `)`: the fields are counted
/// from the last `)`.
fn stat_start(stat: &[u8]) -> Option<usize> {
    let comm_end = stat.iter().rposition(|&b| b == b')')?;
    let rest = stat.get(comm_end.checked_add(1)?..)?;
    // Fields 3, 4, ... follow: field 28 is the 26th.
    let field = rest
        .split(|&b| b == b' ')
        .filter(|f| !f.is_empty())
        .nth(25)?;
    decimal(field)
}

/// The soft `RLIMIT_STACK` in bytes, from `/proc/self/limits`; `None`
/// when unlimited or unreadable. (Read at each call: the process may
/// change it.)
fn limit() -> Option<usize> {
    let mut buf = [0u8; 4096];
    let text = read(c"/proc/self/limits", &mut buf)?;
    number_after(text, b"Max stack size") // "unlimited" is not a number
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_stat_and_limits() {
        let stat = b"12 (a) b) c) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 140737 29";
        assert_eq!(stat_start(stat), Some(140737));
        assert_eq!(decimal(b"8388608"), Some(8388608));
        assert_eq!(decimal(b"unlimited"), None);
        assert!(start().is_some());
    }
}
