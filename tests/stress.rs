//! Concurrency stress: threads racing `mman_mmap`, `mman_munmap`,
//! `mman_mprotect`, `mman_msync` and `mman_mremap`, each on a region of its
//! own and all on one shared region, until every thread has done at least
//! `MMAN_STRESS_OPS` steps (20,000 by default), the shared region has seen
//! both outcomes, and `MMAN_STRESS_SECS` (3 s by default) have passed. The
//! outcome never depends on how fast the machine is: a deadline of 10
//! minutes only turns a hang into a failure.
//!
//! Each thread checks every outcome against what it did: in its own region
//! a call on a page-aligned range it owns must succeed, a fresh mapping must
//! read back what the thread wrote, a protection change must show in
//! `/proc/self/maps` terms (a write after `PROT_READ` is not tried, but the
//! bytes written before stay), a moved mapping must carry its bytes. In the
//! shared region, where the others race on the same pages, each call must
//! either succeed or fail with an error the call can give for a range that
//! other threads change under it, and never crash. Afterwards the number of
//! `/proc/self/maps` lines is back to its baseline: no mapping leaked.
//!
//! Every address is in the work area of a region the test reserved, between
//! guard areas that are never targeted; `MAP_FIXED` only there. The
//! regions are all reserved before the threads are spawned, and the
//! threads start on the shared region only once all of them are running
//! (so that no thread's signal stack can land in one of its holes); a
//! thread that dies before then fails the test instead of leaving the
//! others waiting.
#![cfg(feature = "capi")]

mod common;

use common::{errno, guard, maps_count, page, Region};
use mman::capi::*;
use mman::consts::*;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const THREADS: usize = 6;
/// Pages of each thread's own region and of the shared one.
const OWN: usize = 64;
const SHARED: usize = 32;
/// Steps each thread does at least in the warm-up run.
const WARM_OPS: u64 = 500;
/// No run may take longer: a hang guard, not a timing assertion.
const HANG: Duration = Duration::from_secs(600);
const RW: i32 = MMAN_PROT_READ | MMAN_PROT_WRITE;
const FIXED_ANON: i32 = MMAN_MAP_FIXED | MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS;

/// A small deterministic generator (xorshift), one per thread.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[derive(Default)]
struct Counts {
    /// Steps per thread (own and shared).
    steps: [AtomicU64; THREADS],
    calls: AtomicU64,
    own_checks: AtomicU64,
    shared_ok: AtomicU64,
    shared_err: AtomicU64,
}

/// One thread's work in its own region: each step takes a page-aligned
/// range it owns and does one operation whose outcome it knows.
fn own_step(region: &Region, rng: &mut Rng, shadow: &mut [u8], counts: &Counts) {
    let page = rng.below(OWN - 8);
    let n = 1 + rng.below(4);
    let addr = region.at(page);
    let len = n * common::page();
    let tag = (rng.next() as u8) | 1;
    // SAFETY: every range is inside this thread's own region; the thread
    // only reads or writes pages it mapped rw itself (shadow != 0).
    unsafe {
        match rng.below(5) {
            0 => {
                // Map fresh rw pages and fill them.
                let p = mman_mmap(addr, len, RW, FIXED_ANON, -1, 0);
                assert_eq!(p, addr, "own mmap: errno {}", errno());
                std::ptr::write_bytes(p.cast::<u8>(), tag, len);
                shadow[page..page + n].fill(tag);
            }
            1 => {
                // Unmap, then put the reservation back.
                assert_eq!(mman_munmap(addr, len), 0, "own munmap: errno {}", errno());
                let p = mman_mmap(addr, len, MMAN_PROT_NONE, FIXED_ANON, -1, 0);
                assert_eq!(p, addr, "own re-reserve: errno {}", errno());
                shadow[page..page + n].fill(0);
            }
            2 => {
                // mprotect: read-only then rw again, and the bytes stay.
                let r1 = mman_mprotect(addr, len, MMAN_PROT_READ);
                let r2 = mman_mprotect(addr, len, RW);
                assert_eq!((r1, r2), (0, 0), "own mprotect: errno {}", errno());
                // PROT_NONE pages became rw: they read as zeros (never
                // touched) — record it so that later checks stay exact.
                for (i, s) in shadow[page..page + n].iter().enumerate() {
                    let b = *(region.at(page + i) as *const u8);
                    assert_eq!(b, *s, "own mprotect kept page {}'s bytes", page + i);
                }
            }
            3 => {
                // msync of an anonymous private range: allowed, a no-op.
                assert_eq!(
                    mman_msync(addr, len, MMAN_MS_SYNC),
                    0,
                    "own msync: errno {}",
                    errno()
                );
                assert_eq!(mman_msync(addr, len, MMAN_MS_ASYNC | MMAN_MS_SYNC), -1);
                assert_eq!(errno(), libc::EINVAL);
            }
            _ => {
                // mremap: move the range to the other half-way place in the
                // own region (MREMAP_FIXED), check its bytes, move it back.
                let other = (page + OWN / 2) % (OWN - 8);
                if other.abs_diff(page) < 8 {
                    return;
                }
                let to = region.at(other);
                let p = mman_mremap(addr, len, len, MMAN_MREMAP_MAYMOVE | MMAN_MREMAP_FIXED, to);
                assert_eq!(p, to, "own mremap: errno {}", errno());
                for i in 0..n {
                    if shadow[page + i] != 0 {
                        assert_eq!(*(region.at(other + i) as *const u8), shadow[page + i]);
                    }
                }
                let q = mman_mremap(to, len, len, MMAN_MREMAP_MAYMOVE | MMAN_MREMAP_FIXED, addr);
                assert_eq!(q, addr, "own mremap back: errno {}", errno());
                // The place it left is a hole: reserve it again.
                let r = mman_mmap(to, len, MMAN_PROT_NONE, FIXED_ANON, -1, 0);
                assert_eq!(r, to);
                shadow[other..other + n].fill(0);
            }
        }
    }
    counts.calls.fetch_add(1, Ordering::Relaxed);
    // The whole own region reads back as the thread left it.
    for (i, s) in shadow.iter().enumerate() {
        if *s != 0 {
            // SAFETY: a page this thread mapped rw and filled.
            let b = unsafe { *(region.at(i) as *const u8) };
            assert_eq!(b, *s, "own page {i} lost its bytes");
        }
    }
    counts.own_checks.fetch_add(1, Ordering::Relaxed);
}

