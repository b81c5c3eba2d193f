//! [`MapOptions`]: the builder of mappings.

use super::{procfs, round_up, stack, Access, MapFd, Mmap, MmapRaw, Read, ReadExec, ReadWrite};
use crate::consts::*;
use crate::{off64_t, raw, Errno};
use core::ffi::{c_int, c_void};
use core::ptr::NonNull;
use linux_raw_sys::general::HUGETLBFS_MAGIC;
use rustix::fd::{AsFd, AsRawFd, BorrowedFd};

/// What a setter of [`MapOptions`] says when its result is dropped.
macro_rules! setter {
    () => {
        "MapOptions setters return the changed options and leave `self` as it was: \
         write `opts = opts.offset(..)`, or chain them"
    };
}

/// The smallest huge page shift [`MapOptions::huge_pages`] takes: 4 KiB.
const HUGE_SHIFT_MIN: u8 = 12;
/// The largest: what the 6 bits of `MAP_HUGE_SHIFT` hold.
const HUGE_SHIFT_MAX: u8 = 63;

/// How to map: length, offset, sharing, and the other `mmap` flags.
///
/// As memmap2's `MmapOptions`: set what you need, then call
/// [`map_anon`](Self::map_anon) or one of the file mappings, named as in
/// memmap2: (`unsafe`) [`map`](Self::map) (any rights, `map::<Read>`),
/// [`map_mut`](Self::map_mut) (read-write), [`map_exec`](Self::map_exec),
/// [`map_copy`](Self::map_copy), [`map_copy_read_only`](Self::map_copy_read_only),
/// and the safe [`map_raw`](Self::map_raw),
/// [`map_raw_read_only`](Self::map_raw_read_only) and
/// [`map_sealed`](Self::map_sealed). [`map`](Self::map) takes the access
/// rights as a type parameter.
///
/// # Shared or private: as memmap2
///
/// A file mapping is **shared** (`MAP_SHARED`) unless it says otherwise:
/// writes reach the file, and `flush` writes them back, as with memmap2's
/// `map_mut`. [`map_copy`](Self::map_copy) and
/// [`map_copy_read_only`](Self::map_copy_read_only) are **private**
/// (`MAP_PRIVATE`, copy-on-write: writes reach neither the file nor anyone
/// else). Anonymous memory is private unless [`shared`](Self::shared) is
/// set (it is then shared with the children of `fork`). [`shared`](Self::shared)
/// and [`private`](Self::private) choose explicitly; a choice that
/// contradicts the name of the call (`.private().map_mut(..)`,
/// `.shared().map_copy(..)`) fails with `EINVAL` rather than map the other
/// way.
///
/// # Setters
///
/// The setters take `self` and return the changed options (`const fn`,
/// `Copy`), so they chain; they are `#[must_use]`: memmap2's statement
/// `opts.offset(4096);`, which changes memmap2's options in place, warns
/// here (write `opts = opts.offset(4096);`) instead of silently mapping
/// from offset 0.
///
/// ```compile_fail
/// #![deny(unused_must_use)]
/// let opts = mman::map::MapOptions::new();
/// opts.offset(4096); // error: unused return value that must be used
/// ```
///
/// ```
/// #![deny(unused_must_use)]
/// let opts = mman::map::MapOptions::new();
/// let opts = opts.offset(4096); // what the port writes
/// assert_ne!(opts, mman::map::MapOptions::new());
/// ```
///
/// The other defaults: offset 0, placed by the kernel; a file mapping
/// defaults to the length of the file from the offset, an anonymous one to
/// length 0 (an empty mapping).
///
/// ```
/// use mman::map::{MapOptions, ReadWrite};
///
/// let m = MapOptions::new()
///     .len(1 << 16)
///     .shared()
///     .populate()
///     .no_reserve()
///     .map_anon::<ReadWrite>()?;
/// assert_eq!(m.len(), 1 << 16);
/// # Ok::<(), mman::Errno>(())
/// ```
#[doc(alias = "MmapOptions")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapOptions {
    len: Option<usize>,
    offset: u64,
    /// `MAP_SHARED` or `MAP_PRIVATE` if chosen; else the call decides.
    sharing: Option<c_int>,
    /// `MAP_*` flags other than sharing and the placement ones.
    flags: c_int,
    /// The `addr` argument.
    addr: usize,
    /// The huge page size, under `MAP_HUGETLB`.
    huge: Option<Huge>,
}

/// The huge page size of [`MapOptions::huge_pages`] and [`MapOptions::huge`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Huge {
    /// `1 << shift` bytes.
    Shift(u8),
    /// The system's default (`Hugepagesize` of `/proc/meminfo`).
    Default,
}

impl Default for MapOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl MapOptions {
    /// Offset 0, length to be given (or the file's), sharing as the map
    /// call says (see [above](Self#shared-or-private-as-memmap2)).
    ///
    /// ```
    /// let opts = mman::map::MapOptions::new();
    /// assert_eq!(opts, mman::map::MapOptions::default());
    /// ```
    pub const fn new() -> Self {
        MapOptions {
            len: None,
            offset: 0,
            sharing: None,
            flags: 0,
            addr: 0,
            huge: None,
        }
    }

    /// The length in bytes. For a file, the default is the file's length
    /// from the offset; for anonymous memory, 0. A length of 0 gives an
    /// empty mapping (see [`Mmap::is_empty`]), with no system call, as
    /// memmap2 does.
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(3).map_anon::<mman::map::Read>()?;
    /// assert_eq!(m.len(), 3);
    /// let empty = mman::map::MapOptions::new().len(0).map_anon::<mman::map::Read>()?;
    /// assert_eq!(&empty[..], b"");
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[must_use = setter!()]
    pub const fn len(mut self, len: usize) -> Self {
        self.len = Some(len);
        self
    }

