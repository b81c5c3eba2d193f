//! The grammar of fault rules (see the module's documentation): a spec's
//! bytes into rules, or the first error and where it is.

use super::call::Call;
use super::table::MAX_RULES;
use crate::Errno;

/// When a rule makes a call fail, by the call's number `k` (1 for the first
/// call the rule counts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum When {
    /// Every call.
    Always,
    /// `k == N`.
    Nth(u64),
    /// `k` a multiple of N (N ≥ 1).
    Every(u64),
    /// `k > N`.
    After(u64),
    /// `hash(seed, k) < threshold`, `threshold` being P × 2⁶⁴.
    Prob {
        /// P × 2⁶⁴, rounded down.
        threshold: u64,
        /// The hash's seed.
        seed: u64,
    },
}

/// One rule: `call` (`None`: every call) fails with the `errno` of index
/// `errno` in [`ERRNO_NAMES`] `when`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Rule {
    pub call: Option<Call>,
    pub errno: u8,
    pub when: When,
}

/// A malformed spec: what is wrong, and at which byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpecError {
    at: usize,
    message: &'static str,
}

impl SpecError {
    /// What is wrong, in a few words (`"unknown function"`, …).
    pub fn message(&self) -> &'static str {
        self.message
    }

    /// The byte offset in the spec where the wrong part starts.
    pub fn offset(&self) -> usize {
        self.at
    }
}

/// Defines [`ERRNO_NAMES`] from rustix's names of the constants (C's name
/// without its `E`, or given where rustix spells it otherwise).
macro_rules! errno_names {
    ($($name:ident $(= $c:literal)?),* $(,)?) => {
        /// The `errno` names a rule may use: every error the `<sys/mman.h>`
        /// functions can give, and a few more.
        pub const ERRNO_NAMES: &[(&str, Errno)] = &[
            $((errno_names!(@name $name $($c)?), Errno::$name)),*
        ];
    };
    (@name $name:ident) => { concat!("E", stringify!($name)) };
    (@name $name:ident $c:literal) => { $c };
}

errno_names!(
    PERM,
    NOENT,
    INTR,
    IO,
    NXIO,
    BADF,
    AGAIN,
    NOMEM,
    ACCESS = "EACCES",
    FAULT,
    BUSY,
    EXIST,
    NODEV,
    NOTDIR,
    ISDIR,
    INVAL,
    NFILE,
    MFILE,
    TXTBSY,
    FBIG,
    NOSPC,
    ROFS,
    NAMETOOLONG,
    NOSYS,
    LOOP,
    OVERFLOW,
    OPNOTSUPP,
    NOTSUP,
    HWPOISON,
);

/// Parses `spec` into `out`; returns how many rules it holds.
pub(super) fn parse(spec: &[u8], out: &mut [Option<Rule>; MAX_RULES]) -> Result<usize, SpecError> {
    let mut n = 0usize;
    for rule in spec.split(|&b| b == b',') {
        let slot = out.get_mut(n).ok_or(SpecError {
            at: offset(spec, rule),
            message: "too many rules (at most 16)",
        })?;
        *slot = Some(parse_rule(spec, rule)?);
        n = n.wrapping_add(1);
    }
    Ok(n)
}

/// Where `part`, a subslice of `spec`, starts in it.
fn offset(spec: &[u8], part: &[u8]) -> usize {
    (part.as_ptr() as usize).wrapping_sub(spec.as_ptr() as usize)
}

