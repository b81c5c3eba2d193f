//! `mmap` and `mmap64`: the grid of 96,800 cases (in process, with the raw
//! layer), and the `mmap64` cases in a child on the scene.

use crate::child::{case, Case, Res};
use crate::common::maps::{describe, find, snapshot};
use crate::common::scene::{Scene, A, FREE};
use crate::common::Imp;
use crate::common::{dies_in_child, emulated, errno, page, set_errno, skip, Region, SENTINEL};
use crate::grid::{describe_region, report, FdKind, Fds, Outcome, Placed, Tally, FD_KINDS};
use crate::Env;
use mman::capi::MAP_FAILED;
use mman::consts::*;
use std::ffi::{c_int, c_void};

/// `MAP_DROPPABLE` (Linux 6.11), a mapping type of its own.
const MAP_DROPPABLE: i32 = 0x08;
/// `PROT_GROWSDOWN`: meaningful for `mprotect` only.
const PROT_GROWSDOWN: i32 = 0x0100_0000;
/// A flag bit Linux does not define for x86_64 and does not include in
/// `LEGACY_MAP_MASK`, so `MAP_SHARED_VALIDATE` rejects it.
const MAP_UNKNOWN_LOW: i32 = 0x0020_0000;
/// A high flag bit with no meaning of its own (it lies in the huge page
/// size field).
const MAP_UNKNOWN_HIGH: i32 = 0x0800_0000;

pub fn run(env: &mut Env) {
    grid(env);
    crate::child::run_group(env, "mmap64", &mmap64_cases(env), true);
}

/// The grid: each case through the C ABI, the raw layer and glibc. Runs on
/// the bare reservation (no scene), with a transient hole where a case
/// asks for one.
fn grid(env: &mut Env) {
    let mut tally = Tally::default();
    let crashing = crashing_fds(&env.fds);
    let mut huge_skipped = 0;
    let mut unstable = Vec::new();
    let cases = mmap_cases();
    // Every case, or every Nth (MMAN_GRID_STRIDE=N: under qemu-user, to
    // keep CI's time; the pairwise coverage is checked on the whole grid).
    let stride = std::env::var("MMAN_GRID_STRIDE")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n: &usize| n > 1)
        .unwrap_or(1);
    if stride > 1 {
        skip(
            &format!(
                "mmap: the grid's cases but one case in {stride} ({} of {})",
                cases.len().div_ceil(stride),
                cases.len()
            ),
            "MMAN_GRID_STRIDE, to keep CI's time under emulation; the grid's pairwise \
             coverage is checked on all of it",
        );
    }
    for c in cases.iter().step_by(stride) {
        if emulated() && c.flags & MMAN_MAP_HUGETLB != 0 {
            huge_skipped += 1;
            continue;
        }
        if crashing.contains(&c.fd) && case_crashes(env, c) {
            let libc = run_mmap(env, Imp::Glibc, c);
            tally.record_crash("mmap", c, libc);
            continue;
        }
        let capi = run_mmap(env, Imp::Mman, c);
        let raw = run_mmap(env, Imp::Raw, c);
        let libc = run_mmap(env, Imp::Glibc, c);
        if emulated() && (capi.result != libc.result || raw.result != libc.result) {
            // Does qemu give glibc's call the same outcome twice?
            let again = run_mmap(env, Imp::Glibc, c);
            if again.result != libc.result {
                unstable.push(format!("{c:?}: {:?}, then {:?}", libc.result, again.result));
                continue;
            }
        }
        tally.record("mmap", c, capi, raw, libc);
    }
    if !unstable.is_empty() {
        skip(
            &format!(
                "mmap: {} grid cases whose outcome qemu-user changes",
                unstable.len()
            ),
            &format!(
                "glibc's mmap, called twice, gave two outcomes (qemu-user looks for room \
                 for the length in its own way first): {}",
                unstable.join("; ")
            ),
        );
    }
    if !crashing.is_empty() {
        println!(
            "MISMATCH mman_mmap or raw::mmap kills the process with fd {crashing:?}: in {} cases (the first are listed below)",
            tally.crashes
        );
    }
    if huge_skipped > 0 {
        skip(
            &format!("mmap: the grid's {huge_skipped} cases with MAP_HUGETLB"),
            "qemu-user passes MAP_HUGETLB to the host at an address of its own choosing, so \
             the outcome (a mapping with MAP_NORESERVE, EINVAL off a huge page boundary, \
             ENOMEM) changes from one call to the next",
        );
    }
    assert!(tally.cases >= 5000);
    report(env, "mmap", &tally);
}

