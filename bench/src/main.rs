//! Is mmap shared memory fast? Two benchmarks, and a plot of both.
//!
//! ```text
//! mman-bench [--quick] [--png PATH]
//! ```
//!
//! 1. **Between two processes**: a parent and a child of `fork` move
//!    messages of 64 B, 4 KiB, 64 KiB and 1 MiB, the child writing and the
//!    parent reading, through mman's shared-memory ring ([`ByteQueue`], a
//!    mirrored ring buffer over `MAP_SHARED` memory), a pipe, and a Unix
//!    stream socket pair. Every transport copies each byte twice (into the
//!    channel, out of it) and the reader checks each message's sequence
//!    number. The ring's two ends spin while it is full or empty (yielding
//!    the CPU after a while); the pipe and the socket sleep in the kernel.
//! 2. **Reading a file of 256 MiB**, warm in the page cache: `read()` into
//!    a 64 KiB buffer against mapping it (plain, `MAP_POPULATE`,
//!    `MADV_SEQUENTIAL`, both), summing every 8-byte word either way.
//!
//! Each figure is the median of a few runs. Tables go to stdout (Markdown);
//! the plot is a PNG drawn with plotters' bitmap backend. Nothing here
//! asserts a timing.

use mman::map::{Advice, MapOptions, Read};
use mman::ring::ByteQueue;
use std::fs::File;
use std::io::{Read as _, Write as _};
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::PathBuf;
use std::time::{Duration, Instant};

mod plot;

/// Message sizes of the IPC benchmark, and how many messages of each.
const SIZES: [(usize, u64); 4] = [
    (64, 200_000),
    (4 << 10, 100_000),
    (64 << 10, 8_000),
    (1 << 20, 512),
];
/// The ring's capacity. Messages larger than it stream through it in
/// pieces, as through a pipe (64 KiB by default) or a socket.
const RING_BYTES: usize = 256 << 10;
/// The file of the read benchmark.
const FILE_BYTES: usize = 256 << 20;
/// `read()`'s buffer.
const READ_BUF: usize = 64 << 10;

/// One way of moving bytes between the two processes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    /// mman's `ByteQueue` over shared memory.
    Ring,
    /// `pipe(2)`.
    Pipe,
    /// `socketpair(AF_UNIX, SOCK_STREAM)`.
    Socket,
}

impl Transport {
    const ALL: [Transport; 3] = [Transport::Ring, Transport::Pipe, Transport::Socket];

    /// Its name in the tables and the plot.
    pub fn name(self) -> &'static str {
        match self {
            Transport::Ring => "mmap shared ring (mman)",
            Transport::Pipe => "pipe",
            Transport::Socket => "Unix socket pair",
        }
    }
}

/// One cell of the IPC table.
#[derive(Clone, Copy, Debug)]
pub struct IpcResult {
    /// Which transport.
    pub transport: Transport,
    /// Bytes per message.
    pub size: usize,
    /// Messages moved.
    pub count: u64,
    /// Median time of the runs.
    pub time: Duration,
}

impl IpcResult {
    /// Bytes per second.
    pub fn bytes_per_sec(&self) -> f64 {
        self.size as f64 * self.count as f64 / self.time.as_secs_f64()
    }
    /// Messages per second.
    pub fn msgs_per_sec(&self) -> f64 {
        self.count as f64 / self.time.as_secs_f64()
    }
}

/// One row of the file-read table.
#[derive(Clone, Debug)]
pub struct ReadResult {
    /// How the file was read.
    pub method: &'static str,
    /// Median time of the runs.
    pub time: Duration,
}

impl ReadResult {
    /// Bytes per second.
    pub fn bytes_per_sec(&self) -> f64 {
        FILE_BYTES as f64 / self.time.as_secs_f64()
    }
}

