//! The mirrored ring buffer and the SPSC byte queue: across threads and
//! across fork.

mod common;

use common::page;
use mman::ring::{ByteQueue, MirroredBuffer};
use mman::Errno;
use std::time::{Duration, Instant};

/// The byte at stream position `i`: a pattern that catches loss,
/// duplication and reordering.
fn pattern(i: u64) -> u8 {
    (i.wrapping_mul(2654435761) >> 13) as u8
}

#[test]
fn mirror_aliases_both_copies() {
    let mut b = MirroredBuffer::new(2 * page()).unwrap();
    let n = b.len();
    b.write_at(n - 3, b"abcdefgh").unwrap();
    let mut out = [0u8; 8];
    b.read_at(0, &mut out[..5]).unwrap();
    assert_eq!(&out[..5], b"defgh");
    b.read_at(n - 3, &mut out).unwrap();
    assert_eq!(&out, b"abcdefgh");
    // SAFETY: byte 100 is written through the second copy and read back
    // through the first, both volatile, which the compiler can neither fold
    // nor reorder (a plain write it moved after the read, on armv7);
    // `slice` reads bytes written through the same (first) copy.
    unsafe {
        b.as_ptr().add(n + 100).write_volatile(1);
        assert_eq!(b.as_ptr().add(100).read_volatile(), 1);
        assert_eq!(b.slice(n - 3, 3).unwrap(), b"abc");
        assert!(b.slice(n, 1).is_none() && b.slice(0, n + 1).is_none());
    }
    assert_eq!(b.read_at(n, &mut out).unwrap_err(), Errno::INVAL);
    assert_eq!(
        b.write_at(0, &vec![0; 2 * page() + 1]).unwrap_err(),
        Errno::INVAL
    );
    assert_eq!(MirroredBuffer::new(0).unwrap_err(), Errno::INVAL);
    assert_eq!(MirroredBuffer::new(page() + 1).unwrap_err(), Errno::INVAL);
}

#[test]
fn queue_reads_and_writes_never_wrap() {
    let cap = page();
    let mut q = ByteQueue::new(cap).unwrap();
    let (mut tx, mut rx) = q.split();
    let near = cap - 96;
    assert_eq!(tx.push(&vec![0u8; near]), near);
    assert_eq!(rx.pop(&mut vec![0u8; near]), near);
    // `near` is near the end of the buffer: the free space runs across it,
    // yet is one slice.
    // SAFETY: no other process shares the queue.
    let space = unsafe { tx.write_buf() };
    assert_eq!(space.len(), cap);
    for (i, b) in space.iter_mut().enumerate() {
        *b = pattern(i as u64);
    }
    tx.commit(cap);
    assert_eq!(tx.free(), 0);
    assert_eq!(tx.push(b"x"), 0);
    // SAFETY: as above.
    let data = unsafe { rx.read_buf() };
    assert_eq!(data.len(), cap);
    assert!(data
        .iter()
        .enumerate()
        .all(|(i, &b)| b == pattern(i as u64)));
    rx.consume(cap);
    assert_eq!(q.len(), 0);
    assert_eq!(ByteQueue::new(0).unwrap_err(), Errno::INVAL);
}

const STREAM: u64 = 16 << 20;

/// How long a spin loop may go without progress before it fails: a hang
/// guard for a peer that died or stopped, not a timing assertion.
const STALL: Duration = Duration::from_secs(60);

/// The hang guard of the spin loops: between attempts that moved nothing
/// it yields, checks that the peer is still there, and fails after `STALL`
/// without progress. Dropped while still holding a child (the parent's
/// side failed), it kills and reaps it.
struct Watch {
    since: Instant,
    /// A forked child, not reaped yet: the peer of the parent.
    child: Option<libc::pid_t>,
    /// In a forked child: the parent's pid (the child's peer).
    parent: Option<libc::pid_t>,
}

impl Watch {
    fn new() -> Watch {
        Watch {
            since: Instant::now(),
            child: None,
            parent: None,
        }
    }

    fn progress(&mut self) {
        self.since = Instant::now();
    }

    /// An attempt moved nothing.
    fn stalled(&mut self) {
        if let Some(pid) = self.child {
            let mut status = 0;
            // SAFETY: our child; WNOHANG never blocks.
            let r = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
            if r != 0 {
                self.child = None;
                panic!("the child ended before the stream did: waitpid {r}, status {status:#x}");
            }
        }
        if let Some(ppid) = self.parent {
            // SAFETY: a plain call.
            assert_eq!(unsafe { libc::getppid() }, ppid, "the parent is gone");
        }
        assert!(
            self.since.elapsed() < STALL,
            "hang guard: no progress for {STALL:?}, the peer is stuck or gone"
        );
        std::thread::yield_now();
    }

