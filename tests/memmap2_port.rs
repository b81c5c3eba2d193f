//! Issue 13: a memmap2 user's tests, ported to mman as a new user would
//! port them, one group per item of the issue:
//!
//! 1. writes of the obvious port of `map_mut` + `flush` reach the file;
//! 2. any offset, with `flush_range`, `advise_range`, `remap` and
//!    `split_off` working at it;
//! 3. length 0 is an empty mapping;
//! 4. setters return the options (`#[must_use]`: see the `compile_fail`
//!    doctest on `MapOptions`);
//! 5. `stack`, `huge(None)`, `MmapRaw`, `is_supported`, `UncheckedAdvice`,
//!    a `RawFd` as the descriptor, lengths past `isize::MAX` (and
//!    `StableDeref`: a unit test in `src/map/view.rs`, under the feature);
//! 6. `mlock2(MLOCK_ONFAULT)`, sealed memfds, `mlockall`/`munlockall`.
//!
//! Every page size here is the system's (`raw::page_size()`), not 4096.

mod common;

use common::maps::{find, snapshot};
use common::{in_child_test, page};
use mman::map::{
    lock_all, unlock_all, Advice, LockAll, MapOptions, Mmap, MmapMut, MmapRaw, Read, ReadWrite,
    UncheckedAdvice,
};
use mman::shm::{self, Seals};
use mman::Errno;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::fd::{AsRawFd, FromRawFd, IntoRawFd, OwnedFd};
use std::path::PathBuf;

/// A file of this test's own with `content`, open for reading and writing.
fn scratch(name: &str, content: &[u8]) -> (PathBuf, File) {
    common::scratch_file("port", name, content)
}

/// `n` bytes, each its index modulo 251 (a prime: no page repeats).
fn pattern(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i % 251) as u8).collect()
}

/// The `VmFlags` of the mapping holding `addr`, from `/proc/self/smaps`.
fn vm_flags(addr: *const u8) -> Vec<String> {
    let snap = snapshot(&mut Vec::new(), true, 0);
    let vma = find(&snap, addr as usize).expect("the mapping is in smaps");
    vma.vm_flags.split_whitespace().map(String::from).collect()
}

// 1. Writes that reach the file.

/// memmap2: `let mut m = unsafe { MmapMut::map_mut(&file)? }; m[..] ...;
/// m.flush()?;` and the file has the bytes. Under the old private default
/// the port succeeded and the file kept its old bytes.
#[test]
fn map_mut_and_flush_reach_the_file() {
    let (path, file) = scratch("map-mut", b"hello, world");
    let mut m = unsafe { MapOptions::new().map_mut(&file) }.unwrap();
    m[..5].copy_from_slice(b"HELLO");
    m.flush().unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"HELLO, world");
    // The associated function, as memmap2's `MmapMut::map_mut`.
    let mut m = unsafe { MmapMut::map_mut(&file) }.unwrap();
    m[7..].copy_from_slice(b"WORLD");
    m.flush_async().unwrap();
    drop(m);
    assert_eq!(std::fs::read(&path).unwrap(), b"HELLO, WORLD");
    // `map::<ReadWrite>` is shared too: the default of every file mapping.
    let mut m = unsafe { MapOptions::new().map::<ReadWrite>(&file) }.unwrap();
    m[5] = b'!';
    m.flush().unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"HELLO! WORLD");
    std::fs::remove_file(path).unwrap();
}

/// memmap2's `map_copy`: writes stay in the mapping.
#[test]
fn map_copy_never_reaches_the_file() {
    let (path, file) = scratch("map-copy", b"original");
    let ro = File::open(&path).unwrap(); // a private mapping needs no write access
    let mut m = unsafe { MapOptions::new().map_copy(&ro) }.unwrap();
    m[..3].copy_from_slice(b"NEW");
    m.flush().unwrap();
    assert_eq!(&m[..], b"NEWginal");
    assert_eq!(std::fs::read(&path).unwrap(), b"original");
    let m = unsafe { MapOptions::new().map_copy_read_only(&ro) }.unwrap();
    let mut m = m.make_mut().unwrap(); // copy-on-write, not EACCES
    m[0] = b'O';
    assert_eq!(std::fs::read(&path).unwrap(), b"original");
    // A shared writable mapping of a file open read-only: the kernel's EACCES.
    assert_eq!(
        unsafe { MapOptions::new().map_mut(&ro) }.unwrap_err(),
        Errno::ACCESS
    );
    drop(file);
    std::fs::remove_file(path).unwrap();
}

