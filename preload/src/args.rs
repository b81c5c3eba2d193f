//! Arguments as strace writes them: flags by name, `|`-separated, and the
//! bits no name covers in hex; advice by name.

use crate::line::Line;
use core::ffi::c_int;

/// A group of names: each value and its name (see `names`).
pub(crate) type Group = fn(&mut dyn FnMut(u32, &'static str));

/// The first name of `group` whose value `want`s.
fn find(group: Group, want: &dyn Fn(u32) -> bool) -> Option<&'static str> {
    let mut found = None;
    group(&mut |value, name| {
        if found.is_none() && want(value) {
            found = Some(name);
        }
    });
    found
}

/// Writes a value made of `|`-separated parts.
struct Parts<'a> {
    line: &'a mut Line,
    empty: bool,
}

impl Parts<'_> {
    fn name(&mut self, name: &str) {
        if !self.empty {
            self.line.str("|");
        }
        self.empty = false;
        self.line.str(name);
    }

    fn hex(&mut self, v: u32) {
        if !self.empty {
            self.line.str("|");
        }
        self.empty = false;
        self.line.hex(v.into());
    }

    /// The field `v & mask` by its name (a value of `group` inside the
    /// mask), or in hex; nothing if it is 0.
    fn field(&mut self, v: u32, mask: u32, group: Group) {
        let field = v & mask;
        if field == 0 {
            return;
        }
        match find(group, &|value| value & !mask == 0 && value == field) {
            Some(name) => self.name(name),
            None => self.hex(field),
        }
    }
}

/// Appends `flags` decoded by `group`'s names: the field `first` (a value,
/// such as `MAP_TYPE`'s), then the bits outside `first` and `last`, then
/// the field `last` (such as the huge page size), as strace writes
/// `MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|MAP_HUGE_2MB`. A flags value of 0
/// is the group's name for 0 (`PROT_NONE`), or `0`.
pub(crate) fn flags(line: &mut Line, flags: c_int, group: Group, first: u32, last: u32) {
    flags_u32(line, flags as u32, group, first, last)
}

/// [`flags`] for an unsigned flags argument.
pub(crate) fn flags_u32(line: &mut Line, flags: u32, group: Group, first: u32, last: u32) {
    if flags == 0 {
        line.str(find(group, &|value| value == 0).unwrap_or("0"));
        return;
    }
    let fields = first | last;
    let mut parts = Parts { line, empty: true };
    parts.field(flags, first, group);
    let mut rest = flags & !fields;
    group(&mut |value, name| {
        if value != 0 && value & fields == 0 && value & rest == value {
            parts.name(name);
            rest &= !value;
        }
    });
    if rest != 0 {
        parts.hex(rest);
    }
    parts.field(flags, last, group);
}

/// Appends `v` by its name in `group`, or as strace writes a value it does
/// not know: `999 /* MADV_??? */`.
pub(crate) fn value(line: &mut Line, v: c_int, group: Group, unknown: &str) {
    match find(group, &|value| value == v as u32) {
        Some(name) => {
            line.str(name);
        }
        None => {
            line.int(v.into()).str(" /* ").str(unknown).str(" */");
        }
    }
}

/// Appends `open`'s flags: the access mode by name (`O_RDONLY` is 0), then
/// the other bits.
pub(crate) fn open_flags(line: &mut Line, oflag: c_int) {
    let accmode = oflag as u32 & linux_raw_sys::general::O_ACCMODE;
    match find(crate::names::o_accmode, &|value| value == accmode) {
        Some(name) => line.str(name),
        None => line.hex(accmode.into()),
    };
    let rest = oflag as u32 & !linux_raw_sys::general::O_ACCMODE;
    if rest != 0 {
        flags_u32(line.str("|"), rest, crate::names::o_flags, 0, 0);
    }
}
