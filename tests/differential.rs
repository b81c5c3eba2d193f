//! Differential test: `mman`'s C ABI (`mman_mmap`, `mman_munmap`,
//! `mman_msync`) and its raw API against the system C library (glibc), over
//! a grid of argument combinations, good and bad.
//!
//! For each case the three implementations are called in the same process
//! state, one after the other, and must agree on success or failure and on
//! the error number. `errno` is set to a sentinel before each call: the C
//! ABI must leave it untouched on success, the raw API always. For a
//! successful `mmap` they must agree on what the kernel shows for the new
//! mapping in `/proc/self/maps` (and `VmFlags` of `/proc/self/smaps`, for
//! the C ABI and glibc, up to 1 GiB): its place (in the test's region, or
//! elsewhere and then whether below 2 GiB), size, protection and sharing,
//! file offset, and backing (file device and inode, or anonymous). For
//! `munmap` and `msync`, and for a failed fixed `mmap`, they must leave the
//! region in the same state.
//!
//! The `mmap` grid has 96,800 cases (every type × with/without
//! `MAP_ANONYMOUS` × 22 extra flags × 11 prots × 10 fds, each with 4 of 8
//! offsets, a length among 7 and an address among 5, checked pairwise
//! complete); the `munmap` grid 64, the `msync` grid 704. Run with
//! `--nocapture` to see the counts per outcome.
//!
//! There is one `#[test]` in this file, so that nothing else in this test
//! binary maps memory concurrently and `/proc/self/maps` stays stable.
//!
//! A case where `mman` kills the process (a panic, which aborts in an
//! `extern "C"` function) would end the test at once; so each descriptor
//! kind is first tried in a child process, and if it kills the child, each
//! of its cases is run in a child first and reported as a mismatch if it
//! dies.
//!
//! Safety rules followed throughout:
//! - every `MAP_FIXED` / `MAP_FIXED_NOREPLACE` address, every `munmap` and
//!   `msync` address lies in one region reserved by the test (`Region`),
//!   whose guard pages are never targeted;
//! - fixed mappings, `MAP_POPULATE` and `MAP_LOCKED` only get lengths of at
//!   most 4 pages;
//! - every successful mapping is unmapped (or, inside the region, replaced
//!   by the reservation) right after it has been inspected, and holes in the
//!   region only exist around the one call that needs them.
#![cfg(feature = "capi")]

mod common;

use common::{assert_file_unchanged, errno, set_errno, Region, TempDir, PAGE};
use mman::consts::*;
use std::collections::BTreeMap;
use std::ffi::c_void;
use std::fs::{File, OpenOptions};
use std::io::Read;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::Path;

/// Guard pages on each side of the work area: never targeted by any call.
const GUARD: usize = 4 * PAGE;
/// The work area, where fixed mappings, holes, `munmap` and `msync` go.
const WORK: usize = 64 * PAGE;
/// What `errno` holds before each call.
const SENTINEL: i32 = 12345;
const MAP_FAILED: usize = usize::MAX;
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

// ---------------------------------------------------------------------------
// The reserved region: `Region::guarded(GUARD, WORK)`

impl Region {
    /// Maps `len` bytes at `work + off` with `MAP_FIXED`, for the set-ups
    /// of the `munmap` and `msync` grids.
    fn fixed(&self, off: usize, len: usize, prot: i32, flags: i32, fd: i32) -> usize {
        assert!(off + len <= self.work_len());
        let addr = self.work() + off;
        // SAFETY: inside the work area.
        let p = unsafe {
            libc::mmap(
                addr as *mut c_void,
                len,
                prot,
                flags | libc::MAP_FIXED,
                fd,
                0,
            )
        };
        assert_eq!(p as usize, addr, "set-up mapping: errno {}", errno());
        addr
    }
}

// ---------------------------------------------------------------------------
// /proc/self/maps and /proc/self/smaps

