//! The way to run a case in a child: for each implementation, a forked
//! child lays out the scene in its copy of the region, makes the one call
//! and reports, through a pipe, the call's result and `errno`, the state of
//! the descriptor it returned (if any), a per-page `mincore` of the region,
//! and `/proc/self/smaps`. The child is single-threaded, so holes in its
//! region cannot be filled by anyone else, and `mlockall` locks only the
//! child; it allocates nothing between fork and exit (the cases are built
//! before). The two reports must be equal.

use crate::common::maps::{details_path, parse, Vma};
use crate::common::scene::{Scene, NP};
use crate::common::{
    drop_root, errno, errno_name, fd_state, in_child, page, set_errno, FdState, Imp, SENTINEL,
};
use crate::Env;
use std::ffi::{c_int, CStr};

/// The result of one call in the child: return value, `errno` after it, and
/// the descriptor (if any) whose state to report.
pub struct Res {
    pub ret: i64,
    pub err: c_int,
    pub fd: c_int,
}

/// A plain result (not a descriptor), with `errno` as the call left it.
pub fn res(ret: i64) -> Res {
    Res {
        ret,
        err: errno(),
        fd: -1,
    }
}

/// A descriptor, or -1, with `errno` as the call left it.
pub fn res_fd(ret: c_int) -> Res {
    Res {
        ret: ret.into(),
        err: errno(),
        fd: ret,
    }
}

/// The call of a case, in the child.
pub type Op<'a> = Box<dyn Fn(&Scene, Imp) -> Res + 'a>;

/// A case: its name (starting with the C function's name), whether the
/// child first drops root (with RLIMIT_MEMLOCK set to the given bytes), and
/// the call.
pub struct Case<'a> {
    pub name: String,
    pub unpriv: Option<u64>,
    pub op: Op<'a>,
}

/// A case run as root.
pub fn case<'a>(name: impl Into<String>, op: impl Fn(&Scene, Imp) -> Res + 'a) -> Case<'a> {
    Case {
        name: name.into(),
        unpriv: None,
        op: Box::new(op),
    }
}

/// A case run as uid 65534 with `RLIMIT_MEMLOCK` set to `limit` bytes.
pub fn unpriv<'a>(
    limit: u64,
    name: impl Into<String>,
    op: impl Fn(&Scene, Imp) -> Res + 'a,
) -> Case<'a> {
    Case {
        name: name.into(),
        unpriv: Some(limit),
        op: Box::new(op),
    }
}

/// What a child reports.
#[derive(PartialEq, Debug)]
pub struct Report {
    pub ret: i64,
    pub err: i32,
    pub fd: FdState,
    /// Per page of the work area: the low bit of `mincore`, or `0xf0` and
    /// its error number.
    pub resident: Vec<u8>,
    /// smaps of the region's VMAs and of the one holding `ret`.
    pub vmas: Vec<String>,
}

fn write_all(fd: c_int, mut b: &[u8]) {
    while !b.is_empty() {
        // SAFETY: writing `b` to the pipe.
        let n = unsafe { libc::write(fd, b.as_ptr().cast(), b.len()) };
        if n <= 0 {
            // SAFETY: ends the child.
            unsafe { libc::_exit(91) };
        }
        b = &b[n as usize..];
    }
}

/// The child's side: scene, call, report. Never returns.
fn child(scene: &Scene, case: &Case, imp: Imp, details: &CStr, out: c_int) -> ! {
    // SAFETY (every block here): system calls in the forked child, on its
    // own copy of the region, then `_exit`.
    if !scene.lay() {
        unsafe { libc::_exit(90) };
    }
    if let Some(limit) = case.unpriv {
        if !drop_root(limit) {
            unsafe { libc::_exit(92) };
        }
    }
    unsafe { libc::umask(0o022) };
    set_errno(SENTINEL);
    let r = (case.op)(scene, imp);
    write_all(out, &r.ret.to_ne_bytes());
    write_all(out, &i64::from(r.err).to_ne_bytes());
    write_all(out, fd_state(r.fd).as_bytes());
    let mut vec = [0u8; NP];
    for (i, v) in vec.iter_mut().enumerate() {
        let mut b = 0u8;
        *v = if unsafe { libc::mincore(scene.at(i), page(), &mut b) } == 0 {
            b & 1
        } else {
            0xf0 | (errno() as u8 & 0xf)
        };
    }
    write_all(out, &vec);
    let fd = unsafe { libc::open(details.as_ptr(), libc::O_RDONLY) };
    let mut buf = [0u8; 8192];
    loop {
        let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 {
            break;
        }
        write_all(out, &buf[..n as usize]);
    }
    unsafe { libc::_exit(0) }
}

