//! Property tests: every C function of mman (`mman::capi::mman_*`) against
//! the system C library's (glibc) with arbitrary arguments, drawn from the
//! full integer ranges and near the edges (page boundaries, the end of the
//! address space, flag bits one by one, known flag values and their
//! combinations). For each case both are called from the same state and
//! must agree on the return value, on `errno` (a sentinel before the call,
//! so that a success must leave it untouched), and on the state the call
//! left: the `/proc/self/maps` lines of the test's region, a `mincore` of
//! every page of it, `VmLck`, and what the call created (a mapping elsewhere,
//! a descriptor and its flags, the entries of `/dev/shm`). A difference fails
//! the test with the case proptest shrank it to.
//!
//! Safety (the tests run as root): every address passed to a call that can
//! change memory lies in the work area of the region this test reserved
//! (`Region::guarded`, between guard areas that are never targeted), and
//! the length keeps the range inside it. A length outside the region is
//! kept only where the kernel rejects it before it touches anything, for
//! the case's own address and by the check that call makes (`Outside`,
//! `Wrap`); otherwise it is folded into the region (`fit`). `MAP_FIXED`
//! gets region addresses only, and never with `MAP_HUGETLB` (whose length
//! the kernel rounds up to a huge page); the region is restored when each
//! case ends, even by a panic; a mapping a call put elsewhere is unmapped at once; `mlockall` and
//! `munlockall` run in forked children; `shm_open`/`shm_unlink` run in a
//! child with a private mount namespace and its own tmpfs on `/dev/shm`;
//! `MADV_HWPOISON` and `MADV_SOFT_OFFLINE` are never passed; `MAP_POPULATE`,
//! `MAP_LOCKED` and `mlock` get a few pages at most.
//!
//! Cases per function: 10,000 in release mode, as `make check-prop` runs
//! it (1,000 in an unoptimized build; `MMAN_PROP_CASES` overrides). One `#[test]`,
//! so that nothing else in this process maps memory meanwhile.
#![cfg(feature = "capi")]

mod common;

use common::call::Lib;
use common::maps::{segments, snapshot, Seg};
use common::scene::{Scene, NP, R};
use common::{
    drop_root, emulated, errno, fd_state, in_child, page, set_errno, vmlck, Imp, TempDir, SENTINEL,
};
use mman::capi::MAP_FAILED;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use std::cell::RefCell;
use std::ffi::{c_int, c_void, CString};
use std::fmt::Debug;
use std::os::fd::AsRawFd;

/// The work area in bytes.
fn rlen() -> usize {
    NP * page()
}
/// Above the largest `TASK_SIZE` of x86_64 (56 bits with 5-level paging),
/// for any address: a length in `[HUGE, HUGE_END]` is past the address
/// space from anywhere in the region, and adding it never wraps.
#[cfg(target_pointer_width = "64")]
const HUGE: usize = 1 << 57;
#[cfg(target_pointer_width = "64")]
const HUGE_END: usize = 1 << 63;
// On 32-bit targets no length is past `TASK_SIZE` from every address
// without wrapping: the band is empty.
#[cfg(target_pointer_width = "32")]
const HUGE: usize = usize::MAX;
#[cfg(target_pointer_width = "32")]
const HUGE_END: usize = usize::MAX - 1;
/// Under qemu-user, the longest mapping a case may make: qemu 7.2 keeps
/// a record per guest page it has ever mapped, set page by page and never
/// freed (mappings of up to 4 GiB at changing addresses took it past 20 GB
/// before the kernel killed it), so longer lengths are folded under it.
const EMULATED_MAX: usize = 1 << 22;
/// Most pages given to `mlock` or to a `MAP_POPULATE`/`MAP_LOCKED` mapping.
fn few() -> usize {
    8 * page()
}

// The scene laid out in the region before each call: `common::scene`.

/// The state a call left, as compared.
#[derive(Debug, PartialEq, Default)]
struct Out {
    /// The return value (an address as a number, or relative: see `ret`).
    ret: String,
    errno: c_int,
    /// The region's mappings, guards included (relative to its base), one
    /// per VMA.
    region: Vec<Seg>,
    /// Per page of the region (guards included): the low bit of
    /// `mincore`, or 0xee for no mapping.
    resident: Vec<u8>,
    /// How the call changed `VmLck` of `/proc/self/status`, in kB (the
    /// kernel's count drifts after `MREMAP_DONTUNMAP` of locked pages, so
    /// the absolute value would differ from one call to the next).
    vmlck: i64,
    /// What the call created outside the region, or extra state.
    extra: String,
}

// ---------------------------------------------------------------------------
// The test's process state

struct Ctx {
    /// The region and the scene's file.
    scene: Scene,
    /// The 3-page test file (in the temporary directory, on a disk as a
    /// user's file would be) read-write and read-only, a memfd, /dev/zero,
    /// a directory, a pipe's read end, a closed descriptor's number.
    fds: Vec<c_int>,
    _tmp: TempDir,
    _keep: Vec<std::fs::File>,
    buf: Vec<u8>,
    /// `VmLck` once the scene is laid out: the state compares the change.
    lck0: i64,
}

