//! A mirrored ring buffer, and a lock-free single-producer single-consumer
//! byte queue on top of it.
//!
//! [`MirroredBuffer`] maps the same `N` bytes (a memfd) twice, back to
//! back: byte `i` and byte `i + N` are the same memory, so any run of up
//! to `N` bytes starting anywhere in the first copy is contiguous — reads
//! and writes never wrap. It is built without touching memory it does not
//! own: a `PROT_NONE` reservation of `2 * N` bytes is made first, and the
//! two `MAP_FIXED` maps of the memfd land inside it.
//!
//! [`ByteQueue`] keeps its two positions in a shared anonymous page (a
//! [`SharedMmap`]), and its bytes in a `MirroredBuffer` mapped
//! `MAP_SHARED`: it works between threads (through [`ByteQueue::split`])
//! and between a parent and a child of `fork`, one producing and the other
//! consuming. No allocation, no lock: two atomics, with acquire/release
//! ordering, and the bytes copied in and out with atomic byte accesses (see
//! [`ByteQueue`] for what two processes may and may not do).
//!
//! ```
//! let mut q = mman::ring::ByteQueue::new(4096)?;
//! let (mut tx, mut rx) = q.split();
//! assert_eq!(tx.push(b"hello"), 5);
//! let mut out = [0u8; 8];
//! assert_eq!(rx.pop(&mut out), 5);
//! assert_eq!(&out[..5], b"hello");
//! # Ok::<(), mman::Errno>(())
//! ```

use crate::consts::{MMAN_MAP_FIXED, MMAN_MAP_SHARED};
use crate::map::{copy_in, copy_out, Access, MapOptions, Mmap, NoAccess, ReadWrite, SharedMmap};
use crate::{raw, shm, Errno};
use core::ptr::NonNull;
use core::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use rustix::fd::AsRawFd;

/// `N` bytes mapped twice, back to back: `[0, N)` and `[N, 2N)` are the
/// same memory.
///
/// The pages are a memfd whose descriptor is closed once they are mapped:
/// no other process can reach them, except a child of `fork` (which
/// copies the mapping, `MAP_SHARED`) and a process allowed to open this
/// one's `/proc/PID/map_files/` (as it may write `/proc/PID/mem`: see the
/// README). `fork` is `unsafe`, and a caller who lets both processes use a
/// `MirroredBuffer` at once breaks its promise; a [`ByteQueue`] is the way
/// to use one from two processes.
///
/// Safe code copies in and out with [`write_at`](Self::write_at) and
/// [`read_at`](Self::read_at), which wrap at `N` and reach every byte
/// through the first copy. The contiguous windows across the end,
/// [`slice`](Self::slice) and [`slice_mut`](Self::slice_mut), reach bytes
/// through the second copy too, which the compiler takes for other
/// memory: they are `unsafe`.
///
/// ```
/// let mut b = mman::ring::MirroredBuffer::new(4096)?;
/// // A write that runs over the end of the first copy...
/// b.write_at(4094, b"wrap")?;
/// // ...lands at the start too.
/// let mut out = [0u8; 2];
/// b.read_at(0, &mut out)?;
/// assert_eq!(&out, b"ap");
/// // The mirror: one slice across the end.
/// // SAFETY: bytes 4094..4098 are read only at these addresses.
/// assert_eq!(unsafe { b.slice(4094, 4) }.unwrap(), b"wrap");
/// # Ok::<(), mman::Errno>(())
/// ```
#[derive(Debug)]
pub struct MirroredBuffer {
    base: NonNull<u8>,
    len: usize,
}

// SAFETY: it owns its pages; shared access reads only.
unsafe impl Send for MirroredBuffer {}
// SAFETY: as above.
unsafe impl Sync for MirroredBuffer {}