/// Where `addr` points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Addr {
    /// NULL.
    Null,
    /// A hint (no `MAP_FIXED`) at a transient 4-page hole of the work area.
    HintHole,
    /// Page 8 of the work area, mapped by the reservation.
    Reserved,
    /// One byte past it: not page-aligned.
    ReservedPlus1,
    /// A transient 4-page hole at page 16 of the work area.
    Hole,
}

fn fixed_at() -> usize {
    8 * page()
}
fn hole_at() -> usize {
    16 * page()
}
fn hole_len() -> usize {
    4 * page()
}

#[derive(Clone, Copy, Debug)]
pub struct MmapCase {
    addr: Addr,
    len: usize,
    prot: i32,
    flags: i32,
    fd: FdKind,
    offset: i64,
}

/// Calls one implementation's `mmap` with `errno` set to the sentinel.
fn call_mmap(
    imp: Imp,
    addr: usize,
    len: usize,
    prot: i32,
    flags: i32,
    fd: i32,
    offset: i64,
) -> (Result<usize, i32>, i32) {
    let addr = addr as *mut c_void;
    set_errno(SENTINEL);
    // SAFETY: a fixed address is always in the test's work area (see
    // `run_mmap`), and nothing in it is in use.
    // `mmap`'s offset is the C library's `off_t`: on 32-bit targets a C
    // caller's 64-bit value is cut to its low 32 bits, as here.
    let offset = offset as mman::off_t;
    let r = unsafe {
        match imp {
            Imp::Raw => mman::raw::mmap(addr, len, prot, flags, fd, offset)
                .map(|p| p as usize)
                .map_err(|e| e.raw_os_error()),
            c => {
                let p = (c.c().mmap)(addr, len, prot, flags, fd, offset);
                if p == MAP_FAILED {
                    Err(errno())
                } else {
                    Ok(p as usize)
                }
            }
        }
    };
    (r, errno())
}

/// Whether `addr` lies in one of `ranges`.
fn mapped(ranges: &[(usize, usize)], addr: usize) -> bool {
    ranges.iter().any(|&(s, e)| s <= addr && addr < e)
}

fn address(region: &Region, addr: Addr) -> usize {
    let work = region.work();
    match addr {
        Addr::Null => 0,
        Addr::HintHole | Addr::Hole => work + hole_at(),
        Addr::Reserved => work + fixed_at(),
        Addr::ReservedPlus1 => work + fixed_at() + 1,
    }
}