/// One step on the shared region: others change the same pages, so only
/// the error class is known. Memory there is never read or written.
fn shared_step(region: &Region, rng: &mut Rng, counts: &Counts) {
    let page = rng.below(SHARED - 4);
    let addr = region.at(page);
    let len = (1 + rng.below(4)) * common::page();
    // SAFETY: every range is inside the shared region, whose memory no
    // thread accesses.
    let (r, allowed): (isize, &[i32]) = unsafe {
        match rng.below(5) {
            0 => {
                let prot = [MMAN_PROT_NONE, MMAN_PROT_READ, RW][rng.below(3)];
                let p = mman_mmap(addr, len, prot, FIXED_ANON, -1, 0);
                (if p == addr { 0 } else { -1 }, &[libc::ENOMEM])
            }
            1 => (mman_munmap(addr, len) as isize, &[]),
            2 => (
                mman_mprotect(addr, len, [MMAN_PROT_READ, MMAN_PROT_NONE][rng.below(2)]) as isize,
                &[libc::ENOMEM],
            ),
            3 => (
                mman_msync(addr, len, MMAN_MS_ASYNC) as isize,
                &[libc::ENOMEM],
            ),
            _ => {
                let to = region.at(rng.below(SHARED - 4));
                let p = mman_mremap(addr, len, len, MMAN_MREMAP_MAYMOVE | MMAN_MREMAP_FIXED, to);
                if p == to {
                    (0, &[])
                } else {
                    // EFAULT: the old range is (partly) unmapped now;
                    // EINVAL: the ranges overlap.
                    (-1, &[libc::EFAULT, libc::EINVAL, libc::ENOMEM])
                }
            }
        }
    };
    if r == 0 {
        counts.shared_ok.fetch_add(1, Ordering::Relaxed);
    } else {
        let e = errno();
        assert!(allowed.contains(&e), "shared call failed with errno {e}");
        counts.shared_err.fetch_add(1, Ordering::Relaxed);
    }
    counts.calls.fetch_add(1, Ordering::Relaxed);
}

/// Where the main thread and the workers meet before the workers start on
/// the shared region: a barrier that gives up instead of waiting forever.
#[derive(Default)]
struct StartLine {
    arrived: AtomicUsize,
    /// Set by the main thread when a worker died before arriving.
    abort: AtomicBool,
}