impl Ctx {
    fn new() -> Ctx {
        let scene = Scene::new("prop");
        let tmp = TempDir::new("prop");
        let file = tmp.file();
        let rw = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&file)
            .expect("open rw");
        let ro = std::fs::File::open(&file).expect("open ro");
        // SAFETY: plain calls with valid arguments.
        let memfd = unsafe { libc::memfd_create(c"prop".as_ptr(), 0) };
        assert!(memfd >= 0);
        assert_eq!(
            unsafe { libc::ftruncate(memfd, (3 * page()) as libc::off_t) },
            0
        );
        let zero = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/zero")
            .expect("open /dev/zero");
        let dirfd = std::fs::File::open(&tmp.0).expect("open the directory");
        let mut pipe = [0; 2];
        assert_eq!(unsafe { libc::pipe(pipe.as_mut_ptr()) }, 0);
        let fds = vec![
            rw.as_raw_fd(),
            ro.as_raw_fd(),
            memfd,
            zero.as_raw_fd(),
            dirfd.as_raw_fd(),
            pipe[0],
            999,
        ];
        Ctx {
            scene,
            fds,
            _tmp: tmp,
            _keep: vec![rw, ro, zero, dirfd],
            buf: Vec::with_capacity(1 << 16),
            lck0: 0,
        }
    }

    fn at(&self, page: usize) -> *mut c_void {
        self.scene.at(page)
    }

    /// Lays out the scene. The guard it returns puts the reservation back
    /// when the case ends, or when a panic unwinds out of it: no hole of
    /// the scene, and nothing a case mapped in the region, outlives the
    /// case.
    fn scene(&mut self) -> common::Restorer {
        let restorer = self.scene.region.restorer();
        assert!(self.scene.lay(), "laying out the scene: errno {}", errno());
        self.lck0 = vmlck();
        restorer
    }

    /// The region's state after a call.
    fn state(&mut self, ret: String, err: c_int, extra: String) -> Out {
        let r = &self.scene.region;
        let maps = snapshot(&mut self.buf, false, r.base);
        let region = segments(&maps, r.base, r.end(), r.base);
        let mut resident = vec![0xee; r.len() / page()];
        for seg in &region {
            let (s, e) = (seg.start, seg.end);
            let mut v = vec![0u8; (e - s) / page()];
            // SAFETY: `v` has a byte per page of a mapped range.
            let rc = unsafe { libc::mincore((r.base + s) as *mut c_void, e - s, v.as_mut_ptr()) };
            if rc != 0 && emulated() && errno() == libc::ENOMEM {
                common::skip(
                    "prop: the residency of pages that are not writable",
                    "qemu-user 7.2's mincore asks for write access to the range it describes \
                     and fails with ENOMEM where it is not writable; such pages count as 0xef",
                );
                resident[s / page()..e / page()].fill(0xef);
                continue;
            }
            assert_eq!(rc, 0, "mincore of the region: errno {}", errno());
            for (i, b) in v.iter().enumerate() {
                resident[s / page() + i] = b & 1;
            }
        }
        Out {
            ret,
            errno: err,
            region,
            resident,
            vmlck: vmlck() - self.lck0,
            extra,
        }
    }

    /// A return value: relative to the region when it lies in it.
    fn ret_ptr(&self, p: usize) -> String {
        if p == MAP_FAILED as usize {
            "MAP_FAILED".into()
        } else if self.scene.region.contains(p) {
            format!("R+{:#x}", p - self.scene.region.base)
        } else {
            "elsewhere".into()
        }
    }

    /// Describes, then unmaps, a mapping a call made outside the region at
    /// `p`, `len` bytes asked: the line of `/proc/self/maps` holding it.
    fn elsewhere(&mut self, p: usize, len: usize, hint: usize) -> String {
        if p == MAP_FAILED as usize || self.scene.region.contains(p) {
            return String::new();
        }
        if emulated() {
            return self.elsewhere_emulated(p, len, hint);
        }
        let maps = snapshot(&mut self.buf, false, 0);
        let m = maps
            .iter()
            .find(|m| m.start <= p && p < m.end)
            .cloned()
            .expect("the new mapping is in /proc/self/maps");
        let hugetlb = m.path.contains("anon_hugepage") || m.path.contains("hugetlb");
        let len = if hugetlb {
            m.end - p
        } else {
            len.div_ceil(page()) * page()
        };
        let out = format!(
            "at hint {}, below 4 GiB {}, {} {} file {} offset {:#x} {}, {} bytes to the VMA's end",
            p == hint,
            (p as u64) < 1 << 32,
            m.perms,
            m.path,
            m.inode != 0,
            m.offset + (p - m.start) as u64,
            if hugetlb { "hugetlb" } else { "" },
            (m.end - p).min(len),
        );
        // SAFETY: the call just mapped `[p, p + len)` where nothing was.
        let r = unsafe { libc::munmap(p as *mut c_void, len) };
        assert_eq!(r, 0, "unmapping {p:#x}+{len:#x}: errno {}", errno());
        out
    }

    /// `elsewhere` under qemu-user, whose emulated `/proc/self/maps` (7.2)
    /// leaves out a guest mapping whose host mapping merged with one of
    /// qemu's own: where the mapping is, and its length (`MAP_HUGETLB` is
    /// not drawn under qemu-user: see `mmap_args`).
    fn elsewhere_emulated(&mut self, p: usize, len: usize, hint: usize) -> String {
        common::skip(
            "prop: the description of a mapping placed outside the region",
            "qemu-user 7.2's emulated /proc/self/maps leaves out a guest mapping whose host \
             mapping merged with one of qemu's own; where it is and its length are compared",
        );
        let len = len.div_ceil(page()) * page();
        // SAFETY: the call just mapped `[p, p + len)` where nothing was.
        let r = unsafe { libc::munmap(p as *mut c_void, len) };
        assert_eq!(r, 0, "unmapping {p:#x}+{len:#x}: errno {}", errno());
        format!(
            "at hint {}, below 4 GiB {}, {len} bytes",
            p == hint,
            (p as u64) < 1 << 32
        )
    }
}

// ---------------------------------------------------------------------------
// Strategies

/// An offset in the region: page boundaries, and any byte.
fn offset() -> BoxedStrategy<usize> {
    prop_oneof![
        4 => (0..NP).prop_map(|k| k * page()),
        1 => 0..rlen(),
        1 => (1..NP, 1..4usize).prop_map(|(k, d)| k * page() - d),
    ]
    .boxed()
}

/// A length: small multiples of pages and their neighbours, any `usize`,
/// powers of two, and the edges of the address space.
fn length() -> BoxedStrategy<usize> {
    prop_oneof![
        3 => 0..=rlen(),
        3 => (0..=NP, 0..5usize).prop_map(|(k, d)| (k * page() + d).saturating_sub(2)),
        2 => any::<usize>(),
        1 => (0..64u32).prop_map(|b| 1usize << b),
        1 => select(vec![
            HUGE,
            HUGE.saturating_add(1),
            HUGE_END,
            usize::MAX,
            usize::MAX - 1,
            usize::MAX - page() + 1,
            usize::MAX - page(),
            usize::MAX - 2 * page(),
            // On 32-bit targets, their low 32 bits.
            0x7fff_ffff_f000_u64 as usize,
            0x8000_0000_0000_u64 as usize,
            (1u64 << 56) as usize,
            isize::MAX as usize,
        ]),
    ]
    .boxed()
}