fn die(what: &str, err: impl std::fmt::Display) -> ! {
    eprintln!("mman-bench: {what}: {err}");
    std::process::exit(1)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Tries before a waiting ring end starts yielding the CPU.
///
/// Short: on a machine with 2 cores the other end may be waiting for this
/// one's core (spinning 4096 times first made the ring 10 to 40 times
/// slower here, pure spinning even more).
const SPINS: u32 = 64;

/// Waits for the other end of the ring: spins, then yields the CPU
/// (`sched_yield`) between tries.
#[inline]
fn wait(spins: &mut u32) {
    *spins += 1;
    if *spins < SPINS {
        core::hint::spin_loop();
    } else {
        std::thread::yield_now();
    }
}

/// Writes message `i` (`buf`'s first 8 bytes are the sequence number).
fn stamp(buf: &mut [u8], i: u64) {
    buf[..8].copy_from_slice(&i.to_le_bytes());
}

fn check(buf: &[u8], i: u64) {
    let got = u64::from_le_bytes(buf[..8].try_into().expect("8 bytes"));
    if got != i {
        die("ipc", format!("message {i} arrived as {got}"));
    }
}

/// Writes all of `buf` to `fd`.
fn write_all(fd: &mut File, buf: &[u8]) {
    if let Err(e) = fd.write_all(buf) {
        die("write", e);
    }
}

/// Reads exactly `buf.len()` bytes from `fd`.
fn read_exact(fd: &mut File, buf: &mut [u8]) {
    if let Err(e) = fd.read_exact(buf) {
        die("read", e);
    }
}

/// Forks; the child runs `child` and exits 0 without unwinding or dropping
/// the parent's state; the parent gets the child's pid.
fn fork(child: impl FnOnce()) -> libc::pid_t {
    // SAFETY: this program is single-threaded, so the child may run any
    // code; it leaves through `_exit`.
    match unsafe { libc::fork() } {
        -1 => die("fork", std::io::Error::last_os_error()),
        0 => {
            child();
            // SAFETY: ends the child without running the parent's
            // destructors or atexit handlers twice.
            unsafe { libc::_exit(0) }
        }
        pid => pid,
    }
}

fn reap(pid: libc::pid_t) {
    let mut status = 0;
    // SAFETY: waits for our own child.
    if unsafe { libc::waitpid(pid, &mut status, 0) } != pid || status != 0 {
        die("child", format!("wait status {status}"));
    }
}

/// Two connected ends: (reader, writer) of a pipe or a socket pair.
fn channel(t: Transport) -> (File, File) {
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors.
    let r = unsafe {
        match t {
            Transport::Pipe => libc::pipe(fds.as_mut_ptr()),
            _ => libc::socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0, fds.as_mut_ptr()),
        }
    };
    if r != 0 {
        die("pipe/socketpair", std::io::Error::last_os_error());
    }
    // SAFETY: both descriptors are new and ours.
    unsafe {
        (
            File::from(OwnedFd::from_raw_fd(fds[0])),
            File::from(OwnedFd::from_raw_fd(fds[1])),
        )
    }
}

/// One run: the child sends `count` messages of `size` bytes, the parent
/// receives them; returns the parent's time from the fork to the last byte.
fn ipc_once(t: Transport, size: usize, count: u64) -> Duration {
    let mut msg = vec![0x5a_u8; size];
    match t {
        Transport::Ring => {
            let mut q = ByteQueue::new(RING_BYTES).unwrap_or_else(|e| die("ByteQueue::new", e));
            let start = Instant::now();
            let pid = fork(|| {
                let (mut tx, _) = q.split();
                for i in 0..count {
                    stamp(&mut msg, i);
                    let mut sent = 0;
                    let mut spins = 0;
                    while sent < size {
                        let n = tx.push(&msg[sent..]);
                        if n == 0 {
                            wait(&mut spins);
                        } else {
                            spins = 0;
                        }
                        sent += n;
                    }
                }
            });
            let (_, mut rx) = q.split();
            for i in 0..count {
                let mut got = 0;
                let mut spins = 0;
                while got < size {
                    let n = rx.pop(&mut msg[got..]);
                    if n == 0 {
                        wait(&mut spins);
                    } else {
                        spins = 0;
                    }
                    got += n;
                }
                check(&msg, i);
            }
            let time = start.elapsed();
            reap(pid);
            time
        }
        Transport::Pipe | Transport::Socket => {
            let (mut r, mut w) = channel(t);
            let start = Instant::now();
            let pid = fork(|| {
                for i in 0..count {
                    stamp(&mut msg, i);
                    write_all(&mut w, &msg);
                }
            });
            drop(w);
            for i in 0..count {
                read_exact(&mut r, &mut msg);
                check(&msg, i);
            }
            let time = start.elapsed();
            reap(pid);
            time
        }
    }
}

fn ipc(runs: usize, scale: u64) -> Vec<IpcResult> {
    let mut out = Vec::new();
    for &(size, count) in &SIZES {
        let count = (count / scale).max(16);
        for t in Transport::ALL {
            ipc_once(t, size, count.min(16)); // warm up
            let time = median((0..runs).map(|_| ipc_once(t, size, count)).collect());
            out.push(IpcResult {
                transport: t,
                size,
                count,
                time,
            });
        }
    }
    out
}

/// Sums the file's bytes as 8-byte words, so that every page is read.
#[inline(never)]
fn sum(bytes: &[u8]) -> u64 {
    let (words, rest) = bytes.as_chunks::<8>();
    let mut s = words
        .iter()
        .fold(0u64, |s, w| s.wrapping_add(u64::from_ne_bytes(*w)));
    for &b in rest {
        s = s.wrapping_add(u64::from(b));
    }
    s
}

/// A temporary file of `FILE_BYTES`, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new() -> TempFile {
        let path = std::env::temp_dir().join(format!("mman-bench-{}.dat", std::process::id()));
        let mut f = File::create(&path).unwrap_or_else(|e| die("create", e));
        let mut chunk = vec![0u8; 1 << 20];
        let mut x = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..FILE_BYTES / chunk.len() {
            for b in chunk.iter_mut() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                *b = x as u8;
            }
            f.write_all(&chunk).unwrap_or_else(|e| die("write", e));
        }
        f.sync_all().unwrap_or_else(|e| die("fsync", e));
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// How to read the file, and the sum it must give.
#[derive(Clone, Copy)]
enum Method {
    Read,
    Map { populate: bool, sequential: bool },
}

