//! `munmap`: the grid of 64 cases, in process, with the raw layer: every
//! address of `SYNC_ADDRS` × every length of `sync_lens`, on the scene.

use crate::common::{errno, set_errno, Imp, SENTINEL};
use crate::grid::{on_scene, report, sync_addrs, sync_lens, Tally};
use crate::Env;
use std::ffi::c_void;

pub fn run(env: &mut Env) {
    let mut tally = Tally::default();
    for (off, name) in sync_addrs() {
        for len in sync_lens(off) {
            let mut run = |imp: Imp| on_scene(env, |work| call(imp, work + off, len));
            let (capi, raw, libc) = (run(Imp::Mman), run(Imp::Raw), run(Imp::Glibc));
            tally.record("munmap", &(name, len), capi, raw, libc);
        }
    }
    report(env, "munmap", &tally);
}

fn call(imp: Imp, addr: usize, len: usize) -> (Result<(), i32>, i32) {
    let addr = addr as *mut c_void;
    set_errno(SENTINEL);
    // SAFETY: `addr` is in the work area, whose mappings are not in use;
    // a length that leaves the work area is `usize::MAX` or
    // `usize::MAX - 4095`, which the kernel rejects with EINVAL
    // (`len > TASK_SIZE - start`) before it unmaps anything.
    let r = unsafe {
        match imp {
            Imp::Raw => mman::raw::munmap(addr, len).map_err(|e| e.raw_os_error()),
            c => match (c.c().munmap)(addr, len) {
                0 => Ok(()),
                -1 => Err(errno()),
                other => panic!("{c:?} munmap returned {other}"),
            },
        }
    };
    (r, errno())
}
