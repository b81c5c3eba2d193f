//! The raw API (`mman::raw::{mmap, munmap, msync}`) against the real kernel,
//! one test per class of bad input, each asserting the exact `Errno`, and the
//! state of memory and files where it matters.
//!
//! Every expected error is also checked against the system C library
//! (glibc) with the same arguments, so that the expectations written here
//! are glibc's behaviour, not just `mman`'s.
//!
//! Safety rules: `MAP_FIXED`, `munmap` and `msync` only ever target memory a
//! test mapped itself (its `Region`, whose guard pages are never targeted),
//! every test holds `LOCK`, so that one test at a time maps memory, and
//! holes exist only in a forked child (`in_child_test`), which has one
//! thread: libtest may start the next test's thread (whose signal stack
//! is a few pages mapped where the kernel likes) while a test runs, and
//! `LOCK` cannot stop that; `Region::restore` would then replace it.

// The offsets here are written as 64-bit values; `mmap` takes the C
// library's `off_t`, 32 bits on 32-bit targets, where they are cut to
// their low 32 bits as a C caller's would be (`off`).

mod common;

use common::maps::{find, read_maps};
use common::{
    assert_file_unchanged, emulated, errno, file_contents, guard, in_child_test, page, skip,
    Region, TempDir,
};
use mman::consts::*;
use mman::{raw, Errno};
use std::ffi::c_void;
use std::fs::{self, File, OpenOptions};
use std::os::fd::AsRawFd;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

/// A region's work area.
fn work() -> usize {
    16 * page()
}

/// Held by every test: one test at a time maps memory.
static LOCK: Mutex<()> = Mutex::new(());

fn lock() -> MutexGuard<'static, ()> {
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

// ---------------------------------------------------------------------------
// Files

fn open_rw(path: &Path) -> File {
    OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .expect("open read-write")
}

// ---------------------------------------------------------------------------
// Memory

/// A successful mapping, unmapped on drop.
struct Mapping {
    ptr: *mut c_void,
    len: usize,
}

impl Mapping {
    fn bytes(&self) -> *mut u8 {
        self.ptr.cast()
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: the mapping is ours, and no reference into it is left.
        unsafe { libc::munmap(self.ptr, self.len) };
    }
}

/// Whether the page at `addr` is mapped, asked with the C library's
/// `msync` (ENOMEM for an unmapped range).
fn is_mapped(addr: *mut c_void) -> bool {
    // SAFETY: `msync` with `MS_ASYNC` changes nothing; the kernel checks
    // the range.
    match unsafe { libc::msync(addr, page(), libc::MS_ASYNC) } {
        0 => true,
        _ => {
            assert_eq!(errno(), libc::ENOMEM);
            false
        }
    }
}

/// Whether qemu-user hides which pages are mapped: with a 32-bit guest it
/// reserves the guest's whole address space, maps an unmapped range back
/// as an inaccessible reservation of its own (which the host's `msync`
/// accepts) and leaves inaccessible pages out of its emulated maps.
fn mapped_state_hidden() -> bool {
    let hidden = emulated() && cfg!(target_pointer_width = "32");
    if hidden {
        skip(
            "raw_errors: which pages are mapped, and the inaccessible ones' maps line",
            "qemu-user reserves a 32-bit guest's whole address space: it maps an unmapped \
             range back as an inaccessible reservation of its own, which msync accepts, \
             and its emulated maps leaves inaccessible pages out",
        );
    }
    hidden
}

/// Asserts that the page at `addr` is mapped (`want`) or not.
#[track_caller]
fn assert_mapped(addr: *mut c_void, want: bool) {
    if !mapped_state_hidden() {
        assert_eq!(is_mapped(addr), want, "whether {addr:?} is mapped");
    }
}

/// Asserts that the page at `addr` is an inaccessible reservation (`---p`).
#[track_caller]
fn assert_reserved(addr: *mut c_void) {
    if !mapped_state_hidden() {
        assert_eq!(perms_at(addr).as_deref(), Some("---p"), "{addr:?}");
    }
}

/// The permission column (`rwxp`) of `/proc/self/maps` for `addr`.
fn perms_at(addr: *mut c_void) -> Option<String> {
    let addr = addr as usize;
    find(&read_maps(&mut Vec::new()), addr).map(|m| m.perms.clone())
}

/// `raw::mmap`, which must succeed; the mapping is unmapped on drop.
fn map_ok(len: usize, prot: i32, flags: i32, fd: i32, offset: i64) -> Mapping {
    assert_eq!(
        flags & (MMAN_MAP_FIXED | MMAN_MAP_FIXED_NOREPLACE),
        0,
        "map_ok is not for fixed mappings"
    );
    // SAFETY: not a fixed mapping: nothing is replaced.
    let r = unsafe { raw::mmap(std::ptr::null_mut(), len, prot, flags, fd, off(offset)) };
    match r {
        Ok(ptr) => Mapping { ptr, len },
        Err(e) => panic!(
            "mmap(len {len}, prot {prot:#x}, flags {flags:#x}, fd {fd}, offset {offset}): {e:?}"
        ),
    }
}

