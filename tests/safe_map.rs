//! The safe mapping API (`mman::map`, `mman::shm`): outcomes that could fail.

mod common;

use common::{in_child_signal, page};
use mman::consts::*;
use mman::map::{Advice, MapOptions, NoAccess, Read, ReadWrite};
use mman::{raw, shm, Errno};
use std::fs::File;
use std::path::PathBuf;

const DATA: &[u8] = b"0123456789abcdefghijKLMNOPQRSTUVWXYZ";

fn scratch(name: &str, content: &[u8]) -> (PathBuf, File) {
    common::scratch_file("safe", name, content)
}

#[test]
fn file_view_stops_at_the_files_last_page() {
    let (path, file) = scratch("view", DATA);
    let mut m = unsafe {
        MapOptions::new()
            .len(2 * page())
            .shared()
            .map::<ReadWrite>(&file)
    }
    .unwrap();
    assert_eq!(
        (m.len(), m.view_len(), m.as_slice().len()),
        (2 * page(), page(), page())
    );
    assert_eq!(&m[..DATA.len()], DATA);
    assert!(m[DATA.len()..].iter().all(|&b| b == 0));
    // The byte at st_size is in the file's last page: writable, never saved.
    m[DATA.len()] = b'9';
    assert!(m.get(page()).is_none());
    m.flush().unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), DATA);
    // The file growing later does not widen the view.
    file.set_len(3 * page() as u64).unwrap();
    assert_eq!(m.view_len(), page());
    std::fs::remove_file(path).unwrap();
}

#[test]
fn file_default_length_and_offset() {
    let mut content = vec![b'a'; page()];
    content.extend_from_slice(DATA);
    let (path, file) = scratch("offset", &content);
    let m = unsafe { MapOptions::new().map::<Read>(&file) }.unwrap();
    assert_eq!(m.len(), page() + DATA.len());
    let m = unsafe { MapOptions::new().offset(page() as u64).map::<Read>(&file) }.unwrap();
    assert_eq!(&m[..], DATA);
    // Any offset, as memmap2: the mapping starts at the page below it.
    let m = unsafe { MapOptions::new().offset(100).map::<Read>(&file) }.unwrap();
    assert_eq!(&m[..], &content[100..]);
    // The offset past the end of the file, no length: EINVAL.
    let e = unsafe {
        MapOptions::new()
            .offset(2 * page() as u64)
            .map::<Read>(&file)
    }
    .unwrap_err();
    assert_eq!(e, Errno::INVAL);
    std::fs::remove_file(path).unwrap();
}

#[test]
fn shared_writes_reach_the_file_private_ones_do_not() {
    let (path, file) = scratch("sharing", DATA);
    let mut private = unsafe { MapOptions::new().private().map::<ReadWrite>(&file) }.unwrap();
    private[20] = b'P';
    let mut shared = unsafe { MapOptions::new().shared().map::<ReadWrite>(&file) }.unwrap();
    assert_eq!(shared[20], b'K');
    shared[20] = b'9';
    shared.flush_range(20, 1).unwrap();
    shared.flush_async().unwrap();
    assert_eq!(std::fs::read(&path).unwrap()[20], b'9');
    assert_eq!(private[20], b'P');
    std::fs::remove_file(path).unwrap();
}

#[test]
fn rights_the_descriptor_lacks_are_refused() {
    let (path, _) = scratch("rdonly", DATA);
    let ro = File::open(&path).unwrap();
    let e = unsafe { MapOptions::new().shared().map::<ReadWrite>(&ro) }.unwrap_err();
    assert_eq!(e, Errno::ACCESS);
    let m = unsafe { MapOptions::new().shared().map::<Read>(&ro) }.unwrap();
    assert_eq!(m.make_mut().unwrap_err(), Errno::ACCESS);
    std::fs::remove_file(path).unwrap();
}

#[test]
fn make_read_only_really_protects() {
    let mut m = MapOptions::new()
        .len(page())
        .map_anon::<ReadWrite>()
        .unwrap();
    m[0] = 1;
    let ro = m.make_read_only().unwrap();
    assert_eq!(ro[0], 1);
    let p = ro.as_mut_ptr();
    let sig = in_child_signal(|| unsafe { p.write_volatile(2) });
    assert_eq!(sig, Some(libc::SIGSEGV));
    let none = ro.make_none().unwrap();
    let p = none.as_ptr();
    assert_eq!(
        in_child_signal(|| {
            let _ = unsafe { p.read_volatile() };
        }),
        Some(libc::SIGSEGV)
    );
    let back = none.make_mut().unwrap();
    assert_eq!(back[0], 1);
}