/// `call:errno[:when]`.
fn parse_rule(spec: &[u8], rule: &[u8]) -> Result<Rule, SpecError> {
    let err = |part: &[u8], message| SpecError {
        at: offset(spec, part),
        message,
    };
    if rule.is_empty() {
        return Err(err(rule, "empty rule (expected function:errno[:when])"));
    }
    let mut fields = rule.split(|&b| b == b':');
    let name = fields.next().unwrap_or_default();
    let call = match name {
        b"*" => None,
        _ => Some(Call::from_name(name).ok_or(err(name, "unknown function"))?),
    };
    let errno = fields
        .next()
        .ok_or(err(rule, "no errno (expected function:errno[:when])"))?;
    let errno = parse_errno(errno).ok_or(err(errno, "unknown errno (see the README's list)"))?;
    let when = match fields.next() {
        None => When::Always,
        Some(when) => parse_when(when, fields.next())
            .map_err(|(part, message)| err(part.unwrap_or(when), message))?,
    };
    if let Some(extra) = fields.next() {
        return Err(err(extra, "unexpected field"));
    }
    Ok(Rule { call, errno, when })
}

/// The index in [`ERRNO_NAMES`] of the name `s`.
fn parse_errno(s: &[u8]) -> Option<u8> {
    let i = ERRNO_NAMES
        .iter()
        .position(|(name, _)| name.as_bytes() == s)?;
    u8::try_from(i).ok()
}

/// The `errno` of index `i` in [`ERRNO_NAMES`] (`EINVAL` past its end,
/// which no rule holds). Rules keep an index rather than a number: rustix
/// builds an `Errno` from a number only through an assert that the
/// optimizer cannot always remove, and no check of a call may panic.
pub(super) fn errno_at(i: u8) -> Errno {
    ERRNO_NAMES
        .get(usize::from(i))
        .map_or(Errno::INVAL, |&(_, e)| e)
}

/// The `when` field, and the `seed=` field after `p=` (`next`). An error
/// gives the part at fault (`None`: the `when` field) and the message.
fn parse_when<'a>(
    when: &'a [u8],
    next: Option<&'a [u8]>,
) -> Result<When, (Option<&'a [u8]>, &'static str)> {
    const UNKNOWN: &str = "unknown condition (always, nth=N, every=N, after=N or p=P)";
    if when == b"always" {
        return match next {
            None => Ok(When::Always),
            Some(extra) => Err((Some(extra), "unexpected field")),
        };
    }
    let (key, value) = split_once(when, b'=').ok_or((None, UNKNOWN))?;
    if key != b"p" {
        if let Some(extra) = next {
            return Err((Some(extra), "unexpected field"));
        }
    }
    let count = || parse_u64(value).ok_or((None, "N must be a decimal number"));
    let at_least_one = |n: u64| {
        if n == 0 {
            Err((None, "N must be at least 1"))
        } else {
            Ok(n)
        }
    };
    match key {
        b"nth" => Ok(When::Nth(at_least_one(count()?)?)),
        b"every" => Ok(When::Every(at_least_one(count()?)?)),
        b"after" => Ok(When::After(count()?)),
        b"p" => {
            let seed = match next {
                None => 0,
                Some(seed) => match split_once(seed, b'=') {
                    Some((b"seed", s)) => {
                        parse_u64(s).ok_or((Some(seed), "S must be a decimal number"))?
                    }
                    _ => return Err((Some(seed), "expected seed=S after p=P")),
                },
            };
            match parse_probability(value) {
                Some(None) => Ok(When::Always),
                Some(Some(threshold)) => Ok(When::Prob { threshold, seed }),
                None => Err((None, "P must be a decimal from 0 to 1 (such as 0.25)")),
            }
        }
        _ => Err((None, UNKNOWN)),
    }
}

/// `s` split at its first `sep`.
fn split_once(s: &[u8], sep: u8) -> Option<(&[u8], &[u8])> {
    let at = s.iter().position(|&b| b == sep)?;
    Some((s.get(..at)?, s.get(at.checked_add(1)?..)?))
}

/// A non-empty decimal number that fits 64 bits.
fn parse_u64(s: &[u8]) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    s.iter().try_fold(0u64, |n, &b| {
        let digit = b.checked_sub(b'0').filter(|d| *d <= 9)?;
        n.checked_mul(10)?.checked_add(u64::from(digit))
    })
}

