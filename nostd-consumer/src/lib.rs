//! A `#![no_std]` library using mman's safe API: no std, no allocator.

#![no_std]
#![deny(missing_docs)]

use mman::fd::AsFd;
use mman::map::{MapOptions, Read, ReadWrite};
use mman::ring::ByteQueue;
use mman::Errno;

/// A checksum of a file's bytes, read through a read-only mapping.
///
/// # Safety
///
/// No one may modify or truncate the file meanwhile (see
/// `mman::map::MapOptions::map`).
pub unsafe fn file_checksum(fd: impl AsFd) -> Result<u32, Errno> {
    // SAFETY: the caller's.
    let m = unsafe { MapOptions::new().map::<Read>(&fd) }?;
    Ok(m.iter().fold(0u32, |h, &b| h.rotate_left(5) ^ u32::from(b)))
}

/// Fills a fresh anonymous page with `byte`, seals it read-only, and
/// returns the sum of its bytes.
pub fn scratch_page_sum(byte: u8) -> Result<u64, Errno> {
    let mut m = MapOptions::new().len(4096).map_anon::<ReadWrite>()?;
    m.fill(byte);
    let m = m.make_read_only()?;
    Ok(m.iter().map(|&b| u64::from(b)).sum())
}

/// Sends `msg` through a mirrored-ring byte queue and reads it back.
pub fn ring_round_trip(msg: &[u8], out: &mut [u8]) -> Result<usize, Errno> {
    let mut q = ByteQueue::new(4096)?;
    let (mut tx, mut rx) = q.split();
    tx.push(msg);
    Ok(rx.pop(out))
}