impl MirroredBuffer {
    /// Maps `len` bytes twice; `len` must be a non-zero multiple of the
    /// page size (else `EINVAL`).
    ///
    /// # Errors
    ///
    /// `EINVAL` as above; `ENOMEM`, `EMFILE`, … from `memfd_create`,
    /// `ftruncate` and `mmap`.
    ///
    /// ```
    /// assert_eq!(mman::ring::MirroredBuffer::new(100).unwrap_err(), mman::Errno::INVAL);
    /// let b = mman::ring::MirroredBuffer::new(8192)?;
    /// assert_eq!(b.len(), 8192);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub fn new(len: usize) -> Result<Self, Errno> {
        let page = raw::page_size();
        if len == 0 || len.checked_rem(page) != Some(0) {
            return Err(Errno::INVAL);
        }
        let twice = len.checked_mul(2).ok_or(Errno::NOMEM)?;
        let fd = shm::memfd(c"mman-ring", 0)?;
        shm::set_len(&fd, len as u64)?;
        // Reserve the whole range first: the fixed maps replace only it.
        let reserve: Mmap<NoAccess> = MapOptions::new().len(twice).map_anon()?;
        let base = reserve.as_mut_ptr();
        for copy in [base, base.wrapping_add(len)] {
            // SAFETY: `[copy, copy + len)` lies inside our own reservation,
            // which nothing uses. On error `reserve` unmaps all of it.
            let p = unsafe {
                raw::mmap(
                    copy.cast(),
                    len,
                    ReadWrite::PROT,
                    MMAN_MAP_SHARED | MMAN_MAP_FIXED,
                    fd.as_raw_fd(),
                    0,
                )
            }?;
            if p != copy.cast() {
                return Err(Errno::NOMEM);
            }
        }
        // The memfd lives on in the two mappings; its descriptor closes here.
        let (base, _) = reserve.into_raw();
        // A mapping never starts at null (`MapOptions` undoes one that does).
        let base = NonNull::new(base).ok_or(Errno::NOMEM)?;
        Ok(MirroredBuffer { base, len })
    }

    /// `N`, the length of one copy.
    ///
    /// ```
    /// assert_eq!(mman::ring::MirroredBuffer::new(4096)?.len(), 4096);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub fn len(&self) -> usize {
        self.len
    }

    /// Always `false`: a buffer has at least a page.
    ///
    /// ```
    /// assert!(!mman::ring::MirroredBuffer::new(4096)?.is_empty());
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The start of the first copy; `2 * len()` bytes are mapped from it,
    /// byte `i + len()` being byte `i`.
    ///
    /// ```
    /// let b = mman::ring::MirroredBuffer::new(4096)?;
    /// unsafe { b.as_ptr().write(7) };
    /// assert_eq!(unsafe { b.as_ptr().add(4096).read() }, 7);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub fn as_ptr(&self) -> *mut u8 {
        self.base.as_ptr()
    }

    /// Copies `out.len()` bytes from index `start` into `out`: byte
    /// `start + k` for `start + k < N`, then byte `start + k - N` (as the
    /// mirror holds them). It reaches each byte through the first copy, at
    /// one address, so safe code never meets the mirror's aliasing (see
    /// [`slice`](Self::slice)).
    ///
    /// # Errors
    ///
    /// `EINVAL` unless `start < N` and `out.len() <= N`.
    ///
    /// ```
    /// let mut b = mman::ring::MirroredBuffer::new(4096)?;
    /// b.write_at(4094, b"wrap")?;
    /// let mut out = [0u8; 4];
    /// b.read_at(4094, &mut out)?;
    /// assert_eq!(&out, b"wrap");
    /// b.read_at(0, &mut out[..2])?;
    /// assert_eq!(&out[..2], b"ap");
    /// assert_eq!(b.read_at(4096, &mut out).unwrap_err(), mman::Errno::INVAL);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub fn read_at(&self, start: usize, out: &mut [u8]) -> Result<(), Errno> {
        let run = self.first_run(start, out.len())?;
        let (before, after) = out.split_at_mut_checked(run).ok_or(Errno::INVAL)?;
        // SAFETY: `[start, N)` and `[0, N)` are in the first copy (see
        // `first_run`); `&self` shuts out writers.
        unsafe {
            before.copy_from_slice(self.in_first_copy(start, before.len()));
            after.copy_from_slice(self.in_first_copy(0, after.len()));
        }
        Ok(())
    }

    /// Copies `data` to index `start`, running on at index 0 past the end
    /// of the first copy, as [`read_at`](Self::read_at) reads.
    ///
    /// # Errors
    ///
    /// `EINVAL` unless `start < N` and `data.len() <= N`.
    ///
    /// ```
    /// let mut b = mman::ring::MirroredBuffer::new(4096)?;
    /// b.write_at(4095, b"ab")?;
    /// let mut out = [0u8; 1];
    /// b.read_at(0, &mut out)?;
    /// assert_eq!(&out, b"b");
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub fn write_at(&mut self, start: usize, data: &[u8]) -> Result<(), Errno> {
        let run = self.first_run(start, data.len())?;
        let (before, after) = data.split_at_checked(run).ok_or(Errno::INVAL)?;
        // SAFETY: as in `read_at`; `&mut self` makes the writes exclusive.
        unsafe {
            self.in_first_copy_mut(start, before.len())
                .copy_from_slice(before);
            self.in_first_copy_mut(0, after.len())
                .copy_from_slice(after);
        }
        Ok(())
    }

    /// How many of `len` bytes from index `start` lie before the end of the
    /// first copy, when `start < N` and `len <= N` (else `EINVAL`).
    fn first_run(&self, start: usize, len: usize) -> Result<usize, Errno> {
        if start >= self.len || len > self.len {
            return Err(Errno::INVAL);
        }
        // `start < N`: no wrap.
        Ok(len.min(self.len.wrapping_sub(start)))
    }

    /// `len` bytes from index `start` of the first copy.
    ///
    /// # Safety
    ///
    /// `start + len <= N`; no `&mut` over these bytes is live.
    unsafe fn in_first_copy(&self, start: usize, len: usize) -> &[u8] {
        // SAFETY: the caller's; mapped, as `start + len <= N`.
        unsafe { core::slice::from_raw_parts(self.as_ptr().wrapping_add(start), len) }
    }

    /// [`in_first_copy`](Self::in_first_copy), mutable.
    ///
    /// # Safety
    ///
    /// `start + len <= N`.
    unsafe fn in_first_copy_mut(&mut self, start: usize, len: usize) -> &mut [u8] {
        // SAFETY: the caller's; `&mut self` makes the slice exclusive.
        unsafe { core::slice::from_raw_parts_mut(self.as_ptr().wrapping_add(start), len) }
    }

    /// The `len` bytes from `start`, when `start < N` and `len <= N` (a
    /// window that never meets itself); `None` otherwise. Past the end of
    /// the first copy the window runs on in the second: that is the
    /// mirror's point, and why this is `unsafe`.
    ///
    /// # Safety
    ///
    /// Rust does not know that byte `i + N` is byte `i`: it takes them for
    /// different memory, and may keep a value it wrote or read at one
    /// address and use it for a later access at the same address, across
    /// a write at the other (a release build did: `slice_mut(0, 1)[0] = 1`,
    /// `slice_mut(N - 1, 2)[1] = 2`, then `slice(0, 1)[0]` read 1). So no
    /// byte this window reaches through one copy may be written through the
    /// other copy between two accesses that the compiler can relate, nor
    /// the other way round. The caller makes sure of one of these:
    ///
    /// - each byte is reached at one address only (through these slices,
    ///   [`as_ptr`](Self::as_ptr), and [`read_at`](Self::read_at) and
    ///   [`write_at`](Self::write_at), which use the first copy), or
    /// - between a write of a byte at one address and the next access at
    ///   the other, something happens that the compiler must assume may
    ///   change the byte: a call it cannot see into (a system call, an
    ///   `extern` function not built with the program: with LTO, a Rust
    ///   function of another crate is no such call) given a pointer into
    ///   the buffer, or an `Acquire` load that may synchronise with
    ///   another thread that wrote the byte.
    ///
    /// ```
    /// let mut b = mman::ring::MirroredBuffer::new(4096)?;
    /// // SAFETY: each byte is reached at one address: 4094..4098.
    /// unsafe { b.slice_mut(4094, 4).unwrap().copy_from_slice(b"wrap") };
    /// assert_eq!(unsafe { b.slice(4094, 4) }.unwrap(), b"wrap");
    /// assert!(unsafe { b.slice(4000, 4097) }.is_none());
    /// # Ok::<(), mman::Errno>(())
    /// ```
    ///
    /// ```compile_fail,E0133
    /// let b = mman::ring::MirroredBuffer::new(4096)?;
    /// let s: &[u8] = b.slice(4095, 2).unwrap();
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub unsafe fn slice(&self, start: usize, len: usize) -> Option<&[u8]> {
        if start >= self.len || len > self.len {
            return None;
        }
        // SAFETY: `start + len < 2N` bytes are mapped; a window of at most N
        // bytes holds each byte of memory once; `&self` shuts out writers
        // through `&mut self`; the caller keeps the two copies apart.
        Some(unsafe { core::slice::from_raw_parts(self.as_ptr().wrapping_add(start), len) })
    }

    /// [`slice`](Self::slice), mutable.
    ///
    /// # Safety
    ///
    /// As for [`slice`](Self::slice).
    ///
    /// ```compile_fail,E0133
    /// let mut b = mman::ring::MirroredBuffer::new(4096)?;
    /// b.slice_mut(4095, 2).unwrap()[1] = 2;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub unsafe fn slice_mut(&mut self, start: usize, len: usize) -> Option<&mut [u8]> {
        if start >= self.len || len > self.len {
            return None;
        }
        // SAFETY: as in `slice`; `&mut self` makes it exclusive.
        Some(unsafe { core::slice::from_raw_parts_mut(self.as_ptr().wrapping_add(start), len) })
    }
}