    /// The offset in the file: any offset, as in memmap2. The mapping
    /// starts at the page that holds it (the offset rounded down to the
    /// page size, [`raw::page_size`], or the file system's huge page size
    /// on hugetlbfs), and its pointer, slices and length start at the
    /// offset itself; `flush_range`, `advise_range`, `remap` and
    /// `split_off` count from there too.
    ///
    /// For the file mappings only: anonymous memory has no offset, and
    /// [`map_anon`](Self::map_anon) fails with `EINVAL` for any but 0. (The
    /// kernel takes one for anonymous huge pages and for shared anonymous
    /// memory, and would map the object it makes for them, of the length
    /// mapped, from that offset: past its end, where every touch raises
    /// SIGBUS.)
    ///
    /// ```
    /// use mman::map::{MapOptions, Read};
    /// let path = std::env::temp_dir().join(format!("mman-doc-offset-{}", std::process::id()));
    /// std::fs::write(&path, b"0123456789").unwrap();
    /// let file = std::fs::File::open(&path).unwrap();
    /// // SAFETY: the file is this test's own.
    /// let m = unsafe { MapOptions::new().offset(3).len(4).map::<Read>(&file)? };
    /// assert_eq!(&m[..], b"3456");
    /// # std::fs::remove_file(&path).unwrap();
    /// let e = MapOptions::new().len(1).offset(1).map_anon::<Read>();
    /// assert_eq!(e.unwrap_err(), mman::Errno::INVAL);
    /// let e = MapOptions::new().len(4096).offset(4096).map_anon::<Read>();
    /// assert_eq!(e.unwrap_err(), mman::Errno::INVAL);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[must_use = setter!()]
    pub const fn offset(mut self, offset: u64) -> Self {
        self.offset = offset;
        self
    }