/// A 64-bit offset as `mmap`'s `off_t`: cut to 32 bits on 32-bit targets.
fn off(offset: i64) -> mman::off_t {
    offset as mman::off_t
}

/// The name of an outcome: `ok`, or the error's (`EINVAL`).
fn outcome(r: Result<(), Errno>) -> String {
    r.map_or_else(|e| common::errno_name(e.raw_os_error()), |()| "ok".into())
}

/// Says (once per pair of outcomes) that under qemu-user glibc's `function`
/// gave `glibc` where the kernel gives `kernel`, so that the raw layer is
/// compared with glibc there.
fn emulator_differs(function: &str, kernel: Result<(), Errno>, glibc: Result<(), Errno>) {
    skip(
        &format!(
            "raw_errors: {function}: {} where the kernel gives {}",
            outcome(glibc),
            outcome(kernel)
        ),
        "qemu-user checks the arguments itself, in its own order, and gives glibc's call \
         that; the raw layer must give the same",
    );
}

/// `raw::mmap` must fail with `want`, and glibc's `mmap` too. Under
/// qemu-user (`emulated`), whose checks differ from the kernel's in order
/// and in kind, `raw::mmap` must give what glibc's `mmap` gives there, and
/// where that is not `want` the test says so (`skip`).
///
/// # Safety
///
/// With `MAP_FIXED`, `addr` must be in the caller's region.
unsafe fn expect_mmap_err(
    addr: *mut c_void,
    len: usize,
    prot: i32,
    flags: i32,
    fd: i32,
    offset: i64,
    want: Errno,
) {
    let what = format!(
        "mmap({addr:?}, {len:#x}, prot {prot:#x}, flags {flags:#x}, fd {fd}, offset {offset})"
    );
    let fixed = flags & (MMAN_MAP_FIXED | MMAN_MAP_FIXED_NOREPLACE) != 0;
    // A mapping made where it was asked for with a fixed flag is in the
    // caller's region (restored by the caller); any other is fresh, not
    // in use, and unmapped at once.
    let release = |p: *mut c_void| {
        if !fixed || p != addr {
            // SAFETY: as above.
            unsafe { libc::munmap(p, len) };
        }
    };
    // SAFETY: the caller upholds `mmap`'s contract.
    let p = unsafe { libc::mmap(addr, len, prot, flags, fd, off(offset)) };
    let glibc = if p == libc::MAP_FAILED {
        Err(Errno::from_raw_os_error(errno()))
    } else {
        release(p);
        Ok(())
    };
    // SAFETY: as above.
    let r = unsafe { raw::mmap(addr, len, prot, flags, fd, off(offset)) };
    if let Ok(p) = r {
        release(p);
    }
    let r = r.map(|_| ());
    if emulated() && glibc != Err(want) {
        emulator_differs("mmap", Err(want), glibc);
        assert_eq!(r, glibc, "raw::{what}, under qemu-user");
        return;
    }
    assert_eq!(r, Err(want), "raw::{what}");
    assert_eq!(glibc, Err(want), "glibc {what}");
}

/// `expect_mmap_err` at no address: not a fixed mapping, so nothing is
/// replaced.
fn expect_mmap_err_anywhere(len: usize, prot: i32, flags: i32, fd: i32, offset: i64, want: Errno) {
    assert_eq!(
        flags & (MMAN_MAP_FIXED | MMAN_MAP_FIXED_NOREPLACE),
        0,
        "expect_mmap_err_anywhere is not for fixed mappings"
    );
    // SAFETY: not a fixed mapping.
    unsafe { expect_mmap_err(std::ptr::null_mut(), len, prot, flags, fd, offset, want) }
}

/// `raw::msync` must give `want`, and glibc's `msync` too.
///
/// # Safety
///
/// `addr` must be in memory the caller mapped.
unsafe fn expect_msync(addr: *mut c_void, len: usize, flags: i32, want: Result<(), Errno>) {
    let what = format!("msync({addr:?}, {len:#x}, {flags:#x})");
    // SAFETY: the caller's range.
    let raw = unsafe { raw::msync(addr, len, flags) };
    // SAFETY: as above.
    let r = unsafe { libc::msync(addr, len, flags) };
    if emulated() {
        let glibc = if r == 0 {
            Ok(())
        } else {
            Err(Errno::from_raw_os_error(errno()))
        };
        if glibc != want {
            emulator_differs("msync", want, glibc);
            assert_eq!(raw, glibc, "raw::{what}, under qemu-user");
            return;
        }
    }
    assert_eq!(raw, want, "raw::{what}");
    match want {
        Ok(()) => assert_eq!(r, 0, "glibc {what}: errno {}", errno()),
        Err(e) => assert_eq!((r, errno()), (-1, e.raw_os_error()), "glibc {what}"),
    }
}

const RW: i32 = MMAN_PROT_READ | MMAN_PROT_WRITE;
const ANON_PRIVATE: i32 = MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS;

// ---------------------------------------------------------------------------
// mmap: length