impl Drop for MirroredBuffer {
    fn drop(&mut self) {
        // SAFETY: both copies are ours; `len * 2` was checked at creation.
        let _ = unsafe { raw::munmap(self.base.as_ptr().cast(), self.len.wrapping_mul(2)) };
    }
}

/// Where the two positions live in the shared header page: on separate
/// cache lines, so the producer and the consumer do not contend.
const HEAD_OFFSET: usize = 0;
const TAIL_OFFSET: usize = 128;

/// How often [`ByteQueue::len`] reads the positions again when the head
/// moved under it.
const SNAPSHOT_TRIES: usize = 8;

/// A lock-free single-producer single-consumer queue of bytes, over a
/// [`MirroredBuffer`], shareable between threads and across `fork`.
///
/// Positions are free-running counters (wrapping); the capacity is a power
/// of two, so a position's index is its low bits. The producer writes bytes
/// then publishes the tail (release); the consumer reads the tail (acquire),
/// reads the bytes, then publishes the head (release), which the producer
/// reads (acquire) before reusing the space.
///
/// [`Producer::push`] and [`Consumer::pop`] reach each byte with one
/// relaxed atomic byte access, through the first copy of the mirror only
/// (a copy that runs over the end is made in two runs), and touch no byte
/// but their own: `push` none outside the free space it fills, `pop` none
/// outside the queued bytes it takes. So they never meet the other end's
/// `unsafe` slices ([`Producer::write_buf`], [`Consumer::read_buf`]),
/// which are the only accesses through the second copy. The compiler
/// carries no byte's value from one of these operations to another
/// across the two addresses: each starts with an acquire load of a
/// position in shared memory, after which it must assume that another
/// thread wrote any byte.
///
/// # Between processes
///
/// Create the queue, `fork`, then use only a [`Producer`] in one process
/// and only a [`Consumer`] in the other (each process has its own copy of
/// the `ByteQueue`, over the same pages). What two processes may and may
/// not do:
///
/// - **May**, with only safe calls: anything. [`Producer::push`] and
///   [`Consumer::pop`] copy the bytes in and out with atomic byte
///   accesses and every position is an atomic, so no access of one
///   process can race with a reference of the other, and all accesses to
///   a byte have the same size (the memory model lets atomic accesses
///   race only then): memory stays safe whatever the processes do,
///   including both using the same end.
/// - **Should not**, for the bytes to arrive: use the same end from both
///   processes. `fork` copies the pair, and nothing stops it; two
///   producers (or two consumers) then race on the positions and the
///   bytes: bytes are lost, repeated or mixed, and the positions may end
///   more than the capacity apart (a head past the tail, a tail more than
///   the capacity ahead). The queue then stops: [`Producer::free`],
///   [`Consumer::available`] and [`ByteQueue::len`] all say 0, and every
///   window is cut to the capacity, so nothing reaches past the mapping.
/// - **May not**, with the `unsafe` slices: call [`Producer::write_buf`]
///   or [`Consumer::read_buf`] while another process uses the same end,
///   for their `&mut [u8]`/`&[u8]` would then alias bytes that process
///   writes.
///
/// ```
/// use std::time::{Duration, Instant};
///
/// let mut q = mman::ring::ByteQueue::new(4096)?;
/// let (mut tx, mut rx) = q.split();
/// // While the other side is behind: yield, and fail after a minute
/// // without progress (its thread died) instead of spinning forever.
/// let wait = |since: Instant| {
///     assert!(since.elapsed() < Duration::from_secs(60), "the peer stalled");
///     std::thread::yield_now();
/// };
/// std::thread::scope(|s| {
///     s.spawn(move || {
///         for i in 0..100_000u32 {
///             let since = Instant::now();
///             while tx.push(&i.to_le_bytes()) == 0 {
///                 wait(since);
///             }
///         }
///     });
///     let mut word = [0u8; 4];
///     for i in 0..100_000u32 {
///         let (mut got, since) = (0, Instant::now());
///         while got < 4 {
///             match rx.pop(&mut word[got..]) {
///                 0 => wait(since),
///                 n => got += n,
///             }
///         }
///         assert_eq!(u32::from_le_bytes(word), i);
///     }
/// });
/// # Ok::<(), mman::Errno>(())
/// ```
#[derive(Debug)]
pub struct ByteQueue {
    header: SharedMmap,
    buf: MirroredBuffer,
}

