//! `mlock`, `munlock`, `mlock2`, `mlockall`, `munlockall`: cases in a
//! child on the scene (so `mlockall` locks only the child).

use crate::child::{case, res, unpriv, Case, Res};
use crate::common::scene::{Scene, A, FREE, H, L};
use crate::common::{errno, page};
use crate::Env;
use mman::consts::*;

pub fn run(env: &mut Env) {
    crate::child::run_group(env, "mlock family", &cases(), false);
}

pub fn cases<'a>() -> Vec<Case<'a>> {
    let mut v = Vec::new();
    let list: &[(&str, usize, usize, usize)] = &[
        ("A 8 pages", A, 0, 8 * page()),
        ("A unaligned address (rounded down)", A, 1, page()),
        ("A length 0", A, 0, 0),
        ("range into the hole", A, 0, 10 * page()),
        ("the hole", H, 0, page()),
        (
            "length wraps the address space",
            A,
            0,
            usize::MAX - 2 * page(),
        ),
        ("the PROT_NONE reservation", 0, 0, 2 * page()),
    ];
    for &(name, page, off, len) in list {
        v.push(case(format!("mlock {name}"), move |c: &Scene, imp| {
            res(unsafe { (imp.c().mlock)(c.addr(page, off), len) } as i64)
        }));
        v.push(case(format!("munlock {name}"), move |c: &Scene, imp| {
            res(unsafe { (imp.c().munlock)(c.addr(page, off), len) } as i64)
        }));
        for flags in [0u32, 1, 2, 3, 0x8000_0000] {
            v.push(case(
                format!("mlock2 {name} flags {flags:#x}"),
                move |c: &Scene, imp| {
                    res(unsafe { (imp.c().mlock2)(c.addr(page, off), len, flags) } as i64)
                },
            ));
        }
    }
    v.push(case("munlock the locked pages L", |c: &Scene, imp| {
        res(unsafe { (imp.c().munlock)(c.at(L), 4 * page()) } as i64)
    }));
    v.push(unpriv(
        page() as u64,
        "mlock 8 pages, RLIMIT_MEMLOCK 1 page (uid 65534)",
        |c: &Scene, imp| res(unsafe { (imp.c().mlock)(c.at(A), 8 * page()) } as i64),
    ));
    v.push(unpriv(
        0,
        "mlock 1 page, RLIMIT_MEMLOCK 0 (uid 65534)",
        |c: &Scene, imp| res(unsafe { (imp.c().mlock)(c.at(A), page()) } as i64),
    ));
    v.push(unpriv(
        page() as u64,
        "mlock2 MLOCK_ONFAULT 8 pages, RLIMIT_MEMLOCK 1 page (uid 65534)",
        |c: &Scene, imp| res(unsafe { (imp.c().mlock2)(c.at(A), 8 * page(), 1) } as i64),
    ));
    for flags in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1, i32::MIN] {
        v.push(case(
            format!("mlockall flags {flags:#x} (in the child)"),
            move |_: &Scene, imp| res(unsafe { (imp.c().mlockall)(flags) } as i64),
        ));
    }
    v.push(unpriv(
        page() as u64,
        "mlockall MCL_CURRENT, RLIMIT_MEMLOCK 1 page (uid 65534)",
        |_: &Scene, imp| res(unsafe { (imp.c().mlockall)(MMAN_MCL_CURRENT) } as i64),
    ));
    v.push(unpriv(
        0,
        "mlockall MCL_FUTURE, RLIMIT_MEMLOCK 0 (uid 65534)",
        |_: &Scene, imp| res(unsafe { (imp.c().mlockall)(MMAN_MCL_FUTURE) } as i64),
    ));
    v.push(case(
        "munlockall after the scene's mlock",
        |_: &Scene, imp| res(unsafe { (imp.c().munlockall)() } as i64),
    ));
    v.push(case(
        "mlockall MCL_FUTURE then mmap: the new mapping is locked",
        |c: &Scene, imp| {
            let r = unsafe { (imp.c().mlockall)(MMAN_MCL_FUTURE) };
            let e = errno();
            unsafe {
                libc::mmap(
                    c.at(FREE),
                    page(),
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
