//! The differential test of the `<sys/mman.h>` family beyond mmap/munmap/
//! msync: every function called through mman's C ABI and through the
//! system's glibc with the same arguments, valid and invalid, and the
//! outcomes compared: return value, `errno`, and the state the call left.
//!
//! Each call runs in a forked child, once per implementation, from the same
//! parent state: the child lays out a scene inside a region the parent
//! reserved (PROT_NONE guard pages around it), makes the one call, and
//! reports through a pipe its result, `errno`, descriptor state (flags,
//! seals, mode), a per-page `mincore` of the region, and `/proc/self/smaps`
//! (layout, protections, `Rss`, `Locked`, `VmFlags`) for the region and the
//! mapping the call returned. The child is single-threaded, so holes it
//! punches in the region cannot be filled by anyone else, and `mlockall`
//! locks only the child. The child allocates nothing between fork and exit.
//! `MADV_HWPOISON` and `MADV_SOFT_OFFLINE` (100, 101) are never passed.
//!
//! Prints one line per case and `family differential: N passed, N failed`.
#![cfg(feature = "capi")]

mod common;

use common::{drop_root, errno, in_child, set_errno, Imp, Region, PAGE as P};
use mman::capi::*;
use mman::consts::*;
use std::ffi::{c_char, c_int, c_void, CString};

/// Pages of the reservation.
const NP: usize = 32;
// The scene, in pages from the reservation's start: A, 8 pages rw private
// anonymous, the first 4 touched; H, a 2-page hole; S, 4 pages of a file,
// MAP_SHARED, read-only; L, 4 pages rw, locked. Pages 0-3 and the rest are
// the reservation's PROT_NONE.
const A: usize = 4;
const H: usize = 12;
const S: usize = 16;
const L: usize = 22;

/// What the parent prepared, shared with every child.
struct Ctx {
    /// `NP` pages with a `PROT_NONE` guard page before and after.
    region: Region,
    ro_fd: c_int,
}

impl Ctx {
    fn at(&self, page: usize) -> *mut c_void {
        self.region.at(page)
    }
}

/// The scene, laid out in the child.
fn scene(ctx: &Ctx) {
    unsafe { scene_unsafe(ctx) }
}

#[allow(unsafe_op_in_unsafe_fn)]
unsafe fn scene_unsafe(ctx: &Ctx) {
    let fixed = libc::MAP_FIXED | libc::MAP_PRIVATE | libc::MAP_ANONYMOUS;
    let rw = libc::PROT_READ | libc::PROT_WRITE;
    let ok = libc::mmap(ctx.at(A), 8 * P, rw, fixed, -1, 0) == ctx.at(A)
        && libc::mmap(ctx.at(L), 4 * P, rw, fixed, -1, 0) == ctx.at(L)
        && libc::mmap(
            ctx.at(S),
            4 * P,
            libc::PROT_READ,
            libc::MAP_SHARED | libc::MAP_FIXED,
            ctx.ro_fd,
            0,
        ) == ctx.at(S)
        && libc::munmap(ctx.at(H), 2 * P) == 0
        && libc::mlock(ctx.at(L), 4 * P) == 0;
    if !ok {
        libc::_exit(90);
    }
    for i in 0..4 * P {
        *(ctx.at(A) as *mut u8).add(i) = (i % 251) as u8;
    }
}

/// What a child reports: the call's return value and `errno`, then
/// `aux` (descriptor state), then a page-by-page mincore of the region, then
/// /proc/self/smaps.
#[derive(Default, PartialEq, Debug)]
struct Report {
    ret: i64,
    err: i32,
    aux: [i64; 6],
    resident: Vec<u8>,
    vmas: Vec<String>,
}

/// The result of one call in the child: return value, `errno` after it, and
/// the descriptor (if any) whose state to report.
struct Res {
    ret: i64,
    err: c_int,
    fd: c_int,
}

fn res(ret: i64) -> Res {
    Res {
        ret,
        err: errno(),
        fd: -1,
    }
}
fn res_fd(ret: c_int) -> Res {
    Res {
        ret: ret as i64,
        err: errno(),
        fd: ret,
    }
}

/// The call of a case, in the child.
type Op<'a> = Box<dyn Fn(&Ctx, Imp) -> Res + 'a>;

/// A case: its name, whether the child first drops root (with
/// RLIMIT_MEMLOCK set to the given bytes), and the call.
struct Case<'a> {
    name: String,
    unpriv: Option<u64>,
    op: Op<'a>,
}

fn write_all(fd: c_int, mut b: &[u8]) {
    while !b.is_empty() {
        let n = unsafe { libc::write(fd, b.as_ptr().cast(), b.len()) };
        if n <= 0 {
            unsafe { libc::_exit(91) };
        }
        b = &b[n as usize..];
    }
}

/// The child's side: scene, call, report. Never returns.
#[allow(unsafe_op_in_unsafe_fn)]
unsafe fn child(ctx: &Ctx, case: &Case, imp: Imp, out: c_int) -> ! {
    scene(ctx);
    if let Some(limit) = case.unpriv {
        if !drop_root(limit) {
            libc::_exit(92);
        }
    }
    libc::umask(0o022);
    set_errno(0);
    let r = (case.op)(ctx, imp);
    let mut head = [0i64; 8];
    head[0] = r.ret;
    head[1] = r.err as i64;
    if r.fd >= 0 {
        let mut st: libc::stat = core::mem::zeroed();
        head[2] = libc::fcntl(r.fd, libc::F_GETFD) as i64;
        head[3] = libc::fcntl(r.fd, libc::F_GETFL) as i64;
        head[4] = libc::fcntl(r.fd, libc::F_GET_SEALS) as i64;
        head[5] = if libc::fstat(r.fd, &mut st) == 0 {
            st.st_mode as i64
        } else {
            -1
        };
        head[6] = st.st_size;
    }
    write_all(out, core::slice::from_raw_parts(head.as_ptr().cast(), 64));
    let mut vec = [0u8; NP];
    for (i, v) in vec.iter_mut().enumerate() {
        let mut b = 0u8;
        *v = if libc::mincore(ctx.at(i), P, &mut b) == 0 {
            b & 1
        } else {
            0xf0 | (errno() as u8 & 0xf)
        };
    }
    write_all(out, &vec);
    let fd = libc::open(c"/proc/self/smaps".as_ptr(), libc::O_RDONLY);
    let mut buf = [0u8; 8192];
    loop {
        let n = libc::read(fd, buf.as_mut_ptr().cast(), buf.len());
        if n <= 0 {
            break;
        }
        write_all(out, &buf[..n as usize]);
    }
    libc::_exit(0)
}