impl ByteQueue {
    /// A queue of at least `capacity` bytes: rounded up to a power of two
    /// and to at least a page.
    ///
    /// # Errors
    ///
    /// `EINVAL` for a capacity of 0; those of [`MirroredBuffer::new`].
    ///
    /// ```
    /// let q = mman::ring::ByteQueue::new(5000)?;
    /// assert_eq!(q.capacity(), 8192);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub fn new(capacity: usize) -> Result<Self, Errno> {
        if capacity == 0 {
            return Err(Errno::INVAL);
        }
        let len = capacity
            .max(raw::page_size())
            .checked_next_power_of_two()
            .ok_or(Errno::NOMEM)?;
        let header = shm::shared_anon(raw::page_size())?;
        let buf = MirroredBuffer::new(len)?;
        Ok(ByteQueue { header, buf })
    }

    /// The most bytes the queue holds.
    ///
    /// ```
    /// assert_eq!(mman::ring::ByteQueue::new(4096)?.capacity(), 4096);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub fn capacity(&self) -> usize {
        self.buf.len()
    }

    /// The bytes queued now (a snapshot, as the other side moves on).
    ///
    /// ```
    /// let mut q = mman::ring::ByteQueue::new(4096)?;
    /// q.split().0.push(b"abc");
    /// assert_eq!(q.len(), 3);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    ///
    /// Positions no lone producer and consumer make (see [the type's
    /// docs](Self#between-processes)) read as 0, as in
    /// [`Consumer::available`] and [`Producer::free`].
    pub fn len(&self) -> usize {
        // A snapshot: the head as it was when the tail was read, which a
        // lone producer keeps at most the capacity behind. Should the
        // consumer move on between the loads every time, the last tail and
        // the head before it count, cut to the capacity.
        let mut head = self.head().load(Ordering::Acquire);
        for _ in 0..SNAPSHOT_TRIES {
            let tail = self.tail().load(Ordering::Acquire);
            let again = self.head().load(Ordering::Acquire);
            if again == head {
                return self.used(head, tail).unwrap_or(0);
            }
            head = again;
        }
        let tail = self.tail().load(Ordering::Acquire);
        tail.wrapping_sub(head).min(self.capacity())
    }

    /// Whether no byte is queued now.
    ///
    /// ```
    /// assert!(mman::ring::ByteQueue::new(4096)?.is_empty());
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The producer and the consumer; `&mut self` makes them the only pair
    /// in this process. Each can move to another thread.
    ///
    /// ```
    /// let mut q = mman::ring::ByteQueue::new(4096)?;
    /// let (tx, rx) = q.split();
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub fn split(&mut self) -> (Producer<'_>, Consumer<'_>) {
        let q: &ByteQueue = self;
        (Producer { q, lent: 0 }, Consumer { q })
    }

    /// The shared positions (head, tail): for tests that give them values
    /// no single producer and consumer make, as racing processes can
    /// (`tests/soundness.rs`). Not part of the API.
    #[doc(hidden)]
    pub fn positions_for_tests(&self) -> (&AtomicUsize, &AtomicUsize) {
        (self.head(), self.tail())
    }

    fn atomic(&self, offset: usize) -> &AtomicUsize {
        // SAFETY: the header page is mapped read-write for as long as
        // `self`, page-aligned (so `offset`, a multiple of 128 below 4096,
        // is aligned for `AtomicUsize`), zero-filled at creation, and only
        // ever accessed atomically, as `AtomicUsize` (the header is private
        // to the queue: no access of another size).
        unsafe {
            &*self
                .header
                .as_ptr()
                .wrapping_add(offset)
                .cast::<AtomicUsize>()
        }
    }

    /// The `len` bytes from index `start` on, wrapping at `N`, as atomics,
    /// in two runs through the first copy: `[start, start + k)` and `[0,
    /// len - k)`; `None` unless `start < N` and `len <= N`. Copies in and
    /// out of them ([`copy_in`], [`copy_out`]) are one relaxed atomic
    /// access per byte.
    ///
    /// # Safety
    ///
    /// The bytes are this end's: the producer's free space for the
    /// producer, the queued bytes for the consumer, and so under no slice
    /// the other end's `unsafe` calls lent.
    unsafe fn runs(&self, start: usize, len: usize) -> Option<[&[AtomicU8]; 2]> {
        let k = self.buf.first_run(start, len).ok()?;
        let base = self.buf.as_ptr().cast::<AtomicU8>();
        // SAFETY: `AtomicU8` has the layout of `u8`; `[start, start + k)`
        // and `[0, len - k)` (`k <= len`) lie in the first copy, mapped
        // read-write for as long as `self`; every access of this process to
        // them is atomic and a byte wide (the caller's: no slice covers
        // them), and another process's writes are, to them, another
        // thread's.
        Some(unsafe {
            [
                core::slice::from_raw_parts(base.wrapping_add(start), k),
                core::slice::from_raw_parts(base, len.wrapping_sub(k)),
            ]
        })
    }

    /// Copies `data` to the bytes from index `start` on (see
    /// [`runs`](Self::runs)); `false`, copying nothing, for a window that
    /// is not `start < N`, `data.len() <= N`.
    ///
    /// # Safety
    ///
    /// As for [`runs`](Self::runs): the bytes are the producer's.
    unsafe fn store(&self, start: usize, data: &[u8]) -> bool {
        // SAFETY: the caller's.
        let Some([a, b]) = (unsafe { self.runs(start, data.len()) }) else {
            return false;
        };
        let Some((x, y)) = data.split_at_checked(a.len()) else {
            return false;
        };
        copy_in(x, a);
        copy_in(y, b);
        true
    }

    /// Fills `out` from the bytes from index `start` on, as
    /// [`store`](Self::store) writes them.
    ///
    /// # Safety
    ///
    /// As for [`runs`](Self::runs): the bytes are the consumer's.
    unsafe fn load(&self, start: usize, out: &mut [u8]) -> bool {
        // SAFETY: the caller's.
        let Some([a, b]) = (unsafe { self.runs(start, out.len()) }) else {
            return false;
        };
        let Some((x, y)) = out.split_at_mut_checked(a.len()) else {
            return false;
        };
        copy_out(a, x);
        copy_out(b, y);
        true
    }

    /// The consumer's position.
    fn head(&self) -> &AtomicUsize {
        self.atomic(HEAD_OFFSET)
    }

    /// The producer's position.
    fn tail(&self) -> &AtomicUsize {
        self.atomic(TAIL_OFFSET)
    }

    /// The bytes between `head` and `tail`, or `None` when that is more
    /// than the capacity: counters no single producer and single consumer
    /// can make (two consumers or two producers racing, as when a `fork`
    /// copies a pair both sides then use). Both ends then see nothing to
    /// do (no free space, no queued byte) rather than a window longer than
    /// `N` or past the `2 * N` bytes mapped.
    fn used(&self, head: usize, tail: usize) -> Option<usize> {
        let used = tail.wrapping_sub(head);
        if used > self.capacity() {
            None
        } else {
            Some(used)
        }
    }

    /// The index of a position in the first copy.
    fn index(&self, pos: usize) -> usize {
        pos & self.buf.len().wrapping_sub(1)
    }
}

