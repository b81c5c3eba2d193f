//! Fault injection from Rust (cargo feature `fault`): the raw layer, the
//! safe API and (with `capi`) nothing else is needed. `make check-preload`
//! runs it with `cargo test --features fault --test fault`.
//!
//! One test function: the rules are the process's, and the harness runs
//! test functions in parallel threads.
#![cfg(feature = "fault")]

use core::ptr::null_mut;
use mman::consts::*;
use mman::fault::{self, Call};
use mman::map::{MapOptions, ReadWrite};
use mman::{raw, Errno};

/// `n` anonymous one-page mmaps: `.` mapped (and unmapped), `M` ENOMEM,
/// `A` EAGAIN, `?` anything else.
fn pattern(spec: &str, n: usize) -> String {
    fault::set(spec.as_bytes()).unwrap();
    let out = (0..n)
        .map(|_| {
            let anon = MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS;
            // SAFETY: a new mapping, unmapped at once.
            match unsafe { raw::mmap(null_mut(), 4096, MMAN_PROT_READ, anon, -1, 0) } {
                Ok(p) => {
                    unsafe { raw::munmap(p, 4096) }.unwrap();
                    '.'
                }
                Err(Errno::NOMEM) => 'M',
                Err(Errno::AGAIN) => 'A',
                Err(_) => '?',
            }
        })
        .collect();
    fault::clear();
    out
}

#[test]
fn rules() {
    assert_eq!(pattern("mmap:ENOMEM:nth=3", 6), "..M...");
    assert_eq!(pattern("mmap:ENOMEM:every=2", 6), ".M.M.M");
    assert_eq!(pattern("mmap:ENOMEM:after=4", 6), "....MM");
    assert_eq!(
        pattern("mmap:ENOMEM:nth=2,mmap:EAGAIN:every=3", 6),
        ".MA..A"
    );
    // `*` counts munmap's calls too: mmap 1, munmap 2, mmap 3, ...
    assert_eq!(pattern("*:EAGAIN:nth=3", 3), ".A.");
    // Seeded probability: the same calls fail on every run.
    let half = pattern("mmap:ENOMEM:p=0.5:seed=11", 100);
    assert_eq!(half, pattern("mmap:ENOMEM:p=0.5:seed=11", 100));
    assert_ne!(half, pattern("mmap:ENOMEM:p=0.5:seed=12", 100));
    let failed = half.matches('M').count();
    assert!((25..75).contains(&failed), "{failed} of 100 failed");
    assert_eq!(pattern("mmap:ENOMEM:p=0", 20), ".".repeat(20));

    // The safe API goes through the raw layer: its calls fail too, and an
    // injected munmap of a live mapping leaves it mapped.
    fault::set(b"mmap:ENOMEM:nth=1").unwrap();
    assert_eq!(
        MapOptions::new().len(4096).map_anon::<ReadWrite>().err(),
        Some(Errno::NOMEM)
    );
    let mut m = MapOptions::new().len(4096).map_anon::<ReadWrite>().unwrap();
    m[0] = 7;
    fault::set(b"madvise:EAGAIN").unwrap();
    let p = m.as_ptr() as *mut core::ffi::c_void;
    // SAFETY: advice on the mapping `m` owns, which changes no contents.
    assert_eq!(
        unsafe { raw::madvise(p, 4096, MMAN_MADV_NORMAL) },
        Err(Errno::AGAIN)
    );
    fault::set(b"munmap:EINVAL:nth=1").unwrap();
    // SAFETY: fails before any system call: `m` stays mapped.
    assert_eq!(unsafe { raw::munmap(p, 4096) }, Err(Errno::INVAL));
    assert_eq!(m[0], 7);
    fault::clear();
    drop(m);

    // Every function's rule reaches it.
    let e = Errno::IO;
    for call in Call::ALL {
        assert_eq!(Call::from_name(call.name().as_bytes()), Some(*call));
        fault::set(format!("{}:EIO", call.name()).as_bytes()).unwrap();
        assert_eq!(fault::check(*call), Err(e), "{}", call.name());
    }
    fault::clear();
    assert_eq!(fault::check(Call::Mmap), Ok(()));
    // SAFETY: no call reaches the kernel: each fails first.
    unsafe {
        fault::set(b"*:EIO").unwrap();
        assert_eq!(raw::msync(null_mut(), 0, MMAN_MS_SYNC), Err(e));
        assert_eq!(raw::mprotect(null_mut(), 0, MMAN_PROT_READ), Err(e));
        assert_eq!(
            raw::posix_madvise(null_mut(), 0, MMAN_POSIX_MADV_NORMAL),
            Err(e)
        );
        assert_eq!(raw::mlock(core::ptr::null(), 0), Err(e));
        assert_eq!(raw::mlock2(core::ptr::null(), 0, 0), Err(e));
        assert_eq!(raw::munlock(core::ptr::null(), 0), Err(e));
        assert_eq!(raw::mlockall(MMAN_MCL_CURRENT), Err(e));
        assert_eq!(raw::munlockall(), Err(e));
        assert_eq!(raw::mremap(null_mut(), 0, 0, 0, null_mut()), Err(e));
        assert_eq!(raw::mincore(null_mut(), 0, null_mut()), Err(e));
        assert_eq!(raw::memfd_create(c"x".as_ptr(), 0), Err(e));
        assert_eq!(raw::shm_open(c"/x".as_ptr(), 0, 0), Err(e));
        assert_eq!(raw::shm_unlink(c"/x".as_ptr()), Err(e));
        assert_eq!(raw::mmap64(null_mut(), 0, 0, 0, -1, 0), Err(e));
    }
    fault::clear();

    // A malformed spec leaves the rules in force.
    fault::set(b"mmap:ENOMEM").unwrap();
    let err = fault::set(b"mmap:ENOMEM:sometimes").unwrap_err();
    assert_eq!(
        (err.offset(), err.message()),
        (
            12,
            "unknown condition (always, nth=N, every=N, after=N or p=P)"
        )
    );
    assert_eq!(fault::check(Call::Mmap), Err(Errno::NOMEM));
    fault::clear();
}