    /// `MAP_SHARED`: writes reach the file, and other processes mapping it
    /// (or, for anonymous memory, the children `fork` makes).
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).shared().map_anon::<mman::map::ReadWrite>()?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[must_use = setter!()]
    pub const fn shared(mut self) -> Self {
        self.sharing = Some(MMAN_MAP_SHARED);
        self
    }

    /// `MAP_PRIVATE` (the default of anonymous memory, of
    /// [`map_copy`](Self::map_copy) and
    /// [`map_copy_read_only`](Self::map_copy_read_only)): copy-on-write;
    /// writes reach neither the file nor anyone else.
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).shared().private().map_anon::<mman::map::ReadWrite>()?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[must_use = setter!()]
    pub const fn private(mut self) -> Self {
        self.sharing = Some(MMAN_MAP_PRIVATE);
        self
    }

    /// `MAP_POPULATE`: fault the pages in now (read-ahead for a file).
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).populate().map_anon::<mman::map::ReadWrite>()?;
    /// assert!(m.residency()?.all_resident());
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[must_use = setter!()]
    pub const fn populate(mut self) -> Self {
        self.flags |= MMAN_MAP_POPULATE;
        self
    }

    /// `MAP_NORESERVE`: reserve no swap space for the mapping.
    ///
    /// With [`huge_pages`](Self::huge_pages) it also skips the reservation
    /// of the huge pages: `mmap` succeeds even when the pool is empty, and
    /// the first touch of a page for which no huge page is free then raises
    /// `SIGBUS`, even through a safe slice index (see [the module
    /// docs](super#sigbus-from-memory-the-kernel-cannot-supply)). Leave it
    /// out to get `ENOMEM` from the map instead.
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(1 << 30).no_reserve().map_anon::<mman::map::ReadWrite>()?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[must_use = setter!()]
    #[doc(alias = "no_reserve_swap")]
    pub const fn no_reserve(mut self) -> Self {
        self.flags |= MMAN_MAP_NORESERVE;
        self
    }

    /// `MAP_HUGETLB` with pages of `1 << shift` bytes (`21` for 2 MiB,
    /// `30` for 1 GiB). The length is rounded up to a whole huge page. The
    /// kernel fails with `ENOMEM` when no such pages are reserved
    /// (`/proc/sys/vm/nr_hugepages`), `EINVAL` for an unsupported size.
    ///
    /// `shift` must lie in `12..=63` (a page of at least 4 KiB, and a size
    /// the 6 bits of `MAP_HUGE_SHIFT` hold); any other, `0` included, makes
    /// the map fail with `EINVAL`. (To the kernel a shift of 0 means "the
    /// default huge page size": that is [`huge(None)`](Self::huge), which
    /// finds out the size, as the mapping must know it to unmap.)
    ///
    /// For [`map_anon`](Self::map_anon) only, in effect: a file on
    /// hugetlbfs is mapped in the file system's pages whatever this says
    /// (the mapping takes their size from `fstatfs`, and maps from the huge
    /// page that holds the offset); any other file fails with `EINVAL`.
    /// Anonymous huge pages take no [`offset`](Self::offset).
    ///
    /// With [`no_reserve`](Self::no_reserve), the huge pages are not
    /// reserved at map time: touching a page when no huge page is free
    /// raises `SIGBUS`, even through a safe slice index (see [the module
    /// docs](super#sigbus-from-memory-the-kernel-cannot-supply)).
    ///
    /// ```
    /// use mman::map::{MapOptions, ReadWrite};
    /// match MapOptions::new().len(1).huge_pages(21).map_anon::<ReadWrite>() {
    ///     Ok(m) => assert_eq!((m.len(), m.page_size()), (2 << 20, 2 << 20)),
    ///     Err(e) => assert!(e == mman::Errno::NOMEM || e == mman::Errno::INVAL),
    /// }
    /// let e = MapOptions::new().len(1).huge_pages(0).map_anon::<ReadWrite>();
    /// assert_eq!(e.unwrap_err(), mman::Errno::INVAL);
    /// ```
    #[must_use = setter!()]
    pub const fn huge_pages(mut self, shift: u8) -> Self {
        self.huge = Some(Huge::Shift(shift));
        self
    }

    /// memmap2's `huge`: `MAP_HUGETLB` with pages of `1 << bits` bytes
    /// ([`huge_pages`](Self::huge_pages)), or with `None` the system's
    /// default huge page size, read from `/proc/meminfo` (`Hugepagesize`)
    /// at map time: the mapping must know its page size to unmap it. The
    /// map fails with `EINVAL` when `/proc` cannot say, and as
    /// [`huge_pages`](Self::huge_pages) does otherwise.
    ///
    /// ```
    /// use mman::map::{MapOptions, ReadWrite};
    /// match MapOptions::new().len(1).huge(None).map_anon::<ReadWrite>() {
    ///     // The default size, whatever it is here: a whole page of it.
    ///     Ok(m) => assert!(m.page_size() > mman::raw::page_size() && m.len() == m.page_size()),
    ///     Err(e) => assert!(e == mman::Errno::NOMEM || e == mman::Errno::INVAL),
    /// }
    /// ```
    #[must_use = setter!()]
    pub const fn huge(mut self, bits: Option<u8>) -> Self {
        self.huge = Some(match bits {
            Some(shift) => Huge::Shift(shift),
            None => Huge::Default,
        });
        self
    }

    /// `MAP_STACK`: memory for a thread's stack, as memmap2's `stack`. (The
    /// kernel takes it as a hint: since Linux 6.7 it keeps transparent huge
    /// pages out of it.)
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(1 << 16).stack().map_anon::<mman::map::ReadWrite>()?;
    /// assert_eq!(m.len(), 1 << 16);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[must_use = setter!()]
    pub const fn stack(mut self) -> Self {
        self.flags |= MMAN_MAP_STACK;
        self
    }

    /// `MAP_LOCKED`: lock the pages in memory, as [`Mmap::lock`] does.
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).locked().map_anon::<mman::map::ReadWrite>()?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[must_use = setter!()]
    pub const fn locked(mut self) -> Self {
        self.flags |= MMAN_MAP_LOCKED;
        self
    }

    /// A placement hint: the kernel maps there if it can, elsewhere if not
    /// (the `addr` argument without `MAP_FIXED`).
    ///
    /// A hint that reaches into the space the main thread's stack may grow
    /// into is not passed on, and the kernel places the mapping: that space
    /// is `RLIMIT_STACK` (as it is at the map), and the default guard gap
    /// of 256 pages, below the stack's start (both read from `/proc/self`;
    /// without `/proc`, no hint is passed on). The kernel itself refuses
    /// only the guard gap, but a mapping lower down would stop the stack
    /// there, and deep recursion would die of SIGSEGV within its limit.
    /// (Raising `RLIMIT_STACK` later lets the stack reach mappings made
    /// before: then it stops at them the same way. A crash, never a
    /// mapping that receives the stack's frames.)
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).hint(0x7000_0000_0000 as *const u8)
    ///     .map_anon::<mman::map::Read>()?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[must_use = setter!()]
    pub fn hint(mut self, addr: *const u8) -> Self {
        self.addr = addr as usize;
        self.flags &= !MMAN_MAP_FIXED_NOREPLACE;
        self
    }

    /// `MAP_FIXED_NOREPLACE`: exactly at `addr` (page-aligned), or fail with
    /// `EEXIST` if anything is mapped in the range. (`addr` is where the
    /// first page goes: with an [`offset`](Self::offset) inside a page,
    /// the mapping's pointer is that far past it.) It never replaces a
    /// mapping, unlike `MAP_FIXED`. (Should a kernel older than 4.17 treat
    /// it as a hint and map elsewhere, the mapping is undone and the error
    /// is `EEXIST` too.)
    ///
    /// # Errors (of the map)
    ///
    /// `EEXIST` when something is mapped in the range; `EPERM` below
    /// `vm.mmap_min_addr` without `CAP_SYS_RAWIO`; and `ENOMEM` for address
    /// 0 (null) even when the kernel allows it (as it does for root): a
    /// [`Mmap`] cannot start at null, so the mapping is undone.
    ///
    /// # Safety
    ///
    /// The kernel checks only that nothing is mapped in the range, not that
    /// nothing will *grow into* it. The caller promises that `[addr, addr +
    /// len)` is not in the way of a region that grows by itself:
    ///
    /// - the main thread's stack, which grows down into the space below the
    ///   `[stack]` mapping, as far as `RLIMIT_STACK`, while a guard gap of
    ///   `stack_guard_gap` (256 pages by default) stays free below it. A
    ///   mapping placed in the gap receives the stack's frames while it
    ///   hands out `&mut [u8]`, and its writes overwrite return addresses;
    ///   one placed below the gap but within the limit stops the stack's
    ///   growth (SIGSEGV on deep recursion), and code that moves the stack
    ///   pointer past the gap in one step (a frame larger than the gap,
    ///   without stack probes) writes into it;
    /// - any other `MAP_GROWSDOWN` mapping and its guard gap;
    /// - the heap, which `brk` grows up from the end of the program's data;
    /// - address space another part of the program reserved (for instance a
    ///   `PROT_NONE` region it means to `MAP_FIXED` over later).
    ///
    /// A [`hint`](Self::hint) is safe: it is passed on only outside the
    /// space the stack may grow into, and the kernel honours it only where a
    /// mapping may go.
    ///
    /// ```
    /// use mman::map::{MapOptions, Read};
    /// let a = MapOptions::new().len(4096).map_anon::<Read>()?;
    /// // SAFETY: the address is `a`'s, which grows into nothing.
    /// let opts = unsafe { MapOptions::new().len(4096).fixed_noreplace(a.as_ptr()) };
    /// assert_eq!(opts.map_anon::<Read>().unwrap_err(), mman::Errno::EXIST);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    ///
    /// Safe code cannot pick the address:
    ///
    /// ```compile_fail,E0133
    /// let below_the_stack = 0x7ffd_0000_0000 as *const u8;
    /// let m = mman::map::MapOptions::new()
    ///     .len(4096)
    ///     .fixed_noreplace(below_the_stack)
    ///     .map_anon::<mman::map::ReadWrite>();
    /// ```
    #[must_use = setter!()]
    pub unsafe fn fixed_noreplace(mut self, addr: *const u8) -> Self {
        self.addr = addr as usize;
        self.flags |= MMAN_MAP_FIXED_NOREPLACE;
        self
    }

    /// Maps anonymous memory (`MAP_ANONYMOUS`, fd -1), zero-filled:
    /// private unless [`shared`](Self::shared) is set.
    ///
    /// With no length, or a length of 0, the mapping is empty (no system
    /// call), as memmap2's.
    ///
    /// # Errors
    ///
    /// `EINVAL` for an [`offset`](Self::offset) other than 0; `ENOMEM` for
    /// a length over `isize::MAX` (the most a slice holds); the kernel's
    /// `ENOMEM`, `EAGAIN` (`MAP_LOCKED` over the limit), `EEXIST`
    /// (`MAP_FIXED_NOREPLACE`).
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::ReadWrite>()?;
    /// assert!(m.iter().all(|&b| b == 0));
    /// assert!(mman::map::MapOptions::new().map_anon::<mman::map::Read>()?.is_empty());
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mmap")]
    pub fn map_anon<A: Access>(&self) -> Result<Mmap<A>, Errno> {
        let len = self.len.unwrap_or(0);
        // The object the kernel makes for shared or huge anonymous memory
        // is `len` bytes from offset 0, and what follows counts on that.
        if self.offset != 0 {
            return Err(Errno::INVAL);
        }
        let huge = self.huge_size()?;
        let unit = huge.map(|(size, _)| size);
        let sharing = self.sharing.unwrap_or(MMAN_MAP_PRIVATE);
        // Private anonymous memory has no object behind it: unlimited.
        // Shared anonymous memory is a shmem object of the length mapped, and
        // anonymous huge pages a hugetlbfs file of it, with nothing past it.
        let own_object = sharing != MMAN_MAP_PRIVATE || unit.is_some();
        let backed = own_object.then_some(len);
        // SAFETY: no MAP_FIXED: nothing existing is replaced.
        unsafe { self.do_map(len, backed, unit, huge, sharing | MMAN_MAP_ANONYMOUS, -1) }
    }

    /// Maps the file (or device) `fd` refers to, with the access rights
    /// `A`, **shared** unless [`private`](Self::private) is set: memmap2's
    /// `map` is `map::<Read>`, its `map_mut` `map::<ReadWrite>` (or
    /// [`map_mut`](Self::map_mut)).
    ///
    /// With no [`len`](Self::len), maps the file from the offset to its
    /// end; a file that ends at the offset gives an empty mapping. The
    /// slices of the result stop at the end of the file's last page as the
    /// file is now (see [`Mmap::view_len`]): the pages past it raise
    /// `SIGBUS` and are reachable only through raw pointers.
    ///
    /// # Errors
    ///
    /// `EINVAL` when the offset lies past the end of the file and no length
    /// is given (as memmap2), or for a device and no length; `ENOMEM` for a
    /// length over `isize::MAX`; `EBADF`, `EACCES` (rights the descriptor's
    /// open mode does not allow, such as a shared writable mapping of a
    /// file opened read-only), `ENODEV`, … from `fstat` and the kernel.
    ///
    /// # Safety
    ///
    /// No one may modify or truncate the file while the mapping lives
    /// (see [the module docs](super#why-mapping-a-file-is-unsafe)): the
    /// bytes under the slices would change, or raise `SIGBUS`.
    ///
    /// For a file that is not a regular file (a device, such as
    /// `/dev/zero` or a driver's memory), nothing here limits the slices:
    /// they span the whole length asked for, as `fstat` gives no end to
    /// stop at. The caller then also promises that every byte of
    /// `[offset, offset + len)` is memory the device lets the process read
    /// (and write, for a writable mapping) without a signal and without
    /// side effects, and that its bytes change only as the first paragraph
    /// allows — a device whose registers change on their own or on being
    /// read must be reached through the raw pointers only
    /// ([`map_raw`](Self::map_raw)).
    ///
    /// ```
    /// use mman::map::{MapOptions, Read};
    /// let path = std::env::temp_dir().join(format!("mman-doc-map-{}", std::process::id()));
    /// std::fs::write(&path, b"hello, mapping").unwrap();
    /// let file = std::fs::File::open(&path).unwrap();
    /// // SAFETY: the file is this test's own.
    /// let m = unsafe { MapOptions::new().map::<Read>(&file)? };
    /// assert_eq!(&m[..], b"hello, mapping");
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mmap")]
    pub unsafe fn map<A: Access>(&self, fd: impl MapFd) -> Result<Mmap<A>, Errno> {
        let fd = fd.map_fd()?;
        // SAFETY: the caller's.
        unsafe { self.map_file(fd) }
    }

    /// Maps the file read-write and **shared**, as memmap2's `map_mut`:
    /// writes reach the file ([`Mmap::flush`] waits for them to be
    /// written back). The file must be open for reading and writing (else
    /// `EACCES`).
    ///
    /// # Errors
    ///
    /// `EINVAL` after [`private`](Self::private) (use
    /// [`map_copy`](Self::map_copy)); as [`map`](Self::map).
    ///
    /// # Safety
    ///
    /// As for [`map`](Self::map).
    ///
    /// ```
    /// use mman::map::MapOptions;
    /// let path = std::env::temp_dir().join(format!("mman-doc-map-mut-{}", std::process::id()));
    /// std::fs::write(&path, b"hello").unwrap();
    /// let file = std::fs::OpenOptions::new().read(true).write(true).open(&path).unwrap();
    /// // SAFETY: the file is this test's own.
    /// let mut m = unsafe { MapOptions::new().map_mut(&file)? };
    /// m[0] = b'j';
    /// m.flush()?;
    /// assert_eq!(std::fs::read(&path).unwrap(), b"jello");
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mmap")]
    pub unsafe fn map_mut(&self, fd: impl MapFd) -> Result<Mmap<ReadWrite>, Errno> {
        let opts = self.sharing_is(MMAN_MAP_SHARED)?;
        // SAFETY: the caller's.
        unsafe { opts.map(fd) }
    }

    /// Maps the file read-execute and shared, as memmap2's `map_exec`.
    ///
    /// # Errors
    ///
    /// `EINVAL` after [`private`](Self::private); as [`map`](Self::map)
    /// (and `EPERM` on a file system mounted `noexec`).
    ///
    /// # Safety
    ///
    /// As for [`map`](Self::map).
    ///
    /// ```
    /// let file = std::fs::File::open("/proc/self/exe").unwrap();
    /// // SAFETY: the program's own file, which nothing writes while it runs.
    /// let m = unsafe { mman::map::MapOptions::new().len(4).map_exec(&file)? };
    /// assert_eq!(&m[..], b"\x7fELF");
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mmap")]
    pub unsafe fn map_exec(&self, fd: impl MapFd) -> Result<Mmap<ReadExec>, Errno> {
        let opts = self.sharing_is(MMAN_MAP_SHARED)?;
        // SAFETY: the caller's.
        unsafe { opts.map(fd) }
    }

    /// Maps the file read-write and **private** (copy-on-write), as
    /// memmap2's `map_copy`: writes stay in this mapping and never reach
    /// the file. A file open for reading only will do.
    ///
    /// # Errors
    ///
    /// `EINVAL` after [`shared`](Self::shared) (use
    /// [`map_mut`](Self::map_mut)); as [`map`](Self::map).
    ///
    /// # Safety
    ///
    /// As for [`map`](Self::map): a private mapping sees the file's
    /// changes to every page it has not written itself.
    ///
    /// ```
    /// use mman::map::MapOptions;
    /// let path = std::env::temp_dir().join(format!("mman-doc-map-copy-{}", std::process::id()));
    /// std::fs::write(&path, b"hello").unwrap();
    /// let file = std::fs::File::open(&path).unwrap();
    /// // SAFETY: the file is this test's own.
    /// let mut m = unsafe { MapOptions::new().map_copy(&file)? };
    /// m[0] = b'j';
    /// m.flush()?;
    /// assert_eq!((&m[..], &std::fs::read(&path).unwrap()[..]), (&b"jello"[..], &b"hello"[..]));
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mmap")]
    pub unsafe fn map_copy(&self, fd: impl MapFd) -> Result<Mmap<ReadWrite>, Errno> {
        let opts = self.sharing_is(MMAN_MAP_PRIVATE)?;
        // SAFETY: the caller's.
        unsafe { opts.map(fd) }
    }

    /// Maps the file read-only and private, as memmap2's
    /// `map_copy_read_only`: [`make_mut`](Mmap::make_mut) later gives a
    /// copy-on-write mapping.
    ///
    /// # Errors
    ///
    /// `EINVAL` after [`shared`](Self::shared); as [`map`](Self::map).
    ///
    /// # Safety
    ///
    /// As for [`map_copy`](Self::map_copy).
    ///
    /// ```
    /// let file = std::fs::File::open("/proc/self/exe").unwrap();
    /// // SAFETY: the program's own file, which nothing writes while it runs.
    /// let m = unsafe { mman::map::MapOptions::new().len(4).map_copy_read_only(&file)? };
    /// let mut m = m.make_mut()?;
    /// m[0] = 0; // this mapping's own copy of the page
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mmap")]
    pub unsafe fn map_copy_read_only(&self, fd: impl MapFd) -> Result<Mmap<Read>, Errno> {
        let opts = self.sharing_is(MMAN_MAP_PRIVATE)?;
        // SAFETY: the caller's.
        unsafe { opts.map(fd) }
    }

    /// Maps the file read-write and shared, for access through raw
    /// pointers only, as memmap2's `map_raw`: safe, since an [`MmapRaw`]
    /// gives out no reference that the file changing or shrinking could
    /// break (reading through its pointers is `unsafe`).
    ///
    /// # Errors
    ///
    /// `EINVAL` after [`private`](Self::private); as [`map`](Self::map).
    ///
    /// ```
    /// use mman::map::MapOptions;
    /// let path = std::env::temp_dir().join(format!("mman-doc-map-raw-{}", std::process::id()));
    /// std::fs::write(&path, b"hello").unwrap();
    /// let file = std::fs::OpenOptions::new().read(true).write(true).open(&path).unwrap();
    /// let m = MapOptions::new().map_raw(&file)?;
    /// // SAFETY: in the mapping, within the file; no one else writes it.
    /// unsafe { m.as_mut_ptr().write_volatile(b'j') };
    /// m.flush()?;
    /// assert_eq!(std::fs::read(&path).unwrap(), b"jello");
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mmap")]
    pub fn map_raw(&self, fd: impl MapFd) -> Result<MmapRaw<ReadWrite>, Errno> {
        let opts = self.sharing_is(MMAN_MAP_SHARED)?;
        // SAFETY: no reference into the mapping is ever made from it: an
        // `MmapRaw` has pointers only, whose use is `unsafe`.
        unsafe { opts.map(fd) }.map(MmapRaw::from)
    }

    /// [`map_raw`](Self::map_raw), read-only (`PROT_READ`), as memmap2's
    /// `map_raw_read_only`: for a file open for reading only.
    ///
    /// # Errors
    ///
    /// `EINVAL` after [`private`](Self::private); as [`map`](Self::map).
    ///
    /// ```
    /// let file = std::fs::File::open("/proc/self/exe").unwrap();
    /// let m = mman::map::MapOptions::new().len(4).map_raw_read_only(&file)?;
    /// // SAFETY: within the file, which nothing writes while the program runs.
    /// assert_eq!(unsafe { m.as_ptr().read() }, 0x7f);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mmap")]
    pub fn map_raw_read_only(&self, fd: impl MapFd) -> Result<MmapRaw<Read>, Errno> {
        let opts = self.sharing_is(MMAN_MAP_SHARED)?;
        // SAFETY: as in `map_raw`.
        unsafe { opts.map(fd) }.map(MmapRaw::from)
    }

    /// Maps a sealed memfd read-only, **safely**: a memfd sealed against
    /// shrinking and writing (`F_SEAL_SHRINK | F_SEAL_WRITE`, as
    /// [`shm::sealed_memfd`](crate::shm::sealed_memfd) makes one) is a
    /// file that no one can truncate or change any more, so the slices of a
    /// mapping of it stay valid. The seals are checked first; the mapping
    /// is private (`MAP_PRIVATE`: the kernels before 6.7 refuse a shared
    /// one of a write-sealed memfd, and with the file sealed both see the
    /// same bytes), so [`make_mut`](Mmap::make_mut) gives a copy-on-write
    /// mapping of it.
    ///
    /// It takes a descriptor with a lifetime, not a [`RawFd`](crate::fd::RawFd):
    /// a number could be closed and reused for another file between the
    /// check and the map.
    ///
    /// # Errors
    ///
    /// `EPERM` when the file lacks either seal; `EINVAL` for a file that
    /// takes no seals (not a memfd or shmem file) and after
    /// [`shared`](Self::shared); as [`map`](Self::map).
    ///
    /// ```
    /// let fd = mman::shm::sealed_memfd(c"doc-sealed", 5, |b| b.copy_from_slice(b"fixed"))?;
    /// let m = mman::map::MapOptions::new().map_sealed(&fd)?;
    /// assert_eq!(&m[..], b"fixed");
    /// // An unsealed memfd is refused.
    /// let open = mman::shm::memfd(c"doc-open", mman::consts::MMAN_MFD_ALLOW_SEALING)?;
    /// assert_eq!(mman::map::MapOptions::new().map_sealed(&open).unwrap_err(), mman::Errno::PERM);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mmap")]
    pub fn map_sealed(&self, fd: impl AsFd) -> Result<Mmap<Read>, Errno> {
        let fd = fd.as_fd();
        let opts = self.sharing_is(MMAN_MAP_PRIVATE)?;
        crate::shm::check_write_sealed(fd)?;
        // SAFETY: the file can no longer shrink or change (the seals cannot
        // be removed), and `fd` stays the same file for the borrow.
        unsafe { opts.map_file(fd) }
    }

    /// `self` with the sharing the call's name says: `EINVAL` when
    /// [`shared`](Self::shared) or [`private`](Self::private) said the
    /// other.
    fn sharing_is(&self, sharing: c_int) -> Result<Self, Errno> {
        match self.sharing {
            Some(chosen) if chosen != sharing => Err(Errno::INVAL),
            _ => Ok(MapOptions {
                sharing: Some(sharing),
                ..*self
            }),
        }
    }

    /// The file mapping of all the `map*` calls: shared unless chosen
    /// otherwise.
    ///
    /// # Safety
    ///
    /// As for [`map`](Self::map).
    unsafe fn map_file<A: Access>(&self, fd: BorrowedFd<'_>) -> Result<Mmap<A>, Errno> {
        let st = rustix::fs::fstat(fd)?;
        let regular = rustix::fs::FileType::from_raw_mode(st.st_mode).is_file();
        let size = u64::try_from(st.st_size).unwrap_or(0);
        // Bytes of the file from the offset (0 when the offset is past it).
        let rest = size.saturating_sub(self.offset);
        if regular && self.len.is_none() && self.offset > size {
            return Err(Errno::INVAL); // as memmap2: no length to map
        }
        let len = match self.len {
            Some(len) => len,
            // Too long to map: `do_map`'s ENOMEM.
            None if regular => usize::try_from(rest).unwrap_or(usize::MAX),
            None => return Err(Errno::INVAL),
        };
        // On hugetlbfs the kernel maps the file system's pages whatever the
        // flags say: its page size is the mapping's.
        // (A shift out of range is refused all the same.)
        let huge = self.huge_size()?;
        let unit = hugetlbfs_page(fd)?.or(huge.map(|(size, _)| size));
        // The file's bytes from the start of the page holding the offset
        // (where the mapping starts): none when that page lies wholly past
        // the end, even though the offset's own `rest` is 0 either way.
        // `None`: more than the address space holds (a 32-bit target), so
        // no end the mapping could reach.
        let page = unit.unwrap_or_else(raw::page_size) as u64;
        let start = self.offset & !page.wrapping_sub(1);
        let backed = usize::try_from(size.saturating_sub(start)).ok();
        let sharing = self.sharing.unwrap_or(MMAN_MAP_SHARED);
        // SAFETY: no MAP_FIXED; the caller vouches for the file.
        let mut m = unsafe { self.do_map(len, backed, unit, huge, sharing, fd.as_raw_fd()) }?;
        if !regular {
            // A device: the bytes the caller vouched for, and no more (not
            // to the end of their page, which may hold registers).
            m.backed = Some(m.len);
        }
        Ok(m)
    }

    /// The huge page size and its shift, if set; `EINVAL` for a shift out
    /// of range, or no default size to be found.
    fn huge_size(&self) -> Result<Option<(usize, u8)>, Errno> {
        let shift = match self.huge {
            None => return Ok(None),
            Some(Huge::Shift(shift)) => shift,
            Some(Huge::Default) => {
                let size = procfs::huge_page_size()
                    .filter(|s| s.is_power_of_two())
                    .ok_or(Errno::INVAL)?;
                u8::try_from(size.trailing_zeros()).map_err(|_| Errno::INVAL)?
            }
        };
        // 0 is the kernel's default size, unknown here (`Huge::Default`
        // finds it); below 12 is no huge page; above 63 does not fit the
        // flag's 6 bits.
        if !(HUGE_SHIFT_MIN..=HUGE_SHIFT_MAX).contains(&shift) {
            return Err(Errno::INVAL);
        }
        let size = 1usize.checked_shl(u32::from(shift)).ok_or(Errno::INVAL)?;
        Ok(Some((size, shift)))
    }

    /// The one `mmap` call of all: `len` bytes from the offset, in a
    /// mapping from the start of the offset's page of which the first
    /// `backed` bytes are the mapping's own (see [`Mmap`]'s field, which
    /// counts from the offset instead), in pages of
    /// `unit` bytes (`None`: the base page), with `extra` flags (the
    /// sharing, `MAP_ANONYMOUS`) and `MAP_HUGETLB` with the size of `huge`
    /// ([`huge_size`](Self::huge_size), read once by the caller, which
    /// took `unit` from the same value: the default size comes from
    /// `/proc`, and a second read need not agree with the first). An
    /// offset inside a page maps from the page's start; a length of 0 maps
    /// nothing.
    ///
    /// # Safety
    ///
    /// As for [`raw::mmap64`], with the flags of `self`.
    unsafe fn do_map<A: Access>(
        &self,
        len: usize,
        backed: Option<usize>,
        unit: Option<usize>,
        huge: Option<(usize, u8)>,
        extra: c_int,
        fd: c_int,
    ) -> Result<Mmap<A>, Errno> {
        let page = unit.unwrap_or_else(raw::page_size);
        // The offset into its page: the mapping starts `head` bytes before
        // the byte asked for.
        let head = usize::try_from(self.offset & (page as u64).wrapping_sub(1))
            .map_err(|_| Errno::INVAL)?;
        // A 64-bit offset on every target: `mmap64` (which is `mmap` on
        // 64-bit ones).
        let offset =
            off64_t::try_from(self.offset.wrapping_sub(head as u64)).map_err(|_| Errno::INVAL)?;
        let mut flags = self.flags | extra;
        if let Some((_, shift)) = huge {
            // The shift's 6 bits, as MAP_HUGE_2MB and its kin encode it
            // (`huge_size` checked its range).
            let bits = c_int::from(shift) & MMAN_MAP_HUGE_MASK;
            flags |= MMAN_MAP_HUGETLB | (bits << MMAN_MAP_HUGE_SHIFT);
        }
        if len == 0 {
            // As memmap2: an empty mapping. Nothing to map, nothing to own.
            return Ok(Mmap::empty(Some(0), page));
        }
        let map_len = head.checked_add(len).ok_or(Errno::NOMEM)?;
        // The kernel maps whole huge pages: so must the length say, for
        // `munmap`. (Base pages keep the length asked for.)
        let map_len = match unit {
            Some(unit) => round_up(map_len, unit).ok_or(Errno::NOMEM)?,
            None => map_len,
        };
        // No slice may be longer than `isize::MAX` bytes: a 32-bit process
        // can map more (a 3 GiB file), which `from_raw_parts` must not see.
        if isize::try_from(map_len).is_err() {
            return Err(Errno::NOMEM);
        }
        // A hint where the main thread's stack may grow is not taken: the
        // kernel would honour it, and the stack could then grow no further.
        let hint = flags & MMAN_MAP_FIXED_NOREPLACE == 0 && self.addr != 0;
        let want = if hint && stack::in_reach(self.addr, map_len) {
            core::ptr::null_mut()
        } else {
            self.addr as *mut c_void
        };
        // SAFETY: the caller's.
        let p = unsafe { raw::mmap64(want, map_len, A::PROT, flags, fd, offset) }?;
        if flags & MMAN_MAP_FIXED_NOREPLACE != 0 && p != want {
            // A kernel that knows no MAP_FIXED_NOREPLACE took it as a hint.
            // SAFETY: the mapping was just made, and is no one's.
            let _ = unsafe { raw::munmap(p, map_len) };
            return Err(Errno::EXIST);
        }
        let Some(ptr) = NonNull::new(p.cast::<u8>().wrapping_add(head)).filter(|_| !p.is_null())
        else {
            // Address 0 (a privileged hint): `Mmap` cannot hold it. Undo.
            // SAFETY: the mapping was just made, and is no one's.
            let _ = unsafe { raw::munmap(p, map_len) };
            return Err(Errno::NOMEM);
        };
        let len = map_len.wrapping_sub(head);
        // Whole pages of the object are reachable: round its end up (an
        // end too near the top of the address space cannot be mapped);
        // counted from `ptr`, as `len`.
        let backed =
            backed.map(|backed| round_up(backed, page).map_or(len, |end| end.saturating_sub(head)));
        // SAFETY: a fresh mapping with the rights of `A`, ours alone,
        // `head < page` bytes into its first page, of at most `isize::MAX`
        // bytes.
        Ok(unsafe { Mmap::from_parts(ptr, len, head, backed, page) })
    }
}