/// A probability, `0`, `1` or `0.DIGITS` (at most 18 digits; `1.0…`
/// too): `Some(None)` for 1 (always), else `Some(Some(P × 2⁶⁴))`.
fn parse_probability(s: &[u8]) -> Option<Option<u64>> {
    let (int, frac) = split_once(s, b'.').unwrap_or((s, b"0"));
    if frac.is_empty() || frac.len() > 18 {
        return None;
    }
    let numerator = parse_u64(frac)?;
    match int {
        b"1" if numerator == 0 => Some(None),
        b"0" | b"" => {
            let denominator = 10u128.checked_pow(u32::try_from(frac.len()).ok()?)?;
            let threshold = (u128::from(numerator) << 64).checked_div(denominator)?;
            Some(Some(u64::try_from(threshold).ok()?))
        }
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    fn one(spec: &str) -> Result<Rule, SpecError> {
        let mut out = [None; MAX_RULES];
        let n = parse(spec.as_bytes(), &mut out)?;
        assert_eq!(n, 1);
        Ok(out[0].unwrap())
    }

    #[test]
    fn rules() {
        let r = one("mmap:ENOMEM").unwrap();
        assert_eq!(
            (r.call, errno_at(r.errno), r.when),
            (Some(Call::Mmap), Errno::NOMEM, When::Always)
        );
        assert_eq!(one("*:EAGAIN:nth=3").unwrap().when, When::Nth(3));
        assert_eq!(one("*:EAGAIN:nth=3").unwrap().call, None);
        assert_eq!(one("munmap:EINVAL:every=2").unwrap().when, When::Every(2));
        assert_eq!(one("msync:EIO:after=0").unwrap().when, When::After(0));
        assert_eq!(one("msync:EIO:always").unwrap().when, When::Always);
        assert_eq!(one("mremap:EAGAIN:p=1").unwrap().when, When::Always);
        assert_eq!(
            one("mremap:EAGAIN:p=0.5:seed=9").unwrap().when,
            When::Prob {
                threshold: 1 << 63,
                seed: 9
            }
        );
        assert_eq!(
            one("mremap:EAGAIN:p=0").unwrap().when,
            When::Prob {
                threshold: 0,
                seed: 0
            }
        );
        assert_eq!(
            errno_at(one("shm_open:EACCES").unwrap().errno),
            Errno::ACCESS
        );
        assert_eq!(errno_at(u8::MAX), Errno::INVAL);
    }

    #[test]
    fn errors() {
        let e = |spec: &str| one(spec).unwrap_err();
        assert_eq!(e("mmapp:ENOMEM").message(), "unknown function");
        assert_eq!(e("mmap:ENOMEM,munmap:EFOO").offset(), 19);
        assert_eq!(
            e("mmap").message(),
            "no errno (expected function:errno[:when])"
        );
        assert_eq!(e("mmap:12").offset(), 5);
        assert_eq!(e("mmap:ENOMEN").offset(), 5);
        assert_eq!(e("mmap:ENOMEM:nth=0").message(), "N must be at least 1");
        assert_eq!(e("mmap:ENOMEM:every=x").offset(), 12);
        assert_eq!(e("mmap:ENOMEM:when=3").offset(), 12);
        assert_eq!(e("mmap:ENOMEM:p=1.5").offset(), 12);
        assert_eq!(e("mmap:ENOMEM:p=0.5:sed=1").offset(), 18);
        assert_eq!(e("mmap:ENOMEM:nth=1:seed=1").offset(), 18);
        assert_eq!(e("mmap:ENOMEM:p=0.5:seed=1:x").offset(), 25);
        assert_eq!(
            e("mmap:ENOMEM,").message(),
            "empty rule (expected function:errno[:when])"
        );
        assert_eq!(e("").offset(), 0);
        let seventeen = ["mmap:ENOMEM"; 17].join(",");
        assert_eq!(e(&seventeen).message(), "too many rules (at most 16)");
    }
}
