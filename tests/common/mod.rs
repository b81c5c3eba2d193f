//! Helpers shared by the tests: `errno` and its names, the child-process
//! runner, a reserved region of address space, a temporary directory with
//! the 3-page test file, a descriptor's state, `VmLck`; and in modules,
//! `/proc/self/maps` (`maps`), the scene of the differential and property
//! tests (`scene`), and the one way to call mman's C ABI or glibc (`call`).
//!
//! Each test binary includes this with `mod common;` and uses what it needs
//! (see tests/README.md).
// Each test binary compiles its own copy of this module and uses only part
// of it: what one binary leaves unused is not dead in another.
#![allow(dead_code, unused_imports)]

#[cfg(feature = "capi")]
pub mod call;
pub mod maps;
pub mod scene;

#[cfg(feature = "capi")]
pub use call::Imp;
pub use maps::{maps_count, read_maps, MapsLine};
use std::ffi::{c_int, c_void};
use std::path::{Path, PathBuf};

/// The page size at run time (`AT_PAGESZ`, as `sysconf(_SC_PAGESIZE)` gives it):
/// 4096 on x86, 4, 16 or 64 KiB on aarch64 (and under `qemu-aarch64 -p`),
/// 64 KiB on some powerpc64le kernels. Nothing in the tests assumes 4096.
pub fn page() -> usize {
    mman::raw::page_size()
}

/// A file of the test's own, `mman-<test>-<pid>-<name>` in the temporary
/// directory, holding `content` and open for reading and writing; the
/// caller removes it.
pub fn scratch_file(test: &str, name: &str, content: &[u8]) -> (PathBuf, std::fs::File) {
    let file_name = format!("mman-{test}-{}-{name}", std::process::id());
    let path = std::env::temp_dir().join(file_name);
    std::fs::write(&path, content).unwrap();
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
        .unwrap();
    (path, file)
}

/// The guard areas on each side of a test's region (`Region::guarded`),
/// never targeted: a call that overshoots the work area by mistake lands in
/// them, not in memory that is not the test's.
pub fn guard() -> usize {
    16 * page()
}

/// Whether the tests run under qemu-user (`MMAN_EMULATED=1`, set by
/// mk/target.mk's `RUN`): then `/proc/self/maps` is qemu's emulation of the
/// guest's mappings, while smaps, `VmLck` and huge pages are the host
/// process's (qemu's) business, and the tests compare what qemu shows and
/// say what they skip (`skip`). Read once, so that a forked child can ask
/// without allocating.
pub fn emulated() -> bool {
    use std::sync::atomic::{AtomicU8, Ordering::Relaxed};
    static STATE: AtomicU8 = AtomicU8::new(0);
    match STATE.load(Relaxed) {
        0 => {
            let e = std::env::var_os("MMAN_EMULATED").is_some_and(|v| v == "1");
            STATE.store(if e { 2 } else { 1 }, Relaxed);
            e
        }
        s => s == 2,
    }
}

/// Prints, once per `what`, that a comparison is skipped and why: a line
/// `skip WHAT: WHY` that the check-cross log shows per target.
pub fn skip(what: &str, why: &str) {
    use std::collections::BTreeSet;
    use std::sync::Mutex;
    static SEEN: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    if !seen.contains(what) {
        seen.insert(what.to_owned());
        println!("skip {what}: {why}");
    }
}

/// What `errno` holds before each call a test compares: a success must
/// leave it so.
pub const SENTINEL: c_int = 4242;

/// The name of an `errno` value (`SENTINEL`: "(untouched)").
pub fn errno_name(e: c_int) -> String {
    let name = match e {
        0 => "0",
        libc::EPERM => "EPERM",
        libc::ENOENT => "ENOENT",
        libc::EBADF => "EBADF",
        libc::EAGAIN => "EAGAIN",
        libc::ENOMEM => "ENOMEM",
        libc::EACCES => "EACCES",
        libc::EFAULT => "EFAULT",
        libc::EBUSY => "EBUSY",
        libc::EEXIST => "EEXIST",
        libc::ENODEV => "ENODEV",
        libc::ENOTDIR => "ENOTDIR",
        libc::EISDIR => "EISDIR",
        libc::EINVAL => "EINVAL",
        libc::ETXTBSY => "ETXTBSY",
        libc::ENAMETOOLONG => "ENAMETOOLONG",
        libc::ELOOP => "ELOOP",
        libc::EOVERFLOW => "EOVERFLOW",
        libc::EOPNOTSUPP => "EOPNOTSUPP",
        SENTINEL => "(untouched)",
        _ => return format!("errno {e}"),
    };
    name.to_owned()
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

/// Whether `f` kills the process it runs in (a panic in an `extern "C"`
/// function aborts it; a panic in the raw layer unwinds), run in a forked
/// child with its stderr on `/dev/null` (a panic message would only be
/// noise). A child still running after 10 s is killed by `SIGALRM`: that
/// counts as dying too.
pub fn dies_in_child(f: impl FnOnce()) -> bool {
    let (_, status) = in_child(|w| {
        // SAFETY: plain system calls in the child.
        unsafe {
            let null = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY);
            libc::dup2(null, 2);
            libc::alarm(10);
        }
        run_child(w, f)
    });
    !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0)
}