/// A sharing that contradicts the call is an error, not the other kind of
/// mapping.
#[test]
fn contradicting_sharing_is_einval() {
    let (path, file) = scratch("contradict", b"x");
    let e = unsafe { MapOptions::new().private().map_mut(&file) };
    assert_eq!(e.unwrap_err(), Errno::INVAL);
    let e = unsafe { MapOptions::new().shared().map_copy(&file) };
    assert_eq!(e.unwrap_err(), Errno::INVAL);
    let e = MapOptions::new().private().map_raw(&file);
    assert_eq!(e.unwrap_err(), Errno::INVAL);
    // An explicit choice that agrees is fine.
    let m = unsafe { MapOptions::new().shared().map_mut(&file) }.unwrap();
    assert_eq!(&m[..], b"x");
    std::fs::remove_file(path).unwrap();
}

// 2. Offsets anywhere.

/// memmap2 maps from any offset; so does this, with the runtime page size.
#[test]
fn unaligned_offsets_map_from_the_page_below() {
    let p = page();
    let content = pattern(3 * p);
    let (path, file) = scratch("offset", &content);
    for offset in [1, 100, p - 1, p + 1, 2 * p + 7] {
        let m = unsafe { MapOptions::new().offset(offset as u64).map::<Read>(&file) }.unwrap();
        assert_eq!(&m[..], &content[offset..], "offset {offset}");
        assert_eq!(m.as_ptr() as usize % p, offset % p, "offset {offset}");
        let m = unsafe {
            MapOptions::new()
                .offset(offset as u64)
                .len(10)
                .map_copy(&file)
        }
        .unwrap();
        assert_eq!(&m[..], &content[offset..offset + 10]);
    }
    // Past the end of the file with no length: EINVAL, as memmap2.
    let e = unsafe {
        MapOptions::new()
            .offset(3 * p as u64 + 1)
            .map::<Read>(&file)
    };
    assert_eq!(e.unwrap_err(), Errno::INVAL);
    std::fs::remove_file(path).unwrap();
}