#[derive(Clone, Debug, PartialEq, Eq)]
struct Vma {
    start: usize,
    end: usize,
    perms: String,
    offset: u64,
    dev: String,
    inode: u64,
    path: String,
    /// `VmFlags` of smaps, sorted (empty when read from `maps`).
    vm_flags: String,
}

/// Takes the next space-separated field of `s`.
fn field<'a>(s: &mut &'a [u8]) -> &'a [u8] {
    let mut t = *s;
    while let [b' ', rest @ ..] = t {
        t = rest;
    }
    let end = t.iter().position(|&b| b == b' ').unwrap_or(t.len());
    let (f, rest) = t.split_at(end);
    *s = rest;
    f
}

fn hex(s: &[u8]) -> u64 {
    s.iter().fold(0, |n, &b| {
        let d = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            _ => panic!("not hex: {:?}", String::from_utf8_lossy(s)),
        };
        n << 4 | u64::from(d)
    })
}

fn text(s: &[u8]) -> String {
    String::from_utf8_lossy(s).into_owned()
}

/// Reads `/proc/self/maps` or `/proc/self/smaps` into `buf`, and calls
/// `f` with each line that matters: a VMA's first line, or a `VmFlags` line.
fn read_lines(buf: &mut Vec<u8>, smaps: bool, mut f: impl FnMut(&[u8])) {
    buf.clear();
    let path = if smaps {
        "/proc/self/smaps"
    } else {
        "/proc/self/maps"
    };
    File::open(path)
        .and_then(|mut f| f.read_to_end(buf))
        .expect("read /proc/self/maps");
    let mut rest: &[u8] = buf;
    while !rest.is_empty() {
        // Lines found with the C library's `memchr`: smaps is long, and
        // tests are built unoptimized.
        // SAFETY: `rest` is valid for `rest.len()` bytes.
        let nl = unsafe { libc::memchr(rest.as_ptr().cast(), i32::from(b'\n'), rest.len()) };
        let n = if nl.is_null() {
            rest.len()
        } else {
            nl as usize - rest.as_ptr() as usize
        };
        let line = &rest[..n];
        rest = &rest[(n + 1).min(rest.len())..];
        if let [b'0'..=b'9' | b'a'..=b'f', ..]
        | [b'V', b'm', b'F', b'l', b'a', b'g', b's', b':', ..] = line
        {
            f(line);
        }
    }
}

/// The address range at the start of a VMA's first line.
fn range(line: &mut &[u8]) -> (usize, usize) {
    let range = field(line);
    let dash = range.iter().position(|&b| b == b'-').expect("a range");
    (
        hex(&range[..dash]) as usize,
        hex(&range[dash + 1..]) as usize,
    )
}

/// The address ranges of `/proc/self/maps`.
fn ranges(buf: &mut Vec<u8>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    read_lines(buf, false, |mut line| out.push(range(&mut line)));
    out
}

/// The VMAs of `/proc/self/maps` (with `VmFlags` if `smaps`: from
/// `/proc/self/smaps`) that end above `from`.
fn snapshot(buf: &mut Vec<u8>, smaps: bool, from: usize) -> Vec<Vma> {
    let mut out: Vec<Vma> = Vec::new();
    let mut skipping = true;
    read_lines(buf, smaps, |line| {
        if let Some(flags) = line.strip_prefix(b"VmFlags:") {
            if !skipping {
                let mut f: Vec<&[u8]> = flags
                    .split(|&b| b == b' ')
                    .filter(|f| !f.is_empty())
                    .collect();
                f.sort_unstable();
                out.last_mut().expect("VmFlags after a header").vm_flags = text(&f.join(&b' '));
            }
            return;
        }
        let mut rest = line;
        let (start, end) = range(&mut rest);
        skipping = end <= from;
        if skipping {
            return;
        }
        let perms = text(field(&mut rest));
        let offset = hex(field(&mut rest));
        let dev = text(field(&mut rest));
        let inode = field(&mut rest)
            .iter()
            .fold(0, |n, &b| n * 10 + u64::from(b - b'0'));
        let path = text(rest.trim_ascii());
        out.push(Vma {
            start,
            end,
            perms,
            offset,
            dev,
            inode,
            path,
            vm_flags: String::new(),
        });
    });
    out
}

