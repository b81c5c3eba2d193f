//! The in-process way to run a case: each implementation in turn, in this
//! process, from the same state, and `/proc/self/maps` (smaps) compared;
//! for the grids of `mmap`, `munmap` and `msync`, whose tens of thousands
//! of cases a child per case would make slow.

use crate::common::maps::{describe, merge, snapshot, Seg};
use crate::common::scene::{A, H, L, NP, W};
use crate::common::{errno, errno_name, page, SENTINEL};
use crate::Env;
use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::Path;

/// Where a successful `mmap` put its mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placed {
    /// In the test's region: at `at` bytes from its base; `region` is the
    /// whole region's description afterwards (relative to its base).
    Region { at: usize, region: Vec<Seg> },
    /// Elsewhere: the pages that were not mapped before the call, from the
    /// returned address up, and whether the address is below 2 GiB.
    Elsewhere {
        size: usize,
        low_2g: bool,
        mapping: Vec<Seg>,
        new_below: bool,
    },
}

/// The outcome of one call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome<T> {
    /// The result, or the error number (`errno`, or the raw API's `Errno`).
    pub result: Result<T, i32>,
    /// `errno` after the call.
    pub errno_after: i32,
    /// For calls that can change the region: its description afterwards.
    pub region: Option<Vec<Seg>>,
}

// The test's process state: files, descriptors, the region

pub struct Fds {
    rw: File,
    ro: File,
    wo: File,
    dev_zero: File,
    dir: File,
    pipe_r: OwnedFd,
    _pipe_w: OwnedFd,
    closed: i32,
}

impl Fds {
    pub fn open(path: &Path) -> Fds {
        let rw = OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .expect("open rw");
        let ro = File::open(path).expect("open ro");
        let wo = OpenOptions::new().write(true).open(path).expect("open wo");
        let dev_zero = OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/zero")
            .expect("open /dev/zero");
        let dir = File::open("/tmp").expect("open /tmp");
        let mut p = [0; 2];
        // SAFETY: `p` has room for the two descriptors.
        assert_eq!(unsafe { libc::pipe(p.as_mut_ptr()) }, 0);
        // SAFETY: fresh descriptors, owned from here on.
        let (pipe_r, pipe_w) = unsafe { (OwnedFd::from_raw_fd(p[0]), OwnedFd::from_raw_fd(p[1])) };
        // A descriptor number that is not open: far above what the process
        // uses (descriptors are allocated lowest first), checked closed.
        let closed = 1000;
        Fds {
            rw,
            ro,
            wo,
            dev_zero,
            dir,
            pipe_r,
            _pipe_w: pipe_w,
            closed,
        }
    }

