//! `shm_open` and `shm_unlink`: cases in a child, with the state of
//! `/dev/shm` (the objects' mode, size and owner) compared too. Every case
//! starts from the same fixtures (`ShmNames::fixtures`).

use crate::child::{case, res, res_fd, unpriv, Case};
use crate::common::scene::Scene;
use crate::Env;
use std::ffi::{c_int, CString};

pub fn run(env: &mut Env) {
    let prefix = format!("mman-family-{}", std::process::id());
    // Long names, unique to this process: the prefix, padded to n bytes.
    let long = |n: usize| format!("{prefix}{}", "s".repeat(n - prefix.len()));
    let shm = ShmNames {
        prefix: prefix.clone(),
        extra: vec![long(255)],
    };
    let p = &shm.prefix;
    let shm_names: Vec<(String, CString)> = [
        format!("/{p}"),
        p.to_string(),
        format!("///{p}"),
        format!("/{p}-new"),
        format!("/{p}-link"),
        format!("/{p}-dir"),
        String::new(),
        "/".into(),
        "///".into(),
        "a/b".into(),
        format!("/{p}/"),
        ".".into(),
        "/..".into(),
        long(255),
        long(256),
        long(259),
        long(260),
        format!("////{}", long(259)),
        long(300),
    ]
    .into_iter()
    .map(|n| {
        let label = if n.len() > 60 {
            format!("\"<{} bytes>\"", n.trim_start_matches('/').len())
        } else {
            format!("{n:?}")
        };
        (label, CString::new(n).unwrap())
    })
    .collect();
    crate::child::run_group_with(
        env,
        "shm_open/shm_unlink (with /dev/shm state)",
        &cases(&shm_names),
        false,
        &|| shm.fixtures(),
        &|| shm.state(),
    );
    shm.clean();
}

/// The shm names the cases use, unique to this process.
struct ShmNames {
    prefix: String,
    /// Further names a case may create (the 255-byte one).
    extra: Vec<String>,
}

impl ShmNames {
    fn path(&self, suffix: &str) -> String {
        format!("/dev/shm/{}{suffix}", self.prefix)
    }
    fn clean(&self) {
        let extra = self.extra.iter().map(|e| format!("/dev/shm/{e}"));
        for path in ["", "-new", "-link", "-dir"]
            .iter()
            .map(|s| self.path(s))
            .chain(extra)
        {
            let p = CString::new(path).unwrap();
            unsafe {
                libc::unlink(p.as_ptr());
                libc::rmdir(p.as_ptr());
            }
        }
    }
    /// The fixtures every shm case starts from: an existing object (mode
    /// 0640, 100 bytes), a symbolic link to it, and a directory.
    fn fixtures(&self) {
        self.clean();
        let obj = CString::new(self.path("")).unwrap();
        let link = CString::new(self.path("-link")).unwrap();
        let dir = CString::new(self.path("-dir")).unwrap();
        unsafe {
            let fd = libc::open(obj.as_ptr(), libc::O_RDWR | libc::O_CREAT, 0o640);
            assert!(fd >= 0);
            libc::fchmod(fd, 0o640);
            libc::ftruncate(fd, 100);
            libc::close(fd);
            assert_eq!(libc::symlink(obj.as_ptr(), link.as_ptr()), 0);
            assert_eq!(libc::mkdir(dir.as_ptr(), 0o755), 0);
        }
    }
    /// Mode and size of the object and of the "-new" one, after a case.
    fn state(&self) -> String {
        ["", "-new"]
            .iter()
            .map(|s| match std::fs::symlink_metadata(self.path(s)) {
                Ok(m) => {
                    use std::os::unix::fs::MetadataExt;
                    format!("{s}: mode {:o} size {} uid {}", m.mode(), m.size(), m.uid())
                }
                Err(_) => format!("{s}: absent"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub fn cases<'a>(names: &'a [(String, CString)]) -> Vec<Case<'a>> {
    let mut v = Vec::new();
    use libc::{O_CREAT, O_EXCL, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY};
    let opens: &[(c_int, u32)] = &[
        (O_RDONLY, 0),
        (O_RDWR, 0),
        (O_RDWR | O_CREAT, 0o666),
        (O_RDWR | O_CREAT | O_EXCL, 0o600),
        (O_WRONLY | O_TRUNC, 0),
        (O_RDWR | libc::O_DIRECTORY, 0),
        (O_RDONLY | O_CREAT, 0o7777),
    ];
    for (label, name) in names {
        for &(oflag, mode) in opens {
            v.push(case(
                format!("shm_open {label} oflag {oflag:#o} mode {mode:o}"),
                move |_: &Scene, imp| {
                    res_fd(unsafe { (imp.c().shm_open)(name.as_ptr(), oflag, mode) })
                },
            ));
        }
        v.push(case(
            format!("shm_unlink {label}"),
            move |_: &Scene, imp| res(unsafe { (imp.c().shm_unlink)(name.as_ptr()) } as i64),
        ));
    }
    // The object belongs to root; /dev/shm is sticky: EPERM, as EACCES.
    let obj = &names[0].1;
    v.push(unpriv(
        0,
        "shm_unlink root's object as uid 65534 (sticky /dev/shm)",
        move |_: &Scene, imp| res(unsafe { (imp.c().shm_unlink)(obj.as_ptr()) } as i64),
    ));
    v.push(unpriv(
        0,
        "shm_open root's 0640 object O_RDWR as uid 65534",
        move |_: &Scene, imp| res_fd(unsafe { (imp.c().shm_open)(obj.as_ptr(), O_RDWR, 0) }),
    ));
    v
}