#[test]
fn mmap_length_zero_is_einval() {
    let _l = lock();
    let dir = TempDir::new("raw-errors-len0");
    let file = open_rw(&dir.file());
    let fd = file.as_raw_fd();
    for (flags, fd) in [
        (ANON_PRIVATE, -1),
        (MMAN_MAP_SHARED | MMAN_MAP_ANONYMOUS, -1),
        (MMAN_MAP_SHARED, fd),
        (MMAN_MAP_PRIVATE, fd),
        (MMAN_MAP_SHARED_VALIDATE, fd),
    ] {
        expect_mmap_err_anywhere(0, RW, flags, fd, 0, Errno::INVAL);
    }
    // The file descriptor is looked up before the length: -1 without
    // MAP_ANONYMOUS is EBADF even with a length of 0.
    expect_mmap_err_anywhere(0, RW, MMAN_MAP_PRIVATE, -1, 0, Errno::BADF);
}

#[test]
fn mmap_lengths_past_the_address_space_are_enomem() {
    let _l = lock();
    // `usize::MAX` rounds up to 0 pages, `usize::MAX - 4095` is larger than
    // the address space: the kernel refuses both before doing anything.
    for len in [usize::MAX, usize::MAX - 4095] {
        expect_mmap_err_anywhere(len, RW, ANON_PRIVATE, -1, 0, Errno::NOMEM);
    }
}

// ---------------------------------------------------------------------------
// mmap: offset

#[test]
fn mmap_unaligned_offsets_are_einval() {
    let _l = lock();
    let dir = TempDir::new("raw-errors-offset");
    let file = open_rw(&dir.file());
    let fd = file.as_raw_fd();
    for offset in [1, 4095, 4097, 8191] {
        for (flags, fd) in [
            (ANON_PRIVATE, -1),
            (MMAN_MAP_SHARED, fd),
            (MMAN_MAP_PRIVATE, fd),
        ] {
            expect_mmap_err_anywhere(page(), RW, flags, fd, offset, Errno::INVAL);
        }
        // glibc checks the offset in user space, before the system call:
        // EINVAL wins over a bad fd and over a length of 0.
        expect_mmap_err_anywhere(page(), RW, MMAN_MAP_PRIVATE, -1, offset, Errno::INVAL);
        expect_mmap_err_anywhere(0, RW, ANON_PRIVATE, -1, offset, Errno::INVAL);
    }
}

#[test]
fn mmap_negative_offsets() {
    let _l = lock();
    let dir = TempDir::new("raw-errors-negative");
    let path = dir.file();
    let file = open_rw(&path);
    let fd = file.as_raw_fd();
    // -1 is not page-aligned: EINVAL whatever the mapping.
    for (flags, fd) in [
        (ANON_PRIVATE, -1),
        (MMAN_MAP_SHARED, fd),
        (MMAN_MAP_PRIVATE, fd),
    ] {
        expect_mmap_err_anywhere(page(), RW, flags, fd, -1, Errno::INVAL);
    }
    // -4096 is aligned: as an unsigned offset it is past any file's maximum
    // size (EOVERFLOW) ...
    for flags in [MMAN_MAP_SHARED, MMAN_MAP_PRIVATE] {
        expect_mmap_err_anywhere(page(), RW, flags, fd, -4096, Errno::OVERFLOW);
    }
    // ... and an anonymous mapping ignores it: zero-filled, writable memory.
    let Some(m) = map_ok_unless_refused(2 * page(), RW, ANON_PRIVATE, -1, -4096) else {
        return;
    };
    // SAFETY: 2 writable pages.
    unsafe {
        assert_eq!(m.bytes().add(page() + 5).read(), 0);
        m.bytes().add(page() + 5).write(7);
        assert_eq!(m.bytes().add(page() + 5).read(), 7);
    }
    drop(m);
    assert_file_unchanged(&path);
}

#[test]
fn mmap_overflowing_offset_with_a_file_is_eoverflow() {
    let _l = lock();
    let dir = TempDir::new("raw-errors-overflow");
    let file = open_rw(&dir.file());
    let fd = file.as_raw_fd();
    let offset = i64::MAX & !4095;
    for flags in [MMAN_MAP_SHARED, MMAN_MAP_PRIVATE, MMAN_MAP_SHARED_VALIDATE] {
        for len in [1, page(), 2 * page()] {
            expect_mmap_err_anywhere(len, MMAN_PROT_READ, flags, fd, offset, Errno::OVERFLOW);
        }
    }
    // Far past the end of the file but representable: the mapping is made
    // (an access would raise SIGBUS, so none is made).
    let m = map_ok(page(), MMAN_PROT_READ, MMAN_MAP_SHARED, fd, 1 << 40);
    assert_eq!(perms_at(m.ptr).as_deref(), Some("r--s"));
}

// ---------------------------------------------------------------------------
// mmap: file descriptor