#[test]
fn remap_grows_and_shrinks_keeping_bytes() {
    let mut m = MapOptions::new()
        .len(page())
        .map_anon::<ReadWrite>()
        .unwrap();
    m.fill(7);
    // Grow without moving may or may not fit; with may_move it must.
    m.remap(16 * page(), true).unwrap();
    assert_eq!(m.len(), 16 * page());
    assert!(m[..page()].iter().all(|&b| b == 7));
    assert!(m[page()..].iter().all(|&b| b == 0));
    m.remap(2 * page(), false).unwrap();
    assert_eq!(m.len(), 2 * page());
    assert_eq!(m.remap(0, true), Err(Errno::INVAL));
    assert_eq!(m.len(), 2 * page());
}

#[test]
fn split_off_gives_two_owners() {
    let mut head = MapOptions::new()
        .len(4 * page())
        .map_anon::<ReadWrite>()
        .unwrap();
    assert_eq!(head.split_off(100).unwrap_err(), Errno::INVAL);
    assert_eq!(head.split_off(0).unwrap_err(), Errno::INVAL);
    assert_eq!(head.split_off(4 * page()).unwrap_err(), Errno::INVAL);
    let tail = head.split_off(page()).unwrap();
    assert_eq!(tail.len(), 3 * page());
    head[page() - 1] = 1;
    assert_eq!(head.len(), page());
    // SAFETY: the head's own address, which grows into nothing.
    let e =
        unsafe { MapOptions::new().len(page()).fixed_noreplace(head.as_ptr()) }.map_anon::<Read>();
    // In a child, which has one thread: no other test maps memory into the
    // range between the unmapping and the checks.
    let child = in_child_signal(move || {
        let tail_addr = tail.as_mut_ptr();
        drop(tail);
        // The tail's pages are gone (mincore: ENOMEM), the head's are not.
        let mut v = [0u8; 3];
        let r = unsafe { raw::mincore(tail_addr.cast(), 3 * page(), v.as_mut_ptr()) };
        assert_eq!(r, Err(Errno::NOMEM));
        assert_eq!(head.residency().unwrap().resident, 1);
        // And the space can be taken again, exactly there.
        // SAFETY: the tail's old address, in the middle of this test's
        // mappings, far from any region that grows.
        let again = unsafe { MapOptions::new().len(page()).fixed_noreplace(tail_addr) }
            .map_anon::<Read>()
            .unwrap();
        assert_eq!(again.as_ptr(), tail_addr.cast_const());
    });
    assert_eq!(child, None);
    assert_eq!(e.unwrap_err(), Errno::EXIST);
}

#[test]
fn residency_lock_and_advice() {
    let mut m = MapOptions::new()
        .len(8 * page())
        .map_anon::<ReadWrite>()
        .unwrap();
    assert_eq!(m.residency().unwrap().resident, 0);
    m[3 * page()] = 1;
    let mut v = [0u8; 8];
    assert_eq!(m.mincore(&mut v).unwrap(), 8);
    assert_eq!(v.map(|b| b & 1), [0, 0, 0, 1, 0, 0, 0, 0]);
    assert_eq!(m.mincore(&mut [0u8; 7]), Err(Errno::INVAL));
    m.lock().unwrap();
    assert!(m.residency().unwrap().all_resident());
    m.unlock().unwrap();
    m.advise(Advice::Sequential).unwrap();
    m.advise_range(Advice::WillNeed, page(), page()).unwrap();
    assert_eq!(
        m.advise_range(Advice::Normal, 8 * page(), 1),
        Err(Errno::INVAL)
    );
    unsafe { m.advise_unchecked(MMAN_MADV_DONTNEED, 3 * page(), page()) }.unwrap();
    assert_eq!(m[3 * page()], 0);
    // Residency over more pages than its stack chunk.
    let mut big = MapOptions::new()
        .len(1000 * page())
        .populate()
        .map_anon::<ReadWrite>()
        .unwrap();
    if common::emulated() {
        common::skip(
            "safe_map: MAP_POPULATE makes every page resident",
            "qemu-user 7.2 does not pass MAP_POPULATE on to the host; the pages are written \
             instead, and the residency over more pages than its stack chunk is checked",
        );
        for i in 0..1000 {
            big[i * page()] = 1;
        }
    }
    assert_eq!(
        big.residency().unwrap(),
        mman::map::Residency {
            pages: 1000,
            resident: 1000
        }
    );
}

#[test]
fn guard_page_faults() {
    let mut m = MapOptions::new()
        .len(2 * page())
        .map_anon::<ReadWrite>()
        .unwrap();
    let guard = m.split_off(page()).unwrap().protect::<NoAccess>().unwrap();
    let p = guard.as_ptr();
    assert_eq!(
        in_child_signal(|| {
            let _ = unsafe { p.read_volatile() };
        }),
        Some(libc::SIGSEGV)
    );
    m[page() - 1] = 1;
}

