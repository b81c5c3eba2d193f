//! `msync`: the grid of 704 cases, in process, with the raw layer: every
//! address of `SYNC_ADDRS` × every length of `sync_lens` × 11 flag words,
//! on the scene (whose shared file mapping `W` is dirty).

use crate::common::{errno, set_errno, Imp, SENTINEL};
use crate::grid::{on_scene, report, sync_addrs, sync_lens, Tally};
use crate::Env;
use std::ffi::c_void;

const FLAGS: [i32; 11] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 0x10, i32::MIN];

pub fn run(env: &mut Env) {
    let mut tally = Tally::default();
    for (off, name) in sync_addrs() {
        for len in sync_lens(off) {
            for flags in FLAGS {
                let mut run = |imp: Imp| on_scene(env, |work| call(imp, work + off, len, flags));
                let (capi, raw, libc) = (run(Imp::Mman), run(Imp::Raw), run(Imp::Glibc));
                tally.record("msync", &(name, len, flags), capi, raw, libc);
            }
        }
    }
    report(env, "msync", &tally);
}

fn call(imp: Imp, addr: usize, len: usize, flags: i32) -> (Result<(), i32>, i32) {
    let addr = addr as *mut c_void;
    set_errno(SENTINEL);
    // SAFETY: `addr` is in the work area; a length that leaves it is
    // `usize::MAX`, which the kernel rounds to an empty range (success,
    // nothing done), or `usize::MAX - 4095`, whose end wraps below its start
    // (ENOMEM) before anything is looked at.
    let r = unsafe {
        match imp {
            Imp::Raw => mman::raw::msync(addr, len, flags).map_err(|e| e.raw_os_error()),
            c => match (c.c().msync)(addr, len, flags) {
                0 => Ok(()),
                -1 => Err(errno()),
                other => panic!("{c:?} msync returned {other}"),
            },
        }
    };
    (r, errno())
}