/// A 32-bit flag word: any value, one bit, a known value, a known value
/// with one more bit.
fn bits(known: &'static [c_int]) -> BoxedStrategy<c_int> {
    prop_oneof![
        2 => any::<c_int>(),
        2 => (0..32u32).prop_map(|b| (1u32 << b) as c_int),
        3 => select(known),
        2 => (select(known), 0..32u32).prop_map(|(k, b)| k | (1u32 << b) as c_int),
        1 => (select(known), select(known)).prop_map(|(a, b)| a | b),
    ]
    .boxed()
}

/// Which ranges outside the region a call may get, because the kernel
/// rejects them before touching anything.
#[derive(Clone, Copy)]
struct Outside {
    /// `[HUGE, HUGE_END]`: past `TASK_SIZE` from any address. Only for the
    /// calls that check the range against `TASK_SIZE` first: `mmap` and
    /// `mremap` (`get_unmapped_area`, `mremap_to`, and for a shrinking old
    /// range `do_vmi_munmap`), `munmap` (`do_vmi_munmap`: `len > TASK_SIZE -
    /// start`), `mincore` (`access_ok`).
    huge: bool,
    /// Which lengths whose end wraps around the address space the call may
    /// get: see `Wrap`.
    wrap: Wrap,
}

/// How a call rounds a range before its one check on the end, for the
/// calls that walk the mappings from the start without comparing the end
/// with `TASK_SIZE` (`mprotect`, `madvise`, `msync`, `mlock` and kin):
/// such a call only rejects a range whose rounded end wraps around (or is
/// the start again), and a length that merely reaches above the region
/// makes it act on every mapping there. So a length passes only if its
/// end truly wraps from the case's own address; every other length is
/// folded into the region.
#[derive(Clone, Copy, PartialEq)]
enum Wrap {
    /// No length past the region.
    No,
    /// `end = addr + PAGE_ALIGN(len)`: rejected if `PAGE_ALIGN(len)` wraps
    /// to 0 (`mprotect` ENOMEM, `madvise` EINVAL, `msync` a no-op success)
    /// or `end` wraps below `addr` (`mprotect` ENOMEM, `madvise` EINVAL,
    /// `msync` ENOMEM). `munmap`, `mincore` and `mmap` reject these too,
    /// as past `TASK_SIZE`.
    Rounded,
    /// `mlock`, `munlock`, `mlock2` (`do_mlock`): `len = PAGE_ALIGN(len +
    /// offset_in_page(addr))`, `start = addr & PAGE_MASK`, then `end =
    /// start + len`: EINVAL if `end < start`, nothing done if `end ==
    /// start`.
    Lock,
}

/// Whether the kernel rejects `[addr, addr + len)` before acting, as
/// `wrap` describes: its rounded end wraps around from `addr`.
fn end_wraps(addr: usize, len: usize, wrap: Wrap) -> bool {
    let round = |l: usize| l.wrapping_add(page() - 1) & !(page() - 1);
    match wrap {
        Wrap::No => false,
        Wrap::Rounded => {
            let l = round(len);
            (len != 0 && l == 0) || addr.checked_add(l).is_none()
        }
        Wrap::Lock => {
            let start = addr & !(page() - 1);
            let l = round(len.wrapping_add(addr & (page() - 1)));
            (len != 0 && l == 0) || start.checked_add(l).is_none()
        }
    }
}

/// `len` if `[addr, addr + len)` (`addr` the address the case uses) stays
/// inside `room` bytes, or lies in a band `outside` allows; otherwise `len`
/// folded into `0..=room`.
fn fit(addr: usize, len: usize, room: usize, outside: Outside) -> usize {
    if len <= room
        || (outside.huge && (HUGE..=HUGE_END).contains(&len))
        || end_wraps(addr, len, outside.wrap)
    {
        len
    } else {
        len % (room + 1)
    }
}

/// Room from `off` (in the region) to the region's end, rounded down to
/// whole pages past an unaligned start: the kernel rounds lengths up.
fn room(off: usize) -> usize {
    (rlen() - off) / page() * page()
}

// ---------------------------------------------------------------------------
// The property runner

/// Runs `cases` cases of `strategy`, each through both implementations with
/// `call`, and requires identical outcomes. Prints the count, or the
/// minimal failing case proptest shrank to.
fn prop<S>(name: &str, cases: u32, strategy: S, call: impl Fn(&S::Value, Imp) -> Out) -> String
where
    S: Strategy,
    S::Value: Debug,
{
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 4096,
        ..Config::default()
    });
    let n = std::cell::Cell::new(0u32);
    let result = runner.run(&strategy, |args| {
        let a = call(&args, Imp::Mman);
        let b = call(&args, Imp::Glibc);
        if a != b {
            return Err(TestCaseError::fail(format!(
                "mman:  {a:?}\n    glibc: {b:?}"
            )));
        }
        n.set(n.get() + 1);
        Ok(())
    });
    match result {
        Ok(()) => {
            let line = format!("prop {name}: {cases} cases, {} identical", n.get());
            println!("{line}");
            assert_eq!(n.get(), cases);
            line
        }
        Err(TestError::Fail(why, minimal)) => {
            panic!("prop {name}: MISMATCH, shrunk to {minimal:?}\n    {why}")
        }
        Err(e) => panic!("prop {name}: {e}"),
    }
}

// ---------------------------------------------------------------------------
// Calls

#[derive(Clone, Debug)]
enum Addr {
    Null,
    /// Offset in the region.
    Region(usize),
    /// Any address: a hint only (never with `MAP_FIXED`).
    Hint(usize),
}

