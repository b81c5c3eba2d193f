//! `/proc/self/maps` and `/proc/self/smaps`: the one parser of the tests,
//! and the one description of a range of address space built on it.

use std::io::Read;

/// One mapping (VMA) of `/proc/self/maps`, or of `/proc/self/smaps` with
/// the fields the tests compare.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Vma {
    pub start: usize,
    pub end: usize,
    pub perms: String,
    pub offset: u64,
    pub dev: String,
    pub inode: u64,
    pub path: String,
    /// smaps only (else empty): `VmFlags`, sorted; `Rss` and `Locked`, as
    /// written (`"16 kB"`).
    pub vm_flags: String,
    pub rss: String,
    pub locked: String,
}

/// The lines of `/proc/self/maps` were `MapsLine`s before the parsers
/// became one.
pub type MapsLine = Vma;

/// Takes the next space-separated field of `s`.
fn field<'a>(s: &mut &'a [u8]) -> &'a [u8] {
    let mut t = *s;
    while let [b' ' | b'\t', rest @ ..] = t {
        t = rest;
    }
    let end = t
        .iter()
        .position(|&b| b == b' ' || b == b'\t')
        .unwrap_or(t.len());
    let (f, rest) = t.split_at(end);
    *s = rest;
    f
}

fn hex(s: &[u8]) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    s.iter().try_fold(0u64, |n, &b| {
        let d = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            _ => return None,
        };
        Some(n << 4 | u64::from(d))
    })
}

fn text(s: &[u8]) -> String {
    String::from_utf8_lossy(s).into_owned()
}

/// The address range at the start of a VMA's first line, or `None` if the
/// line is not one (an smaps field line).
fn range(line: &mut &[u8]) -> Option<(usize, usize)> {
    let mut probe = *line;
    let range = field(&mut probe);
    let dash = range.iter().position(|&b| b == b'-')?;
    let r = (
        hex(&range[..dash])? as usize,
        hex(&range[dash + 1..])? as usize,
    );
    *line = probe;
    Some(r)
}

/// The lines of `text`, found with the C library's `memchr`: smaps is long,
/// and tests are built unoptimized.
fn lines(text: &[u8], mut f: impl FnMut(&[u8])) {
    let mut rest = text;
    while !rest.is_empty() {
        // SAFETY: `rest` is valid for `rest.len()` bytes.
        let nl = unsafe { libc::memchr(rest.as_ptr().cast(), i32::from(b'\n'), rest.len()) };
        let n = if nl.is_null() {
            rest.len()
        } else {
            nl as usize - rest.as_ptr() as usize
        };
        f(&rest[..n]);
        rest = &rest[(n + 1).min(rest.len())..];
    }
}

/// Parses the text of `/proc/PID/maps` or `/proc/PID/smaps`: the VMAs that
/// end above `from`, with the smaps fields when the text has them.
pub fn parse(input: &[u8], from: usize) -> Vec<Vma> {
    let mut out: Vec<Vma> = Vec::new();
    let mut skipping = true;
    lines(input, |line| {
        // A VMA's first line starts with its address (a hex digit); smaps'
        // field lines with a capital letter.
        if !matches!(line.first(), Some(b'0'..=b'9' | b'a'..=b'f')) {
            if skipping {
                return;
            }
            let Some(last) = out.last_mut() else { return };
            if let Some(flags) = line.strip_prefix(b"VmFlags:") {
                let mut f: Vec<&[u8]> = flags
                    .split(|&b| b == b' ')
                    .filter(|f| !f.is_empty())
                    .collect();
                f.sort_unstable();
                last.vm_flags = text(&f.join(&b' '));
            } else if let Some(v) = line.strip_prefix(b"Rss:") {
                last.rss = text(v.trim_ascii());
            } else if let Some(v) = line.strip_prefix(b"Locked:") {
                last.locked = text(v.trim_ascii());
            }
            return;
        }
        let mut rest = line;
        let Some((start, end)) = range(&mut rest) else {
            return;
        };
        skipping = end <= from;
        if skipping {
            return;
        }
        let perms = text(field(&mut rest));
        let offset = hex(field(&mut rest)).unwrap_or(0);
        let dev = text(field(&mut rest));
        let inode = field(&mut rest)
            .iter()
            .fold(0, |n, &b| n * 10 + u64::from(b.wrapping_sub(b'0')));
        let path = text(rest.trim_ascii());
        out.push(Vma {
            start,
            end,
            perms,
            offset,
            dev,
            inode,
            path,
            ..Vma::default()
        });
    });
    out
}

/// The file of the VMAs with their details: `/proc/self/smaps`; under
/// qemu-user (`emulated`) `/proc/self/maps`, whose description of the
/// guest qemu emulates: qemu-user 7.2 passes smaps through to the host's
/// file, which describes qemu's own process (its libraries and
/// reservations, protections without `PROT_EXEC`). Then `VmFlags`, `Rss` and
/// `Locked` are not compared (see `skip`).
pub fn details_path() -> &'static std::ffi::CStr {
    if super::emulated() {
        super::skip(
            "smaps (VmFlags, Rss, Locked)",
            "qemu-user 7.2 emulates /proc/self/maps for the guest but not smaps, which \
             describes qemu's own process; the mappings' ranges, protections, offsets \
             and files are compared from the emulated maps",
        );
        c"/proc/self/maps"
    } else {
        c"/proc/self/smaps"
    }
}

