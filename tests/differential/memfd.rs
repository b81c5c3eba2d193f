//! `memfd_create`: cases in a child (the descriptor's state compared).

use crate::child::{case, res_fd, Case};
use crate::common::scene::{Scene, H};
use crate::Env;
use mman::consts::*;
use std::ffi::{c_char, CString};

pub fn run(env: &mut Env) {
    let names: Vec<CString> = [1, 248, 249, 250]
        .iter()
        .map(|&n| CString::new(vec![b'm'; n]).unwrap())
        .collect();
    crate::child::run_group(env, "memfd_create", &cases(&names), false);
}

pub fn cases<'a>(names: &'a [CString]) -> Vec<Case<'a>> {
    let mut v = Vec::new();
    let (short, n248, n249, n250) = (&names[0], &names[1], &names[2], &names[3]);
    let flag_list: &[(&str, u32)] = &[
        ("0", 0),
        ("MFD_CLOEXEC", MMAN_MFD_CLOEXEC),
        ("MFD_ALLOW_SEALING", MMAN_MFD_ALLOW_SEALING),
        ("MFD_NOEXEC_SEAL", MMAN_MFD_NOEXEC_SEAL),
        ("MFD_EXEC", MMAN_MFD_EXEC),
        (
            "MFD_EXEC|MFD_NOEXEC_SEAL",
            MMAN_MFD_EXEC | MMAN_MFD_NOEXEC_SEAL,
        ),
        ("MFD_HUGETLB", MMAN_MFD_HUGETLB),
        (
            "MFD_HUGETLB|MFD_HUGE_2MB",
            MMAN_MFD_HUGETLB | MMAN_MFD_HUGE_2MB,
        ),
        ("MFD_HUGE_2MB without MFD_HUGETLB", MMAN_MFD_HUGE_2MB),
        (
            "MFD_HUGETLB|MFD_ALLOW_SEALING|MFD_CLOEXEC",
            MMAN_MFD_HUGETLB | MMAN_MFD_ALLOW_SEALING | MMAN_MFD_CLOEXEC,
        ),
        ("unknown 0x20", 0x20),
        ("unknown 0x80000000", 0x8000_0000),
    ];
    for &(fname, flags) in flag_list {
        v.push(case(
            format!("memfd_create \"x\" flags {fname}"),
            move |_: &Scene, imp| res_fd(unsafe { (imp.c().memfd_create)(short.as_ptr(), flags) }),
        ));
    }
    for (label, n) in [("248", n248), ("249", n249), ("250", n250)] {
        v.push(case(
            format!("memfd_create name of {label} bytes"),
            move |_: &Scene, imp| {
                res_fd(unsafe { (imp.c().memfd_create)(n.as_ptr(), MMAN_MFD_CLOEXEC) })
            },
        ));
    }
    v.push(case("memfd_create name NULL", |_: &Scene, imp| {
        res_fd(unsafe { (imp.c().memfd_create)(core::ptr::null(), 0) })
    }));
    v.push(case(
        "memfd_create name at an unmapped address",
        |c: &Scene, imp| res_fd(unsafe { (imp.c().memfd_create)(c.at(H) as *const c_char, 0) }),
    ));
    v
}