fn run_mmap(env: &mut Env, imp: Imp, c: &MmapCase) -> Outcome<Placed> {
    let fixed = c.flags & (MMAN_MAP_FIXED | MMAN_MAP_FIXED_NOREPLACE) != 0;
    let addr = address(&env.scene.region, c.addr);
    // The safety rules, checked.
    if fixed {
        assert!(c.addr != Addr::Null && c.addr != Addr::HintHole);
        assert!(
            c.len <= 4 * page(),
            "a fixed mapping must fit the work area"
        );
    }
    if c.flags & (MMAN_MAP_POPULATE | MMAN_MAP_LOCKED) != 0 {
        assert!(
            c.len <= 4 * page(),
            "MAP_POPULATE and MAP_LOCKED only with small lengths"
        );
    }
    let holed = matches!(c.addr, Addr::HintHole | Addr::Hole);
    if holed {
        env.scene.region.punch(hole_at(), hole_len());
    }
    let (result, errno_after) = call_mmap(
        imp,
        addr,
        c.len,
        c.prot,
        c.flags,
        env.fds.get(c.fd),
        c.offset,
    );
    match result {
        Err(e) => {
            // A failed fixed mapping may have changed the region: compare.
            let region = fixed.then(|| describe_region(env, false));
            if fixed || holed {
                env.scene.region.restore();
            }
            Outcome {
                result: Err(e),
                errno_after,
                region,
            }
        }
        Ok(p) => {
            // `VmFlags` (from smaps) for mappings up to 1 GiB: the kernel
            // walks the page tables of every mapping to write smaps, one
            // entry per huge page for hugetlb (half a million for 1 TiB).
            // The raw API's mappings are compared without `VmFlags`: they
            // are made by the same code as the C ABI's, compared with them.
            let smaps = imp != Imp::Raw && c.len <= 1 << 30;
            let after = snapshot(
                &mut env.buf,
                smaps,
                p.saturating_sub(1).min(env.scene.region.base),
            );
            let placed = if env.scene.region.contains(p) {
                let region = describe(
                    &after,
                    env.scene.region.base,
                    env.scene.region.end(),
                    env.scene.region.base,
                );
                env.scene.region.restore();
                Placed::Region {
                    at: p - env.scene.region.base,
                    region,
                }
            } else if emulated() {
                elsewhere_emulated(env, imp, c, p, holed)
            } else {
                // The pages from `p` up that were not mapped before the call.
                let mut end = p;
                while let Some(v) = find(&after, end) {
                    if mapped(&env.baseline, end) {
                        break;
                    }
                    let next_old = env
                        .baseline
                        .iter()
                        .map(|&(s, _)| s)
                        .filter(|&s| s > end)
                        .min()
                        .unwrap_or(usize::MAX);
                    end = v.end.min(next_old);
                }
                let size = end - p;
                let new_below =
                    p >= page() && find(&after, p - 1).is_some() && !mapped(&env.baseline, p - 1);
                let mapping = describe(&after, p, end, p);
                // Unmap what the call mapped: `len` rounded up to the page
                // size (2 MiB for hugetlb), and never more than the new pages
                // (a wrong size is a mismatch, not a reason to unmap memory
                // that is not ours).
                let huge = find(&after, p).is_some_and(|v| v.path.starts_with("/anon_hugepage"));
                let page = if huge { 2 << 20 } else { page() };
                let unmap = c.len.div_ceil(page) * page;
                assert!(
                    size > 0,
                    "{imp:?} {c:?}: the mapping at {p:#x} is not new:\n{after:#?}"
                );
                // SAFETY: `[p, p + unmap.min(size))` is the new mapping,
                // unmapped before the call, not in use.
                let r = unsafe { libc::munmap(p as *mut c_void, unmap.min(size)) };
                assert_eq!(r, 0, "unmapping {p:#x}+{size:#x}: errno {}", errno());
                env.refresh();
                if holed {
                    env.scene.region.restore();
                }
                Placed::Elsewhere {
                    size,
                    low_2g: end <= 1 << 31,
                    mapping,
                    new_below,
                }
            };
            Outcome {
                result: Ok(placed),
                errno_after,
                region: None,
            }
        }
    }
}

/// Under qemu-user: where a mapping placed outside the region is. qemu-user
/// 7.2's emulated `/proc/self/maps` leaves out a guest mapping whose host
/// mapping the host kernel merged with one of qemu's own (which it does
/// not show), so the new pages cannot be told from the maps: the mapping
/// is the call's length rounded up to the page (the host's huge page with
/// `MAP_HUGETLB`), checked mapped at both
/// ends (`msync`, which fails with ENOMEM on unmapped pages), and only its
/// size and place are compared.
fn elsewhere_emulated(env: &mut Env, imp: Imp, c: &MmapCase, p: usize, holed: bool) -> Placed {
    skip(
        "mmap: the description of a mapping placed outside the test's region",
        "qemu-user 7.2's emulated /proc/self/maps leaves out a guest mapping whose host mapping \
         merged with one of qemu's own; its size, its place and the outcome are compared",
    );
    // `MAP_HUGETLB`: qemu-user passes it to the host, whose huge pages
    // are 2 MiB.
    let unit = if c.flags & MMAN_MAP_HUGETLB != 0 {
        2 << 20
    } else {
        page()
    };
    let size = c.len.div_ceil(unit) * unit;
    let mapped = |a: usize| {
        // SAFETY: `msync` with `MS_ASYNC` changes nothing; the kernel
        // checks the range.
        unsafe { libc::msync(a as *mut c_void, page(), libc::MS_ASYNC) == 0 }
    };
    assert!(
        size > 0 && mapped(p) && mapped(p + size - page()),
        "{imp:?} {c:?}: no new mapping of {size:#x} bytes at {p:#x}"
    );
    // SAFETY: `[p, p + size)` is what the call mapped (not in the test's
    // region, which the kernel gives only to a hint or a fixed address
    // inside it), not in use.
    let r = unsafe { libc::munmap(p as *mut c_void, size) };
    assert_eq!(
        r,
        0,
        "{imp:?} {c:?}: unmapping {p:#x}+{size:#x}: errno {}",
        errno()
    );
    env.refresh();
    if holed {
        env.scene.region.restore();
    }
    Placed::Elsewhere {
        size,
        low_2g: p + size <= 1 << 31,
        mapping: Vec::new(),
        new_below: false,
    }
}