/// Runs `case` for `imp` in a child and collects its report.
fn run(ctx: &Ctx, case: &Case, imp: Imp, after: &dyn Fn()) -> Report {
    let (data, status) = in_child(|out| unsafe { child(ctx, case, imp, out) });
    after();
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 || data.len() < 64 + NP {
        return Report {
            ret: i64::MIN,
            err: status,
            ..Report::default()
        };
    }
    let head: Vec<i64> = data[..64]
        .chunks(8)
        .map(|c| i64::from_ne_bytes(c.try_into().unwrap()))
        .collect();
    let resident = data[64..64 + NP].to_vec();
    let smaps = String::from_utf8_lossy(&data[64 + NP..]).into_owned();
    Report {
        ret: head[0],
        err: head[1] as i32,
        aux: [head[2], head[3], head[4], head[5], head[6], 0],
        resident,
        vmas: vmas(&smaps, ctx.region.work(), head[0] as usize),
    }
}

/// The mappings of smaps inside the region, or holding `ret`, with what
/// the family changes: range, protection, Rss, Locked, VmFlags.
fn vmas(smaps: &str, base: usize, ret: usize) -> Vec<String> {
    let (lo, hi) = (base, base + NP * P);
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in smaps.lines() {
        let first = line.split_whitespace().next().unwrap_or("");
        if let Some((s, e)) = first
            .split_once('-')
            .filter(|(s, _)| s.chars().all(|c| c.is_ascii_hexdigit()))
        {
            out.extend(cur.take());
            let (s, e) = (
                usize::from_str_radix(s, 16).unwrap_or(0),
                usize::from_str_radix(e, 16).unwrap_or(0),
            );
            if (s < hi && e > lo) || (s <= ret && ret < e) {
                let perms = line.split_whitespace().nth(1).unwrap_or("");
                let rel = |a: usize| {
                    if (lo..=hi).contains(&a) {
                        format!("R+{}", (a - lo) / P)
                    } else {
                        format!("{a:#x}")
                    }
                };
                cur = Some(format!("{}..{} {perms}", rel(s), rel(e)));
            }
        } else if let Some(c) = cur.as_mut() {
            for key in ["Rss:", "Locked:", "VmFlags:"] {
                if let Some(v) = line.strip_prefix(key) {
                    c.push_str(&format!(
                        " {key}{}",
                        v.split_whitespace().collect::<Vec<_>>().join(",")
                    ));
                }
            }
        }
    }
    out.extend(cur);
    out
}

fn outcome(r: &Report, ptr: bool) -> String {
    if r.ret == i64::MIN {
        return format!("child failed (status {:#x})", r.err);
    }
    let failed = if ptr {
        r.ret as usize == usize::MAX
    } else {
        r.ret == -1
    };
    if failed {
        format!("-1 {}", errname(r.err))
    } else {
        format!(
            "{} errno {}",
            if ptr { "ok".into() } else { r.ret.to_string() },
            errname(r.err)
        )
    }
}

fn errname(e: i32) -> String {
    let names = [
        (0, "0"),
        (libc::EPERM, "EPERM"),
        (libc::ENOENT, "ENOENT"),
        (libc::EBADF, "EBADF"),
        (libc::EAGAIN, "EAGAIN"),
        (libc::ENOMEM, "ENOMEM"),
        (libc::EACCES, "EACCES"),
        (libc::EFAULT, "EFAULT"),
        (libc::EEXIST, "EEXIST"),
        (libc::EISDIR, "EISDIR"),
        (libc::EINVAL, "EINVAL"),
        (libc::ENAMETOOLONG, "ENAMETOOLONG"),
        (libc::ELOOP, "ELOOP"),
        (libc::EBUSY, "EBUSY"),
        (libc::ENOTDIR, "ENOTDIR"),
        (4242, "(untouched)"),
    ];
    names
        .iter()
        .find(|(n, _)| *n == e)
        .map_or_else(|| e.to_string(), |(_, s)| s.to_string())
}

fn case<'a>(name: impl Into<String>, op: impl Fn(&Ctx, Imp) -> Res + 'a) -> Case<'a> {
    Case {
        name: name.into(),
        unpriv: None,
        op: Box::new(op),
    }
}
fn unpriv<'a>(limit: u64, name: impl Into<String>, op: impl Fn(&Ctx, Imp) -> Res + 'a) -> Case<'a> {
    Case {
        name: name.into(),
        unpriv: Some(limit),
        op: Box::new(op),
    }
}