    /// Waits for the child to end (it may still be consuming): its status.
    fn wait_child(&mut self) -> i32 {
        let pid = self.child.expect("a child to wait for");
        self.progress();
        loop {
            let mut status = 0;
            // SAFETY: our child; WNOHANG never blocks.
            let r = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
            if r == pid {
                self.child = None;
                return status;
            }
            assert_eq!(r, 0, "waitpid: errno {}", std::io::Error::last_os_error());
            assert!(
                self.since.elapsed() < STALL,
                "hang guard: the child did not end in {STALL:?}"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        if let Some(pid) = self.child.take() {
            // SAFETY: our child, not reaped yet (so the pid is still it).
            unsafe {
                libc::kill(pid, libc::SIGKILL);
                libc::waitpid(pid, std::ptr::null_mut(), 0);
            }
        }
    }
}

/// Sends `STREAM` bytes of the pattern in chunks of varying size.
fn produce(tx: &mut mman::ring::Producer<'_>, watch: &mut Watch) {
    let mut pos = 0u64;
    let mut chunk = [0u8; 1000];
    let mut size = 1usize;
    while pos < STREAM {
        size = size * 7 % 997 + 1;
        let n = size.min((STREAM - pos) as usize);
        for (i, b) in chunk[..n].iter_mut().enumerate() {
            *b = pattern(pos + i as u64);
        }
        let mut sent = 0;
        while sent < n {
            let k = tx.push(&chunk[sent..n]);
            if k == 0 {
                watch.stalled();
            } else {
                watch.progress();
            }
            sent += k;
        }
        pos += n as u64;
    }
}

/// Receives `STREAM` bytes, in turn through `read_buf` (in place) and
/// `pop` (copied out, in sizes that meet every alignment); returns how many
/// were not the pattern.
fn consume(rx: &mut mman::ring::Consumer<'_>, watch: &mut Watch) -> u64 {
    let mut pos = 0u64;
    let mut bad = 0u64;
    let mut out = [0u8; 3001];
    let mut round = 0usize;
    while pos < STREAM {
        round += 1;
        let n = if round % 2 == 0 {
            // SAFETY: the only producer is `produce`, in this process or
            // the parent of the fork.
            let data = unsafe { rx.read_buf() };
            let n = data.len().min((STREAM - pos) as usize).min(3001);
            for (i, &b) in data[..n].iter().enumerate() {
                bad += u64::from(b != pattern(pos + i as u64));
            }
            rx.consume(n);
            n
        } else {
            let want = (round * 13 % 3001).min((STREAM - pos) as usize);
            let n = rx.pop(&mut out[..want]);
            for (i, &b) in out[..n].iter().enumerate() {
                bad += u64::from(b != pattern(pos + i as u64));
            }
            n
        };
        if n == 0 {
            watch.stalled();
        } else {
            watch.progress();
        }
        pos += n as u64;
    }
    bad
}

#[test]
fn queue_between_threads() {
    let mut q = ByteQueue::new(8192).unwrap();
    let (mut tx, mut rx) = q.split();
    let bad = std::thread::scope(|s| {
        s.spawn(move || produce(&mut tx, &mut Watch::new()));
        consume(&mut rx, &mut Watch::new())
    });
    assert_eq!(bad, 0);
    assert!(q.is_empty());
}

#[test]
fn queue_across_fork() {
    let cap = page();
    let mut q = ByteQueue::new(cap).unwrap();
    let (mut tx, mut rx) = q.split();
    // SAFETY: a plain call.
    let parent = unsafe { libc::getpid() };
    // SAFETY: the child only consumes and `_exit`s.
    match unsafe { libc::fork() } {
        -1 => panic!("fork"),
        0 => {
            let mut watch = Watch::new();
            watch.parent = Some(parent);
            // A panic (the hang guard) must not return into the harness.
            let bad = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                consume(&mut rx, &mut watch)
            }));
            // Exit status 0 only if every byte came in order; 2 if the
            // parent stalled or died.
            unsafe {
                libc::_exit(match bad {
                    Ok(0) if rx.available() == 0 => 0,
                    Ok(_) => 1,
                    Err(_) => 2,
                })
            }
        }
        child => {
            let mut watch = Watch::new();
            watch.child = Some(child);
            produce(&mut tx, &mut watch);
            let status = watch.wait_child();
            assert!(libc::WIFEXITED(status), "child died: {status:#x}");
            assert_eq!(libc::WEXITSTATUS(status), 0, "the child saw a wrong byte");
            // The child's consumption moved the shared head: empty here too.
            assert_eq!(tx.free(), cap);
        }
    }
}