#[test]
fn mmap_fd_minus_one() {
    let _l = lock();
    // With MAP_ANONYMOUS: zero-filled memory, private or shared.
    for flags in [ANON_PRIVATE, MMAN_MAP_SHARED | MMAN_MAP_ANONYMOUS] {
        let m = map_ok(3 * page(), RW, flags, -1, 0);
        // SAFETY: 3 writable pages.
        unsafe {
            assert!((0..3 * page()).all(|i| m.bytes().add(i).read() == 0));
            m.bytes().add(2 * page()).write(1);
            assert_eq!(m.bytes().add(2 * page()).read(), 1);
        }
    }
    // Without: there is no file 4294967295.
    for flags in [MMAN_MAP_PRIVATE, MMAN_MAP_SHARED, MMAN_MAP_SHARED_VALIDATE] {
        expect_mmap_err_anywhere(page(), RW, flags, -1, 0, Errno::BADF);
    }
}

#[test]
fn mmap_other_negative_fds() {
    let _l = lock();
    // -100 is AT_FDCWD, a valid "descriptor" for the *at calls, not for mmap.
    for fd in [-2, -100, i32::MIN, i32::MIN + 1] {
        for flags in [MMAN_MAP_PRIVATE, MMAN_MAP_SHARED] {
            expect_mmap_err_anywhere(page(), RW, flags, fd, 0, Errno::BADF);
        }
        // MAP_ANONYMOUS ignores the descriptor.
        let m = map_ok(page(), RW, ANON_PRIVATE, fd, 0);
        // SAFETY: a writable page.
        unsafe {
            assert_eq!(m.bytes().read(), 0);
            m.bytes().write(3);
        }
    }
}

#[test]
fn mmap_closed_fd_is_ebadf() {
    let _l = lock();
    let dir = TempDir::new("raw-errors-closed");
    let file = open_rw(&dir.file());
    // A descriptor number far above the lowest free ones (which the next
    // open would reuse), opened and closed here.
    let fd = 900;
    // SAFETY: plain descriptor calls on numbers this test owns.
    unsafe {
        assert_eq!(libc::dup2(file.as_raw_fd(), fd), fd);
        assert_eq!(libc::close(fd), 0);
        assert_eq!((libc::fcntl(fd, libc::F_GETFD), errno()), (-1, libc::EBADF));
    }
    for flags in [MMAN_MAP_PRIVATE, MMAN_MAP_SHARED, MMAN_MAP_SHARED_VALIDATE] {
        expect_mmap_err_anywhere(page(), MMAN_PROT_READ, flags, fd, 0, Errno::BADF);
    }
}

#[test]
fn mmap_read_only_fd() {
    let _l = lock();
    let dir = TempDir::new("raw-errors-ro");
    let path = dir.file();
    let ro = File::open(&path).expect("open read-only");
    let fd = ro.as_raw_fd();
    // A shared writable mapping needs a descriptor open for writing.
    for flags in [MMAN_MAP_SHARED, MMAN_MAP_SHARED_VALIDATE] {
        expect_mmap_err_anywhere(page(), RW, flags, fd, 0, Errno::ACCESS);
    }
    // Shared read-only: the file's bytes.
    let m = map_ok(
        2 * page(),
        MMAN_PROT_READ,
        MMAN_MAP_SHARED,
        fd,
        page() as i64,
    );
    // SAFETY: 2 readable pages of the 3-page file, from its second page.
    unsafe { assert_eq!(m.bytes().add(10).read(), file_contents()[page() + 10]) };
    drop(m);
    // Private writable: allowed (copy-on-write), and the writes stay in
    // memory: the file is unchanged.
    let m = map_ok(3 * page(), RW, MMAN_MAP_PRIVATE, fd, 0);
    assert_eq!(perms_at(m.ptr).as_deref(), Some("rw-p"));
    // SAFETY: 3 writable pages of the 3-page file.
    unsafe {
        assert_eq!(m.bytes().add(20).read(), file_contents()[20]);
        m.bytes().add(20).write(b'X');
        m.bytes().add(2 * page()).write(b'Y');
        assert_eq!(m.bytes().add(20).read(), b'X');
        // msync of a private mapping writes nothing back.
        assert_eq!(raw::msync(m.ptr, 3 * page(), MMAN_MS_SYNC), Ok(()));
    }
    drop(m);
    assert_file_unchanged(&path);
}

#[test]
fn mmap_write_only_fd_is_eacces() {
    let _l = lock();
    let dir = TempDir::new("raw-errors-wo");
    let wo = OpenOptions::new()
        .write(true)
        .open(dir.file())
        .expect("open write-only");
    // Any file mapping needs a descriptor open for reading.
    for (prot, flags) in [
        (MMAN_PROT_READ, MMAN_MAP_SHARED),
        (RW, MMAN_MAP_SHARED),
        (MMAN_PROT_READ, MMAN_MAP_PRIVATE),
        (RW, MMAN_MAP_PRIVATE),
    ] {
        expect_mmap_err_anywhere(page(), prot, flags, wo.as_raw_fd(), 0, Errno::ACCESS);
    }
}