fn find(snap: &[Vma], addr: usize) -> Option<&Vma> {
    snap.iter().find(|v| v.start <= addr && addr < v.end)
}

fn mapped(ranges: &[(usize, usize)], addr: usize) -> bool {
    ranges.iter().any(|&(s, e)| s <= addr && addr < e)
}

/// What is behind a piece of mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Backing {
    /// Anonymous memory (the path column: empty, or a name like `[heap]`).
    Anon(String),
    /// A file, named by device and inode.
    File {
        dev: String,
        inode: u64,
        path: String,
    },
    /// An unlinked internal file (`/dev/zero (deleted)` of shared anonymous
    /// memory, `/anon_hugepage (deleted)`): a new inode for each mapping, so
    /// only the name is compared.
    Internal(String),
}

/// A piece of mapping, its addresses relative to some origin.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Seg {
    start: usize,
    end: usize,
    perms: String,
    /// The file offset of `start` (0 for anonymous memory).
    offset: u64,
    backing: Backing,
    vm_flags: String,
}

/// The mappings of `[lo, hi)` in `snap`, relative to `origin`, with
/// neighbouring pieces that only differ by where the kernel split or merged
/// its VMAs joined, so that the description does not depend on merges.
fn describe(snap: &[Vma], lo: usize, hi: usize, origin: usize) -> Vec<Seg> {
    let mut out: Vec<Seg> = Vec::new();
    for v in snap.iter().filter(|v| v.end > lo && v.start < hi) {
        let s = v.start.max(lo);
        let e = v.end.min(hi);
        let backing = if v.inode == 0 {
            Backing::Anon(v.path.clone())
        } else if v.path.ends_with(" (deleted)") {
            Backing::Internal(v.path.clone())
        } else {
            Backing::File {
                dev: v.dev.clone(),
                inode: v.inode,
                path: v.path.clone(),
            }
        };
        let offset = if v.inode == 0 {
            v.offset
        } else {
            v.offset + (s - v.start) as u64
        };
        let seg = Seg {
            start: s - origin,
            end: e - origin,
            perms: v.perms.clone(),
            offset,
            backing,
            vm_flags: v.vm_flags.clone(),
        };
        out.push(seg);
    }
    merge(out)
}

/// Joins neighbouring pieces that only differ by where the kernel split or
/// merged its VMAs.
fn merge(segs: Vec<Seg>) -> Vec<Seg> {
    let mut out: Vec<Seg> = Vec::new();
    for seg in segs {
        if let Some(last) = out.last_mut() {
            let contiguous = match seg.backing {
                Backing::Anon(_) => last.offset == seg.offset,
                _ => last.offset + (last.end - last.start) as u64 == seg.offset,
            };
            if last.end == seg.start
                && last.perms == seg.perms
                && last.backing == seg.backing
                && last.vm_flags == seg.vm_flags
                && contiguous
            {
                last.end = seg.end;
                continue;
            }
        }
        out.push(seg);
    }
    out
}

// ---------------------------------------------------------------------------
// Outcomes

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Imp {
    Capi,
    Raw,
    Libc,
}

/// Where a successful `mmap` put its mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Placed {
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
struct Outcome<T> {
    /// The result, or the error number (`errno`, or the raw API's `Errno`).
    result: Result<T, i32>,
    /// `errno` after the call.
    errno_after: i32,
    /// For calls that can change the region: its description afterwards.
    region: Option<Vec<Seg>>,
}

// ---------------------------------------------------------------------------
// The test's process state: files, descriptors, the region