#[derive(Clone, Debug)]
enum Fd {
    /// One of the test's descriptors: rw file, ro file, memfd, /dev/zero,
    /// directory, pipe, closed.
    Own(usize),
    /// Any number outside 0..1024 (not one the process may have open).
    Raw(c_int),
}

#[derive(Clone, Debug)]
struct MmapArgs {
    addr: Addr,
    len: usize,
    prot: c_int,
    flags: c_int,
    fd: Fd,
    offset: i64,
}

const PROTS: &[c_int] = &[0, 1, 2, 3, 4, 5, 7, 8, 0x0100_0000, 0x0200_0000];
const MAP_FLAGS: &[c_int] = &[
    1,
    2,
    3,
    0x08,
    0x0f,
    0x10,
    0x20,
    0x21,
    0x22,
    0x23,
    0x32,
    0x40,
    0x100,
    0x800,
    0x1000,
    0x4000,
    0x10000,
    0x20000,
    0x40000,
    0x80000,
    0x100000,
    0x4000000,
    0x4000_0022,
    0x5404_0022,
    0x0020_0000,
    0x0800_0000,
];

/// `work`: the address of the region's work area.
fn mmap_args(work: usize) -> impl Strategy<Value = MmapArgs> {
    if emulated() {
        common::skip(
            "prop mmap: lengths from 4 MiB to the address space's end",
            "qemu-user 7.2 keeps a record per guest page it has ever mapped, never freed \
             (such mappings took it past 20 GB): those lengths are folded under 4 MiB",
        );
        common::skip(
            "prop mmap: MAP_HUGETLB",
            "qemu-user passes MAP_HUGETLB to the host at an address of its own choosing, so \
             the outcome changes from one call to the next; not drawn under it",
        );
    }
    let addr = prop_oneof![
        2 => Just(Addr::Null),
        3 => offset().prop_map(Addr::Region),
        1 => any::<usize>().prop_map(Addr::Hint),
    ];
    let fd = prop_oneof![
        4 => Just(Fd::Raw(-1)),
        4 => (0..7usize).prop_map(Fd::Own),
        1 => prop_oneof![i32::MIN..0, 1024..=i32::MAX].prop_map(Fd::Raw),
    ];
    let off = prop_oneof![
        4 => (0..4i64).prop_map(|k| k * page() as i64),
        1 => any::<i64>(),
        1 => any::<i64>().prop_map(|o| o & !(page() as i64 - 1)),
        1 => {
            let p = page() as i64;
            select(vec![1, p - 1, p + 1, -p, -1, i64::MIN, i64::MAX, i64::MAX & !(p - 1), 1 << 44])
        },
    ];
    (addr, length(), bits(PROTS), bits(MAP_FLAGS), fd, off).prop_map(
        move |(mut addr, mut len, prot, mut flags, fd, offset)| {
            if emulated() {
                flags &= !libc::MAP_HUGETLB;
            }
            let replaces = flags & (libc::MAP_FIXED | libc::MAP_FIXED_NOREPLACE) != 0;
            if replaces || flags & (libc::MAP_POPULATE | libc::MAP_LOCKED) != 0 {
                // No MAP_HUGETLB here: the kernel rounds a huge page
                // mapping's length up to the huge page size (2 MiB, 1 GiB,
                // even with no huge pages reserved and MAP_NORESERVE), so a
                // fixed one would replace up to a huge page above the
                // region (or, with NOREPLACE, map there), and a populated
                // or locked one would take whole huge pages from the
                // machine. Both implementations get the same flags: the
                // comparison stays fair. (mremap cases cannot meet the
                // hazard: the scene has no huge page mapping to resize.)
                flags &= !libc::MAP_HUGETLB;
            }
            if replaces {
                // MAP_FIXED only in the region, inside it or past TASK_SIZE.
                let off = match addr {
                    Addr::Region(o) => o,
                    Addr::Null => 0,
                    Addr::Hint(h) => h % rlen(),
                };
                addr = Addr::Region(off);
                len = fit(
                    work + off,
                    len,
                    room(off),
                    Outside {
                        huge: true,
                        wrap: Wrap::Rounded,
                    },
                );
            }
            if flags & (libc::MAP_POPULATE | libc::MAP_LOCKED) != 0
                && len > few()
                && !(HUGE..=HUGE_END).contains(&len)
            {
                // Populated or locked: a few pages at most.
                len %= few() + 1;
            }
            if emulated() && len > EMULATED_MAX && !(HUGE..=HUGE_END).contains(&len) {
                len %= EMULATED_MAX;
            }
            MmapArgs {
                addr,
                len,
                prot,
                flags,
                fd,
                offset,
            }
        },
    )
}

fn run_mmap(ctx: &mut Ctx, a: &MmapArgs, imp: Imp, sixty_four: bool) -> Out {
    let _restore = ctx.scene();
    let addr = match a.addr {
        Addr::Null => 0,
        Addr::Region(o) => ctx.scene.region.work() + o,
        Addr::Hint(h) => h,
    };
    let fd = match a.fd {
        Fd::Own(i) => ctx.fds[i],
        Fd::Raw(v) => v,
    };
    set_errno(SENTINEL);
    // SAFETY: the arguments keep to the rules in the file's comment.
    let p = unsafe {
        let addr = addr as *mut c_void;
        match (imp, sixty_four) {
            // `mmap`'s offset is 32 bits on 32-bit targets: a C caller's
            // 64-bit value would be cut so.
            (c, false) => (c.c().mmap)(addr, a.len, a.prot, a.flags, fd, a.offset as mman::off_t),
            (c, true) => (c.c().mmap64)(addr, a.len, a.prot, a.flags, fd, a.offset),
        }
    } as usize;
    let err = errno();
    let extra = ctx.elsewhere(p, a.len, addr);
    let ret = ctx.ret_ptr(p);
    ctx.state(ret, err, extra)
}