#[test]
fn mmap_unmappable_fds_are_enodev() {
    let _l = lock();
    let dir = File::open(std::env::temp_dir()).expect("open the temporary directory");
    let mut p = [0; 2];
    // SAFETY: `p` has room for two descriptors.
    assert_eq!(unsafe { libc::pipe(p.as_mut_ptr()) }, 0);
    for fd in [dir.as_raw_fd(), p[0]] {
        for flags in [MMAN_MAP_SHARED, MMAN_MAP_PRIVATE] {
            expect_mmap_err_anywhere(page(), MMAN_PROT_READ, flags, fd, 0, Errno::NODEV);
        }
    }
    // SAFETY: the pipe's descriptors, ours.
    unsafe {
        libc::close(p[0]);
        libc::close(p[1]);
    }
}

#[test]
fn mmap_shared_write_reaches_the_file_after_msync() {
    let _l = lock();
    let dir = TempDir::new("raw-errors-shared");
    let path = dir.file();
    let file = open_rw(&path);
    let m = map_ok(3 * page(), RW, MMAN_MAP_SHARED, file.as_raw_fd(), 0);
    assert_eq!(perms_at(m.ptr).as_deref(), Some("rw-s"));
    // SAFETY: 3 writable pages of the 3-page file.
    unsafe {
        m.bytes().add(page() + 1).write(b'!');
        assert_eq!(raw::msync(m.ptr, 3 * page(), MMAN_MS_SYNC), Ok(()));
    }
    let mut want = file_contents();
    want[page() + 1] = b'!';
    assert!(
        fs::read(&path).expect("read the file") == want,
        "the file lacks the write"
    );
    // An offset mapping of the same file sees the write.
    let m2 = map_ok(
        page(),
        MMAN_PROT_READ,
        MMAN_MAP_SHARED,
        file.as_raw_fd(),
        page() as i64,
    );
    // SAFETY: a readable page of the file.
    unsafe { assert_eq!(m2.bytes().add(1).read(), b'!') };
}

// ---------------------------------------------------------------------------
// mmap: prot and flags

/// Under qemu-user: whether it refuses the mapping (7.2 gives EINVAL for
/// a prot bit it does not know, for any `MAP_SHARED_VALIDATE`, for a
/// negative offset of an anonymous mapping, where the kernel maps) to both
/// glibc's mmap and the raw layer's, which is then all there is to
/// compare (said by `skip`).
fn emulator_refuses(len: usize, prot: i32, flags: i32, fd: i32, offset: i64) -> bool {
    if !emulated() {
        return false;
    }
    // SAFETY: not a fixed mapping; unmapped at once.
    let p = unsafe { libc::mmap(std::ptr::null_mut(), len, prot, flags, fd, off(offset)) };
    if p != libc::MAP_FAILED {
        // SAFETY: ours.
        unsafe { libc::munmap(p, len) };
        return false;
    }
    let glibc = Errno::from_raw_os_error(errno());
    // SAFETY: as above.
    let r = unsafe { raw::mmap(std::ptr::null_mut(), len, prot, flags, fd, off(offset)) };
    if let Ok(p) = r {
        // SAFETY: ours.
        unsafe { libc::munmap(p, len) };
    }
    assert_eq!(
        r,
        Err(glibc),
        "raw::mmap(len {len:#x}, prot {prot:#x}, flags {flags:#x}, fd {fd}, offset {offset}) under qemu-user"
    );
    emulator_differs("mmap", Ok(()), Err(glibc));
    true
}

/// `map_ok`, or `None` where qemu-user refuses the mapping to glibc's and
/// the raw layer's mmap alike (`emulator_refuses`).
fn map_ok_unless_refused(
    len: usize,
    prot: i32,
    flags: i32,
    fd: i32,
    offset: i64,
) -> Option<Mapping> {
    (!emulator_refuses(len, prot, flags, fd, offset)).then(|| map_ok(len, prot, flags, fd, offset))
}

#[test]
fn mmap_unknown_prot_bits_are_ignored() {
    let _l = lock();
    // The kernel's mmap keeps PROT_READ, PROT_WRITE and PROT_EXEC and ignores
    // any other bit (PROT_SEM 0x8, 0x10, PROT_GROWSDOWN, bit 31), and glibc
    // passes them on: the mapping is made with the known bits.
    for (extra, perms) in [
        (0x8, "---p"),
        (0x10, "r--p"),
        (0x0100_0000, "rw-p"),
        (0x8000_0000_u32 as i32, "r--p"),
    ] {
        let prot = extra
            | match perms {
                "r--p" => MMAN_PROT_READ,
                "rw-p" => RW,
                _ => MMAN_PROT_NONE,
            };
        let Some(m) = map_ok_unless_refused(page(), prot, ANON_PRIVATE, -1, 0) else {
            continue;
        };
        assert_eq!(perms_at(m.ptr).as_deref(), Some(perms), "prot {prot:#x}");
        // SAFETY: glibc's mmap, unmapped at once.
        let p = unsafe { libc::mmap(std::ptr::null_mut(), page(), prot, ANON_PRIVATE, -1, 0) };
        assert_ne!(p, libc::MAP_FAILED, "glibc mmap with prot {prot:#x}");
        assert_eq!(perms_at(p).as_deref(), Some(perms), "glibc, prot {prot:#x}");
        // SAFETY: ours.
        unsafe { libc::munmap(p, page()) };
    }
}

