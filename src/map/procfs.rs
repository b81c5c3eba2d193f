//! Numbers from `/proc` files, read with plain system calls into a buffer
//! on the stack (no allocation): the stack's reach ([`super::stack`]) and
//! the default huge page size ([`huge_page_size`]).

use rustix::fs::{Mode, OFlags};

/// The contents of the file at `path`, as much as fits in `buf`.
pub(super) fn read<'a>(path: &core::ffi::CStr, buf: &'a mut [u8]) -> Option<&'a [u8]> {
    let fd = rustix::fs::open(path, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty()).ok()?;
    let mut len = 0;
    while let Some(free) = buf.get_mut(len..).filter(|f| !f.is_empty()) {
        match rustix::io::read(&fd, free) {
            Ok(0) => break,
            Ok(n) => len = len.checked_add(n)?,
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => return None,
        }
    }
    buf.get(..len)
}

/// A decimal number, all digits.
pub(super) fn decimal(digits: &[u8]) -> Option<usize> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0usize, |n, &d| {
        let d = char::from(d).to_digit(10)?;
        n.checked_mul(10)?.checked_add(d as usize)
    })
}

/// The first word after the first `key` in `text`, as a decimal number.
pub(super) fn number_after(text: &[u8], key: &[u8]) -> Option<usize> {
    let at = text.windows(key.len()).position(|w| w == key)?;
    let rest = text.get(at.checked_add(key.len())?..)?;
    let word = rest
        .split(|&b| b == b' ' || b == b'\n')
        .find(|f| !f.is_empty())?;
    decimal(word)
}

/// The system's default huge page size in bytes (`Hugepagesize:` of
/// `/proc/meminfo`, the size `MAP_HUGETLB` without a size maps); `None`
/// when `/proc` cannot say.
pub(super) fn huge_page_size() -> Option<usize> {
    let mut buf = [0u8; 8192];
    let text = read(c"/proc/meminfo", &mut buf)?;
    number_after(text, b"Hugepagesize:")?.checked_mul(1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_numbers_after_keys() {
        let meminfo = b"HugePages_Surp:        0\nHugepagesize:       2048 kB\nHugetlb: 0 kB\n";
        assert_eq!(number_after(meminfo, b"Hugepagesize:"), Some(2048));
        assert_eq!(
            number_after(b"Max stack size  8388608  unlimited", b"Max stack size"),
            Some(8388608)
        );
        assert_eq!(
            number_after(b"Max stack size  unlimited", b"Max stack size"),
            None
        );
        assert_eq!(decimal(b"unlimited"), None);
    }
}
