//! `madvise` and `posix_madvise`: cases in a child on the scene.

use crate::child::{case, res, Case};
use crate::common::page;
use crate::common::scene::{Scene, A, H, L, S, W};
use crate::Env;
use mman::consts::*;
use std::ffi::c_int;

pub fn run(env: &mut Env) {
    crate::child::run_group(env, "madvise/posix_madvise", &cases(), false);
}

pub fn cases<'a>() -> Vec<Case<'a>> {
    let mut v = Vec::new();
    let mut advice: Vec<c_int> = (0..=30).collect();
    advice.extend([99, 102, 103, 104, 1000, -1, i32::MIN]);
    for a in advice {
        v.push(case(
            format!("madvise A 8 pages advice {a}"),
            move |c: &Scene, imp| res(unsafe { (imp.c().madvise)(c.at(A), 8 * page(), a) } as i64),
        ));
    }
    let list: &[(&str, usize, usize, usize, c_int)] = &[
        (
            "unaligned address MADV_WILLNEED",
            A,
            1,
            page(),
            MMAN_MADV_WILLNEED,
        ),
        ("the hole MADV_WILLNEED", H, 0, page(), MMAN_MADV_WILLNEED),
        (
            "range into the hole MADV_DONTNEED",
            A,
            0,
            10 * page(),
            MMAN_MADV_DONTNEED,
        ),
        (
            "locked pages MADV_DONTNEED",
            L,
            0,
            4 * page(),
            MMAN_MADV_DONTNEED,
        ),
        (
            "locked pages MADV_DONTNEED_LOCKED",
            L,
            0,
            4 * page(),
            MMAN_MADV_DONTNEED_LOCKED,
        ),
        ("locked pages MADV_FREE", L, 0, 4 * page(), MMAN_MADV_FREE),
        (
            "shared file MADV_REMOVE (read-only)",
            S,
            0,
            page(),
            MMAN_MADV_REMOVE,
        ),
        (
            "shared file MADV_POPULATE_WRITE (read-only)",
            S,
            0,
            page(),
            MMAN_MADV_POPULATE_WRITE,
        ),
        (
            "shared file MADV_POPULATE_READ",
            S,
            0,
            4 * page(),
            MMAN_MADV_POPULATE_READ,
        ),
        (
            "shared file MADV_DONTNEED",
            S,
            0,
            4 * page(),
            MMAN_MADV_DONTNEED,
        ),
        (
            "dirty read-write shared file MADV_DONTNEED",
            W,
            0,
            2 * page(),
            MMAN_MADV_DONTNEED,
        ),
        ("length 0, unknown advice", A, 0, 0, 77),
        ("length 0, MADV_NORMAL", A, 0, 0, MMAN_MADV_NORMAL),
        (
            "length wraps the address space",
            A,
            0,
            usize::MAX - 2 * page(),
            MMAN_MADV_WILLNEED,
        ),
        (
            "PROT_NONE reservation MADV_POPULATE_READ",
            0,
            0,
            page(),
            MMAN_MADV_POPULATE_READ,
        ),
        (
            "MADV_GUARD_INSTALL then a read faults",
            A,
            0,
            page(),
            MMAN_MADV_GUARD_INSTALL,
        ),
    ];
    for &(name, page, off, len, a) in list {
        v.push(case(format!("madvise {name}"), move |c: &Scene, imp| {
            res(unsafe { (imp.c().madvise)(c.addr(page, off), len, a) } as i64)
        }));
    }
    // posix_madvise: the error number is the return value; errno stays
    // (the child set it to `SENTINEL`).
    let list: &[(&str, usize, usize, usize, c_int)] = &[
        (
            "A POSIX_MADV_NORMAL",
            A,
            0,
            8 * page(),
            MMAN_POSIX_MADV_NORMAL,
        ),
        (
            "A POSIX_MADV_RANDOM",
            A,
            0,
            8 * page(),
            MMAN_POSIX_MADV_RANDOM,
        ),
        (
            "A POSIX_MADV_SEQUENTIAL",
            A,
            0,
            8 * page(),
            MMAN_POSIX_MADV_SEQUENTIAL,
        ),
        (
            "A POSIX_MADV_WILLNEED",
            A,
            0,
            8 * page(),
            MMAN_POSIX_MADV_WILLNEED,
        ),
        (
            "A POSIX_MADV_DONTNEED (no effect: pages stay)",
            A,
            0,
            8 * page(),
            MMAN_POSIX_MADV_DONTNEED,
        ),
        (
            "unaligned POSIX_MADV_DONTNEED (no syscall: 0)",
            A,
            1,
            page(),
            MMAN_POSIX_MADV_DONTNEED,
        ),
        (
            "the hole POSIX_MADV_DONTNEED (no syscall: 0)",
            H,
            0,
            page(),
            MMAN_POSIX_MADV_DONTNEED,
        ),
        (
            "unaligned POSIX_MADV_WILLNEED",
            A,
            1,
            page(),
            MMAN_POSIX_MADV_WILLNEED,
        ),
        (
            "the hole POSIX_MADV_NORMAL",
            H,
            0,
            page(),
            MMAN_POSIX_MADV_NORMAL,
        ),
        ("advice 77", A, 0, page(), 77),
        ("advice -1", A, 0, page(), -1),
        ("MADV_FREE passed through", A, 0, 8 * page(), MMAN_MADV_FREE),
        (
            "MADV_DONTNEED_LOCKED on locked pages",
            L,
            0,
            4 * page(),
            MMAN_MADV_DONTNEED_LOCKED,
        ),
    ];
    for &(name, page, off, len, a) in list {
        v.push(case(
            format!("posix_madvise {name}"),
            move |c: &Scene, imp| {
                res(unsafe { (imp.c().posix_madvise)(c.addr(page, off), len, a) } as i64)
            },
        ));
    }
    v
}