    pub fn check_closed(&self) {
        // SAFETY: F_GETFD on any number is harmless.
        let r = unsafe { libc::fcntl(self.closed, libc::F_GETFD) };
        assert!(
            r == -1 && errno() == libc::EBADF,
            "fd {} must be closed",
            self.closed
        );
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FdKind {
    MinusOne,
    MinusTwo,
    IntMin,
    Rw,
    Ro,
    Wo,
    Closed,
    DevZero,
    Dir,
    Pipe,
}

pub const FD_KINDS: [FdKind; 10] = [
    FdKind::MinusOne,
    FdKind::MinusTwo,
    FdKind::IntMin,
    FdKind::Rw,
    FdKind::Ro,
    FdKind::Wo,
    FdKind::Closed,
    FdKind::DevZero,
    FdKind::Dir,
    FdKind::Pipe,
];

impl Fds {
    pub fn get(&self, k: FdKind) -> i32 {
        match k {
            FdKind::MinusOne => -1,
            FdKind::MinusTwo => -2,
            FdKind::IntMin => i32::MIN,
            FdKind::Rw => self.rw.as_raw_fd(),
            FdKind::Ro => self.ro.as_raw_fd(),
            FdKind::Wo => self.wo.as_raw_fd(),
            FdKind::Closed => self.closed,
            FdKind::DevZero => self.dev_zero.as_raw_fd(),
            FdKind::Dir => self.dir.as_raw_fd(),
            FdKind::Pipe => self.pipe_r.as_raw_fd(),
        }
    }
}

// ---------------------------------------------------------------------------
// Bookkeeping

/// A copy without `VmFlags`, to compare with a description read from
/// `/proc/self/maps`.
pub trait Strip {
    fn strip(&self) -> Self;
}

impl Strip for () {
    fn strip(&self) {}
}

impl Strip for Vec<Seg> {
    fn strip(&self) -> Vec<Seg> {
        merge(
            self.iter()
                .map(|s| Seg {
                    vm_flags: String::new(),
                    rss: String::new(),
                    locked: String::new(),
                    ..s.clone()
                })
                .collect(),
        )
    }
}

impl<T: Strip> Strip for Option<T> {
    fn strip(&self) -> Option<T> {
        self.as_ref().map(Strip::strip)
    }
}

impl Strip for Placed {
    fn strip(&self) -> Placed {
        match self {
            Placed::Region { at, region } => Placed::Region {
                at: *at,
                region: region.strip(),
            },
            Placed::Elsewhere {
                size,
                low_2g,
                mapping,
                new_below,
            } => Placed::Elsewhere {
                size: *size,
                low_2g: *low_2g,
                mapping: mapping.strip(),
                new_below: *new_below,
            },
        }
    }
}

#[derive(Default)]
pub struct Tally {
    pub cases: usize,
    pub identical: usize,
    /// Outcome (as libc reports it) → number of cases.
    outcomes: BTreeMap<String, usize>,
    mismatches: Vec<String>,
    /// Cases skipped because `mman` would kill the process.
    pub crashes: usize,
}

impl Tally {
    /// Records one case: `capi` and `libc` must be equal; `raw` must have
    /// libc's result and leave `errno` alone; a success of `capi` must
    /// leave `errno` alone.
    pub fn record<T: PartialEq + std::fmt::Debug + Strip>(
        &mut self,
        what: &str,
        case: &dyn std::fmt::Debug,
        capi: Outcome<T>,
        raw: Outcome<T>,
        libc: Outcome<T>,
    ) {
        self.cases += 1;
        let key = match &libc.result {
            Ok(_) => format!("{what}: success"),
            Err(e) => format!("{what}: {}", errno_name(*e)),
        };
        *self.outcomes.entry(key).or_default() += 1;
        let mut problems = Vec::new();
        if capi != libc {
            problems.push(format!(
                "capi differs from libc:\n  capi: {capi:?}\n  libc: {libc:?}"
            ));
        }
        if capi.result.is_ok() && capi.errno_after != SENTINEL {
            problems.push(format!(
                "capi changed errno on success to {}",
                capi.errno_after
            ));
        }
        if raw.result.as_ref().map(Strip::strip) != libc.result.as_ref().map(Strip::strip)
            || raw.region.strip() != libc.region.strip()
        {
            problems.push(format!(
                "raw differs from libc:\n  raw:  {raw:?}\n  libc: {libc:?}"
            ));
        }
        if raw.errno_after != SENTINEL {
            problems.push(format!("raw changed errno to {}", raw.errno_after));
        }
        if problems.is_empty() {
            self.identical += 1;
        } else if self.mismatches.len() < 40 {
            self.mismatches
                .push(format!("{what} {case:?}\n{}", problems.join("\n")));
        } else {
            self.mismatches.push(String::new());
        }
    }

    /// Records a case that `mman` cannot run without killing the process
    /// (see `crashing_fds`): a mismatch.
    pub fn record_crash<T: std::fmt::Debug>(
        &mut self,
        what: &str,
        case: &dyn std::fmt::Debug,
        libc: Outcome<T>,
    ) {
        self.cases += 1;
        let key = match &libc.result {
            Ok(_) => format!("{what}: success"),
            Err(e) => format!("{what}: {}", errno_name(*e)),
        };
        *self.outcomes.entry(key).or_default() += 1;
        self.crashes += 1;
        if self.crashes <= 3 {
            self.mismatches.push(format!(
                "{what} {case:?}\nmman kills the process (panic or abort); libc: {libc:?}"
            ));
        }
    }
}

/// The region's description, with `VmFlags` if `smaps`.
pub fn describe_region(env: &mut Env, smaps: bool) -> Vec<Seg> {
    let r = &env.scene.region;
    let snap = snapshot(&mut env.buf, smaps, r.base);
    describe(&snap, r.base, r.end(), r.base)
}

/// Addresses (offsets in the work area) for the `munmap` and `msync` grids,
/// in the scene.
pub fn sync_addrs() -> [(usize, &'static str); 8] {
    let p = page();
    [
        (p, "reserved"),
        (p + 1, "reserved+1"),
        (H * p, "hole"),
        (W * p, "file"),
        (W * p + 1, "file+1"),
        (A * p, "anon"),
        (A * p + p, "anon page 2"),
        (L * p, "locked"),
    ]
}

/// The end of the scene's hole.
fn h_end() -> usize {
    (H + 2) * page()
}

/// Lengths for an address at `off` in the work area: 0, 1, a page, 4 pages
/// and a byte, to the end of the hole (or 2 pages past it), to the end of
/// the work area, and the two huge lengths the kernel refuses to act on.
pub fn sync_lens(off: usize) -> [usize; 8] {
    let span = if off < h_end() {
        h_end() - off
    } else {
        2 * page()
    };
    [
        0,
        1,
        page(),
        3 * page() + 1,
        span,
        NP * page() - off,
        usize::MAX,
        usize::MAX - (page() - 1),
    ]
}

/// Lays out the scene, makes `call` with the work area's address, and
/// takes the region's description (with smaps) before restoring it.
pub fn on_scene(env: &mut Env, call: impl FnOnce(usize) -> (Result<(), i32>, i32)) -> Outcome<()> {
    assert!(env.scene.lay(), "laying out the scene: errno {}", errno());
    let (result, errno_after) = call(env.scene.region.work());
    let region = Some(describe_region(env, true));
    env.scene.region.restore();
    Outcome {
        result,
        errno_after,
        region,
    }
}

/// Prints a grid's outcomes and counts its cases in `env`.
pub fn report(env: &mut Env, name: &str, t: &Tally) {
    println!(
        "== differential: {name}: {} cases, {} identical",
        t.cases, t.identical
    );
    for (outcome, n) in &t.outcomes {
        println!("    {outcome}: {n}");
    }
    for m in t.mismatches.iter().filter(|m| !m.is_empty()) {
        println!("MISMATCH {m}");
    }
    for i in 0..t.cases {
        env.count(name, i < t.identical);
    }
}