/// `flush_range`, `advise_range`, `remap` and `split_off` count from the
/// offset.
#[test]
fn ranges_count_from_an_unaligned_offset() {
    let p = page();
    let content = pattern(4 * p);
    let (path, file) = scratch("offset-ops", &content);
    let off = p + 100;
    let mut m = unsafe {
        MapOptions::new()
            .offset(off as u64)
            .len(2 * p)
            .map_mut(&file)
    }
    .unwrap();
    assert_eq!(m[0], content[off]);
    // The last byte of the view's first page and the first of its second.
    let edge = p - 100;
    m[edge - 1] = 0xAA;
    m[edge] = 0xBB;
    m.flush_range(edge - 1, 2).unwrap();
    let now = std::fs::read(&path).unwrap();
    assert_eq!((now[off + edge - 1], now[off + edge]), (0xAA, 0xBB));
    assert_eq!(m.flush_range(2 * p, 1), Err(Errno::INVAL));
    m.advise_range(Advice::WillNeed, edge, p).unwrap();
    assert_eq!(
        m.advise_range(Advice::WillNeed, 1, 2 * p),
        Err(Errno::INVAL)
    );
    // Shrink and grow again within the file; the bytes stay where they are.
    m.remap(10, false).unwrap();
    assert_eq!(
        (m.len(), m[0], m.as_ptr() as usize % p),
        (10, content[off], 100)
    );
    // What a shrink gives up is given up for good (the file's bytes past
    // the pages kept are no longer this mapping's).
    assert_eq!(m.remap(2 * p, true), Err(Errno::NOMEM));
    m.remap(p - 100, true).unwrap();
    assert_eq!(m[p - 101], now[off + p - 101]); // 0xAA, written above
                                                // Growing by whole pages, moved if need be: the pages follow the file.
    let mut g = unsafe {
        MapOptions::new()
            .offset(off as u64)
            .len(10)
            .map::<Read>(&file)
    }
    .unwrap();
    let before = g.as_ptr();
    let next_page = before.wrapping_add(p - 100);
    let block = MapOptions::new()
        .len(p)
        .hint(next_page)
        .map_anon::<Read>()
        .unwrap();
    g.remap(3 * p - 100, true).unwrap();
    if block.as_ptr() == next_page {
        // Right after it: no room in place, so it moved.
        assert_ne!(g.as_ptr(), before);
    }
    assert_eq!(g.as_ptr() as usize % p, 100);
    assert_eq!(&g[..], &now[off..off + 3 * p - 100]);
    // Past the end of the file's last page: refused.
    assert_eq!(g.remap(3 * p - 99, true), Err(Errno::NOMEM));
    // Splitting: where a page starts, counted from the offset.
    let mut m = unsafe {
        MapOptions::new()
            .offset(off as u64)
            .len(2 * p)
            .map_mut(&file)
    }
    .unwrap();
    assert_eq!(m.split_off(p).unwrap_err(), Errno::INVAL);
    let tail = m.split_off(edge).unwrap();
    assert_eq!((m.len(), tail.len()), (edge, 2 * p - edge));
    assert_eq!(tail.as_ptr() as usize % p, 0);
    assert_eq!(tail[0], now[off + edge]);
    drop((m, tail)); // each unmaps its own pages
    std::fs::remove_file(path).unwrap();
}

// 3. Length 0.

/// An empty file maps to an empty mapping, as in memmap2; so does
/// `map_anon` without a length. Everything on it succeeds.
#[test]
fn empty_files_and_lengths_give_empty_mappings() {
    let (path, file) = scratch("empty", b"");
    let m = unsafe { Mmap::map(&file) }.unwrap();
    assert!(m.is_empty() && m.as_slice().is_empty());
    assert!(!m.as_ptr().is_null());
    m.flush().unwrap();
    m.flush_range(0, 0).unwrap();
    assert_eq!(m.flush_range(0, 1), Err(Errno::INVAL));
    m.advise(Advice::Sequential).unwrap();
    m.lock().unwrap();
    m.unlock().unwrap();
    assert_eq!(m.residency().unwrap().pages, 0);
    assert_eq!(m.mincore(&mut []).unwrap(), 0);
    let mut m = m.make_mut().unwrap();
    assert_eq!(m.as_mut_slice(), b"");
    assert_eq!(m.remap(p_len(), true), Err(Errno::NOMEM));
    m.unmap().unwrap();
    for m in [
        MapOptions::new().map_anon::<ReadWrite>().unwrap(),
        MmapMut::map_anon(0).unwrap(),
        MapOptions::new().len(0).shared().map_anon().unwrap(),
        unsafe { MapOptions::new().map_mut(&file) }.unwrap(),
        unsafe { MapOptions::new().offset(0).len(0).map_copy(&file) }.unwrap(),
    ] {
        assert_eq!((m.len(), &m[..]), (0, &b""[..]));
    }
    let raw = MapOptions::new().map_raw(&file).unwrap();
    assert!(raw.is_empty());
    // An offset at the end of the file: an empty mapping too.
    let (path2, file2) = scratch("empty-at-end", b"abc");
    let m = unsafe { MapOptions::new().offset(3).map::<Read>(&file2) }.unwrap();
    assert!(m.is_empty());
    std::fs::remove_file(path).unwrap();
    std::fs::remove_file(path2).unwrap();
}

fn p_len() -> usize {
    page()
}

// 4. Setters.