#[test]
fn mmap_shared_validate_rejects_unknown_flags() {
    let _l = lock();
    let dir = TempDir::new("raw-errors-validate");
    let file = open_rw(&dir.file());
    let fd = file.as_raw_fd();
    // 0x200000: no MAP_ flag on x86_64. MAP_SYNC: only for DAX files.
    for bit in [0x0020_0000, MMAN_MAP_SYNC] {
        expect_mmap_err_anywhere(
            page(),
            RW,
            MMAN_MAP_SHARED_VALIDATE | bit,
            fd,
            0,
            Errno::OPNOTSUPP,
        );
    }
    // Plain MAP_SHARED ignores an unknown bit.
    let m = map_ok(page(), RW, MMAN_MAP_SHARED | 0x0020_0000, fd, 0);
    assert_eq!(perms_at(m.ptr).as_deref(), Some("rw-s"));
    // MAP_SHARED | MAP_SYNC on a file that is not DAX: ignored by older
    // kernels, EOPNOTSUPP since Linux 6.x; as glibc in any case.
    // SAFETY: not fixed; any mapping is unmapped at once.
    unsafe {
        let r = raw::mmap(
            std::ptr::null_mut(),
            page(),
            RW,
            MMAN_MAP_SHARED | MMAN_MAP_SYNC,
            fd,
            0,
        );
        let p = libc::mmap(
            std::ptr::null_mut(),
            page(),
            RW,
            MMAN_MAP_SHARED | MMAN_MAP_SYNC,
            fd,
            0,
        );
        let glibc = if p == libc::MAP_FAILED {
            Err(Errno::from_raw_os_error(errno()))
        } else {
            Ok(())
        };
        for p in [r.ok(), (p != libc::MAP_FAILED).then_some(p)]
            .into_iter()
            .flatten()
        {
            libc::munmap(p, page());
        }
        assert_eq!(r.map(drop), glibc, "MAP_SHARED | MAP_SYNC");
    }
    // Without unknown bits MAP_SHARED_VALIDATE is MAP_SHARED.
    let Some(m) = map_ok_unless_refused(page(), RW, MMAN_MAP_SHARED_VALIDATE, fd, 0) else {
        return;
    };
    assert_eq!(perms_at(m.ptr).as_deref(), Some("rw-s"));
}

#[test]
fn mmap_without_a_mapping_type_is_einval() {
    let _l = lock();
    let dir = TempDir::new("raw-errors-type");
    let file = open_rw(&dir.file());
    // Type 0 (neither shared nor private) and type 4 (undefined).
    for ty in [0, 0x04] {
        expect_mmap_err_anywhere(page(), RW, ty | MMAN_MAP_ANONYMOUS, -1, 0, Errno::INVAL);
        expect_mmap_err_anywhere(page(), RW, ty, file.as_raw_fd(), 0, Errno::INVAL);
        expect_mmap_err_anywhere(
            page(),
            RW,
            ty | MMAN_MAP_NORESERVE | MMAN_MAP_ANONYMOUS,
            -1,
            0,
            Errno::INVAL,
        );
    }
}

#[test]
fn mmap_fixed_in_the_region() {
    let _l = lock();
    let region = Region::guarded(guard(), work());
    // Unaligned addresses: EINVAL, and the reservation is left as it was.
    for off in [page() + 1, 2 * page() - 1, 3 * page() + 2048] {
        for flags in [MMAN_MAP_FIXED, MMAN_MAP_FIXED_NOREPLACE] {
            // SAFETY: in our region.
            unsafe {
                expect_mmap_err(
                    region.addr(off),
                    page(),
                    RW,
                    ANON_PRIVATE | flags,
                    -1,
                    0,
                    Errno::INVAL,
                )
            };
        }
        assert_reserved(region.addr(off));
        assert_mapped(region.addr(off & !(page() - 1)), true);
    }
    // An aligned address: the mapping is made exactly there.
    // SAFETY: in our region; restored below.
    let p = unsafe {
        raw::mmap(
            region.addr(4 * page()),
            2 * page(),
            RW,
            ANON_PRIVATE | MMAN_MAP_FIXED,
            -1,
            0,
        )
    };
    assert_eq!(p, Ok(region.addr(4 * page())));
    assert_eq!(perms_at(region.addr(5 * page())).as_deref(), Some("rw-p"));
    assert_reserved(region.addr(6 * page()));
    region.restore();
    // MAP_FIXED_NOREPLACE over the reservation: EEXIST, nothing replaced.
    // SAFETY: in our region.
    unsafe {
        expect_mmap_err(
            region.addr(4 * page()),
            page(),
            RW,
            ANON_PRIVATE | MMAN_MAP_FIXED_NOREPLACE,
            -1,
            0,
            Errno::EXIST,
        )
    };
    assert_reserved(region.addr(4 * page()));
    // ... and into a hole: made there (in a child: see the file's comment).
    in_child_test(|| {
        region.punch(8 * page(), 2 * page());
        // SAFETY: the hole in our region; restored below.
        let p = unsafe {
            raw::mmap(
                region.addr(8 * page()),
                2 * page(),
                RW,
                ANON_PRIVATE | MMAN_MAP_FIXED_NOREPLACE,
                -1,
                0,
            )
        };
        region.restore();
        assert_eq!(p, Ok(region.addr(8 * page())));
    });
}

