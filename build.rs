//! Generates the C header `include/mman.h` with cbindgen when the `capi`
//! feature is on, gives each function its exception specification and link
//! name, and appends the POSIX-names block.
//!
//! The header is committed. It is rewritten only when its content changes,
//! so a build from unchanged sources (a fresh clone, `cargo package`) leaves
//! the source directory untouched, and `make check` fails if the committed
//! copy is stale.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    #[cfg(feature = "capi")]
    header::generate();
}

#[cfg(feature = "capi")]
mod header {
    use std::{env, fs, path::PathBuf};

    pub fn generate() {
        let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
        for watched in ["src", "cbindgen.toml", "include/mman.h"] {
            println!("cargo:rerun-if-changed={}", dir.join(watched).display());
        }
        let config = cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("cbindgen.toml");
        let mut out = Vec::new();
        cbindgen::Builder::new()
            .with_crate(&dir)
            .with_config(config)
            .generate()
            .expect("cbindgen could not generate mman.h")
            .write(&mut out);
        let text = String::from_utf8(out).expect("cbindgen wrote UTF-8");
        let text = with_version_string(&text);
        let consts = fs::read_to_string(dir.join("src/consts.rs")).expect("src/consts.rs");
        let text = with_unsigned_suffixes(&text, &consts);
        let text = with_declaration_suffixes(&text);
        let text = with_posix_names(&text);

        let out_dir = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR"));
        fs::write(out_dir.join("mman.h"), &text).expect("write OUT_DIR/mman.h");
        let committed = dir.join("include/mman.h");
        if fs::read_to_string(&committed).ok().as_deref() != Some(text.as_str()) {
            if let Err(e) =
                fs::create_dir_all(dir.join("include")).and_then(|()| fs::write(&committed, &text))
            {
                println!(
                    "cargo:warning=could not update {}: {e}",
                    committed.display()
                );
            }
        }
    }

    /// Adds `MMAN_VERSION_STRING` after `MMAN_VERSION_PATCH`: cbindgen
    /// writes no string constants, and the version is cargo's.
    fn with_version_string(text: &str) -> String {
        let anchor = "#define MMAN_VERSION_PATCH ";
        let Some(at) = text.find(anchor) else {
            panic!("no MMAN_VERSION_PATCH in cbindgen's output");
        };
        let line_end = at + text[at..].find('\n').unwrap_or(text.len() - at);
        let version = env::var("CARGO_PKG_VERSION").expect("CARGO_PKG_VERSION");
        format!(
            "{}\n\n/**\n * The whole version, \"MAJOR.MINOR.PATCH\".\n */\n#define MMAN_VERSION_STRING \"{version}\"{}",
            &text[..line_end],
            &text[line_end..]
        )
    }