/// memmap2's `opts.offset(4096);` changes `opts`; here it changes nothing
/// and warns (`#[must_use]`, see the `compile_fail` doctest on
/// `MapOptions`); the port assigns.
#[test]
fn setters_return_the_changed_options() {
    let p = page();
    let content = pattern(2 * p);
    let (path, file) = scratch("setters", &content);
    let mut opts = MapOptions::new();
    let _unchanged = opts.offset(p as u64); // what the statement does: nothing
    assert_eq!(opts, MapOptions::new());
    opts = opts.offset(p as u64).len(3);
    let m = unsafe { opts.map::<Read>(&file) }.unwrap();
    assert_eq!(&m[..], &content[p..p + 3]);
    std::fs::remove_file(path).unwrap();
}

// 5. The missing pieces.

/// `MAP_STACK`: since Linux 6.7 the kernel keeps huge pages out of a
/// stack mapping (`nh` in its `VmFlags`).
#[test]
fn stack_maps_with_map_stack() {
    if common::emulated() {
        common::skip(
            "memmap2_port stack_maps_with_map_stack",
            "smaps' VmFlags are the host's qemu process's under qemu-user",
        );
        return;
    }
    let len = 64 * page();
    let m = MapOptions::new()
        .len(len)
        .stack()
        .map_anon::<ReadWrite>()
        .unwrap();
    let plain = MapOptions::new().len(len).map_anon::<ReadWrite>().unwrap();
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap();
    let mut v = release
        .split(|c: char| !c.is_ascii_digit())
        .map(|n| n.parse::<u32>().unwrap_or(0));
    let (major, minor) = (v.next().unwrap_or(0), v.next().unwrap_or(0));
    if (major, minor) >= (6, 7) {
        assert!(
            vm_flags(m.as_ptr()).contains(&"nh".to_string()),
            "{:?}",
            vm_flags(m.as_ptr())
        );
        assert!(!vm_flags(plain.as_ptr()).contains(&"nh".to_string()));
    }
}

/// `huge(None)`: the system's default huge page size, which the mapping
/// knows (it unmaps whole huge pages).
#[test]
fn huge_none_uses_the_default_huge_page_size() {
    if common::emulated() {
        common::skip("memmap2_port huge_none_uses_the_default_huge_page_size", "under qemu-user the huge pages are the host's: qemu places the mapping at a guest page boundary, which the kernel refuses (EINVAL)");
        return;
    }
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap();
    let field = |key: &str| -> usize {
        let line = meminfo.lines().find(|l| l.starts_with(key)).unwrap();
        line[key.len()..]
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let size = field("Hugepagesize:") * 1024;
    let free = field("HugePages_Free:");
    match MapOptions::new().len(1).huge(None).map_anon::<ReadWrite>() {
        Ok(mut m) => {
            assert_eq!((m.len(), m.page_size()), (size, size));
            m[size - 1] = 1;
        }
        // No free huge page: the reservation fails at map time.
        Err(e) => assert_eq!((e, free), (Errno::NOMEM, 0)),
    }
    // The same size given as a shift asks the kernel for the same pages.
    let shift = size.trailing_zeros() as u8;
    let a = MapOptions::new()
        .len(1)
        .huge(None)
        .map_anon::<ReadWrite>()
        .map(|m| m.page_size());
    let b = MapOptions::new()
        .len(1)
        .huge(Some(shift))
        .map_anon::<ReadWrite>()
        .map(|m| m.page_size());
    assert_eq!(a, b);
}

/// `MmapRaw`: safe to make over a file that changes; pointers see the
/// changes; `From` conversions as memmap2's.
#[test]
fn mmap_raw_sees_what_others_write() {
    let (path, file) = scratch("raw", b"before");
    let raw = MmapRaw::map_raw(&file).unwrap();
    let ro = MapOptions::new()
        .map_raw_read_only(&File::open(&path).unwrap())
        .unwrap();
    // Another writer: write(2) through another descriptor.
    OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .write_all(b"AFTER!")
        .unwrap();
    let seen: Vec<u8> = (0..6)
        .map(|i| unsafe { raw.as_ptr().add(i).read_volatile() })
        .collect();
    assert_eq!(seen, b"AFTER!");
    assert_eq!(unsafe { ro.as_ptr().read_volatile() }, b'A');
    unsafe { raw.as_mut_ptr().write_volatile(b'a') };
    raw.flush_range(0, 1).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"aFTER!");
    raw.advise(Advice::Random).unwrap();
    // From the slice-giving mappings.
    let m = MmapMut::map_anon(10).unwrap();
    let r: MmapRaw = MmapRaw::from(m);
    assert_eq!(r.len(), 10);
    let r: MmapRaw<Read> = MmapRaw::from(MmapMut::map_anon(3).unwrap().make_read_only().unwrap());
    assert_eq!(unsafe { r.as_ptr().add(2).read() }, 0);
    std::fs::remove_file(path).unwrap();
}

