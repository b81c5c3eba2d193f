//! Coming from memmap2: every public item of memmap2 0.9 (0.9.11) and what
//! it is here. (Documentation only: this module has no items.)
//!
//! # What changes when you port
//!
//! - **Sharing is memmap2's.** A file mapping is shared (`MAP_SHARED`)
//!   unless it says otherwise: [`MapOptions::map_mut`] and
//!   `MapOptions::map::<ReadWrite>` write through to the file, and
//!   [`Mmap::flush`] waits for the writes to reach it. Only
//!   [`map_copy`](MapOptions::map_copy) and
//!   [`map_copy_read_only`](MapOptions::map_copy_read_only) are private,
//!   as in memmap2; anonymous memory is private unless
//!   [`shared`](MapOptions::shared) is set. [`shared`](MapOptions::shared)
//!   and [`private`](MapOptions::private) say it explicitly, and a choice
//!   that contradicts the call (`.private().map_mut(..)`) is `EINVAL`,
//!   never a mapping of the other kind.
//! - **Setters return the options** (`const fn`, `Copy`) instead of
//!   changing them in place, and are `#[must_use]`: memmap2's statement
//!   `opts.offset(4096);` warns here (and is an error under
//!   `#![deny(warnings)]`); write `opts = opts.offset(4096);` or chain.
//! - **Access rights are a type parameter.** memmap2's `Mmap`, `MmapMut`
//!   and `MmapRaw` are [`Mmap<Read>`](Mmap) ([`Mmap`] alone),
//!   [`Mmap<ReadWrite>`](Mmap) ([`MmapMut`]) and [`MmapRaw`];
//!   [`Mmap<ReadExec>`](Mmap) and [`Mmap<NoAccess>`](Mmap) exist too, and
//!   `make_exec` returns `Mmap<ReadExec>` (memmap2: `Mmap`).
//! - **Errors are [`Errno`](crate::Errno)**, not `std::io::Error` (which
//!   it converts into with the `std` feature: `?` works in a function
//!   returning `io::Result`). memmap2's own checks map to: offset past the
//!   end of the file → `EINVAL`; length over `isize::MAX` → `ENOMEM`
//!   (memmap2: `InvalidData`); a range outside the mapping in
//!   `flush_range`/`advise_range` → `EINVAL` (memmap2: `InvalidInput`).
//! - **Slices stop at the end of the file's last page** when the length
//!   asked for goes past it ([`Mmap::view_len`]): the pages after it raise
//!   `SIGBUS`, and memmap2 hands them out as slices; here they are reached
//!   through [`Mmap::as_ptr`] only.
//! - **`remap` is safe** (it takes `&mut self`, so no slice is alive) and
//!   takes `may_move: bool` instead of `RemapOptions`; it never grows a
//!   file mapping past the end of the file as mapped, nor shared
//!   anonymous memory past its size (`ENOMEM`), and refuses a length of 0
//!   (`EINVAL`; memmap2 keeps a 1-byte mapping).
//! - **Safe where memmap2 is not, and the reverse.** Mapping a memfd sealed
//!   against writing and shrinking is safe ([`MapOptions::map_sealed`]);
//!   `Advice::DontFork` and `Advice::HwPoison`, safe advice in memmap2, are
//!   not: `MADV_DONTFORK` is [`UncheckedAdvice::DontFork`], and
//!   `MADV_HWPOISON`, which takes pages away from the whole machine, has
//!   no variant (pass its value to the `unsafe`
//!   [`Mmap::advise_unchecked`]).
//! - **No `std` needed.** Descriptors are [`MapFd`]: `&File` as in memmap2,
//!   or any `&T: AsFd`, a `BorrowedFd`, an `OwnedFd`, a plain `RawFd`.
//!
//! ```
//! // memmap2:
//! //     let mut opts = MmapOptions::new();
//! //     opts.offset(5).len(3);
//! //     let mut m = unsafe { opts.map_mut(&file)? };
//! //     m.copy_from_slice(b"XYZ");
//! //     m.flush()?;
//! use mman::map::MapOptions;
//! let path = std::env::temp_dir().join(format!("mman-doc-migration-{}", std::process::id()));
//! std::fs::write(&path, b"0123456789").unwrap();
//! let file = std::fs::OpenOptions::new().read(true).write(true).open(&path).unwrap();
//! let mut opts = MapOptions::new();
//! opts = opts.offset(5).len(3);
//! // SAFETY: the file is this test's own.
//! let mut m = unsafe { opts.map_mut(&file)? };
//! m.copy_from_slice(b"XYZ");
//! m.flush()?;
//! assert_eq!(std::fs::read(&path).unwrap(), b"01234XYZ89");
//! # std::fs::remove_file(&path).unwrap();
//! # Ok::<(), mman::Errno>(())
//! ```
//!
//! # `MmapOptions` → [`MapOptions`]
//!
//! | memmap2 0.9 | mman | differences |
//! |---|---|---|
//! | `MmapOptions` | [`MapOptions`] | `Copy`, `PartialEq`; setters by value |
//! | `MmapOptions::new()`, `Default` | [`MapOptions::new`], `Default` | |
//! | `offset(u64)` | [`MapOptions::offset`] | any offset, as memmap2 (the mapping starts at the page below); `EINVAL` for anonymous memory |
//! | `len(usize)` | [`MapOptions::len`] | |
//! | `stack()` | [`MapOptions::stack`] | |
//! | `huge(Option<u8>)` | [`MapOptions::huge`], [`MapOptions::huge_pages`] | `None` reads the default size from `/proc/meminfo` (`EINVAL` without `/proc`); for `map_anon`, as in memmap2 |
//! | `populate()` | [`MapOptions::populate`] | |
//! | `no_reserve_swap()` | [`MapOptions::no_reserve`] | |
//! | `map(&file)` (unsafe) | [`MapOptions::map::<Read>`](MapOptions::map) (unsafe) | shared, as memmap2; `map` takes the rights as a type parameter |
//! | `map_exec(&file)` (unsafe) | [`MapOptions::map_exec`] (unsafe) | returns `Mmap<ReadExec>` |
//! | `map_mut(&file)` (unsafe) | [`MapOptions::map_mut`] (unsafe) | `EINVAL` after `.private()` |
//! | `map_copy(&file)` (unsafe) | [`MapOptions::map_copy`] (unsafe) | `EINVAL` after `.shared()` |
//! | `map_copy_read_only(&file)` (unsafe) | [`MapOptions::map_copy_read_only`] (unsafe) | |
//! | `map_anon()` | [`MapOptions::map_anon::<ReadWrite>`](MapOptions::map_anon) | rights as a type parameter; `.shared()` for memory shared across `fork` |
//! | `map_raw(&file)` | [`MapOptions::map_raw`] | returns `MmapRaw<ReadWrite>` |
//! | `map_raw_read_only(&file)` | [`MapOptions::map_raw_read_only`] | returns `MmapRaw<Read>` |
//! | — | [`MapOptions::shared`], [`MapOptions::private`], [`MapOptions::no_reserve`], [`MapOptions::locked`], [`MapOptions::hint`], [`MapOptions::fixed_noreplace`] (unsafe), [`MapOptions::map_sealed`] | not in memmap2 |
//!
//! # `Mmap` → [`Mmap<Read>`](Mmap)
//!
//! | memmap2 0.9 | mman | differences |
//! |---|---|---|
//! | `Mmap` | [`Mmap`] (= `Mmap<Read>`) | |
//! | `Mmap::map(&file)` (unsafe) | [`Mmap::map`] (unsafe) | |
//! | `make_mut()` | [`Mmap::make_mut`] | on error the mapping is unmapped, as in memmap2 |
//! | `advise(Advice)` | [`Mmap::advise`] | |
//! | `advise_range(Advice, off, len)` | [`Mmap::advise_range`] | |
//! | `unchecked_advise(UncheckedAdvice)` (unsafe) | [`Mmap::unchecked_advise`] (unsafe) | |
//! | `unchecked_advise_range(..)` (unsafe) | [`Mmap::unchecked_advise_range`] (unsafe) | |
//! | `lock()`, `unlock()` | [`Mmap::lock`], [`Mmap::unlock`] | |
//! | `remap(len, RemapOptions)` (unsafe) | [`Mmap::remap`]`(len, may_move)` (safe) | see above |
//! | `Deref<Target = [u8]>`, `AsRef<[u8]>` | the same, for every readable `A` | slices stop at [`Mmap::view_len`] |
//! | `Debug`, `Send`, `Sync` | the same | |
//! | `StableDeref` (feature `stable_deref_trait`) | the same feature | for every readable `A` |
//! | `len()` (of the slice) | [`Mmap::len`], [`Mmap::is_empty`] | |
//!
//! # `MmapMut` → [`MmapMut`] (= `Mmap<ReadWrite>`)
//!
//! | memmap2 0.9 | mman | differences |
//! |---|---|---|
//! | `MmapMut::map_mut(&file)` (unsafe) | [`MmapMut::map_mut`] (unsafe) | |
//! | `MmapMut::map_anon(len)` | [`MmapMut::map_anon`] | |
//! | `flush()`, `flush_async()` | [`Mmap::flush`], [`Mmap::flush_async`] | on any mapping |
//! | `flush_range(off, len)`, `flush_async_range(off, len)` | [`Mmap::flush_range`], [`Mmap::flush_async_range`] | |
//! | `make_read_only()` | [`Mmap::make_read_only`] | |
//! | `make_exec()` | [`Mmap::make_exec`] | returns `Mmap<ReadExec>` |
//! | `advise`, `advise_range`, `unchecked_advise`, `unchecked_advise_range`, `lock`, `unlock`, `remap` | as for `Mmap` | |
//! | `Deref`, `DerefMut`, `AsRef`, `AsMut`, `Debug`, `StableDeref` | the same | |
//!
//! # `MmapRaw` → [`MmapRaw`] (= `MmapRaw<ReadWrite>`)
//!
//! | memmap2 0.9 | mman | differences |
//! |---|---|---|
//! | `MmapRaw::map_raw(&file)` | [`MmapRaw::map_raw`] | |
//! | `as_ptr()`, `as_mut_ptr()`, `len()` | [`MmapRaw::as_ptr`], [`MmapRaw::as_mut_ptr`], [`MmapRaw::len`] | also [`MmapRaw::is_empty`] |
//! | `flush`, `flush_async`, `flush_range`, `flush_async_range` | [`MmapRaw::flush`], … | |
//! | `advise`, `advise_range`, `unchecked_advise`, `unchecked_advise_range` | [`MmapRaw::advise`], [`MmapRaw::advise_range`], [`MmapRaw::unchecked_advise`], [`MmapRaw::unchecked_advise_range`] | |
//! | `lock`, `unlock` | [`MmapRaw::lock`], [`MmapRaw::unlock`] | |
//! | `remap(len, RemapOptions)` (unsafe) | [`MmapRaw::remap`]`(len, may_move)` (safe) | |
//! | `From<Mmap>`, `From<MmapMut>` | `From<Mmap<A>>` for `MmapRaw<A>`, `From<SharedMmap>` | back with the `unsafe` [`MmapRaw::into_mmap`] |
//! | `Debug` | the same | |
//!
//! # `RemapOptions`
//!
//! | memmap2 0.9 | mman | differences |
//! |---|---|---|
//! | `RemapOptions`, `RemapOptions::new()`, `Default` | the `may_move: bool` argument of [`Mmap::remap`] | |
//! | `may_move(bool)` | `may_move` | |
//!
//! # `Advice` → [`Advice`], `UncheckedAdvice` → [`UncheckedAdvice`]
//!
//! | memmap2 0.9 | mman | differences |
//! |---|---|---|
//! | `Advice::Normal`, `Random`, `Sequential`, `WillNeed` | the same | |
//! | `Advice::DoFork`, `Mergeable`, `Unmergeable`, `HugePage`, `NoHugePage`, `DontDump`, `DoDump`, `PopulateRead`, `PopulateWrite` | the same | |
//! | `Advice::DontFork` | [`UncheckedAdvice::DontFork`] | `unsafe`: the `Mmap` a child of `fork` holds would name no mapping |
//! | `Advice::HwPoison` | — | never offered: pass `MMAN_MADV_HWPOISON` to [`Mmap::advise_unchecked`] |
//! | `Advice::ZeroWiredPages` (Apple) | — | Linux only |
//! | `Advice::is_supported()` | [`Advice::is_supported`] | |
//! | `Advice as i32` (`repr(i32)`) | [`Advice::to_raw`] | |
//! | `UncheckedAdvice::DontNeed`, `Free`, `Remove` | the same | |
//! | `UncheckedAdvice::FreeReusable`, `FreeReuse` (Apple) | — | Linux only |
//! | `UncheckedAdvice::is_supported()` | [`UncheckedAdvice::is_supported`] | |
//! | — | [`Advice::Cold`], [`Advice::PageOut`], [`UncheckedAdvice::WipeOnFork`] | not in memmap2 |
//!
//! # Descriptors
//!
//! | memmap2 0.9 | mman | differences |
//! |---|---|---|
//! | `MmapAsRawDesc` | [`MapFd`] | sealed; for `&T: AsFd`, `BorrowedFd`, `OwnedFd`, `RawFd` |
//! | `MmapAsRawDesc::as_raw_desc()` | [`MapFd::map_fd`] | a negative `RawFd` is `EBADF` |
//! | `MmapRawDescriptor` | [`BorrowedFd`](crate::fd::BorrowedFd) | |
//!
//! # Beyond memmap2
//!
//! [`Mmap::lock_on_fault`] (`mlock2(MLOCK_ONFAULT)`), [`lock_all`] and
//! [`unlock_all`] (`mlockall`, `munlockall`), [`Mmap::protect`] and
//! [`Mmap::make_none`], [`Mmap::split_off`], [`Mmap::residency`] and
//! [`Mmap::mincore`], [`SharedMmap`] for memory other processes write, and
//! in [`shm`](crate::shm): memfds, their seals ([`shm::sealed_memfd`],
//! [`shm::sole_writer`]), POSIX shared memory objects.
//!
//! [`shm::sealed_memfd`]: crate::shm::sealed_memfd
//! [`shm::sole_writer`]: crate::shm::sole_writer

#[cfg(doc)]
use super::{
    lock_all, unlock_all, Advice, MapFd, MapOptions, Mmap, MmapMut, MmapRaw, NoAccess, Read,
    ReadExec, ReadWrite, SharedMmap, UncheckedAdvice,
};
