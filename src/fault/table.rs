//! The rules in force, in static atomics: set and cleared as a whole, read
//! and counted by every call, with no lock and no allocation.
//!
//! [`set`] and [`clear`] are meant for a program's set-up (a constructor,
//! the start of a test), as `setenv` is: a call in another thread while the
//! rules change may count or see a rule half-written (never undefined
//! behavior: every field is an atomic).

use super::call::Call;
use super::spec::{self, Rule, SpecError, When};
use crate::Errno;
use core::sync::atomic::{AtomicU64, AtomicU8, AtomicUsize, Ordering::*};

/// The most rules a spec may hold. (Not public: cbindgen, which reads
/// every source file for `include/mman.h`, would write a public one there.)
pub(crate) const MAX_RULES: usize = 16;

/// `Slot::call` for a rule on every function (`*`).
const ANY: u8 = u8::MAX;

/// The kinds of [`When`], as `Slot::kind` stores them.
const ALWAYS: u8 = 0;
const NTH: u8 = 1;
const EVERY: u8 = 2;
const AFTER: u8 = 3;
const PROB: u8 = 4;

/// One rule, field by field, and its count of calls.
struct Slot {
    call: AtomicU8,
    /// The index of the `errno` in `ERRNO_NAMES`.
    errno: AtomicU8,
    kind: AtomicU8,
    /// N, or P × 2⁶⁴ for `p=`.
    n: AtomicU64,
    seed: AtomicU64,
    count: AtomicU64,
}

impl Slot {
    const fn new() -> Self {
        Slot {
            call: AtomicU8::new(ANY),
            errno: AtomicU8::new(0),
            kind: AtomicU8::new(ALWAYS),
            n: AtomicU64::new(0),
            seed: AtomicU64::new(0),
            count: AtomicU64::new(0),
        }
    }

    fn store(&self, rule: &Rule) {
        let (kind, n, seed) = match rule.when {
            When::Always => (ALWAYS, 0, 0),
            When::Nth(n) => (NTH, n, 0),
            When::Every(n) => (EVERY, n, 0),
            When::After(n) => (AFTER, n, 0),
            When::Prob { threshold, seed } => (PROB, threshold, seed),
        };
        self.call.store(rule.call.map_or(ANY, |c| c as u8), Relaxed);
        self.errno.store(rule.errno, Relaxed);
        self.kind.store(kind, Relaxed);
        self.n.store(n, Relaxed);
        self.seed.store(seed, Relaxed);
        self.count.store(0, Relaxed);
    }

    /// Whether call number `k` fails.
    fn fires(&self, k: u64) -> bool {
        let n = self.n.load(Relaxed);
        match self.kind.load(Relaxed) {
            NTH => k == n,
            EVERY => k.checked_rem(n) == Some(0),
            AFTER => k > n,
            PROB => mix(self.seed.load(Relaxed).wrapping_add(k.wrapping_mul(GOLDEN))) < n,
            _ => true,
        }
    }
}

/// The rules; the first `ACTIVE` are in force.
static SLOTS: [Slot; MAX_RULES] = [const { Slot::new() }; MAX_RULES];
static ACTIVE: AtomicUsize = AtomicUsize::new(0);

/// splitmix64's increment (2⁶⁴ / φ) and finalizer: call `k` of a rule with
/// seed `s` draws `mix(s + k × GOLDEN)`, a function of the two alone, so the
/// same calls fail on every run, whatever the threads do.
const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Replaces the rules in force by those of `spec` (the grammar of
/// [`crate::fault`]), with their counts at zero.
///
/// # Errors
///
/// A malformed spec: the rules in force stay as they were.
pub fn set(spec: &[u8]) -> Result<(), SpecError> {
    let mut rules = [None; MAX_RULES];
    let n = spec::parse(spec, &mut rules)?;
    ACTIVE.store(0, Release);
    for (slot, rule) in SLOTS.iter().zip(rules.iter().flatten()) {
        slot.store(rule);
    }
    ACTIVE.store(n, Release);
    Ok(())
}

/// Removes every rule: no call fails on purpose any more.
pub fn clear() {
    ACTIVE.store(0, Release);
}

/// Counts a call of `call` for every rule on it, and returns the `errno` of
/// the first rule that fires, if one does. With no rule set, a load and a
/// branch.
///
/// # Errors
///
/// The `errno` the call must fail with.
#[inline]
pub fn check(call: Call) -> Result<(), Errno> {
    match ACTIVE.load(Acquire) {
        0 => Ok(()),
        n => check_rules(call, n),
    }
}

#[cold]
#[inline(never)]
fn check_rules(call: Call, n: usize) -> Result<(), Errno> {
    let mut hit = Ok(());
    for slot in SLOTS.iter().take(n) {
        let on = slot.call.load(Relaxed);
        if on != ANY && on != call as u8 {
            continue;
        }
        let k = slot.count.fetch_add(1, Relaxed).wrapping_add(1);
        if hit.is_ok() && slot.fires(k) {
            hit = Err(spec::errno_at(slot.errno.load(Relaxed)));
        }
    }
    hit
}

#[cfg(test)]
mod tests {
    use super::mix;

    /// splitmix64's published first output for seed 0 (state GOLDEN).
    #[test]
    fn splitmix64() {
        assert_eq!(mix(super::GOLDEN), 0xe220_a839_7b1d_cdaf);
    }
}