#[test]
fn shared_anon_crosses_fork() {
    let m = shm::shared_anon(page()).unwrap();
    let bytes = m.atomic_bytes();
    assert_eq!(
        in_child_signal(|| bytes[0].store(42, std::sync::atomic::Ordering::Release)),
        None
    );
    assert_eq!(bytes[0].load(std::sync::atomic::Ordering::Acquire), 42);
    // A private mapping does not.
    let mut p = MapOptions::new()
        .len(page())
        .map_anon::<ReadWrite>()
        .unwrap();
    let pb = p.as_atomic_bytes();
    assert_eq!(
        in_child_signal(|| pb[0].store(42, std::sync::atomic::Ordering::Release)),
        None
    );
    assert_eq!(pb[0].load(std::sync::atomic::Ordering::Acquire), 0);
}

#[test]
fn memfd_and_shm_objects_share_pages() {
    let fd = shm::memfd(c"safe-test", 0).unwrap();
    shm::set_len(&fd, page() as u64).unwrap();
    let mut a = unsafe { MapOptions::new().shared().map::<ReadWrite>(&fd) }.unwrap();
    let b = unsafe { MapOptions::new().shared().map::<Read>(&fd) }.unwrap();
    a[10] = 5;
    assert_eq!(b[10], 5);
    assert_ne!(a.as_ptr(), b.as_ptr());

    let name = std::ffi::CString::new(format!("/mman-safe-test-{}", std::process::id())).unwrap();
    {
        let obj = shm::ShmObject::create(&name, page() as u64).unwrap();
        assert_eq!(shm::ShmObject::create(&name, 1).unwrap_err(), Errno::EXIST);
        let mut w = unsafe { MapOptions::new().shared().map::<ReadWrite>(obj.fd()) }.unwrap();
        let other = shm::ShmOptions::new().read_only().open(&name).unwrap();
        let r = unsafe { MapOptions::new().shared().map::<Read>(&other) }.unwrap();
        w[0] = 9;
        assert_eq!(r[0], 9);
    }
    // Dropping the object unlinked it.
    assert_eq!(
        shm::ShmOptions::new().open(&name).unwrap_err(),
        Errno::NOENT
    );
    assert_eq!(shm::unlink(&name), Err(Errno::NOENT));
}

/// `as_atomic_bytes` takes `&mut self`: a write through the atomics can
/// never happen under a live `&[u8]` of the same bytes (undefined
/// behaviour, which LLVM turned into a stale read). The coercion below does
/// not compile while it takes `&self`; the `compile_fail` example of
/// `Mmap::as_atomic_bytes` shows the borrow conflict itself. The atomics are
/// still shared between threads.
#[test]
fn atomic_bytes_borrow_the_mapping_exclusively() {
    use mman::map::Mmap;
    use std::sync::atomic::{AtomicU8, Ordering};
    let atomics: for<'a> fn(&'a mut Mmap<ReadWrite>) -> &'a [AtomicU8] = Mmap::as_atomic_bytes;
    let mut m = MapOptions::new()
        .len(page())
        .shared()
        .map_anon::<ReadWrite>()
        .unwrap();
    let bytes = atomics(&mut m);
    std::thread::scope(|s| {
        for t in 0..4u8 {
            s.spawn(move || bytes[usize::from(t)].store(t + 1, Ordering::Release));
        }
    });
    let got: Vec<u8> = bytes[..4]
        .iter()
        .map(|b| b.load(Ordering::Acquire))
        .collect();
    assert_eq!(got, [1, 2, 3, 4]);
    // The atomics' borrow has ended: slices again.
    assert_eq!(&m[..4], &[1, 2, 3, 4]);
}

/// A huge page shift of 0 is the kernel's default huge page size, which
/// the mapping cannot know: with a page size of 1 byte it unmapped the
/// wrong length on drop and leaked the huge page. Shifts outside 12..=63
/// are refused before any system call, with or without huge pages.
#[test]
fn huge_page_shifts_out_of_range_are_refused() {
    for shift in [0u8, 1, 11, 64, 255] {
        let e = MapOptions::new()
            .len(page())
            .huge_pages(shift)
            .map_anon::<ReadWrite>();
        assert_eq!(e.unwrap_err(), Errno::INVAL, "shift {shift}");
    }
    // In range, the kernel decides: a mapping of whole huge pages, or
    // ENOMEM (none reserved) or EINVAL (no such size).
    match MapOptions::new()
        .len(1)
        .huge_pages(21)
        .map_anon::<ReadWrite>()
    {
        Ok(m) => assert_eq!((m.len(), m.page_size()), (2 << 20, 2 << 20)),
        Err(e) => assert!(e == Errno::NOMEM || e == Errno::INVAL, "{e:?}"),
    }
}