impl Method {
    const ALL: [(Method, &'static str); 5] = [
        (Method::Read, "read() 64 KiB buffer"),
        (
            Method::Map {
                populate: false,
                sequential: false,
            },
            "mmap",
        ),
        (
            Method::Map {
                populate: true,
                sequential: false,
            },
            "mmap MAP_POPULATE",
        ),
        (
            Method::Map {
                populate: false,
                sequential: true,
            },
            "mmap MADV_SEQUENTIAL",
        ),
        (
            Method::Map {
                populate: true,
                sequential: true,
            },
            "mmap MAP_POPULATE + MADV_SEQUENTIAL",
        ),
    ];
}

/// Reads the whole file one way; returns its sum and the time, from the
/// open to the close (the map and the unmap included).
fn read_once(path: &PathBuf, m: Method) -> (u64, Duration) {
    let start = Instant::now();
    let mut f = File::open(path).unwrap_or_else(|e| die("open", e));
    let s = match m {
        Method::Read => {
            let mut buf = vec![0u8; READ_BUF];
            let mut s = 0u64;
            loop {
                let n = f.read(&mut buf).unwrap_or_else(|e| die("read", e));
                if n == 0 {
                    break s;
                }
                s = s.wrapping_add(sum(&buf[..n]));
            }
        }
        Method::Map {
            populate,
            sequential,
        } => {
            let mut o = MapOptions::new();
            if populate {
                o = o.populate();
            }
            // SAFETY: the file is this program's own; nothing modifies it.
            let map = unsafe { o.map::<Read>(&f) }.unwrap_or_else(|e| die("mmap", e));
            if sequential {
                map.advise(Advice::Sequential)
                    .unwrap_or_else(|e| die("madvise", e));
            }
            sum(map.as_slice())
        }
    };
    drop(f);
    (s, start.elapsed())
}

fn file_read(runs: usize) -> Vec<ReadResult> {
    let file = TempFile::new();
    // Warm the page cache, and the sum every method must find.
    let (want, _) = read_once(&file.0, Method::Read);
    let mut out = Vec::new();
    for (m, method) in Method::ALL {
        let mut times = Vec::new();
        for _ in 0..runs {
            let (s, t) = read_once(&file.0, m);
            if s != want {
                die(method, "read a different sum");
            }
            times.push(t);
        }
        out.push(ReadResult {
            method,
            time: median(times),
        });
    }
    out
}

fn size_name(size: usize) -> String {
    if size >= 1 << 20 {
        format!("{} MiB", size >> 20)
    } else if size >= 1 << 10 {
        format!("{} KiB", size >> 10)
    } else {
        format!("{size} B")
    }
}

fn main() {
    let mut quick = false;
    let mut png = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--quick" => quick = true,
            "--png" => png = args.next(),
            _ => die("usage", "mman-bench [--quick] [--png PATH]"),
        }
    }
    let (runs, scale) = if quick { (1, 64) } else { (5, 1) };

    println!("### Between two processes (a message is written by one, read by the other)\n");
    println!(
        "| message | transport | messages | throughput | messages/s | vs pipe |\n|---|---|---:|---:|---:|---:|"
    );
    let ipc = ipc(runs, scale);
    for r in &ipc {
        let pipe = ipc
            .iter()
            .find(|p| p.size == r.size && p.transport == Transport::Pipe)
            .expect("a pipe result for every size");
        println!(
            "| {} | {} | {} | {:.2} GB/s | {:.0} | {:.2}x |",
            size_name(r.size),
            r.transport.name(),
            r.count,
            r.bytes_per_sec() / 1e9,
            r.msgs_per_sec(),
            r.bytes_per_sec() / pipe.bytes_per_sec()
        );
    }

    let read_runs = if quick { 1 } else { 11 };
    println!(
        "\n### Reading a file of {} MiB, warm in the page cache\n",
        FILE_BYTES >> 20
    );
    println!("| method | time | throughput | vs read() |\n|---|---:|---:|---:|");
    let reads = file_read(read_runs);
    for r in &reads {
        println!(
            "| {} | {:.1} ms | {:.2} GB/s | {:.2}x |",
            r.method,
            r.time.as_secs_f64() * 1e3,
            r.bytes_per_sec() / 1e9,
            r.bytes_per_sec() / reads[0].bytes_per_sec()
        );
    }
    println!("\n(median of {runs} runs per IPC cell, {read_runs} per read method)");

    if let Some(path) = png {
        match plot::draw(&path, &ipc, &reads) {
            Ok(()) => println!("plot: {path}"),
            Err(e) => eprintln!("mman-bench: plot not drawn: {e}"),
        }
    }
}