/// Runs `case` for `imp` in a child and collects its report, or `Err` with
/// the child's wait status if it failed.
fn run(scene: &Scene, case: &Case, imp: Imp) -> Result<Report, c_int> {
    let details = details_path();
    let (data, status) = in_child(|out| child(scene, case, imp, details, out));
    let head = 16 + size_of::<FdState>();
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 || data.len() < head + NP {
        return Err(status);
    }
    let word = |i: usize| i64::from_ne_bytes(data[i * 8..i * 8 + 8].try_into().unwrap());
    let ret = word(0);
    let region = &scene.region;
    let (lo, hi) = (region.work(), region.work() + NP * page());
    let rel = |a: usize| {
        if (lo..=hi).contains(&a) {
            format!("R+{}", (a - lo) / page())
        } else {
            format!("{a:#x}")
        }
    };
    let smaps: Vec<Vma> = parse(&data[head + NP..], 0);
    let vmas = smaps
        .iter()
        .filter(|v| (v.start < hi && v.end > lo) || (v.start..v.end).contains(&(ret as usize)))
        .map(|v| {
            format!(
                "{}..{} {} Rss:{} Locked:{} VmFlags:{}",
                rel(v.start),
                rel(v.end),
                v.perms,
                v.rss,
                v.locked,
                v.vm_flags
            )
        })
        .collect();
    Ok(Report {
        ret,
        err: word(1) as i32,
        fd: FdState::from_bytes(&data[16..head]).expect("the descriptor's state"),
        resident: data[head..head + NP].to_vec(),
        vmas,
    })
}

fn outcome(r: &Result<Report, c_int>, ptr: bool) -> String {
    let r = match r {
        Ok(r) => r,
        Err(status) => return format!("child failed (status {status:#x})"),
    };
    let failed = if ptr {
        r.ret as usize == mman::capi::MAP_FAILED as usize
    } else {
        r.ret == -1
    };
    if failed {
        format!("-1 {}", errno_name(r.err))
    } else {
        format!(
            "{} errno {}",
            if ptr { "ok".into() } else { r.ret.to_string() },
            errno_name(r.err)
        )
    }
}

/// Runs each case through mman and glibc, each in a child, and compares the
/// reports; `ptr`: the functions return an address (`MAP_FAILED` on
/// failure). Prints a line per case and counts it in `env` under its
/// function (the first word of its name).
pub fn run_group(env: &mut Env, group: &str, cases: &[Case], ptr: bool) {
    run_group_with(env, group, cases, ptr, &|| {}, &String::new);
}

/// As `run_group`, with `before` run before each child and `state` taken
/// after it (state outside the process, such as `/dev/shm`), compared too.
pub fn run_group_with(
    env: &mut Env,
    group: &str,
    cases: &[Case],
    ptr: bool,
    before: &dyn Fn(),
    state: &dyn Fn() -> String,
) {
    println!("== differential: {group}");
    for c in cases {
        before();
        let a = run(&env.scene, c, Imp::Mman);
        let sa = state();
        before();
        let b = run(&env.scene, c, Imp::Glibc);
        let sb = state();
        let same = a.is_ok() && a == b && sa == sb;
        let line = format!(
            "{}: mman {}, glibc {}",
            c.name,
            outcome(&a, ptr),
            outcome(&b, ptr)
        );
        if same {
            println!("ok   {line}");
        } else {
            println!("FAIL {line}");
            println!("     mman:  {a:?} {sa}");
            println!("     glibc: {b:?} {sb}");
        }
        let function = c.name.split_whitespace().next().unwrap_or("?");
        env.count(function, same);
    }
}