/// Calls `$f` of mman (`mman_$f`) or of glibc (`libc::$f`) with the same
/// arguments.
macro_rules! both {
    ($imp:expr, $f:ident ( $($a:expr),* $(,)? )) => {
        paste_call!($imp, $f, $($a),*)
    };
}
macro_rules! paste_call {
    ($imp:expr, mprotect, $($a:expr),*) => { match $imp { Imp::Mman => unsafe { mman_mprotect($($a),*) }, Imp::Glibc => unsafe { libc::mprotect($($a),*) } } };
    ($imp:expr, madvise, $($a:expr),*) => { match $imp { Imp::Mman => unsafe { mman_madvise($($a),*) }, Imp::Glibc => unsafe { libc::madvise($($a),*) } } };
    ($imp:expr, posix_madvise, $($a:expr),*) => { match $imp { Imp::Mman => unsafe { mman_posix_madvise($($a),*) }, Imp::Glibc => unsafe { libc::posix_madvise($($a),*) } } };
    ($imp:expr, mlock, $($a:expr),*) => { match $imp { Imp::Mman => unsafe { mman_mlock($($a),*) }, Imp::Glibc => unsafe { libc::mlock($($a),*) } } };
    ($imp:expr, mlock2, $($a:expr),*) => { match $imp { Imp::Mman => unsafe { mman_mlock2($($a),*) }, Imp::Glibc => unsafe { libc::mlock2($($a),*) } } };
    ($imp:expr, munlock, $($a:expr),*) => { match $imp { Imp::Mman => unsafe { mman_munlock($($a),*) }, Imp::Glibc => unsafe { libc::munlock($($a),*) } } };
    ($imp:expr, mlockall, $($a:expr),*) => { match $imp { Imp::Mman => unsafe { mman_mlockall($($a),*) }, Imp::Glibc => unsafe { libc::mlockall($($a),*) } } };
    ($imp:expr, munlockall, ) => { match $imp { Imp::Mman => unsafe { mman_munlockall() }, Imp::Glibc => unsafe { libc::munlockall() } } };
    ($imp:expr, mremap, $($a:expr),*) => { match $imp { Imp::Mman => unsafe { mman_mremap($($a),*) }, Imp::Glibc => unsafe { libc::mremap($($a),*) } } };
    ($imp:expr, mincore, $($a:expr),*) => { match $imp { Imp::Mman => unsafe { mman_mincore($($a),*) }, Imp::Glibc => unsafe { libc::mincore($($a),*) } } };
    ($imp:expr, memfd_create, $($a:expr),*) => { match $imp { Imp::Mman => unsafe { mman_memfd_create($($a),*) }, Imp::Glibc => unsafe { libc::memfd_create($($a),*) } } };
    ($imp:expr, shm_open, $($a:expr),*) => { match $imp { Imp::Mman => unsafe { mman_shm_open($($a),*) }, Imp::Glibc => unsafe { libc::shm_open($($a),*) } } };
    ($imp:expr, shm_unlink, $($a:expr),*) => { match $imp { Imp::Mman => unsafe { mman_shm_unlink($($a),*) }, Imp::Glibc => unsafe { libc::shm_unlink($($a),*) } } };
    ($imp:expr, mmap64, $($a:expr),*) => { match $imp { Imp::Mman => unsafe { mman_mmap64($($a),*) }, Imp::Glibc => unsafe { libc::mmap64($($a),*) } } };
}

const RW: c_int = MMAN_PROT_READ | MMAN_PROT_WRITE;

fn mprotect_cases<'a>() -> Vec<Case<'a>> {
    let mut v = Vec::new();
    let list: &[(&str, usize, usize, usize, c_int)] = &[
        // name, page, offset, len, prot
        ("A 8 pages PROT_READ", A, 0, 8 * P, MMAN_PROT_READ),
        (
            "A 8 pages PROT_READ|PROT_WRITE|PROT_EXEC",
            A,
            0,
            8 * P,
            RW | MMAN_PROT_EXEC,
        ),
        (
            "A 2 pages PROT_NONE (splits the mapping)",
            A + 3,
            0,
            2 * P,
            MMAN_PROT_NONE,
        ),
        ("A length 1 (rounded up)", A, 0, 1, MMAN_PROT_READ),
        ("A length 0", A, 0, 0, MMAN_PROT_READ),
        ("unaligned address", A, 1, P, MMAN_PROT_READ),
        ("unknown prot bit 0x8", A, 0, P, 0x8),
        ("unknown prot bit 0x10000", A, 0, P, 0x10000),
        (
            "PROT_GROWSDOWN on a mapping that does not grow",
            A,
            0,
            P,
            MMAN_PROT_READ | MMAN_PROT_GROWSDOWN,
        ),
        (
            "PROT_GROWSDOWN|PROT_GROWSUP",
            A,
            0,
            P,
            MMAN_PROT_READ | MMAN_PROT_GROWSDOWN | MMAN_PROT_GROWSUP,
        ),
        ("PROT_GROWSUP", A, 0, P, MMAN_PROT_READ | MMAN_PROT_GROWSUP),
        (
            "range into the hole (A applied, then ENOMEM)",
            A,
            0,
            10 * P,
            MMAN_PROT_READ,
        ),
        ("the hole", H, 0, P, MMAN_PROT_READ),
        ("PROT_WRITE on a read-only shared file mapping", S, 0, P, RW),
        (
            "PROT_EXEC on a read-only shared file mapping",
            S,
            0,
            P,
            MMAN_PROT_READ | MMAN_PROT_EXEC,
        ),
        (
            "length wraps the address space",
            A,
            0,
            usize::MAX - 2 * P,
            MMAN_PROT_READ,
        ),
        ("prot -1", A, 0, P, -1),
    ];
    for &(name, page, off, len, prot) in list {
        v.push(case(format!("mprotect {name}"), move |c: &Ctx, imp| {
            res(both!(
                imp,
                mprotect((c.at(page) as usize + off) as *mut c_void, len, prot)
            ) as i64)
        }));
    }
    v
}

