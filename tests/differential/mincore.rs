//! `mincore`: cases in a child on the scene.

use crate::child::{case, Case, Res};
use crate::common::scene::{Scene, A, H, L, S};
use crate::common::{errno, page};
use crate::Env;

pub fn run(env: &mut Env) {
    crate::child::run_group(env, "mincore", &cases(), false);
}

pub fn cases<'a>() -> Vec<Case<'a>> {
    let mut v = Vec::new();
    let list: &[(&str, usize, usize, usize, bool)] = &[
        ("A 8 pages (4 touched)", A, 0, 8 * page(), true),
        ("the locked pages", L, 0, 4 * page(), true),
        ("the shared file", S, 0, 4 * page(), true),
        ("length 1", A, 0, 1, true),
        ("length 0", A, 0, 0, true),
        ("unaligned address", A, 1, page(), true),
        ("the hole", H, 0, page(), true),
        ("range into the hole", A, 0, 10 * page(), true),
        ("the PROT_NONE reservation", 0, 0, 4 * page(), true),
        ("vec NULL", A, 0, page(), false),
        (
            "length past the address space",
            A,
            0,
            usize::MAX - 2 * page(),
            true,
        ),
    ];
    for &(name, page, off, len, with_vec) in list {
        v.push(case(format!("mincore {name}"), move |c: &Scene, imp| {
            let mut vec = [0xeeu8; 16];
            let p = if with_vec {
                vec.as_mut_ptr()
            } else {
                core::ptr::null_mut()
            };
            let r = unsafe { (imp.c().mincore)(c.addr(page, off), len, p) };
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