impl Mmap<Read> {
    /// `MapOptions::new().map::<Read>(fd)`, as memmap2's `Mmap::map`: the
    /// whole file, read-only, shared.
    ///
    /// # Errors
    ///
    /// As [`MapOptions::map`].
    ///
    /// # Safety
    ///
    /// As for [`MapOptions::map`].
    ///
    /// ```
    /// let file = std::fs::File::open("/proc/self/exe").unwrap();
    /// // SAFETY: the program's own file, which nothing writes while it runs.
    /// let m = unsafe { mman::map::Mmap::map(&file)? };
    /// assert_eq!(&m[..4], b"\x7fELF");
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mmap")]
    pub unsafe fn map(fd: impl MapFd) -> Result<Self, Errno> {
        // SAFETY: the caller's.
        unsafe { MapOptions::new().map(fd) }
    }
}

impl Mmap<ReadWrite> {
    /// `MapOptions::new().map_mut(fd)`, as memmap2's `MmapMut::map_mut`:
    /// the whole file, read-write, shared.
    ///
    /// # Errors
    ///
    /// As [`MapOptions::map_mut`].
    ///
    /// # Safety
    ///
    /// As for [`MapOptions::map`].
    ///
    /// ```
    /// let fd = mman::shm::memfd(c"doc-map-mut", 0)?;
    /// mman::shm::set_len(&fd, 3)?;
    /// // SAFETY: the memfd is this test's own.
    /// let mut m = unsafe { mman::map::MmapMut::map_mut(&fd)? };
    /// m.copy_from_slice(b"abc");
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mmap")]
    pub unsafe fn map_mut(fd: impl MapFd) -> Result<Self, Errno> {
        // SAFETY: the caller's.
        unsafe { MapOptions::new().map_mut(fd) }
    }

