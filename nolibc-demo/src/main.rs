//! A `#![no_std]`, `#![no_main]` program with no libc at all: its own
//! `_start`, its system calls through rustix's `linux_raw` backend (via
//! mman's safe API for the mappings), linked statically with `-nostdlib`.
//!
//! Usage: `mman-nolibc-demo SCRATCH_FILE`. It writes a small file, maps it
//! read-only and shared read-write, maps anonymous memory, runs a ring
//! buffer, checks every byte, and exits with status 0 when all checks pass,
//! or with the number of the first check that failed.

#![no_std]
#![no_main]

mod rt;

use core::ffi::CStr;
use mman::map::{MapOptions, Read, ReadWrite};
use mman::ring::ByteQueue;
use rustix::fs::{Mode, OFlags};

const DATA: &[u8] = b"0123456789abcdefghijKLMNOPQRSTUVWXYZ";
const PAGE: usize = 4096;

// The entry point the kernel jumps to: the stack holds argc, argv..., NULL,
// envp..., NULL, auxv. Clear the frame pointer, pass the stack pointer,
// align the stack for the call, and never return.
#[cfg(target_arch = "x86_64")]
core::arch::global_asm!(
    ".globl _start",
    "_start:",
    "xor ebp, ebp",
    "mov rdi, rsp",
    "and rsp, -16",
    "call {entry}",
    "ud2",
    entry = sym entry,
);

/// `exit_group(status)`: the process ends here.
fn exit(status: i32) -> ! {
    // SAFETY: exit_group takes one integer and does not return.
    unsafe {
        core::arch::asm!("syscall", in("rax") 231usize, in("rdi") status as isize, options(noreturn, nostack));
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    say(b"panic\n");
    exit(101)
}

fn say(msg: &[u8]) {
    // SAFETY: fd 1 is open for the whole run (make check captures it).
    let _ = rustix::io::write(unsafe { rustix::stdio::stdout() }, msg);
}

/// # Safety
///
/// Called once, from `_start`, with the initial stack pointer.
unsafe extern "C" fn entry(sp: *const usize) -> ! {
    // SAFETY: the kernel's initial stack: argc, then argc pointers.
    let (argc, argv) = unsafe { (*sp, sp.add(1).cast::<*const core::ffi::c_char>()) };
    let path = if argc >= 2 {
        // SAFETY: argv[1] is a NUL-terminated string.
        unsafe { CStr::from_ptr(*argv.add(1)) }
    } else {
        say(b"usage: mman-nolibc-demo SCRATCH_FILE\n");
        exit(2)
    };
    match run(path) {
        Ok(()) => {
            say(b"nolibc-demo: all checks passed\n");
            exit(0)
        }
        Err(check) => {
            say(b"nolibc-demo: a check failed\n");
            exit(check)
        }
    }
}

/// Each check has a number, its exit status if it fails.
fn ensure(ok: bool, check: i32) -> Result<(), i32> {
    if ok {
        Ok(())
    } else {
        Err(check)
    }
}

fn run(path: &CStr) -> Result<(), i32> {
    // A scratch file holding DATA.
    let fd = rustix::fs::open(
        path,
        OFlags::CREATE | OFlags::TRUNC | OFlags::RDWR,
        Mode::from(0o600),
    )
    .map_err(|_| 10)?;
    ensure(rustix::io::write(&fd, DATA) == Ok(DATA.len()), 11)?;

    // 1. The file, read-only, over two pages: the slice has the file's
    //    bytes, then zeros to the end of its page, and stops there.
    // SAFETY: the file is this program's own.
    let ro = unsafe { MapOptions::new().len(2 * PAGE).map::<Read>(&fd) }.map_err(|_| 20)?;
    ensure(ro.view_len() == PAGE && ro.len() == 2 * PAGE, 21)?;
    ensure(ro.get(..DATA.len()) == Some(DATA), 22)?;
    ensure(
        ro.get(DATA.len()..)
            .is_some_and(|rest| rest.iter().all(|&b| b == 0)),
        23,
    )?;
    say(b"file mapped read-only: bytes checked, view stops at the end of the file's page\n");

    // 2. The file, shared read-write: a write reaches the file.
    // SAFETY: as above.
    let mut rw = unsafe { MapOptions::new().shared().map::<ReadWrite>(&fd) }.map_err(|_| 30)?;
    ensure(rw.len() == DATA.len(), 31)?;
    *rw.get_mut(20).ok_or(32)? = b'9';
    rw.flush().map_err(|_| 33)?;
    let mut byte = [0u8; 1];
    ensure(
        rustix::io::pread(&fd, &mut byte, 20) == Ok(1) && byte == *b"9",
        34,
    )?;
    ensure(ro.get(20) == Some(&b'9'), 35)?;
    say(b"file mapped shared: the write at byte 20 reached the file\n");
    drop(rw);
    drop(ro);
    let _ = rustix::fs::unlink(path);

    // 3. Anonymous memory: zero-filled, written, sealed read-only, grown.
    let mut anon = MapOptions::new()
        .len(3 * PAGE)
        .map_anon::<ReadWrite>()
        .map_err(|_| 40)?;
    ensure(anon.iter().all(|&b| b == 0), 41)?;
    for (i, b) in anon.iter_mut().enumerate() {
        *b = (i % 251) as u8;
    }
    let mut anon = anon
        .make_read_only()
        .map_err(|_| 42)?
        .make_mut()
        .map_err(|_| 43)?;
    anon.remap(8 * PAGE, true).map_err(|_| 44)?;
    ensure(
        anon.iter()
            .take(3 * PAGE)
            .enumerate()
            .all(|(i, &b)| b == (i % 251) as u8),
        45,
    )?;
    ensure(anon.iter().skip(3 * PAGE).all(|&b| b == 0), 46)?;
    say(b"anonymous memory: written, protected, remapped, bytes checked\n");

    // 4. The mirrored ring buffer: a message across the end of the buffer.
    let mut q = ByteQueue::new(PAGE).map_err(|_| 50)?;
    let (mut tx, mut rx) = q.split();
    let mut sink = [0u8; PAGE];
    ensure(
        tx.push(&[7u8; PAGE - 10]) == PAGE - 10 && rx.pop(&mut sink) == PAGE - 10,
        51,
    )?;
    ensure(tx.push(DATA) == DATA.len(), 52)?;
    // SAFETY: no other process shares the queue.
    ensure(unsafe { rx.read_buf() } == DATA, 53)?;
    say(b"ring buffer: a message across the end read back in one slice\n");
    Ok(())
}