fn madvise_cases<'a>() -> Vec<Case<'a>> {
    let mut v = Vec::new();
    let mut advice: Vec<c_int> = (0..=30).collect();
    advice.extend([99, 102, 103, 104, 1000, -1, i32::MIN]);
    for a in advice {
        v.push(case(
            format!("madvise A 8 pages advice {a}"),
            move |c: &Ctx, imp| res(both!(imp, madvise(c.at(A), 8 * P, a)) as i64),
        ));
    }
    let list: &[(&str, usize, usize, usize, c_int)] = &[
        (
            "unaligned address MADV_WILLNEED",
            A,
            1,
            P,
            MMAN_MADV_WILLNEED,
        ),
        ("the hole MADV_WILLNEED", H, 0, P, MMAN_MADV_WILLNEED),
        (
            "range into the hole MADV_DONTNEED",
            A,
            0,
            10 * P,
            MMAN_MADV_DONTNEED,
        ),
        (
            "locked pages MADV_DONTNEED",
            L,
            0,
            4 * P,
            MMAN_MADV_DONTNEED,
        ),
        (
            "locked pages MADV_DONTNEED_LOCKED",
            L,
            0,
            4 * P,
            MMAN_MADV_DONTNEED_LOCKED,
        ),
        ("locked pages MADV_FREE", L, 0, 4 * P, MMAN_MADV_FREE),
        (
            "shared file MADV_REMOVE (read-only)",
            S,
            0,
            P,
            MMAN_MADV_REMOVE,
        ),
        (
            "shared file MADV_POPULATE_WRITE (read-only)",
            S,
            0,
            P,
            MMAN_MADV_POPULATE_WRITE,
        ),
        (
            "shared file MADV_POPULATE_READ",
            S,
            0,
            4 * P,
            MMAN_MADV_POPULATE_READ,
        ),
        ("shared file MADV_DONTNEED", S, 0, 4 * P, MMAN_MADV_DONTNEED),
        ("length 0, unknown advice", A, 0, 0, 77),
        ("length 0, MADV_NORMAL", A, 0, 0, MMAN_MADV_NORMAL),
        (
            "length wraps the address space",
            A,
            0,
            usize::MAX - 2 * P,
            MMAN_MADV_WILLNEED,
        ),
        (
            "PROT_NONE reservation MADV_POPULATE_READ",
            0,
            0,
            P,
            MMAN_MADV_POPULATE_READ,
        ),
        (
            "MADV_GUARD_INSTALL then a read faults",
            A,
            0,
            P,
            MMAN_MADV_GUARD_INSTALL,
        ),
    ];
    for &(name, page, off, len, a) in list {
        v.push(case(format!("madvise {name}"), move |c: &Ctx, imp| {
            res(both!(
                imp,
                madvise((c.at(page) as usize + off) as *mut c_void, len, a)
            ) as i64)
        }));
    }
    // posix_madvise: the error number is the return value; errno stays.
    let list: &[(&str, usize, usize, usize, c_int)] = &[
        ("A POSIX_MADV_NORMAL", A, 0, 8 * P, MMAN_POSIX_MADV_NORMAL),
        ("A POSIX_MADV_RANDOM", A, 0, 8 * P, MMAN_POSIX_MADV_RANDOM),
        (
            "A POSIX_MADV_SEQUENTIAL",
            A,
            0,
            8 * P,
            MMAN_POSIX_MADV_SEQUENTIAL,
        ),
        (
            "A POSIX_MADV_WILLNEED",
            A,
            0,
            8 * P,
            MMAN_POSIX_MADV_WILLNEED,
        ),
        (
            "A POSIX_MADV_DONTNEED (no effect: pages stay)",
            A,
            0,
            8 * P,
            MMAN_POSIX_MADV_DONTNEED,
        ),
        (
            "unaligned POSIX_MADV_DONTNEED (no syscall: 0)",
            A,
            1,
            P,
            MMAN_POSIX_MADV_DONTNEED,
        ),
        (
            "the hole POSIX_MADV_DONTNEED (no syscall: 0)",
            H,
            0,
            P,
            MMAN_POSIX_MADV_DONTNEED,
        ),
        (
            "unaligned POSIX_MADV_WILLNEED",
            A,
            1,
            P,
            MMAN_POSIX_MADV_WILLNEED,
        ),
        (
            "the hole POSIX_MADV_NORMAL",
            H,
            0,
            P,
            MMAN_POSIX_MADV_NORMAL,
        ),
        ("advice 77", A, 0, P, 77),
        ("advice -1", A, 0, P, -1),
        ("MADV_FREE passed through", A, 0, 8 * P, MMAN_MADV_FREE),
        (
            "MADV_DONTNEED_LOCKED on locked pages",
            L,
            0,
            4 * P,
            MMAN_MADV_DONTNEED_LOCKED,
        ),
    ];
    for &(name, page, off, len, a) in list {
        v.push(case(
            format!("posix_madvise {name}"),
            move |c: &Ctx, imp| {
                set_errno(4242);
                res(both!(
                    imp,
                    posix_madvise((c.at(page) as usize + off) as *mut c_void, len, a)
                ) as i64)
            },
        ));
    }
    v
}

