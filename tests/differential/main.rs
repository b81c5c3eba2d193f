//! The differential test: every C function of mman against the system's
//! glibc (and, for `mmap`, `munmap` and `msync`, mman's raw layer too),
//! with the same arguments, valid and invalid, from the same state; the
//! outcomes must be identical: return value, `errno` (a sentinel before the
//! call, which a success must leave), and the state the call left.
//!
//! One file per function (`mmap.rs`, `mremap.rs`, …: see tests/README.md),
//! on one harness: the scene, `/proc/self/maps`, the calls and the child
//! runner of `tests/common`, and two ways to run a case:
//!
//! - `grid`: in this process, each implementation in turn, over a grid of
//!   argument combinations (`mmap`: 96,800 cases, checked pairwise
//!   complete); the state compared is `/proc/self/maps` and smaps of the
//!   region and of a mapping made elsewhere;
//! - `child`: a forked child per case and implementation, which lays out
//!   the scene, makes the one call and reports its result, `errno`, the
//!   state of a descriptor it returned, a `mincore` of every page of the
//!   region and smaps (range, protection, `Rss`, `Locked`, `VmFlags`).
//!
//! Its own `main` (`harness = false`): the functions run one after the
//! other, so that nothing else in the process maps memory meanwhile.
//! `cargo test --features capi --test differential -- mremap madvise` runs
//! only the functions named. Prints one line per case (`child`) or the
//! outcomes per function (`grid`), then the cases per function.
//!
//! Safety rules followed throughout (the tests run as root):
//! - every `MAP_FIXED` / `MAP_FIXED_NOREPLACE` / `MREMAP_FIXED` address,
//!   every address of a call that can change memory, lies in the region the
//!   test reserved (`Scene`), whose guard areas are never targeted;
//! - fixed mappings, `MAP_POPULATE` and `MAP_LOCKED` only get lengths of at
//!   most 4 pages;
//! - every successful mapping is unmapped (or, inside the region, replaced
//!   by the reservation) right after it has been inspected; holes in the
//!   region only exist around the one call that needs them, or in a child;
//! - `mlockall` runs in children only; `MADV_HWPOISON` and
//!   `MADV_SOFT_OFFLINE` are never passed.

#[path = "../common/mod.rs"]
mod common;

mod child;
mod grid;

mod madvise;
mod memfd;
mod mincore;
mod mlock;
mod mmap;
mod mprotect;
mod mremap;
mod msync;
mod munmap;
mod page_size;
mod shm;

use common::scene::Scene;
use common::TempDir;
use std::collections::BTreeMap;

/// What every function's cases share: the scene, the grid's descriptors,
/// a buffer for `/proc/self/maps`, and the counts.
pub(crate) struct Env {
    pub scene: Scene,
    /// The `mmap` grid's file (3 pages, in the system's temporary
    /// directory, on a disk as a user's file would be; the directory is
    /// removed when the test ends) and its descriptors.
    pub _tmp: TempDir,
    pub file: std::path::PathBuf,
    pub fds: grid::Fds,
    pub buf: Vec<u8>,
    /// `/proc/self/maps` before the next in-process call (kept up to date
    /// after each successful call has been cleaned up).
    pub baseline: Vec<(usize, usize)>,
    /// Per C function: cases run, cases that differ.
    pub counts: BTreeMap<String, (usize, usize)>,
}

impl Env {
    /// Counts one case of `function`.
    pub fn count(&mut self, function: &str, identical: bool) {
        let c = self.counts.entry(function.to_owned()).or_default();
        c.0 += 1;
        c.1 += usize::from(!identical);
    }

    /// Reads `/proc/self/maps` again into `baseline`.
    pub fn refresh(&mut self) {
        self.baseline = common::maps::ranges(&mut self.buf);
    }
}

/// A file's cases of its functions, run.
type Run = fn(&mut Env);

/// The functions, in the order they run: each file's `run`.
const FUNCTIONS: &[(&str, Run)] = &[
    ("mmap", mmap::run),
    ("munmap", munmap::run),
    ("msync", msync::run),
    ("mprotect", mprotect::run),
    ("madvise", madvise::run),
    ("mlock", mlock::run),
    ("mremap", mremap::run),
    ("mincore", mincore::run),
    ("memfd_create", memfd::run),
    ("shm_open", shm::run),
    ("page_size", page_size::run),
];

fn main() {
    // Names to run (libtest's options, such as --nocapture, are ignored).
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let scene = Scene::new("differential");
    let tmp = TempDir::new("differential");
    let file = tmp.file();
    let fds = grid::Fds::open(&file);
    fds.check_closed();
    let mut buf = Vec::with_capacity(1 << 16);
    let baseline = common::maps::ranges(&mut buf);
    let mut env = Env {
        scene,
        _tmp: tmp,
        file,
        fds,
        buf,
        baseline,
        counts: BTreeMap::new(),
    };
    for (name, run) in FUNCTIONS {
        if only.is_empty() || only.iter().any(|o| name.contains(o.as_str())) {
            let t = std::time::Instant::now();
            run(&mut env);
            println!("    ({name}: {:.1} s)", t.elapsed().as_secs_f64());
        }
    }
    env.scene.assert_file_unchanged();
    common::assert_file_unchanged(&env.file);
    env.fds.check_closed();

    println!("== differential: cases per function");
    let (mut total, mut failed) = (0, 0);
    for (f, (n, bad)) in &env.counts {
        println!("cases {f}: {n} ({bad} differ)");
        total += n;
        failed += bad;
    }
    println!("differential: {total} cases, {} identical", total - failed);
    if failed > 0 {
        eprintln!("differential: {failed} cases differ (listed above)");
        std::process::exit(1);
    }
}