// ---------------------------------------------------------------------------
// msync

/// A region whose work area starts with a 2-page shared mapping of a
/// file (pages 0 and 1) with a changed byte; page 2 on is reserved.
fn region_with_file(path: &Path) -> (Region, File) {
    let region = Region::guarded(guard(), work());
    let file = open_rw(path);
    // SAFETY: in our region.
    let p = unsafe {
        libc::mmap(
            region.addr(0),
            2 * page(),
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_SHARED | libc::MAP_FIXED,
            file.as_raw_fd(),
            0,
        )
    };
    assert_eq!(p, region.addr(0));
    // SAFETY: a writable page of the mapping.
    unsafe { p.cast::<u8>().add(9).write(b'#') };
    (region, file)
}

#[test]
fn msync_async_and_sync_together_is_einval() {
    let _l = lock();
    let dir = TempDir::new("raw-errors-msync-both");
    let path = dir.file();
    let (region, _file) = region_with_file(&path);
    for flags in [
        MMAN_MS_ASYNC | MMAN_MS_SYNC,
        MMAN_MS_ASYNC | MMAN_MS_SYNC | MMAN_MS_INVALIDATE,
    ] {
        for len in [0, page(), 2 * page()] {
            // SAFETY: our mapping.
            unsafe { expect_msync(region.addr(0), len, flags, Err(Errno::INVAL)) };
        }
    }
    // A valid msync writes the changed byte back (the file, read through
    // the page cache, has it), and nothing else.
    // SAFETY: our mapping.
    unsafe { expect_msync(region.addr(0), 2 * page(), MMAN_MS_SYNC, Ok(())) };
    let mut want = file_contents();
    want[9] = b'#';
    assert!(
        fs::read(&path).expect("read the file") == want,
        "the file after msync"
    );
}

#[test]
fn msync_unknown_flag_bits_are_einval() {
    let _l = lock();
    let dir = TempDir::new("raw-errors-msync-bits");
    let (region, _file) = region_with_file(&dir.file());
    for flags in [
        8,
        0x10,
        0x100,
        i32::MIN,
        MMAN_MS_SYNC | 8,
        MMAN_MS_ASYNC | i32::MIN,
    ] {
        for len in [0, page()] {
            // SAFETY: our mapping.
            unsafe { expect_msync(region.addr(0), len, flags, Err(Errno::INVAL)) };
        }
    }
    // The valid combinations.
    for flags in [
        0,
        MMAN_MS_ASYNC,
        MMAN_MS_SYNC,
        MMAN_MS_INVALIDATE,
        MMAN_MS_ASYNC | MMAN_MS_INVALIDATE,
        MMAN_MS_SYNC | MMAN_MS_INVALIDATE,
    ] {
        // SAFETY: our mapping.
        unsafe { expect_msync(region.addr(0), 2 * page(), flags, Ok(())) };
    }
}

#[test]
fn msync_unaligned_address_is_einval() {
    let _l = lock();
    let dir = TempDir::new("raw-errors-msync-unaligned");
    let (region, _file) = region_with_file(&dir.file());
    for off in [1, page() - 1, page() + 8] {
        for len in [0, 1, page()] {
            // SAFETY: our mapping.
            unsafe { expect_msync(region.addr(off), len, MMAN_MS_SYNC, Err(Errno::INVAL)) };
        }
    }
}

#[test]
fn msync_unmapped_range_is_enomem() {
    let _l = lock();
    let dir = TempDir::new("raw-errors-msync-hole");
    let (region, _file) = region_with_file(&dir.file());
    // In a child: see the file's comment.
    in_child_test(|| {
        region.punch(4 * page(), 2 * page());
        // SAFETY: our region (hole included: msync only looks).
        unsafe {
            // In the hole, and from a mapping into it.
            expect_msync(
                region.addr(4 * page()),
                page(),
                MMAN_MS_ASYNC,
                Err(Errno::NOMEM),
            );
            expect_msync(region.addr(5 * page()), 1, MMAN_MS_SYNC, Err(Errno::NOMEM));
            expect_msync(
                region.addr(3 * page()),
                2 * page(),
                MMAN_MS_ASYNC,
                Err(Errno::NOMEM),
            );
            expect_msync(region.addr(0), 8 * page(), MMAN_MS_SYNC, Err(Errno::NOMEM));
            // An empty range is never checked.
            expect_msync(region.addr(4 * page()), 0, MMAN_MS_SYNC, Ok(()));
            // `usize::MAX` rounds up to an empty range; `usize::MAX - 4095`
            // makes the end wrap below the start (ENOMEM): neither touches
            // anything.
            expect_msync(region.addr(0), usize::MAX, MMAN_MS_SYNC, Ok(()));
            expect_msync(
                region.addr(0),
                usize::MAX - 4095,
                MMAN_MS_SYNC,
                Err(Errno::NOMEM),
            );
            // Up to the hole: fine.
            expect_msync(region.addr(0), 4 * page(), MMAN_MS_SYNC, Ok(()));
        }
        region.restore();
        // SAFETY: our region.
        unsafe { expect_msync(region.addr(0), work(), MMAN_MS_ASYNC, Ok(())) };
    });
}