/// Whether `raw::mmap` or `mman_mmap` kills the process in case `c` (run in
/// a child: a fixed mapping there replaces the child's copy of the region).
fn case_crashes(env: &Env, c: &MmapCase) -> bool {
    let addr = address(&env.scene.region, c.addr);
    let fd = env.fds.get(c.fd);
    dies_in_child(|| {
        let _ = call_mmap(Imp::Raw, addr, c.len, c.prot, c.flags, fd, c.offset);
        let _ = call_mmap(Imp::Mman, addr, c.len, c.prot, c.flags, fd, c.offset);
    })
}

/// The fd kinds with which `mman_mmap` or `raw::mmap` kills the process
/// (with or without `MAP_ANONYMOUS`): their cases are each first run in a
/// child by `case_crashes`.
fn crashing_fds(fds: &Fds) -> Vec<FdKind> {
    let mut out = Vec::new();
    for k in FD_KINDS {
        let fd = fds.get(k);
        let crashes = [Imp::Mman, Imp::Raw].into_iter().any(|imp| {
            [0, MMAN_MAP_ANONYMOUS].into_iter().any(|anon| {
                dies_in_child(|| {
                    let _ = call_mmap(
                        imp,
                        0,
                        page(),
                        MMAN_PROT_READ,
                        MMAN_MAP_PRIVATE | anon,
                        fd,
                        0,
                    );
                })
            })
        });
        if crashes {
            out.push(k);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// The grids

const TYPES: [i32; 5] = [
    0,
    MMAN_MAP_SHARED,
    MMAN_MAP_PRIVATE,
    MMAN_MAP_SHARED_VALIDATE,
    MAP_DROPPABLE,
];

const EXTRAS: [i32; 22] = [
    0,
    MMAN_MAP_FIXED,
    MMAN_MAP_FIXED_NOREPLACE,
    MMAN_MAP_FIXED | MMAN_MAP_FIXED_NOREPLACE,
    MMAN_MAP_FIXED | MMAN_MAP_POPULATE,
    MMAN_MAP_NORESERVE,
    MMAN_MAP_POPULATE,
    MMAN_MAP_POPULATE | MMAN_MAP_NONBLOCK,
    MMAN_MAP_LOCKED,
    MMAN_MAP_GROWSDOWN,
    MMAN_MAP_STACK,
    MMAN_MAP_HUGETLB,
    MMAN_MAP_HUGETLB | MMAN_MAP_HUGE_2MB,
    MMAN_MAP_HUGETLB | MMAN_MAP_NORESERVE,
    MMAN_MAP_SYNC,
    // MAP_32BIT on x86 (powerpc's MAP_NORESERVE; no flag elsewhere): the
    // bit itself, so that the grid is the same on every target.
    0x40,
    MMAN_MAP_DENYWRITE,
    MMAN_MAP_EXECUTABLE,
    MMAN_MAP_UNINITIALIZED,
    MMAN_MAP_NONBLOCK,
    MAP_UNKNOWN_HIGH,
    MAP_UNKNOWN_LOW,
];

const PROTS: [i32; 11] = [
    0,
    1,
    2,
    3,
    4,
    5,
    7,
    8,
    0x10,
    PROT_GROWSDOWN,
    0x8000_0000_u32 as i32,
];

/// Offsets: a page and a byte off it either way, in the page size of the
/// run (4096 is not aligned where pages are 16 or 64 KiB).
fn offsets() -> [i64; 8] {
    let p = page() as i64;
    [0, p, 1, p - 1, -p, -1, 1 << 40, i64::MAX & !(p - 1)]
}
const N_OFFSETS: usize = 8;

/// How many of the first lengths of `lens` the fixed, populated and locked
/// mappings get (at most 4 pages).
const N_SMALL_LENS: usize = 4;
/// All lengths. `usize::MAX` rounds up to 0 and `usize::MAX - page + 1`
/// is above the address space: the kernel rejects both (ENOMEM) at once.
fn lens() -> [usize; 7] {
    [
        0,
        1,
        page(),
        3 * page() + 1,
        big_len(),
        usize::MAX,
        usize::MAX - (page() - 1),
    ]
}
const N_LENS: usize = 7;

/// A long length the kernel maps (without `MAP_POPULATE`): 1 TiB on
/// 64-bit targets, 1 GiB on 32-bit ones; 4 MiB under qemu-user 7.2,
/// which keeps a record per guest page it has ever mapped, set page by
/// page and never freed (mappings of 4 GiB took it past 20 GB).
fn big_len() -> usize {
    if emulated() {
        skip(
            "mmap: the grid's long length (1 TiB; 1 GiB on 32-bit targets)",
            "qemu-user 7.2 keeps a record per guest page it has ever mapped, never freed: \
             the grid maps 4 MiB instead",
        );
        return 1 << 22;
    }
    #[cfg(target_pointer_width = "64")]
    let big = 1 << 40;
    #[cfg(target_pointer_width = "32")]
    let big = 1 << 30;
    big
}

const ADDRS: [Addr; 5] = [
    Addr::Null,
    Addr::HintHole,
    Addr::Reserved,
    Addr::ReservedPlus1,
    Addr::Hole,
];

fn is_fixed(extra: i32) -> bool {
    extra & (MMAN_MAP_FIXED | MMAN_MAP_FIXED_NOREPLACE) != 0
}

/// Whether `extra` only gets the small lengths (the first `N_SMALL_LENS`
/// of `lens`).
fn is_small(extra: i32) -> bool {
    is_fixed(extra) || extra & (MMAN_MAP_POPULATE | MMAN_MAP_LOCKED) != 0
}

/// The `mmap` grid: every type (with and without `MAP_ANONYMOUS`) × every
/// extra flag × every prot × every fd (24,200 combinations), each with 4 of
/// the 8 offsets, and a length and an address that rotate with the case
/// (fixed flags take a small length and one of the three region addresses;
/// the others NULL or a hint, and any length unless populated or locked).
///
/// The grid is checked to be pairwise complete: every value of each of the
/// 8 dimensions meets every value of every other dimension in some case,
/// except for the combinations the safety rules exclude.
fn mmap_cases() -> Vec<MmapCase> {
    let mut cases = Vec::new();
    // Dimension indices of each case, for the coverage check.
    // `seen[pair(da, va, db, vb)]`: whether value `va` of dimension `da`
    // met value `vb` of dimension `db`.
    let pair = |da: usize, va: usize, db: usize, vb: usize| ((da * 8 + db) * 32 + va) * 32 + vb;
    let mut seen = vec![false; 8 * 8 * 32 * 32];
    let mut base = 0usize;
    let (lens, offsets) = (lens(), offsets());
    for (ti, ty) in TYPES.into_iter().enumerate() {
        for (ai, anon) in [0, MMAN_MAP_ANONYMOUS].into_iter().enumerate() {
            for (ei, extra) in EXTRAS.into_iter().enumerate() {
                for (pi, prot) in PROTS.into_iter().enumerate() {
                    for (fi, fd) in FD_KINDS.into_iter().enumerate() {
                        base += 1;
                        for k in 0..4 {
                            // 4 distinct offsets of one parity, the parity
                            // and start moving with every other dimension.
                            let oi = (base + base / 10 + 2 * k) % 8;
                            let r = base + oi;
                            let addr = if is_fixed(extra) {
                                [Addr::Reserved, Addr::ReservedPlus1, Addr::Hole][r % 3]
                            } else if r % 3 == 0 {
                                Addr::HintHole
                            } else {
                                Addr::Null
                            };
                            let li = if is_small(extra) { r % 4 } else { r % 7 };
                            let len = lens[li];
                            let xi = ADDRS.iter().position(|&a| a == addr).expect("an address");
                            let dims = [ti, ai, ei, pi, fi, oi, li, xi];
                            for da in 0..8 {
                                for db in da + 1..8 {
                                    seen[pair(da, dims[da], db, dims[db])] = true;
                                }
                            }
                            cases.push(MmapCase {
                                addr,
                                len,
                                prot,
                                flags: ty | anon | extra,
                                fd,
                                offset: offsets[oi],
                            });
                        }
                    }
                }
            }
        }
    }
    // Pairwise coverage.
    let sizes = [
        TYPES.len(),
        2,
        EXTRAS.len(),
        PROTS.len(),
        FD_KINDS.len(),
        N_OFFSETS,
        N_LENS,
        ADDRS.len(),
    ];
    let fixed_addr =
        |x: usize| matches!(ADDRS[x], Addr::Reserved | Addr::ReservedPlus1 | Addr::Hole);
    // Whether the safety rules allow the pair (dimension 2: extra flags,
    // 6: length, 7: address).
    let allowed = |da: usize, va: usize, db: usize, vb: usize| match (da, db) {
        (2, 6) => !is_small(EXTRAS[va]) || vb < N_SMALL_LENS,
        (2, 7) => is_fixed(EXTRAS[va]) == fixed_addr(vb),
        (6, 7) => !fixed_addr(vb) || va < N_SMALL_LENS,
        _ => true,
    };
    for da in 0..8 {
        for db in da + 1..8 {
            for va in 0..sizes[da] {
                for vb in 0..sizes[db] {
                    assert_eq!(
                        seen[pair(da, va, db, vb)],
                        allowed(da, va, db, vb),
                        "grid coverage of dimensions {da} = {va} and {db} = {vb}"
                    );
                }
            }
        }
    }
    cases
}

fn mmap64_cases<'a>(env: &Env) -> Vec<Case<'a>> {
    use std::os::fd::AsRawFd;
    let ro_fd = env.scene.ro.as_raw_fd();
    let mut v = Vec::new();
    const RW: i32 = MMAN_PROT_READ | MMAN_PROT_WRITE;
    let anon = MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS;
    let list: &[(&str, usize, c_int, c_int, c_int, i64, bool)] = &[
        ("anonymous page", page(), RW, anon, -1, 0, false),
        (
            "MAP_FIXED at page 26",
            page(),
            RW,
            anon | MMAN_MAP_FIXED,
            -1,
            0,
            true,
        ),
        (
            "MAP_FIXED_NOREPLACE on A",
            page(),
            RW,
            anon | MMAN_MAP_FIXED_NOREPLACE,
            -1,
            0,
            true,
        ),
        ("offset 1", page(), RW, anon, -1, 1, false),
        (
            "fd -1 without MAP_ANONYMOUS",
            page(),
            MMAN_PROT_READ,
            MMAN_MAP_SHARED,
            -1,
            0,
            false,
        ),
        ("length 0", 0, RW, anon, -1, 0, false),
        (
            "read-only fd, PROT_WRITE|MAP_SHARED",
            page(),
            RW,
            MMAN_MAP_SHARED,
            ro_fd,
            0,
            false,
        ),
        (
            "read-only fd, MAP_PRIVATE page 1",
            page(),
            RW,
            MMAN_MAP_PRIVATE,
            ro_fd,
            4096,
            false,
        ),
    ];
    for &(name, len, prot, flags, fd, off, at26) in list {
        v.push(case(format!("mmap64 {name}"), move |c: &Scene, imp| {
            let addr = if at26 {
                c.at(if flags & MMAN_MAP_FIXED_NOREPLACE != 0 {
                    A
                } else {
                    FREE
                })
            } else {
                core::ptr::null_mut()
            };
            let r = unsafe { (imp.c().mmap64)(addr, len, prot, flags, fd, off) } as i64;
            let e = errno();
            // Where it landed, relative to the region, is compared by smaps.
            Res {
                ret: r,
                err: e,
                fd: -1,
            }
        }));
    }
    v
}