/// `(offset in the region, length)`: a length whose end wraps around from
/// the case's address (`work + offset`, `work` the work area's address) as
/// `outside.wrap` allows, or past `TASK_SIZE` if `outside.huge` does;
/// otherwise folded into the region's room from the offset, and at most
/// `max` bytes.
fn range(work: usize, outside: Outside, max: usize) -> impl Strategy<Value = (usize, usize)> {
    (offset(), length()).prop_map(move |(off, len)| {
        if end_wraps(work + off, len, outside.wrap) {
            (off, len)
        } else {
            let len = fit(
                work + off,
                len,
                room(off).min(max),
                Outside {
                    huge: outside.huge,
                    wrap: Wrap::No,
                },
            );
            (off, len)
        }
    })
}

/// A plain call on a region range: `f(addr, len)` → return value.
fn run_range(
    ctx: &mut Ctx,
    off: usize,
    len: usize,
    imp: Imp,
    f: &dyn Fn(Imp, *mut c_void, usize) -> c_int,
) -> Out {
    let _restore = ctx.scene();
    set_errno(SENTINEL);
    let r = f(imp, (ctx.scene.region.work() + off) as *mut c_void, len);
    let err = errno();
    ctx.state(r.to_string(), err, String::new())
}

const MSYNC_FLAGS: &[c_int] = &[0, 1, 2, 3, 4, 5, 6, 7];
const MADVICE: &[c_int] = &[
    0, 1, 2, 3, 4, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 102, 103,
];

/// Never `MADV_HWPOISON` or `MADV_SOFT_OFFLINE`: they act on the machine's
/// memory. Folded onto unknown values.
fn safe_advice(a: c_int) -> c_int {
    if a == 100 || a == 101 {
        a + 4
    } else {
        a
    }
}

#[derive(Clone, Debug)]
enum Vec8 {
    Buffer,
    Null,
    /// A PROT_NONE page of the region.
    NoAccess,
    /// A read-only page of the region.
    ReadOnly,
}

#[derive(Clone, Debug)]
struct MremapArgs {
    old: usize,
    old_len: usize,
    new_len: usize,
    flags: c_int,
    new_addr: Addr,
}

/// The flags `mremap` knows: `MREMAP_MAYMOVE | MREMAP_FIXED |
/// MREMAP_DONTUNMAP`.
const MREMAP_KNOWN: c_int = 7;

fn mremap_args(work: usize) -> impl Strategy<Value = MremapArgs> {
    if emulated() {
        common::skip(
            "prop mremap: flags outside MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP",
            "the targets' glibc (Debian's 2.36-8 cross packages) passes unknown flags to \
             the kernel, which rejects them first (EINVAL), as mman and the host's glibc \
             2.36-9 do before the call; qemu-user checks the ranges first (ENOMEM), so \
             under it the flags are masked to the known ones",
        );
    }
    let new_addr = prop_oneof![
        1 => Just(Addr::Null),
        3 => offset().prop_map(Addr::Region),
        1 => any::<usize>().prop_map(Addr::Hint),
    ];
    (
        offset(),
        length(),
        length(),
        bits(&[0, 1, 2, 3, 4, 5, 7]),
        new_addr,
    )
        .prop_map(move |(old, old_len, new_len, mut flags, mut new_addr)| {
            if emulated() {
                // Unknown flags: the host's glibc 2.36 (Debian's 2.36-9
                // and later, BZ #31968) and mman reject them with EINVAL
                // before the system call; the targets' glibc (Debian's
                // cross 2.36-8) passes them on, and qemu-user, unlike the
                // kernel, checks the ranges before the flags (ENOMEM).
                flags &= MREMAP_KNOWN;
            }
            // The old range: in the region, or past TASK_SIZE.
            let old_len = fit(
                work + old,
                old_len,
                room(old),
                Outside {
                    huge: true,
                    wrap: Wrap::No,
                },
            );
            let new_len = if flags & libc::MREMAP_FIXED != 0 {
                // Fixed: the new range in the region, or past TASK_SIZE.
                let off = match new_addr {
                    Addr::Region(o) => o,
                    Addr::Null => 0,
                    Addr::Hint(h) => h % rlen(),
                };
                new_addr = Addr::Region(off);
                fit(
                    work + off,
                    new_len,
                    room(off),
                    Outside {
                        huge: true,
                        wrap: Wrap::No,
                    },
                )
            } else {
                // Anywhere the kernel finds room: a few regions' worth.
                fit(
                    0,
                    new_len,
                    4 * rlen(),
                    Outside {
                        huge: true,
                        wrap: Wrap::No,
                    },
                )
            };
            MremapArgs {
                old,
                old_len,
                new_len,
                flags,
                new_addr,
            }
        })
}

fn run_mremap(ctx: &mut Ctx, a: &MremapArgs, imp: Imp) -> Out {
    let _restore = ctx.scene();
    let old = ctx.scene.region.work() + a.old;
    let new_addr = match a.new_addr {
        Addr::Null => 0,
        Addr::Region(o) => ctx.scene.region.work() + o,
        Addr::Hint(h) => h,
    };
    set_errno(SENTINEL);
    // SAFETY: see `mremap_args`: the old range and a fixed new range lie in
    // the region (or past TASK_SIZE, rejected).
    let p = unsafe {
        let (o, n) = (old as *mut c_void, new_addr as *mut c_void);
        (imp.c().mremap)(o, a.old_len, a.new_len, a.flags, n)
    } as usize;
    let err = errno();
    let extra;
    if p == old && p + a.new_len.div_ceil(page()) * page() > ctx.scene.region.end() {
        // Grown in place past the region, into free space: give it back.
        let end = p + a.new_len.div_ceil(page()) * page();
        extra = format!("grew {:#x} past the region", end - ctx.scene.region.end());
        // SAFETY: the kernel grew our mapping there: nothing else was.
        let r = unsafe {
            libc::munmap(
                ctx.scene.region.end() as *mut c_void,
                end - ctx.scene.region.end(),
            )
        };
        assert_eq!(r, 0);
    } else {
        extra = ctx.elsewhere(p, a.new_len, new_addr);
    }
    let ret = ctx.ret_ptr(p);
    ctx.state(ret, err, extra)
}

// ---------------------------------------------------------------------------
// mlockall and munlockall, in a forked child each

