//! A trace line, built in a buffer on the stack: no allocation, no
//! formatting machinery, nothing a signal handler may not do.

use core::ffi::{c_char, CStr};

/// The longest line; a longer one is cut (and still ends with its newline).
const CAPACITY: usize = 512;

/// The most bytes of a string argument written (then `...`, as strace).
const STRING_MAX: usize = 64;

/// A line being written.
pub(crate) struct Line {
    buf: [u8; CAPACITY],
    len: usize,
}

impl Line {
    /// An empty line.
    pub(crate) fn new() -> Self {
        Line {
            buf: [0; CAPACITY],
            len: 0,
        }
    }

    /// The bytes written, ending with a newline.
    pub(crate) fn finish(&mut self) -> &[u8] {
        // `len` < CAPACITY: `bytes` keeps the last byte for this newline.
        let (text, rest) = self.buf.split_at_mut(self.len.min(CAPACITY - 1));
        if let Some(newline) = rest.first_mut() {
            *newline = b'\n';
        }
        let end = text.len() + 1;
        self.buf.get(..end).unwrap_or_default()
    }

    /// Appends `bytes`, as much as fits (one byte stays for the newline).
    pub(crate) fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        let room = self.buf.get_mut(self.len..CAPACITY - 1).unwrap_or_default();
        let n = bytes.len().min(room.len());
        for (to, from) in room.iter_mut().zip(bytes) {
            *to = *from;
        }
        self.len += n;
        self
    }

    /// Appends `s`.
    pub(crate) fn str(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }

    /// Appends `v` in decimal.
    pub(crate) fn dec(&mut self, v: u64) -> &mut Self {
        // 20 digits at most, written from the end.
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut v = v;
        while let Some(slot) = at.checked_sub(1).and_then(|i| digits.get_mut(i)) {
            *slot = b'0' + (v % 10) as u8;
            at -= 1;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        self.bytes(digits.get(at..).unwrap_or_default())
    }

    /// Appends `v` in decimal, with its sign.
    pub(crate) fn int(&mut self, v: i64) -> &mut Self {
        if v < 0 {
            self.str("-");
        }
        self.dec(v.unsigned_abs())
    }

    /// Appends `v` in hexadecimal, `0x`-prefixed.
    pub(crate) fn hex(&mut self, v: u64) -> &mut Self {
        self.digits(v, 4, "0x")
    }

    /// Appends `v` in octal, `0`-prefixed (a mode: `0600`).
    pub(crate) fn oct(&mut self, v: u64) -> &mut Self {
        if v == 0 {
            return self.str("0");
        }
        self.digits(v, 3, "0")
    }

    /// Appends `prefix`, then `v` in base 2^`bits`.
    fn digits(&mut self, v: u64, bits: u32, prefix: &str) -> &mut Self {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        // 22 octal digits at most, written from the end.
        let mut out = [0u8; 22];
        let mut at = out.len();
        let mut v = v;
        while let Some(slot) = at.checked_sub(1).and_then(|i| out.get_mut(i)) {
            *slot = DIGITS[(v & 0xf & ((1 << bits) - 1)) as usize];
            at -= 1;
            v >>= bits;
            if v == 0 {
                break;
            }
        }
        self.str(prefix).bytes(out.get(at..).unwrap_or_default())
    }

    /// Appends a pointer as strace does: `NULL` or its address in hex.
    pub(crate) fn ptr<T>(&mut self, p: *const T) -> &mut Self {
        if p.is_null() {
            self.str("NULL")
        } else {
            self.hex(p as usize as u64)
        }
    }

    /// Appends a C string as it is, unquoted.
    ///
    /// # Safety
    ///
    /// `s` points to a NUL-terminated string.
    pub(crate) unsafe fn raw_c_str(&mut self, s: *const c_char) -> &mut Self {
        // SAFETY: the caller passes a NUL-terminated string.
        self.bytes(unsafe { CStr::from_ptr(s) }.to_bytes())
    }

    /// Appends a C string as strace does: quoted, escaped, cut after
    /// [`STRING_MAX`] bytes with `...`; `NULL` for a null pointer.
    ///
    /// # Safety
    ///
    /// `s` is null or points to a NUL-terminated string.
    pub(crate) unsafe fn c_str(&mut self, s: *const c_char) -> &mut Self {
        if s.is_null() {
            return self.str("NULL");
        }
        // SAFETY: the caller passes a NUL-terminated string.
        let s = unsafe { CStr::from_ptr(s) }.to_bytes();
        self.str("\"");
        for &b in s.iter().take(STRING_MAX) {
            match b {
                b'"' => self.str("\\\""),
                b'\\' => self.str("\\\\"),
                b'\n' => self.str("\\n"),
                b'\t' => self.str("\\t"),
                0x20..=0x7e => self.bytes(&[b]),
                _ => self.str("\\").digits(u64::from(b), 3, ""),
            };
        }
        self.str("\"");
        if s.len() > STRING_MAX {
            self.str("...");
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::Line;

    #[test]
    fn numbers() {
        let mut l = Line::new();
        l.dec(0)
            .str(" ")
            .int(-42)
            .str(" ")
            .hex(0x7f5c_2a1b_3000)
            .str(" ")
            .oct(0o600)
            .str(" ");
        l.ptr(core::ptr::null::<u8>())
            .str(" ")
            .oct(0)
            .str(" ")
            .dec(u64::MAX);
        assert_eq!(
            l.finish(),
            b"0 -42 0x7f5c2a1b3000 0600 NULL 0 18446744073709551615\n"
        );
    }

    #[test]
    fn strings_and_overflow() {
        let mut l = Line::new();
        unsafe { l.c_str(c"a\"b\\\n\x1b".as_ptr()) };
        assert_eq!(l.finish(), b"\"a\\\"b\\\\\\n\\33\"\n");
        let mut l = Line::new();
        for _ in 0..100 {
            l.str("0123456789");
        }
        assert_eq!(l.finish().len(), 512);
        assert_eq!(l.finish().last(), Some(&b'\n'));
    }
}