/// `is_supported` agrees with the kernel's own answer for every advice.
#[test]
fn advice_support_is_probed() {
    let all = [
        Advice::Normal,
        Advice::Random,
        Advice::Sequential,
        Advice::WillNeed,
        Advice::DoFork,
        Advice::Mergeable,
        Advice::Unmergeable,
        Advice::HugePage,
        Advice::NoHugePage,
        Advice::DontDump,
        Advice::DoDump,
        Advice::Cold,
        Advice::PageOut,
        Advice::PopulateRead,
        Advice::PopulateWrite,
    ];
    let kernel = |v: i32| unsafe { libc::madvise(std::ptr::null_mut(), 0, v) } == 0;
    for a in all {
        assert_eq!(a.is_supported(), kernel(a.to_raw()), "{a:?}");
    }
    let unchecked = [
        UncheckedAdvice::DontNeed,
        UncheckedAdvice::Free,
        UncheckedAdvice::Remove,
        UncheckedAdvice::DontFork,
        UncheckedAdvice::WipeOnFork,
    ];
    for a in unchecked {
        assert_eq!(a.is_supported(), kernel(a.to_raw()), "{a:?}");
    }
    assert!(Advice::Normal.is_supported() && UncheckedAdvice::DontNeed.is_supported());
}

/// The destructive advice values, through the `unsafe` calls.
#[test]
fn unchecked_advice_changes_the_bytes() {
    if common::emulated() {
        common::skip(
            "memmap2_port unchecked_advice_changes_the_bytes",
            "qemu-user 7.2 answers MADV_REMOVE with 0 without passing it on",
        );
        return;
    }
    let p = page();
    let mut m = MmapMut::map_anon(2 * p).unwrap();
    m.fill(7);
    // SAFETY: no reference into the mapping is alive.
    unsafe { m.unchecked_advise_range(UncheckedAdvice::DontNeed, p, 1) }.unwrap();
    assert_eq!((m[p - 1], m[p], m[2 * p - 1]), (7, 0, 0));
    // MADV_REMOVE punches a hole in a memfd behind a shared mapping.
    let fd = shm::memfd(c"port-remove", 0).unwrap();
    shm::set_len(&fd, 2 * p as u64).unwrap();
    let mut s = unsafe { MapOptions::new().map_mut(&fd) }.unwrap();
    s.fill(9);
    // SAFETY: no reference into the mapping is alive.
    unsafe { s.unchecked_advise(UncheckedAdvice::Remove) }.unwrap();
    let mut back = vec![1u8; 2 * p];
    let f = File::from(fd.try_clone().unwrap());
    std::os::unix::fs::FileExt::read_exact_at(&f, &mut back, 0).unwrap();
    assert!(back.iter().all(|&b| b == 0));
}

/// A plain `RawFd` where a descriptor is expected, as memmap2's
/// `MmapAsRawDesc`.
#[test]
fn a_raw_fd_is_a_descriptor() {
    let (path, file) = scratch("rawfd", b"raw descriptor");
    let fd = file.as_raw_fd();
    let m = unsafe { MapOptions::new().map::<Read>(fd) }.unwrap();
    assert_eq!(&m[..], b"raw descriptor");
    let r = MapOptions::new().offset(4).map_raw(fd).unwrap();
    assert_eq!(unsafe { r.as_ptr().read() }, b'd');
    assert_eq!(MapOptions::new().map_raw(-1).unwrap_err(), Errno::BADF);
    // A number that names no open file: the kernel's EBADF.
    let closed = File::open(&path).unwrap().into_raw_fd();
    drop(unsafe { OwnedFd::from_raw_fd(closed) });
    assert_eq!(MapOptions::new().map_raw(closed).unwrap_err(), Errno::BADF);
    std::fs::remove_file(path).unwrap();
}