struct Fds {
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
    fn open(path: &Path) -> Fds {
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

    fn check_closed(&self) {
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
enum FdKind {
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

const FD_KINDS: [FdKind; 10] = [
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
    fn get(&self, k: FdKind) -> i32 {
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

struct Ctx {
    region: Region,
    buf: Vec<u8>,
    /// `/proc/self/maps` before the next call (kept up to date after each
    /// successful call has been cleaned up).
    baseline: Vec<(usize, usize)>,
}

impl Ctx {
    fn refresh(&mut self) {
        self.baseline = ranges(&mut self.buf);
    }

    /// The region's description, with `VmFlags` if `smaps`.
    fn describe_region(&mut self, smaps: bool) -> Vec<Seg> {
        let snap = snapshot(&mut self.buf, smaps, self.region.base);
        describe(&snap, self.region.base, self.region.end(), self.region.base)
    }
}

// ---------------------------------------------------------------------------
// mmap

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

const FIXED_AT: usize = 8 * PAGE;
const HOLE_AT: usize = 16 * PAGE;
const HOLE_LEN: usize = 4 * PAGE;

#[derive(Clone, Copy, Debug)]
struct MmapCase {
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
    let r = unsafe {
        match imp {
            Imp::Capi => {
                let p = mman::capi::mman_mmap(addr, len, prot, flags, fd, offset) as usize;
                if p == MAP_FAILED {
                    Err(errno())
                } else {
                    Ok(p)
                }
            }
            Imp::Libc => {
                let p = libc::mmap(addr, len, prot, flags, fd, offset) as usize;
                if p == MAP_FAILED {
                    Err(errno())
                } else {
                    Ok(p)
                }
            }
            Imp::Raw => mman::raw::mmap(addr, len, prot, flags, fd, offset)
                .map(|p| p as usize)
                .map_err(|e| e.raw_os_error()),
        }
    };
    (r, errno())
}

fn address(region: &Region, addr: Addr) -> usize {
    let work = region.work();
    match addr {
        Addr::Null => 0,
        Addr::HintHole | Addr::Hole => work + HOLE_AT,
        Addr::Reserved => work + FIXED_AT,
        Addr::ReservedPlus1 => work + FIXED_AT + 1,
    }
}

fn run_mmap(ctx: &mut Ctx, fds: &Fds, imp: Imp, c: &MmapCase) -> Outcome<Placed> {
    let fixed = c.flags & (MMAN_MAP_FIXED | MMAN_MAP_FIXED_NOREPLACE) != 0;
    let addr = address(&ctx.region, c.addr);
    // The safety rules, checked.
    if fixed {
        assert!(c.addr != Addr::Null && c.addr != Addr::HintHole);
        assert!(c.len <= 4 * PAGE, "a fixed mapping must fit the work area");
    }
    if c.flags & (MMAN_MAP_POPULATE | MMAN_MAP_LOCKED) != 0 {
        assert!(
            c.len <= 4 * PAGE,
            "MAP_POPULATE and MAP_LOCKED only with small lengths"
        );
    }
    let holed = matches!(c.addr, Addr::HintHole | Addr::Hole);
    if holed {
        ctx.region.punch(HOLE_AT, HOLE_LEN);
    }
    let (result, errno_after) =
        call_mmap(imp, addr, c.len, c.prot, c.flags, fds.get(c.fd), c.offset);
    match result {
        Err(e) => {
            // A failed fixed mapping may have changed the region: compare.
            let region = fixed.then(|| ctx.describe_region(false));
            if fixed || holed {
                ctx.region.restore();
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
                &mut ctx.buf,
                smaps,
                p.saturating_sub(1).min(ctx.region.base),
            );
            let placed = if ctx.region.contains(p) {
                let region = describe(&after, ctx.region.base, ctx.region.end(), ctx.region.base);
                ctx.region.restore();
                Placed::Region {
                    at: p - ctx.region.base,
                    region,
                }
            } else {
                // The pages from `p` up that were not mapped before the call.
                let mut end = p;
                while let Some(v) = find(&after, end) {
                    if mapped(&ctx.baseline, end) {
                        break;
                    }
                    let next_old = ctx
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
                    p >= PAGE && find(&after, p - 1).is_some() && !mapped(&ctx.baseline, p - 1);
                let mapping = describe(&after, p, end, p);
                // Unmap what the call mapped: `len` rounded up to the page
                // size (2 MiB for hugetlb), and never more than the new pages
                // (a wrong size is a mismatch, not a reason to unmap memory
                // that is not ours).
                let huge = find(&after, p).is_some_and(|v| v.path.starts_with("/anon_hugepage"));
                let page = if huge { 2 << 20 } else { PAGE };
                let unmap = c.len.div_ceil(page) * page;
                assert!(
                    size > 0,
                    "{imp:?} {c:?}: the mapping at {p:#x} is not new:\n{after:#?}"
                );
                // SAFETY: `[p, p + unmap.min(size))` is the new mapping,
                // unmapped before the call, not in use.
                let r = unsafe { libc::munmap(p as *mut c_void, unmap.min(size)) };
                assert_eq!(r, 0, "unmapping {p:#x}+{size:#x}: errno {}", errno());
                ctx.refresh();
                if holed {
                    ctx.region.restore();
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

// ---------------------------------------------------------------------------
// munmap and msync

/// Layout of the work area for the `munmap` and `msync` grids (offsets in
/// the work area): a shared mapping of the read-write file, an anonymous
/// private one followed by a hole, and a locked anonymous page.
const F_AT: usize = 4 * PAGE;
const A_AT: usize = 8 * PAGE;
const H_AT: usize = 10 * PAGE;
const H_END: usize = 14 * PAGE;
const L_AT: usize = 20 * PAGE;

fn set_up_layout(ctx: &mut Ctx, fds: &Fds) {
    let r = &ctx.region;
    r.restore();
    let f = r.fixed(
        F_AT,
        2 * PAGE,
        libc::PROT_READ | libc::PROT_WRITE,
        libc::MAP_SHARED,
        fds.rw.as_raw_fd(),
    );
    // Dirty the file's page with the byte it already holds: `msync` has
    // something to write back, and the file stays as it was.
    // SAFETY: the first page of a 2-page mapping of a 3-page file.
    unsafe {
        let b = (f as *const u8).add(7).read_volatile();
        (f as *mut u8).add(7).write_volatile(b);
    }
    let a = r.fixed(
        A_AT,
        2 * PAGE,
        libc::PROT_READ | libc::PROT_WRITE,
        libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
        -1,
    );
    // SAFETY: a fresh writable anonymous mapping.
    unsafe { (a as *mut u8).write_volatile(42) };
    r.fixed(
        L_AT,
        PAGE,
        libc::PROT_READ | libc::PROT_WRITE,
        libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_LOCKED,
        -1,
    );
    r.punch(H_AT, H_END - H_AT);
}

/// Lays out the `munmap`/`msync` set-up, makes `call` with the work area's
/// address, and takes the region's description before restoring it.
fn on_layout(
    ctx: &mut Ctx,
    fds: &Fds,
    call: impl FnOnce(usize) -> (Result<(), i32>, i32),
) -> Outcome<()> {
    set_up_layout(ctx, fds);
    let (result, errno_after) = call(ctx.region.work());
    let region = Some(ctx.describe_region(true));
    ctx.region.restore();
    Outcome {
        result,
        errno_after,
        region,
    }
}

fn call_munmap(imp: Imp, addr: usize, len: usize) -> (Result<(), i32>, i32) {
    let addr = addr as *mut c_void;
    set_errno(SENTINEL);
    // SAFETY: `addr` is in the work area, whose mappings are not in use;
    // a length that leaves the work area is `usize::MAX` or
    // `usize::MAX - 4095`, which the kernel rejects with EINVAL
    // (`len > TASK_SIZE - start`) before it unmaps anything.
    let r = unsafe {
        match imp {
            Imp::Capi => match mman::capi::mman_munmap(addr, len) {
                0 => Ok(()),
                -1 => Err(errno()),
                other => panic!("mman_munmap returned {other}"),
            },
            Imp::Libc => match libc::munmap(addr, len) {
                0 => Ok(()),
                _ => Err(errno()),
            },
            Imp::Raw => mman::raw::munmap(addr, len).map_err(|e| e.raw_os_error()),
        }
    };
    (r, errno())
}

fn call_msync(imp: Imp, addr: usize, len: usize, flags: i32) -> (Result<(), i32>, i32) {
    let addr = addr as *mut c_void;
    set_errno(SENTINEL);
    // SAFETY: `addr` is in the work area; a length that leaves it is
    // `usize::MAX`, which the kernel rounds to an empty range (success,
    // nothing done), or `usize::MAX - 4095`, whose end wraps below its start
    // (ENOMEM) before anything is looked at.
    let r = unsafe {
        match imp {
            Imp::Capi => match mman::capi::mman_msync(addr, len, flags) {
                0 => Ok(()),
                -1 => Err(errno()),
                other => panic!("mman_msync returned {other}"),
            },
            Imp::Libc => match libc::msync(addr, len, flags) {
                0 => Ok(()),
                _ => Err(errno()),
            },
            Imp::Raw => mman::raw::msync(addr, len, flags).map_err(|e| e.raw_os_error()),
        }
    };
    (r, errno())
}

// ---------------------------------------------------------------------------
// Bookkeeping

/// A copy without `VmFlags`, to compare with a description read from
/// `/proc/self/maps`.
trait Strip {
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
struct Tally {
    cases: usize,
    identical: usize,
    /// Outcome (as libc reports it) → number of cases.
    outcomes: BTreeMap<String, usize>,
    mismatches: Vec<String>,
    /// Cases skipped because `mman` would kill the process.
    crashes: usize,
}

impl Tally {
    /// Records one case: `capi` and `libc` must be equal; `raw` must have
    /// libc's result and leave `errno` alone; a success of `capi` must
    /// leave `errno` alone.
    fn record<T: PartialEq + std::fmt::Debug + Strip>(
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
    fn record_crash<T: std::fmt::Debug>(
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

fn errno_name(e: i32) -> String {
    let name = match e {
        libc::EINVAL => "EINVAL",
        libc::EBADF => "EBADF",
        libc::EACCES => "EACCES",
        libc::ENOMEM => "ENOMEM",
        libc::ENODEV => "ENODEV",
        libc::EOVERFLOW => "EOVERFLOW",
        libc::EOPNOTSUPP => "EOPNOTSUPP",
        libc::EEXIST => "EEXIST",
        libc::EPERM => "EPERM",
        libc::EAGAIN => "EAGAIN",
        libc::EBUSY => "EBUSY",
        libc::ETXTBSY => "ETXTBSY",
        _ => return format!("errno {e}"),
    };
    name.to_owned()
}

// ---------------------------------------------------------------------------
// Crash probe

/// Whether `f` kills the process (a panic in an `extern "C"` function
/// aborts it; a panic in the raw API would unwind through the test), run in
/// a child process so that the grid can go on and report every case.
fn dies_in_child(f: impl FnOnce()) -> bool {
    // SAFETY: the child only runs `f` (one mmap call) and exits; the other
    // thread of the test process (libtest's) is idle, so no lock it holds
    // can block the child.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork: errno {}", errno());
    if pid == 0 {
        // SAFETY: the child's stderr goes to /dev/null (the panic message
        // would only be noise), then it exits without running destructors.
        unsafe {
            let null = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY);
            libc::dup2(null, 2);
            let ok = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).is_ok();
            libc::_exit(if ok { 0 } else { 101 });
        }
    }
    let mut status = 0;
    let start = std::time::Instant::now();
    let mut pause = std::time::Duration::from_micros(20);
    while start.elapsed() < std::time::Duration::from_secs(10) {
        // SAFETY: `pid` is our child.
        let r = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        if r == pid {
            return libc::WIFSIGNALED(status) || libc::WEXITSTATUS(status) != 0;
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(std::time::Duration::from_millis(10));
    }
    // SAFETY: `pid` is our child, still running after 10 s.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
        libc::waitpid(pid, &mut status, 0);
    }
    panic!("the crash probe's child hung");
}

/// Whether `raw::mmap` or `mman_mmap` kills the process in case `c` (run in
/// a child: a fixed mapping there replaces the child's copy of the region).
fn case_crashes(ctx: &Ctx, fds: &Fds, c: &MmapCase) -> bool {
    let addr = address(&ctx.region, c.addr);
    let fd = fds.get(c.fd);
    dies_in_child(|| {
        let _ = call_mmap(Imp::Raw, addr, c.len, c.prot, c.flags, fd, c.offset);
        let _ = call_mmap(Imp::Capi, addr, c.len, c.prot, c.flags, fd, c.offset);
    })
}

/// The fd kinds with which `mman_mmap` or `raw::mmap` kills the process
/// (with or without `MAP_ANONYMOUS`): their cases are each first run in a
/// child by `case_crashes`.
fn crashing_fds(fds: &Fds) -> Vec<FdKind> {
    let mut out = Vec::new();
    for k in FD_KINDS {
        let fd = fds.get(k);
        let crashes = [Imp::Capi, Imp::Raw].into_iter().any(|imp| {
            [0, MMAN_MAP_ANONYMOUS].into_iter().any(|anon| {
                dies_in_child(|| {
                    let _ = call_mmap(imp, 0, PAGE, MMAN_PROT_READ, MMAN_MAP_PRIVATE | anon, fd, 0);
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
    MMAN_MAP_32BIT,
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

const OFFSETS: [i64; 8] = [0, 4096, 1, 4095, -4096, -1, 1 << 40, i64::MAX & !4095];

/// Lengths for the fixed, populated and locked mappings (at most 4 pages):
/// the first four of `LENS`.
const SMALL_LENS: [usize; 4] = [0, 1, PAGE, 3 * PAGE + 1];
/// All lengths. `usize::MAX` rounds up to 0 and `usize::MAX - 4095` is
/// above the address space: the kernel rejects both (ENOMEM) at once.
const LENS: [usize; 7] = [
    0,
    1,
    PAGE,
    3 * PAGE + 1,
    1 << 40,
    usize::MAX,
    usize::MAX - 4095,
];

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

/// Whether `extra` only gets the small lengths (`SMALL_LENS`, the first
/// four of `LENS`).
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
                            let len = LENS[li];
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
                                offset: OFFSETS[oi],
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
        OFFSETS.len(),
        LENS.len(),
        ADDRS.len(),
    ];
    let fixed_addr =
        |x: usize| matches!(ADDRS[x], Addr::Reserved | Addr::ReservedPlus1 | Addr::Hole);
    // Whether the safety rules allow the pair (dimension 2: extra flags,
    // 6: length, 7: address).
    let allowed = |da: usize, va: usize, db: usize, vb: usize| match (da, db) {
        (2, 6) => !is_small(EXTRAS[va]) || vb < SMALL_LENS.len(),
        (2, 7) => is_fixed(EXTRAS[va]) == fixed_addr(vb),
        (6, 7) => !fixed_addr(vb) || va < SMALL_LENS.len(),
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

/// Addresses (offsets in the work area) for the `munmap` and `msync` grids.
const SYNC_ADDRS: [(usize, &str); 8] = [
    (PAGE, "reserved"),
    (PAGE + 1, "reserved+1"),
    (H_AT, "hole"),
    (F_AT, "file"),
    (F_AT + 1, "file+1"),
    (A_AT, "anon"),
    (A_AT + PAGE, "anon page 2"),
    (L_AT, "locked"),
];

/// Lengths for an address at `off` in the work area: 0, 1, a page, 4 pages
/// and a byte, to the end of the hole (or 2 pages past it), to the end of
/// the work area, and the two huge lengths the kernel refuses to act on.
fn sync_lens(off: usize) -> [usize; 8] {
    let span = if off < H_END { H_END - off } else { 2 * PAGE };
    [
        0,
        1,
        PAGE,
        3 * PAGE + 1,
        span,
        WORK - off,
        usize::MAX,
        usize::MAX - 4095,
    ]
}

const MSYNC_FLAGS: [i32; 11] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 0x10, i32::MIN];

#[test]
fn differential() {
    let tmp = TempDir::new("differential");
    let path = tmp.file();
    let fds = Fds::open(&path);
    fds.check_closed();
    let mut buf = Vec::with_capacity(1 << 16);
    let baseline = ranges(&mut buf);
    let mut ctx = Ctx {
        region: Region::guarded(GUARD, WORK),
        buf,
        baseline,
    };

    // mmap
    let mut mmap_tally = Tally::default();
    let crashing = crashing_fds(&fds);
    let cases = mmap_cases();
    for c in &cases {
        if crashing.contains(&c.fd) && case_crashes(&ctx, &fds, c) {
            let libc = run_mmap(&mut ctx, &fds, Imp::Libc, c);
            mmap_tally.record_crash("mmap", c, libc);
            continue;
        }
        let capi = run_mmap(&mut ctx, &fds, Imp::Capi, c);
        let raw = run_mmap(&mut ctx, &fds, Imp::Raw, c);
        let libc = run_mmap(&mut ctx, &fds, Imp::Libc, c);
        mmap_tally.record("mmap", c, capi, raw, libc);
    }
    // The grid never writes through a mapping: the file is as it was.
    assert_file_unchanged(&path);

    // munmap
    let mut munmap_tally = Tally::default();
    for (off, name) in SYNC_ADDRS {
        for len in sync_lens(off) {
            let mut run =
                |imp: Imp| on_layout(&mut ctx, &fds, |work| call_munmap(imp, work + off, len));
            let (capi, raw, libc) = (run(Imp::Capi), run(Imp::Raw), run(Imp::Libc));
            munmap_tally.record("munmap", &(name, len), capi, raw, libc);
        }
    }

    // msync
    let mut msync_tally = Tally::default();
    for (off, name) in SYNC_ADDRS {
        for len in sync_lens(off) {
            for flags in MSYNC_FLAGS {
                let mut run = |imp: Imp| {
                    on_layout(&mut ctx, &fds, |work| {
                        call_msync(imp, work + off, len, flags)
                    })
                };
                let (capi, raw, libc) = (run(Imp::Capi), run(Imp::Raw), run(Imp::Libc));
                msync_tally.record("msync", &(name, len, flags), capi, raw, libc);
            }
        }
    }
    assert_file_unchanged(&path);
    fds.check_closed();

    let mut total = 0;
    let mut identical = 0;
    let mut mismatches = Vec::new();
    for (name, t) in [
        ("mmap", &mmap_tally),
        ("munmap", &munmap_tally),
        ("msync", &msync_tally),
    ] {
        println!("{name}: {} cases, {} identical", t.cases, t.identical);
        for (outcome, n) in &t.outcomes {
            println!("    {outcome}: {n}");
        }
        total += t.cases;
        identical += t.identical;
        mismatches.extend(t.mismatches.iter().filter(|m| !m.is_empty()).cloned());
    }
    println!("differential: {total} cases, {identical} identical");
    if !crashing.is_empty() {
        println!(
            "MISMATCH mman_mmap or raw::mmap kills the process with fd {crashing:?}: in {} cases (the first are listed below)",
            mmap_tally.crashes
        );
    }
    for m in &mismatches {
        println!("MISMATCH {m}");
    }
    assert!(mmap_tally.cases >= 5000);
    assert_eq!(
        identical,
        total,
        "{} cases differ (the first ones are printed above)",
        total - identical
    );
}