/// For a forked child: sets `RLIMIT_MEMLOCK` to `memlock` bytes and drops
/// root for uid and gid 65534, with system calls only. Whether all three
/// succeeded.
pub fn drop_root(memlock: u64) -> bool {
    let lim = libc::rlimit {
        rlim_cur: memlock as libc::rlim_t,
        rlim_max: memlock as libc::rlim_t,
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
        Region::guarded(0, pages * page())
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

    /// The address of page `n` of the work area.
    pub fn at(&self, n: usize) -> *mut c_void {
        (self.work() + n * page()) as *mut c_void
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

    /// Puts the reservation back over the whole region, guards included,
    /// replacing whatever a case mapped there and filling any hole. (A
    /// fixed mapping near the end of the work area may reach into the
    /// trailing guard: left there, a locked one changed the next call's
    /// `VmLck`, which made a property case differ between mman and glibc.)
    pub fn restore(&self) {
        // SAFETY: the whole region is ours.
        let p = unsafe { reserve(self.base, self.len()) };
        assert_eq!(
            p as usize,
            self.base,
            "restoring the reservation: errno {}",
            errno()
        );
    }

    /// A guard that puts the reservation back over the whole region (as
    /// `restore` does) when it is dropped, also when a panic unwinds past
    /// it: no hole a failed case left stays open while anything else runs.
    /// It holds no borrow of the region; it must be dropped before the
    /// region is.
    pub fn restorer(&self) -> Restorer {
        Restorer {
            base: self.base,
            len: self.len(),
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
#[must_use = "restores the region when dropped"]
pub struct Restorer {
    base: usize,
    len: usize,
}

/// Maps a `PROT_NONE` reservation over `[base, base + len)`, replacing what
/// is there.
///
/// # Safety
///
/// The range is the caller's, and nothing in it is in use.
unsafe fn reserve(base: usize, len: usize) -> *mut c_void {
    // SAFETY: as the caller promises.
    unsafe {
        libc::mmap(
            base as *mut c_void,
            len,
            libc::PROT_NONE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE | libc::MAP_FIXED,
            -1,
            0,
        )
    }
}

impl Drop for Restorer {
    fn drop(&mut self) {
        // SAFETY: a region the test reserved and still holds (the guard is
        // dropped before the region).
        let p = unsafe { reserve(self.base, self.len) };
        // A second panic while unwinding would abort: report it then.
        if p as usize != self.base && !std::thread::panicking() {
            panic!("restoring the reservation: errno {}", errno());
        }
    }
}

/// A fresh directory under the system's temporary directory, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// `mman-{name}-{pid}-{nanoseconds}`.
    pub fn new(name: &str) -> TempDir {
        TempDir::new_in(&std::env::temp_dir(), name)
    }

    /// As `new`, in `parent`.
    pub fn new_in(parent: &Path, name: &str) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = parent.join(format!("mman-{name}-{}-{nanos}", std::process::id()));
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

/// `len` bytes of the tests' pattern: byte `i` is `i % 251`.
pub fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

/// The contents of the 3-page test file.
pub fn file_contents() -> Vec<u8> {
    pattern(3 * page())
}

/// Asserts that the file at `path` still holds `file_contents()`.
pub fn assert_file_unchanged(path: &Path) {
    assert!(
        std::fs::read(path).expect("read the test file") == file_contents(),
        "the test file changed"
    );
}

/// `VmLck` of `/proc/self/status`, in kB, or -1: with system calls and a
/// stack buffer only, so that a forked child may call it.
pub fn vmlck() -> i64 {
    let mut buf = [0u8; 4096];
    // SAFETY: plain system calls on a stack buffer.
    let n = unsafe {
        let fd = libc::open(c"/proc/self/status".as_ptr(), libc::O_RDONLY);
        let n = libc::read(fd, buf.as_mut_ptr().cast(), buf.len());
        libc::close(fd);
        n
    };
    let s = &buf[..n.max(0) as usize];
    let Some(i) = s.windows(6).position(|w| w == b"VmLck:") else {
        return -1;
    };
    s[i + 6..]
        .iter()
        .skip_while(|b| **b == b' ' || **b == b'\t')
        .take_while(|b| b.is_ascii_digit())
        .fold(0, |n, b| n * 10 + i64::from(b - b'0'))
}

/// A descriptor's state, as the tests compare it: its number, descriptor
/// flags, status flags, seals, `fstat`'s result, type and mode, size, and
/// what `/proc/self/fd` names it. Plain bytes (no padding, no pointer), so
/// that a forked child can send it through a pipe (`as_bytes`,
/// `from_bytes`).
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(C)]
pub struct FdState {
    pub fd: i64,
    pub getfd: i64,
    pub getfl: i64,
    pub seals: i64,
    pub stat: i64,
    pub mode: i64,
    pub size: i64,
    link_len: i64,
    link: [u8; 256],
}

/// The state of `fd` (no descriptor if it is negative), with system calls
/// and no allocation, so that a forked child may call it. Leaves `fd` open.
pub fn fd_state(fd: c_int) -> FdState {
    let mut s = FdState {
        fd: fd.into(),
        getfd: 0,
        getfl: 0,
        seals: 0,
        stat: 0,
        mode: 0,
        size: 0,
        link_len: 0,
        link: [0; 256],
    };
    if fd < 0 {
        return s;
    }
    // `/proc/self/fd/N`, written without allocating.
    let mut path = [0u8; 32];
    path[..14].copy_from_slice(b"/proc/self/fd/");
    let (mut digits, mut n, mut k) = ([0u8; 10], fd as u32, 0);
    loop {
        digits[k] = b'0' + (n % 10) as u8;
        (n, k) = (n / 10, k + 1);
        if n == 0 {
            break;
        }
    }
    for j in 0..k {
        path[14 + j] = digits[k - 1 - j];
    }
    // SAFETY: `fd` is the descriptor a call just returned; `st` and the
    // buffers are the calls' own.
    unsafe {
        let mut st: libc::stat = std::mem::zeroed();
        s.stat = libc::fstat(fd, &mut st).into();
        s.getfd = libc::fcntl(fd, libc::F_GETFD).into();
        s.getfl = libc::fcntl(fd, libc::F_GETFL).into();
        s.seals = libc::fcntl(fd, libc::F_GET_SEALS).into();
        s.mode = st.st_mode.into();
        // `off_t`: 32 bits on 32-bit targets.
        #[allow(clippy::useless_conversion)]
        {
            s.size = st.st_size.into();
        }
        let n = libc::readlink(
            path.as_ptr().cast(),
            s.link.as_mut_ptr().cast(),
            s.link.len(),
        );
        s.link_len = n.max(0) as i64;
    }
    s
}

impl FdState {
    /// The bytes to send through a pipe.
    pub fn as_bytes(&self) -> &[u8] {
        // SAFETY: `FdState` is `repr(C)` of `i64`s and bytes: no padding.
        unsafe { std::slice::from_raw_parts((self as *const FdState).cast(), size_of::<FdState>()) }
    }

    /// The state `as_bytes` sent, or `None` if `b` is too short.
    pub fn from_bytes(b: &[u8]) -> Option<FdState> {
        // SAFETY: any bytes are a valid `FdState`; the read is unaligned.
        (b.len() >= size_of::<FdState>())
            .then(|| unsafe { b.as_ptr().cast::<FdState>().read_unaligned() })
    }

    /// What `/proc/self/fd` names the descriptor; an `O_TMPFILE` file's
    /// inode number (`/dev/shm/#1234`) replaced by `#INODE`.
    pub fn link(&self) -> String {
        let link = String::from_utf8_lossy(&self.link[..self.link_len as usize]).into_owned();
        match link.split_once('#') {
            Some((dir, rest)) => format!(
                "{dir}#INODE{}",
                rest.trim_start_matches(|c: char| c.is_ascii_digit())
            ),
            None => link,
        }
    }
}

impl std::fmt::Debug for FdState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.fd < 0 {
            return write!(f, "no descriptor");
        }
        write!(
            f,
            "fd {} F_GETFD {:#x} F_GETFL {:#o} seals {:#x} stat {} mode {:#o} size {} {}",
            self.fd,
            self.getfd,
            self.getfl,
            self.seals,
            self.stat,
            self.mode,
            self.size,
            self.link()
        )
    }
}