/// The writing end of a [`ByteQueue`].
///
/// ```
/// let mut q = mman::ring::ByteQueue::new(4096)?;
/// let (mut tx, _rx) = q.split();
/// assert_eq!(tx.push(&[1u8; 5000]), 4096); // full
/// assert_eq!(tx.free(), 0);
/// # Ok::<(), mman::Errno>(())
/// ```
#[derive(Debug)]
pub struct Producer<'a> {
    q: &'a ByteQueue,
    /// Bytes from the tail that the last [`Producer::write_buf`] lent and
    /// that are not committed yet: the most `commit` may publish.
    lent: usize,
}

impl Producer<'_> {
    /// The bytes that can be written now, at most the capacity (0 when
    /// the positions are corrupt: see [`ByteQueue`]).
    ///
    /// ```
    /// let mut q = mman::ring::ByteQueue::new(4096)?;
    /// assert_eq!(q.split().0.free(), 4096);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub fn free(&self) -> usize {
        let head = self.q.head().load(Ordering::Acquire);
        let tail = self.q.tail().load(Ordering::Relaxed);
        match self.q.used(head, tail) {
            // `used <= capacity`: no wrap.
            Some(used) => self.q.capacity().wrapping_sub(used),
            None => 0,
        }
    }

    /// The free space as one contiguous slice (it never wraps, thanks to
    /// the mirror): fill a prefix, then [`commit`](Self::commit) it.
    ///
    /// # Safety
    ///
    /// No other process may produce into the queue while the slice lives
    /// (see [`ByteQueue`]): a producer in the other process of a `fork`
    /// that copied this end would write the same bytes. (In this process,
    /// `&mut self` and [`ByteQueue::split`] already make it the only one.)
    ///
    /// ```
    /// let mut q = mman::ring::ByteQueue::new(4096)?;
    /// let (mut tx, mut rx) = q.split();
    /// // SAFETY: no other process shares the queue.
    /// let space = unsafe { tx.write_buf() };
    /// space[..3].copy_from_slice(b"xyz");
    /// tx.commit(3);
    /// let mut out = [0u8; 3];
    /// assert_eq!(rx.pop(&mut out), 3);
    /// assert_eq!(&out, b"xyz");
    /// # Ok::<(), mman::Errno>(())
    /// ```
    ///
    /// ```compile_fail,E0133
    /// let mut q = mman::ring::ByteQueue::new(4096)?;
    /// let (mut tx, _rx) = q.split();
    /// tx.write_buf()[0] = 1;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub unsafe fn write_buf(&mut self) -> &mut [u8] {
        let free = self.free();
        let start = self.q.index(self.q.tail().load(Ordering::Relaxed));
        self.lent = free;
        // SAFETY: `start < N` and `free <= N` (`free` never exceeds the
        // capacity, whatever the counters hold): mapped, and a window that
        // holds each byte once. These bytes are outside `[head, tail)`, so
        // the consumer does not read them until they are committed; the
        // only producer in this process is `&mut self`, and the caller
        // promises there is none in another.
        unsafe { core::slice::from_raw_parts_mut(self.q.buf.as_ptr().wrapping_add(start), free) }
    }

    /// Publishes the first `n` bytes of the last
    /// [`write_buf`](Self::write_buf): at most what it lent and no one
    /// committed yet (more is cut to it, so no byte outside the window it
    /// lent is published), and at most [`free`](Self::free) (so the tail
    /// never passes `head + capacity`). Bytes of the window the caller did
    /// not write are published as the buffer holds them: zeros, or bytes
    /// of an earlier round.
    ///
    /// ```
    /// let mut q = mman::ring::ByteQueue::new(4096)?;
    /// let (mut tx, rx) = q.split();
    /// tx.commit(1); // nothing lent: nothing published
    /// assert_eq!(rx.available(), 0);
    /// // SAFETY: no other process shares the queue.
    /// unsafe { tx.write_buf()[0] = 1 };
    /// tx.commit(1);
    /// assert_eq!(rx.available(), 1);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub fn commit(&mut self, n: usize) {
        let n = n.min(self.lent);
        self.lent = self.lent.wrapping_sub(n);
        self.publish(n);
    }

    /// Moves the tail on by `n` bytes, cut to [`free`](Self::free).
    fn publish(&mut self, n: usize) {
        let n = n.min(self.free());
        let tail = self.q.tail().load(Ordering::Relaxed);
        self.q.tail().store(tail.wrapping_add(n), Ordering::Release);
    }

    /// Copies as much of `data` as fits, with atomic byte stores; returns
    /// how much did.
    ///
    /// ```
    /// let mut q = mman::ring::ByteQueue::new(4096)?;
    /// assert_eq!(q.split().0.push(b"abc"), 3);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub fn push(&mut self, data: &[u8]) -> usize {
        let free = self.free();
        let start = self.q.index(self.q.tail().load(Ordering::Relaxed));
        let n = data.len().min(free);
        // SAFETY: `[tail, tail + n)` is free space, the producer's; the only
        // producer in this process is `&mut self`.
        if !data
            .get(..n)
            .is_some_and(|from| unsafe { self.q.store(start, from) })
        {
            return 0;
        }
        // What `write_buf` lent from the old tail now starts `n` later.
        self.lent = self.lent.saturating_sub(n);
        self.publish(n);
        n
    }
}