impl StartLine {
    /// A worker: arrives, then waits for all `THREADS + 1`. False if the
    /// main thread gave up; panics after `HANG`.
    fn wait(&self) -> bool {
        self.arrived.fetch_add(1, Ordering::SeqCst);
        let t = Instant::now();
        while self.arrived.load(Ordering::SeqCst) < THREADS + 1 {
            if self.abort.load(Ordering::SeqCst) {
                return false;
            }
            assert!(
                t.elapsed() < HANG,
                "hang guard: the start line was never reached"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        true
    }
}

/// Runs the threads until each did `ops` steps, the shared region saw
/// both outcomes, and `min_time` passed; returns how many threads failed.
fn run(ops: u64, min_time: Duration, shared: &Arc<Region>, counts: &Arc<Counts>) -> usize {
    let stop = Arc::new(AtomicBool::new(false));
    // No thread starts on the shared region before every thread runs (std
    // maps each thread's signal stack, a few pages that could otherwise
    // land in a hole of the shared region). The own regions are reserved
    // here, before any thread exists.
    let start = Arc::new(StartLine::default());
    let owns: Vec<Region> = (0..THREADS)
        .map(|_| Region::guarded(guard(), OWN * page()))
        .collect();
    let handles: Vec<_> = owns
        .into_iter()
        .enumerate()
        .map(|(t, own)| {
            let (shared, counts, stop) = (shared.clone(), counts.clone(), stop.clone());
            let start = start.clone();
            std::thread::spawn(move || {
                if !start.wait() {
                    return;
                }
                let mut shadow = vec![0u8; OWN];
                let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ ((t as u64 + 1) * 0x1234_5678));
                while !stop.load(Ordering::Relaxed) {
                    if rng.below(2) == 0 {
                        own_step(&own, &mut rng, &mut shadow, &counts);
                    } else {
                        shared_step(&shared, &mut rng, &counts);
                    }
                    counts.steps[t].fetch_add(1, Ordering::Relaxed);
                }
                // The own region is dropped here: unmapped.
            })
        })
        .collect();
    // The main thread's side of the start line: a worker that ended before
    // arriving (it panicked) aborts the start.
    start.arrived.fetch_add(1, Ordering::SeqCst);
    let t0 = Instant::now();
    while start.arrived.load(Ordering::SeqCst) < THREADS + 1 {
        if handles.iter().any(|h| h.is_finished()) || t0.elapsed() > HANG {
            start.abort.store(true, Ordering::SeqCst);
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let t0 = Instant::now();
    loop {
        let c = |a: &AtomicU64| a.load(Ordering::Relaxed);
        let done = counts.steps.iter().all(|s| c(s) >= ops)
            && c(&counts.shared_ok) > 0
            && c(&counts.shared_err) > 0
            && t0.elapsed() >= min_time;
        // A finished thread failed (or the start was aborted): stop the
        // others and report it.
        if done || handles.iter().any(|h| h.is_finished()) {
            break;
        }
        if t0.elapsed() > HANG {
            stop.store(true, Ordering::Relaxed);
            panic!("hang guard: the threads made no progress to {ops} steps each");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    stop.store(true, Ordering::Relaxed);
    let failed = handles.into_iter().filter_map(|h| h.join().err()).count();
    if start.abort.load(Ordering::SeqCst) {
        failed.max(1)
    } else {
        failed
    }
}

#[test]
fn stress() {
    let secs: u64 = std::env::var("MMAN_STRESS_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let ops: u64 = std::env::var("MMAN_STRESS_OPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    // A short warm-up first, so that what glibc keeps for threads (malloc
    // arenas, a cache of thread stacks) is there before the baseline.
    let shared = Arc::new(Region::guarded(guard(), SHARED * page()));
    let counts = Arc::new(Counts::default());
    assert_eq!(run(WARM_OPS, Duration::ZERO, &shared, &counts), 0);
    shared.restore();
    let counts = Arc::new(Counts::default());
    let baseline = maps_count();
    let t0 = Instant::now();
    let failed = run(ops, Duration::from_secs(secs), &shared, &counts);
    shared.restore();
    let after = maps_count();
    let c = |a: &AtomicU64| a.load(Ordering::Relaxed);
    println!(
        "stress: {THREADS} threads, at least {ops} steps each, for {:.1} s: {} calls; own regions: {} checks of every page held; shared region: {} succeeded, {} failed with an allowed error",
        t0.elapsed().as_secs_f64(),
        c(&counts.calls),
        c(&counts.own_checks),
        c(&counts.shared_ok),
        c(&counts.shared_err)
    );
    println!("stress: /proc/self/maps lines: {baseline} before, {after} after");
    assert_eq!(failed, 0, "a stress thread failed");
    // Count-driven: every thread did its share (the run ends no sooner).
    for (t, s) in counts.steps.iter().enumerate() {
        assert!(c(s) >= ops, "thread {t} did {} steps of {ops}", c(s));
    }
    assert!(c(&counts.shared_ok) > 0 && c(&counts.shared_err) > 0);
    assert_eq!(after, baseline, "mappings leaked (or were lost)");
    drop(shared);
}