fn mlock_cases<'a>() -> Vec<Case<'a>> {
    let mut v = Vec::new();
    let list: &[(&str, usize, usize, usize)] = &[
        ("A 8 pages", A, 0, 8 * P),
        ("A unaligned address (rounded down)", A, 1, P),
        ("A length 0", A, 0, 0),
        ("range into the hole", A, 0, 10 * P),
        ("the hole", H, 0, P),
        ("length wraps the address space", A, 0, usize::MAX - 2 * P),
        ("the PROT_NONE reservation", 0, 0, 2 * P),
    ];
    for &(name, page, off, len) in list {
        v.push(case(format!("mlock {name}"), move |c: &Ctx, imp| {
            res(both!(
                imp,
                mlock((c.at(page) as usize + off) as *const c_void, len)
            ) as i64)
        }));
        v.push(case(format!("munlock {name}"), move |c: &Ctx, imp| {
            res(both!(
                imp,
                munlock((c.at(page) as usize + off) as *const c_void, len)
            ) as i64)
        }));
        for flags in [0u32, 1, 2, 3, 0x8000_0000] {
            v.push(case(
                format!("mlock2 {name} flags {flags:#x}"),
                move |c: &Ctx, imp| {
                    res(both!(
                        imp,
                        mlock2((c.at(page) as usize + off) as *const c_void, len, flags)
                    ) as i64)
                },
            ));
        }
    }
    v.push(case("munlock the locked pages L", |c: &Ctx, imp| {
        res(both!(imp, munlock(c.at(L), 4 * P)) as i64)
    }));
    v.push(unpriv(
        P as u64,
        "mlock 8 pages, RLIMIT_MEMLOCK 1 page (uid 65534)",
        |c: &Ctx, imp| res(both!(imp, mlock(c.at(A), 8 * P)) as i64),
    ));
    v.push(unpriv(
        0,
        "mlock 1 page, RLIMIT_MEMLOCK 0 (uid 65534)",
        |c: &Ctx, imp| res(both!(imp, mlock(c.at(A), P)) as i64),
    ));
    v.push(unpriv(
        P as u64,
        "mlock2 MLOCK_ONFAULT 8 pages, RLIMIT_MEMLOCK 1 page (uid 65534)",
        |c: &Ctx, imp| res(both!(imp, mlock2(c.at(A), 8 * P, 1)) as i64),
    ));
    for flags in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1, i32::MIN] {
        v.push(case(
            format!("mlockall flags {flags:#x} (in the child)"),
            move |_: &Ctx, imp| res(both!(imp, mlockall(flags)) as i64),
        ));
    }
    v.push(unpriv(
        P as u64,
        "mlockall MCL_CURRENT, RLIMIT_MEMLOCK 1 page (uid 65534)",
        |_: &Ctx, imp| res(both!(imp, mlockall(MMAN_MCL_CURRENT)) as i64),
    ));
    v.push(unpriv(
        0,
        "mlockall MCL_FUTURE, RLIMIT_MEMLOCK 0 (uid 65534)",
        |_: &Ctx, imp| res(both!(imp, mlockall(MMAN_MCL_FUTURE)) as i64),
    ));
    v.push(case(
        "munlockall after the scene's mlock",
        |_: &Ctx, imp| res(both!(imp, munlockall()) as i64),
    ));
    v.push(case(
        "mlockall MCL_FUTURE then mmap: the new mapping is locked",
        |c: &Ctx, imp| {
            let r = both!(imp, mlockall(MMAN_MCL_FUTURE));
            let e = errno();
            unsafe {
                libc::mmap(
                    c.at(26),
                    P,
                    libc::PROT_READ,
                    libc::MAP_FIXED | libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                    -1,
                    0,
                )
            };
            Res {
                ret: r as i64,
                err: e,
                fd: -1,
            }
        },
    ));
    v
}