    /// `MapOptions::new().len(len).map_anon()`, as memmap2's
    /// `MmapMut::map_anon`: private anonymous memory, zero-filled.
    ///
    /// # Errors
    ///
    /// As [`MapOptions::map_anon`].
    ///
    /// ```
    /// let m = mman::map::MmapMut::map_anon(10)?;
    /// assert_eq!(&m[..], &[0; 10]);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mmap")]
    pub fn map_anon(len: usize) -> Result<Self, Errno> {
        MapOptions::new().len(len).map_anon()
    }
}

impl MmapRaw<ReadWrite> {
    /// `MapOptions::new().map_raw(fd)`, as memmap2's `MmapRaw::map_raw`.
    ///
    /// # Errors
    ///
    /// As [`MapOptions::map_raw`].
    ///
    /// ```
    /// let fd = mman::shm::memfd(c"doc-map-raw", 0)?;
    /// mman::shm::set_len(&fd, 3)?;
    /// let m = mman::map::MmapRaw::map_raw(&fd)?;
    /// assert_eq!(m.len(), 3);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mmap")]
    pub fn map_raw(fd: impl MapFd) -> Result<Self, Errno> {
        MapOptions::new().map_raw(fd)
    }
}

/// The page size of the hugetlbfs file system `fd` is on (`fstatfs`), or
/// `None` when it is on another file system.
fn hugetlbfs_page(fd: BorrowedFd<'_>) -> Result<Option<usize>, Errno> {
    let st = rustix::fs::fstatfs(fd)?;
    // `f_type` is a `long` or a `u32` by architecture; the magic fits 32 bits.
    if st.f_type as u32 != HUGETLBFS_MAGIC {
        return Ok(None);
    }
    let page = usize::try_from(st.f_bsize).map_err(|_| Errno::INVAL)?;
    if page.is_power_of_two() {
        Ok(Some(page))
    } else {
        Err(Errno::INVAL)
    }
}