/// No mapping longer than `isize::MAX` bytes, which no slice may be: on a
/// 32-bit target the kernel would map 2 GiB + 1 byte of reserve-free
/// memory, and the slice over it would be undefined behaviour.
#[test]
fn lengths_past_isize_max_are_refused() {
    let too_long = isize::MAX as usize + 1;
    let e = MapOptions::new()
        .len(too_long)
        .no_reserve()
        .map_anon::<ReadWrite>();
    assert_eq!(e.unwrap_err(), Errno::NOMEM);
    let mut m = MmapMut::map_anon(page()).unwrap();
    assert_eq!(m.remap(too_long, true), Err(Errno::NOMEM));
    assert_eq!(m.len(), page());
}

// 6. Beyond memmap2.

/// `mlock2(MLOCK_ONFAULT)`: locked (`lo`) on fault (`lf`), and no page
/// faulted in until touched.
#[test]
fn lock_on_fault_locks_pages_as_they_are_touched() {
    if common::emulated() {
        common::skip("memmap2_port lock_on_fault_locks_pages_as_they_are_touched", "qemu-user 7.2 fails mlock2(MLOCK_ONFAULT) with EINVAL, and smaps' VmFlags are the host's");
        return;
    }
    let p = page();
    let mut m = MmapMut::map_anon(4 * p).unwrap();
    m.lock_on_fault().unwrap();
    let flags = vm_flags(m.as_ptr());
    assert!(
        flags.contains(&"lo".into()) && flags.contains(&"lf".into()),
        "{flags:?}"
    );
    assert_eq!(m.residency().unwrap().resident, 0);
    m[2 * p] = 1;
    assert_eq!(m.residency().unwrap().resident, 1);
    m.unlock().unwrap();
    assert!(!vm_flags(m.as_ptr()).contains(&"lo".into()));
    m.lock().unwrap();
    assert!(m.residency().unwrap().all_resident()); // a plain mlock faults all in
}

/// A memfd sealed against writing and shrinking is mapped safely, and
/// nobody can change it: not `write(2)`, not `ftruncate`, not a shared
/// writable mapping, not another open of `/proc/self/fd/N`.
#[test]
fn sealed_memfds_map_safely_and_stay_unchanged() {
    let data = pattern(3 * page() + 5);
    let fd = shm::sealed_memfd(c"port-sealed", data.len(), |b| b.copy_from_slice(&data)).unwrap();
    let m = MapOptions::new().map_sealed(&fd).unwrap();
    assert_eq!(&m[..], &data[..]);
    let m2 = MapOptions::new().offset(7).len(5).map_sealed(&fd).unwrap();
    assert_eq!(&m2[..], &data[7..12]);
    let seals = shm::seals(&fd).unwrap();
    assert!(seals.contains(Seals::SHRINK | Seals::GROW | Seals::WRITE | Seals::SEAL));
    assert_eq!(shm::set_len(&fd, 0), Err(Errno::PERM));
    assert_eq!(
        unsafe { MapOptions::new().map_mut(&fd) }.unwrap_err(),
        Errno::PERM
    );
    assert_eq!(shm::add_seals(&fd, Seals::empty()), Err(Errno::PERM)); // F_SEAL_SEAL
    let again = OpenOptions::new()
        .read(true)
        .write(true)
        .open(format!("/proc/self/fd/{}", fd.as_raw_fd()))
        .unwrap();
    let e = (&again).write(b"changed").unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EPERM));
    assert_eq!(
        again.set_len(1).unwrap_err().raw_os_error(),
        Some(libc::EPERM)
    );
    assert_eq!(&m[..], &data[..]);
    // The private copy a sealed mapping turns into stays private.
    let mut c = m.make_mut().unwrap();
    c[0] ^= 0xFF;
    assert_eq!(MapOptions::new().map_sealed(&fd).unwrap()[0], data[0]);
    // Unsealed, half-sealed, not sealable, shared: refused.
    let open = shm::memfd(c"port-open", mman::consts::MMAN_MFD_ALLOW_SEALING).unwrap();
    shm::set_len(&open, 10).unwrap();
    assert_eq!(
        MapOptions::new().map_sealed(&open).unwrap_err(),
        Errno::PERM
    );
    shm::add_seals(&open, Seals::WRITE).unwrap();
    assert_eq!(
        MapOptions::new().map_sealed(&open).unwrap_err(),
        Errno::PERM
    );
    let (path, file) = scratch("not-a-memfd", b"x");
    assert_eq!(
        MapOptions::new().map_sealed(&file).unwrap_err(),
        Errno::INVAL
    );
    assert_eq!(
        MapOptions::new().shared().map_sealed(&fd).unwrap_err(),
        Errno::INVAL
    );
    std::fs::remove_file(path).unwrap();
}