fn mremap_cases<'a>() -> Vec<Case<'a>> {
    let mut v = Vec::new();
    let (mm, fx, du) = (
        MMAN_MREMAP_MAYMOVE,
        MMAN_MREMAP_FIXED,
        MMAN_MREMAP_DONTUNMAP,
    );
    // name, old page, old offset, old size, new size, flags, new page (or NONE)
    const NONE: usize = usize::MAX;
    let list: &[(&str, usize, usize, usize, usize, c_int, usize)] = &[
        ("same size", A, 0, 8 * P, 8 * P, 0, NONE),
        ("shrink 8 -> 3 pages", A, 0, 8 * P, 3 * P, 0, NONE),
        ("grow in place into the hole", A, 0, 8 * P, 10 * P, 0, NONE),
        (
            "grow past the hole without MREMAP_MAYMOVE",
            A,
            0,
            8 * P,
            11 * P,
            0,
            NONE,
        ),
        (
            "grow 8 -> 64 pages MREMAP_MAYMOVE (moves out)",
            A,
            0,
            8 * P,
            64 * P,
            mm,
            NONE,
        ),
        (
            "MREMAP_MAYMOVE, a fifth argument not used",
            A,
            0,
            8 * P,
            8 * P,
            mm,
            26,
        ),
        (
            "MREMAP_FIXED without MREMAP_MAYMOVE",
            A,
            0,
            4 * P,
            4 * P,
            fx,
            26,
        ),
        (
            "MREMAP_MAYMOVE|MREMAP_FIXED to page 26",
            A,
            0,
            4 * P,
            4 * P,
            mm | fx,
            26,
        ),
        (
            "MREMAP_MAYMOVE|MREMAP_FIXED growing to page 24",
            A,
            0,
            4 * P,
            6 * P,
            mm | fx,
            24,
        ),
        (
            "MREMAP_FIXED onto the old range (overlap)",
            A,
            0,
            4 * P,
            4 * P,
            mm | fx,
            A + 2,
        ),
        (
            "MREMAP_FIXED unaligned new address",
            A,
            0,
            4 * P,
            4 * P,
            mm | fx,
            NONE - 1,
        ),
        (
            "MREMAP_DONTUNMAP, no hint",
            A,
            0,
            4 * P,
            4 * P,
            mm | du,
            NONE,
        ),
        (
            "MREMAP_DONTUNMAP, hint the hole",
            A,
            0,
            2 * P,
            2 * P,
            mm | du,
            H,
        ),
        (
            "MREMAP_DONTUNMAP without MREMAP_MAYMOVE",
            A,
            0,
            2 * P,
            2 * P,
            du,
            H,
        ),
        (
            "MREMAP_DONTUNMAP with different sizes",
            A,
            0,
            2 * P,
            4 * P,
            mm | du,
            NONE,
        ),
        (
            "MREMAP_DONTUNMAP on a shared file mapping",
            S,
            0,
            2 * P,
            2 * P,
            mm | du,
            NONE,
        ),
        (
            "MREMAP_DONTUNMAP|MREMAP_FIXED to page 26",
            A,
            0,
            4 * P,
            4 * P,
            mm | fx | du,
            26,
        ),
        (
            "MREMAP_DONTUNMAP of locked pages",
            L,
            0,
            4 * P,
            4 * P,
            mm | du,
            NONE,
        ),
        ("unknown flag 8", A, 0, 4 * P, 4 * P, 8, NONE),
        (
            "unknown flag 8|MREMAP_MAYMOVE",
            A,
            0,
            4 * P,
            4 * P,
            8 | mm,
            NONE,
        ),
        ("flags -1", A, 0, 4 * P, 4 * P, -1, 26),
        ("flags 0x80000000", A, 0, 4 * P, 4 * P, i32::MIN, NONE),
        ("unaligned old address", A, 1, 4 * P, 4 * P, 0, NONE),
        ("new size 0", A, 0, 4 * P, 0, mm, NONE),
        ("old size 0 of a private mapping", A, 0, 0, 4 * P, mm, NONE),
        ("old range in the hole", H, 0, P, 2 * P, mm, NONE),
        (
            "old range spanning two mappings",
            A,
            0,
            12 * P,
            12 * P,
            mm,
            NONE,
        ),
        (
            "grow the shared file mapping MREMAP_MAYMOVE",
            S,
            0,
            4 * P,
            8 * P,
            mm,
            NONE,
        ),
        (
            "grow the locked pages MREMAP_MAYMOVE",
            L,
            0,
            4 * P,
            8 * P,
            mm,
            NONE,
        ),
        (
            "new size past the address space",
            A,
            0,
            4 * P,
            usize::MAX - 2 * P,
            mm,
            NONE,
        ),
    ];
    for &(name, page, off, old, new, flags, to) in list {
        v.push(case(format!("mremap {name}"), move |c: &Ctx, imp| {
            let target = match to {
                NONE => core::ptr::null_mut(),
                x if x == NONE - 1 => (c.at(26) as usize + 1) as *mut c_void,
                p => c.at(p),
            };
            res(both!(
                imp,
                mremap(
                    (c.at(page) as usize + off) as *mut c_void,
                    old,
                    new,
                    flags,
                    target
                )
            ) as i64)
        }));
    }
    v.push(unpriv(
        4 * P as u64,
        "mremap grow locked pages past RLIMIT_MEMLOCK (uid 65534)",
        |c: &Ctx, imp| {
            res(both!(
                imp,
                mremap(
                    c.at(L),
                    4 * P,
                    8 * P,
                    MMAN_MREMAP_MAYMOVE,
                    core::ptr::null_mut::<c_void>()
                )
            ) as i64)
        },
    ));
    v
}

fn mincore_cases<'a>() -> Vec<Case<'a>> {
    let mut v = Vec::new();
    let list: &[(&str, usize, usize, usize, bool)] = &[
        ("A 8 pages (4 touched)", A, 0, 8 * P, true),
        ("the locked pages", L, 0, 4 * P, true),
        ("the shared file", S, 0, 4 * P, true),
        ("length 1", A, 0, 1, true),
        ("length 0", A, 0, 0, true),
        ("unaligned address", A, 1, P, true),
        ("the hole", H, 0, P, true),
        ("range into the hole", A, 0, 10 * P, true),
        ("the PROT_NONE reservation", 0, 0, 4 * P, true),
        ("vec NULL", A, 0, P, false),
        (
            "length past the address space",
            A,
            0,
            usize::MAX - 2 * P,
            true,
        ),
    ];
    for &(name, page, off, len, with_vec) in list {
        v.push(case(format!("mincore {name}"), move |c: &Ctx, imp| {
            let mut vec = [0xeeu8; 16];
            let p = if with_vec {
                vec.as_mut_ptr()
            } else {
                core::ptr::null_mut()
            };
            let r = both!(
                imp,
                mincore((c.at(page) as usize + off) as *mut c_void, len, p)
            );
            let e = errno();
            // The vector is part of the outcome: folded into the return value.
            let sum = vec
                .iter()
                .fold(0i64, |s, &b| s.wrapping_mul(31).wrapping_add(b as i64));
            Res {
                ret: (r as i64) ^ (sum << 8),
                err: e,
                fd: -1,
            }
        }));
    }
    v
}

