//! Helpers shared by the tests that compare mman with the system libc or
//! stress it: `errno`, a reserved region of address space, a temporary
//! directory with the 3-page test file, and `/proc/self/maps`.
//!
//! Each test binary includes this with `mod common;` and uses what it needs.
// Each test binary compiles its own copy of this module and uses only part
// of it: what one binary leaves unused is not dead in another.
#![allow(dead_code)]

use std::ffi::{c_int, c_void};
use std::path::{Path, PathBuf};

pub const PAGE: usize = 4096;

/// Which implementation a case calls: mman's C ABI or the system's glibc.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Imp {
    Mman,
    Glibc,
}

/// The calling thread's `errno`.
pub fn errno() -> i32 {
    // SAFETY: `__errno_location` returns the calling thread's `errno`.
    unsafe { *libc::__errno_location() }
}

/// Sets the calling thread's `errno`.
pub fn set_errno(v: i32) {
    // SAFETY: as above.
    unsafe { *libc::__errno_location() = v }
}

/// Runs `child` in a forked child process, given the write end of a pipe,
/// and returns all it wrote there and its wait status. `child` ends the
/// child process (`_exit`); if it returns, the child exits with status 127.
pub fn in_child(child: impl FnOnce(c_int)) -> (Vec<u8>, c_int) {
    let mut p = [0; 2];
    // SAFETY: `p` has room for the two descriptors.
    assert_eq!(unsafe { libc::pipe(p.as_mut_ptr()) }, 0);
    // SAFETY: the child runs `child`, which ends it; libtest's other thread
    // is idle, waiting for the test.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork: errno {}", errno());
    if pid == 0 {
        // SAFETY: the read end, the parent's.
        unsafe { libc::close(p[0]) };
        child(p[1]);
        // SAFETY: ends the child without running the parent's destructors.
        unsafe { libc::_exit(127) };
    }
    // SAFETY: the write end, the child's.
    unsafe { libc::close(p[1]) };
    let mut data = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        // SAFETY: reading into `buf`.
        let n = unsafe { libc::read(p[0], buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 {
            break;
        }
        data.extend_from_slice(&buf[..n as usize]);
    }
    let mut status = 0;
    // SAFETY: our descriptor and our child.
    unsafe {
        libc::close(p[0]);
        libc::waitpid(pid, &mut status, 0);
    }
    (data, status)
}

/// The whole life of a test's child process: runs `f`, and ends the
/// process with status 0, or 1 after writing the message of a panic in `f`
/// to `w` (a panic must never return into the test harness).
pub fn run_child(w: c_int, f: impl FnOnce()) -> ! {
    let code = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(()) => 0,
        Err(e) => {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "a panic".into());
            let mut b = msg.as_bytes();
            while !b.is_empty() {
                // SAFETY: writing `b` to the pipe.
                let n = unsafe { libc::write(w, b.as_ptr().cast(), b.len()) };
                if n <= 0 {
                    break;
                }
                b = &b[n as usize..];
            }
            1
        }
    };
    // SAFETY: ends the child without running the parent's destructors.
    unsafe { libc::_exit(code) }
}

/// Runs `f` in a forked child process and fails the calling test if `f`
/// panicked there (with its message) or the child died. For a test that
/// punches holes in its region: the child has one thread, so nothing but
/// `f` can map memory into a hole before `f` fills it (in the parent,
/// libtest may be starting the next test's thread meanwhile, whose signal
/// stack could land in the hole and then be replaced by `Region::restore`).
/// The holes exist in the child's address space only.
pub fn in_child_test(f: impl FnOnce()) {
    let (data, status) = in_child(|w| run_child(w, f));
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "the test's child failed (status {status:#x}): {}",
        String::from_utf8_lossy(&data)
    );
}

/// Runs `f` in a forked child process that is meant to die of a signal:
/// returns that signal, or `None` if the child exited (with status 0,
/// asserted, else the test fails with `f`'s panic message). The child
/// leaves no core file (tests run as root, where cores may be on).
pub fn in_child_signal(f: impl FnOnce()) -> Option<c_int> {
    let (data, status) = in_child(|w| {
        let no_core = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: a plain setrlimit on a valid struct.
        unsafe { libc::setrlimit(libc::RLIMIT_CORE, &no_core) };
        run_child(w, f)
    });
    if libc::WIFSIGNALED(status) {
        return Some(libc::WTERMSIG(status));
    }
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "child failed (status {status:#x}): {}",
        String::from_utf8_lossy(&data)
    );
    None
}