/// `mlockall(flags)` then `munlockall()` in a child (as root, or as uid
/// 65534 with `RLIMIT_MEMLOCK` = `unpriv`): both results, `errno`s and
/// `VmLck` after each.
fn run_mlockall(flags: c_int, unpriv: Option<u64>, imp: Imp) -> [i64; 6] {
    // SAFETY: the child makes system calls only, then `_exit`s.
    let (data, status) = in_child(|w| unsafe {
        if let Some(limit) = unpriv {
            if !drop_root(limit) {
                libc::_exit(3);
            }
        }
        let mut out = [0i64; 6];
        set_errno(SENTINEL);
        out[0] = i64::from((imp.c().mlockall)(flags));
        out[1] = i64::from(errno());
        out[2] = vmlck();
        set_errno(SENTINEL);
        out[3] = i64::from((imp.c().munlockall)());
        out[4] = i64::from(errno());
        out[5] = vmlck();
        libc::write(w, out.as_ptr().cast(), 48);
        libc::_exit(0);
    });
    assert!(
        data.len() == 48 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "the mlockall child failed: status {status:#x}"
    );
    let mut out = [0i64; 6];
    for (o, b) in out.iter_mut().zip(data.chunks(8)) {
        *o = i64::from_ne_bytes(b.try_into().unwrap());
    }
    out
}

// ---------------------------------------------------------------------------
// memfd_create

fn name_bytes() -> BoxedStrategy<Option<Vec<u8>>> {
    prop_oneof![
        1 => Just(None),
        4 => proptest::collection::vec(any::<u8>(), 0..300).prop_map(Some),
        2 => (0..300usize, any::<u8>()).prop_map(|(n, b)| Some(vec![b | 1; n])),
        2 => select(vec![
            &b""[..], b"/", b"//", b"/x", b"x/y", b".", b"..", b"/.", b"/..", b"exists",
            b"/exists", b"//exists", b"dir", b"link", b"ro", b"x",
        ])
        .prop_map(|s| Some(s.to_vec())),
        1 => (0..4usize, 240..262usize).prop_map(|(sl, n)| {
            let mut v = vec![b'/'; sl];
            v.extend(std::iter::repeat(b'n').take(n));
            Some(v)
        }),
    ]
    .boxed()
}

/// The bytes up to the first NUL: what C sees.
fn c_name(b: &Option<Vec<u8>>) -> Option<CString> {
    b.as_ref().map(|b| {
        let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
        CString::new(&b[..end]).expect("no NUL")
    })
}

/// A descriptor's state (`common::fd_state`); then closes it.
fn fd_state_closed(fd: c_int) -> String {
    if fd < 0 {
        return String::new();
    }
    let s = format!("{:?}", fd_state(fd));
    // SAFETY: the descriptor the call just returned, ours to close.
    unsafe { libc::close(fd) };
    s
}

// ---------------------------------------------------------------------------
// shm_open and shm_unlink, in a child with its own /dev/shm

const SHM: &str = "/dev/shm";

/// Empties `/dev/shm` (a private tmpfs) and lays out its scene: a file
/// `exists` (0600, a page), a file `ro` (0400), a directory `dir`, a
/// symbolic link `link` to `exists`.
fn shm_scene() {
    for e in std::fs::read_dir(SHM).expect("read /dev/shm").flatten() {
        let p = e.path();
        if p.is_dir() && !p.is_symlink() {
            let _ = std::fs::remove_dir_all(&p);
        } else {
            let _ = std::fs::remove_file(&p);
        }
    }
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(format!("{SHM}/exists"), vec![7u8; page()]).unwrap();
    std::fs::set_permissions(
        format!("{SHM}/exists"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    std::fs::write(format!("{SHM}/ro"), b"ro").unwrap();
    std::fs::set_permissions(format!("{SHM}/ro"), std::fs::Permissions::from_mode(0o400)).unwrap();
    std::fs::create_dir(format!("{SHM}/dir")).unwrap();
    std::os::unix::fs::symlink("exists", format!("{SHM}/link")).unwrap();
}

/// The entries of `/dev/shm`: name, type and mode, size.
fn shm_listing() -> String {
    use std::os::unix::fs::MetadataExt;
    let mut v: Vec<String> = std::fs::read_dir(SHM)
        .expect("read /dev/shm")
        .flatten()
        .map(|e| {
            let m = std::fs::symlink_metadata(e.path()).unwrap();
            let size = if m.is_dir() { 0 } else { m.size() };
            format!("{:?} {:o} {}", e.file_name(), m.mode(), size)
        })
        .collect();
    v.sort();
    v.join(", ")
}

/// Runs `f` in a forked child that has a private mount namespace with a
/// fresh tmpfs on /dev/shm; `f`'s lines come back through a pipe. Returns
/// them and whether the child succeeded.
fn in_private_shm(f: impl FnOnce() -> Vec<String>) -> (Vec<String>, bool) {
    // SAFETY: the child runs `f` (libtest's other thread is idle, waiting
    // for this test) and exits without returning.
    let (data, status) = in_child(|w| unsafe {
        // The parent prints the lines: the child's own output goes nowhere.
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY);
        libc::dup2(null, 1);
        let ok = libc::unshare(libc::CLONE_NEWNS) == 0
            && libc::mount(
                std::ptr::null(),
                c"/".as_ptr(),
                std::ptr::null(),
                libc::MS_REC | libc::MS_PRIVATE,
                std::ptr::null(),
            ) == 0
            && libc::mount(
                c"tmpfs".as_ptr(),
                c"/dev/shm".as_ptr(),
                c"tmpfs".as_ptr(),
                0,
                c"size=4m,mode=1777".as_ptr().cast(),
            ) == 0;
        let lines = if ok {
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
                Ok(l) => l,
                Err(e) => vec![format!(
                    "FAIL {}",
                    e.downcast_ref::<String>().cloned().unwrap_or_default()
                )],
            }
        } else {
            vec![format!("FAIL no private /dev/shm: errno {}", errno())]
        };
        let text = lines.join("\n");
        let mut b = text.as_bytes();
        while !b.is_empty() {
            let n = libc::write(w, b.as_ptr().cast(), b.len());
            if n <= 0 {
                break;
            }
            b = &b[n as usize..];
        }
        libc::_exit(if text.contains("FAIL") { 1 } else { 0 });
    });
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    let lines = String::from_utf8_lossy(&data)
        .lines()
        .map(String::from)
        .collect();
    (lines, ok)
}