/// Reads `/proc/self/maps` (or `smaps`) into `buf` (reused, so that reading
/// it does not change the heap's mappings once warm) and parses the VMAs
/// that end above `from`.
pub fn snapshot(buf: &mut Vec<u8>, smaps: bool, from: usize) -> Vec<Vma> {
    buf.clear();
    let path = if smaps {
        details_path().to_str().expect("a path")
    } else {
        "/proc/self/maps"
    };
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(buf))
        .expect("read /proc/self/maps");
    parse(buf, from)
}

/// Every line of `/proc/self/maps`.
pub fn read_maps(buf: &mut Vec<u8>) -> Vec<Vma> {
    snapshot(buf, false, 0)
}

/// The address ranges of `/proc/self/maps` (only they are parsed: the
/// differential test reads them after every mapping it cleans up).
pub fn ranges(buf: &mut Vec<u8>) -> Vec<(usize, usize)> {
    buf.clear();
    std::fs::File::open("/proc/self/maps")
        .and_then(|mut f| f.read_to_end(buf))
        .expect("read /proc/self/maps");
    let mut out = Vec::new();
    lines(buf, |mut line| out.extend(range(&mut line)));
    out
}

/// The number of lines of `/proc/self/maps`: the process's mappings.
pub fn maps_count() -> usize {
    std::fs::read_to_string("/proc/self/maps")
        .expect("read /proc/self/maps")
        .lines()
        .count()
}

/// The VMA holding `addr`.
pub fn find(snap: &[Vma], addr: usize) -> Option<&Vma> {
    snap.iter().find(|v| v.start <= addr && addr < v.end)
}

/// What is behind a piece of mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Backing {
    /// Anonymous memory (the path column: empty, or a name like `[heap]`).
    Anon(String),
    /// A file, named by device and inode.
    File {
        dev: String,
        inode: u64,
        path: String,
    },
    /// An unlinked internal file (`/dev/zero (deleted)` of shared anonymous
    /// memory, `/anon_hugepage (deleted)`, a memfd): a new inode for each,
    /// so only the name is compared.
    Internal(String),
}

/// A piece of mapping, its addresses relative to some origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seg {
    pub start: usize,
    pub end: usize,
    pub perms: String,
    /// The file offset of `start` (the VMA's page offset for anonymous
    /// memory).
    pub offset: u64,
    pub backing: Backing,
    /// From smaps (else empty): `VmFlags`, `Rss`, `Locked`.
    pub vm_flags: String,
    pub rss: String,
    pub locked: String,
}

/// The VMAs of `[lo, hi)` in `snap`, clipped to it, relative to `origin`,
/// one `Seg` each (so that where the kernel split or merged is compared
/// too: see `merge` for a description that does not depend on it).
pub fn segments(snap: &[Vma], lo: usize, hi: usize, origin: usize) -> Vec<Seg> {
    snap.iter()
        .filter(|v| v.end > lo && v.start < hi)
        .map(|v| {
            let s = v.start.max(lo);
            let backing = if v.inode == 0 {
                Backing::Anon(v.path.clone())
            } else if v.path.ends_with(" (deleted)") {
                Backing::Internal(v.path.clone())
            } else {
                Backing::File {
                    dev: v.dev.clone(),
                    inode: v.inode,
                    path: v.path.clone(),
                }
            };
            let offset = if v.inode == 0 {
                v.offset
            } else {
                v.offset + (s - v.start) as u64
            };
            Seg {
                start: s - origin,
                end: v.end.min(hi) - origin,
                perms: v.perms.clone(),
                offset,
                backing,
                vm_flags: v.vm_flags.clone(),
                rss: v.rss.clone(),
                locked: v.locked.clone(),
            }
        })
        .collect()
}

/// Joins neighbouring pieces that only differ by where the kernel split or
/// merged its VMAs (`Rss` and `Locked` are per VMA: use it on
/// descriptions without them).
pub fn merge(segs: Vec<Seg>) -> Vec<Seg> {
    let mut out: Vec<Seg> = Vec::new();
    for seg in segs {
        if let Some(last) = out.last_mut() {
            let contiguous = match seg.backing {
                Backing::Anon(_) => last.offset == seg.offset,
                _ => last.offset + (last.end - last.start) as u64 == seg.offset,
            };
            if last.end == seg.start
                && last.perms == seg.perms
                && last.backing == seg.backing
                && last.vm_flags == seg.vm_flags
                && contiguous
            {
                last.end = seg.end;
                continue;
            }
        }
        out.push(seg);
    }
    out
}

/// The mappings of `[lo, hi)` in `snap`, relative to `origin`, with the
/// pieces that only differ by the kernel's splits and merges joined.
pub fn describe(snap: &[Vma], lo: usize, hi: usize, origin: usize) -> Vec<Seg> {
    merge(segments(snap, lo, hi, origin))
}