/// For a forked child: sets `RLIMIT_MEMLOCK` to `memlock` bytes and drops
/// root for uid and gid 65534, with system calls only. Whether all three
/// succeeded.
pub fn drop_root(memlock: u64) -> bool {
    let lim = libc::rlimit {
        rlim_cur: memlock,
        rlim_max: memlock,
    };
    // SAFETY: plain system calls.
    unsafe {
        libc::setrlimit(libc::RLIMIT_MEMLOCK, &lim) == 0
            && libc::setgid(65534) == 0
            && libc::setuid(65534) == 0
    }
}

/// A range of address space the test reserved for itself: a work area of
/// `work_len` bytes between two guard areas of `guard` bytes each (none for
/// `Region::new`), all `PROT_NONE`, private, anonymous, no swap reserved.
/// Every address a test passes to a call that can change memory lies in the
/// work area, and its length keeps the range inside it; the guards are never
/// targeted.
pub struct Region {
    /// The start of the reservation (of the first guard).
    pub base: usize,
    guard: usize,
    work_len: usize,
}

impl Region {
    /// `pages` pages, no guard.
    pub fn new(pages: usize) -> Region {
        Region::guarded(0, pages * PAGE)
    }

    /// `guard` + `work_len` + `guard` bytes.
    pub fn guarded(guard: usize, work_len: usize) -> Region {
        // SAFETY: a fresh anonymous mapping where the kernel likes.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                guard + work_len + guard,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        assert_ne!(p, libc::MAP_FAILED, "reserving a region: errno {}", errno());
        Region {
            base: p as usize,
            guard,
            work_len,
        }
    }

    /// The whole reservation's length, guards included.
    pub fn len(&self) -> usize {
        self.guard + self.work_len + self.guard
    }

    /// The end of the reservation (of the last guard).
    pub fn end(&self) -> usize {
        self.base + self.len()
    }

    /// The start of the work area.
    pub fn work(&self) -> usize {
        self.base + self.guard
    }

    /// The work area's length.
    pub fn work_len(&self) -> usize {
        self.work_len
    }

    /// The address of page `page` of the work area.
    pub fn at(&self, page: usize) -> *mut c_void {
        (self.work() + page * PAGE) as *mut c_void
    }

    /// The address `off` bytes into the work area.
    pub fn addr(&self, off: usize) -> *mut c_void {
        assert!(off < self.work_len);
        (self.work() + off) as *mut c_void
    }

    /// Whether `addr` lies in the reservation, guards included.
    pub fn contains(&self, addr: usize) -> bool {
        (self.base..self.end()).contains(&addr)
    }

    /// Puts the reservation back over the whole work area (the guards are
    /// never changed), replacing whatever a case mapped there and filling
    /// any hole.
    pub fn restore(&self) {
        // SAFETY: the work area is ours.
        let p = unsafe {
            libc::mmap(
                self.work() as *mut c_void,
                self.work_len,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE | libc::MAP_FIXED,
                -1,
                0,
            )
        };
        assert_eq!(
            p as usize,
            self.work(),
            "restoring the reservation: errno {}",
            errno()
        );
    }

    /// A guard that puts the reservation back over the work area when it
    /// is dropped, also when a panic unwinds past it: no hole a failed case
    /// left stays open while anything else runs. It holds no borrow of the
    /// region; it must be dropped before the region is.
    pub fn restorer(&self) -> Restorer {
        Restorer {
            work: self.work(),
            work_len: self.work_len,
        }
    }

    /// Unmaps `[work + off, work + off + len)` with the C library: a hole,
    /// to be filled again by `restore` right after the call that needs it.
    pub fn punch(&self, off: usize, len: usize) {
        assert!(off + len <= self.work_len);
        // SAFETY: inside the work area.
        let r = unsafe { libc::munmap((self.work() + off) as *mut c_void, len) };
        assert_eq!(r, 0, "punching a hole: errno {}", errno());
    }
}