const OFLAGS: &[c_int] = &[
    libc::O_RDONLY,
    libc::O_RDWR,
    libc::O_WRONLY,
    libc::O_RDWR | libc::O_CREAT,
    libc::O_RDWR | libc::O_CREAT | libc::O_EXCL,
    libc::O_RDWR | libc::O_CREAT | libc::O_TRUNC,
    libc::O_RDONLY | libc::O_CREAT,
    libc::O_CREAT | libc::O_EXCL,
    libc::O_RDWR | libc::O_TRUNC,
];

fn shm_props(cases: u32) -> Vec<String> {
    // SAFETY: a plain call.
    unsafe { libc::umask(0o022) };
    let open = prop(
        "shm_open",
        cases,
        (
            name_bytes(),
            bits(OFLAGS),
            prop_oneof![
                any::<u32>(),
                select(vec![0u32, 0o600, 0o644, 0o777, 0o4777, 0o400])
            ],
        ),
        |(name, oflag, mode), imp| {
            shm_scene();
            let name = c_name(name).unwrap_or_default();
            set_errno(SENTINEL);
            // SAFETY: `name` is a C string.
            let fd = unsafe { (imp.c().shm_open)(name.as_ptr(), *oflag, *mode) };
            let err = errno();
            Out {
                ret: fd.to_string(),
                errno: err,
                extra: format!("{} | {}", fd_state_closed(fd), shm_listing()),
                ..Out::default()
            }
        },
    );
    let unlink = prop("shm_unlink", cases, name_bytes(), |name, imp| {
        shm_scene();
        let name = c_name(name).unwrap_or_default();
        set_errno(SENTINEL);
        // SAFETY: `name` is a C string.
        let r = unsafe { (imp.c().shm_unlink)(name.as_ptr()) };
        Out {
            ret: r.to_string(),
            errno: errno(),
            extra: shm_listing(),
            ..Out::default()
        }
    });
    vec![open, unlink]
}

// ---------------------------------------------------------------------------

