//! Helpers shared by the tests that compare mman with the system libc or
//! stress it: `errno`, a reserved region of address space, and
//! `/proc/self/maps`.
//!
//! Each test binary includes this with `mod common;` and uses what it needs.
#![allow(dead_code)]

use std::ffi::c_void;

pub const PAGE: usize = 4096;

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

/// A range of address space the test reserved for itself: `pages` pages,
/// `PROT_NONE`, private, anonymous, no swap reserved. Every address a test
/// passes to a call that can change memory lies in such a region, and its
/// length keeps the range inside it.
pub struct Region {
    pub base: usize,
    pub pages: usize,
}

impl Region {
    pub fn new(pages: usize) -> Region {
        // SAFETY: a fresh anonymous mapping where the kernel likes.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                pages * PAGE,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        assert_ne!(p, libc::MAP_FAILED, "reserving a region: errno {}", errno());
        Region {
            base: p as usize,
            pages,
        }
    }

    pub fn len(&self) -> usize {
        self.pages * PAGE
    }

    pub fn end(&self) -> usize {
        self.base + self.len()
    }

    pub fn at(&self, page: usize) -> *mut c_void {
        (self.base + page * PAGE) as *mut c_void
    }

    pub fn contains(&self, addr: usize) -> bool {
        (self.base..self.end()).contains(&addr)
    }

    /// Puts the reservation back over the whole region, replacing whatever
    /// a case mapped there and filling any hole.
    pub fn restore(&self) {
        // SAFETY: the region is ours.
        let p = unsafe {
            libc::mmap(
                self.base as *mut c_void,
                self.len(),
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE | libc::MAP_FIXED,
                -1,
                0,
            )
        };
        assert_eq!(
            p as usize,
            self.base,
            "restoring the reservation: errno {}",
            errno()
        );
    }
}

impl Drop for Region {
    fn drop(&mut self) {
        // SAFETY: the whole region is ours.
        unsafe { libc::munmap(self.base as *mut c_void, self.len()) };
    }
}

/// One line of `/proc/self/maps`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapsLine {
    pub start: usize,
    pub end: usize,
    pub perms: String,
    pub offset: u64,
    pub inode: u64,
    pub path: String,
}

/// Reads `/proc/self/maps` into `buf` (reused, so that reading it does not
/// change the heap's mappings once warm) and parses every line.
pub fn read_maps(buf: &mut Vec<u8>) -> Vec<MapsLine> {
    use std::io::Read;
    buf.clear();
    std::fs::File::open("/proc/self/maps")
        .and_then(|mut f| f.read_to_end(buf))
        .expect("read /proc/self/maps");
    let text = std::str::from_utf8(buf).unwrap_or("");
    text.lines().filter_map(parse_maps_line).collect()
}

fn parse_maps_line(line: &str) -> Option<MapsLine> {
    let mut it = line.split_ascii_whitespace();
    let (s, e) = it.next()?.split_once('-')?;
    let perms = it.next()?.to_string();
    let offset = u64::from_str_radix(it.next()?, 16).ok()?;
    let _dev = it.next()?;
    let inode = it.next()?.parse().ok()?;
    let path = it.collect::<Vec<_>>().join(" ");
    Some(MapsLine {
        start: usize::from_str_radix(s, 16).ok()?,
        end: usize::from_str_radix(e, 16).ok()?,
        perms,
        offset,
        inode,
        path,
    })
}

/// The number of lines of `/proc/self/maps`: the process's mappings.
pub fn maps_count() -> usize {
    std::fs::read_to_string("/proc/self/maps")
        .expect("read /proc/self/maps")
        .lines()
        .count()
}

/// The mappings of `[lo, hi)`, clipped to it, with addresses relative to
/// `lo`: `(start, end, perms, offset-or-0, backed by a file)`.
pub fn describe(maps: &[MapsLine], lo: usize, hi: usize) -> Vec<(usize, usize, String, u64, bool)> {
    maps.iter()
        .filter(|m| m.end > lo && m.start < hi)
        .map(|m| {
            let s = m.start.max(lo);
            let file = m.inode != 0;
            let off = if file {
                m.offset + (s - m.start) as u64
            } else {
                0
            };
            (s - lo, m.end.min(hi) - lo, m.perms.clone(), off, file)
        })
        .collect()
}
