//! `mprotect`: cases in a child on the scene.

use crate::child::{case, res, Case};
use crate::common::page;
use crate::common::scene::{Scene, A, H, S, W};
use crate::Env;
use mman::consts::*;
use std::ffi::c_int;

/// `PROT_READ | PROT_WRITE`.
const RW: c_int = MMAN_PROT_READ | MMAN_PROT_WRITE;

pub fn run(env: &mut Env) {
    crate::child::run_group(env, "mprotect", &cases(), false);
}

pub fn cases<'a>() -> Vec<Case<'a>> {
    let mut v = Vec::new();
    let list: &[(&str, usize, usize, usize, c_int)] = &[
        // name, page, offset, len, prot
        ("A 8 pages PROT_READ", A, 0, 8 * page(), MMAN_PROT_READ),
        (
            "A 8 pages PROT_READ|PROT_WRITE|PROT_EXEC",
            A,
            0,
            8 * page(),
            RW | MMAN_PROT_EXEC,
        ),
        (
            "A 2 pages PROT_NONE (splits the mapping)",
            A + 3,
            0,
            2 * page(),
            MMAN_PROT_NONE,
        ),
        ("A length 1 (rounded up)", A, 0, 1, MMAN_PROT_READ),
        ("A length 0", A, 0, 0, MMAN_PROT_READ),
        ("unaligned address", A, 1, page(), MMAN_PROT_READ),
        ("unknown prot bit 0x8", A, 0, page(), 0x8),
        ("unknown prot bit 0x10000", A, 0, page(), 0x10000),
        (
            "PROT_GROWSDOWN on a mapping that does not grow",
            A,
            0,
            page(),
            MMAN_PROT_READ | MMAN_PROT_GROWSDOWN,
        ),
        (
            "PROT_GROWSDOWN|PROT_GROWSUP",
            A,
            0,
            page(),
            MMAN_PROT_READ | MMAN_PROT_GROWSDOWN | MMAN_PROT_GROWSUP,
        ),
        (
            "PROT_GROWSUP",
            A,
            0,
            page(),
            MMAN_PROT_READ | MMAN_PROT_GROWSUP,
        ),
        (
            "range into the hole (A applied, then ENOMEM)",
            A,
            0,
            10 * page(),
            MMAN_PROT_READ,
        ),
        ("the hole", H, 0, page(), MMAN_PROT_READ),
        (
            "PROT_WRITE on a read-only shared file mapping",
            S,
            0,
            page(),
            RW,
        ),
        (
            "PROT_EXEC on a read-only shared file mapping",
            S,
            0,
            page(),
            MMAN_PROT_READ | MMAN_PROT_EXEC,
        ),
        (
            "PROT_READ on the dirty read-write shared file mapping",
            W,
            0,
            2 * page(),
            MMAN_PROT_READ,
        ),
        (
            "length wraps the address space",
            A,
            0,
            usize::MAX - 2 * page(),
            MMAN_PROT_READ,
        ),
        ("prot -1", A, 0, page(), -1),
    ];
    for &(name, page, off, len, prot) in list {
        v.push(case(format!("mprotect {name}"), move |c: &Scene, imp| {
            res(unsafe { (imp.c().mprotect)(c.addr(page, off), len, prot) } as i64)
        }));
    }
    v
}
