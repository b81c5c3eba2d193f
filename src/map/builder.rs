//! [`MapOptions`]: the builder of mappings.

use super::{round_up, stack, Access, Mmap};
use crate::consts::*;
use crate::{off64_t, raw, Errno};
use core::ffi::{c_int, c_void};
use core::ptr::NonNull;
use linux_raw_sys::general::HUGETLBFS_MAGIC;
use rustix::fd::{AsFd, AsRawFd, BorrowedFd};

/// The smallest huge page shift [`MapOptions::huge_pages`] takes: 4 KiB.
const HUGE_SHIFT_MIN: u8 = 12;
/// The largest: what the 6 bits of `MAP_HUGE_SHIFT` hold.
const HUGE_SHIFT_MAX: u8 = 63;

/// How to map: length, offset, sharing, and the other `mmap` flags.
///
/// As memmap2's `MmapOptions`: set what you need, then call
/// [`map_anon`](Self::map_anon) or (`unsafe`) [`map`](Self::map). The
/// access rights are the type parameter of the result. The defaults are a
/// private mapping (`MAP_PRIVATE`) at offset 0, placed by the kernel; a
/// file mapping defaults to the length of the file from the offset.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapOptions {
    len: Option<usize>,
    offset: u64,
    /// `MAP_*` flags other than the placement ones.
    flags: c_int,
    /// The `addr` argument.
    addr: usize,
    /// log2 of the huge page size, under `MAP_HUGETLB`.
    huge_shift: Option<u8>,
}

impl Default for MapOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl MapOptions {
    /// Private, at offset 0, length to be given (or the file's).
    ///
    /// ```
    /// let opts = mman::map::MapOptions::new();
    /// assert_eq!(opts, mman::map::MapOptions::default());
    /// ```
    pub const fn new() -> Self {
        MapOptions {
            len: None,
            offset: 0,
            flags: MMAN_MAP_PRIVATE,
            addr: 0,
            huge_shift: None,
        }
    }