/// The reading end of a [`ByteQueue`].
///
/// ```
/// let mut q = mman::ring::ByteQueue::new(4096)?;
/// let (_tx, mut rx) = q.split();
/// assert_eq!(rx.pop(&mut [0u8; 10]), 0); // empty
/// # Ok::<(), mman::Errno>(())
/// ```
#[derive(Debug)]
pub struct Consumer<'a> {
    q: &'a ByteQueue,
}

impl Consumer<'_> {
    /// The bytes that can be read now, at most the capacity (0 when the
    /// positions are corrupt: see [`ByteQueue`]).
    ///
    /// ```
    /// let mut q = mman::ring::ByteQueue::new(4096)?;
    /// let (mut tx, rx) = q.split();
    /// tx.push(b"ab");
    /// assert_eq!(rx.available(), 2);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub fn available(&self) -> usize {
        let tail = self.q.tail().load(Ordering::Acquire);
        let head = self.q.head().load(Ordering::Relaxed);
        self.q.used(head, tail).unwrap_or(0)
    }

    /// The queued bytes as one contiguous slice (it never wraps): read a
    /// prefix, then [`consume`](Self::consume) it.
    ///
    /// # Safety
    ///
    /// No other process may produce into or consume from the queue in a way
    /// that writes these bytes while the slice lives: there is at most one
    /// producer, in any process (see [`ByteQueue`]). (A second producer in
    /// the other process of a `fork` could write bytes that the slice
    /// covers.)
    ///
    /// ```
    /// let mut q = mman::ring::ByteQueue::new(4096)?;
    /// let (mut tx, mut rx) = q.split();
    /// tx.push(b"hello");
    /// // SAFETY: no other process shares the queue.
    /// assert_eq!(unsafe { rx.read_buf() }, b"hello");
    /// rx.consume(2);
    /// assert_eq!(unsafe { rx.read_buf() }, b"llo");
    /// # Ok::<(), mman::Errno>(())
    /// ```
    ///
    /// ```compile_fail,E0133
    /// let mut q = mman::ring::ByteQueue::new(4096)?;
    /// let (_tx, rx) = q.split();
    /// let data: &[u8] = rx.read_buf();
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub unsafe fn read_buf(&self) -> &[u8] {
        let avail = self.available();
        let start = self.q.index(self.q.head().load(Ordering::Relaxed));
        // SAFETY: `start < N`, `avail <= N` (`available` never exceeds the
        // capacity, whatever the counters hold); the bytes are in `[head,
        // tail)`, published by the producer (acquire on the tail above), and
        // it writes no byte there until the head moves past them, which only
        // `consume` (`&mut self`, so after this borrow ends) does; the
        // caller promises that no other producer exists.
        unsafe { core::slice::from_raw_parts(self.q.buf.as_ptr().wrapping_add(start), avail) }
    }

    /// Releases the first `n` bytes of [`read_buf`](Self::read_buf) (at
    /// most [`available`](Self::available), the length of `read_buf`; more
    /// is cut to it, so the head never passes the tail).
    ///
    /// ```
    /// let mut q = mman::ring::ByteQueue::new(4096)?;
    /// let (mut tx, mut rx) = q.split();
    /// tx.push(b"ab");
    /// rx.consume(10);
    /// assert_eq!(rx.available(), 0);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub fn consume(&mut self, n: usize) {
        let n = n.min(self.available());
        let head = self.q.head().load(Ordering::Relaxed);
        self.q.head().store(head.wrapping_add(n), Ordering::Release);
    }

    /// Copies up to `out.len()` queued bytes into `out`, with atomic byte
    /// loads; returns how many.
    ///
    /// ```
    /// let mut q = mman::ring::ByteQueue::new(4096)?;
    /// let (mut tx, mut rx) = q.split();
    /// tx.push(b"abc");
    /// let mut out = [0u8; 2];
    /// assert_eq!(rx.pop(&mut out), 2);
    /// assert_eq!(&out, b"ab");
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub fn pop(&mut self, out: &mut [u8]) -> usize {
        let avail = self.available();
        let start = self.q.index(self.q.head().load(Ordering::Relaxed));
        let n = out.len().min(avail);
        // SAFETY: `[head, head + n)` is queued, the consumer's; the only
        // consumer in this process is `&mut self`.
        if !out
            .get_mut(..n)
            .is_some_and(|to| unsafe { self.q.load(start, to) })
        {
            return 0;
        }
        self.consume(n);
        n
    }
}
