//! `mremap`: cases in a child on the scene.

use crate::child::{case, res, unpriv, Case};
use crate::common::scene::{Scene, A, FREE, H, L, S};
use crate::common::{emulated, page, skip};
use crate::Env;
use mman::consts::*;
use std::ffi::{c_int, c_void};

pub fn run(env: &mut Env) {
    crate::child::run_group(env, "mremap", &cases(), true);
}

pub fn cases<'a>() -> Vec<Case<'a>> {
    let mut v = Vec::new();
    let (mm, fx, du) = (
        MMAN_MREMAP_MAYMOVE,
        MMAN_MREMAP_FIXED,
        MMAN_MREMAP_DONTUNMAP,
    );
    // name, old page, old offset, old size, new size, flags, new page (or NONE)
    const NONE: usize = usize::MAX;
    let list: &[(&str, usize, usize, usize, usize, c_int, usize)] = &[
        ("same size", A, 0, 8 * page(), 8 * page(), 0, NONE),
        ("shrink 8 -> 3 pages", A, 0, 8 * page(), 3 * page(), 0, NONE),
        (
            "grow in place into the hole",
            A,
            0,
            8 * page(),
            10 * page(),
            0,
            NONE,
        ),
        (
            "grow past the hole without MREMAP_MAYMOVE",
            A,
            0,
            8 * page(),
            11 * page(),
            0,
            NONE,
        ),
        (
            "grow 8 -> 64 pages MREMAP_MAYMOVE (moves out)",
            A,
            0,
            8 * page(),
            64 * page(),
            mm,
            NONE,
        ),
        (
            "MREMAP_MAYMOVE, a fifth argument not used",
            A,
            0,
            8 * page(),
            8 * page(),
            mm,
            26,
        ),
        (
            "MREMAP_FIXED without MREMAP_MAYMOVE",
            A,
            0,
            4 * page(),
            4 * page(),
            fx,
            26,
        ),
        (
            "MREMAP_MAYMOVE|MREMAP_FIXED to page 26",
            A,
            0,
            4 * page(),
            4 * page(),
            mm | fx,
            26,
        ),
        (
            "MREMAP_MAYMOVE|MREMAP_FIXED growing to page 24",
            A,
            0,
            4 * page(),
            6 * page(),
            mm | fx,
            24,
        ),
        (
            "MREMAP_FIXED onto the old range (overlap)",
            A,
            0,
            4 * page(),
            4 * page(),
            mm | fx,
            A + 2,
        ),
        (
            "MREMAP_FIXED unaligned new address",
            A,
            0,
            4 * page(),
            4 * page(),
            mm | fx,
            NONE - 1,
        ),
        (
            "MREMAP_DONTUNMAP, no hint",
            A,
            0,
            4 * page(),
            4 * page(),
            mm | du,
            NONE,
        ),
        (
            "MREMAP_DONTUNMAP, hint the hole",
            A,
            0,
            2 * page(),
            2 * page(),
            mm | du,
            H,
        ),
        (
            "MREMAP_DONTUNMAP without MREMAP_MAYMOVE",
            A,
            0,
            2 * page(),
            2 * page(),
            du,
            H,
        ),
        (
            "MREMAP_DONTUNMAP with different sizes",
            A,
            0,
            2 * page(),
            4 * page(),
            mm | du,
            NONE,
        ),
        (
            "MREMAP_DONTUNMAP on a shared file mapping",
            S,
            0,
            2 * page(),
            2 * page(),
            mm | du,
            NONE,
        ),
        (
            "MREMAP_DONTUNMAP|MREMAP_FIXED to page 26",
            A,
            0,
            4 * page(),
            4 * page(),
            mm | fx | du,
            26,
        ),
        (
            "MREMAP_DONTUNMAP of locked pages",
            L,
            0,
            4 * page(),
            4 * page(),
            mm | du,
            NONE,
        ),
        ("unknown flag 8", A, 0, 4 * page(), 4 * page(), 8, NONE),
        (
            "unknown flag 8|MREMAP_MAYMOVE",
            A,
            0,
            4 * page(),
            4 * page(),
            8 | mm,
            NONE,
        ),
        ("flags -1", A, 0, 4 * page(), 4 * page(), -1, 26),
        (
            "flags 0x80000000",
            A,
            0,
            4 * page(),
            4 * page(),
            i32::MIN,
            NONE,
        ),
        (
            "unaligned old address",
            A,
            1,
            4 * page(),
            4 * page(),
            0,
            NONE,
        ),
        ("new size 0", A, 0, 4 * page(), 0, mm, NONE),
        (
            "old size 0 of a private mapping",
            A,
            0,
            0,
            4 * page(),
            mm,
            NONE,
        ),
        ("old range in the hole", H, 0, page(), 2 * page(), mm, NONE),
        (
            "old range spanning two mappings",
            A,
            0,
            12 * page(),
            12 * page(),
            mm,
            NONE,
        ),
        (
            "grow the shared file mapping MREMAP_MAYMOVE",
            S,
            0,
            4 * page(),
            8 * page(),
            mm,
            NONE,
        ),
        (
            "grow the locked pages MREMAP_MAYMOVE",
            L,
            0,
            4 * page(),
            8 * page(),
            mm,
            NONE,
        ),
        (
            "new size past the address space",
            A,
            0,
            4 * page(),
            usize::MAX - 2 * page(),
            mm,
            NONE,
        ),
    ];
    for &(name, page, off, old, new, flags, to) in list {
        if emulated() && flags & !7 != 0 {
            skip(
                "mremap: the cases with unknown flags",
                "the targets' glibc (Debian's 2.36-8 cross packages) passes unknown flags to \
                 the kernel, which rejects them first (EINVAL), as mman and the host's glibc \
                 2.36-9 do before the call (BZ #31968); qemu-user acts on the ranges first \
                 (on a 32-bit guest it left the old range unmapped)",
            );
            continue;
        }
        v.push(case(format!("mremap {name}"), move |c: &Scene, imp| {
            let target = match to {
                NONE => core::ptr::null_mut(),
                x if x == NONE - 1 => (c.at(FREE) as usize + 1) as *mut c_void,
                p => c.at(p),
            };
            res(unsafe { (imp.c().mremap)(c.addr(page, off), old, new, flags, target) } as i64)
        }));
    }
    v.push(unpriv(
        4 * page() as u64,
        "mremap grow locked pages past RLIMIT_MEMLOCK (uid 65534)",
        |c: &Scene, imp| {
            res(unsafe {
                (imp.c().mremap)(
                    c.at(L),
                    4 * page(),
                    8 * page(),
                    MMAN_MREMAP_MAYMOVE,
                    core::ptr::null_mut::<c_void>(),
                )
            } as i64)
        },
    ));
    v
}