fn memfd_cases<'a>(names: &'a [CString]) -> Vec<Case<'a>> {
    let mut v = Vec::new();
    let (short, n248, n249, n250) = (&names[0], &names[1], &names[2], &names[3]);
    let flag_list: &[(&str, u32)] = &[
        ("0", 0),
        ("MFD_CLOEXEC", MMAN_MFD_CLOEXEC),
        ("MFD_ALLOW_SEALING", MMAN_MFD_ALLOW_SEALING),
        ("MFD_NOEXEC_SEAL", MMAN_MFD_NOEXEC_SEAL),
        ("MFD_EXEC", MMAN_MFD_EXEC),
        (
            "MFD_EXEC|MFD_NOEXEC_SEAL",
            MMAN_MFD_EXEC | MMAN_MFD_NOEXEC_SEAL,
        ),
        ("MFD_HUGETLB", MMAN_MFD_HUGETLB),
        (
            "MFD_HUGETLB|MFD_HUGE_2MB",
            MMAN_MFD_HUGETLB | MMAN_MFD_HUGE_2MB,
        ),
        ("MFD_HUGE_2MB without MFD_HUGETLB", MMAN_MFD_HUGE_2MB),
        (
            "MFD_HUGETLB|MFD_ALLOW_SEALING|MFD_CLOEXEC",
            MMAN_MFD_HUGETLB | MMAN_MFD_ALLOW_SEALING | MMAN_MFD_CLOEXEC,
        ),
        ("unknown 0x20", 0x20),
        ("unknown 0x80000000", 0x8000_0000),
    ];
    for &(fname, flags) in flag_list {
        v.push(case(
            format!("memfd_create \"x\" flags {fname}"),
            move |_: &Ctx, imp| res_fd(both!(imp, memfd_create(short.as_ptr(), flags))),
        ));
    }
    for (label, n) in [("248", n248), ("249", n249), ("250", n250)] {
        v.push(case(
            format!("memfd_create name of {label} bytes"),
            move |_: &Ctx, imp| res_fd(both!(imp, memfd_create(n.as_ptr(), MMAN_MFD_CLOEXEC))),
        ));
    }
    v.push(case("memfd_create name NULL", |_: &Ctx, imp| {
        res_fd(both!(imp, memfd_create(core::ptr::null(), 0)))
    }));
    v.push(case(
        "memfd_create name at an unmapped address",
        |c: &Ctx, imp| res_fd(both!(imp, memfd_create(c.at(H) as *const c_char, 0))),
    ));
    v
}

/// The shm names the cases use, unique to this process.
struct ShmNames {
    prefix: String,
    /// Further names a case may create (the 255-byte one).
    extra: Vec<String>,
}