    /// The length in bytes. Required for anonymous mappings; for a file,
    /// the default is the file's length from the offset.
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(3).map_anon::<mman::map::Read>()?;
    /// assert_eq!(m.len(), 3);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub const fn len(mut self, len: usize) -> Self {
        self.len = Some(len);
        self
    }

    /// The offset in the file, a multiple of 4096 (else `EINVAL`, as glibc;
    /// on hugetlbfs, a multiple of its huge page size, else the kernel's
    /// `EINVAL`).
    ///
    /// For [`map`](Self::map) only: anonymous memory has no offset, and
    /// [`map_anon`](Self::map_anon) fails with `EINVAL` for any but 0. (The
    /// kernel takes one for anonymous huge pages and for shared anonymous
    /// memory, and would map the object it makes for them, of the length
    /// mapped, from that offset: past its end, where every touch raises
    /// SIGBUS.)
    ///
    /// ```
    /// use mman::map::{MapOptions, Read};
    /// let e = MapOptions::new().len(1).offset(1).map_anon::<Read>();
    /// assert_eq!(e.unwrap_err(), mman::Errno::INVAL);
    /// let e = MapOptions::new().len(4096).offset(4096).map_anon::<Read>();
    /// assert_eq!(e.unwrap_err(), mman::Errno::INVAL);
    /// ```
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
    pub const fn shared(mut self) -> Self {
        self.flags = (self.flags & !MMAN_MAP_TYPE) | MMAN_MAP_SHARED;
        self
    }

    /// `MAP_PRIVATE` (the default): copy-on-write; writes reach neither
    /// the file nor anyone else.
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).shared().private().map_anon::<mman::map::ReadWrite>()?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub const fn private(mut self) -> Self {
        self.flags = (self.flags & !MMAN_MAP_TYPE) | MMAN_MAP_PRIVATE;
        self
    }

    /// `MAP_POPULATE`: fault the pages in now (read-ahead for a file).
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).populate().map_anon::<mman::map::ReadWrite>()?;
    /// assert!(m.residency()?.all_resident());
    /// # Ok::<(), mman::Errno>(())
    /// ```
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
    /// default huge page size", which the mapping could not know: it would
    /// unmap the wrong length on drop. Give the size.)
    ///
    /// For [`map_anon`](Self::map_anon) only, in effect: a file on
    /// hugetlbfs is mapped in the file system's pages whatever this says
    /// (the mapping takes their size from `fstatfs`), and its offset must
    /// be a multiple of them; any other file fails with `EINVAL`.
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
    pub const fn huge_pages(mut self, shift: u8) -> Self {
        self.huge_shift = Some(shift);
        self
    }

    /// `MAP_LOCKED`: lock the pages in memory, as [`Mmap::lock`] does.
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).locked().map_anon::<mman::map::ReadWrite>()?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
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
    pub fn hint(mut self, addr: *const u8) -> Self {
        self.addr = addr as usize;
        self.flags &= !MMAN_MAP_FIXED_NOREPLACE;
        self
    }

    /// `MAP_FIXED_NOREPLACE`: exactly at `addr` (page-aligned), or fail with
    /// `EEXIST` if anything is mapped in the range. It never replaces a
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
    pub unsafe fn fixed_noreplace(mut self, addr: *const u8) -> Self {
        self.addr = addr as usize;
        self.flags |= MMAN_MAP_FIXED_NOREPLACE;
        self
    }

    /// Maps anonymous memory (`MAP_ANONYMOUS`, fd -1), zero-filled.
    ///
    /// # Errors
    ///
    /// `EINVAL` for no length or a length of 0, or an
    /// [`offset`](Self::offset) other than 0; the kernel's `ENOMEM`, `EAGAIN` (`MAP_LOCKED` over the limit),
    /// `EEXIST` (`MAP_FIXED_NOREPLACE`).
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::ReadWrite>()?;
    /// assert!(m.iter().all(|&b| b == 0));
    /// assert_eq!(mman::map::MapOptions::new().map_anon::<mman::map::Read>().unwrap_err(), mman::Errno::INVAL);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mmap")]
    pub fn map_anon<A: Access>(&self) -> Result<Mmap<A>, Errno> {
        let len = self.len.ok_or(Errno::INVAL)?;
        // The object the kernel makes for shared or huge anonymous memory
        // is `len` bytes from offset 0, and what follows counts on that.
        if self.offset != 0 {
            return Err(Errno::INVAL);
        }
        let unit = self.huge_unit()?;
        // Private anonymous memory has no object behind it: unlimited.
        // Shared anonymous memory is a shmem object of the length mapped, and
        // anonymous huge pages a hugetlbfs file of it, with nothing past it.
        let own_object = self.flags & MMAN_MAP_TYPE != MMAN_MAP_PRIVATE || unit.is_some();
        let backed = own_object.then_some(len);
        // SAFETY: no MAP_FIXED: nothing existing is replaced.
        unsafe { self.do_map(len, backed, unit, MMAN_MAP_ANONYMOUS, -1) }
    }

    /// Maps the file (or device) `fd` refers to.
    ///
    /// With no [`len`](Self::len), maps the file from the offset to its
    /// end. The slices of the result stop at the end of the file's last
    /// page as the file is now (see [`Mmap::view_len`]): the pages past it
    /// raise `SIGBUS` and are reachable only through raw pointers.
    ///
    /// # Errors
    ///
    /// `EINVAL` when the file holds nothing past the offset and no length
    /// is given, or for an unaligned offset; `EBADF`, `EACCES` (rights the
    /// descriptor's open mode does not allow, such as a shared writable
    /// mapping of a file opened read-only), `ENODEV`, … from `fstat` and
    /// the kernel.
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
    /// (and write, for a writable `A`) without a signal and without side
    /// effects, and that its bytes change only as the first paragraph
    /// allows — a device whose registers change on their own or on being
    /// read must be reached through the raw pointers only.
    ///
    /// ```
    /// use mman::map::{MapOptions, Read};
    /// let path = std::env::temp_dir().join("mman-doc-map");
    /// std::fs::write(&path, b"hello, mapping").unwrap();
    /// let file = std::fs::File::open(&path).unwrap();
    /// // SAFETY: the file is this test's own.
    /// let m = unsafe { MapOptions::new().map::<Read>(&file)? };
    /// assert_eq!(&m[..], b"hello, mapping");
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mmap")]
    pub unsafe fn map<A: Access>(&self, fd: impl AsFd) -> Result<Mmap<A>, Errno> {
        let fd = fd.as_fd();
        let st = rustix::fs::fstat(fd)?;
        let regular = rustix::fs::FileType::from_raw_mode(st.st_mode).is_file();
        // Bytes of the file from the offset (0 when the offset is past it).
        let rest = u64::try_from(st.st_size)
            .unwrap_or(0)
            .saturating_sub(self.offset);
        // `None`: more than the address space holds (a 32-bit target), so
        // no end the mapping could reach.
        let rest = usize::try_from(rest).ok();
        let len = match self.len {
            Some(len) => len,
            // Too long to map: the kernel's ENOMEM.
            None if regular => rest.unwrap_or(usize::MAX),
            None => return Err(Errno::INVAL),
        };
        // A device: the bytes the caller vouched for, and no more.
        let backed = if regular { rest } else { Some(len) };
        // On hugetlbfs the kernel maps the file system's pages whatever the
        // flags say: its page size is the mapping's.
        // (A shift out of range is refused all the same.)
        let huge = self.huge_unit()?;
        let unit = hugetlbfs_page(fd)?.or(huge);
        // SAFETY: no MAP_FIXED; the caller vouches for the file.
        unsafe { self.do_map(len, backed, unit, 0, fd.as_raw_fd()) }
    }

    /// The huge page size of [`huge_pages`](Self::huge_pages), if set;
    /// `EINVAL` for a shift out of range.
    fn huge_unit(&self) -> Result<Option<usize>, Errno> {
        let Some(shift) = self.huge_shift else {
            return Ok(None);
        };
        // 0 is the kernel's default size, unknown here; below 12 is no
        // huge page; above 63 does not fit the flag's 6 bits.
        if !(HUGE_SHIFT_MIN..=HUGE_SHIFT_MAX).contains(&shift) {
            return Err(Errno::INVAL);
        }
        1usize
            .checked_shl(u32::from(shift))
            .map(Some)
            .ok_or(Errno::INVAL)
    }

    /// The one `mmap` call of both: `len` bytes, of which `backed` are the
    /// mapping's own (see [`Mmap`]'s field), in pages of `unit` bytes
    /// (`None`: the base page).
    ///
    /// # Safety
    ///
    /// As for [`raw::mmap64`], with the flags of `self`.
    unsafe fn do_map<A: Access>(
        &self,
        len: usize,
        backed: Option<usize>,
        unit: Option<usize>,
        extra: c_int,
        fd: c_int,
    ) -> Result<Mmap<A>, Errno> {
        // A 64-bit offset on every target: `mmap64` (which is `mmap` on 64-bit
        // ones).
        let offset = off64_t::try_from(self.offset).map_err(|_| Errno::INVAL)?;
        let mut flags = self.flags | extra;
        if let Some(shift) = self.huge_shift {
            // The shift's 6 bits, as MAP_HUGE_2MB and its kin encode it
            // (`huge_unit` checked its range).
            let bits = c_int::from(shift) & MMAN_MAP_HUGE_MASK;
            flags |= MMAN_MAP_HUGETLB | (bits << MMAN_MAP_HUGE_SHIFT);
        }
        let (len, unit) = match unit {
            // The kernel maps whole huge pages: so must `len` say, for
            // `munmap`. (Base pages keep the length asked for.)
            Some(unit) => (round_up(len, unit).ok_or(Errno::NOMEM)?, unit),
            None => (len, raw::page_size()),
        };
        if len == 0 {
            return Err(Errno::INVAL);
        }
        // A hint where the main thread's stack may grow is not taken: the
        // kernel would honour it, and the stack could then grow no further.
        let hint = flags & MMAN_MAP_FIXED_NOREPLACE == 0 && self.addr != 0;
        let want = if hint && stack::in_reach(self.addr, len) {
            core::ptr::null_mut()
        } else {
            self.addr as *mut c_void
        };
        // SAFETY: the caller's.
        let p = unsafe { raw::mmap64(want, len, A::PROT, flags, fd, offset) }?;
        if flags & MMAN_MAP_FIXED_NOREPLACE != 0 && p != want {
            // A kernel that knows no MAP_FIXED_NOREPLACE took it as a hint.
            // SAFETY: the mapping was just made, and is no one's.
            let _ = unsafe { raw::munmap(p, len) };
            return Err(Errno::EXIST);
        }
        let Some(ptr) = NonNull::new(p.cast::<u8>()) else {
            // Address 0 (a privileged hint): `Mmap` cannot hold it. Undo.
            // SAFETY: the mapping was just made, and is no one's.
            let _ = unsafe { raw::munmap(p, len) };
            return Err(Errno::NOMEM);
        };
        // Whole pages of the object are reachable: round its end up (an
        // end too near the top of the address space cannot be mapped).
        let backed = backed.map(|backed| round_up(backed, unit).unwrap_or(len));
        // SAFETY: a fresh mapping with the rights of `A`, ours alone.
        Ok(unsafe { Mmap::from_parts(ptr, len, backed, unit) })
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