/// `F_SEAL_FUTURE_WRITE`: one writer, made before the seal; no other.
#[test]
fn the_sole_writer_is_the_only_one() {
    let p = page();
    let (fd, mut w) = shm::sole_writer(c"port-writer", 2 * p).unwrap();
    w[..5].copy_from_slice(b"hello");
    let reader = MapOptions::new().map_raw_read_only(&fd).unwrap();
    assert_eq!(unsafe { reader.as_ptr().add(4).read_volatile() }, b'o');
    assert_eq!(
        unsafe { MapOptions::new().map_mut(&fd) }.unwrap_err(),
        Errno::PERM
    );
    assert_eq!(MapOptions::new().map_raw(&fd).unwrap_err(), Errno::PERM);
    assert_eq!(shm::set_len(&fd, p as u64), Err(Errno::PERM));
    let f = File::from(fd.try_clone().unwrap());
    assert_eq!(
        (&f).write(b"x").unwrap_err().raw_os_error(),
        Some(libc::EPERM)
    );
    // Not write-sealed while the writer lives: no safe slices for others.
    assert_eq!(MapOptions::new().map_sealed(&fd).unwrap_err(), Errno::PERM);
    assert_eq!(shm::add_seals(&fd, Seals::WRITE), Err(Errno::BUSY));
    drop(w);
    shm::add_seals(&fd, Seals::WRITE).unwrap();
    let m = MapOptions::new().map_sealed(&fd).unwrap();
    assert_eq!(&m[..5], b"hello");
}

/// `mlockall` and `munlockall`, in a child process of their own (they
/// lock every mapping of the process: the other tests' too).
#[test]
fn lock_all_and_unlock_all() {
    if common::emulated() {
        common::skip(
            "memmap2_port lock_all_and_unlock_all",
            "VmLck and smaps' VmFlags are the host's qemu process's under qemu-user",
        );
        return;
    }
    in_child_test(|| {
        let locked_kb = || -> usize {
            let status = std::fs::read_to_string("/proc/self/status").unwrap();
            let line = status.lines().find(|l| l.starts_with("VmLck:")).unwrap();
            line[6..]
                .split_whitespace()
                .next()
                .unwrap()
                .parse()
                .unwrap()
        };
        assert_eq!(locked_kb(), 0);
        assert_eq!(lock_all(LockAll::default()), Err(Errno::INVAL));
        assert_eq!(lock_all(LockAll::default().on_fault()), Err(Errno::INVAL));
        lock_all(LockAll::current().on_fault()).unwrap();
        assert!(locked_kb() > 0);
        let m = MmapMut::map_anon(page()).unwrap();
        assert!(!vm_flags(m.as_ptr()).contains(&"lo".into())); // not FUTURE
        unlock_all().unwrap();
        assert_eq!(locked_kb(), 0);
        lock_all(LockAll::future().on_fault()).unwrap();
        let m = MmapMut::map_anon(page()).unwrap();
        assert!(vm_flags(m.as_ptr()).contains(&"lo".into()));
        unlock_all().unwrap();
    });
}