#[test]
fn prop_family() {
    let cases: u32 = std::env::var("MMAN_PROP_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        // `make check-prop` runs the 10,000 in release mode; the unoptimized
        // build that `cargo test` (make check-rust) also runs does 1,000.
        .unwrap_or(if cfg!(debug_assertions) {
            1_000
        } else {
            10_000
        });
    let t0 = std::time::Instant::now();
    let ctx = RefCell::new(Ctx::new());
    let baseline = common::maps_count();
    // Where the cases' addresses lie: the strategies fold lengths with it.
    let work = ctx.borrow().scene.region.work();
    let mut lines = Vec::new();
    fn timed(lines: &mut Vec<String>, line: String, t: std::time::Instant) {
        println!("    ({:.1} s)", t.elapsed().as_secs_f64());
        lines.push(line);
    }

    // The case `prop mmap` once shrank to, when restoring a case put back
    // the work area but not the trailing guard: a fixed, locked mapping
    // from the work area into the guard stayed there, locked, and the next
    // call over it (glibc's) saw `VmLck` grow by 20 kB where mman's had
    // grown by 32. Run through mman, then glibc, it must give one outcome.
    {
        let a = MmapArgs {
            addr: Addr::Region(27 * page()),
            len: 7 * page() + 17,
            prot: 0x0800_0000,
            flags: libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED | libc::MAP_LOCKED,
            fd: Fd::Raw(-1),
            offset: 4096,
        };
        let mut c = ctx.borrow_mut();
        let mman = run_mmap(&mut c, &a, Imp::Mman, false);
        let glibc = run_mmap(&mut c, &a, Imp::Glibc, false);
        assert_eq!(mman, glibc, "a fixed, locked mapping into the guard: {a:?}");
        println!("ok   a fixed, locked mapping into the trailing guard leaves nothing behind");
    }

    for sixty_four in [false, true] {
        let t = std::time::Instant::now();
        let name = if sixty_four { "mmap64" } else { "mmap" };
        let l = prop(name, cases, mmap_args(work), |a, imp| {
            run_mmap(&mut ctx.borrow_mut(), a, imp, sixty_four)
        });
        timed(&mut lines, l, t);
    }

    let all = Outside {
        huge: true,
        wrap: Wrap::Rounded,
    };
    let wrap = Outside {
        huge: false,
        wrap: Wrap::Rounded,
    };
    let lock = Outside {
        huge: false,
        wrap: Wrap::Lock,
    };

    let t = std::time::Instant::now();
    let l = prop(
        "munmap",
        cases,
        range(work, all, rlen()),
        |&(off, len), imp| {
            run_range(&mut ctx.borrow_mut(), off, len, imp, &|imp, a, l| unsafe {
                (imp.c().munmap)(a, l)
            })
        },
    );
    timed(&mut lines, l, t);

    // A function of a range of the region and one `int` (flags, a
    // protection, advice): `prop` over both, calling `f` of mman's or
    // glibc's functions.
    type WithArg = unsafe extern "C" fn(*mut c_void, usize, c_int) -> c_int;
    let with_arg = |name: &str, args: BoxedStrategy<c_int>, f: fn(&Lib) -> WithArg| {
        prop(
            name,
            cases,
            (range(work, wrap, rlen()), args),
            |&((off, len), arg), imp| {
                run_range(&mut ctx.borrow_mut(), off, len, imp, &|imp, a, l| unsafe {
                    f(imp.c())(a, l, arg)
                })
            },
        )
    };

    let t = std::time::Instant::now();
    let l = with_arg("msync", bits(MSYNC_FLAGS), |l| l.msync);
    timed(&mut lines, l, t);

    let t = std::time::Instant::now();
    let l = with_arg("mprotect", bits(PROTS), |l| l.mprotect);
    timed(&mut lines, l, t);

    for (name, f) in [
        ("madvise", (|l| l.madvise) as fn(&Lib) -> WithArg),
        ("posix_madvise", |l| l.posix_madvise),
    ] {
        let t = std::time::Instant::now();
        let l = with_arg(name, bits(MADVICE).prop_map(safe_advice).boxed(), f);
        timed(&mut lines, l, t);
    }

    for (name, which) in [("mlock", 0), ("munlock", 1)] {
        let t = std::time::Instant::now();
        let l = prop(name, cases, range(work, lock, few()), |&(off, len), imp| {
            run_range(&mut ctx.borrow_mut(), off, len, imp, &|imp, a, l| unsafe {
                match (imp, which) {
                    (c, 0) => (c.c().mlock)(a, l),
                    (c, _) => (c.c().munlock)(a, l),
                }
            })
        });
        timed(&mut lines, l, t);
    }

    let t = std::time::Instant::now();
    let l = prop(
        "mlock2",
        cases,
        (range(work, lock, few()), bits(&[0, 1, 2, 3])),
        |&((off, len), flags), imp| {
            run_range(&mut ctx.borrow_mut(), off, len, imp, &|imp, a, l| unsafe {
                (imp.c().mlock2)(a, l, flags as u32)
            })
        },
    );
    timed(&mut lines, l, t);

    let t = std::time::Instant::now();
    let l = prop("mremap", cases, mremap_args(work), |a, imp| {
        run_mremap(&mut ctx.borrow_mut(), a, imp)
    });
    timed(&mut lines, l, t);

    let t = std::time::Instant::now();
    let vec8 = prop_oneof![
        6 => Just(Vec8::Buffer),
        1 => Just(Vec8::Null),
        1 => Just(Vec8::NoAccess),
        1 => Just(Vec8::ReadOnly),
    ];
    let l = prop(
        "mincore",
        cases,
        (range(work, all, rlen()), vec8),
        |((off, len), v), imp| {
            let mut c = ctx.borrow_mut();
            let _restore = c.scene();
            let mut buf = [0x5au8; NP + 8];
            let vec = match v {
                Vec8::Buffer => buf.as_mut_ptr(),
                Vec8::Null => std::ptr::null_mut(),
                Vec8::NoAccess => c.at(0).cast(),
                Vec8::ReadOnly => c.at(R).cast(),
            };
            let addr = (c.scene.region.work() + off) as *mut c_void;
            set_errno(SENTINEL);
            // SAFETY: `buf` has a byte per page of the region and more; the
            // other vectors are not writable (EFAULT).
            let r = unsafe { (imp.c().mincore)(addr, *len, vec) };
            let err = errno();
            c.state(r.to_string(), err, format!("{buf:?}"))
        },
    );
    timed(&mut lines, l, t);

    let t = std::time::Instant::now();
    let mcl = bits(&[1, 2, 3, 4, 5, 6, 7]);
    let unpriv = prop_oneof![
        3 => Just(None),
        1 => select(vec![0u64, page() as u64, 1 << 20, 8 << 20]).prop_map(Some),
    ];
    // mlockall and munlockall: one child per case and implementation runs
    // both, so munlockall has the same cases, after each mlockall.
    let l = prop("mlockall", cases, (mcl, unpriv), |(flags, unpriv), imp| {
        let r = run_mlockall(*flags, *unpriv, imp);
        Out {
            ret: format!("{} {}", r[0], r[3]),
            errno: r[1] as c_int,
            vmlck: r[2],
            extra: format!("munlockall errno {} VmLck {}", r[4], r[5]),
            ..Out::default()
        }
    });
    timed(&mut lines, l, t);
    let l = format!("prop munlockall: {cases} cases, {cases} identical (each after an mlockall case, in its child)");
    println!("{l}");
    lines.push(l);

    let t = std::time::Instant::now();
    let l = prop(
        "memfd_create",
        cases,
        (
            name_bytes(),
            bits(&[0, 1, 2, 3, 4, 8, 16, 0x5400_0004, 0x7800_0004]).prop_map(|f| f as u32),
        ),
        |(name, flags), imp| {
            let name = c_name(name);
            let ptr = name.as_ref().map_or(std::ptr::null(), |n| n.as_ptr());
            set_errno(SENTINEL);
            // SAFETY: `ptr` is NULL (EFAULT) or a C string.
            let fd = unsafe { (imp.c().memfd_create)(ptr, *flags) };
            let err = errno();
            Out {
                ret: fd.to_string(),
                errno: err,
                extra: fd_state_closed(fd),
                ..Out::default()
            }
        },
    );
    timed(&mut lines, l, t);

    let t = std::time::Instant::now();
    let (shm_lines, ok) = in_private_shm(|| shm_props(cases));
    for l in &shm_lines {
        println!("{l}");
    }
    assert!(ok, "shm_open/shm_unlink property tests failed");
    println!("    ({:.1} s)", t.elapsed().as_secs_f64());
    lines.extend(shm_lines);

    let t = std::time::Instant::now();
    let l = prop("page_size", cases, any::<u8>(), |_, imp| Out {
        // glibc's: `sysconf(_SC_PAGESIZE)`, checked equal to `getpagesize()`
        // (else -2).
        ret: (imp.c().page_size)().to_string(),
        ..Out::default()
    });
    timed(&mut lines, l, t);

    drop(ctx);
    let after = common::maps_count();
    println!("maps lines: {baseline} before, {after} after (the region released)");
    if emulated() && cfg!(target_pointer_width = "32") {
        // The region is all inaccessible once released.
        common::skip(
            "prop: the released region's lines of /proc/self/maps",
            "qemu-user leaves a 32-bit guest's inaccessible pages out of its emulated maps",
        );
    } else {
        assert!(
            after < baseline,
            "a mapping leaked: {baseline} lines before, {after} after"
        );
    }
    println!(
        "prop: {} functions, {} cases each, every outcome identical to glibc's ({:.1} s)",
        lines.len(),
        cases,
        t0.elapsed().as_secs_f64()
    );
}
