//! The one scene of the differential and property tests: what the test's
//! region holds before each call, laid out with the C library's functions.
//!
//! In pages of the work area (`Region::guarded(GUARD, NP * PAGE)`):
//!
//! ```text
//!  0..4   the reservation (PROT_NONE, private, anonymous)
//!  A  4..12  read-write, private, anonymous; its first 4 pages written
//!  H 12..14  a hole (nothing mapped)
//!  R 14..16  read-only, private, anonymous
//!  S 16..20  read-only, shared, the 4-page file (read-only descriptor); read
//!  W 20..22  read-write, shared, the file (read-write descriptor); each page
//!            dirtied with the byte it holds (the file does not change)
//!  L 22..26  read-write, private, anonymous, locked (mlock)
//! 26..32  the reservation (where fixed mappings and moves land)
//! ```

use super::{page, Region, TempDir};
use std::ffi::c_void;
use std::fs::{File, OpenOptions};
use std::os::fd::AsRawFd;
use std::path::PathBuf;

/// Pages of the work area.
pub const NP: usize = 32;
pub const A: usize = 4;
pub const H: usize = 12;
pub const R: usize = 14;
pub const S: usize = 16;
pub const W: usize = 20;
pub const L: usize = 22;
/// The first page of the free reservation at the end.
pub const FREE: usize = 26;
/// Pages of the scene's file.
pub const FILE_PAGES: usize = 4;

/// The contents of the scene's file.
pub fn file_contents() -> Vec<u8> {
    super::pattern(FILE_PAGES * page())
}

/// The region, the file and its two descriptors.
pub struct Scene {
    pub region: Region,
    pub dir: TempDir,
    pub path: PathBuf,
    pub rw: File,
    pub ro: File,
}

impl Scene {
    /// Reserves the region and writes the file, in a fresh directory
    /// named after `name` in `/dev/shm`: a tmpfs, so that dirtying `W`
    /// before every case never sends the file to a disk.
    pub fn new(name: &str) -> Scene {
        let dir = TempDir::new_in(std::path::Path::new("/dev/shm"), name);
        let path = dir.0.join("scene-file");
        std::fs::write(&path, file_contents()).expect("write the scene's file");
        let rw = OpenOptions::new()
            .read(true)
            .write(true)
            .open(&path)
            .expect("open the scene's file rw");
        let ro = File::open(&path).expect("open the scene's file ro");
        Scene {
            region: Region::guarded(super::guard(), NP * page()),
            dir,
            path,
            rw,
            ro,
        }
    }

    /// The address of page `n` of the work area.
    pub fn at(&self, n: usize) -> *mut c_void {
        self.region.at(n)
    }

    /// The address `off` bytes past page `n` of the work area.
    pub fn addr(&self, n: usize, off: usize) -> *mut c_void {
        (self.region.work() + n * page() + off) as *mut c_void
    }

    /// Lays the scene out over the work area (replacing what was there),
    /// with system calls only: no allocation, no panic, so that a forked
    /// child may call it. Whether every call succeeded.
    pub fn lay(&self) -> bool {
        let at = |p| self.region.at(p);
        let fixed = libc::MAP_FIXED | libc::MAP_PRIVATE | libc::MAP_ANONYMOUS;
        let rw = libc::PROT_READ | libc::PROT_WRITE;
        let (ro_fd, rw_fd) = (self.ro.as_raw_fd(), self.rw.as_raw_fd());
        let shared = libc::MAP_SHARED | libc::MAP_FIXED;
        // SAFETY: every address is in the work area, every length inside
        // it; the region is the test's own.
        unsafe {
            let work = self.region.work() as *mut c_void;
            let ok = libc::mmap(
                work,
                NP * page(),
                libc::PROT_NONE,
                fixed | libc::MAP_NORESERVE,
                -1,
                0,
            ) == work
                && libc::mmap(at(A), 8 * page(), rw, fixed, -1, 0) == at(A)
                && libc::munmap(at(H), 2 * page()) == 0
                && libc::mmap(at(R), 2 * page(), libc::PROT_READ, fixed, -1, 0) == at(R)
                && libc::mmap(at(S), 4 * page(), libc::PROT_READ, shared, ro_fd, 0) == at(S)
                && libc::mmap(at(W), 2 * page(), rw, shared, rw_fd, 0) == at(W)
                && libc::mmap(at(L), 4 * page(), rw, fixed, -1, 0) == at(L)
                && libc::mlock(at(L), 4 * page()) == 0;
            if !ok {
                return false;
            }
            for i in 0..4 * page() {
                (at(A) as *mut u8).add(i).write_volatile((i % 251) as u8);
            }
            for p in 0..4 {
                (at(S + p) as *const u8).add(7).read_volatile();
            }
            for p in 0..2 {
                let b = (at(W + p) as *mut u8).add(7);
                b.write_volatile(b.read_volatile());
            }
        }
        true
    }

    /// Asserts that the file still holds `file_contents()`.
    pub fn assert_file_unchanged(&self) {
        assert!(
            std::fs::read(&self.path).expect("read the scene's file") == file_contents(),
            "the scene's file changed"
        );
    }
}