impl Drop for Region {
    fn drop(&mut self) {
        // SAFETY: the whole region is ours.
        unsafe { libc::munmap(self.base as *mut c_void, self.len()) };
    }
}

/// See `Region::restorer`.
#[must_use = "restores the work area when dropped"]
pub struct Restorer {
    work: usize,
    work_len: usize,
}

impl Drop for Restorer {
    fn drop(&mut self) {
        // SAFETY: the work area of a region the test reserved and still
        // holds (the guard is dropped before the region).
        let p = unsafe {
            libc::mmap(
                self.work as *mut c_void,
                self.work_len,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE | libc::MAP_FIXED,
                -1,
                0,
            )
        };
        // A second panic while unwinding would abort: report it then.
        if p as usize != self.work && !std::thread::panicking() {
            panic!("restoring the reservation: errno {}", errno());
        }
    }
}

/// A fresh directory under the system's temporary directory, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// `mman-{name}-{pid}-{nanoseconds}`.
    pub fn new(name: &str) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!("mman-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir(&dir).expect("create the temporary directory");
        TempDir(dir)
    }

    /// A 3-page file holding `file_contents()`.
    pub fn file(&self) -> PathBuf {
        let path = self.0.join("three-pages");
        std::fs::write(&path, file_contents()).expect("write the test file");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The contents of the 3-page test file.
pub fn file_contents() -> Vec<u8> {
    (0..3 * PAGE).map(|i| (i % 251) as u8).collect()
}

/// Asserts that the file at `path` still holds `file_contents()`.
pub fn assert_file_unchanged(path: &Path) {
    assert!(
        std::fs::read(path).expect("read the test file") == file_contents(),
        "the test file changed"
    );
}

/// One line of `/proc/self/maps`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapsLine {
    pub start: usize,
    pub end: usize,
    pub perms: String,
    pub offset: u64,
    pub inode: u64,
    pub path: String,
}

/// Reads `/proc/self/maps` into `buf` (reused, so that reading it does not
/// change the heap's mappings once warm) and parses every line.
pub fn read_maps(buf: &mut Vec<u8>) -> Vec<MapsLine> {
    use std::io::Read;
    buf.clear();
    std::fs::File::open("/proc/self/maps")
        .and_then(|mut f| f.read_to_end(buf))
        .expect("read /proc/self/maps");
    let text = std::str::from_utf8(buf).unwrap_or("");
    text.lines().filter_map(parse_maps_line).collect()
}

fn parse_maps_line(line: &str) -> Option<MapsLine> {
    let mut it = line.split_ascii_whitespace();
    let (s, e) = it.next()?.split_once('-')?;
    let perms = it.next()?.to_string();
    let offset = u64::from_str_radix(it.next()?, 16).ok()?;
    let _dev = it.next()?;
    let inode = it.next()?.parse().ok()?;
    let path = it.collect::<Vec<_>>().join(" ");
    Some(MapsLine {
        start: usize::from_str_radix(s, 16).ok()?,
        end: usize::from_str_radix(e, 16).ok()?,
        perms,
        offset,
        inode,
        path,
    })
}

/// The number of lines of `/proc/self/maps`: the process's mappings.
pub fn maps_count() -> usize {
    std::fs::read_to_string("/proc/self/maps")
        .expect("read /proc/self/maps")
        .lines()
        .count()
}

/// The mappings of `[lo, hi)`, clipped to it, with addresses relative to
/// `lo`: `(start, end, perms, offset-or-0, backed by a file)`.
pub fn describe(maps: &[MapsLine], lo: usize, hi: usize) -> Vec<(usize, usize, String, u64, bool)> {
    maps.iter()
        .filter(|m| m.end > lo && m.start < hi)
        .map(|m| {
            let s = m.start.max(lo);
            let file = m.inode != 0;
            let off = if file {
                m.offset + (s - m.start) as u64
            } else {
                0
            };
            (s - lo, m.end.min(hi) - lo, m.perms.clone(), off, file)
        })
        .collect()
}