    /// Gives each constant declared `c_uint` in `consts` a `U` suffix in the
    /// header, as glibc and the kernel spell them (`MFD_CLOEXEC 1U`,
    /// `MAP_HUGE_16GB (34U << 26)`): cbindgen writes a bare decimal, which
    /// C reads as a signed `int`, or as a `long` past `INT_MAX`.
    fn with_unsigned_suffixes(text: &str, consts: &str) -> String {
        let unsigned: Vec<&str> = consts
            .lines()
            .filter_map(|l| l.trim().strip_prefix("pub const "))
            .filter_map(|l| l.split_once(": c_uint ="))
            .map(|(name, _)| name)
            .collect();
        let mut out = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            let def = line
                .strip_prefix("#define ")
                .and_then(|d| d.trim_end().split_once(' '));
            match def {
                Some((name, value))
                    if unsigned.contains(&name) && value.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    out.push_str(&format!("#define {name} {value}U\n"));
                }
                _ => out.push_str(line),
            }
        }
        out
    }

    /// Functions the C library (glibc) declares without `__THROW`, so that
    /// in C++ they may throw: msync is a cancellation point, shm_open and
    /// shm_unlink open and unlink files. Their `mman_` declarations get no
    /// `MMAN_NOTHROW` either, to agree with the C library's in POSIX-names
    /// mode (see `with_declaration_suffixes`).
    const MAY_THROW_IN_LIBC: &[&str] = &["msync", "shm_open", "shm_unlink"];

    /// Ends each function declaration with `MMAN_NOTHROW` (unless the C
    /// library's function of the same name may throw) and
    /// `MMAN_SYMBOL(mman_name)`: `void *mman_mmap(...) MMAN_NOTHROW
    /// MMAN_SYMBOL(mman_mmap);`. In POSIX-names mode, a `<sys/mman.h>`
    /// included after the header declares `mmap` as `mman_mmap` (the macro
    /// renames it): C++ requires both declarations to have the same exception
    /// specification, and the fixed link name keeps glibc's
    /// `_FILE_OFFSET_BITS=64` declaration of `mmap` (an alias of `mmap64`)
    /// from sending mman_mmap's calls to the C library.
    fn with_declaration_suffixes(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut open: Option<&str> = None;
        for line in text.split_inclusive('\n') {
            open = open.or_else(|| prototype_name(line));
            match open {
                Some(name) if line.trim_end().ends_with(");") => {
                    let end = line.trim_end().len() - 1;
                    let nothrow = if MAY_THROW_IN_LIBC.contains(&name) {
                        ""
                    } else {
                        " MMAN_NOTHROW"
                    };
                    out.push_str(&format!(
                        "{}{nothrow} MMAN_SYMBOL(mman_{name});\n",
                        &line[..end]
                    ));
                    open = None;
                }
                _ => out.push_str(line),
            }
        }
        out
    }

    /// Macros of the header that are not POSIX names of anything.
    const NOT_POSIX: &[&str] = &["MMAN_H", "MMAN_POSIX_NAMES", "MMAN_NOTHROW", "MMAN_SYMBOL"];

    /// Functions whose POSIX name is defined by hand in `posix_extra` below
    /// instead of as a plain alias.
    const HAND_WRITTEN: &[&str] = &["mremap"];

    /// The POSIX names that are not plain aliases. `mremap` is variadic in C
    /// (`new_address` only with `MREMAP_FIXED` or `MREMAP_DONTUNMAP`), and
    /// stable Rust cannot define a variadic function: a `static inline`
    /// wrapper reads the fifth argument as glibc does, so that both
    /// `mremap(a, b, c, d)` and `mremap(a, b, c, d, e)` compile. (An unused
    /// `static inline` function draws no warning.) It is declared as the C
    /// library declares mremap (C linkage, `MMAN_NOTHROW`), which a
    /// `<sys/mman.h>` included later redeclares under this name.
    const POSIX_EXTRA: &str = "\
#include <stdarg.h>
#ifdef __cplusplus
extern \"C\" {
#endif
/** mremap: the C library's variadic signature, over mman_mremap. */
static inline void *mman_mremap_posix(void *old_address, size_t old_size, size_t new_size, int flags, ...) MMAN_NOTHROW
{
  void *new_address = NULL;
  if (flags & (MMAN_MREMAP_FIXED | MMAN_MREMAP_DONTUNMAP)) {
    va_list ap;
    va_start(ap, flags);
    new_address = va_arg(ap, void *);
    va_end(ap);
  }
  return mman_mremap(old_address, old_size, new_size, flags, new_address);
}
#ifdef __cplusplus
}  /* extern \"C\" */
#endif
#undef mremap
#define mremap mman_mremap_posix
";

    /// `mman_` functions that are no C library function and get no
    /// unprefixed name (`#define version ...` would rename every identifier
    /// `version` in the program).
    const NO_POSIX_NAME: &[&str] = &["version", "page_size"];

    /// Inserts, before the closing include guard, the block that maps each
    /// POSIX name to its `mman_`/`MMAN_` name when `MMAN_POSIX_NAMES` is
    /// defined. It includes no `<sys/mman.h>` (which would settle the C
    /// library's features before the program's own macros when the header
    /// comes first, as with `-include`); the program's own `<sys/mman.h>`
    /// may come before or after it. Before: its macros are replaced here.
    /// After: it declares mman's functions again under the macros, as mman
    /// declares them (types, `MMAN_NOTHROW`, `MMAN_SYMBOL`), and defines its
    /// constants again with the same values.
    fn with_posix_names(text: &str) -> String {
        let mut block = String::from(
            "\n#ifdef MMAN_POSIX_NAMES\n\
             /* POSIX names for this library's functions and constants. The C\n \
             * library's <sys/mman.h> may be included before or after this\n \
             * header: after, it declares these functions again, as here. */\n",
        );
        // A constant defined inside an `#if` (cbindgen's block for a
        // `#[cfg(target_arch = ...)]` item) exists on some architectures
        // only: its POSIX name is defined only where it does, and once.
        let mut in_cfg = false;
        let mut seen: Vec<&str> = Vec::new();
        for line in text.lines() {
            if line.starts_with("#if ") {
                in_cfg = true;
            } else if line.starts_with("#endif") {
                in_cfg = false;
            } else if let Some(rest) = line.strip_prefix("#define MMAN_") {
                let name = rest.split([' ', '(']).next().unwrap_or_default();
                let full = format!("MMAN_{name}");
                if NOT_POSIX.contains(&full.as_str())
                    || name.starts_with("VERSION")
                    || seen.contains(&name)
                {
                    continue;
                }
                seen.push(name);
                let alias = format!("#undef {name}\n#define {name} {full}\n");
                if in_cfg {
                    block.push_str(&format!("#ifdef {full}\n{alias}#endif\n"));
                } else {
                    block.push_str(&alias);
                }
            }
        }
        for name in text.lines().filter_map(prototype_name) {
            if !HAND_WRITTEN.contains(&name) && !NO_POSIX_NAME.contains(&name) {
                block.push_str(&format!("#undef {name}\n#define {name} mman_{name}\n"));
            }
        }
        block.push_str(POSIX_EXTRA);
        block.push_str("#endif /* MMAN_POSIX_NAMES */\n\n");
        let guard_end = "#endif  /* MMAN_H */";
        match text.rfind(guard_end) {
            Some(at) => format!("{}{}{}", &text[..at], block, &text[at..]),
            None => panic!("cbindgen output has no include guard"),
        }
    }

    /// The POSIX name of the function a header line declares, if it declares
    /// one: `mmap` for `void *mman_mmap(void *addr, ...);`.
    fn prototype_name(line: &str) -> Option<&str> {
        if line.starts_with([' ', '*', '/', '#']) {
            return None;
        }
        let (_, rest) = line.split_once("mman_")?;
        let (name, _) = rest.split_once('(')?;
        name.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
            .then_some(name)
    }
}