// ---------------------------------------------------------------------------
// munmap

#[test]
fn munmap_unaligned_address_is_einval() {
    let _l = lock();
    let region = Region::guarded(guard(), work());
    for off in [1, page() - 1, 2 * page() + 100] {
        for len in [1, page(), 2 * page()] {
            // SAFETY: our region (were it to succeed, `Drop` unmaps it all).
            assert_eq!(
                unsafe { raw::munmap(region.addr(off), len) },
                Err(Errno::INVAL),
                "munmap at +{off:#x}, {len:#x}"
            );
            // SAFETY: as above.
            assert_eq!(unsafe { libc::munmap(region.addr(off), len) }, -1);
            assert_eq!(errno(), libc::EINVAL);
        }
        // Nothing was unmapped.
        assert_mapped(region.addr(off & !(page() - 1)), true);
    }
}

#[test]
fn munmap_length_zero_is_einval() {
    let _l = lock();
    let region = Region::guarded(guard(), work());
    for off in [0, page(), 1] {
        // SAFETY: our region.
        assert_eq!(
            unsafe { raw::munmap(region.addr(off), 0) },
            Err(Errno::INVAL)
        );
        // SAFETY: as above.
        assert_eq!(
            (unsafe { libc::munmap(region.addr(off), 0) }, errno()),
            (-1, libc::EINVAL)
        );
    }
    assert_mapped(region.addr(0), true);
}

#[test]
fn munmap_huge_lengths_are_einval() {
    let _l = lock();
    let region = Region::guarded(guard(), work());
    // The kernel rejects a range that leaves the address space before it
    // unmaps anything.
    for len in [usize::MAX, usize::MAX - 4095] {
        // SAFETY: our region; the kernel refuses the length.
        assert_eq!(
            unsafe { raw::munmap(region.addr(0), len) },
            Err(Errno::INVAL)
        );
        // SAFETY: as above.
        assert_eq!(
            (unsafe { libc::munmap(region.addr(0), len) }, errno()),
            (-1, libc::EINVAL)
        );
    }
    assert_mapped(region.addr(0), true);
    assert_mapped(region.addr(work() - page()), true);
}

#[test]
fn munmap_a_hole_is_ok() {
    let _l = lock();
    let region = Region::guarded(guard(), work());
    // In a child: see the file's comment.
    in_child_test(|| {
        region.punch(4 * page(), 2 * page());
        // SAFETY: our region.
        unsafe {
            // The hole itself, twice.
            assert_eq!(raw::munmap(region.addr(4 * page()), 2 * page()), Ok(()));
            assert_eq!(raw::munmap(region.addr(4 * page()), 2 * page()), Ok(()));
            assert_eq!(raw::munmap(region.addr(5 * page()), 1), Ok(()));
            assert_eq!(libc::munmap(region.addr(4 * page()), 2 * page()), 0);
        }
        assert_mapped(region.addr(4 * page()), false);
        assert_mapped(region.addr(5 * page()), false);
        assert_mapped(region.addr(3 * page()), true);
        assert_mapped(region.addr(6 * page()), true);
        // A range that covers the hole and a mapped page: the page goes.
        // SAFETY: our region, not in use.
        assert_eq!(
            unsafe { raw::munmap(region.addr(4 * page()), 3 * page()) },
            Ok(())
        );
        assert_mapped(region.addr(6 * page()), false);
        assert_mapped(region.addr(7 * page()), true);
        region.restore();
        assert_mapped(region.addr(4 * page()), true);
    });
}

#[test]
fn munmap_unmaps() {
    let _l = lock();
    let region = Region::guarded(guard(), work());
    // In a child: see the file's comment.
    in_child_test(|| {
        // SAFETY: in our region; restored below.
        let p = unsafe {
            raw::mmap(
                region.addr(2 * page()),
                3 * page(),
                RW,
                ANON_PRIVATE | MMAN_MAP_FIXED,
                -1,
                0,
            )
        };
        assert_eq!(p, Ok(region.addr(2 * page())));
        // SAFETY: a writable page.
        unsafe { region.addr(2 * page()).cast::<u8>().write(1) };
        // A length that is not a multiple of the page size covers the last page.
        // SAFETY: our mapping, no longer in use.
        assert_eq!(
            unsafe { raw::munmap(region.addr(2 * page()), 2 * page() + 1) },
            Ok(())
        );
        assert_mapped(region.addr(page()), true);
        assert_mapped(region.addr(2 * page()), false);
        assert_mapped(region.addr(4 * page()), false);
        assert_mapped(region.addr(5 * page()), true);
        region.restore();
    });
}
