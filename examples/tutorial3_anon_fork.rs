//! The tutorial's program 3, on the safe API: parent and child talk
//! through an anonymous shared mapping made before `fork`.
//!
//! The parent writes "hi, this is father"; the child sleeps 1 s, prints
//! what it got, writes "hi, dad, this is son" and exits; the parent waits
//! for it (instead of the tutorial's sleep of 2 s) and prints the reply.
//! Both processes may touch the bytes at once: `shared_anon` gives a
//! `SharedMmap`, whose bytes are atomics (`atomic_bytes`), never `&[u8]`.

use core::sync::atomic::{AtomicU8, Ordering};
use std::io::Write;

const BUF_SIZE: usize = 100;

/// Writes `s` and a NUL, as C's `sprintf`.
fn put(buf: &[AtomicU8], s: &str) {
    for (cell, &b) in buf.iter().zip(s.as_bytes().iter().chain(&[0])) {
        cell.store(b, Ordering::Release);
    }
}

/// Reads up to the first NUL, as C's `"%s"`.
fn get(buf: &[AtomicU8]) -> String {
    let bytes: Vec<u8> = buf
        .iter()
        .map(|c| c.load(Ordering::Acquire))
        .take_while(|&b| b != 0)
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn main() {
    let map = mman::shm::shared_anon(BUF_SIZE).expect("mmap");
    let buf = map.atomic_bytes();
    std::io::stdout().flush().unwrap();
    // SAFETY: the program has one thread; the child only uses the mapping,
    // prints, and leaves with `_exit`.
    match unsafe { libc::fork() } {
        -1 => panic!("fork: {}", std::io::Error::last_os_error()),
        0 => {
            std::thread::sleep(std::time::Duration::from_secs(1));
            println!("child got a message: {}", get(buf));
            put(buf, "hi, dad, this is son");
            std::io::stdout().flush().unwrap();
            // The mapping goes with the process.
            unsafe { libc::_exit(0) }
        }
        child => {
            put(buf, "hi, this is father");
            let mut status = 0;
            // SAFETY: `child` is our child; `status` is a valid out-pointer.
            let r = unsafe { libc::waitpid(child, &mut status, 0) };
            assert!(
                r == child && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
                "child failed"
            );
            println!("parent got a message: {}", get(buf));
        }
    }
}