impl ShmNames {
    fn path(&self, suffix: &str) -> String {
        format!("/dev/shm/{}{suffix}", self.prefix)
    }
    fn clean(&self) {
        let extra = self.extra.iter().map(|e| format!("/dev/shm/{e}"));
        for path in ["", "-new", "-link", "-dir"]
            .iter()
            .map(|s| self.path(s))
            .chain(extra)
        {
            let p = CString::new(path).unwrap();
            unsafe {
                libc::unlink(p.as_ptr());
                libc::rmdir(p.as_ptr());
            }
        }
    }
    /// The fixtures every shm case starts from: an existing object (mode
    /// 0640, 100 bytes), a symbolic link to it, and a directory.
    fn fixtures(&self) {
        self.clean();
        let obj = CString::new(self.path("")).unwrap();
        let link = CString::new(self.path("-link")).unwrap();
        let dir = CString::new(self.path("-dir")).unwrap();
        unsafe {
            let fd = libc::open(obj.as_ptr(), libc::O_RDWR | libc::O_CREAT, 0o640);
            assert!(fd >= 0);
            libc::fchmod(fd, 0o640);
            libc::ftruncate(fd, 100);
            libc::close(fd);
            assert_eq!(libc::symlink(obj.as_ptr(), link.as_ptr()), 0);
            assert_eq!(libc::mkdir(dir.as_ptr(), 0o755), 0);
        }
    }
    /// Mode and size of the object and of the "-new" one, after a case.
    fn state(&self) -> String {
        ["", "-new"]
            .iter()
            .map(|s| match std::fs::symlink_metadata(self.path(s)) {
                Ok(m) => {
                    use std::os::unix::fs::MetadataExt;
                    format!("{s}: mode {:o} size {} uid {}", m.mode(), m.size(), m.uid())
                }
                Err(_) => format!("{s}: absent"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn shm_cases<'a>(names: &'a [(String, CString)]) -> Vec<Case<'a>> {
    let mut v = Vec::new();
    use libc::{O_CREAT, O_EXCL, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY};
    let opens: &[(c_int, u32)] = &[
        (O_RDONLY, 0),
        (O_RDWR, 0),
        (O_RDWR | O_CREAT, 0o666),
        (O_RDWR | O_CREAT | O_EXCL, 0o600),
        (O_WRONLY | O_TRUNC, 0),
        (O_RDWR | libc::O_DIRECTORY, 0),
        (O_RDONLY | O_CREAT, 0o7777),
    ];
    for (label, name) in names {
        for &(oflag, mode) in opens {
            v.push(case(
                format!("shm_open {label} oflag {oflag:#o} mode {mode:o}"),
                move |_: &Ctx, imp| res_fd(both!(imp, shm_open(name.as_ptr(), oflag, mode))),
            ));
        }
        v.push(case(format!("shm_unlink {label}"), move |_: &Ctx, imp| {
            res(both!(imp, shm_unlink(name.as_ptr())) as i64)
        }));
    }
    // The object belongs to root; /dev/shm is sticky: EPERM, as EACCES.
    let obj = &names[0].1;
    v.push(unpriv(
        0,
        "shm_unlink root's object as uid 65534 (sticky /dev/shm)",
        move |_: &Ctx, imp| res(both!(imp, shm_unlink(obj.as_ptr())) as i64),
    ));
    v.push(unpriv(
        0,
        "shm_open root's 0640 object O_RDWR as uid 65534",
        move |_: &Ctx, imp| res_fd(both!(imp, shm_open(obj.as_ptr(), O_RDWR, 0))),
    ));
    v
}

fn mmap64_cases<'a>(ro_fd: c_int) -> Vec<Case<'a>> {
    let mut v = Vec::new();
    let anon = MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS;
    let list: &[(&str, usize, c_int, c_int, c_int, i64, bool)] = &[
        ("anonymous page", P, RW, anon, -1, 0, false),
        (
            "MAP_FIXED at page 26",
            P,
            RW,
            anon | MMAN_MAP_FIXED,
            -1,
            0,
            true,
        ),
        (
            "MAP_FIXED_NOREPLACE on A",
            P,
            RW,
            anon | MMAN_MAP_FIXED_NOREPLACE,
            -1,
            0,
            true,
        ),
        ("offset 1", P, RW, anon, -1, 1, false),
        (
            "fd -1 without MAP_ANONYMOUS",
            P,
            MMAN_PROT_READ,
            MMAN_MAP_SHARED,
            -1,
            0,
            false,
        ),
        ("length 0", 0, RW, anon, -1, 0, false),
        (
            "read-only fd, PROT_WRITE|MAP_SHARED",
            P,
            RW,
            MMAN_MAP_SHARED,
            ro_fd,
            0,
            false,
        ),
        (
            "read-only fd, MAP_PRIVATE page 1",
            P,
            RW,
            MMAN_MAP_PRIVATE,
            ro_fd,
            4096,
            false,
        ),
    ];
    for &(name, len, prot, flags, fd, off, at26) in list {
        v.push(case(format!("mmap64 {name}"), move |c: &Ctx, imp| {
            let addr = if at26 {
                c.at(if flags & MMAN_MAP_FIXED_NOREPLACE != 0 {
                    A
                } else {
                    26
                })
            } else {
                core::ptr::null_mut()
            };
            let r = both!(imp, mmap64(addr, len, prot, flags, fd, off)) as i64;
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

#[test]
fn family_differential() {
    // The reservation, with a PROT_NONE guard page before and after.
    let region = Region::guarded(P, NP * P);
    // A read-only file of 4 pages for the shared mappings.
    let dir = std::env::temp_dir().join(format!("mman-family-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("ro");
    std::fs::write(&file, vec![b'f'; 4 * P]).unwrap();
    let cfile = CString::new(file.to_str().unwrap()).unwrap();
    let ro_fd = unsafe { libc::open(cfile.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC) };
    assert!(ro_fd >= 0);
    let ctx = Ctx { region, ro_fd };

    let memfd_names: Vec<CString> = [1, 248, 249, 250]
        .iter()
        .map(|&n| CString::new(vec![b'm'; n]).unwrap())
        .collect();
    let prefix = format!("mman-family-{}", std::process::id());
    // Long names, unique to this process: the prefix, padded to n bytes.
    let long = |n: usize| format!("{prefix}{}", "s".repeat(n - prefix.len()));
    let shm = ShmNames {
        prefix: prefix.clone(),
        extra: vec![long(255)],
    };
    let p = &shm.prefix;
    let shm_names: Vec<(String, CString)> = [
        format!("/{p}"),
        p.to_string(),
        format!("///{p}"),
        format!("/{p}-new"),
        format!("/{p}-link"),
        format!("/{p}-dir"),
        String::new(),
        "/".into(),
        "///".into(),
        "a/b".into(),
        format!("/{p}/"),
        ".".into(),
        "/..".into(),
        long(255),
        long(256),
        long(259),
        long(260),
        format!("////{}", long(259)),
        long(300),
    ]
    .into_iter()
    .map(|n| {
        let label = if n.len() > 60 {
            format!("\"<{} bytes>\"", n.trim_start_matches('/').len())
        } else {
            format!("{n:?}")
        };
        (label, CString::new(n).unwrap())
    })
    .collect();

    let mut groups: Vec<(&str, Vec<Case>, bool)> = vec![
        ("mprotect", mprotect_cases(), false),
        ("madvise/posix_madvise", madvise_cases(), false),
        ("mlock family", mlock_cases(), false),
        ("mremap", mremap_cases(), true),
        ("mincore", mincore_cases(), false),
        ("memfd_create", memfd_cases(&memfd_names), false),
        ("mmap64", mmap64_cases(ro_fd), true),
    ];
    let shm_group = shm_cases(&shm_names);

    let (mut passed, mut failed) = (0, 0);
    let mut judge = |name: &str, a: &Report, b: &Report, ptr: bool, extra: (String, String)| {
        let same = a == b && extra.0 == extra.1 && a.ret != i64::MIN;
        let line = format!(
            "{name}: mman {}, glibc {}",
            outcome(a, ptr),
            outcome(b, ptr)
        );
        if same {
            passed += 1;
            println!("ok   {line}");
        } else {
            failed += 1;
            println!("FAIL {line}");
            println!("     mman:  {a:?} {}", extra.0);
            println!("     glibc: {b:?} {}", extra.1);
        }
    };
    for (group, cases, ptr) in groups.iter_mut() {
        println!("== family differential: {group}");
        for c in cases.iter() {
            let a = run(&ctx, c, Imp::Mman, &|| {});
            let b = run(&ctx, c, Imp::Glibc, &|| {});
            judge(&c.name, &a, &b, *ptr, (String::new(), String::new()));
        }
    }
    println!("== family differential: shm_open/shm_unlink (with /dev/shm state)");
    for c in &shm_group {
        shm.fixtures();
        let a = run(&ctx, c, Imp::Mman, &|| {});
        let sa = shm.state();
        shm.fixtures();
        let b = run(&ctx, c, Imp::Glibc, &|| {});
        let sb = shm.state();
        judge(&c.name, &a, &b, false, (sa, sb));
    }
    shm.clean();
    println!("== family differential: page_size");
    extern "C" {
        fn getpagesize() -> c_int;
    }
    let ps = (
        mman_page_size(),
        unsafe { libc::sysconf(libc::_SC_PAGESIZE) },
        unsafe { getpagesize() } as i64,
    );
    let line = format!(
        "mman_page_size: mman {}, glibc sysconf {} getpagesize {}",
        ps.0, ps.1, ps.2
    );
    if ps.0 == ps.1 && ps.0 == ps.2 {
        passed += 1;
        println!("ok   {line}");
    } else {
        failed += 1;
        println!("FAIL {line}");
    }

    unsafe { libc::close(ro_fd) };
    drop(ctx);
    let _ = std::fs::remove_dir_all(&dir);
    println!("family differential: {passed} passed, {failed} failed");
    assert_eq!(failed, 0, "mman differs from glibc in {failed} cases");
}
